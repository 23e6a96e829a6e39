"""One paragraph in plain words for the report's reader, composed from what the interpreter decided
(findings, ALK driver, setting, calls, options). Every writer shows this text; none composes its own."""

from __future__ import annotations

from ..model import AlkDriverStatus, Alteration, AssessedClass, Recommendation, ResistanceSetting, TherapyCall
from .assessed import LABELS

_REPORTED = (
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "histologic_transformation",
    "co_alteration",
    "alk_fusion_loss",
)


def summary(
    alterations: list[Alteration],
    driver: AlkDriverStatus,
    setting: ResistanceSetting | None,
    calls: list[TherapyCall],
    recs: list[Recommendation],
    specimen: str | None,
    assessed: list[AssessedClass] | None = None,
    notes: list[str] | None = None,
) -> str:
    parts: list[str] = []
    where = f"{specimen} sample" if specimen else "sample"
    parts.append(
        f"This {where} was taken {setting.label}."
        if setting and setting.label.startswith(("after", "on "))
        else f"This {where}: {setting.label}."
        if setting
        else f"This {where} comes with no treatment history."
    )
    parts.append(
        (
            "ALK driver: "
            if driver.fusions
            else {
                "established": "The ALK driver rests on the clinical record: ",
                "not_assessed": "ALK positivity is not assessed: ",
                "not_detected": "The ALK driver is not detected: ",
            }[driver.status]
        )
        + driver.basis
        + "."
    )
    found = [a for a in alterations if a.category in _REPORTED]
    if found:
        parts.append("Found: " + "; ".join(_label(a) for a in found) + ".")
    parts.append(_not_found(found, assessed or []))
    parts.extend(n[0].upper() + n[1:] + "." for n in notes or [])
    if setting and setting.explanation:
        parts.append(setting.explanation)
    by_call: dict[str, list[str]] = {}
    for c in calls:
        by_call.setdefault(c.call, []).append(c.drug)
    order = ["sensitive", "intermediate", "resistant", "unknown", "not_applicable"]
    words = {
        "sensitive": "reported sensitive",
        "intermediate": "intermediate",
        "resistant": "reported resistant",
        "unknown": "no evidence",
        "not_applicable": "not applicable",
    }
    listed = [f"{words[k]}: {', '.join(by_call[k])}" for k in order if k in by_call]
    if listed:
        parts.append("Per-drug calls — " + "; ".join(listed) + ".")
    if recs:
        top = recs[0]
        level = f"level {top.level}" if top.level else "no therapeutic level"
        parts.append(
            f"{len(recs)} option(s) the sources describe are listed by evidence level; the first is {top.option} ({level})."
        )
    parts.append("Decision support: the evidence is stated, not a prescription.")
    return " ".join(parts)


def _label(a: Alteration) -> str:
    vaf = a.variant.vaf if a.variant is not None else None
    return a.name + (f" (VAF {vaf:.1%})" if vaf is not None else "") + (", subclonal" if a.subclonal else "")


_CLASS_OF = {
    "alk_kinase_domain_mutation": "alk_kinase_domain_mutation",
    "alk_compound_mutation": "alk_kinase_domain_mutation",
    "histologic_transformation": "histology",
    "alk_fusion_loss": "alk_fusion",
}


def _not_found(found: list[Alteration], assessed: list[AssessedClass]) -> str:
    """'Not found' only for the classes the inputs assessed; the others are named as not assessed."""
    if not assessed:
        return (
            ""
            if found
            else "No ALK resistance mutation, bypass alteration or transformation was found in the inputs read."
        )
    seen = {
        _CLASS_OF.get(
            a.category,
            "copy_number"
            if a.copy_number is not None
            else "alk_fusion"
            if a.fusion is not None
            else "bypass_small_variant",
        )
        for a in found
    }
    empty = [
        LABELS[c.alteration_class]
        for c in assessed
        if c.assessed and c.alteration_class not in seen and c.alteration_class != "alk_fusion"
    ]
    missing = [LABELS[c.alteration_class] for c in assessed if not c.assessed]
    out = []
    if empty:
        out.append(f"Assessed and not found: {', '.join(empty)}.")
    if missing:
        out.append(f"Not assessed by the inputs: {', '.join(missing)}.")
    return " ".join(out)
