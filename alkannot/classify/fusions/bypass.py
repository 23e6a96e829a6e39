"""Fusions that are off-target (bypass) findings: a bypass kinase gene's fusion keeping its kinase side
(RET, ROS1, BRAF …) and an RNA junction inside one gene that skips an exon the knowledge base names
(MET exon 14 skipping)."""

from __future__ import annotations

from ...knowledge.base import KnowledgeBase
from ...model import Alteration, FusionCall, FusionDetail, ReportWarning
from .sides import (
    LOW_CONFIDENCE,
    Placed,
    Side,
    breakpoints,
    edge_tolerance,
    end,
    exon_of,
    frame,
    orient_by_coordinates,
    support,
    where,
)


def exon_skipping(
    call: FusionCall, a: Side, b: Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    """An RNA junction inside one gene that joins the exons either side of an exon the knowledge base
    names as a skipping class (MET exon 13 → exon 15: MET exon 14 skipping, as Oncomine's
    `MET-MET.M13M15` and TSO500's splice-variant section report it). Any other junction: None."""
    tolerance = edge_tolerance(kb)
    by_coordinates = orient_by_coordinates(a, b, tolerance)
    first, second = by_coordinates[:2] if by_coordinates else (a, b)
    _, exon5 = exon_of(first, "5p", tolerance)
    _, exon3 = exon_of(second, "3p", tolerance)
    for rule in kb.exon_skipping:
        if rule.gene != a.gene or (exon5, exon3) != (str(rule.exon - 1), str(rule.exon + 1)):
            continue
        mech = next((m for m in kb.mechanisms_for(rule.gene, "small_variant") if rule.change_class in m.changes), None)
        if mech is None:
            return None
        label = (
            f"{rule.gene} exon {rule.exon} skipping (genomic: exon {exon5} joined to exon {exon3})"
            if call.dna_level
            else f"{rule.gene} exon {rule.exon} skipping (RNA: exon {exon5}::exon {exon3} junction)"
        )
        reads, minimum = support(call), kb.min_supporting_reads_bypass
        if reads is not None and reads < minimum:
            warnings.append(
                ReportWarning(
                    code="fusion_bypass_set_aside",
                    message=(
                        f"{where(call)}: {label}: {reads} supporting read(s), below the minimum of {minimum}; "
                        "not reported as a bypass alteration"
                    ),
                )
            )
            return None
        detail = FusionDetail(
            five_prime_gene=rule.gene,
            three_prime_gene=rule.gene,
            five_prime_exon=exon5,
            three_prime_exon=exon3,
            junction=f"{end(rule.gene, exon5)};{end(rule.gene, exon3)}",
            breakpoints=[],
            supporting_reads=reads,
            split_reads=call.split_reads,
            spanning_reads=call.spanning_reads,
            in_frame=None,
            frame_evidence=None,
            role="bypass",
            role_reason=(
                f"{rule.gene} exon {exon5} joined to exon {exon3}: exon {rule.exon} is skipped in the transcript"
            ),
            orientation="one gene",
            notation_given=call.name_as_given,
            caller=call.caller,
            caller_confidence=call.caller_confidence,
            dna_level=call.dna_level,
            sources=[where(call)],
        )
        return Alteration(
            id=f"{rule.gene}:{rule.change_class}",
            category=mech.category,
            gene=rule.gene,
            name=label,
            kb_entry=mech.id,
            fusion=detail,
        )
    return None


def _set_aside(call: FusionCall, p: Placed, why: str, warnings: list[ReportWarning]) -> None:
    warnings.append(
        ReportWarning(
            code="fusion_bypass_set_aside",
            message=f"{where(call)}: {p.label}: {why}; not reported as a bypass alteration",
        )
    )


def _kinase(p: Placed, kb: KnowledgeBase) -> str | None:
    """The bypass kinase gene of the pair that is on the side keeping its kinase domain (3′ asked first)."""
    five_gene, three_gene = p.genes
    for gene, side in ((three_gene, "3p"), (five_gene, "5p")):
        if kb.bypass_fusion_side(gene) == side:
            return gene
    return None


def _doubt(call: FusionCall, in_frame: bool | None, frame_evidence: str | None) -> str | None:
    """Why a bypass fusion is not reported although its kinase side is kept, or None."""
    if in_frame is False:
        return f"out of frame ({frame_evidence})"
    if (call.caller_confidence or "").lower() in LOW_CONFIDENCE:
        return f"the caller rates it {call.caller_confidence}"
    return None


def bypass_fusion(
    call: FusionCall, p: Placed, orientation: str, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    """A fusion of two genes other than ALK, one of them a bypass kinase gene of the knowledge base."""
    five_gene, three_gene = p.genes
    reads, minimum = support(call), kb.min_supporting_reads_bypass
    if reads is not None and reads < minimum:  # too few reads to say anything more of the call
        _set_aside(call, p, f"{reads} supporting read(s), below the minimum of {minimum}", warnings)
        return None
    kinase = _kinase(p, kb)
    if kinase is None:
        listed = next(g for g in (five_gene, three_gene) if kb.bypass_fusion_side(g))
        warnings.append(
            ReportWarning(
                code="fusion_bypass_side",
                message=(
                    f"{where(call)}: {p.label}: {listed} is on the side that does not keep its kinase domain; "
                    "not counted as a bypass alteration"
                ),
            )
        )
        return None
    in_frame, frame_evidence = frame(call, p)
    why = _doubt(call, in_frame, frame_evidence)
    if why:
        _set_aside(call, p, why, warnings)
        return None
    junction = f"{end(five_gene, p.exon5)};{end(three_gene, p.exon3)}" if (p.exon5 or p.exon3) else None
    detail = FusionDetail(
        five_prime_gene=five_gene,
        three_prime_gene=three_gene,
        five_prime_exon=p.exon5,
        three_prime_exon=p.exon3,
        junction=junction,
        breakpoints=breakpoints(p),
        supporting_reads=reads,
        split_reads=call.split_reads,
        spanning_reads=call.spanning_reads,
        in_frame=in_frame,
        frame_evidence=frame_evidence,
        role="bypass",
        role_reason=(
            f"a {kinase} fusion keeping the {kinase} kinase side: an off-target (bypass) finding by alkannot's "
            "convention"
        ),
        orientation=orientation,
        notation_given=call.name_as_given,
        caller=call.caller,
        caller_confidence=call.caller_confidence,
        dna_level=call.dna_level,
        sources=[where(call)],
    )
    mechanisms = kb.mechanisms_for(kinase, "fusion")
    return Alteration(
        id=p.label,
        category="bypass",
        gene=kinase,
        name=f"{p.label} fusion",
        fusion=detail,
        kb_entry=mechanisms[0].id if mechanisms else None,
    )
