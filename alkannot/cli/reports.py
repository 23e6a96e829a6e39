"""`alkannot render` (a saved report's other forms) and `alkannot compare` (two reports of one patient)."""

from __future__ import annotations

import click

from .app import cli, loaded
from .writing import render_outputs


RENDER_FORMATS = ("--html", "--md", "--tsv", "--pdf", "--fhir")


@cli.command()
@click.argument("report_path", metavar="REPORT.json", type=click.Path(dir_okay=False))
@click.option("--html", "html", help="Write the HTML report, or - for standard output.")
@click.option("--md", "md", help="Write the Markdown summary, or - for standard output.")
@click.option("--tsv", "tsv", help="Write one tab-separated row per alteration, or - for standard output.")
@click.option("--pdf", "pdf", help="Write the page as a PDF, or - for standard output.")
@click.option("--fhir", "fhir", help="Write the HL7 FHIR R4 Bundle, or - for standard output.")
def render(
    *, report_path: str, html: str | None, md: str | None, tsv: str | None, pdf: str | None, fhir: str | None
) -> None:
    """Write the HTML, Markdown, TSV, PDF or FHIR form of a saved JSON report: the same bytes
    `annotate` wrote for it, without the inputs or the knowledge base (the report carries the sources
    it cites). The JSON is checked against the report schema first."""
    from ..comparison import load_report
    from ..errors import UsageError
    from ..outputs import check_outputs, write_outputs

    given = dict(zip(RENDER_FORMATS, (html, md, tsv, pdf, fhir), strict=True))
    destinations = {option: path for option, path in given.items() if path}
    if not destinations:
        raise UsageError("nothing to render: give --html, --md, --tsv, --pdf and/or --fhir")
    check_outputs(destinations, [report_path])
    report = load_report(report_path, schema=True)
    loaded()
    write_outputs(render_outputs(report, destinations))


@cli.command()
@click.argument("baseline", type=click.Path(dir_okay=False))
@click.argument("progression", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="Comparison JSON path, or - for standard output.")
def compare(baseline: str, progression: str, output: str) -> None:
    """Compare a baseline and a progression report of one patient: acquired, persistent and lost alterations."""
    from ..comparison import compare as run, dumps
    from ..outputs import check_outputs, write_atomic

    check_outputs({"-o": output}, [baseline, progression])
    write_atomic(output, dumps(run(baseline, progression)))
