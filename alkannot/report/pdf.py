"""The PDF report (`--pdf F`): the HTML page typeset by WeasyPrint, which implements CSS paged media
(A4, the running header and footer with patient, sample, report id, date and "Page x of y" in
@page margin boxes). The same CSS prints that header and footer from Chromium 131 and later.

WeasyPrint is a dependency installed by pip; it needs the Pango text library of the system, which
Debian and most Linux images ship. Imported here only, so no other run loads it."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..model import Report
from .html import render_html

INSTALL_HINT = (
    "--pdf needs WeasyPrint and the Pango library: pip install weasyprint (and, if it is missing, the system "
    "package libpango-1.0-0)"
)


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError):  # not installed, or installed without the system's Pango
        raise UsageError(INSTALL_HINT) from None
    return weasyprint


def render_pdf(report: Report) -> bytes:
    """The page as PDF bytes. Same report → same pages (WeasyPrint's own metadata carries no clock
    here: the creation date is the report's date, or none)."""
    weasyprint = _weasyprint()
    html = render_html(report)
    document = weasyprint.HTML(string=html, base_url=None).render()
    metadata = document.metadata
    metadata.title = f"alkannot report {report.report_id or ''}".strip()
    metadata.created = metadata.modified = report.report_date or None
    return document.write_pdf()
