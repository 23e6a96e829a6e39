"""Issue 18: the thresholds and rules that are this tool's conventions (subclonal VAF ratio, plasma
tumour-fraction and VAF thresholds, the progression rule, uncurated compounds, ranking …) were code,
and nothing said a call rested on one. They live in knowledgebase/conventions.yaml marked
`status: convention`, the validator refuses a KB that lacks one the interpreter applies, and every id a
report names is one of them."""

from __future__ import annotations

import shutil

import alkannot
from alkannot.knowledge import CONVENTIONS_USED, validate_knowledgebase

from ._patients import AFTER_LORLATINIB, fusion, kras_g12a, record, text, vcf


def test_every_applied_convention_is_in_the_kb():
    kb = alkannot.load_knowledgebase()
    assert set(CONVENTIONS_USED) <= set(kb.files.conventions)
    assert {c.status for c in kb.files.conventions.values()} == {"convention"}


def test_a_kb_without_one_is_refused(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(alkannot.load_knowledgebase().path, kb)
    path = kb / "conventions.yaml"
    text_ = path.read_text()
    start = text_.index("  subclonal_vaf_ratio:")
    end = text_.index("  plasma_tumour_fraction_min:")
    path.write_text(text_[:start] + text_[end:])
    _, problems = validate_knowledgebase(kb)
    assert any("subclonal_vaf_ratio" in p and "missing" in p for p in problems)


def test_the_threshold_is_read_from_the_kb(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(alkannot.load_knowledgebase().path, kb)
    path = kb / "conventions.yaml"
    path.write_text(path.read_text().replace("    value: 0.25\n", "    value: 0.05\n"))
    sample = vcf(tmp_path, record("G1202R", vaf=0.2), kras_g12a(0.02))
    report = alkannot.annotate(vcf=sample, kb=kb)
    assert not next(a for a in report.alterations if a.gene == "KRAS").subclonal  # 0.02 is not below 0.05 × 0.2


def test_every_convention_a_report_names_is_defined(tmp_path):
    kb = alkannot.load_knowledgebase()
    sample = vcf(tmp_path, record("C1156Y", gt="0|1", ps=3), record("L1196M", gt="0|1", ps=3), kras_g12a(0.01))
    report = alkannot.annotate(
        vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_LORLATINIB), fusions=fusion(tmp_path)
    )
    named = {c for x in (*report.therapies, *report.recommendations, *report.alterations) for c in x.conventions}
    assert {"compound_arose_on_drug", "subclonal_vaf_ratio", "ranking"} <= named <= set(kb.files.conventions)
