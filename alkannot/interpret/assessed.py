"""What the inputs assessed, class by class: only an assessed class can be 'not found'. A small-variant
input assesses ALK when it holds an ALK record or its panel design (`--targets`) covers the ALK
kinase domain; a gene outside the design is not assessed; fusions, copy number and histology are
assessed only when an input of their kind was given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..knowledge.base import KnowledgeBase
from ..model import AssessedClass, ClinicalContext

if TYPE_CHECKING:
    from ..genome.transcripts import Transcript
    from ..readers.targets import Targets

LABELS = {
    "alk_kinase_domain_mutation": "ALK kinase-domain mutations",
    "alk_fusion": "ALK fusions",
    "bypass_small_variant": "bypass and co-alteration small variants",
    "copy_number": "copy number",
    "histology": "histology",
}


def kinase_domain_span(tx: Transcript, kb: KnowledgeBase) -> tuple[str, int, int]:
    """The ALK kinase domain's genomic span (1-based closed) on the transcript's build."""
    kd = kb.definitions.kinase_domain
    ends = sorted(tx.genomic(c) for c in (3 * kd.start - 2, 3 * kd.end))
    return tx.chrom, ends[0], ends[1]


def _design(targets: Targets | None) -> str | None:
    return f"the panel design {targets.path}" if targets else None


def kinase_domain_assessed(
    kb: KnowledgeBase, alk_tx: Transcript | None, small_input: bool, alk_records: int, targets: Targets | None
) -> AssessedClass:
    """ALK kinase-domain mutations: assessed when the panel design covers the domain, else when the
    small-variant input holds an ALK record; without either, whether ALK was sequenced is not known."""
    kind = "alk_kinase_domain_mutation"
    if not small_input:
        return AssessedClass(alteration_class=kind, assessed=False, basis="no small-variant input (VCF or MAF)")
    if targets is not None and alk_tx is not None:
        chrom, lo, hi = kinase_domain_span(alk_tx, kb)
        covered = targets.overlaps(chrom, lo, hi)
        return AssessedClass(
            alteration_class=kind,
            assessed=covered,
            basis=f"{_design(targets)} {'covers' if covered else 'does not cover'} the ALK kinase domain",
        )
    if alk_records:
        return AssessedClass(
            alteration_class=kind, assessed=True, basis=f"the small-variant input holds {alk_records} ALK record(s)"
        )
    return AssessedClass(
        alteration_class=kind,
        assessed=False,
        basis=(
            "the small-variant input holds no ALK record and no panel design (the targets parameter) was given: "
            "whether ALK was sequenced is not known"
        ),
    )


def bypass_small_variants_assessed(
    kb: KnowledgeBase, build: str | None, small_input: bool, targets: Targets | None
) -> AssessedClass:
    """Bypass and co-alteration small variants: the genes the panel design covers (all of them
    without a design, which cannot tell a gene it does not cover apart)."""
    kind = "bypass_small_variant"
    if not small_input:
        return AssessedClass(alteration_class=kind, assessed=False, basis="no small-variant input (VCF or MAF)")
    genes = sorted(kb.small_variant_genes - {"ALK"})
    spans = kb.gene_spans
    outside = [
        g
        for g in genes
        if targets is not None
        and build is not None
        and not ((span := spans.get(g, {}).get(build)) and targets.overlaps(span[0], span[1], span[2]))
    ]
    basis = (
        f"{_design(targets)} covers {len(genes) - len(outside)} of the {len(genes)} genes"
        if targets is not None
        else "a small-variant input was read; without its panel design (the targets parameter) a gene it does not "
        "cover cannot be told apart"
    )
    return AssessedClass(
        alteration_class=kind, assessed=len(outside) < len(genes), basis=basis, genes_not_assessed=outside
    )


def histology_assessed(context: ClinicalContext | None) -> AssessedClass:
    histology = context.histology if context is not None else None
    return AssessedClass(
        alteration_class="histology",
        assessed=histology is not None,
        basis=f"the clinical context states {histology}" if histology is not None else "no histology is stated",
    )


def assessed_classes(
    kb: KnowledgeBase,
    *,
    build: str | None,
    alk_tx: Transcript | None,
    small_input: bool,
    alk_records: int,
    targets: Targets | None,
    fusion_input: bool,
    cnv_input: bool,
    context: ClinicalContext | None,
) -> list[AssessedClass]:
    return [
        kinase_domain_assessed(kb, alk_tx, small_input, alk_records, targets),
        AssessedClass(
            alteration_class="alk_fusion",
            assessed=fusion_input,
            basis="a fusion input was given" if fusion_input else "no fusion input (fusion table, notation or SV VCF)",
        ),
        bypass_small_variants_assessed(kb, build, small_input, targets),
        AssessedClass(
            alteration_class="copy_number",
            assessed=cnv_input,
            basis="a copy-number input was given" if cnv_input else "no copy-number input",
        ),
        histology_assessed(context),
    ]


def is_assessed(assessed: list[AssessedClass], name: str) -> bool:
    """Unknown (an empty list, as from a direct `interpret` call) counts as assessed, as before."""
    return next((a.assessed for a in assessed if a.alteration_class == name), True)
