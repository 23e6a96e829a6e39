"""`alkannot schema` (the JSON Schemas) and `alkannot kb validate|diff|show` (the knowledge base)."""

from __future__ import annotations

import json

import click

from .app import cli


@cli.command()
@click.argument("which", type=click.Choice(["report", "kb", "clinical"]), default="report")
def schema(which: str) -> None:
    """Print the JSON Schema of the report, of the knowledge base or of the clinical context file."""
    if which == "report":
        from ..report.json_writer import report_schema

        data = report_schema()
    elif which == "clinical":
        from ..readers.clinical import clinical_schema

        data = clinical_schema()
    else:
        from ..knowledge.schema import kb_json_schema

        data = kb_json_schema()
    from ..outputs import write_stdout

    write_stdout((json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"), "schema")


@cli.group()
def kb() -> None:
    """Check and inspect the knowledge base."""


@kb.command("validate")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def kb_validate(path: str | None) -> None:
    """Validate a knowledge base (default: the packaged one); lists every problem."""
    from ..errors import KnowledgeBaseError
    from ..knowledge.loading import default_kb_path, validate_knowledgebase

    root = path or str(default_kb_path())
    loaded, problems = validate_knowledgebase(root)
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise KnowledgeBaseError(root, problems)
    assert loaded is not None
    from ..knowledge.coverage import coverage

    f = loaded.files
    total = coverage(loaded)[-1]
    click.echo(
        f"{root}: valid — version {loaded.version} ({loaded.release_date}), {len(f.drugs)} drugs, "
        f"{len(f.mutations)} mutation entries, {sum(len(m.calls) for m in f.mutations)} drug calls, "
        f"{len(f.resistance_without_profile)} resistance mutations without a per-drug profile, "
        f"{len(f.compounds.entries)} compound entries, "
        f"{len(f.references)} references; {total.backed} of {total.calls} drug calls backed by a statement from a "
        f"source that was read; sha256 {loaded.sha256}"
    )


@kb.command("diff")
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False))
def kb_diff(old: str, new: str) -> None:
    """List what changed between two knowledge bases, call by call, and the version bump it needs.

    Exit 2 when NEW's version bump is smaller than its changes need (a changed or removed call is major)."""
    from ..errors import UsageError
    from ..knowledge.diff import diff
    from ..knowledge.loading import load_knowledgebase

    # OLD may be a release from before the current curation rules (e.g. 1.4.0, kept in
    # tests/data/kb-1.4.0): it is read with the structural checks only; NEW must pass them all
    result = diff(load_knowledgebase(old, curation=False), load_knowledgebase(new))
    for line in result.lines:
        click.echo(line)
    click.echo(
        f"{old} {result.old} → {new} {result.new}: {len(result.lines)} change(s); needs a {result.needed} bump, "
        f"the versions show {result.given}"
    )
    if not result.enough:
        raise UsageError(
            f"{new}: version {result.new} is a {result.given} bump from {result.old}, but its changes need a "
            f"{result.needed} bump"
        )


@kb.command("show")
@click.argument("query", required=False)
@click.option(
    "--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one)."
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Print the alterations × drugs grid (call, level, status) and the share of calls backed by a read source.",
)
def kb_show(query: str | None, kb_path: str | None, coverage: bool) -> None:
    """Print the entries matching QUERY (a protein change such as G1202R, a drug or alias, a reference key),
    or with --coverage the grid of every call and how many rest on a source that was read."""
    from ..errors import UsageError
    from ..knowledge.loading import load_knowledgebase

    if coverage == (query is not None):
        raise UsageError("kb show takes a QUERY or --coverage (one of the two)")
    loaded = load_knowledgebase(kb_path)
    if coverage:
        from ..knowledge.coverage import render

        click.echo(render(loaded))
        return
    assert query is not None
    hits = loaded.find(query)
    if not hits:
        raise UsageError(f"no knowledge-base entry matches {query!r}")
    import yaml

    click.echo(yaml.safe_dump(hits, sort_keys=False, allow_unicode=True).rstrip())
