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
Coordinates and gene columns win over a fusion's name; the genome layer does the exon arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..genome.partners import (
    EDGE_TOLERANCE,
    ExonHit,
    GeneModel,
    exon_for,
    gene_models,
    genes_at,
    junction_frame,
    splice_edge,
    strand_role,
)
from ..genome.transcripts import transcripts_from_kb
from ..knowledge.base import KnowledgeBase
from ..model import Alteration, Breakpoint, FusionBreakpoint, FusionCall, FusionDetail, ReportWarning

LOW_CONFIDENCE = {"lowconfidence", "low"}
IN_FRAME_WORDS = {"in-frame", "inframe", "in_frame", "true"}
OUT_OF_FRAME_WORDS = {"out-of-frame", "out_of_frame", "frame-shift", "frameshift", "false"}


@lru_cache(maxsize=4)
def models_for(kb: KnowledgeBase) -> dict[str, dict[str, GeneModel]]:
    """build → gene → exon model, for ALK and every gene in the knowledge base's fusion_genes.yaml."""
    alk_doc = kb.transcripts["ALK"]
    return gene_models(kb.fusion_genes, transcripts_from_kb(alk_doc), alk_doc)


@dataclass
class FusionsClassified:
    alterations: list[Alteration] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)


class _Side(NamedTuple):
    given: str | None
    gene: str | None
    model: GeneModel | None
    bp: Breakpoint | None
    exon_given: str | None
    note: str | None = None


def _where(call: FusionCall) -> str:
    return f"{Path(call.file).name}:{call.line}" if call.line else Path(call.file).name


def _resolve(
    given: str | None,
    bp: Breakpoint | None,
    exon: str | None,
    models: dict[str, GeneModel],
    call: FusionCall,
    warnings: list[ReportWarning],
) -> _Side:
    """The gene of one side: the coordinates' gene when they fall in an embedded model, else the name."""
    here = genes_at(models, bp.chrom, bp.pos) if bp is not None and models else []
    if given and given in here:
        return _Side(given, given, models[given], bp, exon)
    if here and given and given not in models and given != "intergenic":
        # gene spans overlap: a name the models do not know yields only to a breakpoint on an exon edge
        here = [g for g in here if splice_edge(models[g], bp.pos, tolerance=1)]  # type: ignore[union-attr]
        if not here:
            return _Side(given, given, None, bp, exon)
    if here:
        gene = "ALK" if "ALK" in here else here[0]
        if given and given != "intergenic":
            warnings.append(
                ReportWarning(
                    code="fusion_gene_by_coordinate",
                    message=(
                        f"{_where(call)}: {bp.chrom}:{bp.pos} lies in {gene}, not in {given} as the file says; {gene} is used"
                    ),
                )
            )  # type: ignore[union-attr]
        return _Side(given, gene, models[gene], bp, exon)
    if given and given in models and bp is not None:
        return _Side(
            given, given, None, bp, exon, note=f"breakpoint {bp.chrom}:{bp.pos} lies outside the embedded {given} model"
        )
    if given:
        return _Side(given, given, models.get(given) if bp is None else None, bp, exon)
    return _Side(None, "unknown partner", None, bp, exon)


def edge_tolerance(kb: KnowledgeBase) -> int:
    """Bases a breakpoint may sit from an exon edge and be snapped to it (the KB's convention)."""
    rule = kb.files.fusions.breakpoint_edge_tolerance
    return rule.value if rule is not None else EDGE_TOLERANCE


def min_support_bypass(kb: KnowledgeBase) -> int:
    rule = kb.files.fusions.min_supporting_reads_bypass
    return rule.value if rule is not None else kb.files.fusions.min_supporting_reads.value


def orient_by_coordinates(a: _Side, b: _Side, tolerance: int) -> tuple[_Side, _Side, str] | None:
    """5′ and 3′ sides from the breakpoints alone, whatever order the file lists them in: an RNA
    junction at an exon end (donor) is the 5′ gene and one at an exon start (acceptor) the 3′ gene;
    a genomic breakpoint keeps a gene's 5′ end when its retained side lies upstream on the gene's
    strand. None when the coordinates do not tell (no model, exon interior, contradictory sides)."""
    edges = {
        id(s): splice_edge(s.model, s.bp.pos, tolerance) for s in (a, b) if s.model is not None and s.bp is not None
    }
    a_first = (edges.get(id(a)) == "donor") or (edges.get(id(b)) == "acceptor")
    b_first = (edges.get(id(a)) == "acceptor") or (edges.get(id(b)) == "donor")
    if a_first != b_first:
        five, three = (a, b) if a_first else (b, a)
        return five, three, "from the splice sites the breakpoints sit at (exon end = 5′ gene, exon start = 3′ gene)"
    roles = {
        id(s): strand_role(s.model, s.bp.retained)
        for s in (a, b)
        if s.model is not None and s.bp is not None and s.bp.retained
    }
    a_five = roles.get(id(a)) == "5p" or roles.get(id(b)) == "3p"
    b_five = roles.get(id(b)) == "5p" or roles.get(id(a)) == "3p"
    if roles and a_five != b_five:
        five, three = (a, b) if a_five else (b, a)
        return five, three, "from the joined sides of the genomic breakpoints and the genes' strands"
    return None


def _orient(
    call: FusionCall, a: _Side, b: _Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> tuple[_Side, _Side, str, bool]:
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
                        f"{_where(call)}: the file lists {a.gene} before {b.gene}, but the breakpoints show {five.gene} is the 5′ gene; "
                        f"read as {_label(five.gene or '?', three.gene or '?')}"
                    ),
                )
            )
        return five, three, how, True
    if call.oriented and call.format != "notation":
        return a, b, "as the file states (5′ gene first)", True
    roles = {id(s) for s in (a, b) if s.model is not None and s.bp is not None and s.bp.retained}
    if len(roles) == 2:
        return a, b, "the joined sides cannot make a sense transcript of these two genes", False
    if call.oriented:  # an oriented notation ('::', '--', ':')
        return a, b, "as written (5′ gene first)", True
    if call.format == "notation" or call.caller and "OncoKB" in call.caller:
        if a.gene == "ALK" and b.gene != "ALK" and kb.fusion_partner(b.gene or "") is not None:
            warnings.append(
                ReportWarning(
                    code="fusion_order",
                    message=(
                        f"{_where(call)}: {call.name_as_given or f'{a.given}-{b.given}'} lists ALK first; read as {b.gene}::ALK, "
                        f"the known fusion (OncoKB and panels write the two genes in either order)"
                    ),
                )
            )
            return b, a, "reordered: ALK listed first, read as the known PARTNER::ALK fusion", True
        if a.gene == "ALK":
            return a, b, "as written; a hyphenated name does not say which gene is 5′", False
        return a, b, "as written (5′ gene first by convention)", True
    return a, b, "unknown: the file does not say which gene is 5′ and the breakpoints do not show it", False


def _exon(side: _Side, role: str, tolerance: int = EDGE_TOLERANCE) -> tuple[ExonHit | None, str | None]:
    if side.model is not None and side.bp is not None:
        hit = exon_for(side.model, side.bp.pos, "5p" if role == "5p" else "3p", tolerance)
        return hit, hit.exon
    exon = side.exon_given
    if exon == "6a/b":
        exon = "6"
    return None, exon


def _frame(
    call: FusionCall, five: _Side, hit5: ExonHit | None, three: _Side, hit3: ExonHit | None
) -> tuple[bool | None, str | None]:
    spliced = call.dna_level or all(h is not None and h.location == "exon_edge" for h in (hit5, hit3))
    if five.model is not None and three.model is not None and hit5 is not None and hit3 is not None and spliced:
        # an RNA junction inside an intron or an exon carries bases the exon phases do not count
        frame = junction_frame(five.model, hit5, three.model, hit3)
        if frame is not None:
            return (
                frame,
                f"exon phases of {five.model.accession} exon {hit5.exon} and {three.model.accession} exon {hit3.exon}",
            )
    said = (call.caller_frame or "").strip().lower()
    if said in IN_FRAME_WORDS:
        return True, f"as the caller states ({call.caller_frame})"
    if said in OUT_OF_FRAME_WORDS:
        return False, f"as the caller states ({call.caller_frame})"
    return None, None


def _support(call: FusionCall) -> int | None:
    if call.supporting_reads is not None:
        return call.supporting_reads
    known = [v for v in (call.split_reads, call.spanning_reads) if v is not None]
    return sum(known) if known else None


def _letter(gene: str | None) -> str:
    return gene[0].upper() if gene and gene not in {"intergenic", "unknown partner"} else "?"


def _end(gene: str | None, exon: str | None) -> str:
    """One side of a junction name: 'E13', 'K?' (exon unknown), '?' (partner and exon unknown)."""
    letter = _letter(gene)
    return "?" if letter == "?" and not exon else f"{letter}{exon or '?'}"


def _breakpoints(*sides: tuple[_Side, ExonHit | None]) -> list[FusionBreakpoint]:
    out = []
    for side, hit in sides:
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


def _label(five: str, three: str) -> str:
    if five == "intergenic":
        return f"intergenic::{three}"
    if five == "unknown partner":
        return f"?::{three}"
    return f"{five}::{three}"


def classify_fusions(calls: list[FusionCall], build: str | None, kb: KnowledgeBase) -> FusionsClassified:
    """Label each call; the same fusion seen twice (isoforms, mate records, two inputs) is merged."""
    out = FusionsClassified()
    models = models_for(kb).get(build or "", {})
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


def _exon_skipping(
    call: FusionCall, a: _Side, b: _Side, kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    """An RNA junction inside one gene that joins the exons either side of an exon the knowledge base
    names as a skipping class (MET exon 13 → exon 15: MET exon 14 skipping, as Oncomine's
    `MET-MET.M13M15` and TSO500's splice-variant section report it). Any other junction: None."""
    tolerance = edge_tolerance(kb)
    by_coordinates = orient_by_coordinates(a, b, tolerance)
    first, second = by_coordinates[:2] if by_coordinates else (a, b)
    _, exon5 = _exon(first, "5p", tolerance)
    _, exon3 = _exon(second, "3p", tolerance)
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
        support, minimum = _support(call), min_support_bypass(kb)
        if support is not None and support < minimum:
            warnings.append(
                ReportWarning(
                    code="fusion_bypass_set_aside",
                    message=(
                        f"{_where(call)}: {label}: {support} supporting read(s), below the minimum of {minimum}; not reported as a bypass alteration"
                    ),
                )
            )
            return None
        detail = FusionDetail(
            five_prime_gene=rule.gene,
            three_prime_gene=rule.gene,
            five_prime_exon=exon5,
            three_prime_exon=exon3,
            junction=f"{_end(rule.gene, exon5)};{_end(rule.gene, exon3)}",
            breakpoints=[],
            supporting_reads=support,
            split_reads=call.split_reads,
            spanning_reads=call.spanning_reads,
            in_frame=None,
            frame_evidence=None,
            role="bypass",
            role_reason=f"{rule.gene} exon {exon5} joined to exon {exon3}: exon {rule.exon} is skipped in the transcript",
            orientation="one gene",
            notation_given=call.name_as_given,
            caller=call.caller,
            caller_confidence=call.caller_confidence,
            dna_level=call.dna_level,
            sources=[_where(call)],
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


def _classify_one(
    call: FusionCall, models: dict[str, GeneModel], kb: KnowledgeBase, warnings: list[ReportWarning]
) -> Alteration | None:
    a = _resolve(call.five_prime_gene, call.five_prime_breakpoint, call.five_prime_exon_given, models, call, warnings)
    b = _resolve(
        call.three_prime_gene, call.three_prime_breakpoint, call.three_prime_exon_given, models, call, warnings
    )
    if "ALK" not in {a.gene, b.gene} and not any(kb.bypass_fusion_side(g or "") for g in (a.gene, b.gene)):
        return None
    if a.gene == b.gene and a.gene is not None and any(r.gene == a.gene for r in kb.exon_skipping):
        return _exon_skipping(call, a, b, kb, warnings)
    if a.gene == b.gene:
        if a.gene == "ALK":
            warnings.append(
                ReportWarning(
                    code="fusion_intragenic",
                    message=(
                        f"{_where(call)}: both breakpoints lie in ALK ({call.name_as_given or 'ALK::ALK'}); an intragenic rearrangement is not reported as a fusion"
                    ),
                )
            )
        return None
    five, three, orientation, oriented = _orient(call, a, b, kb, warnings)
    hit5, exon5 = _exon(five, "5p", edge_tolerance(kb))
    hit3, exon3 = _exon(three, "3p", edge_tolerance(kb))
    for side in (five, three):
        if side.note:
            warnings.append(
                ReportWarning(
                    code="fusion_outside_model", message=f"{_where(call)}: {side.note}; its exon is not named"
                )
            )
    if "ALK" not in {five.gene, three.gene}:
        return _bypass(call, five, hit5, exon5, three, hit3, exon3, orientation, kb, warnings)
    numbering_note = None
    alk_given = three.exon_given if three.gene == "ALK" else five.exon_given
    alk_exon = exon3 if three.gene == "ALK" else exon5
    alk_hit = hit3 if three.gene == "ALK" else hit5
    aliases = {str(n.given): n for n in kb.files.fusions.alk_exon_numbering}  # knowledgebase/fusions.yaml
    alias = aliases.get(alk_given or "") if three.gene == "ALK" else None
    if alias is not None:
        if alk_hit is None:
            exon3 = alk_exon = str(alias.reads_as)
            numbering_note = (
                f"given as A{alias.given}: read as ALK exon {alias.reads_as} of {kb.alk_kinase_exon.transcript} "
                f"({alias.note}; {alias.status})"
            )
        else:
            numbering_note = (
                f"given as A{alias.given}; the coordinates place the junction at ALK exon {alk_hit.exon} of NM_004304"
            )
        warnings.append(
            ReportWarning(
                code="exon_numbering",
                message=f"{_where(call)}: {call.name_as_given or f'ALK A{alias.given}'}: {numbering_note}",
            )
        )
    for side, hit in ((five, hit5), (three, hit3)):
        given = "6" if side.exon_given == "6a/b" else side.exon_given
        if (
            hit is not None
            and given
            and hit.exon
            and given != hit.exon
            and not (side.gene == "ALK" and given in aliases)
            and not (given == "6" and hit.exon in {"6a", "6b"})
        ):
            warnings.append(
                ReportWarning(
                    code="fusion_exon_disagrees",
                    message=(
                        f"{_where(call)}: the file gives {side.gene} exon {side.exon_given} but the breakpoint {side.bp.chrom}:{side.bp.pos} "  # type: ignore[union-attr]
                        f"is at exon {hit.exon}; the coordinates are used"
                    ),
                )
            )
    five_gene, three_gene = five.gene or "unknown partner", three.gene or "unknown partner"
    junction = None
    if exon5 or exon3:
        junction = f"{_end(five_gene, exon5)};{_end(three_gene, exon3)}"
    variant, kb_entry, naming, kb_junction = _variant(call, five_gene, three_gene, junction, kb, warnings)
    if junction is None and kb_junction is not None:
        junction = kb_junction
        entry = kb.fusion_variant(kb_junction)
        assert entry is not None
        exon5, exon3 = entry.five_prime_exon, entry.three_prime_exon
    in_frame, frame_evidence = _frame(call, five, hit5, three, hit3)
    support = _support(call)
    minimum = kb.files.fusions.min_supporting_reads.value
    role, reason = _role(call, five_gene, three_gene, alk_exon, in_frame, support, minimum, oriented, kb)
    if role == "low_support":
        warnings.append(
            ReportWarning(
                code="fusion_low_support",
                message=(
                    f"{_where(call)}: {_label(five_gene, three_gene)} has {support} supporting read(s), fewer than the minimum of {minimum}; not counted as the driver"
                ),
            )
        )
    if role == "driver" and (call.caller_confidence or "").lower() in LOW_CONFIDENCE:
        warnings.append(
            ReportWarning(
                code="fusion_low_confidence",
                message=(
                    f"{_where(call)}: the caller rates {_label(five_gene, three_gene)} {call.caller_confidence}; reported as the driver because "
                    f"{five_gene} is a partner the knowledge base knows and the junction is canonical"
                ),
            )
        )
    if not oriented:
        warnings.append(
            ReportWarning(
                code="fusion_orientation_unknown",
                message=f"{_where(call)}: {_label(five_gene, three_gene)}: {orientation}",
            )
        )
    name = _label(five_gene, three_gene)
    if variant and naming == "general":
        name += f" {variant}"
    if junction:
        name += f" ({junction})"
    ident = f"{five_gene}::{three_gene}" + (f":{junction}" if junction else "")
    detail = FusionDetail(
        five_prime_gene=five_gene,
        three_prime_gene=three_gene,
        five_prime_exon=exon5,
        three_prime_exon=exon3,
        junction=junction,
        variant=variant,
        breakpoints=_breakpoints((five, hit5), (three, hit3)),
        supporting_reads=support,
        split_reads=call.split_reads,
        spanning_reads=call.spanning_reads,
        in_frame=in_frame,
        frame_evidence=frame_evidence,
        role=role,
        role_reason=reason,
        orientation=orientation,
        notation_given=call.name_as_given,  # type: ignore[arg-type]
        exon_numbering_note=numbering_note,
        caller=call.caller,
        caller_confidence=call.caller_confidence,
        dna_level=call.dna_level,
        sources=[_where(call)],
    )
    return Alteration(id=ident, category="alk_fusion", gene="ALK", name=name, kb_entry=kb_entry, fusion=detail)


def _variant(
    call: FusionCall, five: str, three: str, junction: str | None, kb: KnowledgeBase, warnings: list[ReportWarning]
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
                        f"{_where(call)}: the input says {call.variant_given} but the junction {junction} is {entry.label}; the junction is used"
                    ),
                )
            )
        return entry.label, entry.id, entry.naming, None
    if given and junction is None:
        by_label = next((v for v in kb.files.fusions.eml4_alk_variants if v.label.lower() == given), None)
        if by_label is not None:
            return by_label.label, by_label.id, by_label.naming, by_label.junction
        warnings.append(
            ReportWarning(
                code="fusion_variant_unknown",
                message=(
                    f"{_where(call)}: variant label {call.variant_given!r} has no sourced junction in the knowledge base; reported as given"
                ),
            )
        )
        return call.variant_given, None, "general", None
    return None, None, "general", None


def _role(
    call: FusionCall,
    five: str,
    three: str,
    alk_exon: str | None,
    in_frame: bool | None,
    support: int | None,
    minimum: int,
    oriented: bool,
    kb: KnowledgeBase,
) -> tuple[str, str]:
    canonical = str(kb.alk_kinase_exon.exon)
    if support is not None and support < minimum:  # too few reads to say anything more of the call
        return "low_support", f"{support} supporting read(s), below the minimum of {minimum}; not counted as the driver"
    if five == "ALK":
        if not oriented:
            return (
                "uncertain",
                "ALK is written first and the input does not say which gene is 5′: possibly a reciprocal (5′-ALK) event; not counted as the driver",
            )
        return (
            "reciprocal",
            "ALK is the 5′ partner: its kinase domain is not in this product (a reciprocal or 5′-ALK event), never the driver",
        )
    if not oriented:
        return (
            "uncertain",
            "the 5′/3′ order cannot be established, so ALK's kinase domain may not be retained; not counted as the driver",
        )
    if alk_exon is not None and alk_exon != canonical:
        where = "upstream of" if alk_exon.isdigit() and int(alk_exon) < int(canonical) else "downstream of"
        return "non_canonical", (
            f"ALK's 3′ part starts at exon {alk_exon}, {where} the canonical exon {canonical} "
            f"({kb.alk_kinase_exon.transcript}); not counted as the driver"
        )
    if in_frame is False:
        return "out_of_frame", "the exon phases put the ALK kinase domain out of frame; not counted as the driver"
    if (call.caller_confidence or "").lower() in LOW_CONFIDENCE and kb.fusion_partner(five) is None:
        return "uncertain", (
            f"the caller rates it {call.caller_confidence} and {five} is not a partner the knowledge base "
            "knows; not counted as the driver"
        )
    junction = (
        "the canonical ALK exon 20 junction" if alk_exon == canonical else "ALK as the 3′ partner (junction not given)"
    )
    return "driver", f"ALK is the 3′ partner with {junction}, keeping the kinase domain"


def _bypass(
    call: FusionCall,
    five: _Side,
    hit5: ExonHit | None,
    exon5: str | None,
    three: _Side,
    hit3: ExonHit | None,
    exon3: str | None,
    orientation: str,
    kb: KnowledgeBase,
    warnings: list[ReportWarning],
) -> Alteration | None:
    five_gene, three_gene = five.gene or "unknown partner", three.gene or "unknown partner"
    support, minimum = _support(call), min_support_bypass(kb)
    if support is not None and support < minimum:  # too few reads to say anything more of the call
        warnings.append(
            ReportWarning(
                code="fusion_bypass_set_aside",
                message=(
                    f"{_where(call)}: {_label(five_gene, three_gene)}: {support} supporting read(s), below the minimum of {minimum}; "
                    "not reported as a bypass alteration"
                ),
            )
        )
        return None
    kinase = None
    for gene, side in ((three_gene, "3p"), (five_gene, "5p")):
        if kb.bypass_fusion_side(gene) == side:
            kinase = gene
            break
    if kinase is None:
        listed = next(g for g in (five_gene, three_gene) if kb.bypass_fusion_side(g))
        warnings.append(
            ReportWarning(
                code="fusion_bypass_side",
                message=(
                    f"{_where(call)}: {_label(five_gene, three_gene)}: {listed} is on the side that does not keep its kinase domain; not counted as a bypass alteration"
                ),
            )
        )
        return None
    in_frame, frame_evidence = _frame(call, five, hit5, three, hit3)
    why = None
    if in_frame is False:
        why = f"out of frame ({frame_evidence})"
    elif (call.caller_confidence or "").lower() in LOW_CONFIDENCE:
        why = f"the caller rates it {call.caller_confidence}"
    if why:
        warnings.append(
            ReportWarning(
                code="fusion_bypass_set_aside",
                message=(
                    f"{_where(call)}: {_label(five_gene, three_gene)}: {why}; not reported as a bypass alteration"
                ),
            )
        )
        return None
    junction = f"{_end(five_gene, exon5)};{_end(three_gene, exon3)}" if (exon5 or exon3) else None
    detail = FusionDetail(
        five_prime_gene=five_gene,
        three_prime_gene=three_gene,
        five_prime_exon=exon5,
        three_prime_exon=exon3,
        junction=junction,
        breakpoints=_breakpoints((five, hit5), (three, hit3)),
        supporting_reads=_support(call),
        split_reads=call.split_reads,
        spanning_reads=call.spanning_reads,
        in_frame=in_frame,
        frame_evidence=frame_evidence,
        role="bypass",
        role_reason=f"a {kinase} fusion keeping the {kinase} kinase side: an off-target (bypass) finding by alkannot's convention",
        orientation=orientation,
        notation_given=call.name_as_given,
        caller=call.caller,
        caller_confidence=call.caller_confidence,
        dna_level=call.dna_level,
        sources=[_where(call)],
    )
    name = f"{_label(five_gene, three_gene)} fusion"
    mechanisms = kb.mechanisms_for(kinase, "fusion") if hasattr(kb, "mechanisms_for") else []
    return Alteration(
        id=_label(five_gene, three_gene),
        category="bypass",
        gene=kinase,
        name=name,
        fusion=detail,
        kb_entry=mechanisms[0].id if mechanisms else None,
    )
