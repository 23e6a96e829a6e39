"""The two sides of a fusion call: which gene each breakpoint lies in, which side is 5′, the exon each
side joins at, the reading frame across the junction and the names written for it."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ...genome.partners import (
    EDGE_TOLERANCE,
    ExonHit,
    GeneModel,
    exon_for,
    genes_at,
    junction_frame,
    splice_edge,
    strand_role,
)
from ...knowledge.base import KnowledgeBase
from ...model import Breakpoint, FusionBreakpoint, FusionCall, ReportWarning

LOW_CONFIDENCE = {"lowconfidence", "low"}
IN_FRAME_WORDS = {"in-frame", "inframe", "in_frame", "true"}
OUT_OF_FRAME_WORDS = {"out-of-frame", "out_of_frame", "frame-shift", "frameshift", "false"}


class Side(NamedTuple):
    given: str | None
    gene: str | None
    model: GeneModel | None
    bp: Breakpoint | None
    exon_given: str | None
    note: str | None = None

    @property
    def joined(self) -> bool:
        """Whether the breakpoint lies on an embedded model and says which side of it is kept."""
        return self.model is not None and self.bp is not None and bool(self.bp.retained)


class Placed(NamedTuple):
    """Both sides in 5′→3′ order, each with the exon its breakpoint falls at (or the exon given)."""

    five: Side
    hit5: ExonHit | None
    exon5: str | None
    three: Side
    hit3: ExonHit | None
    exon3: str | None

    @property
    def genes(self) -> tuple[str, str]:
        return self.five.gene or "unknown partner", self.three.gene or "unknown partner"

    @property
    def label(self) -> str:
        return label(*self.genes)


def where(call: FusionCall) -> str:
    return f"{Path(call.file).name}:{call.line}" if call.line else Path(call.file).name


def resolve(call: FusionCall, end: str, models: dict[str, GeneModel], warnings: list[ReportWarning]) -> Side:
    """The gene of one side ('5p' or '3p' of the call): the coordinates' gene when they fall in an embedded
    model, else the name."""
    if end == "5p":
        given, bp, exon = call.five_prime_gene, call.five_prime_breakpoint, call.five_prime_exon_given
    else:
        given, bp, exon = call.three_prime_gene, call.three_prime_breakpoint, call.three_prime_exon_given
    here = genes_at(models, bp.chrom, bp.pos) if bp is not None and models else []
    if here and bp is not None:
        side = _on_coordinates(given, bp, exon, models=models, here=here, call=call, warnings=warnings)
        if side is not None:
            return side
    elif given and given in models and bp is not None:
        return Side(
            given, given, None, bp, exon, note=f"breakpoint {bp.chrom}:{bp.pos} lies outside the embedded {given} model"
        )
    if given:
        return Side(given, given, models.get(given) if bp is None else None, bp, exon)
    return Side(None, "unknown partner", None, bp, exon)


def _on_coordinates(
    given: str | None,
    bp: Breakpoint,
    exon: str | None,
    *,
    models: dict[str, GeneModel],
    here: list[str],
    call: FusionCall,
    warnings: list[ReportWarning],
) -> Side | None:
    """The side when the breakpoint lies in embedded genes (`here`); None when the name is kept instead."""
    if given and given in here:
        return Side(given, given, models[given], bp, exon)
    if given and given not in models and given != "intergenic":
        # gene spans overlap: a name the models do not know yields only to a breakpoint on an exon edge
        here = [g for g in here if splice_edge(models[g], bp.pos, tolerance=1)]
        if not here:
            return None
    gene = "ALK" if "ALK" in here else here[0]
    if given and given != "intergenic":
        warnings.append(
            ReportWarning(
                code="fusion_gene_by_coordinate",
                message=(
                    f"{where(call)}: {bp.chrom}:{bp.pos} lies in {gene}, not in {given} as the file says; "
                    f"{gene} is used"
                ),
            )
        )
    return Side(given, gene, models[gene], bp, exon)


def edge_tolerance(kb: KnowledgeBase) -> int:
    """Bases a breakpoint may sit from an exon edge and be snapped to it (the KB's convention)."""
    tolerance = kb.breakpoint_edge_tolerance
    return tolerance if tolerance is not None else EDGE_TOLERANCE


def _by_splice_sites(a: Side, b: Side, tolerance: int) -> tuple[Side, Side, str] | None:
    edges = {
        id(s): splice_edge(s.model, s.bp.pos, tolerance) for s in (a, b) if s.model is not None and s.bp is not None
    }
    a_first = (edges.get(id(a)) == "donor") or (edges.get(id(b)) == "acceptor")
    b_first = (edges.get(id(a)) == "acceptor") or (edges.get(id(b)) == "donor")
    if a_first == b_first:
        return None
    five, three = (a, b) if a_first else (b, a)
    return five, three, "from the splice sites the breakpoints sit at (exon end = 5′ gene, exon start = 3′ gene)"


def _by_strands(a: Side, b: Side) -> tuple[Side, Side, str] | None:
    roles = {
        id(s): strand_role(s.model, s.bp.retained)
        for s in (a, b)
        if s.model is not None and s.bp is not None and s.bp.retained
    }
    a_five = roles.get(id(a)) == "5p" or roles.get(id(b)) == "3p"
    b_five = roles.get(id(b)) == "5p" or roles.get(id(a)) == "3p"
    if not roles or a_five == b_five:
        return None
    five, three = (a, b) if a_five else (b, a)
    return five, three, "from the joined sides of the genomic breakpoints and the genes' strands"


def orient_by_coordinates(a: Side, b: Side, tolerance: int) -> tuple[Side, Side, str] | None:
    """5′ and 3′ sides from the breakpoints alone, whatever order the file lists them in: an RNA
    junction at an exon end (donor) is the 5′ gene and one at an exon start (acceptor) the 3′ gene;
    a genomic breakpoint keeps a gene's 5′ end when its retained side lies upstream on the gene's
    strand. None when the coordinates do not tell (no model, exon interior, contradictory sides)."""
    return _by_splice_sites(a, b, tolerance) or _by_strands(a, b)


def orient(
    call: FusionCall, a: Side, b: Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> tuple[Side, Side, str, bool]:
    """(5′ side, 3′ side, how the order was established, whether it is known). The breakpoints decide
    wherever they can (many callers list the two genes in no fixed order: FusionSeeker, LongGF,
    FLAIR-fusion, deFuse); the file's order is used only when they cannot."""
    by_coordinates = orient_by_coordinates(a, b, edge_tolerance(kb))
    if by_coordinates is not None:
        five, three, how = by_coordinates
        if five is b and call.oriented:
            warnings.append(
                ReportWarning(
                    code="fusion_order_from_coordinates",
                    message=(
                        f"{where(call)}: the file lists {a.gene} before {b.gene}, but the breakpoints show "
                        f"{five.gene} is the 5′ gene; read as {label(five.gene or '?', three.gene or '?')}"
                    ),
                )
            )
        return five, three, how, True
    if call.oriented and call.format != "notation":
        return a, b, "as the file states (5′ gene first)", True
    if a.joined and b.joined:
        return a, b, "the joined sides cannot make a sense transcript of these two genes", False
    if call.oriented:  # an oriented notation ('::', '--', ':')
        return a, b, "as written (5′ gene first)", True
    if call.format == "notation" or (call.caller and "OncoKB" in call.caller):
        return _orient_by_name(call, a, b, kb, warnings)
    return a, b, "unknown: the file does not say which gene is 5′ and the breakpoints do not show it", False


def _orient_by_name(
    call: FusionCall, a: Side, b: Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> tuple[Side, Side, str, bool]:
    """A hyphenated name (OncoKB, panels): its order, unless it lists ALK before a partner the KB knows."""
    if a.gene == "ALK" and b.gene != "ALK" and kb.fusion_partner(b.gene or "") is not None:
        warnings.append(
            ReportWarning(
                code="fusion_order",
                message=(
                    f"{where(call)}: {call.name_as_given or f'{a.given}-{b.given}'} lists ALK first; "
                    f"read as {b.gene}::ALK, the known fusion (OncoKB and panels write the two genes in either order)"
                ),
            )
        )
        return b, a, "reordered: ALK listed first, read as the known PARTNER::ALK fusion", True
    if a.gene == "ALK":
        return a, b, "as written; a hyphenated name does not say which gene is 5′", False
    return a, b, "as written (5′ gene first by convention)", True


def exon_of(side: Side, role: str, tolerance: int = EDGE_TOLERANCE) -> tuple[ExonHit | None, str | None]:
    if side.model is not None and side.bp is not None:
        hit = exon_for(side.model, side.bp.pos, "5p" if role == "5p" else "3p", tolerance)
        return hit, hit.exon
    exon = side.exon_given
    if exon == "6a/b":
        exon = "6"
    return None, exon


def place(five: Side, three: Side, kb: KnowledgeBase) -> Placed:
    tolerance = edge_tolerance(kb)
    return Placed(five, *exon_of(five, "5p", tolerance), three, *exon_of(three, "3p", tolerance))


def frame(call: FusionCall, p: Placed) -> tuple[bool | None, str | None]:
    five, hit5, three, hit3 = p.five, p.hit5, p.three, p.hit3
    spliced = call.dna_level or all(h is not None and h.location == "exon_edge" for h in (hit5, hit3))
    if five.model is not None and three.model is not None and hit5 is not None and hit3 is not None and spliced:
        # an RNA junction inside an intron or an exon carries bases the exon phases do not count
        in_frame = junction_frame(five.model, hit5, three.model, hit3)
        if in_frame is not None:
            return (
                in_frame,
                f"exon phases of {five.model.accession} exon {hit5.exon} and {three.model.accession} exon {hit3.exon}",
            )
    said = (call.caller_frame or "").strip().lower()
    if said in IN_FRAME_WORDS:
        return True, f"as the caller states ({call.caller_frame})"
    if said in OUT_OF_FRAME_WORDS:
        return False, f"as the caller states ({call.caller_frame})"
    return None, None


def support(call: FusionCall) -> int | None:
    if call.supporting_reads is not None:
        return call.supporting_reads
    known = [v for v in (call.split_reads, call.spanning_reads) if v is not None]
    return sum(known) if known else None


def _letter(gene: str | None) -> str:
    return gene[0].upper() if gene and gene not in {"intergenic", "unknown partner"} else "?"


def end(gene: str | None, exon: str | None) -> str:
    """One side of a junction name: 'E13', 'K?' (exon unknown), '?' (partner and exon unknown)."""
    letter = _letter(gene)
    return "?" if letter == "?" and not exon else f"{letter}{exon or '?'}"


def breakpoints(p: Placed) -> list[FusionBreakpoint]:
    out = []
    for side, hit in ((p.five, p.hit5), (p.three, p.hit3)):
        if side.bp is None:
            continue
        out.append(
            FusionBreakpoint(
                gene=side.gene,
                chrom=side.bp.chrom,
                pos=side.bp.pos,
                transcript=side.model.accession if side.model else None,
                exon=hit.exon if hit else None,
                location=hit.location if hit else ("outside_model" if side.note else None),
                offset=hit.offset if hit else None,
            )
        )
    return out


def label(five: str, three: str) -> str:
    if five == "intergenic":
        return f"intergenic::{three}"
    if five == "unknown partner":
        return f"?::{three}"
    return f"{five}::{three}"
