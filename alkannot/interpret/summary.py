"""One paragraph in plain words for the report's reader, composed from what the interpreter decided
(findings, ALK driver, setting, calls, options). Every writer shows this text; none composes its own."""

from __future__ import annotations

from ..model import AlkDriverStatus, Alteration, Recommendation, ResistanceSetting, TherapyCall

_REPORTED = ("alk_kinase_domain_mutation", "alk_compound_mutation", "bypass", "histologic_transformation", "co_alteration")


def summary(alterations: list[Alteration], driver: AlkDriverStatus, setting: ResistanceSetting | None,
            calls: list[TherapyCall], recs: list[Recommendation], specimen: str | None) -> str:
    parts: list[str] = []
    where = f"{specimen} sample" if specimen else "sample"
    parts.append(f"This {where} was taken {setting.label}." if setting and setting.label.startswith(("after", "on ")) else
                 f"This {where}: {setting.label}." if setting else f"This {where} comes with no treatment history.")
    parts.append({"fusion_detected": "ALK driver: ", "clinical_only": "The ALK driver rests on the clinical record: ",
                  "not_established": "The ALK driver is not established: "}[driver.status] + driver.basis + ".")
    found = [a for a in alterations if a.category in _REPORTED]
    if found:
        parts.append("Found: " + "; ".join(_label(a) for a in found) + ".")
    else:
        parts.append("No ALK resistance mutation, bypass alteration or transformation was found in the inputs read.")
    if setting and setting.explanation:
        parts.append(setting.explanation)
    by_call: dict[str, list[str]] = {}
    for c in calls:
        by_call.setdefault(c.call, []).append(c.drug)
    order = ["sensitive", "intermediate", "resistant", "unknown", "not_applicable"]
    words = {"sensitive": "reported sensitive", "intermediate": "intermediate", "resistant": "reported resistant",
             "unknown": "no evidence", "not_applicable": "not applicable"}
    listed = [f"{words[k]}: {', '.join(by_call[k])}" for k in order if k in by_call]
    if listed:
        parts.append("Per-drug calls — " + "; ".join(listed) + ".")
    if recs:
        top = recs[0]
        level = f"level {top.level}" if top.level else "no therapeutic level"
        parts.append(f"{len(recs)} option(s) the sources describe are listed by evidence level; the first is {top.option} ({level}).")
    parts.append("Decision support: the evidence is stated, not a prescription.")
    return " ".join(parts)


def _label(a: Alteration) -> str:
    vaf = a.variant.vaf if a.variant is not None else None
    return a.name + (f" (VAF {vaf:.1%})" if vaf is not None else "")
