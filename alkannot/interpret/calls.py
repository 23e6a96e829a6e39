"""Alterations × knowledge base × clinical context → one call per drug.

Rules, each a small named function, applied in this order for every drug:
1. `findings_for`: a compound speaks before its members when the phase is cis or unknown (and, when
   unknown, never better than its worst member); in trans the members speak for themselves. Without a
   compound call for the drug, members that all read sensitive make it unknown (convention
   `uncurated_compound`), and a compound found at progression on the drug reads resistant to it
   (convention `compound_arose_on_drug`).
2. `fusion_findings`: a driver fusion's partner evidence for the drug (HIP1::ALK and crizotinib …).
3. `approval_baseline`: with the ALK driver established, no finding for the drug and no ALK TKI
   progression recorded, an approved ALK TKI reads as its approval in ALK-positive NSCLC says.
4. `bypass_limits`: an ALK-independent mechanism limits every drug that does not act on its gene.
   A subclonal off-target finding is a possible limit only (convention `subclonal_vaf_ratio`).
5. `worst`: the worst of these calls limits the drug (resistant > intermediate > unknown > sensitive).
6. `gate`: with the ALK driver not detected, every call is not_applicable; not assessed, the calls
   stand on the assumption of ALK-positive disease (convention `assumed_alk_positive`).
Then the treatment history is laid over the calls (`with_history`; convention `progression_rule`).
Rationales describe what the sources report, each reason once; they never instruct."""

from __future__ import annotations

from typing import NamedTuple

from ..knowledge.base import KnowledgeBase
from ..knowledge.bypass_models import Mechanism
from ..model import AlkDriverStatus, Alteration, ClinicalContext, ClinicalFinding, DrugHistory, Evidence, TherapyCall
from .history import alk_tki_courses, drug_histories, progressed_on

SINGLE = "alk_kinase_domain_mutation"
COMPOUND = "alk_compound_mutation"
ON_TARGET = {SINGLE, COMPOUND}
OFF_TARGET = {"bypass", "co_alteration", "histologic_transformation"}
# the order in which one finding's call limits a drug: a resistant finding outweighs the rest,
# and a finding with no evidence keeps the drug from reading as sensitive
CALL_SEVERITY = {"resistant": 3, "intermediate": 2, "unknown": 1, "sensitive": 0, "not_applicable": -1}


class Finding(NamedTuple):
    """One finding (an alteration, the approval baseline or a bypass limit) as it bears on one drug."""

    id: str
    name: str
    evidence: Evidence | None
    basis: str = ""
    conventions: tuple[str, ...] = ()

    @property
    def call(self) -> str:
        return self.evidence.call if self.evidence is not None and self.evidence.call else "unknown"


def drug_evidence(alt: Alteration, drug: str) -> Evidence | None:
    return next((e for e in alt.evidence if e.drug == drug), None)


def worst(findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The limiting call and the findings that give it."""
    call = max((f.call for f in findings), key=CALL_SEVERITY.__getitem__)
    return call, [f for f in findings if f.call == call]


def compound_finding(
    compound: Alteration, members: list[Alteration], drug: str, arose_on: str | None = None
) -> Finding:
    """A compound's own call for the drug speaks for it (in cis; an unknown-phase one never better than
    its worst member). Without one the compound is not the sum of its members: a member that reads
    resistant or intermediate limits it, members that all read sensitive leave it unknown, and a
    compound found at progression on the drug is taken to have arisen on it."""
    own = Finding(compound.id, compound.name, drug_evidence(compound, drug))
    member_findings = [Finding(m.id, m.name, drug_evidence(m, drug)) for m in members]
    phase = "members in cis" if compound.phase == "cis" else "phase unknown"
    if own.evidence is not None:  # its own entry's call, or its family's (compounds.yaml groups) when it has no entry
        entry = (
            "compound entry"
            if compound.kb_entry
            else f"the {compound.compound_group} compounds' call (no entry of its own)"
        )
        if compound.phase == "cis":
            return Finding(own.id, own.name, own.evidence, f"{entry}, members in cis")
        _, limiting = worst([own] + member_findings)
        source = limiting[0]
        basis = (
            f"{entry}, phase unknown"
            if source.id == own.id
            else f"phase unknown: at least the worst member's call ({source.name})"
        )
        return Finding(own.id, own.name, source.evidence, basis)
    if drug == arose_on:
        ev = Evidence(
            drug=drug,
            call="resistant",
            level=None,
            status="established",
            note=f"found at progression on {drug}, with no compound call for it (alkannot convention)",
        )
        return Finding(
            own.id,
            own.name,
            ev,
            f"{phase}; found at progression on {drug}: taken to have arisen on it",
            ("compound_arose_on_drug",),
        )
    call, limiting = worst(member_findings) if member_findings else ("unknown", [])
    if call in {"resistant", "intermediate"}:
        return Finding(
            own.id,
            own.name,
            limiting[0].evidence,
            f"{phase}, no compound call for this drug; limited by member {limiting[0].name}",
        )
    reason = (
        "every member alone reads sensitive, which does not show activity on the compound"
        if call == "sensitive"
        else f"worst member {', '.join(f.name for f in limiting)} has no call for it"
        if limiting
        else "its members are not read"
    )
    return Finding(
        own.id, own.name, None, f"{phase}, no compound call for this drug: {reason}", ("uncurated_compound",)
    )


def findings_for(drug: str, alterations: list[Alteration], arose_on: str | None = None) -> list[Finding]:
    """The on-target findings that bear on `drug`: a compound in cis or of unknown phase replaces its
    members; in trans the members speak for themselves."""
    singles = {a.id: a for a in alterations if a.category == SINGLE}
    covered: set[str] = set()
    out: list[Finding] = []
    for comp in (a for a in alterations if a.category == COMPOUND):
        if comp.phase == "trans" or not comp.members:
            continue
        members = [singles[m] for m in comp.members if m in singles]
        out.append(compound_finding(comp, members, drug, arose_on))
        covered.update(comp.members)
    out.extend(Finding(a.id, a.name, drug_evidence(a, drug)) for a in singles.values() if a.id not in covered)
    return out


def driver_fusions(alterations: list[Alteration]) -> list[Alteration]:
    return [a for a in alterations if a.category == "alk_fusion" and a.fusion is not None and a.fusion.role == "driver"]


def fusion_findings(drug: str, alterations: list[Alteration]) -> list[Finding]:
    """A driver fusion speaks for a drug only where its partner's evidence names the drug."""
    return [
        Finding(a.id, a.name, ev, "fusion partner evidence")
        for a in driver_fusions(alterations)
        if (ev := drug_evidence(a, drug)) is not None
    ]


def driver_status(
    alterations: list[Alteration], context: ClinicalContext | None, fusion_input: bool
) -> AlkDriverStatus:
    """The ALK driver's three states: established (a driver fusion seen here, or ALK positivity stated
    by the clinical context: many patients are ALK-positive by IHC alone); not_detected (a fusion input
    holds no ALK driver, or the context states ALK negative, and nothing states positivity); else
    not_assessed, where the calls assume ALK-positive disease, the setting the tool is made for."""
    drivers = driver_fusions(alterations)
    if drivers:
        return AlkDriverStatus(
            status="established",
            fusions=[a.id for a in drivers],
            basis=f"{', '.join(a.name for a in drivers)} seen in this sample",
        )
    why = _no_driver_seen(context, fusion_input)
    status = context.alk_status if context is not None else None
    if status is not None and status.result == "positive":
        method = f" by {status.method}" if status.method else ""
        return AlkDriverStatus(status="established", basis=f"ALK-positive{method} per the clinical context; {why}")
    if fusion_input or (status is not None and status.result == "negative"):
        stated = (
            f"the clinical context states ALK {status.result}"
            if status is not None
            else "the clinical context does not state ALK positivity"
        )
        return AlkDriverStatus(status="not_detected", basis=f"{why}, and {stated}")
    stated = (
        f"the clinical context states ALK {status.result}" if status is not None else "no clinical ALK status is stated"
    )
    return AlkDriverStatus(
        status="not_assessed",
        conventions=["assumed_alk_positive"],
        basis=f"{why} and {stated}; the calls assume ALK-positive disease, the setting alkannot is made for",
    )


def _no_driver_seen(context: ClinicalContext | None, fusion_input: bool) -> str:
    """Why this sample shows no ALK driver fusion: no fusion input, or one that holds none."""
    if not fusion_input:
        return "no fusion input was given"
    plasma = context is not None and context.specimen == "plasma"
    return "the fusion input(s) show no ALK driver fusion" + (
        " (a plasma specimen: a fusion not detected in plasma may still be in the tumour)" if plasma else ""
    )


def approval_baseline(
    drug: str, kb: KnowledgeBase, driver: AlkDriverStatus, context: ClinicalContext | None
) -> Finding | None:
    """An approved ALK TKI with no finding for it, the driver established and no ALK TKI progression
    recorded, reads as its approval says (the KB's level-1 anchor)."""
    d = kb.drug(drug)
    rule = kb.recommendations.approval_baseline
    if d is None or d.kind != "alk_tki" or d.status != "approved" or driver.status == "not_detected":
        return None
    if progressed_on(context) & {t.drug for t in alk_tki_courses(context, kb)}:
        return None
    ident = driver.fusions[0] if driver.fusions else "alk_status"
    name = (
        "the ALK driver fusion"
        if driver.fusions
        else "assumed ALK positivity"
        if driver.status == "not_assessed"
        else "clinical ALK positivity"
    )
    ev = Evidence(
        drug=drug, call=rule.call, level=rule.level, citations=kb.cite(d.citations), note=rule.note, status=rule.status
    )
    return Finding(ident, name, ev, f"{rule.note}; no ALK TKI progression is recorded")


class Limit(NamedTuple):
    """An off-target alteration limits ALK-only drugs, for the KB mechanism named here or, when None,
    as a bypass kinase fusion the KB lists only as a bypass gene."""

    mechanism: Mechanism | None


def limiting_mechanism(alt: Alteration, kb: KnowledgeBase) -> Limit | None:
    """Whether (and by which KB mechanism) an off-target alteration limits ALK-only drugs."""
    if alt.category not in OFF_TARGET:
        return None
    mech = kb.mechanism(alt.kb_entry) if alt.kb_entry else None
    if mech is not None:
        return Limit(mech) if mech.limits_alk_tkis else None
    return Limit(None) if alt.category == "bypass" and alt.fusion is not None else None


def limits_drug(alt: Alteration, drug: str, kb: KnowledgeBase) -> bool:
    """Whether an off-target alteration limits this drug (the drug does not act on its gene)."""
    limit = limiting_mechanism(alt, kb)
    if limit is None:
        return False
    d = kb.drug(drug)
    gene = limit.mechanism.gene if limit.mechanism else alt.gene
    return not (gene and d is not None and gene in d.targets)


def bypass_limits(drug: str, alterations: list[Alteration], kb: KnowledgeBase) -> list[Finding]:
    """Each clonal ALK-independent mechanism limits a drug that does not act on the mechanism's gene
    (a subclonal one is a possible limit only: `possible_limits`)."""
    d = kb.drug(drug)
    targets = set(d.targets) if d else set()
    rule = kb.recommendations.bypass_limit
    out = []
    for alt in alterations:
        limit = limiting_mechanism(alt, kb)
        if limit is None or alt.subclonal:
            continue
        mechanism = limit.mechanism
        gene = mechanism.gene if mechanism else alt.gene
        if gene and gene in targets:
            continue
        citations = mechanism.citations if mechanism else [c for f in kb.bypass_facts(alt.gene) for c in f.citations]
        status = mechanism.status if mechanism else "unconfirmed"
        ev = Evidence(
            drug=drug,
            call=rule.call,
            level=rule.level_for(mechanism),
            citations=kb.cite(citations),
            status=status,
            note=f"{rule.basis} (alkannot convention)",
        )
        # one short reason, the same for every mechanism, so a rationale states it once; the strategies are options
        out.append(
            Finding(
                alt.id,
                alt.name,
                ev,
                f"ALK-independent mechanism that {drug} does not act on (alkannot convention)",
                ("bypass_limit",),
            )
        )
    return out


def therapy_calls(
    alterations: list[Alteration],
    kb: KnowledgeBase,
    driver: AlkDriverStatus | None = None,
    context: ClinicalContext | None = None,
    findings: list[ClinicalFinding] | None = None,
) -> list[TherapyCall]:
    """One call per ALK TKI (and per other drug an entry names)."""
    driver = driver or driver_status(alterations, context, fusion_input=False)
    on_target = [a for a in alterations if a.category in ON_TARGET]
    histories = drug_histories(context)
    progressed = progressed_on(context)
    arose_on = progression_drug(context, kb)
    subclonal = [a for a in alterations if a.subclonal]
    calls = []
    for drug in drugs_to_call(on_target + driver_fusions(alterations), kb):
        found = findings_for(drug, on_target, arose_on) + fusion_findings(drug, alterations)
        found = found or [_without_finding(drug, kb, driver, context)]
        call = _call(drug, found + bypass_limits(drug, alterations, kb), kb)
        call = with_possible_limits(call, [a for a in subclonal if limits_drug(a, drug, kb)])
        call = gate(call, driver)
        call = with_history(call, histories.get(drug), drug in progressed)
        calls.append(with_clinical_notes(call, findings or [], kb))
    return calls


def drugs_to_call(speaking: list[Alteration], kb: KnowledgeBase) -> list[str]:
    """Every ALK TKI, in KB order, then each other drug the on-target findings' and driver fusions'
    evidence names, in the order they name it."""
    drugs = [d.id for d in kb.alk_tkis]
    for alt in speaking:
        drugs.extend(e.drug for e in alt.evidence if e.drug and e.drug not in drugs)
    return drugs


def _without_finding(drug: str, kb: KnowledgeBase, driver: AlkDriverStatus, context: ClinicalContext | None) -> Finding:
    """A drug no finding speaks for: its approval baseline where that applies, else no finding."""
    baseline = approval_baseline(drug, kb, driver, context)
    return baseline or Finding("", "", None, _no_finding_basis(drug, kb, driver))


def progression_drug(context: ClinicalContext | None, kb: KnowledgeBase) -> str | None:
    """The ALK TKI this sample was taken at progression on: the last ALK TKI, when it ended in progression."""
    tkis = alk_tki_courses(context, kb)
    return tkis[-1].drug if tkis and tkis[-1].stop_reason == "progression" else None


def with_possible_limits(call: TherapyCall, subclonal: list[Alteration]) -> TherapyCall:
    """A subclonal off-target finding is named as a possible limit; it does not set the call."""
    if not subclonal:
        return call
    names = ", ".join(a.name for a in subclonal)
    return call.model_copy(
        update={
            "possible_limits": [a.id for a in subclonal],
            "conventions": sorted(set(call.conventions) | {"subclonal_vaf_ratio"}),
            "rationale": f"{call.rationale} Possible limit: {names}, subclonal (far below the ALK findings' VAF or the "
            f"tumour fraction; alkannot convention), which does not alone set the call.",
        }
    )


def _no_finding_basis(drug: str, kb: KnowledgeBase, driver: AlkDriverStatus) -> str:
    d = kb.drug(drug)
    if d is not None and d.status == "approved" and driver.status != "not_detected":
        return "no finding for it, and the approval-based call does not apply after a recorded ALK TKI progression"
    return "no finding for it"


def gate(call: TherapyCall, driver: AlkDriverStatus) -> TherapyCall:
    """With the ALK driver not detected, an ALK-directed call does not apply (what the findings alone
    would give is kept in the rationale); not assessed, the call stands on the assumption of
    ALK-positive disease, and says so."""
    if driver.status == "not_assessed":
        return call.model_copy(update={"conventions": sorted(set(call.conventions) | set(driver.conventions))})
    if driver.status != "not_detected":
        return call
    return call.model_copy(
        update={
            "call": "not_applicable",
            "level": None,
            "status": "established",
            "rationale": f"Not applicable: the ALK driver is not detected ({driver.basis}). "
            f"The findings alone would read {call.call}: {call.rationale}",
        }
    )


def with_history(call: TherapyCall, history: DrugHistory | None, progressed: bool) -> TherapyCall:
    """Mark a drug already given, and say whether the findings explain a progression on it."""
    if history is None:
        return call
    update: dict = {"history": history}
    text = f" The patient received {call.drug}: {history.summary}."
    if progressed:
        if call.call == "resistant" and call.driven_by:
            update["explains_progression"] = list(call.driven_by)
            text += " The limiting finding(s) explain that progression."
        elif call.call == "sensitive":
            # convention `progression_rule`: a general profile does not outweigh the observed progression
            update.update(call="unknown", level=None, conventions=sorted(set(call.conventions) | {"progression_rule"}))
            return call.model_copy(
                update={
                    **update,
                    "rationale": (
                        f"The tumour progressed on {call.drug} ({history.summary}) and no finding read explains that "
                        f"progression; the general profile ({call.rationale.rstrip('.')}) is not taken as activity "
                        "after it (alkannot convention)."
                    ),
                }
            )
        elif call.call != "not_applicable":
            text += " None of the findings read is reported resistant to it, so they do not explain that progression."
    update["rationale"] = call.rationale + text
    return call.model_copy(update=update)


def with_clinical_notes(call: TherapyCall, findings: list[ClinicalFinding], kb: KnowledgeBase) -> TherapyCall:
    """Clinical findings the KB ties to a drug (MET overexpression and alectinib, seed 000) are noted, not counted."""
    rule = kb.clinical_rules.met_overexpression
    if call.drug not in rule.drugs or not any(f.code == "met_overexpression" and f.value == "yes" for f in findings):
        return call
    cites = sorted(set(call.citations) | set(kb.cite(rule.citations)))
    return call.model_copy(update={"rationale": f"{call.rationale} Also noted: {rule.note}", "citations": cites})


def _reasons(findings: list[Finding], limiting: list[Finding]) -> str:
    """' [the limiting findings' bases]; the other findings read: …', each part only when there is one."""
    basis = "; ".join(sorted({f.basis for f in limiting if f.basis}))
    others = [
        f"{f.name} {f.call}" + (f" ({f.evidence.level})" if f.evidence and f.evidence.level else "")
        for f in findings
        if f not in limiting and f.name
    ]
    return (f" [{basis}]" if basis else "") + (f"; the other findings read: {', '.join(others)}" if others else "")


def _names(limiting: list[Finding]) -> str:
    return ", ".join(f.name for f in limiting if f.name)


def _driven_by(limiting: list[Finding]) -> list[str]:
    return [f.id for f in limiting if f.id]


def _conventions(limiting: list[Finding]) -> list[str]:
    return sorted({c for f in limiting for c in f.conventions})


def _unknown_call(drug: str, kind: str | None, limiting: list[Finding], reasons: str) -> TherapyCall:
    subjects = _names(limiting)
    about = f" for {subjects}" if subjects else ""
    return TherapyCall(
        drug=drug,
        call="unknown",
        level=None,
        driven_by=_driven_by(limiting),
        drug_kind=kind,
        conventions=_conventions(limiting),
        rationale=f"The knowledge base holds no evidence on {drug}{about}{reasons}.",
    )


def _evidenced_call(drug: str, call: str, kind: str | None, limiting: list[Finding], reasons: str) -> TherapyCall:
    """A call the limiting findings' evidence gives: its strongest level, unconfirmed if any source is,
    'read' rather than 'reported' when it rests on alkannot conventions and no source."""
    conventions = _conventions(limiting)
    evs = [f.evidence for f in limiting if f.evidence is not None]
    level = strongest_level([ev.level for ev in evs if ev.level])
    unconfirmed = any(ev.status == "unconfirmed" for ev in evs)
    verb = "read" if conventions and not any(ev.citations for ev in evs) else "reported"
    rationale = (
        f"{_names(limiting)}: {verb} {call} to {drug}"
        + (f" (level {level})" if level else " (no evidence level)")
        + (", from a source marked unconfirmed" if unconfirmed else "")
        + f"{reasons}."
    )
    return TherapyCall(
        drug=drug,
        call=call,
        level=level,
        driven_by=_driven_by(limiting),
        rationale=rationale,
        drug_kind=kind,
        status="unconfirmed" if unconfirmed else "established",
        conventions=conventions,
        citations=sorted({c for ev in evs for c in ev.citations}),
    )


def _call(drug: str, findings: list[Finding], kb: KnowledgeBase) -> TherapyCall:
    """The worst finding's call for the drug, with a rationale naming what gives it and what else was read."""
    call, limiting = worst(findings)
    d = kb.drug(drug)
    kind = d.kind if d else None
    reasons = _reasons(findings, limiting)
    if call == "unknown":
        return _unknown_call(drug, kind, limiting, reasons)
    return _evidenced_call(drug, call, kind, limiting, reasons)


LEVEL_ORDER = ["1", "2", "3A", "3B", "4", "R1", "R2"]


def strongest_level(levels: list[str]) -> str | None:
    """Resistance levels R1 > R2; sensitivity 1 > 2 > 3A > 3B > 4."""
    if not levels:
        return None
    return min(levels, key=lambda lv: LEVEL_ORDER.index(lv) if lv in LEVEL_ORDER else len(LEVEL_ORDER))
