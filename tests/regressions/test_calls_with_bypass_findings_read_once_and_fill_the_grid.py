"""Issue 18 item 12: with bypass findings the drug × alteration grid showed "no entry" in every cell
while every drug was `resistant`, and each drug's rationale repeated the same bracketed clause three
times (50-107 words). The grid shows the limit each finding places on a drug; a rationale states
each reason once."""

from __future__ import annotations

import alkannot
from alkannot.report.html import render_html
from alkannot.report.view import Citations, grid

from ._patients import AFTER_ALECTINIB, calls, fusion, kras_g12a, text, vcf


def three_bypasses(tmp_path):
    cnv = text(tmp_path, "cn.tsv", "gene\tcopy_number\nMET\t9\nKRAS\t9\n")
    return alkannot.annotate(
        vcf=vcf(tmp_path, kras_g12a(0.3)),
        cnv=cnv,
        clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB),
        fusions=fusion(tmp_path),
    )


def test_each_reason_is_stated_once(tmp_path):
    report = three_bypasses(tmp_path)
    lor = calls(report)["lorlatinib"]
    assert lor.call == "resistant" and len(lor.driven_by) == 3
    assert lor.rationale.count("ALK-independent mechanism") == 1
    assert len(lor.rationale.split()) < 50


def test_the_grid_shows_the_limit_of_each_finding(tmp_path):
    report = three_bypasses(tmp_path)
    view = grid(report, Citations())
    bypass = [i for i, a in enumerate(view.columns) if a.category == "bypass"]
    assert len(bypass) == 3
    row = next(r for r in view.rows if r.drug == "lorlatinib")
    assert all(row.cells[i].call == "resistant" and row.cells[i].drives for i in bypass)
    crizotinib = next(r for r in view.rows if r.drug == "crizotinib")  # acts on MET: MET places no limit on it
    met = next(i for i in bypass if view.columns[i].gene == "MET")
    assert crizotinib.cells[met].call is None
    assert (
        "no entry"
        not in render_html(report)
        .split('id="therapies"')[0]
        .split('class="grid-row" data-drug="lorlatinib"')[1]
        .split("</tr>")[0]
    )
