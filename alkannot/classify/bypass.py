"""Small variants in bypass and co-alteration genes → `bypass` / `co_alteration` alterations.

A variant is named from the embedded hotspot table (both builds), from the embedded transcript model
of its gene (`bypass.transcript_models`: c. always, p. where the embedded coding sequence decides it)
or, failing that, from the VEP/SnpEff/MAF annotation on the gene; it becomes a finding only when a
knowledge-base mechanism lists its change. A REF that contradicts the embedded coding sequence is an
input error, as for ALK. Germline (seen in the matched normal) and synonymous changes are set aside."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..genome.builds import BUILDS, normalize_contig
from ..genome.code import ONE_LETTER, three
from ..genome.hgvs import Consequence, RefMismatch, annotate, genomic_notation, splice_site_hit, trim_alleles
from ..genome.transcripts import Transcript
from ..knowledge.base import KnowledgeBase
from ..knowledge.bypass_models import ExonSkippingRule, Mechanism
from ..model import Alteration, OtherVariant, SmallVariant, TranscriptAnnotation, VariantDetail
from .mutations import (
    Classified,
    cross_check_annotation,
    deep_intron_reason,
    deep_intronic,
    germline_reason,
    one_letter_from_hgvs_p,
    ref_mismatch_error,
)

TRUNCATING = {
    "stop_gained",
    "frameshift_variant",
    "splice_donor_variant",
    "splice_acceptor_variant",
    "start_lost",
    "nonsense",
    "frameshift",
    "Nonsense_Mutation",
    "Frame_Shift_Del",
    "Frame_Shift_Ins",
    "Splice_Site",
}
_MET_EXON14_HOTSPOTS = ("X1010", "D1010")  # how the hotspot list (../shared/reference, MSKCC) names MET exon 14 changes
_EGFR_EXON19_DEL = re.compile(r"^[A-Z](7[4-5]\d)_[A-Z](7[4-5]\d)(del|delins[A-Z]+)$")
_C_POS = r"([-*]?)(\d+)([+-]\d+)?"
_C_RANGE = re.compile(rf"c\.{_C_POS}(?:_{_C_POS})?")
_UTR3 = 10**9  # orders '*N' (3' UTR) positions after every CDS position

CPoint = tuple[int, int]
"""A c. position as (c, intronic offset): tuples order like positions along the transcript."""


class ExonBounds:
    """An exon-skipping rule placed on its transcript: the splice regions on each side of the exon, in c. space."""

    def __init__(self, rule: ExonSkippingRule, tx: Transcript):
        start, end = tx.exons[rule.exon - 1]
        first, last = sorted(c.c for c in (tx.cpos(start), tx.cpos(end)) if c is not None)
        self.rule = rule
        self.first, self.last = first, last
        """c. of the exon's first and last base"""
        self.regions: list[tuple[CPoint, CPoint]] = []
        if rule.exon > 1:  # acceptor side: the intron's last bases and the exon's first
            self.regions.append(((first, -rule.intron_bases), (first + rule.exon_bases - 1, 0)))
        if rule.exon < len(tx.exons):  # donor side: the exon's last bases and the intron's first
            self.regions.append(((last - rule.exon_bases + 1, 0), (last, rule.intron_bases)))

    def touched_by(self, hgvs_c: str | None) -> bool:
        """Whether the c. range of a notation ('c.3028+1G>T', 'ENST…:c.3020_3028+5del') overlaps a splice region."""
        span = c_range(hgvs_c)
        if span is None:
            return False
        lo, hi = span
        return any(not (hi < r_lo or lo > r_hi) for r_lo, r_hi in self.regions)


def c_range(hgvs_c: str | None) -> tuple[CPoint, CPoint] | None:
    """The first and last c. position a notation names, as ordered (c, offset) pairs; None if it names none."""
    m = _C_RANGE.search(hgvs_c or "")
    if not m:
        return None

    def point(sign: str, number: str, offset: str | None) -> CPoint:
        c = -int(number) if sign == "-" else _UTR3 + int(number) if sign == "*" else int(number)
        return c, int(offset or 0)

    lo = point(*m.group(1, 2, 3))
    hi = point(*m.group(4, 5, 6)) if m.group(5) else lo
    return min(lo, hi), max(lo, hi)


def _short_change(ann: TranscriptAnnotation) -> str | None:
    """'p.Gly12Cys' → 'G12C'; 'p.Glu746_Ala750del' → 'E746_A750del'; 'V600E' (MAF short form) kept."""
    if not ann.hgvs_p:
        return None
    one = one_letter_from_hgvs_p(ann.hgvs_p)
    if one:
        return one
    text = ann.hgvs_p.removeprefix("p.").strip("()")
    return re.sub(r"[A-Z][a-z]{2}", lambda m: ONE_LETTER.get(m.group(), m.group()), text)


class _Named(NamedTuple):
    """How a variant is named: by the gene's embedded model, or by its annotation."""

    change: str | None
    hgvs_c: str | None
    hgvs_p: str | None
    consequence: str | None
    transcript: str | None
    exon: int | None
    splice_region: bool
    residue: str | None


def _truncating(named: _Named) -> bool:
    change = named.change
    return (named.consequence in TRUNCATING) or bool(change and (change.endswith("*") or change.endswith("fs")))


def _nonsynonymous(named: _Named) -> bool:
    change = named.change
    return bool(change and not change.endswith("=") and named.consequence not in {"synonymous_variant", "Silent"})


_CLASSES = {"truncating": _truncating, "nonsynonymous": _nonsynonymous}
"""change classes a mechanism may list that are told from the change and consequence alone"""


def _skips(pattern: str, bounds: ExonBounds, gene: str, named: _Named) -> bool:
    if gene == bounds.rule.gene and bounds.touched_by(named.hgvs_c):
        return True
    return pattern == "exon14_skipping" and gene == "MET" and (named.change or "").startswith(_MET_EXON14_HOTSPOTS)


def _pattern_matches(pattern: str, gene: str, named: _Named, skipping: dict[str, ExonBounds] | None) -> bool:
    by_class = _CLASSES.get(pattern)
    if by_class is not None:
        return by_class(named)
    if skipping and pattern in skipping:
        return _skips(pattern, skipping[pattern], gene, named)
    change = named.change
    if pattern == "exon19_deletion":
        return bool(change and _EGFR_EXON19_DEL.match(change))
    return bool(change and re.fullmatch(re.escape(pattern).replace(r"\*", "[A-Z*]"), change))


def matches(mech: Mechanism, gene: str, named: _Named, skipping: dict[str, ExonBounds] | None = None) -> bool:
    """Whether a change falls under one of the mechanism's listed changes or classes. `skipping` places
    the exon-skipping classes (bypass.exon_skipping) on their transcripts: class → ExonBounds."""
    return any(_pattern_matches(p, gene, named, skipping) for p in mech.changes)


def transcript_models(kb: KnowledgeBase, build: str) -> dict[str, Transcript]:
    """gene → the embedded transcript model of a bypass / co-alteration gene on `build`
    (`kb.gene_models.bypass`, built once per knowledge base). Callers must not modify the mapping."""
    return kb.gene_models.bypass.get(build, {})


def exon_skipping_bounds(kb: KnowledgeBase, models: dict[str, Transcript]) -> dict[str, ExonBounds]:
    """change class → its rule placed on the gene's model (rules whose model is absent are left out)."""
    out = {}
    for rule in kb.exon_skipping:
        tx = models.get(rule.gene)
        if tx is not None and tx.refseq == rule.transcript and rule.exon <= len(tx.exons):
            out[rule.change_class] = ExonBounds(rule, tx)
    return out


def _model_consequence(
    var: SmallVariant, chrom: str | None, tx: Transcript | None, other_build: str | None
) -> Consequence | None:
    """The variant on the gene's embedded model, or None (no model, no coordinates, outside the transcript)."""
    if tx is None or not var.pos or chrom != tx.chrom:
        return None
    try:
        cons = annotate(tx, var.pos, var.ref, var.alt)
    except RefMismatch as exc:
        raise ref_mismatch_error(var, tx, exc, other_build) from None
    if cons is not None and cons.consequence in {"intron_variant", "coding_sequence_variant"}:
        cons.consequence = splice_site_hit(tx, var.pos, var.ref, var.alt) or cons.consequence
    return cons


def _gene_of(var: SmallVariant, build: str, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """(gene, normalized chromosome): the gene whose embedded span holds the variant, else the annotation's
    gene (MAF Hugo_Symbol, CSQ SYMBOL) outside the spans or without coordinates."""
    chrom = normalize_contig(var.chrom)
    gene = kb.bypass_gene_at(build, chrom, var.pos) if chrom else None
    if gene is None:
        gene = next((a.gene for a in var.annotations if a.gene in kb.small_variant_genes and a.gene != "ALK"), None)
        if gene is not None and not chrom and gene in kb.gene_spans:
            chrom = kb.gene_spans[gene][build][0]
    return gene, chrom


def _annotation(var: SmallVariant, gene: str, tx: Transcript | None) -> TranscriptAnnotation | None:
    """The annotation on the gene's embedded transcript, else the first on the gene."""
    on_gene = [a for a in var.annotations if a.gene == gene]
    ids = {tx.refseq, tx.ensembl} if tx else set()
    return next((a for a in on_gene if (a.transcript or "").split(".")[0] in ids), None) or next(iter(on_gene), None)


def _named(cons: Consequence | None, ann: TranscriptAnnotation | None, hot: tuple[str, str] | None) -> _Named:
    """The embedded model names the change unless it cannot name the protein change and an annotation can."""
    if cons is not None and (cons.protein_change is not None or not (ann and ann.hgvs_p)):
        residue = f"{cons.ref_residue}{cons.first_residue}" if cons.ref_residue and cons.first_residue else None
        return _Named(
            hot[1] if hot else cons.protein_change,
            cons.hgvs_c,
            cons.hgvs_p,
            cons.consequence,
            cons.transcript.refseq,
            cons.exon,
            cons.splice_region,
            residue,
        )
    if ann is None:
        return _Named(hot[1] if hot else None, None, None, None, None, None, False, None)
    return _Named(
        hot[1] if hot else _short_change(ann),
        ann.hgvs_c,
        ann.hgvs_p,
        ann.consequence.split("&")[0] if ann.consequence else None,
        ann.transcript,
        None,
        False,
        None,
    )


def _other(var: SmallVariant, gene: str, named: _Named, reason: str) -> OtherVariant:
    return OtherVariant(
        gene=gene,
        chrom=var.chrom,
        pos=var.pos,
        ref=var.ref,
        alt=var.alt,
        hgvs_c=named.hgvs_c,
        hgvs_p=named.hgvs_p,
        reference_residue=named.residue,
        reason=reason,
    )


def _not_a_change(var: SmallVariant, named: _Named, kb: KnowledgeBase) -> str | None:
    """Why a variant is set aside before any mechanism is asked (germline, synonymous), or None."""
    germline = germline_reason(var, kb)
    if germline:
        return germline
    if (named.change and named.change.endswith("=")) or named.consequence in {"synonymous_variant", "Silent"}:
        return "synonymous: no change to the protein"
    return None


def _unmatched(  # noqa: PLR0917  the variant, where it lies and how it is named
    var: SmallVariant, gene: str, chrom: str | None, tx: Transcript | None, named: _Named, out: Classified
) -> None:
    """A variant no mechanism of its gene lists: counted when deep intronic, else set aside with why."""
    if tx is not None and chrom == tx.chrom and deep_intronic(tx, var.pos, var.ref):
        out.counted[gene, deep_intron_reason(f"no {gene} mechanism in the knowledge base")] += 1
    elif named.change or named.hgvs_c:
        out.other_variants.append(
            _other(
                var, gene, named, f"no {gene} mechanism in the knowledge base matches {named.change or named.hgvs_c}"
            )
        )
    else:
        out.other_variants.append(
            _other(var, gene, named, "not a listed hotspot, and no VEP/SnpEff/MAF annotation names its protein change")
        )


def _alteration(  # noqa: PLR0917  the variant, where it lies, how it is named and what the KB says
    var: SmallVariant, gene: str, chrom: str | None, named: _Named, mech: Mechanism, hot: bool
) -> Alteration:
    change, hgvs_c, hgvs_p = named.change, named.hgvs_c, named.hgvs_p
    if not hgvs_p and change and re.fullmatch(r"[A-Z]\d+[A-Z*]", change):
        hgvs_p = f"p.{three(change[0])}{change[1:-1]}{three(change[-1])}"
    label = f"{gene} p.{change}" if change else f"{gene} {hgvs_c or mech.id}"
    if mech.id == "MET_exon14":
        label = f"MET exon 14 skipping ({change or hgvs_c})"
    return Alteration(
        id=f"{gene}:{change or hgvs_c or f'{var.pos}{var.ref}>{var.alt}'}",
        category=mech.category,
        gene=gene,
        name=label,
        kb_entry=mech.id,
        variant=VariantDetail(
            chrom=var.chrom,
            pos=var.pos,
            ref=var.ref,
            alt=var.alt,
            transcript=named.transcript,
            exon=named.exon,
            hgvs_g=genomic_notation(f"chr{chrom}:g.", var.pos, var.ref, var.alt) if var.pos else None,
            hgvs_c=hgvs_c,
            hgvs_p=hgvs_p,
            protein_change=change,
            reference_residue=named.residue,
            consequence=named.consequence or ("hotspot" if hot else "coding_sequence_variant"),
            splice_region=named.splice_region,
            vaf=var.vaf,
            depth=var.depth,
            alt_depth=var.alt_depth,
            genotype=var.genotype,
            filters=var.filters,
        ),
    )


def classify_bypass_variants(variants: list[SmallVariant], build: str, kb: KnowledgeBase) -> Classified:
    out = Classified()
    models = transcript_models(kb, build)
    skipping = exon_skipping_bounds(kb, models)
    other_build = next((b for b in BUILDS if b != build), None)
    for var in variants:
        gene, chrom = _gene_of(var, build, kb)
        if gene is None:
            continue
        pos, ref, alt = trim_alleles(var.pos, var.ref, var.alt)
        hot = kb.hotspot(build, chrom, pos, ref, alt) if chrom else None  # without coordinates: no hotspot
        tx = models.get(gene)
        cons = _model_consequence(var, chrom, tx, other_build)
        ann = _annotation(var, gene, tx)
        if cons is not None:
            cross_check_annotation(var, cons.transcript, cons, out.warnings)
        named = _named(cons, ann, hot)
        reason = _not_a_change(var, named, kb)
        if reason:
            out.other_variants.append(_other(var, gene, named, reason))
            continue
        mech = next((m for m in kb.mechanisms_for(gene, "small_variant") if matches(m, gene, named, skipping)), None)
        if mech is None:
            _unmatched(var, gene, chrom, tx, named, out)
            continue
        found = _alteration(var, gene, chrom, named, mech, hot is not None)
        out.alterations.append(found)
        out.sources[found.id] = var
    return out
