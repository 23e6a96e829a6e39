"""Ranked options (decision support, never orders): each rule of knowledgebase/recommendations.yaml
names a situation; the predicate of the same name below says whether this sample is in it, and the
option builder of the same name lists what the sources describe for it. Options are ranked by
evidence level, then established before unconfirmed, then by the order of the rules in the knowledge
base, then by name (convention `ranking`, knowledgebase/conventions.yaml)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..knowledge.base import KnowledgeBase
from ..knowledge.bypass_models import RecommendationRule
from ..knowledge.models import Drug
from ..model import (
    AlkDriverStatus,
    Alteration,
    AssessedClass,
    ClinicalContext,
    Recommendation,
    ResistanceSetting,
    TherapyCall,
)
from .assessed import is_assessed
from .calls import ON_TARGET, limiting_mechanism

EXPLAINING = {"alk_kinase_domain_mutation", "alk_compound_mutation", "bypass", "histologic_transformation"}
FIRST = {"plasma_without_findings"}
"""Situations whose options rank first (convention `ranking`): with nothing in plasma explaining the
progression, reading the tumour itself comes before any treatment chosen on that negative result."""


def explaining(alterations: list[Alteration]) -> list[Alteration]:
    """Findings that could explain a progression (a subclonal off-target finding alone does not)."""
    return [a for a in alterations if a.category in EXPLAINING and not a.subclonal]


RANKED_LEVELS = ["1", "2", "3A", "3B", "4"]


class Situation(NamedTuple):
    """Everything a rule may look at."""

    alterations: list[Alteration]
    calls: list[TherapyCall]
    driver: AlkDriverStatus
    setting: ResistanceSetting | None
    context: ClinicalContext | None
    kb: KnowledgeBase
    assessed: list[AssessedClass]

    @property
    def plasma(self) -> bool:
        return self.context is not None and self.context.specimen == "plasma"

    @property
    def driver_established(self) -> bool:
        return self.driver.status != "not_detected"

    @property
    def on_target(self) -> list[Alteration]:
        return [a for a in self.alterations if a.category in ON_TARGET]

    @property
    def progressed_on_alk_tki(self) -> bool:
        return self.setting is not None and self.setting.stop_reason == "progression"

    def call(self, drug: str) -> TherapyCall | None:
        return next((c for c in self.calls if c.drug == drug), None)

    def approved_alk_tkis(self) -> list[str]:
        return [d.id for d in self.kb.alk_tkis if d.status == "approved"]

    def name(self, ident: str) -> str:
        return next((a.name for a in self.alterations if a.id == ident), ident)


# ---------------------------------------------------------------- situations (rule `when`)


def alk_resistance_mutation(s: Situation) -> bool:
    return s.driver_established and bool(s.on_target)


def no_alk_mutation_after_second_generation(s: Situation) -> bool:
    """Seed 001's tissue setting: ALK sequenced and no mutation found; never on a negative plasma result."""
    limited = any(limiting_mechanism(a, s.kb) is not None and not a.subclonal for a in s.alterations)
    return (
        s.driver_established
        and not s.on_target
        and not limited
        and s.progressed_on_alk_tki
        and not s.plasma
        and is_assessed(s.assessed, "alk_kinase_domain_mutation")
        and s.setting is not None
        and s.setting.generation == 2
    )


def bypass_mechanism(s: Situation) -> bool:
    return any(a.category in {"bypass", "co_alteration"} for a in s.alterations)


def pdl1_positive_after_alk_tki_resistance(s: Situation) -> bool:
    ihc = s.context.ihc if s.context is not None else None
    if ihc is None or ihc.PD_L1 is None or not s.progressed_on_alk_tki:
        return False
    negative = s.kb.clinical_rules.pdl1_categories[0]  # the first category is TPS-negative
    return ihc.PD_L1.tps >= negative.max


def histologic_transformation(s: Situation) -> bool:
    return any(a.category == "histologic_transformation" for a in s.alterations)


def plasma_without_findings(s: Situation) -> bool:
    """A plasma sample in which nothing explains the progression (or nothing is found at all)."""
    if not s.plasma:
        return False
    if s.progressed_on_alk_tki and s.setting is not None:
        return not s.setting.explained_by
    return not explaining(s.alterations)


def met_overexpression_without_copy_number(s: Situation) -> bool:
    """MET overexpression by IHC at resistance, with no copy-number input to read MET amplification."""
    met = any(f.code == "met_overexpression" and f.value == "yes" for f in clinical_findings(s))
    return met and s.progressed_on_alk_tki and not is_assessed(s.assessed, "copy_number")


def clinical_findings(s: Situation) -> list:
    from ..classify.clinical import clinical_findings as read

    return read(s.context, s.kb) if s.context is not None else []


def no_approved_alk_tki_active(s: Situation) -> bool:
    """On-target findings leave no approved ALK TKI sensitive, and at least one resistant (a drug with no
    evidence reads unknown, and an intermediate one has activity the sources call compromised: neither
    is activity to rest on)."""
    calls = [c.call for d in s.approved_alk_tkis() if (c := s.call(d)) is not None]
    return s.driver_established and bool(s.on_target) and "resistant" in calls and "sensitive" not in calls


SITUATIONS: dict[str, Callable[[Situation], bool]] = {
    f.__name__: f
    for f in (
        alk_resistance_mutation,
        no_alk_mutation_after_second_generation,
        bypass_mechanism,
        pdl1_positive_after_alk_tki_resistance,
        histologic_transformation,
        plasma_without_findings,
        no_approved_alk_tki_active,
        met_overexpression_without_copy_number,
    )
}


# ---------------------------------------------------------------- options


def _fixed(rule: RecommendationRule, s: Situation) -> list[Recommendation]:
    cites = s.kb.cite(rule.citations)
    driven = [a.id for a in s.on_target] if rule.when == "alk_resistance_mutation" else []
    if rule.when == "pdl1_positive_after_alk_tki_resistance":
        driven = ["pdl1_tps_category"]
    if rule.when == "met_overexpression_without_copy_number":
        driven = ["met_overexpression"]
    conventions = ["plasma_tumour_fraction_min"] if rule.when == "plasma_without_findings" and _low_fraction(s) else []
    return [
        Recommendation(
            rank=0,
            option=o.option,
            level=o.level,
            rationale=rule.rationale.strip(),
            citations=cites,
            rule=rule.id,
            drugs=list(o.drugs),
            driven_by=driven,
            status=o.status,
            conventions=conventions,
        )
        for o in rule.options
    ]


def _low_fraction(s: Situation) -> bool:
    floor = s.kb.convention("plasma_tumour_fraction_min").value or 0
    return s.context is not None and s.context.tumor_fraction is not None and s.context.tumor_fraction < floor


def _active_alk_tkis(rule: RecommendationRule, s: Situation) -> list[Recommendation]:
    """The approved ALK TKIs whose combined call is sensitive because of the on-target findings."""
    on_target = {a.id for a in s.on_target}
    out = []
    for drug in s.approved_alk_tkis():
        call = s.call(drug)
        if call is None or call.call != "sensitive" or not on_target & set(call.driven_by):
            continue
        d = s.kb.drug(drug)
        names = ", ".join(s.name(i) for i in call.driven_by)
        given = (
            f" The patient received it before ({call.history.summary})."
            if call.history
            else " The patient has not received it, per the clinical context."
            if s.context and s.context.treatments
            else ""
        )
        out.append(
            Recommendation(
                rank=0,
                option=d.name if d else drug,
                level=call.level,
                drugs=[drug],
                driven_by=list(call.driven_by),
                rationale=f"Reported active against {names} (level {call.level}).{given} {_rationale(rule, s)}",
                citations=sorted(set(call.citations) | set(s.kb.cite(_citations(rule, s)))),
                rule=rule.id,
                status=call.status,
                conventions=list(call.conventions),
            )
        )
    return out


def _in_setting(rule: RecommendationRule, s: Situation) -> list:
    """The rule's setting-bound rationales that apply: after progression on an ALK TKI of their generation."""
    gen = s.setting.generation if s.setting is not None and s.progressed_on_alk_tki else None
    return [x for x in rule.by_setting if x.after_generation == gen]


def _rationale(rule: RecommendationRule, s: Situation) -> str:
    return " ".join([x.rationale.strip() for x in _in_setting(rule, s)] + [rule.rationale.strip()])


def _citations(rule: RecommendationRule, s: Situation) -> list[str]:
    return [c for x in _in_setting(rule, s) for c in x.citations] + list(rule.citations)


def _mechanism_strategies(rule: RecommendationRule, s: Situation, categories: set[str]) -> list[Recommendation]:
    out = []
    for alt in s.alterations:
        if alt.category not in categories or not alt.kb_entry or (mech := s.kb.mechanism(alt.kb_entry)) is None:
            continue
        for strategy in mech.strategies:
            if strategy.tiers and s.kb.copy_number_tier(alt) not in strategy.tiers:
                # e.g. crizotinib is reported for high-level MET amplification only (knowledgebase/bypass.yaml)
                continue
            note = f" {strategy.note}" if strategy.note else ""
            out.append(
                Recommendation(
                    rank=0,
                    option=strategy.option,
                    level=strategy.level,
                    drugs=list(strategy.drugs),
                    driven_by=[alt.id],
                    rationale=f"{alt.name}: {mech.mechanism}. {rule.rationale.strip()}{note}",
                    citations=s.kb.cite(strategy.citations),
                    rule=rule.id,
                    status=strategy.status,
                )
            )
    return out


def _trial_of(d: Drug, call: TherapyCall, rule: RecommendationRule, s: Situation) -> Recommendation:
    """A trial of one investigational agent, at the level of its own sensitive call."""
    names = ", ".join(s.name(i) for i in call.driven_by)
    return Recommendation(
        rank=0,
        option=f"Clinical trial of {d.name}",
        level=call.level,
        drugs=[d.id],
        driven_by=list(call.driven_by),
        rationale=f"{d.name} is reported active against {names} (level {call.level}). {rule.rationale.strip()}",
        citations=sorted(set(call.citations) | set(s.kb.cite(rule.citations))),
        rule=rule.id,
        status=call.status,
    )


def _investigational(rule: RecommendationRule, s: Situation) -> list[Recommendation]:
    """Investigational agents: those the knowledge base names for the compound groups found
    (compounds.yaml), else the investigational ALK inhibitors beyond the approved generations; each
    at the level of its own call where one is sensitive, otherwise one option naming them, no level."""
    agents = [d for d in investigational_agents(s) if (c := s.call(d.id)) is None or c.call != "resistant"]
    if not agents:
        return []
    out = [
        _trial_of(d, call, rule, s) for d in agents if (call := s.call(d.id)) is not None and call.call == "sensitive"
    ]
    if out:
        return out
    names = ", ".join(d.name for d in agents)
    return [
        Recommendation(
            rank=0,
            option=f"Clinical trial of an investigational agent ({names})",
            level=None,
            drugs=[d.id for d in agents],
            driven_by=[a.id for a in s.on_target],
            status="unconfirmed",
            rationale=(
                f"{rule.rationale.strip()} The knowledge base holds no evidence for these agents on this sample's "
                "findings."
            ),
            citations=s.kb.cite(rule.citations),
            rule=rule.id,
        )
    ]


def _named_agents(s: Situation) -> list[str]:
    """The investigational agents the knowledge base names for the compound groups found (compounds.yaml)."""
    groups = {a.compound_group for a in s.on_target if a.compound_group}
    return [x for g in s.kb.compound_groups if g.id in groups for x in g.investigational_agents]


def _beyond_approved(s: Situation) -> list[str]:
    """Investigational ALK inhibitors beyond the newest approved ALK TKI generation."""
    newest = max((d.generation or 0 for d in s.kb.alk_tkis if d.status == "approved"), default=0)
    return [
        d.id
        for d in s.kb.drugs
        if d.status == "investigational"
        and "ALK" in d.targets
        and (d.kind != "alk_tki" or (d.generation or 0) > newest)
    ]


def investigational_agents(s: Situation) -> list[Drug]:
    ids = list(dict.fromkeys(_named_agents(s) or _beyond_approved(s)))
    return [d for i in ids if (d := s.kb.drug(i)) is not None]


def options_for(rule: RecommendationRule, s: Situation) -> list[Recommendation]:
    if rule.when == "alk_resistance_mutation":
        return _active_alk_tkis(rule, s)
    if rule.when == "bypass_mechanism":
        return _mechanism_strategies(rule, s, {"bypass", "co_alteration"})
    if rule.when == "histologic_transformation":
        return _mechanism_strategies(rule, s, {"histologic_transformation"})
    if rule.when == "no_approved_alk_tki_active":
        return _investigational(rule, s)
    return _fixed(rule, s)


def recommendations(
    alterations: list[Alteration],
    calls: list[TherapyCall],
    *,
    driver: AlkDriverStatus,
    setting: ResistanceSetting | None,
    context: ClinicalContext | None,
    kb: KnowledgeBase,
    assessed: list[AssessedClass] | None = None,
) -> list[Recommendation]:
    s = Situation(alterations, calls, driver, setting, context, kb, assessed or [])
    found: list[tuple[int, bool, Recommendation]] = []
    for order, rule in enumerate(kb.recommendations.rules):
        if SITUATIONS[rule.when](s):
            found.extend((order, rule.when in FIRST, r) for r in options_for(rule, s))
    merged: dict[tuple[str, str | None], Recommendation] = {}
    ranked = sorted(
        found, key=lambda x: (not x[1], _level_rank(x[2].level), x[2].status != "established", x[0], x[2].option)
    )
    for _, _, rec in ranked:
        key = (rec.option, rec.level)
        if key in merged:  # one strategy named by two alterations is one option, driven by both
            first = merged[key]
            merged[key] = first.model_copy(update={"driven_by": list(dict.fromkeys(first.driven_by + rec.driven_by))})
            continue
        merged[key] = rec
    assumed = set(s.driver.conventions)  # with ALK positivity not assessed, every option assumes it
    return [
        rec.model_copy(update={"rank": rank, "conventions": sorted(set(rec.conventions) | assumed | {"ranking"})})
        for rank, rec in enumerate(merged.values(), start=1)
    ]


def _level_rank(level: str | None) -> int:
    return RANKED_LEVELS.index(level) if level in RANKED_LEVELS else len(RANKED_LEVELS)
