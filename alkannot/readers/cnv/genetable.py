"""Gene-level tables: a gene column and a copy number, a log2 ratio or a caller's call (e.g.
MOAlmanac's 'Amplification'), optionally with coordinates and a sample column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .pooled import read_long
from .table import Calls, Ctx, Header, field, segment_coords

GENE_COLUMNS = ("gene", "gene_symbol", "hugo_symbol", "symbol", "gene_name")
CALL_COLUMNS = ("call", "alteration", "cna", "cnv", "cnv_call", "event")
VALUE_COLUMNS = ("copy_number", "cn", "log2", *CALL_COLUMNS)
"""a gene table has one of these"""


def read_gene_table(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    i_cn, i_log2, i_call = header.index("copy_number", "cn"), header.index("log2"), header.index(*CALL_COLUMNS)
    idx = (header.index("chromosome", "chrom", "chr"), header.index("start"), header.index("end"))
    cn_name = header.columns[i_cn] if i_cn is not None else ""

    def values(ctx: Ctx, n: int, row: list[str], _gene: str) -> dict[str, Any] | None:
        fields: dict[str, Any] = {}
        if i_cn is not None:
            fields["copy_number"] = ctx.copy_number(field(row, i_cn), n, cn_name)
        if i_log2 is not None:
            fields["log2"] = ctx.number(field(row, i_log2), n, "log2")
        if i_call is not None:
            fields["call"] = field(row, i_call) or None
        if all(v is None for v in fields.values()):
            return None
        if idx[0] is not None and idx[1] is not None:
            fields.update(segment_coords(ctx, n, row, idx, zero_based=False))
        return fields

    return read_long(path, header, sample, ctx, gene_columns=GENE_COLUMNS, values=values)
