"""`annotate()`: files → readers → classify → interpret → Report. The one path the CLI, the Python
API and (later) cohort runs all take."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter, defaultdict
from pathlib import Path

from . import __version__, runcache
from .classify.bypass import classify_bypass_variants
from .classify.compound import find_compounds
from .classify.mutations import Classified, classify_alk_variants, variant_counts
from .errors import InputError, UsageError, require_file
from .genome.builds import BUILDS, normalize_build, normalize_contig
from .genome.hgvs import RefMismatch, annotate as annotate_variant
from .genome.transcripts import Transcript, transcripts_from_kb
from .interpret import attach_evidence, interpret
from .knowledge import KnowledgeBase, load_knowledgebase
from .model import Alteration, InputFile, OtherVariant, KnowledgeBaseInfo, Report, ReportWarning, SmallVariant, ToolInfo
from .readers.vcf import Region, read_vcf

# The readers and classifiers of the other input kinds (MAF, fusions, SV VCF, copy number, clinical
# context, BAM) are imported where their input is given: a single-sample run pays only for what it reads.

REGION_PADDING = 10  # bases read beyond a transcript's ends, so edge indels are seen
MAX_WARNINGS_PER_CODE = 5
DEFAULT_BUILD = "GRCh38"


def sha256_file(path: str | Path) -> str:
    """The file's SHA-256; within a cohort run, computed once per worker (a shared table is named by every sample's report)."""
    def compute() -> str:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    return runcache.kept(("sha256", str(path)), compute)


class _Digests:
    """The sha256 of every input. Large inputs are hashed in a background thread while they are read
    and classified: hashlib releases the GIL on large blocks, so a 50 MB WGS VCF's ~30 ms of hashing
    (or a BAM's much longer) overlaps the work instead of adding to it. Small ones (a panel sample's)
    are hashed at once: a thread would cost more than it hides (a cohort worker measured ~1 ms a
    sample slower with one). A file that cannot be hashed raises its OSError where its digest is
    asked for, as a synchronous read would."""

    IN_THREAD_FROM = 8 << 20  # bytes of input from which hashing moves to a thread

    def __init__(self, paths: list[str | Path]) -> None:
        self._done: dict[str, str | OSError] = {}
        self._thread: threading.Thread | None = None
        names = []
        for name in map(str, paths):
            known = runcache.peek(("sha256", name))
            if known is not None:
                self._done[name] = known
            else:
                names.append(name)
        if sum(_size(name) for name in names) < self.IN_THREAD_FROM:
            self._run(names)
        else:
            self._thread = threading.Thread(target=self._run, args=(names,), daemon=True)
            self._thread.start()

    def _run(self, paths: list[str]) -> None:
        for path in paths:
            if path not in self._done:
                try:
                    self._done[path] = sha256_file(path)
                except OSError as exc:
                    self._done[path] = exc

    def __getitem__(self, path: str | Path) -> str:
        if self._thread is not None:
            self._thread.join()
        found = self._done[str(path)]
        if isinstance(found, OSError):
            raise found
        return found


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # hashed at once, where the error is kept for whoever asks


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


def _build_from_refs(verdicts: dict[str, tuple[int, int]]) -> str | None:
    """The one build under which every checkable REF agrees with the embedded sequence."""
    fits = [b for b, (checked, agree) in verdicts.items() if checked and checked == agree]
    return fits[0] if len(fits) == 1 else None


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
            out.append(ReportWarning(code=code, message=f"… and {len(items) - MAX_WARNINGS_PER_CODE} more '{code}' warnings"))
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
) -> Report:
    """Annotate one sample's sequencing outputs and return the report (not yet written).

    Raises `AlkannotError` subclasses for bad input; nothing is written here."""
    knowledge = _resolve_kb(kb)
    declared = _declared_build(build)
    fusion_paths = [fusions] if isinstance(fusions, (str, Path)) else list(fusions or [])
    for given, what in ((vcf, "a VCF"), (maf, "a MAF"), *((f, "a fusion table") for f in fusion_paths), (sv_vcf, "a VCF"),
                        (cnv, "a copy-number file"), (clinical, "a clinical context file"), (bam, "a BAM/CRAM")):
        if given is not None:  # before anything opens it: hashing a device or a FIFO would never end, or consume it
            require_file(Path(given), what)
    digests = _Digests([p for p in (vcf, maf, *fusion_paths, sv_vcf, cnv, clinical, bam) if p is not None])
    warnings: list[ReportWarning] = []
    inputs: list[InputFile] = []
    alk_models = transcripts_from_kb(knowledge.transcripts["ALK"])
    report_build = declared
    build_evidence = "declared with --build" if declared else None
    alterations = []
    other_variants = []
    counted: Counter[tuple[str, str]] = Counter()
    sample_id = sample

    if vcf is not None:
        builds = [declared] if declared else list(alk_models)
        regions = [
            Region(alk_models[b].chrom, alk_models[b].span[0] - REGION_PADDING, alk_models[b].span[1] + REGION_PADDING)
            for b in builds
        ] + _bypass_regions(knowledge, builds)
        genes = knowledge.small_variant_genes
        result = read_vcf(vcf, regions, sample=sample, include_filtered=include_filtered, genes=genes)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in result.warnings)
        sample_id = result.sample or sample
        header_build = result.header.build
        if declared and header_build and header_build != declared:
            warnings.append(ReportWarning(
                code="build_conflict",
                message=f"{vcf}: the header says {header_build} ({result.header.build_evidence}) but --build is {declared}; {declared} is used",
            ))
        if report_build is None and header_build:
            report_build, build_evidence = header_build, f"VCF header: {result.header.build_evidence}"
        variants = result.variants
        if declared:
            agreement = _ref_agreement(variants, {b: alk_models[b] for b in alk_models})
            other_fit = _build_from_refs({b: v for b, v in agreement.items() if b != declared})
            if other_fit and agreement[declared][0] == 0:
                raise InputError(
                    vcf, f"--build {declared} contradicts the file: {agreement[other_fit][1]} ALK REF allele(s) match "
                    f"{other_fit} and none can be placed on {declared}'s ALK coding sequence; is the file {other_fit}?",
                )
        if report_build is None:
            from_refs = _build_from_refs(_ref_agreement(variants, alk_models))
            if from_refs:
                report_build, build_evidence = from_refs, "REF alleles agree with this build's ALK sequence"
        if report_build is None:
            report_build, build_evidence = DEFAULT_BUILD, "assumed: neither the header nor the REF alleles tell the build"
            if variants:
                warnings.append(ReportWarning(code="build_assumed", message=f"{vcf}: genome build not stated and not decidable from REF alleles; {DEFAULT_BUILD} assumed (set --build)"))
        _classify_small_variants(variants, report_build, alk_models, knowledge, bam, digests, inputs, alterations, other_variants, counted, warnings)
        inputs.append(InputFile(kind="vcf", path=str(vcf), format=result.format, sha256=digests[vcf], sample=result.sample))

    if maf is not None:
        from .readers.maf import read_maf

        maf_result = read_maf(maf, knowledge.small_variant_genes, sample=sample)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in maf_result.warnings)
        sample_id = sample_id or maf_result.sample
        if report_build is None:
            report_build = maf_result.build or DEFAULT_BUILD
            build_evidence = "MAF NCBI_Build column" if maf_result.build else "assumed: the MAF names no build"
        elif maf_result.build and maf_result.build != report_build:
            raise InputError(maf, f"NCBI_Build is {maf_result.build} but the other inputs are {report_build}")
        _classify_small_variants(maf_result.variants, report_build, alk_models, knowledge, None, digests, inputs, alterations, other_variants, counted, warnings)
        inputs.append(InputFile(kind="maf", path=str(maf), format="maf", sha256=digests[maf], sample=maf_result.sample))

    if fusion_paths or sv_vcf is not None:
        report_build, build_evidence, sample_id = _fusion_inputs(
            fusion_paths, fusion_format, sv_vcf, sample, declared, report_build, build_evidence, sample_id, knowledge, digests, inputs, alterations, warnings)

    if cnv is not None:
        from .classify.cnv import build_from_named_segments, classify_copy_number
        from .readers.cnv import read_cnv

        cn_result = read_cnv(cnv, sample=sample, genes=set(knowledge.files.hotspots.gene_spans))  # the genes copy number is classified for
        warnings.extend(ReportWarning(code=c, message=m) for c, m in cn_result.warnings)
        sample_id = sample_id or cn_result.sample
        if report_build is None:
            named = build_from_named_segments(cn_result.calls, knowledge)
            report_build = cn_result.build or named or DEFAULT_BUILD
            build_evidence = (f"copy-number file header ({cn_result.format})" if cn_result.build
                              else "copy-number segments overlap the genes they name in this build" if named
                              else "assumed: the copy-number file names no build")
            if not cn_result.build and not named and any(c.chrom and not c.gene for c in cn_result.calls):
                warnings.append(ReportWarning(code="build_assumed", message=f"{cnv}: segments without a stated build; {DEFAULT_BUILD} assumed for placing genes (set --build)"))
        alterations.extend(classify_copy_number(cn_result.calls, report_build, knowledge))
        inputs.append(InputFile(kind="cnv", path=str(cnv), format=cn_result.format, sha256=digests[cnv], sample=cn_result.sample))

    context = None
    findings = []
    if clinical is not None:
        from .classify.clinical import clinical_findings, transformation
        from .readers.clinical import read_clinical

        context = read_clinical(clinical, lambda name: (d.id if (d := knowledge.drug(name)) else None))
        inputs.append(InputFile(kind="clinical", path=str(clinical), format=Path(clinical).suffix.lstrip(".") or "yaml", sha256=digests[clinical]))
        alterations.extend(transformation(context, knowledge))
        findings = clinical_findings(context, knowledge)
        patient = patient or context.patient_id
        sample_id = sample_id or context.sample_id

    alterations = attach_evidence(alterations, knowledge)
    if (vcf is not None or maf is not None) and not any(a.category == "alk_kinase_domain_mutation" for a in alterations):
        warnings.append(ReportWarning(code="no_alk_mutation", message="no known ALK kinase-domain resistance mutation was found in the variants read"))
    fusion_input = bool(fusions) or sv_vcf is not None
    reading = interpret(alterations, knowledge, context, findings, fusion_input)
    warnings.extend(ReportWarning(code=c, message=m) for c, m in reading.warnings)
    return Report(
        tool=ToolInfo(version=__version__),
        knowledgebase=KnowledgeBaseInfo(version=knowledge.version, sha256=knowledge.sha256, release_date=knowledge.release_date),
        patient_id=patient,
        sample_id=sample_id,
        context=context,
        clinical_findings=findings,
        genome_build=report_build,  # type: ignore[arg-type]
        build_evidence=build_evidence,
        inputs=inputs,
        warnings=_summarise(warnings),
        alterations=sorted(alterations, key=lambda a: (a.category, a.gene or "", a.variant.pos if a.variant else 0, a.id)),
        other_variants=sorted(other_variants, key=lambda o: (o.gene, o.pos, o.ref, o.alt)),
        other_variants_counted=variant_counts(counted),
        summary=reading.summary,
        alk_driver=reading.driver,
        resistance_setting=reading.setting,
        therapies=reading.calls,
        recommendations=reading.recommendations,
    )


def _classify_small_variants(
    variants: list[SmallVariant], build: str, alk_models: dict[str, Transcript], kb: KnowledgeBase, bam: str | Path | None,
    digests: _Digests, inputs: list[InputFile], alterations: list[Alteration], other_variants: list[OtherVariant], counted: Counter[tuple[str, str]],
    warnings: list[ReportWarning],
) -> None:
    """ALK kinase-domain mutations, their compounds, then bypass and co-alteration variants, from any small-variant input."""
    tx = alk_models[build]
    lo, hi = tx.span[0] - REGION_PADDING, tx.span[1] + REGION_PADDING
    near_alk = [v for v in variants if ((v.pos == 0 or not v.chrom) and any(a.gene == "ALK" for a in v.annotations))
                or (v.chrom and _on_chrom(v.chrom, tx.chrom) and lo <= v.pos <= hi)]
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
            warnings.append(ReportWarning(code="duplicate_finding", message=f"{alt.name} is listed more than once in the input; reported once"))
            continue
        seen.add(alt.id)
        alterations.append(alt)
    other_variants.extend(off_target.other_variants)
    counted.update(off_target.counted)


def _compounds(classified: Classified, kb: KnowledgeBase, bam: str | Path | None, digests: _Digests, build: str,
               inputs: list[InputFile]) -> list[Alteration]:
    """Compound mutations, phased from the VCF and, when given, read-backed from the BAM/CRAM."""
    phaser = None
    if bam is not None:
        from .readers.bam import BamPhaser

        rule = kb.files.compounds.phasing
        phaser = BamPhaser(bam, build, rule.min_mapping_quality, rule.min_base_quality)
        inputs.append(InputFile(kind="bam", path=str(bam), format=Path(bam).suffix.lstrip(".") or "bam", sha256=digests[bam]))
    try:
        return find_compounds(classified.alterations, classified.sources, kb, phaser)
    finally:
        if phaser is not None:
            phaser.close()


def _bypass_regions(kb: KnowledgeBase, builds: list[str]) -> list[Region]:
    return [Region(span[0], span[1] - REGION_PADDING, span[2] + REGION_PADDING)
            for spans in kb.files.hotspots.gene_spans.values() for b in builds if (span := spans.get(b))]


def _on_chrom(name: str, chrom: str) -> bool:
    return normalize_contig(name) == chrom


def _fusion_inputs(
    fusions: list[str | Path], fusion_format: str, sv_vcf: str | Path | None, sample: str | None,
    declared: str | None, report_build: str | None, build_evidence: str | None, sample_id: str | None, kb: KnowledgeBase,
    digests: _Digests, inputs: list[InputFile], alterations: list[Alteration], warnings: list[ReportWarning],
) -> tuple[str | None, str | None, str | None]:
    """Fusion tables, notations and SV VCFs: read each, place its coordinates on a build (declared, else
    what its breakpoints fit, else the other inputs' build, else the default with a warning) and
    classify. Returns the report's (build, build evidence, sample id)."""
    from .classify.fusions import classify_fusions, merge_fusions, models_for
    from .genome.partners import build_from_votes, build_votes
    from .readers.fusions import read_fusions

    batches: list[tuple[str, list]] = []
    for path in fusions:
        res = read_fusions(path, fusion_format, sample=sample)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in res.warnings)
        inputs.append(InputFile(kind="fusions", path=str(path), format=f"{res.format}: {res.dialect}", sha256=digests[path], sample=res.sample))
        sample_id = sample_id or res.sample
        batches.append((str(path), res.calls))
    if sv_vcf is not None:
        from .readers.sv import read_sv_vcf

        sv = read_sv_vcf(sv_vcf, sample=sample)
        warnings.extend(ReportWarning(code=c, message=m) for c, m in sv.warnings)
        inputs.append(InputFile(kind="sv_vcf", path=str(sv_vcf), format=sv.format, sha256=digests[sv_vcf], sample=sv.sample))
        batches.append((str(sv_vcf), sv.calls))
    by_build = models_for(kb)
    found: list[Alteration] = []
    for path, calls in batches:
        points = [(gene, bp.chrom, bp.pos) for c in calls
                  for gene, bp in ((c.five_prime_gene, c.five_prime_breakpoint), (c.three_prime_gene, c.three_prime_breakpoint)) if bp is not None]
        fitted = build_from_votes(build_votes(points, by_build))
        file_build = declared or report_build or fitted
        if fitted and file_build != fitted:
            warnings.append(ReportWarning(code="build_conflict", message=(
                f"{path}: the fusion breakpoints fit {fitted}, not {file_build}; "
                + (f"{file_build} is used as declared" if declared else f"they are read as {fitted}"))))
            file_build = declared or fitted
        if report_build is None and file_build is not None:
            report_build = file_build
            build_evidence = f"fusion breakpoints in {Path(path).name} fit the {fitted} gene models" if fitted else build_evidence
        if file_build is None and points:
            file_build = report_build = DEFAULT_BUILD
            build_evidence = "assumed: no input states the build and the fusion breakpoints do not tell it"
            warnings.append(ReportWarning(code="build_assumed", message=f"{path}: genome build not stated and not decidable from the breakpoints; {DEFAULT_BUILD} assumed (set --build)"))
        classified = classify_fusions(calls, file_build, kb)
        found.extend(classified.alterations)
        warnings.extend(classified.warnings)
    found = merge_fusions(found)
    alterations.extend(found)
    drivers = [a for a in found if a.fusion is not None and a.fusion.role == "driver"]
    if not drivers:
        others = sorted({f"{a.name}: {a.fusion.role}" for a in found if a.category == "alk_fusion" and a.fusion is not None})
        names = ", ".join(Path(p).name for p, _ in batches)
        warnings.append(ReportWarning(code="no_alk_fusion", message=(
            f"no ALK driver fusion in {names}" + (f" (ALK fusion calls read: {'; '.join(others)})" if others else ""))))
    return report_build, build_evidence, sample_id
