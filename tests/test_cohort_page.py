"""The cohort summary page (`DIR/cohort_summary.html`: matplotlib bar charts in the shape of seed
001's Figure 2 and of the calls per drug, self-contained, rendered in headless Chromium), the samples ×
drugs calls table, and the mechanism table counting only samples whose ALK driver is established or assumed."""

from __future__ import annotations

import re

import pytest
from cohort_samples import FIGURE_2, manifest, sample_files
from test_report_html import WINDOW, chromium, console_messages, needs_chromium

from alkannot.cohort import read_manifest, run_cohort

pd = pytest.importorskip("pandas")
pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, alk):
    """Figure 2's 44 samples, and a 45th with KRAS G12C and no ALK driver (a fusion result without one, no clinical ALK positivity)."""
    folder = tmp_path_factory.mktemp("page")
    rows = []
    last = ["alectinib", "brigatinib", "ceritinib", "alectinib"]
    for i, spec in enumerate(FIGURE_2):
        files = sample_files(
            folder / "files", f"S{i:02d}", alk["GRCh38"], treatments=("crizotinib", last[i % 4]), **spec
        )
        rows.append((f"S{i:02d}", f"P{i:02d}", files))
    # a fusion input without an ALK driver and no ALK status stated: the driver is not detected (not assumed)
    cell_line = sample_files(folder / "files", "CELL-LINE", alk["GRCh38"], changes=["KRAS G12C"], fusion="KIF5B-RET")
    cell_line["clinical"].write_text("specimen: tissue\n")
    rows.append(("CELL-LINE", None, cell_line))
    result = run_cohort(read_manifest(manifest(folder / "manifest.tsv", rows)), folder / "out", workers=2)
    assert not result.failed, result.failed
    return folder / "out"


def test_mechanisms_count_only_samples_with_an_alk_driver(cohort):
    table = pd.read_csv(cohort / "cohort_mechanisms.tsv", sep="\t")
    everyone = table[table.grouping == "all"].set_index("mechanism")
    assert everyone.loc["on_target", "samples"] == 44 and everyone.loc["on_target", "count"] == 25
    assert everyone.loc["bypass:KRAS", "count"] == 3  # the cell line's KRAS G12C is not an ALK-TKI bypass
    assert everyone.loc["alk_driver_not_established", "count"] == 1
    assert everyone.loc["alk_driver_not_established", "percent"] == round(100 / 45, 1)


def test_samples_by_drugs_calls_table(cohort):
    calls = pd.read_csv(cohort / "cohort_calls.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(calls.columns[:3]) == ["sample_id", "patient_id", "alk_driver"] and len(calls) == 45
    assert {"alectinib", "lorlatinib", "crizotinib"} <= set(calls.columns)
    by_sample = calls.set_index("sample_id")
    assert by_sample.loc["S00", "alectinib"] == "resistant"  # G1202R
    assert (
        by_sample.loc["CELL-LINE", "alk_driver"] == "not_detected"
        and by_sample.loc["CELL-LINE", "lorlatinib"] == "not_applicable"
    )
    assert set(calls["alectinib"]) <= {"sensitive", "intermediate", "resistant", "unknown", "not_applicable"}


def test_summary_page_is_self_contained_with_both_charts(cohort):
    page = (cohort / "cohort_summary.html").read_text(encoding="utf-8")
    assert (
        page.count("<svg") == 2 and "<script" not in page and not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    )
    mechanisms = page[page.index('id="mechanisms"') : page.index('id="calls"')]
    assert "25/44 (56.8%)" in mechanisms and "12/44 (27.3%)" in mechanisms and "bypass: KRAS" in mechanisms
    assert "ALK driver not established" not in mechanisms  # counted apart, said in the note
    assert "1 sample(s) whose ALK driver is not established" in page
    calls = page[page.index('id="calls"') :]
    assert "lorlatinib" in calls and "resistant" in calls


def test_summary_page_is_deterministic(cohort, tmp_path):
    from alkannot.cohort.page import render_summary_page

    mechanisms = pd.read_csv(cohort / "cohort_mechanisms.tsv", sep="\t")
    calls = pd.read_csv(cohort / "cohort_calls.tsv", sep="\t", dtype=str, keep_default_na=False).replace("", None)
    assert render_summary_page(mechanisms, calls) == render_summary_page(mechanisms, calls)


@needs_chromium
def test_chromium_renders_the_summary_page(cohort, tmp_path):
    png = tmp_path / "cohort.png"
    result = chromium(
        tmp_path, cohort / "cohort_summary.html", f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}"
    )
    assert result.returncode == 0 and png.stat().st_size > 20_000
    assert console_messages(result.stderr) == []
    dom = chromium(tmp_path, cohort / "cohort_summary.html", "--dump-dom")
    assert dom.stdout.count("<svg") == 2 and "25/44 (56.8%)" in dom.stdout
