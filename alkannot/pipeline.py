"""`annotate()`: files → readers → classify → interpret → Report. The one path the CLI, the Python
API and (later) cohort runs all take."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .classify.bypass import classify_bypass_variants
from .classify.compound import find_compounds
from .classify.mutations import Classified, classify_alk_variants, variant_counts
from .digests import Digests
from .errors import UsageError, require_file
from .genome.builds import (
    BUILDS,
    FITTED,
    NAMED,
    BuildEvidence,
    fitted,
    header_evidence,
    normalize_build,
    normalize_contig,
    resolve_build,
)
from .genome.hgvs import RefMismatch, annotate as annotate_variant
from .genome.transcripts import Transcript, transcripts_from_kb
from .identity import sample_warnings
from .interpret import attach_evidence, interpret
from .interpret.assessed import assessed_classes
from .knowledge.base import KnowledgeBase
from .knowledge.loading import load_knowledgebase
from .model import (
    Alteration,
    FusionCall,
    InputFile,
    KnowledgeBaseInfo,
    OtherVariant,
    Report,
    ReportWarning,
    SmallVariant,
    ToolInfo,
)
from .readers.presence import SetAside
from .readers.vcf import Region, read_vcf
from .report.sources import with_sources
from .runcache import NO_CACHE, RunCache

if TYPE_CHECKING:
    from .readers.fusions import FusionReadResult

# The readers and classifiers of the other input kinds (MAF, fusions, SV VCF, copy number, clinical
# context, BAM) are imported where their input is given: a single-sample run pays only for what it reads.

REGION_PADDING = 10  # bases read beyond a transcript's ends, so edge indels are seen
MAX_WARNINGS_PER_CODE = 5


def _resolve_kb(kb: KnowledgeBase | str | Path | None) -> KnowledgeBase:
    return kb if isinstance(kb, KnowledgeBase) else load_knowledgebase(kb)


def _declared_build(build: str | None) -> str | None:
    if build is None or build.lower() == "auto":
        return None
    norm = normalize_build(build)
    if norm is None:
        raise UsageError(f"unknown genome build {build!r} (known: auto, {', '.join(BUILDS)}, hg19, hg38)")
    return norm


def _ref_agreement(variants: list[SmallVariant], models: dict[str, Transcript]) -> dict[str, tuple[int, int]]:
    """Per build: how many REF alleles could be checked against the embedded sequence, and how many agree."""
    verdicts = {}
    for build, tx in models.items():
        checked = agree = 0
        for var in variants:
            try:
                cons = annotate_variant(tx, var.pos, var.ref, var.alt)
            except RefMismatch:
                checked += 1
                continue
            if cons is not None and cons.verified:
                checked += 1
                agree += 1
        verdicts[build] = (checked, agree)
    return verdicts


def _ref_evidence(source: str, variants: list[SmallVariant], models: dict[str, Transcript]) -> list[BuildEvidence]:
    """The build under which every checkable ALK REF allele agrees with the embedded sequence, when one
    build does and the other does not (evidence read from the content: only after reading)."""
    verdicts = _ref_agreement(variants, models)
    fits = fitted({b: (int(bool(checked) and checked == agree),) for b, (checked, agree) in verdicts.items()})
    if fits is None:
        return []
    others = "; ".join(
        f"none can be placed on {b}'s ALK coding sequence"
        if not checked
        else f"{checked - agree} of {checked} disagree with {b}'s"
        for b, (checked, agree) in sorted(verdicts.items())
        if b != fits
    )
    return [
        BuildEvidence(
            source,
            fits,
            FITTED,
            "REF alleles agree with this build's ALK sequence",
            f"its REF alleles ({verdicts[fits][1]} ALK REF allele(s) match {fits}'s sequence; {others})",
        )
    ]


def _count_set_aside(
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
        gene = kb.bypass_gene_at(build, chrom, item.pos) or next(
            (
                g
                for g, spans in kb.gene_spans.items()
                if (span := spans.get(build))
                and span[0] == chrom
                and span[1] - REGION_PADDING <= item.pos <= span[2] + REGION_PADDING
            ),
            None,
        )
        if gene is not None:
            counted[gene, item.reason] += 1
    return in_alk


_INPUT_ORDER = ("vcf", "maf", "fusions", "sv_vcf", "cnv", "bam", "targets", "clinical")


def _summarise(warnings: list[ReportWarning]) -> list[ReportWarning]:
    """Keep warnings in a stable order, at most a few per code, with a count of the rest."""
    by_code: dict[str, list[ReportWarning]] = defaultdict(list)
    for w in warnings:
        if w not in by_code[w.code]:
            by_code[w.code].append(w)
    out: list[ReportWarning] = []
    for code in sorted(by_code):
        items = by_code[code]
        out.extend(items[:MAX_WARNINGS_PER_CODE])
        if len(items) > MAX_WARNINGS_PER_CODE:
            out.append(
                ReportWarning(code=code, message=f"… and {len(items) - MAX_WARNINGS_PER_CODE} more '{code}' warnings")
            )
    return out


def annotate(
    vcf: str | Path | None = None,
    build: str | None = "auto",
    sample: str | None = None,
    patient: str | None = None,
    include_filtered: bool = False,
    kb: KnowledgeBase | str | Path | None = None,
    bam: str | Path | None = None,
    clinical: str | Path | None = None,
    maf: str | Path | None = None,
    cnv: str | Path | None = None,
    fusions: str | Path | list[str | Path] | None = None,
    fusion_format: str = "auto",
    sv_vcf: str | Path | None = None,
    tso500: str | Path | None = None,
    targets: str | Path | None = None,
    cache: RunCache = NO_CACHE,
) -> Report:
    """Annotate one sample's sequencing outputs and return the report (not yet written).

    `targets` is the panel's design (BED): genes outside it are not assessed. `cache`: what a cohort
    worker keeps for its run (`runcache.for_run`); a single call keeps nothing.
    Raises `AlkannotError` subclasses for bad input; nothing is written here."""
    from .readers.sniff import is_combined_variant_output, is_ion_reporter

    knowledge = _resolve_kb(kb)
    declared = _declared_build(build)
    fusion_paths = [fusions] if isinstance(fusions, (str, Path)) else list(fusions or [])
    for given, what in (
        (vcf, "a VCF"),
        (maf, "a MAF"),
        *((f, "a fusion table") for f in fusion_paths),
        (sv_vcf, "a VCF"),
        (cnv, "a copy-number file"),
        (clinical, "a clinical context file"),
        (bam, "a BAM/CRAM"),
        (tso500, "a TSO500 CombinedVariantOutput"),
        (targets, "a BED file of the panel's targets"),
    ):
        if given is not None:  # before anything opens it: hashing a device or a FIFO would never end, or consume it
            require_file(Path(given), what)
    # a TSO500 CombinedVariantOutput given as --vcf or --fusions is read as what it is: every section
    tso500_paths = [tso500] if tso500 is not None else []
    if vcf is not None and is_combined_variant_output(vcf):
        tso500_paths, vcf = [*tso500_paths, vcf], None
    tso500_paths += [p for p in fusion_paths if is_combined_variant_output(p)]
    fusion_paths = [p for p in fusion_paths if p not in tso500_paths]
    digests = Digests(
        [p for p in (vcf, maf, *fusion_paths, sv_vcf, cnv, clinical, bam, *tso500_paths, targets) if p is not None],
        cache,
    )
    warnings: list[ReportWarning] = []
    inputs: list[InputFile] = []
    alk_models = transcripts_from_kb(knowledge.transcripts["ALK"])
    alterations: list[Alteration] = []
    other_variants: list[OtherVariant] = []
    counted: Counter[tuple[str | None, str]] = Counter()
    sample_id = sample
    evidence: list[BuildEvidence] = []  # what each input says of its build, resolved once below
    placed: list[str] = []  # the inputs whose coordinates need a build
    ion_reporter_vcf = False
    alk_records = 0  # records read in ALK, found or not: whether the small-variant inputs covered ALK at all
    design = None
    if targets is not None:
        from .readers.targets import read_targets

        design = read_targets(targets)

    # read every input first: some evidence of the build (REF alleles, breakpoints) is in the content
    result = None
    if vcf is not None:
        builds = list(
            alk_models
        )  # both builds' regions, whatever is declared: a contradicted --build is seen, not a lost mutation
        regions = [
            Region(alk_models[b].chrom, alk_models[b].span[0] - REGION_PADDING, alk_models[b].span[1] + REGION_PADDING)
            for b in builds
        ] + _bypass_regions(knowledge, builds)
        genes = knowledge.small_variant_genes
        result = read_vcf(vcf, regions, sample=sample, include_filtered=include_filtered, genes=genes)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in result.warnings)
        sample_id = result.sample or sample
        stated = header_evidence(str(vcf), result.header.meta, result.header.contigs)
        evidence.extend(
            stated or _ref_evidence(str(vcf), result.variants, alk_models)
        )  # a header outranks the content (builds.resolve_build)
        if result.variants:
            placed.append(str(vcf))
        ion_reporter_vcf = is_ion_reporter(vcf)  # its fusion and <CNV> records are read too (below)
        if ion_reporter_vcf:  # so its breakend and <CNV> records are not "skipped"
            warnings = [w for w in warnings if w.code != "symbolic_allele_skipped"]
            result = result._replace(set_aside=[s for s in result.set_aside if "symbolic" not in s.reason])
    maf_result = None
    if maf is not None:
        from .readers.maf import read_maf

        maf_result = read_maf(maf, knowledge.small_variant_genes, sample=sample, cache=cache)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in maf_result.warnings)
        sample_id = sample_id or maf_result.sample
        if maf_result.build:
            evidence.append(
                BuildEvidence(
                    str(maf),
                    maf_result.build,
                    NAMED,
                    "MAF NCBI_Build column",
                    f"its NCBI_Build column ({maf_result.build})",
                )
            )
        if any(v.pos > 0 for v in maf_result.variants):
            placed.append(str(maf))
    embedded_fusions: list[
        FusionReadResult
    ] = []  # the fusion records of inputs of another kind (an Ion Reporter VCF, a TSO500 file)
    if ion_reporter_vcf and vcf is not None:
        from .readers.oncomine import read_oncomine_fusions

        embedded_fusions.append(read_oncomine_fusions(vcf))
        inputs.append(InputFile(kind="fusions", path=str(vcf), format="oncomine: fusion records", sha256=digests[vcf]))
    sv_reader_vcf = sv_vcf
    if sv_vcf is not None and is_ion_reporter(
        sv_vcf
    ):  # its fusion records are read with their READ_COUNT and panel FILTER
        from .readers.oncomine import read_oncomine_fusions

        embedded_fusions.append(read_oncomine_fusions(sv_vcf))
        inputs.append(
            InputFile(kind="sv_vcf", path=str(sv_vcf), format="oncomine: fusion records", sha256=digests[sv_vcf])
        )
        sv_reader_vcf = None
    tso500_results = []
    for path in tso500_paths:
        from .readers.tso500 import read_tso500

        tso = read_tso500(path, sample)
        tso500_results.append(tso)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in tso.warnings)
        sample_id = sample_id or tso.sample
        evidence.extend(_ref_evidence(str(path), tso.variants, alk_models))
        if tso.variants or tso.copy_number:
            placed.append(str(path))
        if tso.fusions is not None:
            embedded_fusions.append(tso.fusions)
            inputs.append(
                InputFile(
                    kind="fusions",
                    path=str(path),
                    format="tso500: [Fusions] and [Splice Variants]",
                    sha256=digests[path],
                    sample=tso.sample,
                )
            )
    batches: list[tuple[str, list[FusionCall]]] = []
    if fusion_paths or sv_reader_vcf is not None or embedded_fusions:
        batches, sample_id = _read_fusion_inputs(
            fusion_paths,
            fusion_format,
            sv_reader_vcf,
            sample,
            sample_id,
            knowledge,
            digests,
            inputs,
            warnings,
            counted,
            evidence,
            placed,
            embedded_fusions,
            cache,
        )
    cn_results = []
    for cnv_path in [p for p in (cnv, vcf if ion_reporter_vcf else None) if p is not None]:
        from .classify.cnv import build_from_named_segments
        from .readers.cnv import read_cnv

        cn_result = read_cnv(
            cnv_path, sample=sample, genes=set(knowledge.gene_spans), cache=cache
        )  # the genes copy number is classified for
        warnings.extend(cn_result.warnings)  # ReportWarning already
        sample_id = sample_id or cn_result.sample
        if cn_result.build:
            evidence.append(
                BuildEvidence(
                    str(cnv_path),
                    cn_result.build,
                    NAMED,
                    f"copy-number file header ({cn_result.format})",
                    f"its header ({cn_result.format})",
                )
            )
        named = build_from_named_segments(cn_result.calls, knowledge)
        if named:
            evidence.append(
                BuildEvidence(
                    str(cnv_path),
                    named,
                    FITTED,
                    "copy-number segments overlap the genes they name in this build",
                    f"the genes its segments name (they overlap them in {named} only)",
                )
            )
        if any(c.chrom and not c.gene for c in cn_result.calls):
            placed.append(str(cnv_path))
        cn_results.append((cnv_path, cn_result))

    resolved = resolve_build(declared, evidence, placed)
    report_build: str | None = resolved.build
    build_evidence: str | None = resolved.evidence
    warnings.extend(ReportWarning(code=c, message=m) for c, m in resolved.warnings)
    if not (
        declared or evidence or placed or vcf or maf or cnv or tso500_results
    ):  # fusion notations, a clinical file: nothing to place
        report_build = build_evidence = None

    if vcf is not None and result is not None:
        assert report_build is not None
        alk_records += _classify_small_variants(
            result.variants,
            report_build,
            alk_models,
            knowledge,
            bam,
            digests,
            inputs,
            alterations,
            other_variants,
            counted,
            warnings,
        )
        alk_records += _count_set_aside(result.set_aside, report_build, alk_models[report_build], knowledge, counted)
        inputs.append(
            InputFile(kind="vcf", path=str(vcf), format=result.format, sha256=digests[vcf], sample=result.sample)
        )
    if maf is not None and maf_result is not None:
        assert report_build is not None
        alk_records += _classify_small_variants(
            maf_result.variants,
            report_build,
            alk_models,
            knowledge,
            None,
            digests,
            inputs,
            alterations,
            other_variants,
            counted,
            warnings,
        )
        inputs.append(InputFile(kind="maf", path=str(maf), format="maf", sha256=digests[maf], sample=maf_result.sample))
    for tso in tso500_results:
        from .classify.cnv import classify_copy_number

        assert report_build is not None
        alk_records += _classify_small_variants(
            tso.variants,
            report_build,
            alk_models,
            knowledge,
            None,
            digests,
            inputs,
            alterations,
            other_variants,
            counted,
            warnings,
        )
        inputs.append(
            InputFile(
                kind="vcf",
                path=tso.path,
                format="tso500: [Small Variants]",
                sha256=digests[tso.path],
                sample=tso.sample,
            )
        )
        alterations.extend(classify_copy_number(tso.copy_number, report_build, knowledge))
        inputs.append(
            InputFile(
                kind="cnv",
                path=tso.path,
                format="tso500: [Gene Amplifications]",
                sha256=digests[tso.path],
                sample=tso.sample,
            )
        )
    if batches:
        _classify_fusion_inputs(batches, report_build, knowledge, alterations, warnings)
    for cnv_path, cn_result in cn_results:
        from .classify.cnv import classify_copy_number

        assert report_build is not None
        alterations.extend(classify_copy_number(cn_result.calls, report_build, knowledge))
        counted.update((s.gene, s.reason) for s in cn_result.set_aside)
        inputs.append(
            InputFile(
                kind="cnv",
                path=str(cnv_path),
                format=cn_result.format,
                sha256=digests[cnv_path],
                sample=cn_result.sample,
            )
        )

    context = None
    findings = []
    if clinical is not None:
        from .classify.clinical import clinical_findings, transformation
        from .readers.clinical import read_clinical

        context = read_clinical(clinical, lambda name: d.id if (d := knowledge.drug(name)) else None)
        inputs.append(
            InputFile(
                kind="clinical",
                path=str(clinical),
                format=Path(clinical).suffix.lstrip(".") or "yaml",
                sha256=digests[clinical],
                sample=context.sample_id,
            )
        )
        alterations.extend(transformation(context, knowledge))
        findings = clinical_findings(context, knowledge)
        patient = patient or context.patient_id
    data_sample_id = sample_id  # the sample the data name (or --sample); the clinical file's sample_id heads the report
    sample_id = (context.sample_id if context is not None else None) or sample_id
    warnings.extend(sample_warnings(inputs, context))

    alterations = attach_evidence(alterations, knowledge)
    fusion_input = bool(fusions) or sv_vcf is not None or bool(embedded_fusions)
    small_input = vcf is not None or maf is not None or bool(tso500_results)
    if design is not None:
        inputs.append(InputFile(kind="targets", path=design.path, format="bed", sha256=digests[design.path]))
    assessed = assessed_classes(
        knowledge,
        report_build,
        alk_models.get(report_build) if report_build else None,
        small_input,
        alk_records,
        design,
        fusion_input,
        bool(cn_results) or bool(tso500_results),
        context,
    )
    alk = next(a for a in assessed if a.alteration_class == "alk_kinase_domain_mutation")
    if small_input and not any(a.category == "alk_kinase_domain_mutation" for a in alterations):
        # one code for "none in the variants read"; the message says whether ALK was assessed at all
        warnings.append(
            ReportWarning(
                code="no_alk_mutation",
                message=(
                    "no known ALK kinase-domain resistance mutation was found in the variants read"
                    if alk.assessed
                    else f"no ALK kinase-domain mutation in the variants read, and ALK is not assessed: {alk.basis}"
                ),
            )
        )
    reading = interpret(alterations, knowledge, context, findings, fusion_input, assessed)
    alterations = reading.alterations
    warnings.extend(ReportWarning(code=c, message=m) for c, m in reading.warnings)
    return with_sources(
        Report(  # the sources and level definitions it cites go with it: it renders without the knowledge base
            tool=ToolInfo(version=__version__),
            knowledgebase=KnowledgeBaseInfo(
                version=knowledge.version, sha256=knowledge.sha256, release_date=knowledge.release_date
            ),
            patient_id=patient,
            sample_id=sample_id,
            data_sample_id=data_sample_id,
            context=context,
            clinical_findings=findings,
            genome_build=report_build,  # type: ignore[arg-type]
            build_evidence=build_evidence,
            inputs=sorted(inputs, key=lambda i: _INPUT_ORDER.index(i.kind)),  # stable: fusion files keep their order
            warnings=_summarise(warnings),
            alterations=sorted(
                alterations, key=lambda a: (a.category, a.gene or "", a.variant.pos if a.variant else 0, a.id)
            ),
            other_variants=sorted(other_variants, key=lambda o: (o.gene, o.pos, o.ref, o.alt)),
            other_variants_counted=variant_counts(counted),
            assessed=assessed,
            summary=reading.summary,
            alk_driver=reading.driver,
            resistance_setting=reading.setting,
            therapies=reading.calls,
            recommendations=reading.recommendations,
        ),
        knowledge,
    )


def _classify_small_variants(
    variants: list[SmallVariant],
    build: str,
    alk_models: dict[str, Transcript],
    kb: KnowledgeBase,
    bam: str | Path | None,
    digests: Digests,
    inputs: list[InputFile],
    alterations: list[Alteration],
    other_variants: list[OtherVariant],
    counted: Counter[tuple[str | None, str]],
    warnings: list[ReportWarning],
) -> int:
    """ALK kinase-domain mutations, their compounds, then bypass and co-alteration variants, from any
    small-variant input. Returns how many records fall in ALK (whether the input covered ALK at all)."""
    tx = alk_models[build]
    lo, hi = tx.span[0] - REGION_PADDING, tx.span[1] + REGION_PADDING
    near_alk = [
        v
        for v in variants
        if ((v.pos == 0 or not v.chrom) and any(a.gene == "ALK" for a in v.annotations))
        or (v.chrom and _on_chrom(v.chrom, tx.chrom) and lo <= v.pos <= hi)
    ]
    other_build = next((b for b in alk_models if b != build), None)
    classified = classify_alk_variants(near_alk, tx, kb, other_build)
    alterations.extend(classified.alterations)
    alterations.extend(_compounds(classified, kb, bam, digests, build, inputs))
    other_variants.extend(classified.other_variants)
    counted.update(classified.counted)
    warnings.extend(classified.warnings)
    alk_ids = {id(v) for v in near_alk}
    off_target = classify_bypass_variants([v for v in variants if id(v) not in alk_ids], build, kb)
    seen = {a.id for a in alterations}
    for alt in off_target.alterations:
        if alt.id in seen:  # the same change listed twice in one input is one finding
            warnings.append(
                ReportWarning(
                    code="duplicate_finding", message=f"{alt.name} is listed more than once in the input; reported once"
                )
            )
            continue
        seen.add(alt.id)
        alterations.append(alt)
    other_variants.extend(off_target.other_variants)
    counted.update(off_target.counted)
    return len(near_alk)


def _compounds(
    classified: Classified,
    kb: KnowledgeBase,
    bam: str | Path | None,
    digests: Digests,
    build: str,
    inputs: list[InputFile],
) -> list[Alteration]:
    """Compound mutations, phased from the VCF and, when given, read-backed from the BAM/CRAM."""
    phaser = None
    if bam is not None:
        from .readers.bam import BamPhaser

        rule = kb.phasing
        phaser = BamPhaser(bam, build, rule.min_mapping_quality, rule.min_base_quality)
        inputs.append(
            InputFile(kind="bam", path=str(bam), format=Path(bam).suffix.lstrip(".") or "bam", sha256=digests[bam])
        )
    try:
        return find_compounds(classified.alterations, classified.sources, kb, phaser)
    finally:
        if phaser is not None:
            phaser.close()


def _bypass_regions(kb: KnowledgeBase, builds: list[str]) -> list[Region]:
    return [
        Region(span[0], span[1] - REGION_PADDING, span[2] + REGION_PADDING)
        for spans in kb.gene_spans.values()
        for b in builds
        if (span := spans.get(b))
    ]


def _on_chrom(name: str, chrom: str) -> bool:
    return normalize_contig(name) == chrom


def _read_fusion_inputs(
    fusions: list[str | Path],
    fusion_format: str,
    sv_vcf: str | Path | None,
    sample: str | None,
    sample_id: str | None,
    kb: KnowledgeBase,
    digests: Digests,
    inputs: list[InputFile],
    warnings: list[ReportWarning],
    counted: Counter[tuple[str | None, str]],
    evidence: list[BuildEvidence],
    placed: list[str],
    embedded: list[FusionReadResult] | None = None,
    cache: RunCache = NO_CACHE,
) -> tuple[list[tuple[str, list[FusionCall]]], str | None]:
    """Fusion tables, notations and SV VCFs read, each with the build its breakpoints fit (when they
    fit one). Returns the calls of each file and the report's sample id."""
    from .classify.fusions import models_for
    from .genome.partners import build_votes
    from .readers.fusions import read_fusions

    batches: list[tuple[str, list[FusionCall]]] = []
    for path in fusions:
        res = read_fusions(path, fusion_format, sample=sample, cache=cache)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in res.warnings)
        inputs.append(
            InputFile(
                kind="fusions",
                path=str(path),
                format=f"{res.format}: {res.dialect}",
                sha256=digests[path],
                sample=res.sample,
            )
        )
        sample_id = sample_id or res.sample
        batches.append((str(path), res.calls))
    for res in embedded or []:  # the fusion records of an input of another kind, listed with it
        warnings.extend(ReportWarning(code=c, message=m) for c, m in res.warnings)
        batches.append((res.path, res.calls))
    if sv_vcf is not None:
        from .readers.sv import read_sv_vcf

        sv = read_sv_vcf(sv_vcf, sample=sample)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in sv.warnings)
        inputs.append(
            InputFile(kind="sv_vcf", path=str(sv_vcf), format=sv.format, sha256=digests[sv_vcf], sample=sv.sample)
        )
        counted.update((None, s.reason) for s in sv.set_aside)
        sample_id = sample_id or sv.sample
        batches.append((str(sv_vcf), sv.calls))
    by_build = models_for(kb)
    for path, calls in batches:
        points = [
            (gene, bp.chrom, bp.pos)
            for c in calls
            for gene, bp in (
                (c.five_prime_gene, c.five_prime_breakpoint),
                (c.three_prime_gene, c.three_prime_breakpoint),
            )
            if bp is not None
        ]
        votes = build_votes(points, by_build)
        fit = fitted(votes)
        if fit:
            tally = ", ".join(f"{inside} inside their genes in {b}" for b, (inside, _) in sorted(votes.items()))
            evidence.append(
                BuildEvidence(
                    path,
                    fit,
                    FITTED,
                    f"fusion breakpoints in {Path(path).name} fit the {fit} gene models",
                    f"its fusion breakpoints ({tally})",
                )
            )
        if points:
            placed.append(path)
    return batches, sample_id


def _classify_fusion_inputs(
    batches: list[tuple[str, list[FusionCall]]],
    build: str | None,
    kb: KnowledgeBase,
    alterations: list[Alteration],
    warnings: list[ReportWarning],
) -> None:
    """The calls of every fusion input classified on the run's build, merged, and a word when no ALK driver is among them."""
    from .classify.fusions import classify_fusions, merge_fusions

    found: list[Alteration] = []
    for _, calls in batches:
        classified = classify_fusions(calls, build, kb)
        found.extend(classified.alterations)
        warnings.extend(classified.warnings)
    found = merge_fusions(found)
    alterations.extend(found)
    drivers = [a for a in found if a.fusion is not None and a.fusion.role == "driver"]
    if not drivers:
        others = sorted(
            {f"{a.name}: {a.fusion.role}" for a in found if a.category == "alk_fusion" and a.fusion is not None}
        )
        names = ", ".join(Path(p).name for p, _ in batches)
        warnings.append(
            ReportWarning(
                code="no_alk_fusion",
                message=(
                    f"no ALK driver fusion in {names}"
                    + (f" (ALK fusion calls read: {'; '.join(others)})" if others else "")
                ),
            )
        )
