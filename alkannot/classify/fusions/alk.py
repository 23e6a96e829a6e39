"""ALK fusions labelled: the exon junction (with another numbering's ALK exon read as the knowledge
base says), the sourced EML4::ALK variant, and the role the fusion plays (driver, reciprocal,
non-canonical, out of frame, low support, uncertain)."""

from __future__ import annotations

from typing import NamedTuple

from ...genome.partners import ExonHit
from ...knowledge.base import KnowledgeBase
from ...knowledge.fusion_models import ExonNumbering
from ...model import Alteration, FusionCall, FusionDetail, ReportWarning
from .sides import LOW_CONFIDENCE, Placed, Side, breakpoints, end, frame, label, support, where


class _Role(NamedTuple):
    role: str
    reason: str


def _renumbered(
    call: FusionCall, p: Placed, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> tuple[Placed, str | None]:
    """A 3′ ALK exon given in another numbering (fusions.yaml alk_exon_numbering): read as the KB says
    when no coordinates place it, and noted either way. (sides, note); the note is None otherwise."""
    if p.three.gene != "ALK":
        return p, None
    alias = kb.exon_numbering_aliases.get(p.three.exon_given or "")
    if alias is None:
        return p, None
    if p.hit3 is None:
        p = p._replace(exon3=str(alias.reads_as))
        note = (
            f"given as A{alias.given}: read as ALK exon {alias.reads_as} of {kb.alk_kinase_exon.transcript} "
            f"({alias.note}; {alias.status})"
        )
    else:
        note = f"given as A{alias.given}; the coordinates place the junction at ALK exon {p.hit3.exon} of NM_004304"
    warnings.append(
        ReportWarning(
            code="exon_numbering",
            message=f"{where(call)}: {call.name_as_given or f'ALK A{alias.given}'}: {note}",
        )
    )
    return p, note


def _disagrees(side: Side, hit: ExonHit | None, aliases: dict[str, ExonNumbering]) -> bool:
    """Whether the exon the file gives differs from the one the breakpoint lies at (numberings allowed for)."""
    given = "6" if side.exon_given == "6a/b" else side.exon_given
    if hit is None or not given or not hit.exon or given == hit.exon:
        return False
    return not (side.gene == "ALK" and given in aliases) and not (given == "6" and hit.exon in {"6a", "6b"})


def _check_exons(call: FusionCall, p: Placed, kb: KnowledgeBase, warnings: list[ReportWarning]) -> None:
    for side, hit in ((p.five, p.hit5), (p.three, p.hit3)):
        if hit is not None and side.bp is not None and _disagrees(side, hit, kb.exon_numbering_aliases):
            warnings.append(
                ReportWarning(
                    code="fusion_exon_disagrees",
                    message=(
                        f"{where(call)}: the file gives {side.gene} exon {side.exon_given} but the breakpoint "
                        f"{side.bp.chrom}:{side.bp.pos} is at exon {hit.exon}; the coordinates are used"
                    ),
                )
            )


def variant(
    call: FusionCall, five: str, three: str, junction: str | None, *, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> tuple[str | None, str | None, str, str | None]:
    """(label, KB entry id, naming, the entry's junction): the sourced EML4::ALK label for the junction
    (never invented); a label written in the input is checked against it, or gives the junction."""
    if (five, three) != ("EML4", "ALK"):
        return None, None, "general", None
    entry = kb.fusion_variant(junction) if junction else None
    given = (call.variant_given or "").lower() or None
    if entry is not None:
        if given and given != entry.label.lower():
            warnings.append(
                ReportWarning(
                    code="fusion_variant_disagrees",
                    message=(
                        f"{where(call)}: the input says {call.variant_given} but the junction {junction} is "
                        f"{entry.label}; the junction is used"
                    ),
                )
            )
        return entry.label, entry.id, entry.naming, None
    if given and junction is None:
        by_label = kb.fusion_variant_by_label(given)
        if by_label is not None:
            return by_label.label, by_label.id, by_label.naming, by_label.junction
        warnings.append(
            ReportWarning(
                code="fusion_variant_unknown",
                message=(
                    f"{where(call)}: variant label {call.variant_given!r} has no sourced junction in the knowledge "
                    "base; reported as given"
                ),
            )
        )
        return call.variant_given, None, "general", None
    return None, None, "general", None


def role(
    call: FusionCall,
    *,
    five: str,
    alk_exon: str | None,
    in_frame: bool | None,
    reads: int | None,
    oriented: bool,
    kb: KnowledgeBase,
) -> _Role:
    minimum = kb.min_supporting_reads
    if reads is not None and reads < minimum:  # too few reads to say anything more of the call
        return _Role(
            "low_support", f"{reads} supporting read(s), below the minimum of {minimum}; not counted as the driver"
        )
    if five == "ALK":
        if not oriented:
            return _Role(
                "uncertain",
                "ALK is written first and the input does not say which gene is 5′: possibly a reciprocal (5′-ALK) "
                "event; not counted as the driver",
            )
        return _Role(
            "reciprocal",
            "ALK is the 5′ partner: its kinase domain is not in this product (a reciprocal or 5′-ALK event), "
            "never the driver",
        )
    if not oriented:
        return _Role(
            "uncertain",
            "the 5′/3′ order cannot be established, so ALK's kinase domain may not be retained; not counted as the "
            "driver",
        )
    return _three_prime_role(call, five, alk_exon, in_frame, kb)


def _three_prime_role(
    call: FusionCall, five: str, alk_exon: str | None, in_frame: bool | None, kb: KnowledgeBase
) -> _Role:
    """The role of an oriented, well-supported fusion with ALK as the 3′ gene."""
    canonical = str(kb.alk_kinase_exon.exon)
    if alk_exon is not None and alk_exon != canonical:
        upstream = alk_exon.isdigit() and int(alk_exon) < int(canonical)
        return _Role(
            "non_canonical",
            f"ALK's 3′ part starts at exon {alk_exon}, {'upstream of' if upstream else 'downstream of'} the "
            f"canonical exon {canonical} ({kb.alk_kinase_exon.transcript}); not counted as the driver",
        )
    if in_frame is False:
        return _Role(
            "out_of_frame", "the exon phases put the ALK kinase domain out of frame; not counted as the driver"
        )
    if (call.caller_confidence or "").lower() in LOW_CONFIDENCE and kb.fusion_partner(five) is None:
        return _Role(
            "uncertain",
            f"the caller rates it {call.caller_confidence} and {five} is not a partner the knowledge base "
            "knows; not counted as the driver",
        )
    junction = (
        "the canonical ALK exon 20 junction" if alk_exon == canonical else "ALK as the 3′ partner (junction not given)"
    )
    return _Role("driver", f"ALK is the 3′ partner with {junction}, keeping the kinase domain")


def _role_warnings(
    call: FusionCall,
    p: Placed,
    decided: _Role,
    *,
    reads: int | None,
    orientation: str,
    oriented: bool,
    kb: KnowledgeBase,
    warnings: list[ReportWarning],
) -> None:
    five_gene = p.genes[0]
    if decided.role == "low_support":
        warnings.append(
            ReportWarning(
                code="fusion_low_support",
                message=(
                    f"{where(call)}: {p.label} has {reads} supporting read(s), fewer than the minimum of "
                    f"{kb.min_supporting_reads}; not counted as the driver"
                ),
            )
        )
    if decided.role == "driver" and (call.caller_confidence or "").lower() in LOW_CONFIDENCE:
        warnings.append(
            ReportWarning(
                code="fusion_low_confidence",
                message=(
                    f"{where(call)}: the caller rates {p.label} {call.caller_confidence}; reported as the driver "
                    f"because {five_gene} is a partner the knowledge base knows and the junction is canonical"
                ),
            )
        )
    if not oriented:
        warnings.append(
            ReportWarning(code="fusion_orientation_unknown", message=f"{where(call)}: {p.label}: {orientation}")
        )


def alk_fusion(
    call: FusionCall, p: Placed, *, orientation: str, oriented: bool, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration:
    """A fusion with ALK on either side, labelled (alk_fusion with its role)."""
    p, numbering_note = _renumbered(call, p, kb, warnings)
    alk_exon = p.exon3 if p.three.gene == "ALK" else p.exon5
    _check_exons(call, p, kb, warnings)
    five_gene, three_gene = p.genes
    junction = f"{end(five_gene, p.exon5)};{end(three_gene, p.exon3)}" if (p.exon5 or p.exon3) else None
    label_, kb_entry, naming, kb_junction = variant(call, five_gene, three_gene, junction, kb=kb, warnings=warnings)
    exon5, exon3 = p.exon5, p.exon3
    if junction is None and kb_junction is not None:
        junction = kb_junction
        entry = kb.fusion_variant(kb_junction)
        assert entry is not None
        exon5, exon3 = entry.five_prime_exon, entry.three_prime_exon
    in_frame, frame_evidence = frame(call, p)
    reads = support(call)
    decided = role(call, five=five_gene, alk_exon=alk_exon, in_frame=in_frame, reads=reads, oriented=oriented, kb=kb)
    _role_warnings(call, p, decided, reads=reads, orientation=orientation, oriented=oriented, kb=kb, warnings=warnings)
    name = label(five_gene, three_gene)
    if label_ and naming == "general":
        name += f" {label_}"
    if junction:
        name += f" ({junction})"
    detail = FusionDetail(
        five_prime_gene=five_gene,
        three_prime_gene=three_gene,
        five_prime_exon=exon5,
        three_prime_exon=exon3,
        junction=junction,
        variant=label_,
        breakpoints=breakpoints(p),
        supporting_reads=reads,
        split_reads=call.split_reads,
        spanning_reads=call.spanning_reads,
        in_frame=in_frame,
        frame_evidence=frame_evidence,
        role=decided.role,
        role_reason=decided.reason,
        orientation=orientation,
        notation_given=call.name_as_given,
        exon_numbering_note=numbering_note,
        caller=call.caller,
        caller_confidence=call.caller_confidence,
        dna_level=call.dna_level,
        sources=[where(call)],
    )
    ident = f"{five_gene}::{three_gene}" + (f":{junction}" if junction else "")
    return Alteration(id=ident, category="alk_fusion", gene="ALK", name=name, kb_entry=kb_entry, fusion=detail)
