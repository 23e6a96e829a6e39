"""The samples a pooled fusion table names, found the way `read_fusions` finds them: what a cohort over
the table annotates, each one a `sample=` the reader accepts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .dialects import DIALECTS, Dialect, table_sample_column
from .lines import _norm, _read_text, _split
from .values import _text


def samples_in(path: str | Path, fmt: str = "auto") -> list[str]:
    """Sample names of a fusion table with a per-row sample column (any dialect: cBioPortal, OncoKB,
    FusionInspector `#sample`, JAFFA …), in order of first appearance; [] for tables without one and
    for notation files."""
    fmt = (fmt or "auto").lower()
    rows = iter(_read_text(Path(path)))  # lines, once through (a list or a stream, whichever the reader gives)
    header = next((line for line in rows if line.strip() and not line.startswith("##")), None)
    layout = None if header is None or fmt == "notation" else _layout(header, fmt)
    if layout is None:
        return []
    return list(dict.fromkeys(_row_samples(rows, *layout)))


def _layout(header: str, fmt: str) -> tuple[str, int, int] | None:
    """(delimiter, the sample column, the last required column) of a table whose dialect names a
    sample column; None otherwise."""
    delimiter = "\t" if "\t" in header else ("," if "," in header else None)
    if delimiter is None:
        return None
    columns = [_norm(c) for c in _split(header, delimiter)]
    dialect = next((d for d in DIALECTS if fmt in {"auto", d.format} and set(d.required) <= set(columns)), None)
    column = table_sample_column(dialect, columns) if dialect is not None else None
    if dialect is None or column is None:
        return None
    return delimiter, column, _needed(dialect, columns)


def _needed(dialect: Dialect, columns: list[str]) -> int:
    """The last required column's index: a row cut short names no sample the reader trusts."""
    return max(columns.index(c) for c in dialect.required)


def _row_samples(rows: Iterator[str], delimiter: str, column: int, needed: int) -> Iterator[str]:
    for line in rows:
        if not line.strip() or line.startswith("#"):
            continue
        cells = _split(line, delimiter)
        value = _text(cells[column]) if column < len(cells) and needed < len(cells) else None
        if value:
            yield value
