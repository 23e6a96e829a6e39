"""The page as a tumour board files it: the headline block, the report date and identifier, the
running header and footer when printed (Chromium and WeasyPrint), sources named as a reader knows
them, and the PDF (`--pdf`). Rendered for real: headless Chromium screenshots and PDFs (skipped when
/usr/bin/chromium is absent), WeasyPrint, and the PDFs rasterised by pdftoppm and read by pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli
from test_report_html import (
    WINDOW,
    annotated_example,
    chromium,
    console_messages,
    needs_chromium,
    parse,
    render,
    rich_report,
    squash,
)

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm is absent (Debian package 'poppler-utils'; .ci/run installs it as root)"
)
HEADLINE_BG = (0xEE, 0xF5, 0xFB)  # dl.headline's background in report.css


def dated(report, day="2026-12-03"):
    from alkannot.report.identity import identify

    return identify(report, day)


# ---------------------------------------------------------------- the headline and identity in the HTML


def test_headline_says_what_was_found_what_it_means_and_the_first_options():
    report = dated(rich_report())
    dom = parse(render(report))
    block = dom.find("dl", cls="headline")
    found, meaning, options = (squash(block.find("dd", cls=c).text()) for c in ("found", "meaning", "options"))
    assert "ALK p.G1202R + p.L1196M (cis)" in found and "MET amplification (CN 7.2)" in found
    assert "ALK p.G1202R" not in found.replace("ALK p.G1202R + p.L1196M", "")  # members are told through their compound
    assert (
        "resistant: alectinib, lorlatinib" in meaning
        and "intermediate: brigatinib" in meaning
        and "no evidence: ensartinib" in meaning
    )
    assert options.startswith("1. MET inhibitor combined with an ALK TKI (level 3B); 2. Clinical trial")
    assert all(len(line) < 160 for line in (found, meaning, options))  # three short lines, not a 90-word sentence
    ids = [n.attrs.get("id") for n in dom.iter() if n.attrs.get("id") in ("headline", "summary")]
    assert ids == ["headline", "summary"]  # the headline comes first


def test_report_date_and_id_are_on_the_page_markdown_and_tsv():
    from alkannot.knowledge import load_knowledgebase
    from alkannot.report.markdown import render_markdown
    from alkannot.report.sources import with_sources
    from alkannot.report.tsv import render_tsv

    report = dated(rich_report())
    assert re.fullmatch(r"ALK(-[0-9A-F]{4}){4}", report.report_id)
    header = squash(parse(render(report)).find("table", id="patient").text())
    assert "2026-12-03" in header and report.report_id in header
    md = render_markdown(with_sources(report, load_knowledgebase()))
    assert "**Report date** 2026-12-03" in md and report.report_id in md and "- **Found:**" in md
    row = render_tsv(report).splitlines()[1].split("\t")
    assert row[2:4] == [report.report_id, "2026-12-03"]
    assert dated(rich_report()).report_id == report.report_id != dated(rich_report(), "2026-12-04").report_id


INTERNAL = re.compile(
    r"\bseed[ -]?\d{3}\b|\bSEED\d{3}\b|\bKB: |\brule [a-z_]+\b|\b(?:LIN17|GAINOR16|LINJTO18|DAGOGO20)\b|not retrieved",
    re.IGNORECASE,
)


def test_the_page_names_sources_as_a_reader_knows_them(tmp_path):
    """No seed numbers, KB entry ids, rule ids, warning codes or curators' notes on the page; they stay in the JSON."""
    report = dated(annotated_example(tmp_path))
    page = render(report)
    visible = squash(parse(page).find("body").text())
    assert not INTERNAL.search(visible), INTERNAL.search(visible)
    for w in report.warnings:
        assert w.code not in visible
    refs = squash(parse(page).find("ol", cls="references").text())
    assert re.search(r"\b(19|20)\d\d\b", refs) and ("PMID" in refs or "DOI" in refs)
    from alkannot.report.json_writer import dumps

    assert any(a.kb_entry for a in report.alterations) and '"kb_entry"' in dumps(report)  # ids kept for machines


def test_short_source_names_give_first_author_journal_and_year():
    from alkannot.report.view import plain, short_source

    assert (
        short_source(
            "Lin JJ, Riely GJ, Shaw AT. Targeting ALK: precision medicine takes on drug resistance. "
            "Cancer Discov 2017;7(2):137-55.",
            "x",
        )
        == "Lin et al., Cancer Discov 2017"
    )
    assert (
        short_source(
            "Immunotherapy after ALK-TKI resistance (retrospective). Transl Lung Cancer Res 2025;14(6):2197-2209.", "x"
        )
        == "Transl Lung Cancer Res 2025"
    )
    assert short_source("", "PMID 1") == "PMID 1"
    shorts = {"SEED001": "Wu et al., J Transl Med 2024", "LIN17": "Lin et al., Cancer Discov 2017"}
    assert (
        plain("found after a 2nd-generation TKI (seed 001); LIN17 Table 2; ALK TKI", shorts)
        == "found after a 2nd-generation TKI (Wu et al., J Transl Med 2024); Lin et al., Cancer Discov 2017 Table 2; ALK TKI"
    )


def test_running_header_cannot_be_broken_out_of_by_a_patient_id():
    from alkannot.report.view import css_string

    hostile = 'P"; } body { display: none } </style><script>x</script>'
    text = css_string(hostile)
    assert text.startswith('"') and text.endswith('"') and '"' not in text[1:-1] and "<" not in text and "}" not in text
    page = render(dated(rich_report().model_copy(update={"patient_id": hostile})))
    assert page.count("</style>") == 1


# ---------------------------------------------------------------- printed in Chromium: screenshots checked


def _pdf_text(pdf: Path) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages]


def _pages_as_png(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run([PDFTOPPM, "-r", "60", "-png", str(pdf), str(folder / "page")], check=True, timeout=120)
    return sorted(folder.glob("page-*.png"))


def _dark_rows(png: Path, top: float, bottom: float) -> int:
    """Pixel rows with ink (any pixel darker than light grey) between the fractions top..bottom of the height."""
    image = pytest.importorskip("PIL.Image").open(png).convert("L")
    w, h = image.size
    rows = 0
    for y in range(int(h * top), int(h * bottom)):
        if min(image.getpixel((x, y)) for x in range(0, w, 2)) < 160:
            rows += 1
    return rows


def _check_running_header_and_footer(pdf: Path, report, folder: Path) -> None:
    texts = _pdf_text(pdf)
    n = len(texts)
    assert n >= 2
    for i, text in enumerate(texts, 1):
        flat = " ".join(text.split())
        assert f"Page {i} of {n}" in flat, (i, flat[-300:])
        assert (
            f"Patient {report.patient_id}" in flat and f"Sample {report.sample_id}" in flat and report.report_id in flat
        )
        assert report.report_date in flat
    if PDFTOPPM:
        pages = _pages_as_png(pdf, folder)
        assert len(pages) == n
        for png in pages:  # ink in the top and bottom margins of every page: the header and the footer are drawn
            assert _dark_rows(png, 0.0, 0.045) >= 3, png
            assert _dark_rows(png, 0.955, 1.0) >= 3, png


@needs_chromium
def test_chromium_screenshot_shows_the_headline_at_the_top(tmp_path):
    pytest.importorskip("PIL.Image")
    from PIL import Image

    page = tmp_path / "page.html"
    page.write_text(render(dated(rich_report())), encoding="utf-8")
    png = tmp_path / "page.png"
    result = chromium(
        tmp_path, page, f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}", "--hide-scrollbars"
    )
    assert result.returncode == 0 and console_messages(result.stderr) == []
    image = Image.open(png).convert("RGB")
    w, h = image.size
    band = [
        y for y in range(h) if sum(1 for x in range(0, w, 8) if image.getpixel((x, y)) == HEADLINE_BG) > w / 8 * 0.5
    ]
    assert band, "no headline block in the screenshot"
    top, height = band[0], band[-1] - band[0]
    assert top < h * 0.3, f"the headline starts {top}px down: not at the top"
    assert 50 <= height <= 260, f"headline block {height}px high: not three short lines"


@needs_chromium
def test_chromium_prints_the_running_header_and_footer_on_every_page(tmp_path):
    report = dated(rich_report())
    page = tmp_path / "page.html"
    page.write_text(render(report), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    result = chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    _check_running_header_and_footer(pdf, report, tmp_path)


# ---------------------------------------------------------------- --pdf (WeasyPrint)


def test_cli_pdf_has_pages_the_header_footer_and_is_deterministic(tmp_path):
    pytest.importorskip("weasyprint")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        result = run_cli(
            "annotate",
            "--vcf",
            str(P01),
            "--patient",
            "P01",
            "--report-date",
            "2026-12-03",
            "-o",
            str(tmp_path / "r.json"),
            "--pdf",
            str(out),
        )
        assert result.exit_code == 0, result.stderr
    assert a.read_bytes()[:5] == b"%PDF-" and a.read_bytes() == b.read_bytes()
    import json

    report = json.loads((tmp_path / "r.json").read_text())
    from alkannot.model import Report

    texts = _pdf_text(a)
    assert "ALK p.G1202R" in " ".join(texts[0].split())
    _check_running_header_and_footer(a, Report.model_validate(report), tmp_path)


def test_pdf_without_weasyprint_is_one_clear_line(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    out = tmp_path / "r.pdf"
    result = run_cli("annotate", "--vcf", str(P01), "-o", str(tmp_path / "r.json"), "--pdf", str(out))
    assert (
        result.exit_code == 2
        and "pip install weasyprint" in result.stderr
        and len(result.stderr.strip().splitlines()) == 1
    )
    assert not out.exists() and not (tmp_path / "r.json").exists()  # nothing written


def test_readme_shows_a_small_screenshot_of_the_page():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    m = re.search(r"!\[[^\]]+\]\((docs/[\w.-]+\.png)\)", readme)
    assert m, "no screenshot in the README"
    png = ROOT / m.group(1)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 250_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 600 <= width <= 1400 and height >= 400
