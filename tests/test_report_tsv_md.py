"""The TSV (`--tsv`, one row per alteration, stable columns) and Markdown (`--md`) summaries."""

from __future__ import annotations

import csv
import io
import re

import pytest

from test_report_html import HOSTILE_ID, rich_report

EXPECTED_COLUMNS = [
    "patient_id",
    "sample_id",
    "report_id",
    "report_date",
    "id",
    "category",
    "gene",
    "name",
    "region",
    "kb_entry",
    "transcript",
    "hgvs_g",
    "hgvs_c",
    "hgvs_p",
    "protein_change",
    "consequence",
    "vaf",
    "depth",
    "alt_depth",
    "filters",
    "fusion_junction",
    "fusion_variant",
    "fusion_role",
    "fusion_in_frame",
    "supporting_reads",
    "members",
    "phase",
    "phase_method",
    "copy_number",
    "copy_number_call",
    "ploidy",
    "focal",
    "evidence",
    "subclonal",
    "caveats",
    "conventions",
]


def tsv_rows(text: str) -> list[dict[str, str]]:
    """Read as any standard TSV reader does (double-quote quoting, the default of pandas and R)."""
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def test_tsv_columns_are_stable_and_documented():
    from alkannot.report.tsv import COLUMNS

    from conftest import ROOT

    assert list(COLUMNS) == EXPECTED_COLUMNS  # renaming or reordering a column breaks users' pipelines
    readme = (ROOT / "README.md").read_text()
    for column in COLUMNS:
        assert f"`{column}`" in readme, column


def test_tsv_one_row_per_alteration():
    from alkannot.report.tsv import render_tsv

    report = rich_report()
    text = render_tsv(report)
    lines = text.splitlines()
    assert lines[0].split("\t") == EXPECTED_COLUMNS and text.endswith("\n")
    assert all(line.count("\t") == len(EXPECTED_COLUMNS) - 1 for line in lines)
    rows = tsv_rows(text)
    assert [r["id"] for r in rows] == [a.id for a in report.alterations]
    by_id = {r["id"]: r for r in rows}
    g = by_id["ALK:G1202R"]
    assert (g["hgvs_c"], g["hgvs_p"], g["protein_change"], g["vaf"], g["depth"]) == (
        "c.3604G>A",
        "p.Gly1202Arg",
        "G1202R",
        "0.183",
        "311",
    )
    assert g["evidence"] == "alectinib=resistant:R2;brigatinib=intermediate:R2:unconfirmed;lorlatinib=sensitive:3A"
    assert g["patient_id"] == "P-RICH" and g["fusion_junction"] == ""
    f = by_id["EML4::ALK:E13;A20"]
    assert (
        f["fusion_junction"],
        f["fusion_variant"],
        f["fusion_role"],
        f["fusion_in_frame"],
        f["supporting_reads"],
    ) == ("E13;A20", "v1", "driver", "true", "57")
    c = by_id["ALK:G1202R+L1196M"]
    assert (c["members"], c["phase"], c["phase_method"]) == ("ALK:G1202R,ALK:L1196M", "cis", "vcf_phase_set")
    m = by_id["MET:amp"]
    assert (m["copy_number"], m["copy_number_call"], m["ploidy"], m["focal"]) == ("7.2", "amplification", "2.1", "true")


def test_tsv_escapes_tabs_and_newlines_and_is_deterministic():
    from alkannot.report.tsv import render_tsv

    report = rich_report()
    alts = list(report.alterations)
    alts[0] = alts[0].model_copy(update={"name": "a\tb\nc\\d\re"})
    report = report.model_copy(update={"alterations": alts, "patient_id": HOSTILE_ID})
    text = render_tsv(report)
    assert len(text.splitlines()) == 1 + len(alts)
    row = tsv_rows(text)[0]
    assert row["name"] == "a\\tb\\nc\\d\\re" and row["patient_id"] == HOSTILE_ID
    assert render_tsv(report) == text


def test_tsv_without_alterations_is_the_header():
    from alkannot.model import KnowledgeBaseInfo, Report, ToolInfo
    from alkannot.report.tsv import render_tsv

    report = Report(tool=ToolInfo(version="0.1.0"), knowledgebase=KnowledgeBaseInfo(version="1", sha256="0" * 64))
    assert render_tsv(report) == "\t".join(EXPECTED_COLUMNS) + "\n"


def test_markdown_summary_for_tickets():
    from alkannot.knowledge import load_knowledgebase
    from alkannot.report.markdown import render_markdown
    from alkannot.report.sources import with_sources

    report = rich_report()
    md = render_markdown(with_sources(report, load_knowledgebase()))
    assert md.startswith("# alkannot report: P-RICH / P-RICH-T3\n")
    for heading in (
        "## Summary",
        "## Warnings",
        "## Alterations",
        "## Per-drug calls",
        "## Options the sources support, ranked by evidence",
        "## Treatment history",
        "## Limits of this test",
    ):
        assert f"\n{heading}\n" in md, heading
    assert report.summary in md and f"**{report.disclaimer}**" in md
    # one table row per alteration, one per drug
    alteration_rows = [line for line in md.splitlines() if line.startswith("| **")]
    assert len(alteration_rows) == len(report.alterations)
    assert "| alectinib | R resistant | R2 | ALK p.G1202R |" in md
    assert "| brigatinib | I intermediate | R2 (unconfirmed) |" in md
    assert "1. **MET inhibitor combined with an ALK TKI** (level 3B)" in md
    assert "negative plasma result does not rule out" in md  # plasma specimen
    # numbered citations, linked
    assert "[PMID 29935304](https://pubmed.ncbi.nlm.nih.gov/29935304/)" in md
    assert "(https://doi.org/10.1158/2159-8290.CD-16-1123)" in md
    assert report.knowledgebase.version in md and "`tumour.vcf.gz`" in md


def test_markdown_escapes_input_values():
    from alkannot.report.markdown import render_markdown

    report = rich_report()
    alts = list(report.alterations)
    alts[0] = alts[0].model_copy(update={"name": "x | y *z* [l](http://e)\n# h"})
    report = report.model_copy(update={"patient_id": HOSTILE_ID, "alterations": alts, "summary": None})
    md = render_markdown(report)
    assert not re.search(r"(?<!\\)<", md)  # no '<' that could open an HTML tag
    assert '\\<script>alert("x")\\</script>' in md
    row = next(line for line in md.splitlines() if line.startswith("| **x"))
    assert row.count(" | ") == 6  # the pipe inside the name does not split the table
    assert "x \\| y \\*z\\* \\[l\\](http://e) # h" in row
    assert "No summary was produced." in md
    assert render_markdown(report) == md


def test_markdown_of_an_empty_report():
    from alkannot.model import KnowledgeBaseInfo, Report, ToolInfo
    from alkannot.report.markdown import render_markdown

    report = Report(tool=ToolInfo(version="0.1.0"), knowledgebase=KnowledgeBaseInfo(version="1", sha256="0" * 64))
    md = render_markdown(report)
    assert "No alteration was reported" in md and "No option was ranked" in md and "## Warnings" not in md


def _hostile_report(patient_id: str, name: str):
    report = rich_report()
    alts = list(report.alterations)
    alts[0] = alts[0].model_copy(update={"name": name})
    return report.model_copy(update={"alterations": alts, "patient_id": patient_id})


def test_tsv_reads_back_unchanged_in_pandas():
    """Standard quoting: quotes, backslashes, semicolons and non-ASCII text come back from pandas as written."""
    pandas = pytest.importorskip("pandas")
    from alkannot.report.tsv import render_tsv

    values = ['P "7" \\ x;y', "Ünïcode · ALK::EML4", '"quoted"', "trailing space "]
    for value in values:
        report = _hostile_report(value, value)
        frame = pandas.read_csv(io.StringIO(render_tsv(report)), sep="\t", dtype=str, keep_default_na=False)
        assert list(frame.columns) == EXPECTED_COLUMNS
        assert frame["patient_id"].tolist() == [value] * len(report.alterations)
        assert frame["name"].iloc[0] == value
        assert frame["vaf"].iloc[1] == "0.183" and frame["id"].tolist() == [a.id for a in report.alterations]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"])
def test_tsv_cells_cannot_start_a_spreadsheet_formula(formula):
    from alkannot.report.tsv import render_tsv

    rows = tsv_rows(render_tsv(_hostile_report(formula, formula)))
    for row in rows:
        assert not row["patient_id"].startswith(("=", "+", "-", "@")) and row["patient_id"] == "'" + formula
    assert rows[0]["name"] == "'" + formula
    number = tsv_rows(render_tsv(_hostile_report("-0.42", "-1e3")))[0]
    assert (number["patient_id"], number["name"]) == ("-0.42", "-1e3")  # a number is not a formula


CONTROLS = [
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\u2028",
    "\u2029",
    "\x00",
    "\x1b",
    "\x7f",
    "\u202e",
]


@pytest.mark.parametrize("char", CONTROLS)
def test_tsv_and_markdown_escape_control_and_line_separator_characters(char):
    from alkannot.knowledge import load_knowledgebase
    from alkannot.report.markdown import render_markdown
    from alkannot.report.sources import with_sources
    from alkannot.report.tsv import render_tsv

    value = f"P{char}01"
    report = _hostile_report(value, f"ALK{char}X")
    text = render_tsv(report)
    assert char not in text and len(text.splitlines()) == 1 + len(report.alterations)
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    assert tsv_rows(text)[0]["patient_id"] == f"P{shown}01"
    md = render_markdown(with_sources(report, load_knowledgebase()))
    assert char not in md and f"P\\{shown}01" in md
