"""cBioPortal and OncoKB discrete copy-number tables: the GISTIC-style gene × sample matrix of -2..2
(data_cna_discrete.txt, OncoKB example_cna.txt; only the chosen sample's column is kept) and the
long form (a sample, a gene and a value per row)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...model import CopyNumberCall
from ..samples import choose_row
from .pooled import read_long, wanted
from .table import MISSING, Calls, Ctx, Header, field, rows, symbol

MATRIX_ANNOTATION = {"hugo_symbol", "entrez_gene_id", "gene_symbol", "locus_id", "cytoband", "gene_id", "entrez_id"}
"""a matrix's columns that are not samples"""
_LABEL = re.compile(r"[A-Za-z][A-Za-z _-]*")


def discrete(ctx: Ctx, raw: str, n: int, gene: str, column: str) -> dict[str, Any] | None:
    """A GISTIC value -2..2 → {'discrete': …}; a word ('Amplification') → {'call': …}; else None (warned)."""
    raw = raw.strip()
    if raw.lower() in MISSING:
        return None
    try:
        value = float(raw)
    except ValueError:
        if _LABEL.fullmatch(raw):
            return {"call": raw}
        ctx.warn(
            "cnv_bad_value", f"{ctx.where(n)}: {gene} {column} {raw[:40]!r} is neither -2..2 nor a call; row skipped"
        )
        return None
    if math.isnan(value) or math.isinf(value) or value != int(value) or not -2 <= value <= 2:
        ctx.warn(
            "cnv_bad_value", f"{ctx.where(n)}: {gene} {column} {raw[:40]!r} is not a whole number -2..2; row skipped"
        )
        return None
    return {"discrete": int(value)}


# ----------------------------------------------------------------------------- long form


def read_cna_long(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    i_value = header.index("copy_number_alteration", "value")
    column = header.columns[i_value] if i_value is not None else "value"

    def values(ctx: Ctx, n: int, row: list[str], gene: str) -> dict[str, Any] | None:
        return discrete(ctx, field(row, i_value), n, gene, column)

    return read_long(path, header, sample, ctx, gene_columns=("hugo_symbol", "gene_symbol", "gene"), values=values)


# ----------------------------------------------------------------------------- matrix


def read_matrix(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    i_gene = header.index("hugo_symbol", "gene_symbol")
    assert i_gene is not None  # the format's required column
    sample_idx, samples = ctx.cache.kept(
        ("cnv-matrix-samples", str(path), header.line), lambda: matrix_samples(path, header)
    )
    chosen = choose_row(path, sample_idx, sample, line=header.line)
    assert chosen is not None
    ctx.sample = chosen
    calls: list[CopyNumberCall] = []
    seen: set[str] = set()
    for n, raw_gene, raw_value in matrix_cells(path, header, ctx, i_gene, sample_idx[chosen]):
        gene = symbol(raw_gene)
        if gene is None:
            ctx.warn("cnv_gene_missing", f"{ctx.where(n)}: no Hugo symbol; row skipped")
            continue
        value = discrete(ctx, raw_value, n, gene, chosen)
        if value is None:
            continue
        if gene in seen:
            ctx.warn("cnv_duplicate_gene", f"{ctx.where(n)}: {gene} appears on more than one row; every row kept")
        seen.add(gene)
        calls.append(ctx.make(n, gene=gene, genes=[gene], **value))
    return calls, samples, chosen  # within a run, every sample's result shares the header's list


def matrix_samples(path: Path, header: Header) -> tuple[dict[str, int], list[str]]:
    """Sample name → column of a gene × sample matrix, and the names in order; a header without sample
    columns, or naming one twice, is refused."""
    sample_idx = {
        name: i
        for i, (name, norm) in enumerate(zip(header.columns, header.norm, strict=True))
        if norm not in MATRIX_ANNOTATION and name
    }
    samples = list(sample_idx)
    if not samples:
        raise InputError(path, "a gene × sample matrix without sample columns", line=header.line)
    named = [
        name for name, norm in zip(header.columns, header.norm, strict=True) if norm not in MATRIX_ANNOTATION and name
    ]
    dupes = sorted(name for name, times in Counter(named).items() if times > 1)
    if dupes:
        raise InputError(path, f"duplicate sample column(s): {', '.join(dupes)}", line=header.line)
    return sample_idx, samples


def matrix_cells(path: Path, header: Header, ctx: Ctx, i_gene: int, i_value: int) -> Iterator[tuple[int, str, str]]:
    """(line, gene cell, one sample's cell) of the rows to read. Streamed; within a cohort run the
    rows to read are kept column by column, so that the matrix is read once per worker."""
    if not ctx.cache.keeps:
        for n, row in rows(path, header):
            if wanted(ctx, raw := field(row, i_gene)):
                yield n, raw, field(row, i_value)
        return
    key = ("cnv-matrix", str(path), header.line, None if ctx.genes is None else frozenset(ctx.genes))
    lines, genes, columns = ctx.cache.kept(key, lambda: matrix_columns(path, header, ctx, i_gene))
    yield from zip(lines, genes, columns[i_value] if i_value < len(columns) else [""] * len(lines), strict=True)


def matrix_columns(path: Path, header: Header, ctx: Ctx, i_gene: int) -> tuple[list[int], list[str], list[list[str]]]:
    """The matrix's rows to read, column by column (what a cohort run keeps)."""
    lines: list[int] = []
    genes: list[str] = []
    columns: list[list[str]] = [[] for _ in header.columns]
    pool: dict[str, str] = {}  # one string per distinct value ('0', '-1', …): a column is a list of references
    for n, row in rows(path, header):
        if not wanted(ctx, raw := field(row, i_gene)):
            continue
        lines.append(n)
        genes.append(raw)
        for j, column in enumerate(columns):
            cell = row[j] if j < len(row) else ""
            column.append(pool.setdefault(cell, cell))
    return lines, genes, columns
