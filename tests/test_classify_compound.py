"""Compound ALK mutations: detection, phase from the VCF and from reads (a BAM written here with
pysam), MNV splitting, and compound-specific drug calls."""

from __future__ import annotations

import pysam
import pytest

from alkannot.genome.code import revcomp
from conftest import ALK_POSITIVE, annotate_json, change_to_vcf, run_cli, write_vcf

CHR2_38 = 242193529


def _row(alk, change: str, fmt: str = "GT:AF", sample: str = "0/1:0.2", build: str = "GRCh38") -> str:
    pos, ref, alt = change_to_vcf(alk[build], change)
    return f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=200\t{fmt}\t{sample}"


def _compound(report: dict) -> dict:
    found = [a for a in report["alterations"] if a["category"] == "alk_compound_mutation"]
    assert len(found) == 1, [a["name"] for a in report["alterations"]]
    return found[0]


def _call(report: dict, drug: str) -> str:
    return next(t["call"] for t in report["therapies"] if t["drug"] == drug)


def _sorted(rows: list[str]) -> list[str]:
    return sorted(rows, key=lambda r: int(r.split("\t")[1]))


@pytest.mark.parametrize("gt_b,expected", [("0|1", "cis"), ("1|0", "trans")])
def test_phase_set_gives_cis_or_trans(tmp_path, alk, gt_b, expected):
    rows = _sorted([_row(alk, "C1156Y", "GT:PS:AF", "0|1:77:0.2"), _row(alk, "L1198F", "GT:PS:AF", f"{gt_b}:77:0.2")])
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "ps.vcf", rows)))
    comp = _compound(report)
    assert comp["phase"] == expected and comp["phase_evidence"]["method"] == "vcf_phase_set"
    assert comp["name"] == f"ALK p.C1156Y + p.L1198F ({expected})"
    assert comp["kb_entry"] == "ALK_C1156Y_L1198F"


def test_different_phase_sets_leave_the_phase_unknown(tmp_path, alk):
    rows = _sorted([_row(alk, "G1202R", "GT:PS", "0|1:77"), _row(alk, "L1196M", "GT:PS", "0|1:99")])
    comp = _compound(annotate_json("--vcf", str(write_vcf(tmp_path / "ps2.vcf", rows))))
    assert comp["phase"] == "unknown" and "no BAM/CRAM was given" in comp["phase_evidence"]["summary"]


def test_gatk_physical_phasing(tmp_path, alk):
    hdr = [
        '##FORMAT=<ID=PGT,Number=1,Type=String,Description="Physical phasing haplotype">',
        '##FORMAT=<ID=PID,Number=1,Type=String,Description="Physical phasing ID">',
    ]
    a = _row(alk, "G1202R", "GT:PGT:PID", "0/1:0|1:29220747_C_T")
    b = _row(alk, "L1196M", "GT:PGT:PID", "0/1:1|0:29220747_C_T")
    comp = _compound(annotate_json("--vcf", str(write_vcf(tmp_path / "pid.vcf", _sorted([a, b]), header=hdr))))
    assert comp["phase"] == "trans" and comp["phase_evidence"]["method"] == "vcf_pgt_pid"


def test_far_apart_without_phase_is_unknown_with_that_reason(tmp_path, alk):
    rows = _sorted([_row(alk, "I1171N"), _row(alk, "G1202R")])
    comp = _compound(annotate_json("--vcf", str(write_vcf(tmp_path / "far.vcf", rows))))
    assert comp["phase"] == "unknown"
    assert "beyond what a short read or pair spans" in comp["phase_evidence"]["summary"]
    assert comp["compound_group"] == "G1202R-based"


def test_compound_calls_depend_on_phase(tmp_path, alk):
    """C1156Y + L1198F: resists lorlatinib yet is sensitive to crizotinib again — only in cis."""

    def report(gt_b: str, ps_b: int) -> dict:
        rows = _sorted([_row(alk, "C1156Y", "GT:PS", "0|1:5"), _row(alk, "L1198F", "GT:PS", f"{gt_b}:{ps_b}")])
        return annotate_json(
            "--vcf", str(write_vcf(tmp_path / f"c{gt_b[0]}{ps_b}.vcf", rows)), "--clinical", str(ALK_POSITIVE)
        )

    cis, trans, unknown = report("0|1", 5), report("1|0", 5), report("0|1", 6)
    assert _call(cis, "crizotinib") == "sensitive"  # the compound entry
    assert _call(cis, "lorlatinib") == "resistant"
    assert _call(unknown, "crizotinib") == "resistant"  # never better than the worst member (C1156Y)
    assert _call(unknown, "lorlatinib") == "resistant"
    assert _call(trans, "crizotinib") == "resistant"  # members speak for themselves
    assert _call(trans, "lorlatinib") != "resistant" or "compound" not in next(
        t["rationale"] for t in trans["therapies"] if t["drug"] == "lorlatinib"
    )
    rationale = next(t["rationale"] for t in unknown["therapies"] if t["drug"] == "crizotinib")
    assert "phase unknown: at least the worst member's call" in rationale


def test_mnv_over_adjacent_codons_is_split_and_cis(tmp_path, alk):
    tx = alk["GRCh38"]
    g1202r, d1203n = change_to_vcf(tx, "G1202R"), change_to_vcf(tx, "D1203N")
    lo, hi = min(g1202r[0], d1203n[0]), max(g1202r[0], d1203n[0])
    ref = "".join(revcomp(tx.known_coding(tx.cpos(g).c, tx.cpos(g).c)) for g in range(lo, hi + 1))
    alt = list(ref)
    for pos, _, base in (g1202r, d1203n):
        alt[pos - lo] = base
    row = f"chr2\t{lo}\t.\t{ref}\t{''.join(alt)}\t.\tPASS\tDP=100\tGT\t0/1"
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "mnv.vcf", [row])))
    singles = sorted(
        a["variant"]["protein_change"] for a in report["alterations"] if a["category"] == "alk_kinase_domain_mutation"
    )
    assert singles == ["D1203N", "G1202R"]
    comp = _compound(report)
    assert comp["phase"] == "cis" and comp["phase_evidence"]["method"] == "same_vcf_record"


def test_two_changes_in_one_codon_are_one_change(tmp_path, alk):
    tx = alk["GRCh38"]
    pos, ref, alt = change_to_vcf(tx, "C1156T")  # TGC -> ACC needs two bases: an MNV in one codon
    assert len(ref) >= 2
    row = f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=100\tGT\t0/1"
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "codon.vcf", [row])))
    assert [a["name"] for a in report["alterations"]] == ["ALK p.C1156T"]


def test_vaf_hints_are_hints(tmp_path, alk):
    rows = _sorted([_row(alk, "I1171N", sample="0/1:0.62"), _row(alk, "G1202R", sample="0/1:0.55")])
    comp = _compound(annotate_json("--vcf", str(write_vcf(tmp_path / "vaf.vcf", rows))))
    assert comp["phase"] == "unknown"
    assert any("exceed 1" in h and "hint" in h for h in comp["phase_evidence"]["hints"])


# ------------------------------------------------------------------ read-backed phasing


def _genomic_ref(tx, lo: int, hi: int) -> str:
    return "".join(revcomp(tx.known_coding(tx.cpos(g).c, tx.cpos(g).c)) for g in range(lo, hi + 1))


def _write_bam(
    path, tx, start: int, length: int, reads: list[tuple[dict[int, str], dict]], chr2_length: int = CHR2_38
) -> str:
    """Reads of `length` bases at `start` (1-based) over the reference, with alt bases {pos: base}."""
    ref = _genomic_ref(tx, start, start + length - 1)
    header = {"HD": {"VN": "1.6", "SO": "coordinate"}, "SQ": [{"SN": "chr2", "LN": chr2_length}]}
    with pysam.AlignmentFile(str(path), "wb", header=header) as bam:
        for i, (alts, flags) in enumerate(reads):
            seq = list(ref)
            for pos, base in alts.items():
                seq[pos - start] = base
            seg = pysam.AlignedSegment()
            seg.query_name = f"r{i}"
            seg.query_sequence = "".join(seq)
            seg.flag = flags.get("flag", 0)
            seg.reference_id = 0
            seg.reference_start = start - 1
            seg.mapping_quality = flags.get("mapq", 60)
            seg.cigar = [(0, length)]
            seg.query_qualities = pysam.qualitystring_to_array("I" * length)
            bam.write(seg)
    pysam.index(str(path))
    return str(path)


@pytest.fixture
def near_pair(alk):
    tx = alk["GRCh38"]
    a, b = change_to_vcf(tx, "G1202R"), change_to_vcf(tx, "L1196M")
    return tx, a, b


def _vcf_for(tmp_path, alk, name: str) -> str:
    rows = _sorted([_row(alk, "G1202R"), _row(alk, "L1196M")])
    return str(write_vcf(tmp_path / name, rows))


def test_read_backed_cis(tmp_path, alk, near_pair):
    tx, a, b = near_pair
    reads = [({a[0]: a[2], b[0]: b[2]}, {})] * 8 + [({}, {})] * 8
    bam = _write_bam(tmp_path / "cis.bam", tx, min(a[0], b[0]) - 30, 80, reads)
    comp = _compound(annotate_json("--vcf", _vcf_for(tmp_path, alk, "n.vcf"), "--bam", bam))
    ev = comp["phase_evidence"]
    assert comp["phase"] == "cis" and ev["method"] == "read_backed"
    assert (ev["reads_both"], ev["reads_first_only"], ev["reads_second_only"], ev["reads_neither"]) == (8, 0, 0, 8)
    assert "MAPQ < 20" in ev["rule"]


def test_read_backed_trans_ignores_duplicates_and_low_mapq(tmp_path, alk, near_pair):
    tx, a, b = near_pair
    both = {a[0]: a[2], b[0]: b[2]}
    reads = (
        [({a[0]: a[2]}, {})] * 6
        + [({b[0]: b[2]}, {})] * 6
        + [({}, {})] * 4
        + [(both, {"flag": 1024})] * 10
        + [(both, {"mapq": 5})] * 10
        + [(both, {"flag": 256})] * 3
    )
    bam = _write_bam(tmp_path / "trans.bam", tx, min(a[0], b[0]) - 30, 80, reads)
    comp = _compound(annotate_json("--vcf", _vcf_for(tmp_path, alk, "t.vcf"), "--bam", bam))
    assert comp["phase"] == "trans"
    assert comp["phase_evidence"]["reads_both"] == 0


def test_read_backed_unknown_when_no_read_spans_both(tmp_path, alk):
    tx = alk["GRCh38"]
    b = change_to_vcf(tx, "G1202R")
    reads = [({b[0]: b[2]}, {})] * 5
    bam = _write_bam(tmp_path / "far.bam", tx, b[0] - 30, 60, reads)
    rows = _sorted([_row(alk, "I1171N"), _row(alk, "G1202R")])
    comp = _compound(annotate_json("--vcf", str(write_vcf(tmp_path / "far.vcf", rows)), "--bam", bam))
    assert (
        comp["phase"] == "unknown" and "no read or read pair covers both positions" in comp["phase_evidence"]["summary"]
    )


def test_bam_without_index_or_for_another_build_is_refused(tmp_path, alk, near_pair):
    tx, a, b = near_pair
    bam = _write_bam(tmp_path / "x.bam", tx, min(a[0], b[0]) - 30, 80, [({}, {})])
    (tmp_path / "x.bam.bai").unlink()
    vcf = _vcf_for(tmp_path, alk, "x.vcf")
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", vcf, "--bam", bam, "-o", str(out))
    assert result.exit_code == 2 and "no index" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    other = _write_bam(tmp_path / "b37.bam", tx, min(a[0], b[0]) - 30, 80, [({}, {})], chr2_length=243199373)
    result = run_cli("annotate", "--vcf", vcf, "--bam", other, "-o", str(out))
    assert result.exit_code == 2 and "alignments are on GRCh37" in result.stderr and not out.exists()
