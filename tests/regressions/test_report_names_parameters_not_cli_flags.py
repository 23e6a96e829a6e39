"""What the pipeline writes into a report names the parameter, not a command-line flag: the Python
API's report said "declared with --build", "(set --build)", "included because --include-filtered was
given", "no BAM/CRAM was given (--bam)" and "(--targets)", flags a caller of `alkannot.annotate()`
never typed. Every text of the report is checked, so a flag in any new message is caught too."""

from __future__ import annotations

import re

import alkannot
from conftest import change_to_vcf, write_vcf

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _flags(report) -> list[str]:
    return [text for text in _texts(report.model_dump(mode="json")) if FLAG.search(text)]


def _rows(alk, build: str, filtered: str = "PASS") -> list[str]:
    rows = []
    for change in ("G1202R", "L1196M"):  # unphased, near each other: a compound whose phase a BAM would tell
        pos, ref, alt = change_to_vcf(alk[build], change)
        rows.append((pos, f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\t{filtered}\tDP=200\tGT:AF\t0/1:0.2"))
    return [r for _, r in sorted(rows)]


def test_a_declared_build_filtered_variants_and_an_unphased_compound_are_worded_by_parameter(tmp_path, alk):
    vcf = write_vcf(tmp_path / "t.vcf", _rows(alk, "GRCh38", "LowQual"))
    report = alkannot.annotate(vcf=vcf, build="GRCh38", include_filtered=True)
    assert report.build_evidence and "declared" in report.build_evidence
    assert any(w.code == "filtered_variant_included" for w in report.warnings)
    assert any(a.category == "alk_compound_mutation" and a.phase == "unknown" for a in report.alterations)
    assert _flags(report) == []


def test_an_assumed_build_is_worded_by_parameter():
    from alkannot.genome.builds import resolve_build

    resolved = resolve_build(None, [], ["a.vcf"])
    assert resolved.evidence.startswith("assumed")
    assert [code for code, _ in resolved.warnings] == ["build_assumed"]
    assert [m for _, m in resolved.warnings if FLAG.search(m)] == []
