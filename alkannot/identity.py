"""Whose data a report is about: the sample-swap guard.

A report is headed by one patient and one sample. When the clinical file names a `sample_id`, that
is the report's sample; the samples the data inputs name are kept beside it (`data_sample_id`,
`inputs[].sample`). A data sample that does not fit the clinical one, or two inputs that name samples
that do not fit each other, are a `sample_mismatch` warning naming both: the files may be of
different samples (or patients), which a person must check. `compare` warns in the same words when
two reports' identities do not fit one patient.

Two names *fit* when they are equal once case and separators ('-', '_', '.', ' ', ':', '/') are
ignored, or when one is the other continued after a separator: the TCGA patient 'TCGA-05-4417' and
its sample 'TCGA-05-4417-01', ClinCNV's tumour-normal pair 'T1-N1' and its tumour 'T1'. Anything else
does not fit — 'P01-T2' and 'P01_TUMOR' may be two samples of one patient, and only a person can tell.
A name that says only a role ('TUMOR', 'NORMAL', 'sample1', Ion Reporter's 'GENOTYPE', a MAF's
'(no barcode)'), as callers name their columns, names no one and is not compared."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import ClinicalContext, InputFile, Report, ReportWarning

_SEPARATORS = re.compile(r"[\s_\-.:/]+")
_ROLE_ONLY = re.compile(r"(\(no-barcode\)|(tumou?r|normal|germline|sample|genotype|t|n|s)(-?\d+)?)")


def _canonical(name: str) -> str:
    return _SEPARATORS.sub("-", name.strip().lower()).strip("-")


def fits(a: str | None, b: str | None) -> bool:
    """Whether two names can be one sample (or a patient and its sample); a missing name, or one that
    says only a role, fits any."""
    if not a or not b or _ROLE_ONLY.fullmatch(_canonical(a)) or _ROLE_ONLY.fullmatch(_canonical(b)):
        return True
    x, y = _canonical(a), _canonical(b)
    short, long = sorted((x, y), key=len)
    return long.startswith(short) and (len(long) == len(short) or long[len(short)] == "-")


def _named(inputs: Iterable[InputFile]) -> list[tuple[str, str]]:
    """(sample, the input kinds naming it), one per distinct sample the data inputs name, in input order."""
    kinds: dict[str, list[str]] = {}
    for i in inputs:
        if i.sample and i.kind != "clinical":
            kinds.setdefault(i.sample, [])
            if i.kind not in kinds[i.sample]:
                kinds[i.sample].append(i.kind)
    return [(name, "/".join(k)) for name, k in kinds.items()]


def sample_warnings(inputs: Iterable[InputFile], context: ClinicalContext | None) -> list[ReportWarning]:
    """The sample-swap guard of one report: the clinical sample_id against each sample the data name,
    then the data samples against each other."""
    named = _named(inputs)
    clinical = context.sample_id if context is not None else None
    out = []
    if clinical:
        for name, kinds in named:
            if not fits(clinical, name):
                out.append(
                    ReportWarning(
                        code="sample_mismatch",
                        message=(
                            f"the clinical file's sample_id {clinical!r} does not match the sample the {kinds} "
                            f"input names ({name!r}): "
                            f"check that they are one sample; the report is headed {clinical!r}"
                        ),
                    )
                )
        return out
    for (first, first_kinds), (name, kinds) in ((named[0], other) for other in named[1:]):
        if not fits(first, name):
            out.append(
                ReportWarning(
                    code="sample_mismatch",
                    message=(
                        f"the inputs name different samples: {first!r} ({first_kinds}) and {name!r} ({kinds}): "
                        f"check that they are of one patient; the report is headed {first!r}"
                    ),
                )
            )
    return out


def manifest_warnings(sample_id: str, report: Report) -> list[ReportWarning]:
    """A cohort manifest row names the sample its report is about (and is written to): the clinical
    file's sample_id and the sample the data name must fit it too."""
    clinical = report.context.sample_id if report.context is not None else None
    return [
        ReportWarning(
            code="sample_mismatch",
            message=(
                f"the manifest's sample_id {sample_id!r} does not match {what} ({name!r}): "
                "check that the row's files are this sample's"
            ),
        )
        for name, what in (
            (clinical, "the clinical file's sample_id"),
            (report.data_sample_id, "the sample the data name"),
        )
        if name and not fits(sample_id, name)
    ]


def comparison_warnings(baseline: Report, progression: Report) -> list[ReportWarning]:
    """Identities of two reports that do not fit one patient's baseline and progression (different
    patient ids are refused before this: `comparison.compare`)."""
    out = _same_sample(baseline, progression) + _unnamed_patient(baseline, progression)
    for report, which in ((baseline, "baseline"), (progression, "progression")):
        for w in report.warnings:
            if w.code == "sample_mismatch":
                out.append(ReportWarning(code="sample_identity", message=f"the {which} report warns: {w.message}"))
    return out


def _same_sample(baseline: Report, progression: Report) -> list[ReportWarning]:
    """Both clinical files name one sample: a baseline and a progression are two."""
    a, b = (r.context.sample_id if r.context else None for r in (baseline, progression))
    if not (a and b and _canonical(a) == _canonical(b)):
        return []
    return [
        ReportWarning(
            code="sample_identity",
            message=f"both clinical files name sample {a!r}: a baseline and a progression are two samples; "
            "check the files",
        )
    ]


def _unnamed_patient(baseline: Report, progression: Report) -> list[ReportWarning]:
    """One report names the patient, the other does not and its samples do not name that patient."""
    patient = baseline.patient_id or progression.patient_id
    if not patient or (baseline.patient_id and progression.patient_id):
        return []
    other, which = (progression, "progression") if baseline.patient_id else (baseline, "baseline")
    names = [n for n in (other.sample_id, other.data_sample_id) if n]
    if not names or any(fits(patient, n) for n in names):
        return []
    return [
        ReportWarning(
            code="sample_identity",
            message=(
                f"the {which} report names no patient and its sample {names[0]!r} does not name patient "
                f"{patient!r}: that both reports are of one patient is not shown"
            ),
        )
    ]
