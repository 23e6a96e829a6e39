"""Issue 18 item 10: MET overexpression by IHC at resistance, with no copy-number input, prompted
nothing. It now prompts confirmation of MET amplification or exon 14 skipping by FISH or NGS (seed
000, DAGOGO20), a diagnostic step without a therapeutic level."""

from __future__ import annotations

import alkannot

from ._patients import AFTER_ALECTINIB, fusion, text

MET_HIGH = AFTER_ALECTINIB + "ihc: {MET: {score: 3+, percent: 80}}\n"
RULE = "confirm_met_after_met_overexpression"


def test_met_overexpression_without_copy_number_prompts_confirmation(tmp_path):
    report = alkannot.annotate(clinical=text(tmp_path, "c.yaml", MET_HIGH), fusions=fusion(tmp_path))
    rec = next(r for r in report.recommendations if r.rule == RULE)
    assert "FISH or NGS" in rec.option and rec.level is None and rec.driven_by == ["met_overexpression"]


def test_not_with_a_copy_number_input_or_without_overexpression(tmp_path):
    cnv = text(tmp_path, "cn.tsv", "gene\tcopy_number\nMET\t2\n")
    with_cn = alkannot.annotate(clinical=text(tmp_path, "c.yaml", MET_HIGH), fusions=fusion(tmp_path), cnv=cnv)
    low = alkannot.annotate(
        clinical=text(tmp_path, "l.yaml", AFTER_ALECTINIB + "ihc: {MET: {score: 1+, percent: 80}}\n"),
        fusions=fusion(tmp_path),
    )
    assert RULE not in {r.rule for r in with_cn.recommendations} | {r.rule for r in low.recommendations}
