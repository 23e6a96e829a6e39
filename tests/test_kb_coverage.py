"""`alkannot kb show --coverage`: the alterations × drugs grid (call, level, status) and the share of drug
calls backed by a statement from a source that was read, file by file; knowledgebase/README.md reports
the same figures."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

from alkannot.knowledge.coverage import coverage, grid


def test_most_calls_rest_on_a_read_statement(kb):
    rows = {r.file: r for r in coverage(kb)}
    assert {"mutations.yaml", "compounds.yaml", "fusions.yaml", "all"} <= set(rows)
    assert rows["all"].percent >= 80
    assert rows["all"].calls == sum(r.calls for f, r in rows.items() if f != "all")


def test_grid_shows_call_level_and_status(kb):
    drugs, rows = grid(kb)
    by = {name: dict(zip(drugs, cells, strict=False)) for name, cells in rows}
    assert by["G1202R"]["brigatinib"] == "R R2"
    assert by["G1202R"]["crizotinib"] == "R preclinical"
    assert by["I1171N"]["brigatinib"] == "S 4 ?"  # unconfirmed
    assert by["L1198F"]["lorlatinib"] == "-"  # no source read for L1198F alone
    assert any(name.startswith("G1202del (no per-drug profile") for name in by)


def test_cli_prints_the_grid_and_the_figures():
    shown = run_cli("kb", "show", "--coverage")
    assert shown.exit_code == 0
    assert "G1202R" in shown.stdout and "Drug calls backed by a statement from a source that was read" in shown.stdout
    assert run_cli("kb", "show").exit_code == 2  # neither a query nor --coverage


def test_readme_reports_the_current_figures(kb):
    text = (
        (ROOT / "knowledgebase" / "README.md")
        .read_text()
        .split("## How much rests on sources", 1)[1]
        .split("\n## ", 1)[0]
    )
    for row in coverage(kb):
        name = "all" if row.file == "all" else row.file
        line = next(x for x in text.splitlines() if x.startswith((f"| `{name}`", f"| {name} |")))
        numbers = [int(n) for n in re.findall(r"\b\d+\b", line.split("|", 2)[2])]
        assert numbers[:4] == [row.calls, row.backed, round(row.percent), row.established], (name, line)
