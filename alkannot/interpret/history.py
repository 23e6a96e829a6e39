"""The patient's treatment history, as it bears on the calls: which drugs were given and how each
ended, where the sample stands in the ALK TKI sequence, and whether a finding explains the
progression on the last ALK TKI."""

from __future__ import annotations

from ..knowledge.base import KnowledgeBase
from ..model import ClinicalContext, DrugHistory, ResistanceSetting, TherapyCall, Treatment

ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def courses(context: ClinicalContext | None) -> list[Treatment]:
    """Treatments in the order given, stably re-ordered by line where every course numbers one."""
    if context is None:
        return []
    given = list(context.treatments)
    if given and all(t.line is not None for t in given):
        given.sort(key=lambda t: t.line or 0)
    return given


def alk_tki_courses(context: ClinicalContext | None, kb: KnowledgeBase) -> list[Treatment]:
    return [t for t in courses(context) if (d := kb.drug(t.drug)) is not None and d.kind == "alk_tki"]


def progressed_on(context: ClinicalContext | None) -> set[str]:
    return {t.drug for t in courses(context) if t.stop_reason == "progression"}


def drug_histories(context: ClinicalContext | None) -> dict[str, DrugHistory]:
    """drug → how the patient received it; the most recent course decides how it ended."""
    given = courses(context)
    out: dict[str, DrugHistory] = {}
    for drug in dict.fromkeys(t.drug for t in given):
        mine = [t for t in given if t.drug == drug]
        last = mine[-1]
        parts = [_course_text(t) for t in mine]
        out[drug] = DrugHistory(
            lines=[t.line for t in mine if t.line is not None],
            stop_reason=last.stop_reason,
            most_recent=given[-1].drug == drug,
            summary="; ".join(parts),
        )
    return out


def _course_text(t: Treatment) -> str:
    where = f"given in line {t.line}" if t.line is not None else "given"
    span = (
        f" ({t.start or '?'} to {t.end or ('ongoing' if t.stop_reason == 'ongoing' else '?')})"
        if t.start or t.end
        else ""
    )
    ended = {
        "progression": ", stopped for progression",
        "toxicity": ", stopped for toxicity",
        "other": ", stopped for another reason",
        "ongoing": ", ongoing",
    }.get(t.stop_reason or "", ", how it ended is not stated")
    return f"{where}{span}{ended}"


def resistance_setting(
    context: ClinicalContext | None, kb: KnowledgeBase, calls: list[TherapyCall], names: dict[str, str]
) -> ResistanceSetting | None:
    """Name the setting ('after a second-generation ALK TKI (alectinib)', 'after lorlatinib') and say
    whether a finding reported resistant to the last ALK TKI explains the progression on it."""
    if context is None or not context.treatments:
        return None
    tkis = alk_tki_courses(context, kb)
    if not tkis:
        return ResistanceSetting(label="ALK TKI-naive (no ALK TKI in the treatment history)")
    last = tkis[-1]
    drug = kb.drug(last.drug)
    generation = drug.generation if drug else None
    prior = list(dict.fromkeys(t.drug for t in tkis))
    label = _setting_label(last, generation)
    explained_by, explanation = (
        _progression_explained(last.drug, calls, names) if last.stop_reason == "progression" else ([], None)
    )
    return ResistanceSetting(
        label=label,
        last_alk_tki=last.drug,
        generation=generation,
        stop_reason=last.stop_reason,
        prior_alk_tkis=prior,
        explained_by=explained_by,
        explanation=explanation,
    )


def _progression_explained(drug: str, calls: list[TherapyCall], names: dict[str, str]) -> tuple[list[str], str]:
    """The findings that explain the progression on the last ALK TKI (its call is resistant because of
    them), and the sentence that says so, or why nothing does."""
    call = next((c for c in calls if c.drug == drug), None)
    if call is not None and call.call == "resistant" and call.driven_by:
        found = ", ".join(names.get(i, i) for i in call.driven_by)
        explanation = (
            f"{found}, found at progression on {drug}, is taken to have arisen on it (alkannot convention: "
            "no compound call for it); it explains that progression."
            if "compound_arose_on_drug" in call.conventions
            else f"{found} reported resistant to {drug}, the ALK TKI the patient progressed on."
        )
        return list(call.driven_by), explanation
    if call is not None and call.call == "not_applicable":
        return [], (
            f"Whether a finding explains the progression on {drug} is not assessed: the ALK driver is not "
            "detected in this sample."
        )
    return (
        [],
        f"None of the findings read is reported resistant to {drug}; the progression on it is not explained by them.",
    )


def _setting_label(last: Treatment, generation: int | None) -> str:
    kind = f"a {ORDINAL[generation]}-generation ALK TKI" if generation in ORDINAL else "an ALK TKI"
    if last.stop_reason == "ongoing":
        return f"on {last.drug} ({kind}), ongoing"
    if last.stop_reason in {"toxicity", "other"}:
        why = "toxicity" if last.stop_reason == "toxicity" else "another reason"
        return f"after {last.drug} ({kind}), stopped for {why}, not for progression"
    suffix = "" if last.stop_reason == "progression" else "; how it ended is not stated"
    if generation == 2:
        return f"after {kind} ({last.drug}){suffix}"
    return f"after {last.drug} ({kind}){suffix}"
