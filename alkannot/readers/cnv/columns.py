"""The column table: a segment or gene-level format whose rows differ from another's only by their
columns is declared as a `Columns` (which column each field is read from, how, and which columns a
row must reach), and read by the one loop `read_columns` (as `readers/fusions.py` declares its
dialects). Fields are read in the order declared, which is the order their warnings come in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from ...model import CopyNumberCall
from .table import Calls, Ctx, Header, coords, sample_rows, short_row

Cells = tuple[str | None, ...]
"""a row's cells of one `Column`'s columns, None for a column the header does not have"""

Read = Callable[[Ctx, int, Cells], dict[str, Any] | None]
"""a `Column`'s cells → CopyNumberCall fields; None: the row is skipped (and was warned about)"""


class Column(NamedTuple):
    """Fields of a call read from one or more columns, each the first of its alternative names the
    header has."""

    columns: tuple[tuple[str, ...], ...]
    read: Read
    needed: bool = True
    """a row shorter than these columns is skipped (with a warning)"""


class Columns(NamedTuple):
    """A table format as the columns its calls are read from."""

    fields: tuple[Column, ...]


def number(into: str, names: tuple[str, ...], label: str) -> Column:
    """`into` is the number of the column (e.g. a log2 ratio)."""
    return Column((names,), lambda ctx, n, cells: {into: ctx.number(cells[0], n, label)})


def copies(names: tuple[str, ...], label: str, needed: bool = True) -> Column:
    """copy_number is the column's value (negative ones warned about and dropped)."""
    return Column((names,), lambda ctx, n, cells: {"copy_number": ctx.copy_number(cells[0], n, label)}, needed)


def count(into: str, names: tuple[str, ...], label: str) -> Column:
    """`into` is the whole number of an optional column (e.g. probes)."""
    return Column((names,), lambda ctx, n, cells: {into: ctx.integer(cells[0], n, label)}, needed=False)


def segment(names: tuple[tuple[str, ...], ...], zero_based: bool = False, needed: bool = True) -> Column:
    """chrom, start and end; a file without chromosome and start columns gives no coordinates."""

    def read(ctx: Ctx, n: int, cells: Cells) -> dict[str, Any]:
        if cells[0] is None or cells[1] is None:
            return {}
        return coords(ctx, n, (cells[0], cells[1], cells[2] or ""), zero_based)

    return Column(names, read, needed)


def read_columns(spec: Columns, path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    """The calls of a table declared by `spec`, for `sample` (a pooled table narrowed to one)."""
    samples, chosen, rows = sample_rows(path, header, sample, ctx)
    bound = [(column, [header.index(*names) for names in column.columns]) for column in spec.fields]
    needed = max(i for column, idx in bound if column.needed for i in idx if i is not None) + 1
    calls: list[CopyNumberCall] = []
    for n, row in rows:
        if short_row(ctx, n, row, needed):
            continue
        fields = _fields(ctx, n, row, bound)
        if fields is not None:
            calls.append(ctx.make(n, **fields))
    return calls, samples, chosen


def _fields(ctx: Ctx, n: int, row: list[str], bound: list[tuple[Column, list[int | None]]]) -> dict[str, Any] | None:
    """The call's fields from the row, column by column; None when a column's reading skips the row."""
    fields: dict[str, Any] = {}
    for column, idx in bound:
        got = column.read(ctx, n, tuple(_cell(row, i) for i in idx))
        if got is None:
            return None
        fields.update(got)
    return fields


def _cell(row: list[str], idx: int | None) -> str | None:
    if idx is None:
        return None
    return row[idx] if idx < len(row) else ""
