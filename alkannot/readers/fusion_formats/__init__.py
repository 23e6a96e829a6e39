"""Fusion-caller formats beyond the short-read callers of `readers/fusions/`, one module per tool
family (as cnvkit's `tabio`): `long_read` (pbfusion, FusionSeeker, FLAIR-fusion, LongGF) and `linx`
(Hartwig LINX). Table formats are `Dialect`s read by the shared table machinery of
`readers.fusions` (header detection, per-row checks, sample grouping); a format that is not a table
(LongGF's log) is a `LineFormat` with a sniffer and a reader of its own. Adding a format is adding a
module and a line here.

Readers state what the file says: genes in the file's order (`oriented=False` where that order is
not 5′→3′), breakpoints and read support; the classifier decides the 5′ gene from the breakpoints."""

from __future__ import annotations

from .linx import DIALECTS as _LINX
from .linx import LINE_FORMATS as _LINX_LINES
from .linx import REFUSALS as _LINX_REFUSALS
from .long_read import DIALECTS as _LONG_READ
from .long_read import LINE_FORMATS as _LONG_READ_LINES

DIALECTS = (*_LONG_READ, *_LINX)
"""table dialects, tried before the generic column sets of readers.fusions"""
LINE_FORMATS = (*_LONG_READ_LINES, *_LINX_LINES)
"""formats recognised from their content rather than a header of column names"""
REFUSALS = (*_LINX_REFUSALS,)
"""(columns, message): tables that are not fusion tables, refused with a pointer to the right file"""
LABELS = {
    "pbfusion": "pbfusion breakpoints.groups.bed",
    "fusionseeker": "FusionSeeker confident_genefusion.txt",
    "flair-fusion": "FLAIR-fusion Fusions.tsv",
    "longgf": "LongGF log (SumGF lines)",
    "linx": "Hartwig LINX linx.fusion.tsv",
}

__all__ = ["DIALECTS", "LABELS", "LINE_FORMATS", "REFUSALS"]
