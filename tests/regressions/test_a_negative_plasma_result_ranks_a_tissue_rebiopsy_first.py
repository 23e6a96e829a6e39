"""Issue 18 item 9: a plasma sample at 0.3% tumour fraction showed "Tumour fraction 0%", no warning,
and ranked lorlatinib and chemotherapy (the tissue no-mutation options) above the re-biopsy. A plasma
sample in which nothing explains the progression ranks a tissue re-biopsy first and says why; below
the tumour-fraction threshold (a convention) a negative plasma result is called uninformative; a
negative plasma result never triggers the tissue no-mutation options; a plasma finding below the
VAF threshold (a convention) carries a caveat."""

from __future__ import annotations

import alkannot
from alkannot.report.html import render_html
from alkannot.report.markdown import render_markdown

from ._patients import AFTER_ALECTINIB, record, text, vcf

PLASMA = AFTER_ALECTINIB.replace("specimen: tissue", "specimen: plasma")


def negative_plasma(tmp_path, fraction: float):
    ctx = text(tmp_path, "c.yaml", PLASMA + f"tumor_fraction: {fraction}\n")
    return alkannot.annotate(vcf=vcf(tmp_path, record("R1275Q")), clinical=ctx)


def test_the_rebiopsy_ranks_first_and_the_tissue_options_do_not_fire(tmp_path):
    report = negative_plasma(tmp_path, 0.05)
    assert report.recommendations[0].rule == "tissue_rebiopsy_after_negative_plasma"
    assert "listed first" in report.recommendations[0].rationale
    assert "no_alk_mutation_after_second_generation" not in {r.rule for r in report.recommendations}
    assert "plasma_uninformative" not in {w.code for w in report.warnings}


def test_below_the_tumour_fraction_threshold_a_negative_result_is_uninformative(tmp_path):
    report = negative_plasma(tmp_path, 0.003)
    warning = next(w for w in report.warnings if w.code == "plasma_uninformative")
    assert "0.3%" in warning.message and "uninformative" in report.summary
    assert "plasma_tumour_fraction_min" in report.recommendations[0].conventions
    assert "0.3%" in render_html(report) and "Tumour fraction** 0.3%" in render_markdown(report)


def test_a_low_vaf_plasma_finding_carries_a_caveat(tmp_path):
    ctx = text(tmp_path, "c.yaml", PLASMA + "tumor_fraction: 0.05\n")
    report = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R", vaf=0.003)), clinical=ctx)
    g1202r = next(a for a in report.alterations if a.name == "ALK p.G1202R")
    assert "plasma_vaf_caveat" in g1202r.conventions and any("detection limit" in c for c in g1202r.caveats)
    tissue = alkannot.annotate(
        vcf=vcf(tmp_path, record("G1202R", vaf=0.003)), clinical=text(tmp_path, "t.yaml", AFTER_ALECTINIB)
    )
    assert not next(a for a in tissue.alterations if a.name == "ALK p.G1202R").caveats
