"""The wheel ships the knowledge base inside the package, and versions agree."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


def test_wheel_contains_the_knowledge_base(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("alkannot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "alkannot/knowledgebase/kb.yaml",
        "alkannot/knowledgebase/mutations.yaml",
        "alkannot/knowledgebase/transcripts/ALK.yaml",
        "alkannot/report/report.schema.json",
        "alkannot/py.typed",
        "alkannot/report/templates/report.html.j2",
        "alkannot/report/templates/report.css",
        "alkannot/report/templates/report.md.j2",
    ):
        assert needed in names, needed


def test_report_and_kb_versions_are_recorded():
    import alkannot
    from alkannot.knowledge import load_knowledgebase

    report = alkannot.annotate(vcf=ROOT / "example_vcfs" / "P04_no_alk_mutation.GRCh38.bcf")
    assert report.tool.version == alkannot.__version__
    assert report.knowledgebase.version == load_knowledgebase().version


HEAVY = ("pandas", "pyarrow", "dask", "distributed")


def test_annotate_never_imports_pandas_or_dask(tmp_path):
    """The single-patient path stays light: only `alkannot cohort` imports pandas, pyarrow and Dask."""
    fusions = tmp_path / "f.txt"
    fusions.write_text("EML4::ALK\n")
    code = (
        "import sys\n"
        "from alkannot.cli import cli\n"
        "try:\n"
        f"    cli(['annotate', '--vcf', {str(ROOT / 'example_vcfs' / 'P01_G1202R_after_alectinib.GRCh38.vcf.gz')!r},"
        f" '--fusions', {str(fusions)!r}, '-o', {str(tmp_path / 'r.json')!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "r.json").exists()


def test_the_cohort_extra_is_declared():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    cohort = {re.split(r"[<>=\[ ]", d)[0] for d in extras["cohort"]}
    assert cohort == {"dask"}  # the cluster engine is the extra ...
    assert cohort <= {re.split(r"[<>=\[ ]", d)[0] for d in extras["test"]}
    base = {re.split(r"[<>=\[ ]", d)[0] for d in project["dependencies"]}
    assert {
        "pandas",
        "pyarrow",
        "weasyprint",
    } <= base  # ... `alkannot cohort` and `--pdf` work after the README's first command
