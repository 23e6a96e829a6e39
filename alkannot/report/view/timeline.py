"""The treatment timeline's geometry: one bar per course on a time axis of years when every course has
a start date, else one box per course in the order given, without an axis."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import ClinicalContext, Treatment

STOP_LABEL = {
    "progression": "progression",
    "toxicity": "toxicity",
    "other": "other reason",
    "ongoing": "ongoing",
    None: "stop reason not given",
}
STOP_GLYPH = {"progression": "▲", "toxicity": "◆", "other": "●", "ongoing": "→", None: "○"}
LEFT, RIGHT_MARGIN, ROW, TOP = 190, 170, 38, 8  # px: label column, stop-label column, row height, top margin

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def month_index(text: str | None) -> float | None:
    """'2019-05' → months since year 0 (start of the month); '2019-05-16' adds the day's fraction."""
    if not text:
        return None
    m = _DATE.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    if not 1 <= month <= 12:
        return None
    return year * 12 + (month - 1) + (day - 1) / 31


@dataclass
class Bar:
    label: str
    line: int | None
    drug: str
    dates: str
    stop: str | None
    stop_label: str
    stop_glyph: str
    x: float
    y: float
    width: float
    open_end: bool


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    dated: bool
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    axis_y: float
    left: int
    right: int
    row: int


@dataclass
class _Axis:
    """Whole years from the first date's to past the last's (a year more for room to draw a course with
    no end date near it), mapped onto [left, right]."""

    lo: float
    scale: float
    left: int
    right: int
    ticks: list[Tick]


def _axis(starts: list[float], ends: list[float | None], left: int, right: int) -> _Axis:
    known = [v for v in starts + ends if v is not None]
    lo = float(int(min(known) // 12) * 12)
    hi = float((int(max(known) // 12) + 1) * 12)
    open_starts = [s for s, e in zip(starts, ends, strict=True) if e is None or e < s]
    if open_starts and hi - max(open_starts) < 12:  # room to draw a course with no end date
        hi += 12
    span = hi - lo
    years = int(span // 12)
    step = 1 if years <= 10 else 2 if years <= 20 else 5
    scale = (right - left) / span
    ticks = [
        Tick(round(left + (year * 12 - lo) * scale, 1), str(year))
        for year in range(int(lo // 12), int(hi // 12) + 1, step)
    ]
    return _Axis(lo, scale, left, right, ticks)


def _dated_span(start: float, end: float | None, axis: _Axis) -> tuple[float, float, bool]:
    """(x, width, open end) of a course on the axis; a course with no end (or an end before its start)
    runs to the axis' end."""
    open_end = end is None or end < start
    x0 = axis.left + (start - axis.lo) * axis.scale
    x1 = axis.right if end is None or open_end else axis.left + (end - axis.lo) * axis.scale
    return x0, max(x1 - x0, 4.0), open_end


def _dates(t: Treatment) -> str:
    if not (t.start or t.end):
        return ""
    return f"{t.start or '?'} – {t.end or ('ongoing' if t.stop_reason == 'ongoing' else '?')}"


def _bar(t: Treatment, y: float, x0: float, width: float, open_end: bool) -> Bar:
    return Bar(
        label=(f"L{t.line} " if t.line else "") + t.drug,
        line=t.line,
        drug=t.drug,
        dates=_dates(t),
        stop=t.stop_reason,
        stop_label=STOP_LABEL[t.stop_reason],
        stop_glyph=STOP_GLYPH[t.stop_reason],
        x=round(x0, 1),
        y=y,
        width=round(width, 1),
        open_end=open_end,
    )


def timeline(context: ClinicalContext | None, width: int = 1000) -> Timeline | None:
    """Geometry of the treatment timeline: to a time axis when every course has a start date,
    else one box per course in the order given, without an axis."""
    treatments = list(context.treatments) if context else []
    if not treatments:
        return None
    left, right, n = LEFT, width - RIGHT_MARGIN, len(treatments)
    starts = [s for t in treatments if (s := month_index(t.start)) is not None]
    ends = [month_index(t.end) for t in treatments]
    dated = len(starts) == n
    if dated:
        axis = _axis(starts, ends, left, right)
        spans = [_dated_span(s, e, axis) for s, e in zip(starts, ends, strict=True)]
        ticks = axis.ticks
    else:
        slot = (right - left) / n
        spans = [(left + i * slot, slot - 6, t.end is None) for i, t in enumerate(treatments)]
        ticks = []
    bars = [_bar(t, TOP + i * ROW, *span) for i, (t, span) in enumerate(zip(treatments, spans, strict=True))]
    bottom = TOP + n * ROW
    return Timeline(dated, bars, ticks, width, bottom + (30 if dated else 8), bottom + 4, left, right, ROW)
