"""Alterations × knowledge base → evidence on each alteration and one therapy call per drug.

Rules, each a small named function: a compound entry speaks before its members when the phase is
cis or unknown (and, when unknown, never better than the worst member); in trans the members speak
for themselves; the worst on-target finding limits each drug. Decision support: calls state what
the cited sources report; rationales never instruct."""

from __future__ import annotations

from dataclasses import dataclass

from .knowledge import CompoundEntry, KnowledgeBase, MutationEntry
from .model import Alteration, Evidence, TherapyCall

SINGLE = "alk_kinase_domain_mutation"
COMPOUND = "alk_compound_mutation"
ON_TARGET = {SINGLE, COMPOUND}
# the order in which one finding's call limits a drug: a resistant finding outweighs the rest,
# and a finding with no evidence keeps the drug from reading as sensitive
CALL_SEVERITY = {"resistant": 3, "intermediate": 2, "unknown": 1, "sensitive": 0, "not_applicable": -1}


def kb_entry_for(alt: Alteration, kb: KnowledgeBase, by_id: dict[str, Alteration]) -> MutationEntry | CompoundEntry | None:
    if alt.category == COMPOUND and alt.members:
        changes = [by_id[m].variant.protein_change for m in alt.members if m in by_id and by_id[m].variant]
        return kb.compound(alt.gene, [c for c in changes if c])
    if alt.kb_entry and alt.variant and alt.variant.protein_change:
        return kb.mutation(alt.gene, alt.variant.protein_change)
    return None


def mechanism_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence] | None:
    """Off-target mechanisms: what the sources say of the mechanism, then each strategy they suggest."""
    mech = kb.mechanism(alt.kb_entry) if alt.kb_entry and alt.category in {"bypass", "co_alteration", "histologic_transformation"} else None
    if mech is None:
        return None
    evidence = [Evidence(citations=kb.cite(mech.citations), note=mech.mechanism, status=mech.status)]
    evidence += [Evidence(level=s.level, citations=kb.cite(s.citations), status=s.status,
                          note=f"Strategy the sources suggest: {s.option}" + (f". {s.note}" if s.note else ""))
                 for s in mech.strategies]
    return evidence


def fusion_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence]:
    """What the knowledge base says of a fusion: its EML4::ALK variant label, the partner's facts
    (for PARTNER::ALK, never for a reciprocal ALK::PARTNER), the canonical junction it matches, or a
    bypass gene's facts. Shown on the alteration; fusions do not enter the per-drug calls here."""
    f = alt.fusion
    assert f is not None
    fus = kb.files.fusions
    out: list[Evidence] = []
    if alt.category == "bypass":
        out += [Evidence(citations=kb.cite(x.citations), note=x.summary, status=x.status) for x in kb.bypass_facts(alt.gene)]
        out.append(Evidence(note=f"Counted as an off-target (bypass) alteration by alkannot convention: {fus.bypass_genes.basis}"))
        return out
    if f.three_prime_gene != "ALK":
        return out
    variant = next((v for v in fus.eml4_alk_variants if v.id == alt.kb_entry), None)
    if variant is not None:
        note = f"EML4::ALK {variant.label} = {variant.junction}" + (f"; {variant.note}" if variant.note else "")
        out.append(Evidence(citations=kb.cite(variant.citations), note=note, status=variant.status))
    if f.role == "driver" and f.three_prime_exon == str(fus.alk_kinase_exon.exon):
        out.append(Evidence(citations=kb.cite(fus.alk_kinase_exon.citations), note=fus.alk_kinase_exon.summary))
    partner = kb.fusion_partner(f.five_prime_gene)
    if partner is not None:
        out.append(Evidence(citations=kb.cite(partner.citations), note=partner.summary, status=partner.status))
        out += [Evidence(drug=c.drug, call=c.call, level=c.level, citations=kb.cite(c.citations), note=c.note, status=c.status)
                for c in sorted(partner.calls, key=lambda c: c.drug)]
    return out


def attach_evidence(alterations: list[Alteration], kb: KnowledgeBase) -> list[Alteration]:
    """Copy each matched KB entry's per-drug calls onto its alteration, citations resolved."""
    by_id = {a.id: a for a in alterations}
    out = []
    for alt in alterations:
        mech = mechanism_evidence(alt, kb)
        if mech is not None:
            out.append(alt.model_copy(update={"evidence": mech}))
            continue
        if alt.fusion is not None:
            out.append(alt.model_copy(update={"evidence": fusion_evidence(alt, kb)}))
            continue
        entry = kb_entry_for(alt, kb, by_id)
        if entry is None:
            out.append(alt)
            continue
        evidence = [
            Evidence(drug=c.drug, call=c.call, level=c.level, citations=kb.cite(c.citations), note=c.note, status=c.status)
            for c in sorted(entry.calls, key=lambda c: c.drug)
        ]
        context = getattr(entry, "context", None)
        if entry.citations or context:  # what the sources say of the alteration itself, drug by drug or not
            note = " ".join(x for x in (entry.summary, f"Evidence context: {context}." if context else None) if x)
            evidence.insert(0, Evidence(citations=kb.cite(entry.citations), note=note or None))
        out.append(alt.model_copy(update={"evidence": evidence}))
    return out


@dataclass(frozen=True)
class Finding:
    """One on-target finding as it bears on one drug."""

    id: str
    name: str
    evidence: Evidence | None
    basis: str = ""

    @property
    def call(self) -> str:
        return self.evidence.call if self.evidence is not None and self.evidence.call else "unknown"


def drug_evidence(alt: Alteration, drug: str) -> Evidence | None:
    return next((e for e in alt.evidence if e.drug == drug), None)


def worst(findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The limiting call and the findings that give it."""
    call = max((f.call for f in findings), key=CALL_SEVERITY.__getitem__)
    return call, [f for f in findings if f.call == call]


def compound_finding(compound: Alteration, members: list[Alteration], drug: str) -> Finding:
    """A cis compound speaks for its members; an unknown-phase one is never better than its worst member."""
    own = Finding(compound.id, compound.name, drug_evidence(compound, drug))
    member_findings = [Finding(m.id, m.name, drug_evidence(m, drug)) for m in members]
    if compound.phase == "cis":
        if own.evidence is not None:
            return Finding(own.id, own.name, own.evidence, "compound entry, members in cis")
        _, limiting = worst(member_findings)
        return Finding(own.id, own.name, limiting[0].evidence, f"no compound evidence for this drug; worst member {limiting[0].name}")
    call, limiting = worst(([own] if own.evidence is not None else []) + member_findings)
    source = limiting[0]
    basis = ("compound entry, phase unknown" if source.id == own.id
             else f"phase unknown: at least the worst member's call ({source.name})")
    return Finding(own.id, own.name, source.evidence, basis)


def findings_for(drug: str, alterations: list[Alteration]) -> list[Finding]:
    """The findings that bear on `drug`: compounds with a KB entry replace their members unless in trans."""
    singles = {a.id: a for a in alterations if a.category == SINGLE}
    covered: set[str] = set()
    out: list[Finding] = []
    for comp in (a for a in alterations if a.category == COMPOUND):
        if comp.phase == "trans" or comp.kb_entry is None or not comp.members:
            continue
        members = [singles[m] for m in comp.members if m in singles]
        out.append(compound_finding(comp, members, drug))
        covered.update(comp.members)
    out.extend(Finding(a.id, a.name, drug_evidence(a, drug)) for a in singles.values() if a.id not in covered)
    return out


def therapy_calls(alterations: list[Alteration], kb: KnowledgeBase) -> list[TherapyCall]:
    """One call per ALK TKI (and per other drug an entry names), limited by the worst on-target finding."""
    on_target = [a for a in alterations if a.category in ON_TARGET]
    if not on_target:
        return []
    drugs = [d.id for d in kb.alk_tkis]
    for alt in on_target:
        drugs.extend(e.drug for e in alt.evidence if e.drug and e.drug not in drugs)
    return [_call(drug, findings_for(drug, on_target)) for drug in drugs]


def _call(drug: str, findings: list[Finding]) -> TherapyCall:
    call, limiting = worst(findings)
    subjects = ", ".join(f.name for f in limiting)
    basis = "; ".join(sorted({f.basis for f in limiting if f.basis}))
    basis = f" [{basis}]" if basis else ""
    others = [f"{f.name} {f.call}" + (f" ({f.evidence.level})" if f.evidence and f.evidence.level else "")
              for f in findings if f not in limiting]
    also = f"; the other findings read: {', '.join(others)}" if others else ""
    if call == "unknown":
        return TherapyCall(drug=drug, call="unknown", level=None, driven_by=[f.id for f in limiting],
                           rationale=f"The knowledge base holds no evidence on {drug} for {subjects}{basis}{also}.")
    evs = [f.evidence for f in limiting if f.evidence is not None]
    level = _strongest_level([ev.level for ev in evs if ev.level])
    unconfirmed = any(ev.status == "unconfirmed" for ev in evs)
    rationale = (f"{subjects}: reported {call} to {drug} (level {level})"
                 + (", from a single source marked unconfirmed" if unconfirmed else "") + f"{basis}{also}.")
    return TherapyCall(drug=drug, call=call, level=level, driven_by=[f.id for f in limiting], rationale=rationale,
                       citations=sorted({c for ev in evs for c in ev.citations}))


_LEVEL_ORDER = ["1", "2", "3A", "3B", "4", "R1", "R2"]


def _strongest_level(levels: list[str]) -> str | None:
    """Resistance levels R1 > R2; sensitivity 1 > 2 > 3A > 3B > 4."""
    if not levels:
        return None
    return min(levels, key=lambda lv: _LEVEL_ORDER.index(lv) if lv in _LEVEL_ORDER else len(_LEVEL_ORDER))
