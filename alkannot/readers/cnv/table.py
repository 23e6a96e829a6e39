"""What every copy-number table reader shares: the header line, the data rows and their cells, the
per-file reading state (`Ctx`: the chosen sample, ploidy, purity, the warnings and the run cache),
numbers and coordinates read from cells with a warning for what is unusable, and gene symbols."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Any

from ...genome.builds import normalize_contig
from ...model import CopyNumberCall, ReportWarning
from ...runcache import NO_CACHE, RunCache
from ..presence import SetAside
from ..samples import SAMPLE_COLUMNS, choose_row
from .files import lines

Calls = tuple[list[CopyNumberCall], list[str], str | None]
"""What a table reader returns: the calls, every sample the file names, the sample the calls are for."""

MISSING = {"", ".", "na", "n/a", "none", "null", "-"}
MAX_ABS_LOG2 = 64
"""a log2 ratio beyond ±64 (a copy number of 2⁶⁵) is not a measurement: ignored with a warning, as NaN is"""
WARN_LIMIT = 20
"""after this many warnings of one code a file's further ones are only counted"""


def norm(name: str) -> str:
    """Column name as compared: lower case, BOM/'#' stripped, spaces and dashes as underscores."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").lstrip("#").strip()).lower()


@dataclass
class Header:
    """The table's header line and the '##' meta lines above it."""

    line: int
    columns: list[str]  # as written
    norm: list[str]  # normalized for matching
    delimiter: str
    hashed: bool  # the header line started with '#' (ClinCNV '#chr')
    meta: list[str] = dataclass_field(default_factory=list)

    def index(self, *names: str) -> int | None:
        """The column of the first of `names` (normalized) the header has, else None."""
        for name in names:
            if name in self.norm:
                return self.norm.index(name)
        return None


class Ctx:
    """Per-file state shared by the row readers: path, warnings, the chosen sample, ploidy and purity."""

    def __init__(self, path: Path, fmt: str, genes: set[str] | None = None, cache: RunCache = NO_CACHE) -> None:
        self.path = path
        self.file = str(path)
        self.fmt = fmt
        self.genes = genes
        self.cache = cache  # what a cohort run keeps of a table its samples share
        self.warnings: list[ReportWarning] = []
        self.counts: Counter[str] = Counter()
        self.sample: str | None = None
        self.ploidy: float | None = None
        self.purity: float | None = None
        self.set_aside: list[SetAside] = []

    def warn(self, code: str, message: str) -> None:
        """A warning; after `WARN_LIMIT` of one code, only counted."""
        self.counts[code] += 1
        if self.counts[code] <= WARN_LIMIT:
            self.warnings.append(ReportWarning(code=code, message=message))

    def done(self) -> list[ReportWarning]:
        """The warnings, with one line per code that had more than were listed."""
        out = list(self.warnings)
        for code, n in self.counts.items():
            if n > WARN_LIMIT:
                message = f"{self.path}: {n - WARN_LIMIT} more '{code}' warnings not listed"
                out.append(ReportWarning(code=code, message=message))
        return out

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else f"{self.path}"

    def number(self, text: Any, line: int | None, column: str) -> float | None:
        """A cell (or a pysam value) as a finite number; None for a missing one, warned when unusable."""
        if text is None:
            return None
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            value = round(float(text), 6) if math.isfinite(text) else float(text)  # pysam gives float32 values
            raw = repr(text)
        else:
            raw = str(text).strip()
            if raw.lower() in MISSING:
                return None
            try:
                value = float(raw)
            except ValueError:
                self.warn("cnv_bad_value", f"{self.where(line)}: {column} {raw[:40]!r} is not a number; ignored")
                return None
        return self._usable(value, raw, line, column)

    def _usable(self, value: float, raw: str, line: int | None, column: str) -> float | None:
        if math.isnan(value) or math.isinf(value):
            self.warn("cnv_bad_value", f"{self.where(line)}: {column} {raw[:40]!r} is not a finite number; ignored")
            return None
        if "log2" in column.lower() and abs(value) > MAX_ABS_LOG2:  # 2 ** 2000 overflows, and means nothing
            self.warn(
                "cnv_bad_value",
                f"{self.where(line)}: {column} {raw[:40]!r} is not a log2 ratio (beyond ±{MAX_ABS_LOG2}); ignored",
            )
            return None
        return value

    def copy_number(self, text: Any, line: int | None, column: str) -> float | None:
        value = self.number(text, line, column)
        if value is not None and value < 0:
            self.warn("cnv_negative_copy_number", f"{self.where(line)}: {column} {value:g} is negative; ignored")
            return None
        return value

    def integer(self, text: Any, line: int | None, column: str) -> int | None:
        value = self.number(text, line, column)
        if value is None:
            return None
        if value != int(value):
            self.warn("cnv_bad_value", f"{self.where(line)}: {column} {value:g} is not a whole number; ignored")
            return None
        return int(value)

    def make(self, line: int | None, **fields: Any) -> CopyNumberCall:
        fields.setdefault("sample", self.sample)
        return CopyNumberCall(
            file=self.file, line=line, format=self.fmt, ploidy=self.ploidy, purity=self.purity, **fields
        )


# ----------------------------------------------------------------------------- cells


def symbol(text: str) -> str | None:
    """A gene symbol as cBioPortal writes it: the part before any '|' ('AKT2|TEST' → 'AKT2')."""
    name = text.strip().split("|", 1)[0].strip()
    return name if name and name.lower() not in MISSING else None


def gene_list(text: str, sep: str = ",") -> list[str]:
    out: list[str] = []
    for token in text.split(sep):
        name = token.strip()
        if name and name not in out and name.lower() not in MISSING:
            out.append(name)
    return out


def one_gene(genes: list[str]) -> str | None:
    return genes[0] if len(genes) == 1 else None


def chrom(text: str) -> str | None:
    text = text.strip()
    return normalize_contig(text) if text and text.lower() not in MISSING else None


def field(row: list[str], idx: int | None) -> str:
    return row[idx] if idx is not None and idx < len(row) else ""


# ----------------------------------------------------------------------------- rows


def rows(path: Path, header: Header) -> Iterator[tuple[int, list[str]]]:
    """Data rows after the header: blank and '#' comment lines skipped, fields stripped of spaces."""
    for n, line in lines(path):
        if n <= header.line or not line.strip() or line.startswith("#"):
            continue
        yield n, [f.strip() for f in line.split(header.delimiter)]


def short_row(ctx: Ctx, n: int, row: list[str], needed: int) -> bool:
    """A row with fewer fields than the columns read need: warned about, to be skipped."""
    if len(row) < needed:
        ctx.warn("cnv_row_skipped", f"{ctx.where(n)}: {len(row)} fields, the header has more; row skipped")
        return True
    return False


def coords(ctx: Ctx, n: int, cells: tuple[str, str, str], zero_based: bool) -> dict[str, Any]:
    """chrom, start and end of a segment from its three cells, made 1-based."""
    start = ctx.integer(cells[1], n, "start")
    end = ctx.integer(cells[2], n, "end")
    if start is not None and zero_based:
        start += 1
    if start is not None and start < 1:
        start = 1  # ClinCNV writes 0 for a segment starting at the chromosome's first base
    if start is not None and end is not None and end < start:
        ctx.warn("cnv_bad_coordinates", f"{ctx.where(n)}: segment end {end} lies before its start {start}")
    return {"chrom": chrom(cells[0]), "start": start, "end": end}


def segment_coords(
    ctx: Ctx, n: int, row: list[str], idx: tuple[int | None, int | None, int | None], zero_based: bool
) -> dict[str, Any]:
    """chrom, start and end of a segment row, its columns at `idx`."""
    return coords(ctx, n, (field(row, idx[0]), field(row, idx[1]), field(row, idx[2])), zero_based)


def sample_rows(
    path: Path, header: Header, sample: str | None, ctx: Ctx
) -> tuple[list[str], str | None, Iterable[tuple[int, list[str]]]]:
    """(the samples, the chosen one, its rows) of a segment or gene file whose format names no sample.
    Such a file is one sample's, and a requested one is taken on trust; a table that has a per-row
    sample column anyway (CNVkit, PURPLE or PCGR rows pooled from several samples) is narrowed to one
    by the rule every table follows (`samples.choose_row`)."""
    i_sample = header.index(*SAMPLE_COLUMNS)
    if i_sample is None:
        return [], sample, rows(path, header)
    names = {name: None for _, row in rows(path, header) if (name := field(row, i_sample))}
    chosen = ctx.sample = choose_row(path, names, sample)
    return (
        list(names),
        chosen,
        ((n, row) for n, row in rows(path, header) if (field(row, i_sample) or chosen) == chosen),
    )
