"""KB 1.4.0 listed crizotinib for any MET copy number >= 5, while seed 000 cites NCCN for crizotinib in
*high-level* MET amplification; and seed 001's MET amplification at CN 4.5 read as a plain gain. KB 2.0.0
names the tiers (high-level, amplification, gain) with their sources."""

from __future__ import annotations

import alkannot


def _report(tmp_path, cn):
    cnv = tmp_path / "cn.tsv"
    cnv.write_text(f"gene\tcopy_number\nMET\t{cn}\n")
    fus = tmp_path / "f.txt"
    fus.write_text("EML4(13)-ALK(20)\n")
    ctx = tmp_path / "c.yaml"
    ctx.write_text(
        "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n"
    )
    return alkannot.annotate(fusions=fus, cnv=cnv, clinical=ctx)


def _options(report):
    return {r.option: r.level for r in report.recommendations if r.rule == "bypass_strategy"}


def test_crizotinib_is_listed_for_high_level_amplification_only(tmp_path):
    high = _options(_report(tmp_path, 12))
    assert high.get("Crizotinib (ALK and MET activity)") == "3B"
    low = _options(_report(tmp_path, 6))
    assert "Crizotinib (ALK and MET activity)" not in low and "Dual ALK and MET inhibition" in low


def test_copy_number_4_5_reads_as_a_gain_with_seed_001s_note(tmp_path):
    met = next(a for a in _report(tmp_path, 4.5).alterations if a.gene == "MET")
    assert met.copy_number.call == "gain"
    assert "tier: gain" in met.copy_number.rule and "copy number 4.5" in met.copy_number.rule
