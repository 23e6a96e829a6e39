"""Alterations × knowledge base × clinical context → evidence on each alteration, one call per drug,
the treatment-history setting, ranked options and a plain-words summary.

- `evidence.py`: what the knowledge base says of each alteration on its own;
- `calls.py`: the rules that combine alterations into one call per drug;
- `history.py`: drugs given, the resistance setting, whether a finding explains the progression;
- `recommend.py`: ranked options from the knowledge base's rules;
- `summary.py`: the paragraph every writer shows."""

from __future__ import annotations

from typing import NamedTuple

from ..knowledge import KnowledgeBase
from ..model import AlkDriverStatus, Alteration, ClinicalContext, ClinicalFinding, Recommendation, ResistanceSetting, TherapyCall
from .calls import driver_status, therapy_calls
from .evidence import attach_evidence
from .history import resistance_setting
from .recommend import recommendations
from .summary import summary

__all__ = ["Interpretation", "attach_evidence", "interpret", "therapy_calls"]


class Interpretation(NamedTuple):
    driver: AlkDriverStatus
    setting: ResistanceSetting | None
    calls: list[TherapyCall]
    recommendations: list[Recommendation]
    summary: str
    warnings: list[tuple[str, str]]


def interpret(alterations: list[Alteration], kb: KnowledgeBase, context: ClinicalContext | None,
              findings: list[ClinicalFinding], fusion_input: bool) -> Interpretation:
    """Alterations must already carry their evidence (`attach_evidence`)."""
    driver = driver_status(alterations, context, fusion_input)
    calls = therapy_calls(alterations, kb, driver, context, findings)
    names = {a.id: a.name for a in alterations}
    setting = resistance_setting(context, kb, calls, names)
    recs = recommendations(alterations, calls, driver, setting, context, kb)
    warnings = []
    if driver.status == "clinical_only":
        warnings.append(("alk_fusion_not_seen", f"the ALK fusion was not seen in this sample; calls stand on the clinical ALK status ({driver.basis})"))
    elif driver.status == "not_established":
        warnings.append(("alk_driver_not_established", f"ALK TKI calls are not applicable: {driver.basis}"))
    text = summary(alterations, driver, setting, calls, recs, context.specimen if context else None)
    return Interpretation(driver, setting, calls, recs, text, warnings)
