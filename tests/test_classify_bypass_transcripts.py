"""Bypass and co-alteration genes named from their embedded transcript models
(knowledgebase/transcripts/bypass_genes.yaml): the models checked against the refGene rows and CDS
FASTAs of ../shared/reference/, and raw-VCF variants that are not listed hotspots classified by
bypass.yaml's mechanisms and exon-skipping rule. Coordinates and expected names come from the
reference files (MSKCC hotspot list, OncoKB example MAFs, refGene rows, CDS FASTAs)."""

from __future__ import annotations

import csv
import re

import pytest

from alkannot.classify.bypass import c_range, exon_skipping_bounds, transcript_models
from alkannot.genome.code import translate
from alkannot.genome.hgvs import annotate
from conftest import annotate_json, run_cli, shared_path, write_vcf

PINNED = {
    "MET": "NM_000245",
    "BRAF": "NM_004333",
    "KRAS": "NM_004985",
    "NRAS": "NM_002524",
    "EGFR": "NM_005228",
    "MAP2K1": "NM_002755",
    "PIK3CA": "NM_006218",
    "TP53": "NM_000546",
}
UCSC = {"GRCh37": "hg19", "GRCh38": "hg38"}
CONTIG = {"GRCh37": "##contig=<ID=chr2,length=243199373>", "GRCh38": "##contig=<ID=chr2,length=242193529>"}
CDS_FASTAS = [
    "MET_NM_000245_CDS_c1-c1200.fasta",
    "MET_NM_000245_CDS_c2888-c3935.fasta",
    "BRAF_NM_004333_CDS_c1-c2301.fasta",
    "KRAS_NM_004985_CDS_c1-c567.fasta",
    "NRAS_NM_002524_CDS_c1-c450.fasta",
    "EGFR_NM_005228_CDS_c1-c3633.fasta",
    "MAP2K1_NM_002755_CDS_c81-c291.fasta",
    "PIK3CA_NM_006218_CDS_c1540-c1664.fasta",
    "PIK3CA_NM_006218_CDS_c2937-c3207.fasta",
    "TP53_NM_000546_CDS_c1-c1182.fasta",
]


@pytest.fixture(scope="module")
def models(kb):
    return {build: transcript_models(kb, build) for build in UCSC}


def _refgene(build: str, accession: str) -> list[str]:
    names = [f"ucsc_refGene.{UCSC[build]}.ALK_partners_bypass.txt", f"ucsc_refGene.{UCSC[build]}.TP53.txt"]
    for name in names:
        for line in shared_path("reference", name).read_text().splitlines():
            cols = line.split("\t")
            if cols[1] == accession:
                return cols
    raise AssertionError(f"{accession} not in {names}")


def _records(name: str) -> list[tuple[str, str]]:
    """(header, sequence) of each FASTA record."""
    out: list[tuple[str, str]] = []
    for line in shared_path("reference", name).read_text().splitlines():
        if line.startswith(">"):
            out.append((line[1:], ""))
        elif line.strip():
            out[-1] = (out[-1][0], out[-1][1] + line.strip())
    return out


def _grch38(accession: str, pos37: int) -> int:
    """An exonic GRCh37 position placed on GRCh38 through the same exon of the accession's refGene rows."""
    rows = {b: _refgene(b, accession) for b in UCSC}
    starts = {b: [int(x) for x in r[9].strip(",").split(",")] for b, r in rows.items()}
    ends = {b: [int(x) for x in r[10].strip(",").split(",")] for b, r in rows.items()}
    i = next(i for i, (s, e) in enumerate(zip(starts["GRCh37"], ends["GRCh37"], strict=False)) if s < pos37 <= e)
    assert ends["GRCh37"][i] - starts["GRCh37"][i] == ends["GRCh38"][i] - starts["GRCh38"][i]
    return pos37 - starts["GRCh37"][i] + starts["GRCh38"][i]


def _mskcc(gene: str, change: str) -> tuple[str, int, str, str]:
    """GRCh37 (chrom, pos, ref, alt) of an MSKCC hotspot-list row."""
    for line in shared_path("reference", "mskcc_hotspot-list-union-v1-v2.GRCh37.txt").read_text().splitlines():
        c = line.split("\t")
        if c[0] == gene and c[6] == f"p.{change}" and c[4] != "-" and c[5] != "-":
            return c[1], int(c[2]), c[4], c[5]
    raise AssertionError(f"{gene} {change} not in the MSKCC list")


def _report(tmp_path, build: str, rows: list[str], name: str = "v.vcf") -> dict:
    records = [r + "\t.\tPASS\tDP=100\tGT:AD\t0/1:70,30" for r in rows]
    return annotate_json("--vcf", str(write_vcf(tmp_path / name, records, contig=CONTIG[build])))


# -- the models ---------------------------------------------------------------------------------


def test_every_mechanism_gene_with_a_refgene_row_has_a_model(kb):
    genes = {m.gene for m in kb.files.bypass.mechanisms if m.kind == "small_variant"}
    assert set(kb.bypass_models) == genes - {"NF2"}  # NF2: no refGene row and no sequence in ../shared/reference
    for build in UCSC:
        text = "".join(
            shared_path("reference", f"ucsc_refGene.{UCSC[build]}.{s}.txt").read_text()
            for s in ("ALK_partners_bypass", "TP53")
        )
        assert "\tNF2\t" not in text
    assert {g: d["refseq"] for g, d in kb.bypass_models.items()} == PINNED


@pytest.mark.parametrize("build", list(UCSC))
@pytest.mark.parametrize("gene", list(PINNED))
def test_model_equals_the_refgene_row(models, gene, build):
    cols = _refgene(build, PINNED[gene])
    tx = models[build][gene]
    starts = [int(x) + 1 for x in cols[9].strip(",").split(",")]
    ends = [int(x) for x in cols[10].strip(",").split(",")]
    frames = [int(x) for x in cols[15].strip(",").split(",")]
    assert (cols[12], cols[2], cols[3]) == (gene, f"chr{tx.chrom}", tx.strand)
    assert len(tx.exons) == int(cols[8]) == len(starts)
    order = list(zip(starts, ends, frames, strict=False))
    if tx.strand == "-":
        order.reverse()
    assert list(tx.exons) == [(s, e) for s, e, _ in order]  # transcript order, exon 1 first
    assert tx.cds_span == (int(cols[6]) + 1, int(cols[7]))
    coding = sum(
        min(e, tx.cds_span[1]) - max(s, tx.cds_span[0]) + 1
        for s, e in tx.exons
        if e >= tx.cds_span[0] and s <= tx.cds_span[1]
    )
    assert coding == tx.cds_length and tx.cds_length % 3 == 0
    # CDS start and end: c.1 and the last c. sit on the CDS bounds of the row, strand-aware
    first, last = (tx.cds_span[1], tx.cds_span[0]) if tx.strand == "-" else tx.cds_span
    assert tx.genomic(1) == first and tx.genomic(tx.cds_length) == last
    # each exon's reading frame equals refGene's exonFrames column (-1: no coding base)
    for (s, e), (_, _, frame) in zip(tx.exons, order, strict=False):
        if e < tx.cds_span[0] or s > tx.cds_span[1]:
            assert frame == -1
            continue
        first_coding = min(e, tx.cds_span[1]) if tx.strand == "-" else max(s, tx.cds_span[0])
        assert (tx.cpos(first_coding).c - 1) % 3 == frame


def test_builds_have_the_same_exon_lengths(models):
    for gene in PINNED:
        a, b = models["GRCh37"][gene], models["GRCh38"][gene]
        assert [e - s for s, e in a.exons if a.cds_span[0] <= e and s <= a.cds_span[1]][1:-1] == [
            e - s for s, e in b.exons if b.cds_span[0] <= e and s <= b.cds_span[1]
        ][1:-1]
        assert a.cds_length == b.cds_length and a.protein == b.protein


@pytest.mark.parametrize("name", CDS_FASTAS)
def test_coding_sequence_and_protein_equal_the_cds_fasta(models, name):
    gene = name.split("_")[0]
    c_start, c_end = map(int, re.search(r"_c(\d+)-c(\d+)", name).groups())
    ((header, seq),) = _records(name)
    assert PINNED[gene] in header and len(seq) == c_end - c_start + 1
    for build in UCSC:
        tx = models[build][gene]
        assert tx.known_coding(c_start, c_end) == seq
        # the translation of every whole codon of the FASTA is the residue the model gives there
        codon = (c_start + 1) // 3 + 1 if (c_start - 1) % 3 else (c_start + 2) // 3
        while 3 * codon <= c_end:
            aa = translate(seq[3 * codon - 2 - c_start : 3 * codon + 1 - c_start])
            assert (tx.protein[codon - 1] if codon <= len(tx.protein) else "*") == aa, (build, codon)
            codon += 1
    if c_start == 1 and c_end == models["GRCh37"][gene].cds_length:  # the whole CDS
        protein = translate(seq)
        assert seq.startswith("ATG") and protein.endswith("*") and "*" not in protein[:-1]
        assert models["GRCh37"][gene].protein == protein[:-1]


def test_partly_known_proteins_are_unknown_elsewhere(models):
    met = models["GRCh38"]["MET"]
    assert len(met.protein) == met.cds_length // 3 - 1 == 1390
    assert (
        met.protein[399] != "X" and met.protein[400] == "X" and met.protein[963] != "X"
    )  # codons 1-400 and 964-1311 known
    assert met.protein[1311] == "X"
    assert (
        models["GRCh38"]["PIK3CA"].protein[541] == "E" and models["GRCh38"]["PIK3CA"].protein[1046] == "H"
    )  # E542, H1047


def test_met_exon14_sits_where_the_exon14_fasta_says(kb, models):
    cds, flank = _records("MET_NM_000245_CDS_c2888-c3028.exon14_with_splice_sites.fasta")
    exon = {
        b: tuple(map(int, m.groups()))
        for b, m in ((b, re.search(rf"{b} chr7:(\d+)-(\d+)", flank[0].split("exon =")[1])) for b in UCSC)
    }
    for build in UCSC:
        tx = models[build]["MET"]
        assert tx.exons[13] == exon[build]  # exon 14
        assert (tx.cpos(exon[build][0]).c, tx.cpos(exon[build][1]).c) == (2888, 3028)
        assert tx.known_coding(2888, 3028) == cds[1]
    assert "".join(ch for ch in flank[1] if ch.isupper()) == cds[1]
    for build in UCSC:
        bounds = exon_skipping_bounds(kb, models[build])["exon14_skipping"]
        assert (bounds.first, bounds.last) == (2888, 3028)
        assert bounds.regions == [
            ((2888, -8), (2890, 0)),
            ((3026, 0), (3028, 8)),
        ]  # bypass.yaml: 3 exonic, 8 intronic bases


def test_every_hotspot_row_is_named_by_the_model_in_both_builds(kb, models):
    """The 134 + 134 rows of bypass_hotspots.GRCh37_GRCh38.tsv (GRCh38 derived): every protein change except
    the exon-14 splice rows, which name no residue."""
    rows = list(
        csv.DictReader(
            shared_path("reference", "bypass_hotspots.GRCh37_GRCh38.tsv").read_text().splitlines(), delimiter="\t"
        )
    )
    named = 0
    for r in rows:
        cons = annotate(
            models[r["build"]][r["gene"]], int(r["pos"]), r["ref"].replace("-", ""), r["alt"].replace("-", "")
        )
        if r["hgvsp"].endswith("_splice"):
            assert cons.protein_change is None
            assert exon_skipping_bounds(kb, models[r["build"]])["exon14_skipping"].touched_by(cons.hgvs_c), cons.hgvs_c
            continue
        assert cons.protein_change == r["hgvsp"].removeprefix("p."), r
        named += 1
    assert named == len(rows) - sum(r["hgvsp"].endswith("_splice") for r in rows) > 100


def test_mskcc_rows_agree_with_the_model_wherever_it_names_the_change(models):
    """Every GRCh37 MSKCC row of a modelled gene: where the embedded sequence decides the protein change, it
    is the list's HGVSp_Short (3'-shifted indels included)."""
    named = 0
    for line in shared_path("reference", "mskcc_hotspot-list-union-v1-v2.GRCh37.txt").read_text().splitlines():
        c = line.split("\t")
        if c[0] not in PINNED:
            continue
        pos, ref, alt = int(c[2]), c[4].replace("-", ""), c[5].replace("-", "")
        cons = annotate(models["GRCh37"][c[0]], pos if ref else pos + 1, ref, alt)
        if cons.protein_change is not None:
            assert cons.protein_change == c[6].removeprefix("p."), c[:7]
            named += 1
    assert named > 900


def test_c_range_orders_positions_along_the_transcript():
    assert c_range("c.3028+1G>T") == ((3028, 1), (3028, 1))
    assert c_range("ENST00000397752.8:c.3020_3028+5del") == ((3020, 0), (3028, 5))
    assert c_range("c.2888-10_2888-3del") == ((2888, -10), (2888, -3))
    assert c_range("p.Gly12Cys") is None
    assert (2887, 40) < (2888, -8) < (2888, 0) < (3028, 1)


# -- classification of raw VCF records ---------------------------------------------------------


@pytest.mark.parametrize("gene,change", [("KRAS", "A146T"), ("BRAF", "D594G"), ("NRAS", "G60E")])
@pytest.mark.parametrize("build", list(UCSC))
def test_non_hotspot_missense_is_named_and_set_aside(tmp_path, kb, gene, change, build):
    chrom, pos, ref, alt = _mskcc(gene, change)
    if build == "GRCh38":
        pos = _grch38(PINNED[gene], pos)
    assert kb.hotspot(build, chrom, pos, ref, alt) is None
    report = _report(tmp_path, build, [f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}"])
    assert report["genome_build"] == build and report["alterations"] == []
    (other,) = report["other_variants"]
    three = {"A": "Ala", "T": "Thr", "D": "Asp", "G": "Gly", "E": "Glu"}
    assert other["hgvs_p"] == f"p.{three[change[0]]}{change[1:-1]}{three[change[-1]]}"
    assert other["reference_residue"] == change[:-1]
    assert other["reason"] == f"no {gene} mechanism in the knowledge base matches {change}"


@pytest.mark.parametrize("build,pos", [("GRCh37", 55223543), ("GRCh38", 55155850)])
def test_egfr_h304y_from_the_oncokb_mafs_in_both_builds(tmp_path, build, pos):
    maf = "oncokb_example_maf.GRCh37.txt" if build == "GRCh37" else "oncokb_example_maf.GRCh38.txt"
    assert f"\t{pos}\t{pos}\tC\tT" in shared_path("reference", maf).read_text()
    report = _report(tmp_path, build, [f"chr7\t{pos}\t.\tC\tT"])
    (other,) = report["other_variants"]
    assert (other["gene"], other["hgvs_p"]) == ("EGFR", "p.His304Tyr")
    assert report["alterations"] == []


def test_non_hotspot_change_a_mechanism_lists_is_a_finding(tmp_path, kb, models):
    """EGFR exon 19 deletion L747_P753delinsS (MSKCC, not in the KB's hotspot rows) falls under exon19_deletion."""
    for line in shared_path("reference", "mskcc_hotspot-list-union-v1-v2.GRCh37.txt").read_text().splitlines():
        c = line.split("\t")
        if c[0] == "EGFR" and c[6] == "p.L747_P753delinsS":
            pos, deleted = int(c[2]), c[4]
    egfr = models["GRCh37"]["EGFR"]  # + strand: the coding base is the genomic one
    anchor = egfr.known_coding(egfr.cpos(pos - 1).c, egfr.cpos(pos - 1).c)
    assert kb.hotspot("GRCh37", "7", pos, deleted, "") is None
    report = _report(tmp_path, "GRCh37", [f"chr7\t{pos - 1}\t.\t{anchor}{deleted}\t{anchor}"])
    (alt,) = report["alterations"]
    assert (alt["name"], alt["category"], alt["kb_entry"]) == ("EGFR p.L747_P753delinsS", "bypass", "EGFR_activating")
    assert alt["variant"]["transcript"] == "NM_005228" and alt["variant"]["exon"] == 19


def _met_flank() -> tuple[int, str]:
    _, flank = _records("MET_NM_000245_CDS_c2888-c3028.exon14_with_splice_sites.fasta")
    start = int(re.search(r"GRCh37 chr7:(\d+)-\d+ \+ strand", flank[0]).group(1))
    return start, flank[1].upper()


def _met_deletion(first: int, last: int) -> tuple[int, str, str]:
    """GRCh37 VCF POS/REF/ALT deleting first..last (genomic), anchored on the base before, from the exon-14 window."""
    start, seq = _met_flank()
    ref = seq[first - 1 - start : last + 1 - start]
    assert seq[last + 1 - start] != seq[first - start]  # no 3' shift: the c. range is the one deleted
    return first - 1, ref, ref[0]


@pytest.mark.parametrize(
    "first,last,hgvs_c",
    [
        (116412040, 116412049, "c.3025_3028+6del"),  # the donor: last exon bases and intron 14's first
        (116411891, 116411898, "c.2888-12_2888-5del"),  # intron 13 into the acceptor region
    ],
)
def test_met_exon14_deletions_are_the_skipping_bypass(tmp_path, kb, first, last, hgvs_c):
    pos, ref, alt = _met_deletion(first, last)
    assert kb.hotspot("GRCh37", "7", pos + 1, ref[1:], "") is None
    report = _report(tmp_path, "GRCh37", [f"chr7\t{pos}\t.\t{ref}\t{alt}"])
    (met,) = report["alterations"]
    assert (met["name"], met["category"], met["kb_entry"]) == (
        f"MET exon 14 skipping ({hgvs_c})",
        "bypass",
        "MET_exon14",
    )
    assert met["variant"]["hgvs_c"] == hgvs_c and met["variant"]["transcript"] == "NM_000245"


def test_met_exon14_donor_deletion_grch38(tmp_path, models):
    """GRCh38: exon 14 ends at 116771989 and the donor GT is 116771990-1 (refGene; PROVENANCE.md §4)."""
    tx = models["GRCh38"]["MET"]
    assert tx.exons[13][1] == 116771989
    ref = tx.known_coding(3025, 3028) + "GT"
    anchor = tx.known_coding(3024, 3024)
    report = _report(tmp_path, "GRCh38", [f"chr7\t{tx.genomic(3024)}\t.\t{anchor}{ref}\t{anchor}"])
    (met,) = report["alterations"]
    assert (
        met["name"] == "MET exon 14 skipping (c.3025_3028+2del)"
        and met["variant"]["consequence"] == "splice_donor_variant"
    )


def test_intron13_change_outside_the_splice_region_is_not_skipping(tmp_path):
    pos, ref, alt = _met_deletion(116411871, 116411878)  # c.2888-32_2888-25del
    report = _report(tmp_path, "GRCh37", [f"chr7\t{pos}\t.\t{ref}\t{alt}"])
    assert report["alterations"] == []
    assert (
        report["other_variants"][0]["reason"] == "no MET mechanism in the knowledge base matches c.2888-32_2888-25del"
    )


@pytest.mark.parametrize(
    "build,change,expected",
    [
        ("GRCh37", "R342*", ("TP53 p.R342*", "stop_gained")),
        ("GRCh38", "R342*", ("TP53 p.R342*", "stop_gained")),
        (
            "GRCh37",
            "X332_splice",
            (None, "splice_acceptor_variant"),
        ),  # intronic: GRCh37 only (no refGene exon carries it)
    ],
)
def test_tp53_truncating_in_a_raw_vcf_is_a_co_alteration(tmp_path, build, change, expected):
    chrom, pos, ref, alt = _mskcc("TP53", change)
    if build == "GRCh38":
        pos = _grch38("NM_000546", pos)
    report = _report(tmp_path, build, [f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}"])
    (tp53,) = report["alterations"]
    assert tp53["category"] == "co_alteration" and tp53["kb_entry"] == "TP53_mutation"
    assert tp53["variant"]["consequence"] == expected[1]
    if expected[0]:
        assert tp53["name"] == expected[0] and tp53["variant"]["hgvs_p"] == "p.Arg342Ter"


def test_tp53_frameshift_from_a_raw_vcf(tmp_path, models):
    """Deleting c.743 (GRCh38 17:7674220, the OncoKB R248Q anchor) shifts the frame at R248."""
    assert "\t7674220\t7674220\tC\tT" in shared_path("reference", "oncokb_example_maf.GRCh38.txt").read_text()
    tx = models["GRCh38"]["TP53"]
    ref = "".join(reversed([{"A": "T", "C": "G", "G": "C", "T": "A"}[b] for b in tx.known_coding(743, 744)]))
    report = _report(tmp_path, "GRCh38", [f"chr17\t7674219\t.\t{ref}\t{ref[0]}"])
    (tp53,) = report["alterations"]
    assert tp53["category"] == "co_alteration" and tp53["variant"]["consequence"] in {
        "frameshift_variant",
        "stop_gained",
    }
    assert tp53["variant"]["hgvs_c"].startswith("c.74") and tp53["variant"]["hgvs_c"].endswith("del")


@pytest.mark.parametrize("build", list(UCSC))
def test_synonymous_change_is_not_a_finding(tmp_path, build):
    chrom, pos, ref, alt = _mskcc("EGFR", "P596=")
    if build == "GRCh38":
        pos = _grch38("NM_005228", pos)
    report = _report(tmp_path, build, [f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}"])
    assert report["alterations"] == []
    (other,) = report["other_variants"]
    assert (other["hgvs_p"], other["reason"]) == ("p.Pro596=", "synonymous: no change to the protein")


def test_germline_non_hotspot_is_not_a_finding(tmp_path):
    chrom, pos, ref, alt = _mskcc("TP53", "R342*")
    row = f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=100\tGT:AD\t0/1:50,50\t0/1:48,52"
    report = annotate_json(
        "--vcf", str(write_vcf(tmp_path / "g.vcf", [row], samples=["NORMAL", "TUMOR"], contig=CONTIG["GRCh37"]))
    )
    assert report["alterations"] == []
    assert report["other_variants"][0]["reason"].startswith("germline: present in the matched normal")


@pytest.mark.parametrize("build,pos", [("GRCh37", 25398285), ("GRCh38", 25245351)])
def test_ref_mismatch_is_an_input_error_naming_the_position(tmp_path, build, pos):
    """KRAS G12C's position (OncoKB MAFs: C in both builds) with REF G: exit 2, one line, nothing written."""
    vcf = write_vcf(tmp_path / "bad.vcf", [f"chr12\t{pos}\t.\tG\tA\t.\tPASS\tDP=100\tGT\t0/1"], contig=CONTIG[build])
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(vcf), "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    (line,) = result.stderr.strip().splitlines()
    assert f"chr12:{pos}" in line and "KRAS c.34" in line and "expected C, found G" in line and "bad.vcf" in line


@pytest.mark.parametrize(
    "edit,problem",
    [
        (("      exon: 14\n", "      exon: 99\n"), "exon_skipping exon14_skipping: NM_000245 has no exon 99"),
        (("      transcript: NM_000245\n", "      transcript: NM_001127500\n"), "no MET NM_001127500 model"),
        (
            ("    - change_class: exon14_skipping\n", "    - change_class: exon15_skipping\n"),
            "no mechanism lists the change class 'exon15_skipping'",
        ),
    ],
)
def test_kb_validate_checks_the_exon_skipping_rule(tmp_path, edit, problem):
    import shutil

    from alkannot.knowledge import validate_knowledgebase
    from conftest import ROOT

    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    path = kbdir / "bypass.yaml"
    text = path.read_text()
    assert text.count(edit[0]) == 1
    path.write_text(text.replace(*edit))
    kb, problems = validate_knowledgebase(kbdir)
    assert kb is None and any(problem in p for p in problems), problems
