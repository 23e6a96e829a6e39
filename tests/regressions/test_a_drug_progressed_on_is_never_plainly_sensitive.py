"""Issue 18 item 3: a drug the tumour progressed on read `sensitive` on a mutation's general profile
(F1174L after alectinib: alectinib sensitive and offered) while "the progression on it is not
explained". The progression rule (a convention, knowledgebase/conventions.yaml): with no finding that
explains the progression, the drug reads unknown, says why, and is not offered on that profile.
Tried for every ALK TKI of the knowledge base."""

from __future__ import annotations

import re

import pytest

import alkannot

from ._patients import calls, fusion, record, text, vcf

KB = alkannot.load_knowledgebase()
TKIS = [d.id for d in KB.alk_tkis]


def sensitive_mutation(drug: str) -> str | None:
    """A single missense mutation the knowledge base calls sensitive to `drug`."""
    for m in KB.files.mutations:
        if re.fullmatch(r"[A-Z]\d+[A-Z]", m.change) and any(c.drug == drug and c.call == "sensitive" for c in m.calls):
            return m.change
    return None


def progressed_on(tmp_path, drug: str):
    return text(
        tmp_path,
        "c.yaml",
        f"alk_status: {{result: positive, method: IHC}}\ntreatments:\n  - {{drug: {drug}, line: 1, stop_reason: progression}}\n",
    )


@pytest.mark.parametrize("drug", TKIS)
def test_with_a_mutation_whose_profile_reads_sensitive(tmp_path, drug):
    change = sensitive_mutation(drug)
    if change is None:
        pytest.skip(f"the knowledge base calls no single missense mutation sensitive to {drug}")
    report = alkannot.annotate(
        vcf=vcf(tmp_path, record(change)), clinical=progressed_on(tmp_path, drug), fusions=fusion(tmp_path)
    )
    call = calls(report)[drug]
    assert call.call != "sensitive" and "progression_rule" in call.conventions
    assert "progressed on" in call.rationale and "no finding read explains" in call.rationale
    assert not any(
        r.drugs == [drug] and r.rule == "alk_tki_active_on_resistance_mutation" for r in report.recommendations
    )


@pytest.mark.parametrize("drug", TKIS)
def test_with_no_finding_at_all(tmp_path, drug):
    report = alkannot.annotate(clinical=progressed_on(tmp_path, drug), fusions=fusion(tmp_path))
    assert calls(report)[drug].call != "sensitive"


def test_a_drug_not_progressed_on_keeps_its_profile(tmp_path):
    report = alkannot.annotate(
        vcf=vcf(tmp_path, record("F1174L")), clinical=progressed_on(tmp_path, "crizotinib"), fusions=fusion(tmp_path)
    )
    assert calls(report)["alectinib"].call == "sensitive" and not calls(report)["alectinib"].conventions
