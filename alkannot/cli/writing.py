"""What the commands that write reports share: the outputs rendered, the folders no output may go
into, and the warnings said on standard error."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import as_flags


def print_warnings(warnings: list[Any]) -> None:
    """The report's warnings on standard error, one line each: an assumed build or a set-aside record
    is said where the user looks, not only inside the JSON."""
    for warning in warnings:
        click.echo(f"alkannot: warning: {as_flags(' '.join(warning.message.split()))}", err=True)


def kb_folders(kb_path: str | None) -> list[tuple[str | None, str]]:
    """The knowledge-base folders no output may be written into: the one given and the packaged one."""
    from ..errors import KnowledgeBaseError
    from ..knowledge.loading import default_kb_path

    try:
        packaged: str | None = str(default_kb_path())
    except KnowledgeBaseError:
        packaged = None
    return [(kb_path, "the knowledge-base folder"), (packaged, "the packaged knowledge-base folder")]


def defaulted(parameter: str) -> bool:
    """Whether the user left a parameter of the running command at its default."""
    ctx = click.get_current_context()
    return ctx.get_parameter_source(parameter) in (click.core.ParameterSource.DEFAULT, None)


def render_outputs(report: Any, destinations: dict[str, str]) -> list[tuple[str, str | bytes]]:
    """Each requested output (option → path) as text or bytes, from the report alone; the JSON (`-o`)
    validated against the schema. A writer formats; it decides nothing."""
    rendered: list[tuple[str, str | bytes]] = []
    if "-o" in destinations:
        from ..report.json_writer import dumps, validate

        text = dumps(report)
        validate(json.loads(text))
        rendered.append((destinations["-o"], text))
    if "--html" in destinations:
        from ..report.html import render_html

        rendered.append((destinations["--html"], render_html(report)))
    if "--tsv" in destinations:
        from ..report.tsv import render_tsv

        rendered.append((destinations["--tsv"], render_tsv(report)))
    if "--md" in destinations:
        from ..report.markdown import render_markdown

        rendered.append((destinations["--md"], render_markdown(report)))
    if "--fhir" in destinations:
        from ..report.fhir import render_fhir

        rendered.append((destinations["--fhir"], render_fhir(report)))
    if "--pdf" in destinations:
        from ..report.pdf import render_pdf

        rendered.append((destinations["--pdf"], render_pdf(report)))
    return rendered
