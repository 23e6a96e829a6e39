"""KB 1.4.0's mutation-directed option quoted seed 001's figure (PFS 8.6 vs 2.7 months) as if it applied
in every setting, also after crizotinib; the figure is for patients progressing on a second-generation
ALK TKI. The figure is now quoted only in its setting (`by_setting`), and seed 004's, which speaks for
one or two ALK TKIs of any generation, in every setting."""

from __future__ import annotations

from conftest import EXAMPLES

import alkannot


def test_rationale_says_which_setting_each_figure_comes_from(tmp_path):
    ctx = tmp_path / "c.yaml"
    ctx.write_text(
        "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: crizotinib, line: 1, stop_reason: progression}\n"
    )
    report = alkannot.annotate(vcf=EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz", clinical=ctx)
    recs = [r for r in report.recommendations if r.rule == "alk_tki_active_on_resistance_mutation"]
    assert recs
    for r in recs:  # after crizotinib only
        assert "8.6 vs 2.7" not in r.rationale and "seed 001" not in r.rationale
        assert (
            "every patient given a TKI presumed active on the detected mutant had disease control (seed 004)"
            in r.rationale
        )
