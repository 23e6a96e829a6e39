"""The header line of a fusion file: where it is (after any `##` lines), its columns and delimiter,
and the refusals of a file that has none or whose header no format has (with the closest format and
the columns it lacks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ...errors import InputError, option
from .dialects import Dialect, known_formats
from .lines import _norm, _split


class Header(NamedTuple):
    """A fusion table's header line: where it is (0-based), its normalised column names and the delimiter."""

    first: int
    columns: list[str]
    delimiter: str


def read_header(p: Path, lines: Iterable[str]) -> Header:
    """The header: the first line neither blank nor a `##` comment. An empty file, one of `##` lines
    only and a VCF are refused."""
    first, header, line0, blank = None, "", "", True
    for i, line in enumerate(lines):
        line0 = line if i == 0 else line0
        blank = blank and not line.strip()
        if line.strip() and not line.startswith("##"):
            first, header = i, line
            break
    if first is None and blank:
        raise InputError(
            p,
            "the file is empty: no header line, so no fusion format can be recognised "
            "(a caller that found no fusion still writes its header)",
        )
    if first is None:
        raise InputError(p, "no header line: only '##' comment lines")
    if line0.startswith("##fileformat=VCF"):
        raise InputError(
            p,
            f"this is a VCF, not a fusion table: give structural-variant and fusion VCFs with {option('sv_vcf')}",
            line=1,
        )
    return Header(first, *_columns(header))


def _columns(header: str) -> tuple[list[str], str]:
    """The header's normalised column names and the delimiter (tab, else comma; a one-column header
    is read as tab-delimited). Numbers where a header should be: data, so no columns."""
    delimiter = "\t" if "\t" in header else ("," if "," in header else None)
    columns = [_norm(c) for c in _split(header, delimiter)] if delimiter else [_norm(header)]
    if any(re.fullmatch(r"[\d.,~:+\-]+", c) for c in columns):
        columns = []
    return columns, delimiter or "\t"


def no_dialect(
    p: Path, fmt: str, dialects: tuple[Dialect, ...], columns: list[str], *, line: int, labels: dict[str, str]
) -> InputError:
    """The refusal of a header no dialect of `fmt` reads: with `auto`, the closest format and what it
    lacks; with a format named, the columns it misses and the header's own."""
    have = set(columns)
    if fmt == "auto":
        near = min(dialects, key=lambda d: (len(set(d.required) - have) / len(d.required), -len(d.required)))
        lacking = sorted(set(near.required) - have)
        closest = (
            f" (closest: {near.label}, missing {', '.join(lacking)})"
            if len(lacking) <= len(near.required) // 2 and len(near.required) > 1
            else ""
        )
        return InputError(
            p,
            f"cannot tell the fusion format from the header line{closest}; known formats: {known_formats()} "
            f"(see the README's format table); set one with {option('fusion_format')}",
            line=line,
        )
    candidates = [d for d in dialects if fmt in {"auto", d.format}]
    missing = min((sorted(set(d.required) - have) for d in candidates), key=len)
    shown = ", ".join(c for c in columns[:12] if c) + (" …" if len(columns) > 12 else "")
    return InputError(
        p,
        f"not {labels[fmt]}: missing column(s) {', '.join(missing)} (the header has: {shown or 'nothing'})",
        line=line,
    )
