"""Fusions: fusion tables and notation files, an SV VCF, and the fusion records of inputs of another
kind (an Ion Reporter VCF, a TSO500 file); each file with the build its breakpoints fit, when they
fit one. Once the build is known their calls are classified, merged, and a word is said when no ALK
driver is among them."""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path

from ..genome.builds import FITTED, BuildEvidence, fitted
from ..model import Alteration, FusionCall, InputFile, ReportWarning
from ..options import PathLike
from .partial import Partial, Run

Batch = tuple[str, list[FusionCall]]
"""a file's path and its fusion calls"""


def read_oncomine_step(kind: str, run: Run, _found: Partial) -> Partial:
    """An Ion Reporter VCF's fusion records, when the VCF (`kind` 'vcf') or the SV VCF ('sv_vcf') is
    one, read with their READ_COUNT and panel FILTER, and classified with the fusion tables."""
    path = (run.inputs.vcf if run.inputs.ion_vcf else None) if kind == "vcf" else run.inputs.ion_sv
    if path is None:
        return Partial()
    from ..readers.oncomine import read_oncomine_fusions  # only for an Ion Reporter VCF

    kind = "fusions" if kind == "vcf" else kind
    fusions = read_oncomine_fusions(path)
    read = InputFile(kind=kind, path=str(path), format="oncomine: fusion records", sha256=run.digests[path])
    return Partial(embedded=[fusions], inputs=[read])


def read_fusions_step(run: Run, found: Partial) -> Partial:
    """The fusion tables, then the fusion records of the inputs of another kind (listed with them),
    then the SV VCF; nothing when none is given."""
    if not (run.inputs.fusions or run.inputs.sv_vcf is not None or found.embedded):
        return Partial()
    read = Partial()
    batches: list[Batch] = []
    for path in run.inputs.fusions:
        res = _read_table(run, path)
        read = read.merge(res[0])
        batches.append(res[1])
    for embedded in found.embedded:
        read = read.merge(Partial(warnings=list(embedded.warnings)))
        batches.append((embedded.path, embedded.calls))
    if run.inputs.sv_vcf is not None:
        res = _read_sv(run, run.inputs.sv_vcf)
        read = read.merge(res[0])
        batches.append(res[1])
    return read.merge(_breakpoint_evidence(run, batches)).merge(Partial(later=[partial(_classify, batches)]))


def _read_table(run: Run, path: PathLike) -> tuple[Partial, Batch]:
    from ..readers.fusions import read_fusions

    res = read_fusions(path, run.options.fusion_format, sample=run.options.sample, cache=run.cache)
    given = InputFile(
        kind="fusions",
        path=str(path),
        format=f"{res.format}: {res.dialect}",
        sha256=run.digests[path],
        sample=res.sample,
    )
    return Partial(warnings=list(res.warnings), inputs=[given], sample=res.sample), (str(path), res.calls)


def _read_sv(run: Run, path: PathLike) -> tuple[Partial, Batch]:
    from ..readers.sv import read_sv_vcf

    sv = read_sv_vcf(path, sample=run.options.sample)
    given = InputFile(kind="sv_vcf", path=str(path), format=sv.format, sha256=run.digests[path], sample=sv.sample)
    set_aside: Counter[tuple[str | None, str]] = Counter((None, s.reason) for s in sv.set_aside)
    read = Partial(warnings=list(sv.warnings), inputs=[given], sample=sv.sample, counted=set_aside)
    return read, (str(path), sv.calls)


def _breakpoint_evidence(run: Run, batches: list[Batch]) -> Partial:
    """Per file: the build whose gene models its breakpoints fall inside, when one fits better."""
    from ..genome.partners import build_votes

    by_build = run.kb.gene_models.fusion
    evidence: list[BuildEvidence] = []
    placed: list[str] = []
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
    return Partial(evidence=evidence, placed=placed)


def _classify(batches: list[Batch], run: Run, build: str | None, _found: Partial) -> Partial:
    """The calls of every fusion input classified on the run's build, merged, and a word when no ALK
    driver is among them."""
    from ..classify.fusions import classify_fusions, merge_fusions

    found: list[Alteration] = []
    warnings: list[ReportWarning] = []
    for _, calls in batches:
        classified = classify_fusions(calls, build, run.kb)
        found.extend(classified.alterations)
        warnings.extend(list(classified.warnings))
    found = merge_fusions(found)
    if not any(a.fusion is not None and a.fusion.role == "driver" for a in found):
        warnings.append(_no_driver(found, batches))
    return Partial(alterations=found, warnings=warnings)


def _no_driver(found: list[Alteration], batches: list[Batch]) -> ReportWarning:
    others = sorted(
        {f"{a.name}: {a.fusion.role}" for a in found if a.category == "alk_fusion" and a.fusion is not None}
    )
    names = ", ".join(Path(p).name for p, _ in batches)
    return ReportWarning(
        code="no_alk_fusion",
        message=(
            f"no ALK driver fusion in {names}" + (f" (ALK fusion calls read: {'; '.join(others)})" if others else "")
        ),
    )
