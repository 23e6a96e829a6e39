"""What reading one fusion file gives: its calls for the chosen sample, with the format read and the
warnings, whichever reader (a table dialect, a notation file, a line format) read it."""

from __future__ import annotations

from typing import NamedTuple

from ...model import FusionCall, ReportWarning


class FusionReadResult(NamedTuple):
    path: str
    format: str
    dialect: str
    calls: list[FusionCall]
    warnings: list[ReportWarning]
    samples: list[str]
    sample: str | None
    rows: int
