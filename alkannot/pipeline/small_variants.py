"""Small variants (a VCF, a MAF, a TSO500 file's [Small Variants]): read with the evidence of their
build, then classified on the run's build — ALK kinase-domain mutations and their compounds, bypass
and co-alteration variants, and the records set aside, counted."""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from ..classify.bypass import classify_bypass_variants
from ..classify.compound import find_compounds
from ..classify.mutations import Classified, classify_alk_variants
from ..genome.builds import NAMED, BuildEvidence, header_evidence, normalize_contig
from ..genome.transcripts import Transcript
from ..knowledge.base import KnowledgeBase
from ..model import Alteration, InputFile, ReportWarning, SmallVariant
from ..readers.presence import SetAside
from ..readers.vcf import Region, VcfResult, read_vcf
from .build_evidence import ref_evidence
from .partial import REGION_PADDING, Partial, Run


def read_vcf_step(run: Run, _found: Partial) -> Partial:
    """The VCF's records in both builds' ALK and bypass-gene regions, whatever is declared: a
    contradicted build is seen, not a lost mutation. A header outranks the content as evidence of the
    build (builds.resolve_build). An Ion Reporter VCF's breakend and <CNV> records are read by their
    own steps, so they are not "skipped" here."""
    vcf = run.inputs.vcf
    assert vcf is not None
    builds = list(run.alk_models)
    regions = [
        Region(tx.chrom, tx.span[0] - REGION_PADDING, tx.span[1] + REGION_PADDING) for tx in run.alk_models.values()
    ] + _bypass_regions(run.kb, builds)
    result = read_vcf(
        vcf,
        regions,
        sample=run.options.sample,
        include_filtered=run.options.include_filtered,
        genes=run.kb.small_variant_genes,
    )
    warnings = list(result.warnings)
    if run.inputs.ion_vcf:
        warnings = [w for w in warnings if w.code != "symbolic_allele_skipped"]
        result = result._replace(set_aside=[s for s in result.set_aside if "symbolic" not in s.reason])
    stated = header_evidence(str(vcf), result.header.meta, result.header.contigs)
    return Partial(
        warnings=warnings,
        sample=result.sample,
        evidence=stated or ref_evidence(str(vcf), result.variants, run.alk_models),
        placed=[str(vcf)] if result.variants else [],
        later=[partial(_classify_vcf, result)],
        small_input=True,
        needs_build=True,
    )


def _classify_vcf(result: VcfResult, run: Run, build: str | None, found: Partial) -> Partial:
    vcf = run.inputs.vcf
    assert vcf is not None and build is not None
    classified = classify_small_variants(run, result.variants, build, found, bam=run.inputs.given.bam)
    counted: Counter[tuple[str | None, str]] = Counter()
    in_alk = count_set_aside(result.set_aside, build, run.alk_models[build], run.kb, counted)
    given = InputFile(kind="vcf", path=str(vcf), format=result.format, sha256=run.digests[vcf], sample=result.sample)
    return classified.merge(Partial(counted=counted, inputs=[given], alk_records=in_alk))


def read_maf_step(run: Run, _found: Partial) -> Partial:
    """A MAF's variants of the genes classified, with the build its NCBI_Build column names."""
    from ..readers.maf import read_maf

    maf = run.inputs.given.maf
    assert maf is not None
    result = read_maf(maf, run.kb.small_variant_genes, sample=run.options.sample, cache=run.cache)
    named = (
        [
            BuildEvidence(
                str(maf), result.build, NAMED, "MAF NCBI_Build column", f"its NCBI_Build column ({result.build})"
            )
        ]
        if result.build
        else []
    )

    def classify(run: Run, build: str | None, found: Partial) -> Partial:
        assert build is not None
        read = Partial(
            inputs=[InputFile(kind="maf", path=str(maf), format="maf", sha256=run.digests[maf], sample=result.sample)]
        )
        return classify_small_variants(run, result.variants, build, found).merge(read)

    return Partial(
        warnings=list(result.warnings),
        sample=result.sample,
        evidence=named,
        placed=[str(maf)] if any(v.pos > 0 for v in result.variants) else [],
        later=[classify],
        small_input=True,
        needs_build=True,
    )


def classify_small_variants(
    run: Run, variants: list[SmallVariant], build: str, found: Partial, bam: str | Path | None = None
) -> Partial:
    """ALK kinase-domain mutations, their compounds, then bypass and co-alteration variants, from any
    small-variant input; `alk_records` is how many records fall in ALK (whether the input covered ALK
    at all). A bypass finding already found (by this input or an earlier one) is reported once."""
    tx = run.alk_models[build]
    near_alk = [v for v in variants if _near(v, tx)]
    other_build = next((b for b in run.alk_models if b != build), None)
    classified = classify_alk_variants(near_alk, tx, run.kb, other_build)
    alk = Partial(alterations=classified.alterations, alk_records=len(near_alk)).merge(
        _compounds(run, classified, bam, build)
    )
    alk = alk.merge(
        Partial(
            other_variants=classified.other_variants, counted=Counter(classified.counted), warnings=classified.warnings
        )
    )
    alk_ids = {id(v) for v in near_alk}
    off_target = classify_bypass_variants([v for v in variants if id(v) not in alk_ids], build, run.kb)
    bypass = _once(off_target.alterations, {a.id for a in [*found.alterations, *alk.alterations]})
    return alk.merge(bypass).merge(
        Partial(other_variants=off_target.other_variants, counted=Counter(off_target.counted))
    )


def _near(variant: SmallVariant, tx: Transcript) -> bool:
    """Whether a variant is ALK's: placed in its span (padded), or unplaced and annotated ALK."""
    if (variant.pos == 0 or not variant.chrom) and any(a.gene == "ALK" for a in variant.annotations):
        return True
    lo, hi = tx.span[0] - REGION_PADDING, tx.span[1] + REGION_PADDING
    return bool(variant.chrom) and normalize_contig(variant.chrom) == tx.chrom and lo <= variant.pos <= hi


def _once(alterations: list[Alteration], seen: set[str]) -> Partial:
    """The bypass findings not already found: the same change listed twice in one input is one finding."""
    kept: list[Alteration] = []
    duplicates: list[ReportWarning] = []
    for alt in alterations:
        if alt.id in seen:
            duplicates.append(
                ReportWarning(
                    code="duplicate_finding", message=f"{alt.name} is listed more than once in the input; reported once"
                )
            )
            continue
        seen.add(alt.id)
        kept.append(alt)
    return Partial(warnings=duplicates, alterations=kept)


def _compounds(run: Run, classified: Classified, bam: str | Path | None, build: str) -> Partial:
    """Compound mutations, phased from the VCF and, when given, read-backed from the BAM/CRAM."""
    if bam is None:
        return Partial(alterations=find_compounds(classified.alterations, classified.sources, run.kb, None))
    from ..readers.bam import BamPhaser

    rule = run.kb.phasing
    phaser = BamPhaser(bam, build, rule.min_mapping_quality, rule.min_base_quality)
    given = InputFile(kind="bam", path=str(bam), format=Path(bam).suffix.lstrip(".") or "bam", sha256=run.digests[bam])
    try:
        return Partial(
            inputs=[given], alterations=find_compounds(classified.alterations, classified.sources, run.kb, phaser)
        )
    finally:
        phaser.close()


def count_set_aside(
    set_aside: list[SetAside], build: str, tx: Transcript, kb: KnowledgeBase, counted: Counter[tuple[str | None, str]]
) -> int:
    """Records a reader did not pass on, counted per gene and reason: those of the resolved build's
    regions (placed on ALK or a bypass gene), those the file names a gene for, and those without a
    position at all; records of the other build's regions only are no business of this report.
    Returns how many fall in ALK: a panel's hom-ref ALK hotspots show that ALK was assessed."""
    lo, hi = tx.span[0] - REGION_PADDING, tx.span[1] + REGION_PADDING
    in_alk = 0
    for item in set_aside:
        if item.gene is not None or item.pos < 1 or not item.chrom:
            counted[item.gene, item.reason] += 1
            in_alk += item.gene == tx.gene
            continue
        chrom = normalize_contig(item.chrom)
        if chrom == tx.chrom and lo <= item.pos <= hi:
            counted[tx.gene, item.reason] += 1
            in_alk += 1
            continue
        gene = kb.bypass_gene_at(build, chrom, item.pos) or _gene_near(kb, build, chrom, item.pos)
        if gene is not None:
            counted[gene, item.reason] += 1
    return in_alk


def _gene_near(kb: KnowledgeBase, build: str, chrom: str, pos: int) -> str | None:
    """The first gene of the knowledge base whose span (padded) holds the position in `build`."""
    return next(
        (
            g
            for g, spans in kb.gene_spans.items()
            if (span := spans.get(build))
            and span[0] == chrom
            and span[1] - REGION_PADDING <= pos <= span[2] + REGION_PADDING
        ),
        None,
    )


def _bypass_regions(kb: KnowledgeBase, builds: list[str]) -> list[Region]:
    return [
        Region(span[0], span[1] - REGION_PADDING, span[2] + REGION_PADDING)
        for spans in kb.gene_spans.values()
        for b in builds
        if (span := spans.get(b))
    ]
