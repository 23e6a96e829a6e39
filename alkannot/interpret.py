"""Alterations × knowledge base → evidence on each alteration and one therapy call per drug.

Decision support: calls state what the cited sources report; rationales never instruct."""

from __future__ import annotations

from .knowledge import KnowledgeBase
from .model import Alteration, Evidence, TherapyCall

ON_TARGET = {"alk_kinase_domain_mutation"}
# the order in which one alteration's call limits a drug: a resistant member outweighs the rest,
# and a member with no evidence keeps the drug from reading as sensitive
CALL_SEVERITY = {"resistant": 3, "intermediate": 2, "unknown": 1, "sensitive": 0, "not_applicable": -1}


def attach_evidence(alterations: list[Alteration], kb: KnowledgeBase) -> list[Alteration]:
    """Copy each matched KB entry's per-drug calls onto its alteration, citations resolved."""
    out = []
    for alt in alterations:
        entry = kb.mutation(alt.gene, alt.variant.protein_change) if alt.kb_entry and alt.variant else None
        if entry is None:
            out.append(alt)
            continue
        evidence = [
            Evidence(drug=c.drug, call=c.call, level=c.level, citations=kb.cite(c.citations), note=c.note, status=c.status)
            for c in sorted(entry.calls, key=lambda c: c.drug)
        ]
        if entry.citations:  # what the sources say of the mutation itself, drug by drug or not
            evidence.insert(0, Evidence(citations=kb.cite(entry.citations), note=entry.summary))
        out.append(alt.model_copy(update={"evidence": evidence}))
    return out


def worst_call(calls: list[tuple[str, Evidence | None]]) -> tuple[str, list[int]]:
    """The limiting call among (alteration id, evidence-or-None) pairs and the indices that give it."""
    def call_of(ev: Evidence | None) -> str:
        return ev.call if ev is not None and ev.call else "unknown"

    worst = max((call_of(ev) for _, ev in calls), key=CALL_SEVERITY.__getitem__)
    return worst, [i for i, (_, ev) in enumerate(calls) if call_of(ev) == worst]


def therapy_calls(alterations: list[Alteration], kb: KnowledgeBase) -> list[TherapyCall]:
    """One call per ALK TKI (and per other drug an entry names), limited by the worst on-target call."""
    on_target = [a for a in alterations if a.category in ON_TARGET]
    if not on_target:
        return []
    drugs = [d.id for d in kb.alk_tkis]
    for alt in on_target:
        drugs.extend(e.drug for e in alt.evidence if e.drug and e.drug not in drugs)
    calls = []
    for drug in drugs:
        pairs = [(a.id, next((e for e in a.evidence if e.drug == drug), None)) for a in on_target]
        call, idx = worst_call(pairs)
        driving = [pairs[i] for i in idx]
        names = {a.id: a.name for a in on_target}
        subjects = ", ".join(names[i] for i, _ in driving)
        others = [
            f"{names[aid]} {ev.call if ev and ev.call else 'unknown'}" + (f" ({ev.level})" if ev and ev.level else "")
            for aid, ev in pairs if (aid, ev) not in driving
        ]
        also = f"; the other findings read: {', '.join(others)}" if others else ""
        if call == "unknown":
            level, citations = None, []
            rationale = f"The knowledge base holds no evidence on {drug} for {subjects}{also}."
        else:
            evs = [ev for _, ev in driving if ev is not None]
            level = _strongest_level([ev.level for ev in evs if ev.level])
            citations = sorted({c for ev in evs for c in ev.citations})
            unconfirmed = any(ev.status == "unconfirmed" for ev in evs)
            rationale = (
                f"{subjects}: reported {call} to {drug} (level {level})"
                + (", from a single source marked unconfirmed" if unconfirmed else "") + f"{also}."
            )
        calls.append(TherapyCall(drug=drug, call=call, level=level, driven_by=[i for i, _ in driving], rationale=rationale, citations=citations))
    return calls


_LEVEL_ORDER = ["1", "2", "3A", "3B", "4", "R1", "R2"]


def _strongest_level(levels: list[str]) -> str | None:
    """Resistance levels R1 > R2; sensitivity 1 > 2 > 3A > 3B > 4."""
    if not levels:
        return None
    return min(levels, key=lambda lv: _LEVEL_ORDER.index(lv) if lv in _LEVEL_ORDER else len(_LEVEL_ORDER))
