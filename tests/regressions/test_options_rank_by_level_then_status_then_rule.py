"""Issue 18 item 7: options ranked by level then rule only, so for I1171N an unconfirmed brigatinib
call outranked an established ceritinib one. Options now rank by level, then established before
unconfirmed, then rule order (convention `ranking`). The seed cases are pinned: G1202R after a
second-generation TKI → lorlatinib first (seed 001, LIN17); I1171N → the approved TKIs the sources
call active (ceritinib, seed 001; brigatinib and lorlatinib, LIN17/LINJTO18); no mutation after a
second-generation TKI → seed 001's lorlatinib or platinum-pemetrexed chemotherapy."""

from __future__ import annotations


import alkannot

from ._patients import AFTER_ALECTINIB, fusion, record, text, vcf


def ranked(tmp_path, *records):
    sample = vcf(tmp_path, *records) if records else None
    report = alkannot.annotate(vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB), fusions=fusion(tmp_path))
    return report.recommendations


def test_g1202r_after_a_second_generation_tki_ranks_lorlatinib_first(tmp_path):
    recs = ranked(tmp_path, record("G1202R"))
    assert recs[0].drugs == ["lorlatinib"] and recs[0].rule == "alk_tki_active_on_resistance_mutation"


def test_i1171n_lists_the_active_approved_tkis_established_first(tmp_path):
    recs = ranked(tmp_path, record("I1171N"))
    # KB 2.0.0 moved brigatinib for I1171N from 3A to 4 (one partial response among 5 pooled patients,
    # LINJTO18): at one level, the established lorlatinib call ranks before the unconfirmed brigatinib one
    assert [r.drugs for r in recs[:3]] == [["ceritinib"], ["lorlatinib"], ["brigatinib"]]
    assert [(r.level, r.status) for r in recs[:3]] == [
        ("3A", "established"),
        ("4", "established"),
        ("4", "unconfirmed"),
    ]
    assert all("ranking" in r.conventions for r in recs)


def test_no_mutation_after_a_second_generation_tki_gives_the_seed_001_options(tmp_path):
    recs = ranked(tmp_path, record("R1275Q"))  # ALK sequenced (a VUS read), no resistance mutation
    assert [r.option for r in recs] == [
        "Lorlatinib (third-generation ALK TKI)",
        "Platinum-pemetrexed-based chemotherapy",
    ]
    assert {r.rule for r in recs} == {"no_alk_mutation_after_second_generation"}


def test_p01_ranks_lorlatinib_first():
    """P01 (G1202R after alectinib, PD-L1 TPS 5%): the immunotherapy option ranked first at 3A; KB 2.0.0
    gives it no level (one retrospective cohort, against the guidelines' exclusion), so lorlatinib leads."""
    from conftest import EXAMPLES

    report = alkannot.annotate(
        vcf=EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz",
        clinical=EXAMPLES / "P01.clinical.yaml",
        fusions=EXAMPLES / "P01.fusions.txt",
    )
    assert report.recommendations[0].drugs == ["lorlatinib"]
