"""The drug × alteration grid: one row per drug the report calls, one column per alteration that bears
on a drug, each cell that alteration's knowledge-base call for the drug."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Alteration, Evidence, Report, TherapyCall
from .citations import Citations, Source

CALL_GLYPH = {
    "sensitive": "S",
    "intermediate": "I",
    "resistant": "R",
    "unknown": "?",
    "not_applicable": "–",
    "possible_limit": "(R)",
    None: "·",
}
CALL_LABEL = {
    "sensitive": "sensitive",
    "intermediate": "intermediate",
    "resistant": "resistant",
    "unknown": "unknown",
    "not_applicable": "not applicable",
    "possible_limit": "possible limit (subclonal)",
    None: "no entry",
}
# Columns of the grid besides those that carry a drug's evidence or drive a call.
GRID_CATEGORIES = (
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "histologic_transformation",
    "alk_fusion_loss",
)


@dataclass
class Cell:
    call: str | None
    level: str | None = None
    status: str = "established"
    sources: list[Source] = field(default_factory=list)
    drives: bool = False
    note: str | None = None

    @property
    def glyph(self) -> str:
        return CALL_GLYPH.get(self.call, "·")

    @property
    def label(self) -> str:
        return CALL_LABEL.get(self.call, str(self.call))

    @property
    def css(self) -> str:
        return f"call-{self.call or 'none'}".replace("_", "-")


@dataclass
class GridRow:
    drug: str
    cells: list[Cell]
    combined: Cell
    therapy: TherapyCall


@dataclass
class Grid:
    columns: list[Alteration]
    rows: list[GridRow]


def _drug_evidence(alt: Alteration, drug: str) -> Evidence | None:
    return next((e for e in alt.evidence if e.drug == drug), None)


def _cell(alt: Alteration, therapy: TherapyCall, cite: Citations) -> Cell:
    """The alteration's own entry for the drug; without one, the limit it places (a possible limit, or
    the combined call it drives), else no entry."""
    ev = _drug_evidence(alt, therapy.drug)
    drives = alt.id in therapy.driven_by
    if ev is not None:
        return Cell(ev.call, ev.level, ev.status, cite.add(ev.citations), drives, ev.note)
    if alt.id in therapy.possible_limits:
        return Cell("possible_limit", note="subclonal: a possible limit that does not set the call")
    if drives:
        # a finding with no entry of its own for the drug that limits it (a bypass, an uncurated
        # compound): the cell shows the limit it places, which is the combined call
        return Cell(
            therapy.call,
            therapy.level,
            therapy.status,
            drives=True,
            note="the limit this finding places on the drug",
        )
    return Cell(None, drives=drives)


def grid(report: Report, cite: Citations) -> Grid:
    """Rows: the report's therapies; columns: alterations with evidence for a drug, that drive a call,
    or of an on-target/bypass category; a cell is that alteration's knowledge-base call for the drug."""
    driving = {a for t in report.therapies for a in t.driven_by}
    columns = [
        a
        for a in report.alterations
        if a.id in driving or a.category in GRID_CATEGORIES or any(e.drug for e in a.evidence)
    ]
    rows = []
    for therapy in report.therapies:
        cells = [_cell(alt, therapy, cite) for alt in columns]
        combined = Cell(therapy.call, therapy.level, therapy.status, cite.add(therapy.citations))
        rows.append(GridRow(therapy.drug, cells, combined, therapy))
    return Grid(columns, rows)
