"""Tables that name a sample on each row (long cBioPortal/OncoKB tables, gene tables, ClinCNV): the
rows of the sample asked for, kept by the run cache so that a cohort run reads such a table once per
worker, and the one loop of the long tables (one gene per row), whose formats differ by the values a
row gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ...model import CopyNumberCall
from ..samples import SAMPLE_COLUMNS, choose_row
from .table import Calls, Ctx, Header, field, rows, symbol

Rows = Iterable[tuple[int, list[str]]]
Values = Callable[[Ctx, int, list[str], str], dict[str, Any] | None]
"""a long table's row (line, cells, its gene) → the fields of its call; None: no call (warned, if unusable)"""


def wanted(ctx: Ctx, raw_gene: str) -> bool:
    """A row to read: its gene is one asked for, or it names none (which is warned about)."""
    if ctx.genes is None:
        return True
    gene = symbol(raw_gene)
    return gene is None or gene in ctx.genes


def long_rows(
    path: Path,
    header: Header,
    ctx: Ctx,
    *,
    i_gene: int | None,
    i_sample: int | None,
    sample: str | None,
    pairs: bool = False,
) -> tuple[dict[str, None], Rows]:
    """(the samples the table names, in order, when known beforehand; the rows). Within a cohort run
    the table is read once per worker and only `sample`'s rows of the genes asked for come back;
    otherwise every row is streamed. `pairs` (ClinCNV): a sample also owns the rows of the
    'tumour-normal' pairs named after it, and rows naming no sample belong to every sample."""
    if ctx.cache.keeps and sample is not None and i_sample is not None:
        key = ("cnv-long", str(path), header.line, ctx.fmt, None if ctx.genes is None else frozenset(ctx.genes))
        names, by_sample, by_prefix = ctx.cache.kept(key, lambda: long_by_sample(path, header, ctx, i_gene, i_sample))
        if not pairs:
            return names, by_sample.get(sample, [])
        owned = [by_sample.get(name, []) for name in (sample, *by_prefix.get(sample, []), None)]
        return names, sorted(row for rows in owned for row in rows)
    return {}, rows(path, header)


def long_by_sample(
    path: Path, header: Header, ctx: Ctx, i_gene: int | None, i_sample: int
) -> tuple[dict[str, None], dict[str | None, list[tuple[int, list[str]]]], dict[str, list[str]]]:
    """(sample names in order, as an ordered set, the rows to read by sample, the names each 'a-b' name's prefixes
    start: ClinCNV names a tumour-normal pair, and a sample is asked for by its tumour's name)."""
    names: dict[str, None] = {}
    by_sample: dict[str | None, list[tuple[int, list[str]]]] = {}
    for n, row in rows(path, header):
        name = field(row, i_sample) or None
        if name is not None:
            names.setdefault(name)
        if wanted(ctx, field(row, i_gene)):
            by_sample.setdefault(name, []).append((n, row))
    by_prefix: dict[str, list[str]] = {}
    for name in names:
        for i, char in enumerate(name):
            if char == "-" and i:
                by_prefix.setdefault(name[:i], []).append(name)
    return names, by_sample, by_prefix


class _Narrowing:
    """Which rows of a long table are the sample's: those naming `sample`; with none asked for, those of
    the first sample named (a second one's rows are not needed: the read will end in an error). Keeps
    the names rows give, in order, for a table whose names were not listed beforehand."""

    def __init__(self, i_sample: int | None, sample: str | None) -> None:
        self.i_sample = i_sample
        self.sample = sample
        self.named: dict[str, None] = {}
        self.kept_for: str | None = None

    def keeps(self, row: list[str]) -> tuple[bool, str | None]:
        """(whether the row is the sample's, the sample it names)."""
        if self.i_sample is None:
            return True, None
        name = field(row, self.i_sample) or None
        if name is not None:
            self.named.setdefault(name)
        if self.sample is not None:
            return name == self.sample, name
        if self.kept_for is None:
            self.kept_for = name
            return True, name
        return name == self.kept_for, name


def read_long(
    path: Path, header: Header, sample: str | None, ctx: Ctx, *, gene_columns: tuple[str, ...], values: Values
) -> Calls:
    """A table of one gene per row, with an optional sample column narrowed to one sample. Only the
    chosen (or, when none is named, the first) sample's rows are kept while streaming."""
    i_gene = header.index(*gene_columns)
    i_sample = header.index(*SAMPLE_COLUMNS)
    listed, table_rows = long_rows(path, header, ctx, i_gene=i_gene, i_sample=i_sample, sample=sample)
    narrowing = _Narrowing(i_sample, sample)
    calls: list[CopyNumberCall] = []
    seen: set[str] = set()
    for n, row in table_rows:
        keep, name = narrowing.keeps(row)
        if not keep or not wanted(ctx, field(row, i_gene)):
            continue
        gene = symbol(field(row, i_gene))
        if gene is None:
            ctx.warn("cnv_gene_missing", f"{ctx.where(n)}: no gene symbol; row skipped")
            continue
        fields = values(ctx, n, row, gene)
        if fields is None:
            continue
        key = f"{name}\t{gene}"
        if key in seen:
            ctx.warn("cnv_duplicate_gene", f"{ctx.where(n)}: {gene} appears on more than one row; every row kept")
        seen.add(key)
        calls.append(ctx.make(n, sample=name if name is not None else ctx.sample, gene=gene, genes=[gene], **fields))
    if i_sample is None:
        return calls, [], sample
    known = listed or narrowing.named
    return calls, list(known), choose_row(path, known, sample)
