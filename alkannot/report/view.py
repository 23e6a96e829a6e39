"""What the HTML and Markdown writers show, prepared from a `Report`: labels, citation links, the
drug × alteration grid and the treatment timeline's geometry.

Formatting only: every value comes from the report, which carries the sources it cites and the
level definitions it uses (`report/sources.py`); nothing here judges the patient or composes a
clinical statement."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..model import Alteration, ClinicalContext, Evidence, Reference, Report, TherapyCall
from .sources import KEY_NAME, SEED_NAME, citation_text, short_source
from .sources import identifiers as reference_ids

__all__ = ["citation_text", "short_source"]  # where the page's short names of sources are made

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
CATEGORY_LABEL = {
    "alk_fusion": "ALK fusion",
    "alk_kinase_domain_mutation": "ALK kinase-domain mutation",
    "alk_compound_mutation": "ALK compound mutation",
    "bypass": "bypass",
    "co_alteration": "co-alteration",
    "histologic_transformation": "histologic transformation",
    "alk_fusion_loss": "ALK fusion loss",
    "vus": "variant of uncertain significance",
}
ASSESSED_LABEL = {
    "alk_kinase_domain_mutation": "ALK kinase-domain mutations",
    "alk_fusion": "ALK fusions",
    "bypass_small_variant": "bypass small variants",
    "copy_number": "copy number",
    "histology": "histology",
}
# Columns of the grid besides those that carry a drug's evidence or drive a call.
GRID_CATEGORIES = (
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "histologic_transformation",
    "alk_fusion_loss",
)
STOP_LABEL = {
    "progression": "progression",
    "toxicity": "toxicity",
    "other": "other reason",
    "ongoing": "ongoing",
    None: "stop reason not given",
}
STOP_GLYPH = {"progression": "▲", "toxicity": "◆", "other": "●", "ongoing": "→", None: "○"}


# C0 controls, DEL, C1 controls, line and paragraph separators, bidirectional embeddings/overrides/isolates
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_CONTROLS = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _NAMED_CONTROLS.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def visible_controls(text: str, keep: str = "") -> str:
    """Every control or line-separator character as visible text ('\\t', '\\x0b', '\\u2028'): for
    line-oriented outputs (TSV, Markdown), where such a character would break a row or a line."""
    return CONTROL_CHARACTERS.sub(lambda m: m.group(0) if m.group(0) in keep else _visible(m), text)


def percent(value: float | None, digits: int = 1) -> str:
    """0.197 → '19.7%'; None → ''."""
    if value is None:
        return ""
    text = f"{value * 100:.{digits}f}"
    while value and float(text) == 0 and digits < 4:  # 0.3% is not "0%"
        digits += 1
        text = f"{value * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- citations


def citation_url(identifier: str) -> str | None:
    """'PMID:123' → PubMed, 'DOI:10.x/y' → doi.org, 'PMCID:PMC1' → PMC; anything else → None."""
    kind, _, value = identifier.partition(":")
    value = value.strip()
    kind = kind.strip().upper()
    if not value:
        return None
    if kind == "PMID" and value.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    if kind == "DOI" and value.startswith("10."):
        return "https://doi.org/" + quote(value, safe="/:;()._-")
    if kind == "PMCID" and re.fullmatch(r"(PMC)?\d+", value):
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{value if value.startswith('PMC') else 'PMC' + value}/"
    return None


@dataclass
class Source:
    """One numbered entry of the reference list: a reference the report carries, or a lone identifier."""

    number: int
    text: str
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (label, url or None)

    @property
    def url(self) -> str | None:
        return next((u for _, u in self.links if u), None)


class Citations:
    """Numbers the report's citations in document order, merging the identifiers of one reference (its
    PMID and DOI) into one entry when the report carries that reference."""

    def __init__(self, references: list[Reference] | None = None) -> None:
        self._by_id: dict[str, tuple[str, Reference]] = {}
        for ref in sorted(references or [], key=lambda r: r.key):
            for ident in reference_ids(ref):
                self._by_id.setdefault(ident.upper(), (ref.key, ref))
            self._by_id.setdefault(ref.key.upper(), (ref.key, ref))
        self._number: dict[str, int] = {}
        self.sources: list[Source] = []

    def add(self, identifiers: list[str]) -> list[Source]:
        """Register identifiers; return their entries, each once, in the order given."""
        out: list[Source] = []
        for ident in identifiers:
            hit = self._by_id.get(ident.upper())
            group = f"ref:{hit[0]}" if hit else f"id:{ident}"
            if group not in self._number:
                self._number[group] = len(self.sources) + 1
                if hit:
                    ref = hit[1]
                    links = [(i.replace(":", " ", 1), citation_url(i)) for i in reference_ids(ref)]
                    if ref.url and not any(u for _, u in links):
                        links.append(("link", ref.url))
                    text = ref.citation
                else:
                    links = [(ident.replace(":", " ", 1), citation_url(ident))]
                    text = ""  # the report carries no reference for it: the identifier alone
                self.sources.append(Source(self._number[group], text, links))
            source = self.sources[self._number[group] - 1]
            if source not in out:
                out.append(source)
        return sorted(out, key=lambda s: s.number)


# ---------------------------------------------------------------- grid


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
        cells = []
        for alt in columns:
            ev = _drug_evidence(alt, therapy.drug)
            drives = alt.id in therapy.driven_by
            if ev is None and alt.id in therapy.possible_limits:
                cells.append(Cell("possible_limit", note="subclonal: a possible limit that does not set the call"))
            elif ev is None and drives:
                # a finding with no entry of its own for the drug that limits it (a bypass, an uncurated
                # compound): the cell shows the limit it places, which is the combined call
                cells.append(
                    Cell(
                        therapy.call,
                        therapy.level,
                        therapy.status,
                        drives=True,
                        note="the limit this finding places on the drug",
                    )
                )
            elif ev is None:
                cells.append(Cell(None, drives=drives))
            else:
                cells.append(Cell(ev.call, ev.level, ev.status, cite.add(ev.citations), drives, ev.note))
        combined = Cell(therapy.call, therapy.level, therapy.status, cite.add(therapy.citations))
        rows.append(GridRow(therapy.drug, cells, combined, therapy))
    return Grid(columns, rows)


# ---------------------------------------------------------------- timeline

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


def timeline(context: ClinicalContext | None, width: int = 1000) -> Timeline | None:
    """Geometry of the treatment timeline: to a time axis when every course has a start date,
    else one box per course in the order given, without an axis."""
    treatments = list(context.treatments) if context else []
    if not treatments:
        return None
    left, right, row, top = 190, width - 170, 38, 8
    starts = [month_index(t.start) for t in treatments]
    ends = [month_index(t.end) for t in treatments]
    dated = all(s is not None for s in starts)
    bars: list[Bar] = []
    ticks: list[Tick] = []
    if dated:
        known = [v for v in starts + ends if v is not None]
        lo = float(int(min(known) // 12) * 12)
        hi = float((int(max(known) // 12) + 1) * 12)
        open_starts = [s for s, e in zip(starts, ends) if e is None or e < s]  # type: ignore[operator]
        if open_starts and hi - max(open_starts) < 12:  # room to draw a course with no end date
            hi += 12
        span = hi - lo
        years = int(span // 12)
        step = 1 if years <= 10 else 2 if years <= 20 else 5
        scale = (right - left) / span
        for year in range(int(lo // 12), int(hi // 12) + 1, step):
            ticks.append(Tick(left + (year * 12 - lo) * scale, str(year)))
    for i, t in enumerate(treatments):
        y = top + i * row
        label = (f"L{t.line} " if t.line else "") + t.drug
        dates = (
            ""
            if not (t.start or t.end)
            else f"{t.start or '?'} – {t.end or ('ongoing' if t.stop_reason == 'ongoing' else '?')}"
        )
        if dated:
            s = starts[i]
            e = ends[i]
            open_end = e is None or e < s  # type: ignore[operator]
            x0 = left + (s - lo) * scale  # type: ignore[operator]
            x1 = right if open_end else left + (e - lo) * scale  # type: ignore[operator]
            w = max(x1 - x0, 4.0)
        else:
            slot = (right - left) / len(treatments)
            x0, w, open_end = left + i * slot, slot - 6, t.end is None
        bars.append(
            Bar(
                label,
                t.line,
                t.drug,
                dates,
                t.stop_reason,
                STOP_LABEL[t.stop_reason],
                STOP_GLYPH[t.stop_reason],
                round(x0, 1),
                y,
                round(w, 1),
                open_end,
            )
        )
    height = top + len(treatments) * row + (30 if dated else 8)
    return Timeline(
        dated,
        bars,
        [Tick(round(t.x, 1), t.label) for t in ticks],
        width,
        height,
        top + len(treatments) * row + 4,
        left,
        right,
        row,
    )


# ---------------------------------------------------------------- the whole page


def alteration_names(report: Report) -> dict[str, str]:
    names = {a.id: a.name for a in report.alterations}
    names.update({f.code: f.label for f in report.clinical_findings})
    return names


def unnamed_in(names: dict[str, str]):
    """ids whose name a text does not already give, so a line does not repeat what the text just said."""

    def unnamed(ids: list[str], text: str | None) -> list[str]:
        return [i for i in ids if names.get(i, i) not in (text or "")]

    return unnamed


def evidence_levels(report: Report) -> list[tuple[str, str]]:
    """Definitions of the levels the report uses, in the knowledge base's order."""
    return [(lv.level, lv.definition) for lv in report.level_definitions]


def region_labels(report: Report) -> dict[str, str]:
    """Kinase-domain region id → the knowledge base's label ('r_spine' → 'regulatory spine (R-spine)')."""
    return {r.id: r.label for r in report.region_definitions}


def page(report: Report) -> dict[str, Any]:
    """Everything the templates need. Citations are numbered in the order the page shows them."""
    cite = Citations(report.references)
    names = alteration_names(report)
    notes = [(alt, ev, cite.add(ev.citations)) for alt in report.alterations for ev in alt.evidence if not ev.drug]
    the_grid = grid(report, cite)
    recommendations = [(rec, cite.add(rec.citations)) for rec in sorted(report.recommendations, key=lambda r: r.rank)]
    findings = [(f, cite.add(f.citations)) for f in report.clinical_findings]
    ctx = report.context
    shorts = short_sources(report)
    return {
        "r": report,
        "ctx": ctx,
        "headline": headline(report),
        "plain": lambda text: plain(text, shorts),
        "running": running_texts(report),
        "names": names,
        "unnamed": unnamed_in(names),
        "categories": CATEGORY_LABEL,
        "assessed_labels": ASSESSED_LABEL,
        "regions": region_labels(report),
        "notes": notes,
        "grid": the_grid,
        "recommendations": recommendations,
        "findings": findings,
        "sources": cite.sources,
        "timeline": timeline(ctx),
        "levels": evidence_levels(report),
        "plasma": bool(ctx and ctx.specimen == "plasma"),
        "call_glyph": CALL_GLYPH,
        "call_label": CALL_LABEL,
        "stop_label": STOP_LABEL,
        "stop_glyph": STOP_GLYPH,
        "percent": percent,
        "number": number,
    }


# ---------------------------------------------------------------- sources as a reader knows them


def short_sources(report: Report) -> dict[str, str]:
    """Reference key → its short name ('LIN17' → 'Lin et al., Cancer Discov 2017'), for rewriting KB text."""
    return {ref.key.upper(): ref.label for ref in report.references}


def plain(text: str | None, shorts: dict[str, str]) -> str:
    """Knowledge-base and interpreter text with internal names replaced by the sources' short names:
    'seed 001' and 'SEED001' → 'Wu et al., J Transl Med 2024', 'LIN17' → 'Lin et al., Cancer Discov 2017'.
    Words that are not a reference key (ALK, TKI, EML4) are left as they are."""
    if not text:
        return ""

    def seed(m: re.Match[str]) -> str:
        return shorts.get(f"SEED{m.group(1)}", "a published cohort")

    out = SEED_NAME.sub(seed, text)
    return KEY_NAME.sub(lambda m: shorts.get(m.group(0), m.group(0)), out)


# ---------------------------------------------------------------- headline


@dataclass
class Headline:
    """The three lines at the top of the page: what was found, what it means for the ALK TKIs, the first options."""

    found: str
    meaning: str
    options: str


HEADLINE_CATEGORIES = (
    "alk_fusion",
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "histologic_transformation",
    "alk_fusion_loss",
)
HEADLINE_CALLS = (
    ("sensitive", "sensitive"),
    ("intermediate", "intermediate"),
    ("resistant", "resistant"),
    ("unknown", "no evidence"),
)
MAX_HEADLINE_ITEMS = 4


def _listed(items: list[str], limit: int = MAX_HEADLINE_ITEMS) -> str:
    shown = items[:limit]
    return ", ".join(shown) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def headline(report: Report) -> Headline:
    """Formatting of what the report already holds (alteration names, per-drug calls, ranked options):
    it composes no clinical statement of its own."""
    members = {m for a in report.alterations for m in (a.members or [])}
    found = [
        a.name
        for a in report.alterations
        if a.category in HEADLINE_CATEGORIES
        and a.id not in members
        and not (a.fusion and a.fusion.role in ("reciprocal",))
    ]
    if not found:
        found = [a.name for a in report.alterations if a.category != "vus"]
    found_line = _listed(found) if found else "No alteration was reported from the inputs read."
    tkis = [t for t in report.therapies if t.drug_kind in (None, "alk_tki")]
    parts = []
    for call, label in HEADLINE_CALLS:
        drugs = [t.drug for t in tkis if t.call == call]
        if drugs:
            parts.append(f"{label}: {', '.join(drugs)}")
    meaning = "; ".join(parts) if parts else "No per-drug call was made."
    ranked = sorted(report.recommendations, key=lambda r: r.rank)[:2]
    options = (
        "; ".join(f"{r.rank}. {r.option}" + (f" (level {r.level})" if r.level else "") for r in ranked)
        if ranked
        else "No option was ranked for this report."
    )
    return Headline(found_line, meaning, options)


# ---------------------------------------------------------------- print header and footer


def css_string(value: str | None) -> str:
    """A CSS string literal of any text: every character but letters, digits, space and a few marks
    written as a hex escape, so that a patient id cannot end the string, the rule or the style element."""
    out = []
    for ch in value or "":
        if ch.isascii() and (ch.isalnum() or ch in " .-_/:"):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")  # the space ends the escape (and is consumed by it)
    return '"' + "".join(out) + '"'


def running_texts(report: Report) -> dict[str, str]:
    """The print header's and footer's texts, as CSS string literals for @page margin boxes."""
    who = f"Patient {report.patient_id or '—'} · Sample {report.sample_id or '—'}"
    when = f"Report {report.report_id or ''}" + (f" · {report.report_date}" if report.report_date else "")
    return {"who": css_string(who), "when": css_string(when)}
