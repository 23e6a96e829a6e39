"""The HTML report: one self-contained page (inline CSS and SVG, no script, no fetch), printable on A4.

jinja2 is imported here only, so `import alkannot` and a JSON-only run never load it. Autoescape is
on for every template: a value read from an input (a patient id such as `<script>…`) shows as text."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..model import Report
from . import view

TEMPLATE = "report.html.j2"


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("alkannot.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(report: Report) -> str:
    """The page as text, from the report alone: the references it carries give each citation its
    title and its PMID and DOI links together, and its level definitions define the levels used."""
    return environment().get_template(TEMPLATE).render(**view.page(report))
