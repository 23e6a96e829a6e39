"""Fusion tables and free-text fusion notations → `FusionCall`s.

Formats: Arriba `fusions.tsv`; STAR-Fusion `star-fusion.fusion_predictions(.abridged).tsv` and
`.fusion_candidates.final.abridged` (also CTAT-LR-Fusion's long-read table and STAR-Fusion-style
truth tables); FusionCatcher `final-list_candidate-fusion-genes.txt`; JAFFA / JAFFAL
`jaffa_results.csv`; `generic` tables (OncoKB annotator `Tumor_Sample_Barcode` + `Fusion`, OncoKB SV
`GeneA GeneB Sv_Type`, cBioPortal structural variants, PCGR `FusionGene`, `gene1 gene2 breakpoint1
breakpoint2` columns, and the column sets of ChimeraScan, ChimPipe, deFuse/nFuse, EricScript,
InFusion, PRADA and SOAPfuse); and `notation` files with one fusion per line as panels and reports
print them (`EML4-ALK`, `EML4::ALK`, `EML4--ALK`, `EML4(13)-ALK(20)`, `EML4 exon13::ALK exon20`,
`E13:A20`, `E6a/b;A20`, `EML4-ALK v1` …).

`auto` recognises the format from the header line. The reader knows formats only: which gene is 5′
when the format says so, where the breakpoints and read counts are; partners, junctions and roles
are the classifier's. Bad input is an `InputError` naming the file and, where known, the line.

The package, one module per concept: `values` (cells), `notation` (free-text notations and notation
files), `dialects` (the format table), `lines` (the file's lines and cells), `header` (the header line
and its refusals), `table` (rows → calls by sample) and `result`. Formats beyond the short-read callers
are in `readers.fusion_formats`."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from ...errors import InputError
from ...runcache import NO_CACHE, RunCache
from .dialects import DIALECTS, FORMATS, Dialect, Row, _formats, known_formats, table_sample_column
from .header import Header, no_dialect, read_header
from .lines import _Lines, _norm as _norm, _read_text, _split as _split
from .notation import NOTATION_EXAMPLES, Notation, looks_like_notations, parse_notation, read_notations
from .result import FusionReadResult
from .table import _read_table
from .values import _bp as _bp, _gene as _gene, _int as _int, _text as _text

__all__ = [
    "DIALECTS",
    "FORMATS",
    "NOTATION_EXAMPLES",
    "Dialect",
    "FusionReadResult",
    "Notation",
    "Row",
    "known_formats",
    "parse_notation",
    "read_fusions",
    "table_sample_column",
]


def read_fusions(
    path: str | Path, fmt: str = "auto", sample: str | None = None, *, cache: RunCache = NO_CACHE
) -> FusionReadResult:
    """Read one fusion file; `fmt` is one of FORMATS or 'auto'. A cohort run's `cache` keeps a table
    its samples share parsed, once per worker."""
    p = Path(path)
    fmt = (fmt or "auto").lower()
    if fmt not in {"auto", *FORMATS}:
        raise InputError(p, f"unknown fusion format {fmt!r} (known: auto, {', '.join(FORMATS)})")
    lines = _read_text(p)
    header = read_header(p, lines)
    if fmt == "notation":
        return read_notations(p, lines)
    have = set(header.columns)
    # the short-read callers' own headers first: the other families (fusion_formats) are imported only when needed
    dialect = next(
        (d for d in DIALECTS if d.format != "generic" and fmt in {"auto", d.format} and set(d.required) <= have), None
    )
    if dialect is None:
        return _read_other(p, fmt, lines, header, sample=sample, cache=cache)
    return _read_table(p, lines, header, dialect, sample=sample, cache=cache)


def _read_other(
    p: Path, fmt: str, lines: _Lines, header: Header, *, sample: str | None, cache: RunCache
) -> FusionReadResult:
    """A file no short-read caller's header fits: a line format, a table refused with a pointer to the
    right file, a table of another dialect, a headerless list of notations, or a refusal."""
    dialects, line_formats, refusals, labels = _formats()
    have = set(header.columns)
    head = list(islice(lines, 200))
    for lf in line_formats:
        if fmt == lf.format or (fmt == "auto" and lf.sniff(head)):
            return lf.read(p, lines)
    for needed, refusal in refusals:
        if set(needed) <= have:
            raise InputError(p, refusal, line=header.first + 1)
    dialect = next((d for d in dialects if fmt in {"auto", d.format} and set(d.required) <= have), None)
    if dialect is not None:
        return _read_table(p, lines, header, dialect, sample=sample, cache=cache)
    if fmt == "auto" and looks_like_notations(lines):
        return read_notations(p, lines)
    raise no_dialect(p, fmt, dialects, header.columns, line=header.first + 1, labels=labels)
