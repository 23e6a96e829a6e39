"""Clinical context → histologic-transformation alterations and clinical findings (MET IHC
overexpression, PD-L1 TPS category), by the rules the knowledge base defines."""

from __future__ import annotations

from ..knowledge.base import KnowledgeBase
from ..model import Alteration, ClinicalContext, ClinicalFinding

_SCORES = ["0", "1+", "2+", "3+"]
_TRANSFORMATIONS = {
    "small_cell_transformation": ("small_cell_transformation", "Small-cell transformation"),
    "squamous_transformation": ("squamous_transformation", "Squamous transformation"),
}


def transformation(context: ClinicalContext, kb: KnowledgeBase) -> list[Alteration]:
    if context.histology not in _TRANSFORMATIONS:
        return []
    mech_id, label = _TRANSFORMATIONS[context.histology]
    mech = kb.mechanism(mech_id)
    return [
        Alteration(
            id=f"histology:{context.histology}",
            category="histologic_transformation",
            gene="histology",
            name=label,
            kb_entry=mech.id if mech else None,
        )
    ]


def clinical_findings(context: ClinicalContext, kb: KnowledgeBase) -> list[ClinicalFinding]:
    rules = kb.clinical_rules
    out: list[ClinicalFinding] = []
    ihc = context.ihc
    if ihc is not None and ihc.MET is not None:
        rule = rules.met_overexpression
        met = ihc.MET
        enough = _SCORES.index(met.score) >= _SCORES.index(rule.min_score)
        if met.percent is None:
            value = "undetermined (no percentage of stained cells given)" if enough else "no"
        else:
            over = met.percent >= rule.min_percent if rule.percent_inclusive else met.percent > rule.min_percent
            value = "yes" if enough and over else "no"
        out.append(
            ClinicalFinding(
                code="met_overexpression",
                label="MET overexpression (IHC)",
                value=value,
                rule=f"score >= {rule.min_score} in {'>=' if rule.percent_inclusive else '>'} {rule.min_percent:g}% "
                f"of tumour cells; seen: {met.score}" + (f" in {met.percent:g}%" if met.percent is not None else ""),
                citations=kb.cite(rule.citations),
            )
        )
    if ihc is not None and ihc.PD_L1 is not None:
        tps = ihc.PD_L1.tps
        category = next((c.label for c in rules.pdl1_categories if c.min <= tps < c.max), "unclassified")
        out.append(
            ClinicalFinding(
                code="pdl1_tps_category",
                label="PD-L1 tumour proportion score",
                value=category,
                rule=f"TPS {tps:g}%",
                citations=kb.cite(rules.pdl1_citations),
            )
        )
    return out
