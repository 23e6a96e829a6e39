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


_CALL_WORDS = {  # in the order the paragraph lists them
    "sensitive": "reported sensitive",
    "intermediate": "intermediate",
    "resistant": "reported resistant",
    "unknown": "no evidence",
    "not_applicable": "not applicable",
}
_DRIVER_OPENING = {
    "established": "The ALK driver rests on the clinical record: ",
    "not_assessed": "ALK positivity is not assessed: ",
    "not_detected": "The ALK driver is not detected: ",
}


def summary(
    alterations: list[Alteration],
    driver: AlkDriverStatus,
    setting: ResistanceSetting | None,
    calls: list[TherapyCall],
    recs: list[Recommendation],
    *,
    specimen: str | None,
    assessed: list[AssessedClass] | None = None,
    notes: list[str] | None = None,
) -> str:
    parts: list[str] = [_setting_sentence(setting, specimen), _driver_sentence(driver)]
    found = [a for a in alterations if a.category in _REPORTED]
    if found:
        parts.append("Found: " + "; ".join(_label(a) for a in found) + ".")
    parts.append(_not_found(found, assessed or []))
    parts.extend(n[0].upper() + n[1:] + "." for n in notes or [])
    if setting and setting.explanation:
        parts.append(setting.explanation)
    parts.extend(_calls_sentence(calls))
    if recs:
        top = recs[0]
        level = f"level {top.level}" if top.level else "no therapeutic level"
        parts.append(
            f"{len(recs)} option(s) the sources describe are listed by evidence level; the first is {top.option} "
            f"({level})."
        )
    parts.append("Decision support: the evidence is stated, not a prescription.")
    return " ".join(parts)


def _setting_sentence(setting: ResistanceSetting | None, specimen: str | None) -> str:
    where = f"{specimen} sample" if specimen else "sample"
    if setting is None:
        return f"This {where} comes with no treatment history."
    if setting.label.startswith(("after", "on ")):
        return f"This {where} was taken {setting.label}."
    return f"This {where}: {setting.label}."


def _driver_sentence(driver: AlkDriverStatus) -> str:
    opening = "ALK driver: " if driver.fusions else _DRIVER_OPENING[driver.status]
    return opening + driver.basis + "."


def _calls_sentence(calls: list[TherapyCall]) -> list[str]:
    """The drugs by call, in the order of `_CALL_WORDS` (no sentence without a call)."""
    by_call: dict[str, list[str]] = {}
    for c in calls:
        by_call.setdefault(c.call, []).append(c.drug)
    listed = [f"{words}: {', '.join(by_call[k])}" for k, words in _CALL_WORDS.items() if k in by_call]
    return ["Per-drug calls — " + "; ".join(listed) + "."] if listed else []


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
