"""Issue 18 item 1: a VCF alone (the most common input) gave `not_applicable` for every drug, the
evidence hidden in a rationale. The ALK driver now has three states: established (a driver fusion,
or clinical ALK positivity), not_assessed (no fusion input, no clinical statement: the calls stand on
assumed ALK-positive disease, with a warning to confirm it) and not_detected (calls not applicable)."""

from __future__ import annotations

import alkannot

from ._patients import calls, fusion, record, text, vcf


def test_a_vcf_alone_gives_calls_that_assume_alk_positive_disease(tmp_path):
    report = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R")))
    assert report.alk_driver.status == "not_assessed"
    by_drug = calls(report)
    assert by_drug["lorlatinib"].call == "sensitive" and by_drug["alectinib"].call == "resistant"
    assert all("assumed_alk_positive" in t.conventions for t in report.therapies)
    assert "alk_driver_assumed" in {w.code for w in report.warnings}
    assert "assume ALK-positive disease" in report.summary
    assert report.recommendations and report.recommendations[0].drugs == ["lorlatinib"]


def test_a_fusion_input_without_an_alk_driver_is_not_detected(tmp_path):
    report = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R")), fusions=text(tmp_path, "f.txt", "KIF5B::RET\n"))
    assert report.alk_driver.status == "not_detected"
    assert {t.call for t in report.therapies} == {"not_applicable"}
    assert not any(r.drugs and r.drugs[0] == "lorlatinib" for r in report.recommendations)


def test_clinical_alk_positivity_or_a_fusion_establishes_it(tmp_path):
    ctx = text(tmp_path, "c.yaml", "alk_status: {result: positive, method: IHC}\n")
    clinical = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R")), clinical=ctx)
    seen = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R")), fusions=fusion(tmp_path))
    assert clinical.alk_driver.status == seen.alk_driver.status == "established"
    assert seen.alk_driver.fusions and not clinical.alk_driver.fusions
    for report in (clinical, seen):
        assert not any("assumed_alk_positive" in t.conventions for t in report.therapies)
        assert calls(report)["lorlatinib"].call == "sensitive"


def test_a_tissue_fusion_test_that_misses_a_known_fusion_is_the_fusion_loss_finding(tmp_path):
    ctx = text(tmp_path, "c.yaml", "specimen: tissue\nalk_status: {result: positive, method: IHC}\n")
    report = alkannot.annotate(
        vcf=vcf(tmp_path, record("G1202R")), clinical=ctx, fusions=text(tmp_path, "f.txt", "KIF5B::RET\n")
    )
    assert report.alk_driver.status == "established"
    assert [a.category for a in report.alterations if a.gene == "ALK" and a.variant is None] == ["alk_fusion_loss"]
    assert calls(report)["alectinib"].call == "resistant" and "ALK driver fusion not detected" in report.summary
    plasma = text(tmp_path, "p.yaml", "specimen: plasma\nalk_status: {result: positive, method: IHC}\n")
    in_plasma = alkannot.annotate(
        vcf=vcf(tmp_path, record("G1202R")), clinical=plasma, fusions=text(tmp_path, "f.txt", "KIF5B::RET\n")
    )
    assert "alk_fusion_loss" not in {a.category for a in in_plasma.alterations}


def test_every_option_of_an_unassessed_driver_says_it_assumes_alk_positivity(tmp_path):
    history = text(tmp_path, "h.yaml", "treatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n")
    report = alkannot.annotate(vcf=vcf(tmp_path, record("R1275Q")), clinical=history)
    assert report.alk_driver.status == "not_assessed" and report.recommendations
    assert all("assumed_alk_positive" in r.conventions for r in report.recommendations)
    lor = calls(alkannot.annotate(vcf=vcf(tmp_path, record("R1275Q"))))["lorlatinib"]
    assert (
        lor.call == "sensitive"
        and "assumed ALK positivity" in lor.rationale
        and "clinical ALK positivity" not in lor.rationale
    )
