"""What a cohort run annotates: one `Job` per sample, from a manifest (one row per sample, its files
in columns) or from multi-sample tables (a MAF, a fusion table, a copy-number matrix) split by sample.

Manifest: tab-separated, a header line naming some of `COLUMNS` (any order; `sample_id` required),
then one row per sample; empty cells are allowed, blank lines and lines starting with '#' after the
header are skipped. Relative paths are relative to the manifest's folder. A manifest that cannot be
used is an `InputError` naming the manifest, the line and the problem."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError, quoted, require_file, option
from ..options import Inputs

COLUMNS = ("patient_id", "sample_id", "vcf", "sv_vcf", "fusions", "cnv", "maf", "clinical", "bam", "targets")
AUXILIARY = {"bam", "targets"}  # read with another input, never alone
FILE_COLUMNS = COLUMNS[2:]
"""Input kinds, in the order they are handed to `annotate` and listed in errors."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._+\-]")


@dataclass(frozen=True)
class Job:
    """One sample to annotate."""

    index: int
    """position in the cohort (manifest row order, or first appearance in the tables)"""
    sample_id: str
    patient_id: str | None
    files: tuple[tuple[str, str], ...]
    """(kind, absolute path) pairs; kind is one of FILE_COLUMNS"""
    sample: str | None = None
    """the sample to narrow multi-sample inputs to (tables mode); None: each file holds one sample"""
    line: int | None = None
    """manifest line"""

    @property
    def report_name(self) -> str:
        return report_name(self.sample_id)

    def file(self, kind: str) -> str | None:
        return next((path for k, path in self.files if k == kind), None)

    def inputs(self) -> Inputs:
        """The sample's files, as the pipeline takes them."""
        fusions = self.file("fusions")
        return Inputs(
            vcf=self.file("vcf"),
            sv_vcf=self.file("sv_vcf"),
            fusions=(fusions,) if fusions else (),
            cnv=self.file("cnv"),
            maf=self.file("maf"),
            clinical=self.file("clinical"),
            bam=self.file("bam"),
            targets=self.file("targets"),
        )


def report_name(sample_id: str) -> str:
    """The report's file name in the output folder: the sample id with characters other than letters,
    digits and '._+-' replaced by '_' (and never starting with a dot)."""
    safe = _UNSAFE.sub("_", sample_id)
    return ("_" + safe[1:] if safe.startswith(".") else safe) + ".json"


def _resolve(base: Path, cell: str) -> str:
    path = Path(cell).expanduser()
    return os.path.abspath(path if path.is_absolute() else base / path)


_DELIMITERS = ((",", "commas"), (";", "semicolons"), ("|", "vertical bars"))


def _header_problem(line: str) -> str:
    """Why the first line is not a manifest header: a delimiter other than tab, or the sample_id
    column missing (naming the known columns it does have), or no known column at all. Names
    only alkannot's own column names, never the line's other content."""
    text = line.lstrip("#")
    for sep, name in (*_DELIMITERS, (None, "spaces")):
        cells = [c.strip() for c in (text.split(sep) if sep else text.split())]
        if "sample_id" in cells and len(cells) > 1:
            return (
                f"the header is separated by {name}: a manifest is tab-separated "
                f"(columns sample_id and some of: {', '.join(COLUMNS)})"
            )
    known = [c for c in (x.strip() for x in text.split("\t")) if c in COLUMNS]
    if known:
        return f"the header has no sample_id column (it has {', '.join(known)}); every manifest needs one"
    return (
        "no header line naming the columns "
        f"(expected a tab-separated header with sample_id and some of: {', '.join(COLUMNS)})"
    )


def read_manifest(path: str | Path) -> list[Job]:
    """The jobs of a manifest, in row order; `InputError(manifest, problem, line)` when it cannot be used."""
    p = Path(path)
    rows = _Rows(p, p.resolve().parent)
    for n, raw in enumerate(_text(p).splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if rows.header is None:
            rows.header_line(line, n)
        elif not line.startswith("#"):
            rows.row(line, n)
    if rows.header is None:
        raise InputError(p, "the manifest is empty (no header line)")
    if not rows.jobs:
        raise InputError(p, "the manifest lists no sample")
    return rows.jobs


def _text(p: Path) -> str:
    require_file(p, "a manifest")
    try:
        return p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(p, f"not a UTF-8 text manifest (undecodable byte at offset {exc.start})") from None
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None


class _Rows:
    """A manifest's header and jobs, line by line, each problem an InputError naming its line."""

    def __init__(self, path: Path, base: Path) -> None:
        self.path, self.base = path, base
        self.header: list[str] | None = None
        self.jobs: list[Job] = []
        self._first_line: dict[str, int] = {}
        self._names: dict[str, str] = {}

    def header_line(self, line: str, n: int) -> None:
        cells = [c.strip() for c in line.lstrip("#").split("\t")]
        if "sample_id" not in cells:
            if line.startswith("#"):
                return  # a comment above the header
            raise InputError(self.path, _header_problem(line), line=n)
        unknown = [c for c in cells if c not in COLUMNS]
        if unknown:
            raise InputError(self.path, f"unknown column {quoted(unknown[0])} (known: {', '.join(COLUMNS)})", line=n)
        dupes = sorted({c for c in cells if cells.count(c) > 1})
        if dupes:
            raise InputError(self.path, f"column {quoted(dupes[0])} appears twice in the header", line=n)
        self.header = cells

    def row(self, line: str, n: int) -> None:
        header = self.header
        assert header is not None
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise InputError(self.path, f"{len(cells)} cells where the header has {len(header)} columns", line=n)
        row = dict(zip(header, cells, strict=False))  # a short row's missing cells are empty
        sample_id = self._sample_id(row.get("sample_id", ""), n)
        files = tuple((kind, _resolve(self.base, row[kind])) for kind in FILE_COLUMNS if row.get(kind))
        if not any(kind not in AUXILIARY for kind, _ in files):
            primary = ", ".join(c for c in FILE_COLUMNS if c not in AUXILIARY)
            raise InputError(self.path, f"sample {sample_id!r} names no input file (columns {primary})", line=n)
        self.jobs.append(Job(len(self.jobs), sample_id, row.get("patient_id") or None, files, None, n))

    def _sample_id(self, sample_id: str, n: int) -> str:
        """The row's sample id: given, listed once, and its report's file name no other sample's."""
        if not sample_id:
            raise InputError(self.path, "empty sample_id", line=n)
        if sample_id in self._first_line:
            first = self._first_line[sample_id]
            raise InputError(self.path, f"sample {sample_id!r} is listed twice (first on line {first})", line=n)
        name = report_name(sample_id)
        if name in self._names:
            other = self._names[name]
            raise InputError(self.path, f"samples {other!r} and {sample_id!r} would both be written to {name}", line=n)
        self._first_line[sample_id], self._names[name] = n, sample_id
        return sample_id


def jobs_from_tables(
    maf: str | Path | None = None,
    fusions: str | Path | None = None,
    cnv: str | Path | None = None,
    fusion_format: str = "auto",
) -> list[Job]:
    """One job per sample named in any of the tables, in order of first appearance (MAF, then fusions,
    then copy number); each job gets the tables that name its sample."""
    from .tables import cnv_samples, fusion_samples, maf_samples

    given = [
        (kind, path, lister)
        for kind, path, lister in (
            ("maf", maf, maf_samples),
            ("fusions", fusions, lambda f: fusion_samples(f, fusion_format)),
            ("cnv", cnv, cnv_samples),
        )
        if path is not None
    ]
    if not given:
        raise UsageError(
            f"nothing to run: give a manifest, or {option('maf')}, {option('fusions')} and/or {option('cnv')} tables"
        )
    members: dict[str, list[tuple[str, str]]] = {}
    for kind, path, lister in given:
        samples = lister(path)
        if not samples:
            raise InputError(
                path,
                f"names no samples: a cohort {kind} table needs a sample column (per-sample files go in a manifest)",
            )
        for sample in samples:
            members.setdefault(sample, []).append((kind, os.path.abspath(path)))
    jobs = []
    names: dict[str, str] = {}
    for i, (sample, files) in enumerate(members.items()):
        name = report_name(sample)
        if name in names:
            raise InputError(given[0][1], f"samples {names[name]!r} and {sample!r} would both be written to {name}")
        names[name] = sample
        jobs.append(Job(i, sample, None, tuple(files), sample))
    return jobs
