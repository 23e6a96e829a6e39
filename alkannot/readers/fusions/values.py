"""Cell values of fusion tables: counts, text, gene names and breakpoints as the callers write them
('NA', '.', 'ALK^ENSG…', 'chr2:42492091:+'), read into what a `FusionCall` holds (None where a cell
says nothing). Shared by every dialect, here and in `readers.fusion_formats`."""

from __future__ import annotations

import math
import re

from ...model import Breakpoint


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    v = value.strip().strip('"')
    if not v or v.upper() in {"NA", "N/A", ".", "-", "NONE", "NAN"}:
        return None
    try:
        number = int(float(v))
    except (ValueError, OverflowError):  # 'inf' and '1e400' overflow int()
        return None
    return number if number >= 0 else None  # read counts and positions are never negative


def _unusable_number(cell: str) -> bool:
    """A cell that is a number no count or position can be: negative, infinite or NaN (written as a number)."""
    v = cell.strip().strip('"')
    if not v or v[0] not in "-+.0123456789iInN" or v.upper() in {"NA", "N/A", "NONE", "-", "."}:
        return False
    try:
        number = float(v)
    except ValueError:
        return False
    return number < 0 or not math.isfinite(number)


def _sum(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().strip('"').strip()
    return v if v and v.upper() not in {"NA", "N/A", ".", "NONE", "NAN"} else None


def _gene(value: str | None) -> str | None:
    """'ALK^ENSG00000171094.11' → 'ALK'; '', 'NA', '.' → None. Names with a comma or a distance in
    parentheses (Arriba's intergenic 'A(1234),B(56)') → 'intergenic'."""
    v = _text(value)
    if v is None:
        return None
    v = v.split("^")[0].strip()
    if "(" in v or "," in v:
        return "intergenic"
    return v or None


_BP = re.compile(r"^(?:chr)?(?P<chrom>[^:\s]+):(?P<pos>\d+)(?::(?P<strand>[+\-]))?$", re.I)


def _breakpoint(text: str | None, strand: str | None = None) -> Breakpoint | None:
    """'chr2:42492091:+' / '2:42492091' → Breakpoint (contig as written, without a 'chr' prefix)."""
    v = _text(text)
    if v is None:
        return None
    m = _BP.match(v)
    if not m:
        return None
    s = m["strand"] or (strand if strand in {"+", "-"} else None)
    return Breakpoint(chrom=m["chrom"], pos=int(m["pos"]), strand=s)


def _bp(chrom: str | None, pos: str | int | None, strand: str | None = None) -> Breakpoint | None:
    c = _text(chrom)
    p = pos if isinstance(pos, int) else _int(pos)
    if c is None or p is None or p <= 0:
        return None
    c = c[3:] if c.lower().startswith("chr") else c
    s = _text(strand)
    s = {"1": "+", "-1": "-"}.get(s or "", s)
    return Breakpoint(chrom=c, pos=p, strand=s if s in {"+", "-"} else None)
