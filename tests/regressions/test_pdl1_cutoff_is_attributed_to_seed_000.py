"""KB 1.4.0's immunotherapy rationale attributed the PD-L1 TPS >= 1% cut-off to seed 002, which states no
cut-off; seed 000 defines it. KB 2.0.0's rationale also carries seed 000's note that guidelines exclude
ALK-positive patients from the primary immunotherapy indications."""

from __future__ import annotations

from conftest import EXAMPLES

import alkannot


def test_immunotherapy_rationale_names_its_sources_right(tmp_path):
    ctx = tmp_path / "c.yaml"
    ctx.write_text(
        "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n"
        "ihc: {PD-L1: {tps: 20}}\n"
    )
    report = alkannot.annotate(vcf=EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz", clinical=ctx)
    rec = next(r for r in report.recommendations if r.rule == "immunotherapy_pdl1_positive_after_tki_resistance")
    assert (
        "TPS >= 1% as seed 000 defines it" in rec.rationale and "seed 002's abstract gives no cut-off" in rec.rationale
    )
    assert "exclude ALK-positive patients from the primary indications for immunotherapy" in rec.rationale
    assert "one retrospective cohort of 89 patients" in rec.rationale
