"""A --build that the inputs' evidence contradicts is refused (exit 2, naming both builds), not
obeyed at the cost of the findings.

What broke: `--build GRCh37` on a GRCh38 file whose header says GRCh38 (chr2's length) read the
GRCh37 ALK region, found nothing there and reported "no known ALK kinase-domain resistance
mutation", exit 0; the contradiction was only a JSON warning. A headerless GRCh38 file was read the
same way, and fusion breakpoints that fit the other build were read as declared."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, shared_path, write_vcf

G1202R_38 = "chr2\t29220747\t.\tC\tT\t.\tPASS\tDP=311\tGT:AD\t0/1:254,57"


def _refused(tmp_path, *args: str) -> str:
    out = tmp_path / "r.json"
    result = run_cli("annotate", *args, "-o", str(out))
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: ") and "Traceback" not in result.stderr
    assert not out.exists()
    return lines[0]


def test_header_contig_length_contradicts_the_declared_build(tmp_path):
    vcf = write_vcf(tmp_path / "g38.vcf", [G1202R_38])  # ##contig chr2 length 242193529: GRCh38
    line = _refused(tmp_path, "--vcf", str(vcf), "--build", "GRCh37")
    assert "g38.vcf" in line and "--build GRCh37" in line and "GRCh38" in line and "242193529" in line


def test_ref_alleles_contradict_the_declared_build(tmp_path):
    vcf = write_vcf(tmp_path / "nohdr.vcf", [G1202R_38], contig="##contig=<ID=chr2>")  # no length, no ##reference
    line = _refused(tmp_path, "--vcf", str(vcf), "--build", "GRCh37")
    assert "--build GRCh37" in line and "REF allele" in line and "is the file GRCh38?" in line


def test_fusion_breakpoints_contradict_the_declared_build(tmp_path):
    line = _refused(
        tmp_path,
        "--fusions",
        str(shared_path("realworld", "fusion", "pcgr", "pcgr.T001-COAD.grch37.fusions.tsv")),
        "--build",
        "GRCh38",
    )
    assert "--build GRCh38" in line and "GRCh37" in line and "breakpoints" in line


@pytest.mark.parametrize("build", ["GRCh38", "hg38"])
def test_a_declared_build_the_evidence_agrees_with_is_used(tmp_path, build):
    out = tmp_path / "r.json"
    result = run_cli(
        "annotate", "--vcf", str(write_vcf(tmp_path / "g38.vcf", [G1202R_38])), "--build", build, "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["genome_build"] == "GRCh38" and [a["name"] for a in report["alterations"]] == ["ALK p.G1202R"]


def test_a_stale_reference_line_beside_chr2s_length_is_a_warning(tmp_path):
    vcf = write_vcf(tmp_path / "stale.vcf", [G1202R_38], header=["##reference=file:///refs/hg19.fa"])
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(vcf), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["genome_build"] == "GRCh38"
    assert any(w["code"] == "build_conflict" and "hg19" in w["message"] for w in report["warnings"])
