"""A genotype that contradicts the sample's own measure (GT 0/0 with AF 0.3 or alt reads) is a
warning naming the line, in the report and on the terminal.

What broke: a tumour genotype 0/0 with 30% alt reads was either a finding or nothing, without a
word that the caller's output disagrees with itself. The genotype decides (a caller that writes 0/0
has called the site reference); the warning sends the reader to the line."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, write_vcf

from alkannot.readers.presence import HOM_REF

GRCH37 = "##contig=<ID=chr2,length=243199373>"
G1202R = "chr2\t29443613\t.\tC\tT\t.\tPASS\tDP=300"


def _run(tmp_path, fmt: str, value: str) -> tuple[dict, str, int]:
    path = write_vcf(tmp_path / "c.vcf", [f"{G1202R}\t{fmt}\t{value}"], contig=GRCH37)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("chr2\t29443613"))
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text()), result.stderr, line


@pytest.mark.parametrize(
    "fmt,value,shown", [("GT:AF", "0/0:0.3", "allele fraction 0.3"), ("GT:AD", "0/0:210,90", "90 alt reads")]
)
def test_hom_ref_with_alt_evidence_is_warned_and_not_listed(tmp_path, fmt, value, shown):
    report, stderr, line = _run(tmp_path, fmt, value)
    warned = [w["message"] for w in report["warnings"] if w["code"] == "genotype_contradiction"]
    assert len(warned) == 1 and f"c.vcf:{line}:" in warned[0] and "0/0" in warned[0] and shown in warned[0]
    assert report["alterations"] == [] and report["other_variants_counted"][0]["reason"] == HOM_REF
    assert any("0/0" in ln and f":{line}:" in ln for ln in stderr.splitlines() if ln.startswith("alkannot: warning: "))


def test_carried_alt_without_alt_evidence_is_warned_and_listed(tmp_path):
    report, _, line = _run(tmp_path, "GT:AD:AF", "0/1:300,0:0")
    warned = [w["message"] for w in report["warnings"] if w["code"] == "genotype_contradiction"]
    assert len(warned) == 1 and f":{line}:" in warned[0] and "read as present" in warned[0]
    assert [a["name"] for a in report["alterations"]] == ["ALK p.G1202R"]


def test_agreeing_genotype_and_measure_are_not_warned(tmp_path):
    for fmt, value in (("GT:AD", "0/1:200,100"), ("GT:AD", "0/0:300,0")):
        report, _, _ = _run(tmp_path, fmt, value)
        assert "genotype_contradiction" not in {w["code"] for w in report["warnings"]}
