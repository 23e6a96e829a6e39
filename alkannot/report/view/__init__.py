"""What the HTML and Markdown writers show, prepared from a `Report`: labels, citation links, the
drug × alteration grid and the treatment timeline's geometry.

Formatting only: every value comes from the report, which carries the sources it cites and the
level definitions it uses (`report/sources.py`); nothing here judges the patient or composes a
clinical statement. One module per part of the page:

- `text.py`: how a value is written (percentages, numbers, visible control characters, CSS strings);
- `citations.py`: the numbered reference list and its links;
- `grid.py`: the drug × alteration grid;
- `timeline.py`: the treatment timeline;
- `headline.py`: the three lines at the top;
- here: the page the templates receive, and the texts worded with the sources' short names."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...model import Report
from ..sources import KEY_NAME, SEED_NAME, citation_text, short_source
from .citations import Citations, Source, citation_url
from .grid import CALL_GLYPH, CALL_LABEL, GRID_CATEGORIES, Cell, Grid, GridRow, grid
from .headline import Headline, headline
from .text import css_string, number, percent, visible_controls
from .timeline import STOP_GLYPH, STOP_LABEL, Bar, Tick, Timeline, month_index, timeline

__all__ = [  # the names the writers, the cohort tables and the tests use from here
    "CALL_GLYPH",
    "CALL_LABEL",
    "GRID_CATEGORIES",
    "STOP_GLYPH",
    "STOP_LABEL",
    "Bar",
    "Cell",
    "Citations",
    "Grid",
    "GridRow",
    "Headline",
    "Source",
    "Tick",
    "Timeline",
    "citation_text",  # where the page's short names of sources are made
    "citation_url",
    "css_string",
    "grid",
    "headline",
    "month_index",
    "number",
    "page",
    "percent",
    "plain",
    "short_source",
    "short_sources",
    "timeline",
    "visible_controls",
]

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


def alteration_names(report: Report) -> dict[str, str]:
    names = {a.id: a.name for a in report.alterations}
    names.update({f.code: f.label for f in report.clinical_findings})
    return names


def unnamed_in(names: dict[str, str]) -> Callable[[list[str], str | None], list[str]]:
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


# ---------------------------------------------------------------- print header and footer


def running_texts(report: Report) -> dict[str, str]:
    """The print header's and footer's texts, as CSS string literals for @page margin boxes."""
    who = f"Patient {report.patient_id or '—'} · Sample {report.sample_id or '—'}"
    when = f"Report {report.report_id or ''}" + (f" · {report.report_date}" if report.report_date else "")
    return {"who": css_string(who), "when": css_string(when)}
