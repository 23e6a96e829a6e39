"""A Markdown summary for tickets and e-mails: header, summary, alterations, per-drug calls, ranked
options, warnings, limits and the disclaimer, with numbered citations linked to PubMed/DOI.

Every value from the report is escaped for Markdown (`<`, `|`, `*`, `[` … are backslash-escaped,
a leading `#`, `>` or `-` too, line breaks folded), so an input cannot inject markup or break a table.
jinja2 is imported here only."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from ..model import Report
from . import view

TEMPLATE = "report.md.j2"

_ALWAYS = re.compile(r"([\\`*\[\]<|&])")
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


class Raw(str):
    """Markdown the template builds itself (links, code spans): not escaped again."""


def md_escape(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value
    text = " ".join(
        view.visible_controls(str(value), keep=" \t\n\r").split()
    )  # line breaks folded; other controls shown
    text = _ALWAYS.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    return "\\" + text if text.startswith(("#", "+", "-", "=", ">")) else text


def md_url(url: str | None) -> Raw:
    return Raw(quote(url, safe=":/?=&%#;.,~_-") if url else "")


def md_code(value: Any) -> Raw:
    text = " ".join(view.visible_controls(str(value), keep=" \t\n\r").split()).replace("`", "'")
    return Raw(f"`{text}`")


def md_refs(sources: list[view.Source]) -> Raw:
    """'[1, 4]' (the numbers of the reference list below), or ''."""
    return Raw("[" + ", ".join(str(s.number) for s in sources) + "]" if sources else "")


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("alkannot.report", "templates"),
        autoescape=False,  # Markdown, not HTML: `finalize` escapes every value instead
        finalize=md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = md_url
    env.filters["code"] = md_code
    return env


def page(report: Report) -> dict[str, Any]:
    """What the summary shows; citations numbered in the order the summary cites them."""
    cite = view.Citations(report.references)
    therapies = [(t, cite.add(t.citations)) for t in report.therapies]
    recommendations = [(r, cite.add(r.citations)) for r in sorted(report.recommendations, key=lambda r: r.rank)]
    findings = [(f, cite.add(f.citations)) for f in report.clinical_findings]
    names = view.alteration_names(report)

    def alt_names(ids: list[str]) -> Raw:
        return Raw("; ".join(md_escape(names.get(i, i)) for i in ids))

    shorts = view.short_sources(report)
    return {
        "r": report,
        "ctx": report.context,
        "headline": view.headline(report),
        "plain": lambda text: view.plain(text, shorts),
        "alt_names": alt_names,
        "refs": md_refs,
        "categories": view.CATEGORY_LABEL,
        "assessed_labels": view.ASSESSED_LABEL,
        "therapies": therapies,
        "recommendations": recommendations,
        "findings": findings,
        "sources": cite.sources,
        "plasma": bool(report.context and report.context.specimen == "plasma"),
        "call_glyph": view.CALL_GLYPH,
        "call_label": view.CALL_LABEL,
        "stop_label": view.STOP_LABEL,
        "percent": view.percent,
        "number": view.number,
    }


def render_markdown(report: Report) -> str:
    """The summary as text, from the report alone (its references name the sources)."""
    text = environment().get_template(TEMPLATE).render(**page(report))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
