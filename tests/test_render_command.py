"""`alkannot render REPORT.json`: a saved report renders again, without its inputs or the knowledge
base, to the very bytes `annotate` wrote; the report carries the sources it cites and the level
definitions it uses; a bad JSON is refused on one line naming it, and nothing is written."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, run_cli

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P02 = EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"
FORMATS = (("--html", "html"), ("--md", "md"), ("--tsv", "tsv"), ("--fhir", "fhir.json"))


def _annotate(folder, *inputs: str, formats=FORMATS) -> None:
    folder.mkdir()
    args = ["annotate", *inputs, "--report-date", "2026-12-01", "-q", "-o", str(folder / "report.json")]
    for option, ext in formats:
        args += [option, str(folder / f"report.{ext}")]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr


def _render(source, folder, formats=FORMATS):
    folder.mkdir()
    args = ["render", str(source)]
    for option, ext in formats:
        args += [option, str(folder / f"report.{ext}")]
    return run_cli(*args)


@pytest.mark.parametrize(
    "inputs",
    [
        (
            "--vcf",
            str(P01),
            "--clinical",
            str(EXAMPLES / "P01.clinical.yaml"),
            "--fusions",
            str(EXAMPLES / "P01.fusions.txt"),
        ),
        (
            "--vcf",
            str(P02),
        ),
    ],
    ids=["P01-with-clinical-and-fusions", "P02-vcf-only"],
)
def test_render_writes_the_bytes_annotate_wrote(tmp_path, inputs):
    _annotate(tmp_path / "annotated", *inputs)
    result = _render(tmp_path / "annotated" / "report.json", tmp_path / "rendered")
    assert result.exit_code == 0, result.stderr
    for _, ext in FORMATS:
        written = (tmp_path / "annotated" / f"report.{ext}").read_bytes()
        assert (tmp_path / "rendered" / f"report.{ext}").read_bytes() == written, ext
    html = (tmp_path / "rendered" / "report.html").read_text()
    assert "Evidence levels used" in html and "pubmed.ncbi.nlm.nih.gov" in html  # sources and levels came from the JSON


def test_render_writes_the_pdf_annotate_wrote(tmp_path):
    pytest.importorskip("weasyprint")
    formats = (("--pdf", "pdf"),)
    _annotate(tmp_path / "annotated", "--vcf", str(P02), formats=formats)
    result = _render(tmp_path / "annotated" / "report.json", tmp_path / "rendered", formats)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "rendered" / "report.pdf").read_bytes() == (tmp_path / "annotated" / "report.pdf").read_bytes()


def test_render_reads_no_knowledge_base(tmp_path):
    _annotate(tmp_path / "annotated", "--vcf", str(P02), formats=())
    code = (
        "import sys\n"
        "from alkannot.cli import cli\n"
        "try:\n"
        f"    cli(['render', {str(tmp_path / 'annotated' / 'report.json')!r}, '--html', {str(tmp_path / 'r.html')!r},"
        f" '--md', {str(tmp_path / 'r.md')!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('alkannot.knowledge', 'alkannot.pipeline', 'pysam') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "r.html").stat().st_size > 0 and (tmp_path / "r.md").stat().st_size > 0


def _refused(result, name: str, out) -> str:
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: ") and "Traceback" not in result.stderr
    assert name in lines[0]
    assert not any(out.iterdir())
    return lines[0]


def test_a_file_that_is_not_json_is_refused_naming_it(tmp_path):
    bad = tmp_path / "broken-report.json"
    bad.write_text('{"schema_version": 1, "alterations": [\n')
    _refused(_render(bad, tmp_path / "out"), "broken-report.json", tmp_path / "out")


def test_a_report_that_breaks_the_schema_is_refused_naming_it_and_where(tmp_path):
    _annotate(tmp_path / "annotated", "--vcf", str(P02), formats=())
    data = json.loads((tmp_path / "annotated" / "report.json").read_text())
    data["alterations"][0]["category"] = "<script>not a category</script>"
    data["references"][0]["label"] = 17
    bad = tmp_path / "edited-report.json"
    bad.write_text(json.dumps(data))
    line = _refused(_render(bad, tmp_path / "out"), "edited-report.json", tmp_path / "out")
    assert (
        "alterations/0/category" in line and "schema" in line and "<script>" not in line
    )  # the file's value is not repeated


def test_render_needs_an_output_and_never_overwrites_its_report(tmp_path):
    _annotate(tmp_path / "annotated", "--vcf", str(P02), formats=())
    source = tmp_path / "annotated" / "report.json"
    before = source.read_bytes()
    nothing = run_cli("render", str(source))
    assert nothing.exit_code == 2 and "nothing to render" in nothing.stderr
    onto = run_cli("render", str(source), "--html", str(source))
    assert onto.exit_code == 2 and len(onto.stderr.strip().splitlines()) == 1 and "input" in onto.stderr
    assert source.read_bytes() == before


def test_the_report_carries_only_the_sources_it_cites(tmp_path, kb):
    from alkannot.model import Report
    from alkannot.report.sources import identifiers, names_used

    _annotate(tmp_path / "annotated", "--vcf", str(P01), "--clinical", str(EXAMPLES / "P01.clinical.yaml"), formats=())
    report = Report.model_validate_json((tmp_path / "annotated" / "report.json").read_text())
    cited = {c.upper() for t in report.therapies for c in t.citations}
    carried = {r.key for r in report.references}
    assert carried, "a report with per-drug calls cites sources"
    kb_refs = kb.files.references
    # every knowledge-base reference a call cites is carried, with its identifiers and short name ...
    for key, ref in kb_refs.items():
        if key.upper() in cited or any(i.upper() in cited for i in identifiers(ref)):
            assert key in carried, key
    # ... and nothing the report does not name
    used = names_used(report)
    for ref in report.references:
        assert ref.key.upper() in used or any(i.upper() in used for i in identifiers(ref)), ref.key
        assert ref.label and ref.citation and (ref.pmid or ref.doi or ref.pmcid or ref.url)
    assert len(carried) < len(kb_refs)
    levels = {t.level for t in report.therapies if t.level}
    assert levels <= {lv.level for lv in report.level_definitions}
    assert all(lv.definition for lv in report.level_definitions)


def test_every_writer_takes_only_the_report():
    import alkannot

    for name in ("render_html", "render_markdown", "render_tsv", "render_pdf", "render_fhir"):
        params = list(inspect.signature(getattr(alkannot, name)).parameters)
        assert params == ["report"], (name, params)


def test_same_inputs_give_the_same_json_bytes(tmp_path):
    _annotate(tmp_path / "a", "--vcf", str(P01), "--clinical", str(EXAMPLES / "P01.clinical.yaml"), formats=())
    _annotate(tmp_path / "b", "--vcf", str(P01), "--clinical", str(EXAMPLES / "P01.clinical.yaml"), formats=())
    assert (tmp_path / "a" / "report.json").read_bytes() == (tmp_path / "b" / "report.json").read_bytes()
