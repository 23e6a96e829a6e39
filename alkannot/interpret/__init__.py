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
    ReportWarning,
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
    warnings: list[ReportWarning]


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
        "The fusion input(s) show no ALK driver fusion in a patient the clinical context states ALK-positive: "
        "loss of the ALK fusion is described in clonal evolution after resistance (seed 000), or a sampling or "
        "assay difference."
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


def driver_warnings(driver: AlkDriverStatus) -> list[ReportWarning]:
    """What the reader must know of the ALK driver the calls rest on (seen, assumed or not detected)."""
    if driver.status == "established" and not driver.fusions:
        return [
            ReportWarning(
                code="alk_fusion_not_seen",
                message=(
                    "the ALK fusion was not seen in this sample; calls stand on the clinical ALK status "
                    f"({driver.basis})"
                ),
            )
        ]
    if driver.status == "not_detected":
        return [
            ReportWarning(code="alk_driver_not_detected", message=f"ALK TKI calls are not applicable: {driver.basis}")
        ]
    if driver.status == "not_assessed":
        return [
            ReportWarning(
                code="alk_driver_assumed",
                message=(
                    f"ALK positivity is not assessed ({driver.basis}); confirm ALK positivity (alkannot convention)"
                ),
            )
        ]
    return []


def plasma_warnings(
    alterations: list[Alteration], context: ClinicalContext | None, kb: KnowledgeBase
) -> list[ReportWarning]:
    """A plasma sample below the tumour-fraction floor with nothing explaining the progression: its
    negative result is uninformative (convention `plasma_tumour_fraction_min`)."""
    floor = kb.convention("plasma_tumour_fraction_min").value or 0
    if (
        context is None
        or context.specimen != "plasma"
        or context.tumor_fraction is None
        or context.tumor_fraction >= floor
        or explaining(alterations)
    ):
        return []
    return [
        ReportWarning(
            code="plasma_uninformative",
            message=(
                f"plasma tumour fraction {context.tumor_fraction:.1%} is below {floor:.0%}: a negative plasma "
                "result is uninformative (alkannot convention); it does not show that the tumour carries no "
                "resistance alteration"
            ),
        )
    ]


def interpret(
    alterations: list[Alteration],
    kb: KnowledgeBase,
    context: ClinicalContext | None,
    findings: list[ClinicalFinding],
    fusion_input: bool,
    *,
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
    recs = recommendations(
        alterations, calls, driver=driver, setting=setting, context=context, kb=kb, assessed=assessed
    )
    plasma = plasma_warnings(alterations, context, kb)
    text = summary(
        alterations,
        driver,
        setting,
        calls,
        recs,
        specimen=context.specimen if context else None,
        assessed=assessed,
        notes=[w.message for w in plasma],
    )
    return Interpretation(alterations, driver, setting, calls, recs, text, driver_warnings(driver) + plasma)
