"""Issue 18 item 6: a 2% KRAS G12A beside a 20% G1202R turned every ALK TKI, lorlatinib included,
`resistant`; the only option left was a clinical trial of neladalkib, which the table read
`resistant`. A bypass far below the ALK findings' VAF (or the tumour fraction) is marked subclonal
(convention `subclonal_vaf_ratio`), reported as a possible limit, and does not alone set a call; the
grid, the calls and the options agree."""

from __future__ import annotations

import alkannot
from alkannot.report.html import render_html

from ._patients import AFTER_ALECTINIB, calls, fusion, kras_g12a, record, text, vcf


def annotate(tmp_path, kras_vaf: float, clinical: str = AFTER_ALECTINIB, alk: bool = True):
    records = [kras_g12a(kras_vaf)] + ([record("G1202R", vaf=0.2)] if alk else [])
    return alkannot.annotate(
        vcf=vcf(tmp_path, *records), clinical=text(tmp_path, "c.yaml", clinical), fusions=fusion(tmp_path)
    )


def test_a_subclonal_kras_is_a_possible_limit_only(tmp_path):
    report = annotate(tmp_path, 0.02)
    kras = next(a for a in report.alterations if a.gene == "KRAS")
    assert kras.subclonal and "subclonal_vaf_ratio" in kras.conventions and kras.caveats
    lor = calls(report)["lorlatinib"]
    assert lor.call == "sensitive" and lor.possible_limits == [kras.id] and "subclonal_vaf_ratio" in lor.conventions
    assert (
        report.recommendations[0].drugs == ["lorlatinib"]
        and "subclonal_vaf_ratio" in report.recommendations[0].conventions
    )
    # no option names a drug whose own call reads resistant
    resistant = {t.drug for t in report.therapies if t.call == "resistant"}
    assert not any(set(r.drugs) & resistant for r in report.recommendations if r.rule != "bypass_strategy")


def test_the_grid_shows_the_possible_limit(tmp_path):
    report = annotate(tmp_path, 0.02)
    page = render_html(report)
    assert "possible limit (subclonal)" in page


def test_a_clonal_kras_still_limits(tmp_path):
    report = annotate(tmp_path, 0.18)
    kras = next(a for a in report.alterations if a.gene == "KRAS")
    assert not kras.subclonal and calls(report)["lorlatinib"].call == "resistant"


def test_without_an_alk_finding_the_tumour_fraction_is_the_reference(tmp_path):
    low = annotate(tmp_path, 0.02, AFTER_ALECTINIB + "tumor_fraction: 0.6\n", alk=False)
    assert next(a for a in low.alterations if a.gene == "KRAS").subclonal
    high = annotate(tmp_path, 0.25, AFTER_ALECTINIB + "tumor_fraction: 0.6\n", alk=False)
    assert not next(a for a in high.alterations if a.gene == "KRAS").subclonal
