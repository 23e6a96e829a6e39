"""The Python API's front door: `alkannot.annotate(...)` checks its arguments as the CLI does, runs the
pipeline and gives the report its date and content-derived identifier.

A pipeline author meets the same rules as a command-line user: no input is a `UsageError` (not a
plausible "nothing found" report), an argument of the wrong type is a `UsageError` naming it (not a
bare `TypeError` from deep inside a reader), and `build`/`fusion_format` take the values the CLI
offers (typed as `Literal`s, so a type checker sees them too)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args

from .errors import UsageError

# loaded by any annotate() call anyway; imported at run time so that typing.get_type_hints(annotate)
# resolves for a pipeline author's type checker or documentation tool
from .knowledge.base import KnowledgeBase
from .model import Report
from .options import AnnotateOptions, Inputs

BuildName = Literal["auto", "GRCh37", "GRCh38", "hg19", "hg38"]
FusionFormat = Literal[
    "auto",
    "arriba",
    "star-fusion",
    "fusioncatcher",
    "jaffa",
    "pbfusion",
    "fusionseeker",
    "flair-fusion",
    "longgf",
    "linx",
    "generic",
    "notation",
]
"""the --fusion-format names (readers.FUSION_FORMATS and "auto"; a test keeps the two equal)"""
PathLike = str | os.PathLike[str]


def _check_path(name: str, value: object) -> None:
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise UsageError(f"annotate(): {name} must be a file path (str or os.PathLike), not {type(value).__name__}")


def _check_values(**values: object) -> None:
    for name, text in values.items():
        if text is not None and not isinstance(text, str):
            raise UsageError(f"annotate(): {name} must be a string, not {type(text).__name__}")


def _check_kb_and_format(kb: object, fusion_format: object) -> None:
    if not isinstance(fusion_format, str) or fusion_format.lower() not in get_args(FusionFormat):
        raise UsageError(
            f"annotate(): unknown fusion_format {fusion_format!r} (known: {', '.join(get_args(FusionFormat))})"
        )
    if kb is not None and not isinstance(kb, (str, os.PathLike)) and not hasattr(kb, "sha256"):
        raise UsageError(f"annotate(): kb must be a KnowledgeBase or a folder path, not {type(kb).__name__}")


def _fusion_list(fusions: object) -> list[PathLike]:
    """`fusions` as a list of paths: one path, or a list or tuple of them."""
    if fusions is None:
        return []
    if isinstance(fusions, (str, os.PathLike)):
        return [fusions]
    if not isinstance(fusions, (list, tuple)):
        raise UsageError(f"annotate(): fusions must be a file path or a list of paths, not {type(fusions).__name__}")
    for i, item in enumerate(fusions):
        _check_path(f"fusions[{i}]", item)
    return list(fusions)


def annotate(
    *,
    vcf: PathLike | None = None,
    build: BuildName | None = "auto",
    sample: str | None = None,
    patient: str | None = None,
    include_filtered: bool = False,
    kb: KnowledgeBase | PathLike | None = None,
    bam: PathLike | None = None,
    clinical: PathLike | None = None,
    maf: PathLike | None = None,
    cnv: PathLike | None = None,
    fusions: PathLike | list[PathLike] | None = None,
    fusion_format: FusionFormat = "auto",
    sv_vcf: PathLike | None = None,
    report_date: str | None = None,
    tso500: PathLike | None = None,
    targets: PathLike | None = None,
) -> Report:
    """Annotate one sample's sequencing outputs and return its `Report` (nothing is written).

    Give at least one of `vcf`, `sv_vcf`, `fusions` (a path or a list of paths), `cnv`, `maf` or
    `clinical` (or a TSO500 CombinedVariantOutput as `tso500`); `bam` only adds read-backed phasing;
    `targets` is the panel's design (BED): genes outside it are not assessed. `report_date`
    ('YYYY-MM-DD') is recorded as the report's date and enters its identifier (`report.report_id`).
    Raises `UsageError` for arguments that cannot work and `InputError` for a file that cannot be
    used; both are `AlkannotError`."""
    paths = {"vcf": vcf, "sv_vcf": sv_vcf, "maf": maf, "cnv": cnv, "clinical": clinical, "bam": bam, "tso500": tso500}
    for name, value in {**paths, "targets": targets}.items():
        _check_path(name, value)
    fusion_list = _fusion_list(fusions)
    if all(v is None for v in (vcf, sv_vcf, maf, cnv, clinical, tso500)) and not fusion_list:
        raise UsageError("nothing to annotate: give vcf, maf, fusions, sv_vcf, cnv, tso500 and/or clinical")
    _check_values(sample=sample, patient=patient, build=build, report_date=report_date)
    _check_kb_and_format(kb, fusion_format)
    from .report.identity import parse_report_date

    date = parse_report_date(report_date, "report_date") if report_date is not None else None
    given = Inputs(
        vcf=_path(vcf),
        maf=_path(maf),
        fusions=tuple(Path(p) for p in fusion_list),
        sv_vcf=_path(sv_vcf),
        cnv=_path(cnv),
        bam=_path(bam),
        clinical=_path(clinical),
        tso500=_path(tso500),
        targets=_path(targets),
    )
    options = AnnotateOptions(
        build=build,
        sample=sample,
        patient=patient,
        include_filtered=bool(include_filtered),
        fusion_format=fusion_format.lower(),
    )
    knowledge = _path(kb) if isinstance(kb, (str, os.PathLike)) else kb
    return annotate_inputs(given, options, knowledge, date)


def annotate_inputs(
    inputs: Inputs, options: AnnotateOptions, kb: KnowledgeBase | str | Path | None, report_date: str | None
) -> Report:
    """The report of checked inputs and options (the CLI's path, and `annotate`'s once it has checked
    its arguments), with its date and identifier."""
    from .pipeline import annotate as run
    from .report.identity import identify

    return identify(run(inputs=inputs, options=options, kb=kb), report_date)


def _path(value: PathLike | None) -> str | Path | None:
    """A path as the readers take it (an os.PathLike of another kind becomes a Path)."""
    return value if value is None or isinstance(value, (str, Path)) else Path(value)
