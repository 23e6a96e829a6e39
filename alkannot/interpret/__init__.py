"""Alterations × knowledge base × clinical context → evidence on each alteration, one call per drug,
the treatment-history setting, ranked options and a plain-words summary.

- `evidence.py`: what the knowledge base says of each alteration on its own;
- `clonality.py`: subclonal off-target findings and low-VAF plasma caveats (conventions);
- `calls.py`: the rules that combine alterations into one call per drug;
- `history.py`: drugs given, the resistance setting, whether a finding explains the progression;
- `recommend.py`: ranked options from the knowledge base's rules;
- `summary.py`: the paragraph every writer shows."""

from __future__ import annotations

from typing import NamedTuple

from ..knowledge.base import KnowledgeBase
from ..model import (
    AlkDriverStatus,
    Alteration,
    AssessedClass,
    ClinicalContext,
    ClinicalFinding,
    Evidence,
    Recommendation,
    ResistanceSetting,
    TherapyCall,
)
from .calls import driver_status, therapy_calls
from .clonality import read_limits
from .evidence import attach_evidence
from .history import resistance_setting
from .recommend import explaining, recommendations
from .summary import summary

__all__ = ["Interpretation", "attach_evidence", "interpret", "therapy_calls"]


class Interpretation(NamedTuple):
    alterations: list[Alteration]
    driver: AlkDriverStatus
    setting: ResistanceSetting | None
    calls: list[TherapyCall]
    recommendations: list[Recommendation]
    summary: str
    warnings: list[tuple[str, str]]


def fusion_loss(
    driver: AlkDriverStatus, context: ClinicalContext | None, fusion_input: bool, kb: KnowledgeBase
) -> list[Alteration]:
    """In a patient known to be ALK-positive, a tissue fusion test that no longer finds an ALK driver
    fusion is a finding (`alk_fusion_loss`), not a reason to drop the calls (a plasma test is not: a
    fusion not detected in plasma may still be in the tumour)."""
    if (
        driver.status != "established"
        or driver.fusions
        or not fusion_input
        or (context is not None and context.specimen == "plasma")
    ):
        return []
    note = (
        "The fusion input(s) show no ALK driver fusion in a patient the clinical context states ALK-positive: loss of the "
        "ALK fusion is described in clonal evolution after resistance (seed 000), or a sampling or assay difference."
    )
    return [
        Alteration(
            id="ALK:fusion_loss",
            category="alk_fusion_loss",
            gene="ALK",
            name="ALK driver fusion not detected",
            evidence=[Evidence(note=note, citations=kb.cite(["SEED000"]))],
        )
    ]


def interpret(
    alterations: list[Alteration],
    kb: KnowledgeBase,
    context: ClinicalContext | None,
    findings: list[ClinicalFinding],
    fusion_input: bool,
    assessed: list[AssessedClass] | None = None,
) -> Interpretation:
    """Alterations must already carry their evidence (`attach_evidence`); they come back marked with
    what limits their reading (subclonal, plasma caveats)."""
    alterations = read_limits(alterations, context, kb)
    driver = driver_status(alterations, context, fusion_input)
    alterations = alterations + fusion_loss(driver, context, fusion_input, kb)
    calls = therapy_calls(alterations, kb, driver, context, findings)
    names = {a.id: a.name for a in alterations}
    setting = resistance_setting(context, kb, calls, names)
    assessed = assessed or []
    recs = recommendations(alterations, calls, driver, setting, context, kb, assessed)
    warnings = []
    if driver.status == "established" and not driver.fusions:
        warnings.append(
            (
                "alk_fusion_not_seen",
                f"the ALK fusion was not seen in this sample; calls stand on the clinical ALK status ({driver.basis})",
            )
        )
    elif driver.status == "not_detected":
        warnings.append(("alk_driver_not_detected", f"ALK TKI calls are not applicable: {driver.basis}"))
    elif driver.status == "not_assessed":
        warnings.append(
            (
                "alk_driver_assumed",
                f"ALK positivity is not assessed ({driver.basis}); confirm ALK positivity (alkannot convention)",
            )
        )
    plasma = context is not None and context.specimen == "plasma"
    floor = kb.convention("plasma_tumour_fraction_min").value or 0
    if (
        plasma
        and context is not None
        and context.tumor_fraction is not None
        and context.tumor_fraction < floor
        and not explaining(alterations)
    ):
        warnings.append(
            (
                "plasma_uninformative",
                (
                    f"plasma tumour fraction {context.tumor_fraction:.1%} is below {floor:.0%}: a negative plasma result is "
                    "uninformative (alkannot convention); it does not show that the tumour carries no resistance alteration"
                ),
            )
        )
    text = summary(
        alterations,
        driver,
        setting,
        calls,
        recs,
        context.specimen if context else None,
        assessed,
        [m for c, m in warnings if c == "plasma_uninformative"],
    )
    return Interpretation(alterations, driver, setting, calls, recs, text, warnings)
