"""Small variants in bypass and co-alteration genes → `bypass` / `co_alteration` alterations.

A variant is named from the embedded hotspot table (both builds) or, failing that, from the VEP/
SnpEff/MAF annotation on the gene; it becomes a finding only when a knowledge-base mechanism lists
its change. Germline (seen in the matched normal) and synonymous changes are set aside."""

from __future__ import annotations

import re

from ..genome.builds import normalize_contig
from ..genome.code import ONE_LETTER, three
from ..genome.hgvs import genomic_notation, trim_alleles
from ..knowledge import KnowledgeBase, Mechanism
from ..model import Alteration, OtherVariant, SmallVariant, TranscriptAnnotation, VariantDetail
from .mutations import Classified, germline_reason, one_letter_from_hgvs_p

TRUNCATING = {"stop_gained", "frameshift_variant", "splice_donor_variant", "splice_acceptor_variant", "start_lost",
              "nonsense", "frameshift", "Nonsense_Mutation", "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site"}
_MET_EXON14 = re.compile(r"c\.(2888-\d+|3028\+\d+)")  # exon 14 = c.2888-c.3028 on NM_000245 (../shared/reference)
_EGFR_EXON19_DEL = re.compile(r"^[A-Z](7[4-5]\d)_[A-Z](7[4-5]\d)(del|delins[A-Z]+)$")


def _short_change(ann: TranscriptAnnotation) -> str | None:
    """'p.Gly12Cys' → 'G12C'; 'p.Glu746_Ala750del' → 'E746_A750del'; 'V600E' (MAF short form) kept."""
    if not ann.hgvs_p:
        return None
    one = one_letter_from_hgvs_p(ann.hgvs_p)
    if one:
        return one
    text = ann.hgvs_p.removeprefix("p.").strip("()")
    return re.sub(r"[A-Z][a-z]{2}", lambda m: ONE_LETTER.get(m.group(), m.group()), text)


def matches(mech: Mechanism, gene: str, change: str | None, consequence: str | None, hgvs_c: str | None) -> bool:
    """Whether a change falls under one of the mechanism's listed changes or classes."""
    for pattern in mech.changes:
        if pattern == "truncating":
            if (consequence in TRUNCATING) or bool(change and (change.endswith("*") or change.endswith("fs"))):
                return True
        elif pattern == "nonsynonymous":
            if change and not change.endswith("=") and consequence not in {"synonymous_variant", "Silent"}:
                return True
        elif pattern == "exon14_skipping":
            if gene == "MET" and ((change or "").startswith(("X1010", "D1010")) or bool(hgvs_c and _MET_EXON14.search(hgvs_c))):
                return True
        elif pattern == "exon19_deletion":
            if change and _EGFR_EXON19_DEL.match(change):
                return True
        elif change and re.fullmatch(re.escape(pattern).replace(r"\*", "[A-Z*]"), change):
            return True
    return False


def classify_bypass_variants(variants: list[SmallVariant], build: str, kb: KnowledgeBase) -> Classified:
    out = Classified()
    for var in variants:
        chrom = normalize_contig(var.chrom)
        gene = kb.bypass_gene_at(build, chrom, var.pos) if chrom else None
        if gene is None:  # outside the embedded spans (or no coordinates): the annotation's gene (MAF Hugo_Symbol, CSQ SYMBOL)
            gene = next((a.gene for a in var.annotations if a.gene in kb.small_variant_genes and a.gene != "ALK"), None)
            if gene is not None and not chrom and gene in kb.files.hotspots.gene_spans:
                chrom = kb.files.hotspots.gene_spans[gene][build][0]
        if gene is None:
            continue
        pos, ref, alt = trim_alleles(var.pos, var.ref, var.alt)
        hot = kb.hotspot(build, chrom, pos, ref, alt)
        ann = next((a for a in var.annotations if a.gene == gene), None)
        change = hot[1] if hot else (_short_change(ann) if ann else None)
        consequence = ann.consequence.split("&")[0] if ann and ann.consequence else None
        hgvs_c = ann.hgvs_c if ann else None

        def set_aside(reason: str) -> None:
            out.other_variants.append(OtherVariant(gene=gene, chrom=var.chrom, pos=var.pos, ref=var.ref, alt=var.alt,
                                                   hgvs_c=hgvs_c, hgvs_p=ann.hgvs_p if ann else None, reason=reason))

        germline = germline_reason(var, kb)
        if germline:
            set_aside(germline)
            continue
        if (change and change.endswith("=")) or consequence in {"synonymous_variant", "Silent"}:
            set_aside("synonymous: no change to the protein")
            continue
        mech = next((m for m in kb.mechanisms_for(gene, "small_variant") if matches(m, gene, change, consequence, hgvs_c)), None)
        if mech is None:
            if change or hgvs_c:
                set_aside(f"no {gene} mechanism in the knowledge base matches {change or hgvs_c}")
            else:
                set_aside("not a listed hotspot, and no VEP/SnpEff/MAF annotation names its protein change")
            continue
        simple = change and re.fullmatch(r"[A-Z]\d+[A-Z*]", change)
        hgvs_p = ann.hgvs_p if ann and ann.hgvs_p else (f"p.{three(change[0])}{change[1:-1]}{three(change[-1])}" if simple else None)
        label = f"{gene} p.{change}" if change else f"{gene} {hgvs_c or mech.id}"
        if mech.id == "MET_exon14":
            label = f"MET exon 14 skipping ({change or hgvs_c})"
        ident = f"{gene}:{change or hgvs_c or f'{var.pos}{var.ref}>{var.alt}'}"
        out.alterations.append(Alteration(
            id=ident, category=mech.category, gene=gene, name=label, kb_entry=mech.id,
            variant=VariantDetail(
                chrom=var.chrom, pos=var.pos, ref=var.ref, alt=var.alt, transcript=ann.transcript if ann else None,
                hgvs_g=genomic_notation(f"chr{chrom}:g.", var.pos, var.ref, var.alt) if var.pos else None, hgvs_c=hgvs_c, hgvs_p=hgvs_p,
                protein_change=change, consequence=consequence or ("hotspot" if hot else "coding_sequence_variant"),
                vaf=var.vaf, depth=var.depth, alt_depth=var.alt_depth, genotype=var.genotype, filters=var.filters,
            ),
        ))
        out.sources[ident] = var
    return out
