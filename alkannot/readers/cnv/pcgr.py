"""PCGR allele-specific segments: Chromosome, Start, End, nMajor, nMinor; the copy number is
nMajor + nMinor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .columns import Cells, Column, Columns, read_columns, segment
from .table import Calls, Ctx, Header


def _total(ctx: Ctx, n: int, cells: Cells) -> dict[str, Any]:
    major = ctx.copy_number(cells[0], n, "nMajor")
    minor = ctx.copy_number(cells[1], n, "nMinor")
    return {"copy_number": major + minor if major is not None and minor is not None else None}


PCGR = Columns(
    (
        Column((("nmajor",), ("nminor",)), _total),
        segment((("chromosome",), ("start",), ("end",))),
    )
)


def read_pcgr(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    return read_columns(PCGR, path, header, sample, ctx)
