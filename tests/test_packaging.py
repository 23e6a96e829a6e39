"""The wheel ships the knowledge base inside the package, and versions agree."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


def test_wheel_contains_the_knowledge_base(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("alkannot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("alkannot/knowledgebase/kb.yaml", "alkannot/knowledgebase/mutations.yaml",
                   "alkannot/knowledgebase/transcripts/ALK.yaml", "alkannot/report/report.schema.json", "alkannot/py.typed",
                   "alkannot/report/templates/report.html.j2", "alkannot/report/templates/report.css",
                   "alkannot/report/templates/report.md.j2"):
        assert needed in names, needed


def test_report_and_kb_versions_are_recorded():
    import alkannot
    from alkannot.knowledge import load_knowledgebase

    report = alkannot.annotate(vcf=ROOT / "example_vcfs" / "P04_no_alk_mutation.GRCh38.bcf")
    assert report.tool.version == alkannot.__version__
    assert report.knowledgebase.version == load_knowledgebase().version
