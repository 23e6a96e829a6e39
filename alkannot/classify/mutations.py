"""ALK small variants → alterations: known kinase-domain resistance mutations, kinase-domain VUS,
and everything else set aside (with its reason) as not a resistance finding."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import InputError, option
from ..genome.code import ONE_LETTER, three
from ..genome.hgvs import Consequence, RefMismatch, annotate, hgvs_g
from ..genome.transcripts import Transcript
from ..knowledge.base import KnowledgeBase
from ..model import Alteration, OtherVariant, OtherVariantCount, ReportWarning, SmallVariant, VariantDetail

NOT_CODING = {
    "intron_variant",
    "5_prime_UTR_variant",
    "3_prime_UTR_variant",
    "splice_donor_variant",
    "splice_acceptor_variant",
}
_P3 = re.compile(r"^p\.\(?([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2}|=|\*)\)?$")
_P1 = re.compile(r"^(?:p\.)?\(?([ACDEFGHIKLMNPQRSTVWY])(\d+)([ACDEFGHIKLMNPQRSTVWY*=])\)?$")
DEEP_INTRON = 50
"""Bases from the nearest exon beyond which a set-aside intronic variant is counted rather than listed:
a reporting convention (well past the splice region and the intronic deletions of MET exon 14
skipping), so that a WGS report lists what a reader would check and counts the rest."""


@dataclass
class Classified:
    alterations: list[Alteration] = field(default_factory=list)
    other_variants: list[OtherVariant] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    sources: dict[str, SmallVariant] = field(default_factory=dict)
    """alteration id → the VCF allele it came from (phase tags live there)"""
    counted: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(gene, reason) → number of deep-intronic variants set aside without a line each"""


def variant_counts(counted: Counter[tuple[str | None, str]]) -> list[OtherVariantCount]:
    """The report's counts, per gene (those placed on none last) and reason."""
    ordered = sorted(counted.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1]))
    return [OtherVariantCount(gene=gene, reason=reason, count=n) for (gene, reason), n in ordered]


def deep_intron_reason(why: str) -> str:
    """The reason a count of deep-intronic variants carries; it states the margin, so a report says what it counted."""
    return f"deep intron (more than {DEEP_INTRON} bases from an exon): {why}"


def deep_intronic(tx: Transcript, pos: int, ref: str) -> bool:
    """Inside the transcript and more than DEEP_INTRON bases from every exon."""
    lo, hi = tx.span
    end = pos + max(len(ref), 1) - 1
    return lo <= pos and end <= hi and tx.exon_distance(pos, end) > DEEP_INTRON


def ref_mismatch_error(var: SmallVariant, tx: Transcript, exc: RefMismatch, other_build: str | None) -> InputError:
    hint = f"; the file may be {other_build} (use {option('build')} {other_build})" if other_build else ""
    return InputError(
        var.file,
        f"REF disagrees with {tx.build} at {var.chrom}:{exc.genomic_pos} ({tx.gene} c.{exc.c_pos}): "
        f"expected {_genomic(tx, exc.expected)}, found {_genomic(tx, exc.found)}{hint}",
        line=var.line,
    )


def _genomic(tx: Transcript, coding_base: str) -> str:
    return tx.genomic_bases_to_coding(coding_base)  # the complement is its own inverse


def one_letter_from_hgvs_p(hgvs_p: str | None) -> str | None:
    """'p.Gly1202Arg' / 'p.(Gly1202Arg)' → 'G1202R'; None for anything else."""
    if not hgvs_p:
        return None
    short = _P1.match(hgvs_p)  # MAF HGVSp_Short: p.G1202R
    if short:
        return "".join(short.groups())
    m = _P3.match(hgvs_p)
    if not m:
        return None
    ref, pos, alt = m.groups()
    if ref not in ONE_LETTER:
        return None
    alt1 = "=" if alt == "=" else ONE_LETTER.get(alt, "*" if alt == "*" else "")
    return f"{ONE_LETTER[ref]}{pos}{alt1}" if alt1 else None


def _strip_version(transcript: str | None) -> str:
    return (transcript or "").split(".")[0]


def cross_check_annotation(
    var: SmallVariant, tx: Transcript, cons: Consequence, warnings: list[ReportWarning]
) -> tuple[str | None, str | None]:
    """Compare with CSQ/ANN on the same transcript; returns an annotator's (hgvs_p, protein_change)
    to use where the embedded model cannot name the protein change."""
    ids = {tx.refseq, tx.ensembl}
    for ann in var.annotations:
        if _strip_version(ann.transcript) not in ids:
            continue
        theirs = one_letter_from_hgvs_p(ann.hgvs_p)
        if cons.protein_change and theirs and theirs != cons.protein_change:
            warnings.append(
                ReportWarning(
                    code="annotation_disagrees",
                    message=f"{var.file}: {var.chrom}:{var.pos} {var.ref}>{var.alt}: "
                    f"{ann.source} says {ann.hgvs_p} on {ann.transcript}, "
                    f"the embedded {tx.refseq} model gives {cons.hgvs_p}; the embedded translation is reported",
                )
            )
        elif cons.hgvs_c and ann.hgvs_c and ann.hgvs_c != cons.hgvs_c and cons.verified:
            warnings.append(
                ReportWarning(
                    code="annotation_disagrees",
                    message=f"{var.file}: {var.chrom}:{var.pos} {var.ref}>{var.alt}: "
                    f"{ann.source} says {ann.hgvs_c} on {ann.transcript}, "
                    f"the embedded {tx.refseq} model gives {cons.hgvs_c}; the embedded translation is reported",
                )
            )
        if not cons.protein_change and ann.hgvs_p:
            return ann.hgvs_p.replace("(", "").replace(")", ""), theirs
    return None, None


def _detail(
    var: SmallVariant, tx: Transcript, cons: Consequence, hgvs_p: str | None, change: str | None
) -> VariantDetail:
    return VariantDetail(
        chrom=var.chrom,
        pos=var.pos,
        ref=var.ref,
        alt=var.alt,
        transcript=tx.refseq,
        exon=cons.exon,
        hgvs_g=hgvs_g(tx, var.pos, var.ref, var.alt),
        hgvs_c=cons.hgvs_c,
        hgvs_p=hgvs_p,
        protein_change=change,
        reference_residue=_reference_residue(cons),
        consequence=cons.consequence,
        splice_region=cons.splice_region,
        vaf=var.vaf,
        depth=var.depth,
        alt_depth=var.alt_depth,
        genotype=var.genotype,
        phase_set=var.phase_set,
        filters=var.filters,
    )


def germline_reason(var: SmallVariant, kb: KnowledgeBase) -> str | None:
    """Why a variant is germline (seen in the matched normal), or None."""
    rule = kb.bypass
    if (
        var.normal_vaf is not None
        and var.normal_vaf >= rule.germline_normal_min_vaf
        and (var.normal_alt_depth or 0) >= rule.germline_normal_min_reads
    ):
        return f"germline: present in the matched normal (VAF {var.normal_vaf:g})"
    return None


def _residue_at(cons: Consequence, residue: int) -> str | None:
    """'G1202' for the residue an event changes (one of an MNV's residues, or the first changed codon)."""
    ref = next((r.ref for r in cons.residues if r.position == residue), None) or (
        cons.ref_residue if cons.first_residue == residue else None
    )
    return f"{ref}{residue}" if ref else None


def _reference_residue(cons: Consequence) -> str | None:
    if cons.ref_residue and cons.first_residue:
        return f"{cons.ref_residue}{cons.first_residue}"
    return None


def _kb_labels(
    kb: KnowledgeBase, gene: str, change: str | None, residue: int, residue_label: str | None
) -> tuple[str, str | None, str | None]:
    """(category, region, KB entry) of a kinase-domain change: a resistance residue or mutation the sources
    name without a drug profile is not a VUS."""
    entry = kb.mutation(gene, change) if change else None
    uncurated = None if entry else kb.uncurated_resistance(gene, change, residue_label)
    region = kb.region_of(residue)
    return (
        "alk_kinase_domain_mutation" if entry or uncurated else "vus",
        entry.region if entry and entry.region else (region.id if region else None),
        entry.id if entry else uncurated.id if uncurated else None,
    )


def _from_annotation(var: SmallVariant, tx: Transcript, kb: KnowledgeBase, out: Classified) -> None:
    """A coordinate-less row (MAF with only HGVSp_Short): classified from the protein change it names."""
    ann = next((a for a in var.annotations if a.gene == tx.gene and a.hgvs_p), None)
    change = one_letter_from_hgvs_p(ann.hgvs_p) if ann else None
    if ann is None or change is None:
        return
    residue = int(change[1:-1])  # one letter, the residue number, one letter (or '=', '*')
    if change.endswith("=") or not kb.in_kinase_domain(tx.gene, residue):
        reason = "synonymous" if change.endswith("=") else "outside the ALK kinase domain: not a resistance finding"
        out.other_variants.append(
            OtherVariant(
                gene=tx.gene, chrom=var.chrom, pos=var.pos, ref=var.ref, alt=var.alt, hgvs_p=ann.hgvs_p, reason=reason
            )
        )
        return
    category, region, kb_entry = _kb_labels(kb, tx.gene, change, residue, f"{change[0]}{residue}")
    ident = f"{tx.gene}:{change}"
    out.alterations.append(
        Alteration(
            id=ident,
            category=category,
            gene=tx.gene,
            name=f"{tx.gene} p.{change}",
            region=region,
            kb_entry=kb_entry,
            variant=VariantDetail(
                chrom=var.chrom,
                pos=var.pos,
                ref=var.ref,
                alt=var.alt,
                transcript=ann.transcript,
                hgvs_g=None,
                hgvs_c=ann.hgvs_c,
                hgvs_p=f"p.{three(change[0])}{residue}{three(change[-1])}",
                protein_change=change,
                reference_residue=f"{change[0]}{residue}",
                consequence=ann.consequence or "missense_variant",
                vaf=var.vaf,
                depth=var.depth,
                alt_depth=var.alt_depth,
            ),
        )
    )
    out.sources[ident] = var


Event = tuple[str | None, str | None, int | None]
"""One protein change of a record: (change, hgvs_p, residue)."""


def _not_a_change(var: SmallVariant, cons: Consequence, change: str | None, kb: KnowledgeBase) -> str | None:
    """Why a record is set aside whatever residue it changes (germline, not coding, synonymous), or None."""
    germline = germline_reason(var, kb)
    if germline:
        return germline
    if cons.consequence in NOT_CODING:
        where = (
            "splice site"
            if cons.consequence.startswith("splice")
            else cons.consequence.replace("_variant", "").replace("_", " ")
        )
        return f"{where}: not a kinase-domain change"
    if cons.consequence == "synonymous_variant" or (change and change.endswith("=")):
        return "synonymous: no change to the protein"
    return None


def _events(cons: Consequence, event: Event) -> list[Event]:
    """One record changing adjacent codons (MNV/delins): one event per residue, phased cis by construction."""
    if len(cons.residues) > 1 and all(r.alt and r.alt != "*" for r in cons.residues):
        return [
            (f"{r.ref}{r.position}{r.alt}", f"p.{three(r.ref)}{r.position}{three(r.alt)}", r.position)
            for r in cons.residues
        ]
    return [event]


def _set_aside(var: SmallVariant, tx: Transcript, cons: Consequence, hgvs_p: str | None, reason: str) -> OtherVariant:
    return OtherVariant(
        gene=tx.gene,
        chrom=var.chrom,
        pos=var.pos,
        ref=var.ref,
        alt=var.alt,
        hgvs_c=cons.hgvs_c,
        hgvs_p=hgvs_p,
        reference_residue=_reference_residue(cons),
        reason=reason,
    )


def _add_event(  # noqa: PLR0917  the record, its model, one of its events and where it goes
    var: SmallVariant,
    tx: Transcript,
    cons: Consequence,
    event: Event,
    kb: KnowledgeBase,
    out: Classified,
    seen_ids: dict[str, int],
) -> None:
    change, hgvs_p, residue = event
    if residue is None or not kb.in_kinase_domain(tx.gene, residue):
        out.other_variants.append(
            _set_aside(var, tx, cons, hgvs_p, "outside the ALK kinase domain: not a resistance finding")
        )
        return
    category, region, kb_entry = _kb_labels(kb, tx.gene, change, residue, _residue_at(cons, residue))
    label = f"{tx.gene} p.{change}" if change else f"{tx.gene} {cons.hgvs_c}"
    ident = f"{tx.gene}:{change or cons.hgvs_c}"
    seen_ids[ident] = seen_ids.get(ident, 0) + 1
    if seen_ids[ident] > 1:
        ident = f"{ident}:{cons.hgvs_c}"
    out.alterations.append(
        Alteration(
            id=ident,
            category=category,
            gene=tx.gene,
            name=label,
            region=region,
            kb_entry=kb_entry,
            variant=_detail(var, tx, cons, hgvs_p, change),
        )
    )
    out.sources[ident] = var
    if var.filters:
        out.warnings.append(
            ReportWarning(
                code="filtered_variant_included",
                message=(
                    f"{label} did not pass the caller's filters ({', '.join(var.filters)}); included because "
                    "filtered variants were asked for (include_filtered)"
                ),
            )
        )


def classify_alk_variants(
    variants: list[SmallVariant], tx: Transcript, kb: KnowledgeBase, other_build: str | None
) -> Classified:
    """Label each ALK small variant. A REF that contradicts the build is an InputError."""
    out = Classified()
    seen_ids: dict[str, int] = {}
    for var in variants:
        if var.pos and deep_intronic(tx, var.pos, var.ref):
            out.counted[tx.gene, deep_intron_reason("not a kinase-domain change")] += 1
            continue
        try:
            cons = annotate(tx, var.pos, var.ref, var.alt)
        except RefMismatch as exc:
            raise ref_mismatch_error(var, tx, exc, other_build) from None
        if cons is None:
            if var.pos == 0:  # a MAF row without coordinates: only its annotation names the change
                _from_annotation(var, tx, kb, out)
            continue
        ann_p, ann_change = cross_check_annotation(var, tx, cons, out.warnings)
        hgvs_p = cons.hgvs_p or ann_p
        change = cons.protein_change or ann_change
        residue = cons.first_residue
        if ann_change and not cons.protein_change:
            residue = int(re.sub(r"\D", "", ann_change[1:]) or 0) or residue
        reason = _not_a_change(var, cons, change, kb)
        if reason:
            out.other_variants.append(_set_aside(var, tx, cons, hgvs_p, reason))
            continue
        for event in _events(cons, (change, hgvs_p, residue)):
            _add_event(var, tx, cons, event, kb, out, seen_ids)
    return out
