"""Fusion classification: partners by coordinate in both builds, exon junctions (edges, a few bases
off, intronic DNA breakpoints), EML4::ALK variant labels, orientation and role, frame, support,
bypass fusions, and the fusion gene models checked against ../shared/reference/."""

from __future__ import annotations

import json

import pytest

from alkannot.classify.fusions import classify_fusions
from alkannot.genome.partners import build_from_votes, build_votes, exon_for, junction_frame
from alkannot.model import Breakpoint, FusionCall
from conftest import annotate_json, shared_path

ALK_OFFSET = 222866  # every ALK exon bound differs by this between GRCh37 and GRCh38
EML4_OFFSET = 227140


def _call(five, three, bp5=None, bp3=None, **kw) -> FusionCall:
    def bp(x):
        return Breakpoint(chrom=x[0], pos=x[1]) if x else None

    return FusionCall(
        file="t.tsv",
        line=2,
        format=kw.pop("format", "star-fusion"),
        five_prime_gene=five,
        three_prime_gene=three,
        five_prime_breakpoint=bp(bp5),
        three_prime_breakpoint=bp(bp3),
        **kw,
    )


def _one(kb, call, build="GRCh37"):
    res = classify_fusions([call], build, kb)
    assert len(res.alterations) == 1, res
    return res.alterations[0], res.warnings


@pytest.mark.parametrize("build", ["GRCh37", "GRCh38"])
@pytest.mark.parametrize(
    "eml4_pos,name,variant",
    [
        (42522656, "EML4::ALK v1 (E13;A20)", "v1"),
        (42552694, "EML4::ALK v2 (E20;A20)", "v2"),
        (42491871, "EML4::ALK v3a (E6a;A20)", "v3a"),
        (42492091, "EML4::ALK v3b (E6b;A20)", "v3b"),
        (42472827, "EML4::ALK v5a (E2;A20)", "v5a"),  # KB 2.0.0: v5a (Takeuchi 2008's "variant 5")
    ],
)
def test_eml4_alk_variants_by_junction_in_both_builds(kb, build, eml4_pos, name, variant):
    shift = (0, 0) if build == "GRCh37" else (EML4_OFFSET, ALK_OFFSET)
    alt, _ = _one(
        kb,
        _call(
            "EML4", "ALK", ("2", eml4_pos - shift[0]), ("chr2", 29446394 - shift[1]), split_reads=5, spanning_reads=1
        ),
        build,
    )
    assert (alt.name, alt.fusion.variant, alt.fusion.role, alt.category, alt.gene) == (
        name,
        variant,
        "driver",
        "alk_fusion",
        "ALK",
    )
    assert alt.fusion.in_frame is True and "exon phases" in alt.fusion.frame_evidence
    assert alt.id == f"EML4::ALK:{alt.fusion.junction}"


def test_dna_breakpoints_inside_introns_take_the_exon_before_and_after(kb):
    # EML4 intron 13 and ALK intron 19, as a genomic (SV) call gives them
    call = _call("EML4", "ALK", ("2", 42523000), ("2", 29447000), dna_level=True, split_reads=3)
    alt, _ = _one(kb, call)
    assert alt.fusion.junction == "E13;A20" and alt.fusion.variant == "v1"
    locations = [b.location for b in alt.fusion.breakpoints]
    assert locations == ["intron", "intron"]
    # an intron-6 DNA breakpoint cannot tell v3a from v3b
    alt, _ = _one(kb, _call("EML4", "ALK", ("2", 42500000), ("2", 29447000), dna_level=True))
    assert alt.name == "EML4::ALK v3a/b (E6;A20)"


def test_long_read_breakpoints_a_few_bases_off_still_get_their_junction(kb):
    # JAFFAL on the Seraseq mix: both breakpoints 4 bp inside the exons
    alt, _ = _one(
        kb,
        _call("EML4", "ALK", ("chr2", 42295512), ("chr2", 29223524), format="jaffa", caller_confidence="LowConfidence"),
        "GRCh38",
    )
    assert alt.name == "EML4::ALK v1 (E13;A20)" and alt.fusion.role == "driver"
    assert [b.offset for b in alt.fusion.breakpoints] == [4, 4]


def test_reciprocal_alk_is_reported_and_never_the_driver(kb):
    alt, _ = _one(kb, _call("ALK", "PTPN3", ("2", 29497965), ("9", 112219679)))
    assert alt.fusion.role == "reciprocal" and alt.name == "ALK::PTPN3 (A11;P3)" and alt.fusion.in_frame is False


def test_unordered_tables_are_oriented_from_splice_sites(kb):
    # deFuse lists PTPN3 first although ALK is 5'
    alt, _ = _one(kb, _call("PTPN3", "ALK", ("9", 112219679), ("2", 29497965), format="generic", oriented=False))
    assert (alt.fusion.five_prime_gene, alt.fusion.role) == ("ALK", "reciprocal")
    assert "splice sites" in alt.fusion.orientation


def test_dna_joins_are_oriented_from_strands(kb):
    # EML4 (+) keeps its left side, ALK (-) keeps its left side: EML4 5', ALK 3'
    call = FusionCall(
        file="sv.vcf",
        line=5,
        format="sv-vcf",
        oriented=False,
        dna_level=True,
        five_prime_breakpoint=Breakpoint(chrom="2", pos=29447000, retained="left"),
        three_prime_breakpoint=Breakpoint(chrom="2", pos=42523000, retained="left"),
    )
    alt, _ = _one(kb, call)
    assert alt.name == "EML4::ALK v1 (E13;A20)" and alt.fusion.role == "driver"
    # the other junction of the same inversion keeps the right sides: ALK 5'
    call = call.model_copy(
        update={
            "five_prime_breakpoint": Breakpoint(chrom="2", pos=29447000, retained="right"),
            "three_prime_breakpoint": Breakpoint(chrom="2", pos=42523000, retained="right"),
        }
    )
    alt, _ = _one(kb, call)
    assert alt.fusion.role == "reciprocal" and alt.fusion.five_prime_gene == "ALK"


def test_alk_first_in_a_hyphenated_name_is_read_as_the_known_fusion(kb):
    call = _call("ALK", "EML4", format="notation", oriented=False, name_as_given="ALK-EML4")
    alt, warnings = _one(kb, call, None)
    assert alt.name == "EML4::ALK" and alt.fusion.role == "driver"
    assert [w.code for w in warnings] == ["fusion_order"]
    alt, _ = _one(kb, _call("ALK", "PTPN3", format="notation", oriented=False), None)
    assert alt.fusion.role == "uncertain"


def test_a21_numbering_is_recorded_and_read_as_exon_20(kb):
    call = _call(
        "EML4",
        "ALK",
        format="notation",
        five_prime_exon_given="14",
        three_prime_exon_given="21",
        name_as_given="E14:A21",
    )
    alt, warnings = _one(kb, call, None)
    assert alt.fusion.three_prime_exon == "20" and alt.fusion.junction == "E14;A20" and alt.fusion.role == "driver"
    assert "given as A21" in alt.fusion.exon_numbering_note and [w.code for w in warnings] == ["exon_numbering"]
    assert alt.fusion.variant == "variant 4 (Takeuchi 2008 naming)" and alt.name == "EML4::ALK (E14;A20)"


def test_variant_label_alone_gives_the_junction(kb):
    alt, _ = _one(kb, _call("EML4", "ALK", format="notation", variant_given="v2"), None)
    assert alt.name == "EML4::ALK v2 (E20;A20)"


def test_partner_by_coordinate_and_unknown_partner(kb):
    alt, _ = _one(kb, _call(None, "ALK", ("10", 32306071), ("2", 29446394)))
    assert alt.fusion.five_prime_gene == "KIF5B" and alt.name.startswith("KIF5B::ALK (K")
    alt, _ = _one(kb, _call(None, "ALK", ("4", 1000), ("2", 29446394)))
    assert alt.fusion.five_prime_gene == "unknown partner" and alt.name == "?::ALK (?;A20)"
    alt, _ = _one(kb, _call("intergenic", "ALK", ("4", 1000), ("2", 29446394)))
    assert alt.name.startswith("intergenic::ALK")


def test_coordinates_win_over_a_gene_name(kb):
    alt, warnings = _one(kb, _call("KIF5B", "ALK", ("2", 42522656), ("2", 29446394)))
    assert alt.fusion.five_prime_gene == "EML4" and "fusion_gene_by_coordinate" in {w.code for w in warnings}


@pytest.mark.parametrize(
    "alk_pos,role", [(29940563, "non_canonical"), (29917880, "non_canonical"), (29445473, "non_canonical")]
)
def test_alk_starting_elsewhere_than_exon_20_is_not_the_driver(kb, alk_pos, role):
    alt, _ = _one(kb, _call("KLF3", "ALK", ("4", 38696483), ("2", alk_pos), split_reads=5))
    assert alt.fusion.role == role and alt.fusion.three_prime_exon != "20"


def test_low_support_and_low_confidence(kb):
    alt, warnings = _one(kb, _call("EML4", "ALK", ("2", 42522656), ("2", 29446394), split_reads=1, spanning_reads=0))
    assert alt.fusion.role == "low_support" and "fusion_low_support" in {w.code for w in warnings}
    alt, _ = _one(
        kb,
        _call("FAM172A", "ALK", ("5", 93683370), ("2", 29223528), split_reads=91, caller_confidence="LowConfidence"),
        "GRCh38",
    )
    assert alt.fusion.role == "uncertain"


def test_out_of_frame_from_exon_phases(kb):
    # EML4 exon 14 joined straight to ALK exon 20 shifts the frame
    alt, _ = _one(kb, _call("EML4", "ALK", ("2", 42528532), ("2", 29446394), split_reads=9))
    assert alt.fusion.in_frame is False and alt.fusion.role == "out_of_frame"


def test_several_fusions_in_one_sample_and_duplicates_merged(kb):
    calls = [
        _call("EML4", "ALK", format="notation", five_prime_exon_given="14", three_prime_exon_given="21"),
        _call("SETD2", "ALK", format="notation", five_prime_exon_given="12", three_prime_exon_given="21"),
        _call("EML4", "ALK", format="notation", five_prime_exon_given="14", three_prime_exon_given="21"),
    ]
    res = classify_fusions(calls, None, kb)
    assert sorted(a.name for a in res.alterations) == ["EML4::ALK (E14;A20)", "SETD2::ALK (S12;A20)"]
    assert all(a.fusion.role == "driver" for a in res.alterations)


def test_bypass_fusions_keep_their_kinase_side(kb):
    alt, _ = _one(kb, _call("AKAP9", "BRAF", ("7", 91632645), ("7", 140487384), split_reads=10))
    assert (alt.category, alt.gene, alt.name, alt.fusion.role) == ("bypass", "BRAF", "AKAP9::BRAF fusion", "bypass")
    alt, _ = _one(kb, _call("FGFR3", "TACC3", ("4", 1808661), ("4", 1741429), split_reads=10))
    assert alt.gene == "FGFR3"
    res = classify_fusions([_call("BRAF", "ITSN2", split_reads=5)], None, kb)
    assert res.alterations == [] and res.warnings[0].code == "fusion_bypass_side"
    assert classify_fusions([_call("TMPRSS2", "ERG", split_reads=50)], None, kb).alterations == []


def test_build_is_told_by_breakpoints():
    from alkannot.knowledge import load_knowledgebase

    models = load_knowledgebase().gene_models.fusion
    h2228_37 = [("EML4", "2", 42492091), ("ALK", "2", 29446394)]
    assert build_from_votes(build_votes(h2228_37, models)) == "GRCh37"
    h2228_38 = [("EML4", "2", 42492091 - EML4_OFFSET), ("ALK", "2", 29446394 - ALK_OFFSET)]
    assert build_from_votes(build_votes(h2228_38, models)) == "GRCh38"
    assert build_from_votes(build_votes([("FAM172A", "5", 1)], models)) is None


def test_a_reciprocal_alone_does_not_establish_the_alk_driver(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("ALK::PTPN3\n")
    report = annotate_json("--fusions", str(path))
    assert [a["fusion"]["role"] for a in report["alterations"]] == ["reciprocal"]
    assert report["alk_driver"]["status"] == "not_detected" and report["genome_build"] is None
    assert {t["call"] for t in report["therapies"]} == {"not_applicable"}
    assert "no_alk_fusion" in {w["code"] for w in report["warnings"]}


def test_partner_evidence_is_attached(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("CMTR1::ALK\nHIP1::ALK\n")
    report = annotate_json("--fusions", str(path))
    ev = {a["name"]: a["evidence"] for a in report["alterations"]}
    assert any(e.get("drug") == "crizotinib" and e["call"] == "resistant" for e in ev["CMTR1::ALK"])
    assert any(e.get("drug") == "crizotinib" and e["call"] == "sensitive" for e in ev["HIP1::ALK"])
    assert all(c.startswith(("PMID:", "DOI:")) for e in ev["HIP1::ALK"] for c in e["citations"])


# ----------------------------------------------------------------------------- gene models vs ../shared/reference


def _refgene(build: str) -> dict[str, dict]:
    rows = {}
    for line in shared_path("reference", f"ucsc_refGene.{build}.ALK_partners_bypass.txt").read_text().splitlines():
        f = line.split("\t")
        rows[f[1]] = f
    return rows


@pytest.mark.parametrize("build,ucsc", [("GRCh37", "hg19"), ("GRCh38", "hg38")])
def test_fusion_gene_models_match_refgene_rows_and_frames(kb, build, ucsc):
    rows = _refgene(ucsc)
    checked = 0
    for gene, doc in kb.fusion_genes.items():
        if doc["source"] != "refGene":
            continue
        f = rows[doc["transcript"]]
        b = doc["builds"][build]
        starts = [int(x) + 1 for x in f[9].strip(",").split(",")]
        ends = [int(x) for x in f[10].strip(",").split(",")]
        exons = list(zip(starts, ends, strict=False))
        if f[3] == "-":
            exons.reverse()
        assert [tuple(e) for e in b["exons"]] == exons, gene
        assert (f[2].removeprefix("chr"), f[3]) == (b["chrom"], doc["strand"])
        assert b["cds_span"] == [int(f[6]) + 1, int(f[7])]
        model = kb.gene_models.fusion[build][gene]
        frames = [int(x) for x in f[15].strip(",").split(",")]
        if f[3] == "-":
            frames.reverse()
        # the exonFrames column is the phase of each exon's first coding base in transcript order
        from alkannot.genome.partners import _coding_before

        tx = model.transcript
        for (s, e), frame in zip(tx.exons, frames, strict=False):
            first = min(max(e if tx.strand == "-" else s, tx.cds_span[0]), tx.cds_span[1]) if frame >= 0 else None
            if first is not None:
                lo, hi = max(s, tx.cds_span[0]), min(e, tx.cds_span[1])
                first = hi if tx.strand == "-" else lo
                assert _coding_before(tx, first) % 3 == frame, (gene, s, e)
        checked += 1
    assert checked == 16


def test_eml4_exon_6b_sits_where_public_callers_put_the_h2228_breakpoint(kb):
    model = kb.gene_models.fusion["GRCh37"]["EML4"]
    assert exon_for(model, 42492091, "5p").exon == "6b"
    alk = kb.gene_models.fusion["GRCh37"]["ALK"]
    assert junction_frame(model, exon_for(model, 42492091, "5p"), alk, exon_for(alk, 29446394, "3p")) is True
    text = shared_path("realworld", "cbioportal", "study_es_0.data_structural_variants.txt").read_text()
    assert "42492091" in text and "E6bA20" in text


def test_json_report_fusion_object_matches_the_contract(tmp_path):
    path = tmp_path / "sf.tsv"
    path.write_text(
        "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n"
        "EML4--ALK\t5\t1\tONLY_REF_SPLICE\tEML4^E\tchr2:42522656:+\tALK^A\tchr2:29446394:-\n"
    )
    report = annotate_json("--fusions", str(path))
    fusion = report["alterations"][0]["fusion"]
    for key in (
        "five_prime_gene",
        "three_prime_gene",
        "five_prime_exon",
        "three_prime_exon",
        "variant",
        "breakpoints",
        "supporting_reads",
        "in_frame",
    ):
        assert key in fusion
    assert (fusion["five_prime_exon"], fusion["three_prime_exon"], fusion["supporting_reads"]) == ("13", "20", 6)
    assert report["genome_build"] == "GRCh37" and "fit the GRCh37" in report["build_evidence"]
    again = annotate_json("--fusions", str(path))
    assert json.dumps(again, sort_keys=True) == json.dumps(report, sort_keys=True)


def test_kb_validate_checks_fusions(tmp_path):
    import shutil

    import yaml

    from alkannot.knowledge import validate_knowledgebase
    from conftest import ROOT

    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    data = yaml.safe_load((kbdir / "fusions.yaml").read_text())
    data["fusions"]["partners"][0]["citations"] = ["NOT_A_REFERENCE"]
    data["fusions"]["eml4_alk_variants"].append(dict(data["fusions"]["eml4_alk_variants"][0], id="dup"))
    data["fusions"]["partners"].append({"gene": "NOSUCHGENE", "summary": "x", "citations": ["SEED000"]})
    (kbdir / "fusions.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    kb, problems = validate_knowledgebase(kbdir)
    text = "\n".join(problems)
    assert kb is None
    assert (
        "unknown citation 'NOT_A_REFERENCE'" in text
        and "duplicate junction E13;A20" in text
        and "no exon model" in text
    )
