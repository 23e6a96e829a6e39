"""Ploidy and purity: as given by the caller (checked), as stated with the file (a purity/ploidy
table such as PURPLE's purple.purity.tsv, a ClinCNV '##ploidy' line), implausible values dropped with
a warning, and a given value that differs from the stated one said to override it."""

from __future__ import annotations

import math
from pathlib import Path

from ...errors import InputError, UsageError
from .files import check_path, lines, sniff
from .header import read_header
from .table import Ctx, field

Stated = tuple[float | None, float | None]
"""(ploidy, purity)"""


def check_given(ploidy: float | None, purity: float | None) -> None:
    """Refuse a caller's ploidy or purity that is not plausible."""
    if ploidy is not None and not (isinstance(ploidy, (int, float)) and 0 < ploidy < 20):
        raise UsageError(f"ploidy {ploidy!r} is not plausible (expected a number between 0 and 20)")
    if purity is not None and not (isinstance(purity, (int, float)) and 0 < purity <= 1):
        raise UsageError(f"purity {purity!r} is outside 0–1")


def read_purity_file(path: Path) -> Stated:
    """(ploidy, purity) from the first data row of a table with 'purity' and/or 'ploidy' columns
    (PURPLE purple.purity.tsv)."""
    check_path(path)
    if sniff(path) != "text":
        raise InputError(path, "not a purity/ploidy table")
    header = read_header(path)
    i_pur, i_plo = header.index("purity", "tumor_purity", "tumour_purity"), header.index("ploidy")
    if i_pur is None and i_plo is None:
        raise InputError(path, "not a purity/ploidy table: no 'purity' or 'ploidy' column", line=header.line)
    for n, line in lines(path):
        if n <= header.line or not line.strip() or line.startswith("#"):
            continue
        row = line.split(header.delimiter)
        return _value(path, row, i_plo, "ploidy", n), _value(path, row, i_pur, "purity", n)
    raise InputError(path, "purity/ploidy table has a header but no values")


def _value(path: Path, row: list[str], idx: int | None, name: str, n: int) -> float | None:
    raw = field(row, idx).strip()
    try:
        value = float(raw) if raw else None
    except ValueError:
        raise InputError(path, f"{name} {raw[:40]!r} is not a number", line=n) from None
    if value is not None and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _plausible(stated: Stated, where: str, ctx: Ctx) -> Stated:
    ploidy, purity = stated
    if ploidy is not None and not 0 < ploidy < 20:
        ctx.warn("cnv_bad_value", f"{where}: ploidy {ploidy:g} is not plausible; ignored")
        ploidy = None
    if purity is not None and not 0 < purity <= 1:
        ctx.warn("cnv_bad_value", f"{where}: purity {purity:g} is outside 0–1; ignored")
        purity = None
    return ploidy, purity


def with_purity_file(stated: Stated, purity_file: str | Path | None) -> Stated:
    """What a purity file states, over what the copy-number file does."""
    if purity_file is None:
        return stated
    file_ploidy, file_purity = read_purity_file(Path(purity_file))
    return (
        file_ploidy if file_ploidy is not None else stated[0],
        file_purity if file_purity is not None else stated[1],
    )


def settle(ctx: Ctx, stated: Stated, ploidy: float | None, purity: float | None) -> None:
    """ctx.ploidy and ctx.purity: given ones win over (plausible) stated ones, with a warning when
    they differ."""
    stated = _plausible(stated, str(ctx.path), ctx)
    for name, given, said in (("ploidy", ploidy, stated[0]), ("purity", purity, stated[1])):
        if given is not None and said is not None and abs(given - said) > 1e-6:
            ctx.warn(
                "cnv_value_overridden", f"{ctx.path}: {name} {given:g} given overrides {said:g} stated with the file"
            )
    ctx.ploidy = float(ploidy) if ploidy is not None else stated[0]
    ctx.purity = float(purity) if purity is not None else stated[1]
