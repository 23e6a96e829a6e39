"""What the knowledge base says of each alteration: per-drug evidence for ALK mutations and
compounds, the mechanism and strategies for off-target findings, the variant and partner facts
for fusions. Nothing here combines alterations; that is `calls.py`."""

from __future__ import annotations

from ..knowledge.base import KnowledgeBase
from ..knowledge.models import CompoundEntry, MutationEntry
from ..model import Alteration, Evidence

COMPOUND = "alk_compound_mutation"


def kb_entry_for(
    alt: Alteration, kb: KnowledgeBase, by_id: dict[str, Alteration]
) -> MutationEntry | CompoundEntry | None:
    if alt.category == COMPOUND and alt.members:
        members = [by_id[m] for m in alt.members if m in by_id]
        changes = [v.protein_change for m in members if (v := m.variant) is not None and v.protein_change]
        return kb.compound(alt.gene, changes)
    if alt.kb_entry and alt.variant and alt.variant.protein_change:
        return kb.mutation(alt.gene, alt.variant.protein_change)
    return None


def mechanism_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence] | None:
    """Off-target mechanisms: what the sources say of the mechanism, then each strategy they suggest."""
    mech = (
        kb.mechanism(alt.kb_entry)
        if alt.kb_entry and alt.category in {"bypass", "co_alteration", "histologic_transformation"}
        else None
    )
    if mech is None:
        return None
    evidence = [Evidence(citations=kb.cite(mech.citations), note=mech.mechanism, status=mech.status)]
    evidence += [
        Evidence(
            level=s.level,
            citations=kb.cite(s.citations),
            status=s.status,
            note=f"Strategy the sources suggest: {s.option}" + (f". {s.note}" if s.note else ""),
        )
        for s in mech.strategies
    ]
    return evidence


def uncurated_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence] | None:
    """A resistance residue or mutation the sources name without a per-drug profile: what they say, and
    that the drug profile is not curated (every drug call reads unknown)."""
    if alt.category != "alk_kinase_domain_mutation" or not alt.kb_entry:
        return None
    change = alt.variant.protein_change if alt.variant else None
    listed = kb.without_profile(alt.gene, change) if change else None  # mutations.yaml resistance_without_profile
    if listed is not None:
        at, citations, status, summary = (
            f"resistance mutation {listed.change}",
            listed.citations,
            listed.status,
            listed.summary,
        )
    else:
        entry = kb.uncurated_by_id(alt.kb_entry)  # a resistance residue
        if entry is None:
            return None
        at = f"resistance residue {entry.residue}" if entry.residue else f"resistance mutation {entry.change}"
        citations, status, summary = entry.citations, entry.status, entry.summary
    return [
        Evidence(
            citations=kb.cite(citations),
            status=status,
            note=(
                f"Drug profile not curated: the knowledge base names {at} without a per-drug profile. {summary or ''}"
            ).rstrip(),
        )
    ]


def group_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence] | None:
    """A compound with no entry of its own, of a family the knowledge base makes calls for (the G1202R-
    or I1171-based compounds found at lorlatinib progression, compounds.yaml `groups`): the family's
    calls speak for it, drug by drug; a drug the family has no call for falls to the compound rules
    of calls.py (convention `uncurated_compound`)."""
    if alt.category != COMPOUND or alt.kb_entry or not alt.compound_group:
        return None
    group = next((g for g in kb.compound_groups if g.id == alt.compound_group), None)
    if group is None or not group.calls:
        return None
    family = f"{group.label}, no entry of its own: the family's call"
    return [Evidence(citations=kb.cite(group.citations), note=group.note, status=group.status)] + [
        Evidence(
            drug=c.drug,
            call=c.call,
            level=c.level,
            citations=kb.cite(c.citations),
            status=c.status,
            note=f"{family}" + (f". {c.note}" if c.note else ""),
        )
        for c in sorted(group.calls, key=lambda c: c.drug)
    ]


def bypass_fusion_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence]:
    """A bypass kinase fusion: the gene's facts, and why it counts as off-target (a convention)."""
    out = [Evidence(citations=kb.cite(x.citations), note=x.summary, status=x.status) for x in kb.bypass_facts(alt.gene)]
    out.append(
        Evidence(note=f"Counted as an off-target (bypass) alteration by alkannot convention: {kb.bypass_genes_basis}")
    )
    return out


def fusion_evidence(alt: Alteration, kb: KnowledgeBase) -> list[Evidence]:
    """What the knowledge base says of a fusion: its EML4::ALK variant label, the partner's facts
    (for PARTNER::ALK, never for a reciprocal ALK::PARTNER), the canonical junction it matches, or a
    bypass gene's facts. Partner calls enter the per-drug calls through `calls.py`."""
    f = alt.fusion
    assert f is not None
    if alt.category == "bypass":
        return bypass_fusion_evidence(alt, kb)
    out: list[Evidence] = []
    if f.three_prime_gene != "ALK":
        return out
    variant = kb.fusion_variant_by_id(alt.kb_entry) if alt.kb_entry else None
    if variant is not None:
        note = f"EML4::ALK {variant.label} = {variant.junction}" + (f"; {variant.note}" if variant.note else "")
        out.append(Evidence(citations=kb.cite(variant.citations), note=note, status=variant.status))
    exon = kb.alk_kinase_exon
    if f.role == "driver" and f.three_prime_exon == str(exon.exon):
        out.append(Evidence(citations=kb.cite(exon.citations), note=exon.summary))
    partner = kb.fusion_partner(f.five_prime_gene)
    if partner is not None:
        out.append(Evidence(citations=kb.cite(partner.citations), note=partner.summary, status=partner.status))
        out += [
            Evidence(
                drug=c.drug, call=c.call, level=c.level, citations=kb.cite(c.citations), note=c.note, status=c.status
            )
            for c in sorted(partner.calls, key=lambda c: c.drug)
        ]
    return out


def entry_evidence(entry: MutationEntry | CompoundEntry, kb: KnowledgeBase) -> list[Evidence]:
    """A matched entry's per-drug calls, after what the sources say of the alteration itself."""
    evidence = [
        Evidence(drug=c.drug, call=c.call, level=c.level, citations=kb.cite(c.citations), note=c.note, status=c.status)
        for c in sorted(entry.calls, key=lambda c: c.drug)
    ]
    context = getattr(entry, "context", None)
    if entry.citations or context:  # what the sources say of the alteration itself, drug by drug or not
        note = " ".join(x for x in (entry.summary, f"Evidence context: {context}." if context else None) if x)
        evidence.insert(0, Evidence(citations=kb.cite(entry.citations), note=note or None))
    return evidence


def evidence_for(alt: Alteration, kb: KnowledgeBase, by_id: dict[str, Alteration]) -> list[Evidence] | None:
    """The first of: an off-target mechanism, a fusion's facts, the alteration's own entry, the residue
    or mutation named without a profile, the compound's family. None: the knowledge base says nothing."""
    mech = mechanism_evidence(alt, kb)
    if mech is not None:
        return mech
    if alt.fusion is not None:
        return fusion_evidence(alt, kb)
    entry = kb_entry_for(alt, kb, by_id)
    if entry is not None and not entry.calls and alt.category == "alk_kinase_domain_mutation":
        entry = None  # mutations.yaml `resistance_without_profile`: no per-drug profile (uncurated_evidence says so)
    if entry is not None:
        return entry_evidence(entry, kb)
    return uncurated_evidence(alt, kb) or group_evidence(alt, kb)


def attach_evidence(alterations: list[Alteration], kb: KnowledgeBase) -> list[Alteration]:
    """Copy each matched KB entry's per-drug calls onto its alteration, citations resolved."""
    by_id = {a.id: a for a in alterations}
    out = []
    for alt in alterations:
        evidence = evidence_for(alt, kb, by_id)
        out.append(alt if evidence is None else alt.model_copy(update={"evidence": evidence}))
    return out
