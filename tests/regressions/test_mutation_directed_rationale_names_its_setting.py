"""KB 1.4.0's mutation-directed option quoted seed 001's figure (PFS 8.6 vs 2.7 months) as if it applied
in every setting, also after crizotinib; the figure is for patients progressing on a second-generation
ALK TKI. KB 2.0.0's rationale names the setting of each figure."""

from __future__ import annotations

from conftest import EXAMPLES

import alkannot


def test_rationale_says_which_setting_each_figure_comes_from(tmp_path):
    ctx = tmp_path / "c.yaml"
    ctx.write_text("alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: crizotinib, line: 1, stop_reason: progression}\n")
    report = alkannot.annotate(vcf=EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz", clinical=ctx)
    recs = [r for r in report.recommendations if r.rule == "alk_tki_active_on_resistance_mutation"]
    assert recs
    for r in recs:
        assert "In patients progressing on a second-generation ALK TKI, a subsequent ALK TKI gave a median PFS of 8.6 vs 2.7" in r.rationale
        assert "after one or two ALK TKIs of any generation" in r.rationale
