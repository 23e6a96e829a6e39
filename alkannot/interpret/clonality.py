"""How far each finding can be read before it enters the calls: an off-target finding far below the
ALK findings' VAF (or the tumour fraction) is subclonal, and a plasma finding at a very low VAF
carries a caveat. Both thresholds are conventions of this tool (knowledgebase/conventions.yaml)."""

from __future__ import annotations

from ..knowledge.base import KnowledgeBase
from ..model import Alteration, ClinicalContext

OFF_TARGET_VARIANTS = {"bypass", "co_alteration"}
ALK_SMALL_VARIANTS = {"alk_kinase_domain_mutation"}


def _vaf(alt: Alteration) -> float | None:
    return alt.variant.vaf if alt.variant is not None else None


def clonal_reference(alterations: list[Alteration], context: ClinicalContext | None) -> tuple[float, str] | None:
    """The VAF a clonal finding is compared with: the highest ALK kinase-domain VAF, else the tumour fraction."""
    alk = [(v, a.name) for a in alterations if a.category in ALK_SMALL_VARIANTS and (v := _vaf(a)) is not None]
    if alk:
        vaf, name = max(alk)
        return vaf, f"{name} at VAF {vaf:.1%}"
    if context is not None and context.tumor_fraction:
        return context.tumor_fraction, f"the tumour fraction {context.tumor_fraction:.1%}"
    return None


def _with(alt: Alteration, convention: str, update: dict) -> Alteration:
    return alt.model_copy(update={**update, "conventions": sorted(set(alt.conventions) | {convention})})


def read_limits(alterations: list[Alteration], context: ClinicalContext | None, kb: KnowledgeBase) -> list[Alteration]:
    """Mark subclonal off-target findings and caveat low-VAF plasma findings."""
    ratio = kb.convention("subclonal_vaf_ratio").value or 0
    plasma_floor = kb.convention("plasma_vaf_caveat").value or 0
    plasma = context is not None and context.specimen == "plasma"
    reference = clonal_reference(alterations, context)
    out = []
    for alt in alterations:
        vaf = _vaf(alt)
        if (
            vaf is not None
            and reference is not None
            and alt.category in OFF_TARGET_VARIANTS
            and vaf < ratio * reference[0]
        ):
            caveat = (
                f"subclonal: VAF {vaf:.1%}, below {ratio:g} × {reference[1]} (alkannot convention); a possible limit, "
                "not alone a resistance call"
            )
            alt = _with(alt, "subclonal_vaf_ratio", {"subclonal": True, "caveats": [*alt.caveats, caveat]})
        if plasma and vaf is not None and vaf < plasma_floor:
            caveat = (
                f"plasma VAF {vaf:.2%}, below {plasma_floor:.1%}: near the detection limit of cell-free DNA; "
                "it may not represent the tumour's dominant clone (alkannot convention)"
            )
            alt = _with(alt, "plasma_vaf_caveat", {"caveats": [*alt.caveats, caveat]})
        out.append(alt)
    return out
