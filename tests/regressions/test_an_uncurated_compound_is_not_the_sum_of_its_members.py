"""Issue 18 item 4: G1202R + L1196M in cis after lorlatinib read lorlatinib `sensitive`, ranked
first, "the progression on it is not explained" (the same for G1202R + G1269A and an unphased
G1202R + L1196M). Without a compound call for a drug, members that all read sensitive leave the
compound unknown (convention `uncurated_compound`), a resistant member still limits it, and a
compound found at progression on a drug is the explanation of that progression (convention
`compound_arose_on_drug`). Since KB 2.0.0 a G1202R- or I1171-based compound without an entry takes
its family's call (test_a_compound_without_an_entry_takes_its_familys_call.py), so the convention
rules are tested here on compounds of no family."""

from __future__ import annotations

import pytest

import alkannot

from ._patients import (
    AFTER_ALECTINIB,
    AFTER_LORLATINIB,
    calls,
    fusion,
    record,
    text,
    vcf,
)

PAIRS = [("C1156Y", "L1196M"), ("L1196M", "G1269A")]  # no entry of their own, of no compound family


def compound(report):
    return next(a for a in report.alterations if a.category == "alk_compound_mutation")


@pytest.mark.parametrize("pair", PAIRS)
def test_found_at_progression_on_lorlatinib_it_explains_that_progression(tmp_path, pair):
    sample = vcf(tmp_path, *(record(c, gt="0|1", ps=7) for c in pair))
    report = alkannot.annotate(
        vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_LORLATINIB), fusions=fusion(tmp_path)
    )
    comp = compound(report)
    assert comp.phase == "cis" and comp.kb_entry is None
    lor = calls(report)["lorlatinib"]
    assert lor.call == "resistant" and lor.driven_by == [comp.id] and "compound_arose_on_drug" in lor.conventions
    assert lor.explains_progression == [comp.id] and report.resistance_setting.explained_by == [comp.id]
    assert not any("lorlatinib" in r.drugs for r in report.recommendations)
    assert calls(report)["crizotinib"].call == "resistant"  # a resistant member still limits it


@pytest.mark.parametrize("pair", PAIRS)
def test_members_that_all_read_sensitive_leave_the_compound_unknown(tmp_path, pair):
    sample = vcf(tmp_path, *(record(c, gt="0|1", ps=7) for c in pair))
    report = alkannot.annotate(vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB), fusions=fusion(tmp_path))
    lor = calls(report)["lorlatinib"]
    assert lor.call == "unknown" and "uncurated_compound" in lor.conventions
    assert "every member alone reads sensitive" in lor.rationale
    assert report.recommendations == [] or report.recommendations[0].drugs != ["lorlatinib"]


def test_an_unphased_pair_reads_the_same(tmp_path):
    sample = vcf(tmp_path, record("G1202R"), record("L1196M"))
    report = alkannot.annotate(
        vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_LORLATINIB), fusions=fusion(tmp_path)
    )
    assert compound(report).phase == "unknown"
    assert (
        calls(report)["lorlatinib"].call == "resistant" and "progression on it is not explained" not in report.summary
    )


def test_in_trans_the_members_speak_for_themselves(tmp_path):
    sample = vcf(tmp_path, record("G1202R", gt="0|1", ps=7), record("L1196M", gt="1|0", ps=7))
    report = alkannot.annotate(vcf=sample, clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB), fusions=fusion(tmp_path))
    assert compound(report).phase == "trans" and calls(report)["lorlatinib"].call == "sensitive"
