"""`annotate()`: files → readers → classify → interpret → Report, as a sequence of steps.

Every input is read first, each by its step, because some evidence of the build (REF alleles,
breakpoints) is in the content; the build is then resolved once from all of it, and each step's
classification runs on that build; the clinical context comes last. Each step returns one
`Partial`, merged in step order: that order is the order of the report's warnings and inputs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .. import __version__
from ..classify.mutations import variant_counts
from ..digests import Digests
from ..genome.builds import resolve_build
from ..identity import sample_warnings
from ..interpret import attach_evidence, interpret
from ..interpret.assessed import assessed_classes
from ..knowledge.base import KnowledgeBase
from ..knowledge.loading import load_knowledgebase
from ..model import AssessedClass, KnowledgeBaseInfo, Report, ReportWarning, ToolInfo
from ..options import AnnotateOptions, Inputs
from ..report.sources import with_sources
from ..runcache import NO_CACHE, RunCache
from .clinical import clinical_step, read_targets_step
from .copy_number import read_cnv_step
from .fusions import read_fusions_step, read_oncomine_step
from .partial import Partial, Run
from .routing import Routed, check_files, route
from .small_variants import read_maf_step, read_vcf_step
from .tso500 import read_tso500_step

# The readers and classifiers of the other input kinds (MAF, fusions, SV VCF, copy number, clinical
# context, BAM) are imported by their steps where their input is given: a single-sample run pays only
# for what it reads.

MAX_WARNINGS_PER_CODE = 5
_INPUT_ORDER = ("vcf", "maf", "fusions", "sv_vcf", "cnv", "bam", "targets", "clinical")

Read = Callable[[Run, Partial], Partial]
"""A step that reads one input: (run, what was read so far) → what it adds."""


def annotate(
    inputs: Inputs,
    options: AnnotateOptions | None = None,
    *,
    kb: KnowledgeBase | str | Path | None = None,
    cache: RunCache = NO_CACHE,
) -> Report:
    """Annotate one sample's sequencing outputs and return the report (not yet written).

    `cache`: what a cohort worker keeps for its run (`runcache.for_run`); a single call keeps nothing.
    Raises `AlkannotError` subclasses for bad input; nothing is written here."""
    options = options or AnnotateOptions()
    knowledge = kb if isinstance(kb, KnowledgeBase) else load_knowledgebase(kb)
    declared = options.declared_build()
    check_files(inputs)
    routed = route(inputs)
    run = Run(
        routed,
        options,
        knowledge,
        knowledge.gene_models.alk,
        Digests(routed.digested(), cache),
        cache,
    )
    found = Partial()
    for step in _reading_steps(routed, options):
        found = found.merge(step(run, found))
    resolved = resolve_build(declared, found.evidence, found.placed)
    found = found.merge(Partial(warnings=[ReportWarning(code=c, message=m) for c, m in resolved.warnings]))
    placeable = bool(declared or found.evidence or found.placed or found.needs_build)
    build = resolved.build if placeable else None  # fusion notations, a clinical file: nothing to place
    for classify in found.later:
        found = found.merge(classify(run, build, found))
    return _report(run, found, build, resolved.evidence if placeable else None)


def _reading_steps(inputs: Routed, options: AnnotateOptions) -> list[Read]:
    """The reading steps of the inputs given, in the order they are read (and their findings listed)."""
    given, vcf = inputs.given, inputs.vcf
    steps: list[Read] = []
    if given.targets is not None:
        steps.append(read_targets_step)
    if vcf is not None:
        steps.append(read_vcf_step)
    steps.append(_given_sample(options.sample))  # the sample asked for outranks all but the VCF's column
    if given.maf is not None:
        steps.append(read_maf_step)
    if vcf is not None:
        steps.append(partial(read_oncomine_step, "vcf"))
    if given.sv_vcf is not None:
        steps.append(partial(read_oncomine_step, "sv_vcf"))
    steps += [partial(read_tso500_step, path) for path in inputs.tso500]
    steps.append(read_fusions_step)
    if given.cnv is not None:
        steps.append(partial(read_cnv_step, given.cnv))
    if vcf is not None:
        steps.append(_ion_cnv_step)
    if given.clinical is not None:
        steps.append(clinical_step)
    return steps


def _ion_cnv_step(run: Run, found: Partial) -> Partial:
    """An Ion Reporter VCF's <CNV> records, read as copy number (after the copy-number file)."""
    vcf = run.inputs.vcf
    return read_cnv_step(vcf, run, found) if vcf is not None and run.inputs.ion_vcf else Partial()


def _given_sample(sample: str | None) -> Read:
    return lambda _run, _found: Partial(sample=sample)


def _report(run: Run, found: Partial, build: str | None, build_evidence: str | None) -> Report:
    """The report of what the steps found: the sample checks, the classes assessed, the interpretation."""
    knowledge, context = run.kb, found.context
    data_sample_id = (
        found.sample
    )  # the sample the data name (or the one asked for); a clinical sample_id heads the report
    warnings = [*found.warnings, *sample_warnings(found.inputs, context)]
    alterations = attach_evidence(found.alterations, knowledge)
    fusion_input = bool(run.inputs.given.fusions) or run.inputs.given.sv_vcf is not None or bool(found.embedded)
    assessed = assessed_classes(
        knowledge,
        build=build,
        alk_tx=run.alk_models.get(build) if build else None,
        small_input=found.small_input,
        alk_records=found.alk_records,
        targets=found.design,
        fusion_input=fusion_input,
        cnv_input=found.cn_input,
        context=context,
    )
    if found.small_input and not any(a.category == "alk_kinase_domain_mutation" for a in alterations):
        warnings.append(_no_alk_mutation(assessed))
    reading = interpret(alterations, knowledge, context, found.findings, fusion_input, assessed=assessed)
    warnings.extend(reading.warnings)
    return with_sources(
        Report(  # the sources and level definitions it cites go with it: it renders without the knowledge base
            tool=ToolInfo(version=__version__),
            knowledgebase=KnowledgeBaseInfo(
                version=knowledge.version, sha256=knowledge.sha256, release_date=knowledge.release_date
            ),
            patient_id=run.options.patient or (context.patient_id if context is not None else None),
            sample_id=(context.sample_id if context is not None else None) or data_sample_id,
            data_sample_id=data_sample_id,
            context=context,
            clinical_findings=found.findings,
            genome_build=build,
            build_evidence=build_evidence,
            inputs=sorted(
                found.inputs, key=lambda i: _INPUT_ORDER.index(i.kind)
            ),  # stable: fusion files keep their order
            warnings=_summarise(warnings),
            alterations=sorted(
                reading.alterations, key=lambda a: (a.category, a.gene or "", a.variant.pos if a.variant else 0, a.id)
            ),
            other_variants=sorted(found.other_variants, key=lambda o: (o.gene, o.pos, o.ref, o.alt)),
            other_variants_counted=variant_counts(found.counted),
            assessed=assessed,
            summary=reading.summary,
            alk_driver=reading.driver,
            resistance_setting=reading.setting,
            therapies=reading.calls,
            recommendations=reading.recommendations,
        ),
        knowledge,
    )


def _no_alk_mutation(assessed: list[AssessedClass]) -> ReportWarning:
    """One code for "none in the variants read"; the message says whether ALK was assessed at all."""
    alk = next(a for a in assessed if a.alteration_class == "alk_kinase_domain_mutation")
    return ReportWarning(
        code="no_alk_mutation",
        message=(
            "no known ALK kinase-domain resistance mutation was found in the variants read"
            if alk.assessed
            else f"no ALK kinase-domain mutation in the variants read, and ALK is not assessed: {alk.basis}"
        ),
    )


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
