"""Fusion calls → alterations: ALK fusions (partner, exon junction, EML4::ALK variant, orientation,
reading frame, support and the role each plays) and the fusions of bypass kinase genes.

Every ALK fusion is reported as `alk_fusion` with `fusion.role`:
- `driver`: ALK is the 3′ partner from exon 20 (the canonical junction keeping the kinase domain),
  in frame or frame unknown, with enough support;
- `reciprocal`: ALK is the 5′ partner (e.g. ALK::PTPN3): its kinase domain is not in the product;
- `non_canonical`: ALK is 3′ but starts at another exon (lncRNA or intron-1 artefacts, for example);
- `out_of_frame`: the exon phases show a frameshift across the junction;
- `low_support`: fewer supporting reads than the knowledge base's minimum;
- `uncertain`: the 5′/3′ order cannot be told, or a caller's low-confidence call with a partner the
  knowledge base does not know.
Only `driver` fusions are the ALK driver; none of these creates a therapy call by itself.
Coordinates and gene columns win over a fusion's name; the genome layer does the exon arithmetic.

Modules: `sides` (the gene of each breakpoint, the 5′/3′ order, exons, frame, names), `alk` (ALK fusion
labelling: numbering, EML4::ALK variant, role), `bypass` (bypass-kinase fusions and exon skipping)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...genome.partners import GeneModel
from ...knowledge.base import KnowledgeBase
from ...model import Alteration, FusionCall, ReportWarning
from .alk import alk_fusion
from .bypass import bypass_fusion, exon_skipping
from .sides import Side, orient, place, resolve, where

__all__ = ["FusionsClassified", "classify_fusions", "merge_fusions"]


@dataclass
class FusionsClassified:
    alterations: list[Alteration] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)


def classify_fusions(calls: list[FusionCall], build: str | None, kb: KnowledgeBase) -> FusionsClassified:
    """Label each call; the same fusion seen twice (isoforms, mate records, two inputs) is merged."""
    out = FusionsClassified()
    models = kb.gene_models.fusion.get(build or "", {})
    found = [alt for call in calls if (alt := _classify_one(call, models, kb, out.warnings)) is not None]
    out.alterations = merge_fusions(found)
    reported = {a.id for a in out.alterations}
    # another isoform of the same bypass pair was reported: its set-aside rows need no warning
    out.warnings = [
        w for w in out.warnings if not (w.code == "fusion_bypass_set_aside" and w.message.split(": ")[1] in reported)
    ]
    return out


def merge_fusions(alterations: list[Alteration]) -> list[Alteration]:
    """One alteration per id: the best-supported record kept, the sources of all listed."""
    merged: dict[str, Alteration] = {}
    for alt in alterations:
        prior = merged.get(alt.id)
        if prior is None or prior.fusion is None or alt.fusion is None:
            merged.setdefault(alt.id, alt)
            continue
        pf, nf = prior.fusion, alt.fusion
        reads = max((r for r in (pf.supporting_reads, nf.supporting_reads) if r is not None), default=None)
        better = nf if (nf.supporting_reads or 0) > (pf.supporting_reads or 0) else pf
        kept = alt if better is nf else prior
        merged[alt.id] = kept.model_copy(
            update={
                "fusion": better.model_copy(
                    update={
                        "supporting_reads": reads,
                        "sources": sorted(set(pf.sources) | set(nf.sources), key=_source_order),
                    }
                )
            }
        )
    return list(merged.values())


def _source_order(source: str) -> tuple[str, int]:
    name, _, line = source.rpartition(":")
    return (name, int(line)) if line.isdigit() else (source, 0)


def _one_gene(
    call: FusionCall, a: Side, b: Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    """Both breakpoints in one gene: an exon-skipping junction the KB names, else nothing to report."""
    if a.gene is not None and any(r.gene == a.gene for r in kb.exon_skipping):
        return exon_skipping(call, a, b, kb, warnings)
    if a.gene == "ALK":
        warnings.append(
            ReportWarning(
                code="fusion_intragenic",
                message=(
                    f"{where(call)}: both breakpoints lie in ALK ({call.name_as_given or 'ALK::ALK'}); "
                    "an intragenic rearrangement is not reported as a fusion"
                ),
            )
        )
    return None


def _classify_one(
    call: FusionCall, models: dict[str, GeneModel], kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    a = resolve(call, "5p", models, warnings)
    b = resolve(call, "3p", models, warnings)
    if "ALK" not in {a.gene, b.gene} and not any(kb.bypass_fusion_side(g or "") for g in (a.gene, b.gene)):
        return None
    if a.gene == b.gene:
        return _one_gene(call, a, b, kb, warnings)
    five, three, orientation, oriented = orient(call, a, b, kb, warnings)
    placed = place(five, three, kb)
    for side in (five, three):
        if side.note:
            warnings.append(
                ReportWarning(code="fusion_outside_model", message=f"{where(call)}: {side.note}; its exon is not named")
            )
    if "ALK" not in {five.gene, three.gene}:
        return bypass_fusion(call, placed, orientation, kb, warnings)
    return alk_fusion(call, placed, orientation=orientation, oriented=oriented, kb=kb, warnings=warnings)
