"""CLI conventions: `--version` names the knowledge base too; `--tsv -`, `--md -`, `--html -`,
`--fhir -` write that form on standard output without `-o` (the JSON is then not written)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, run_cli

P03 = EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"


def test_version_names_the_tool_and_the_knowledge_base():
    import yaml

    import alkannot

    meta = yaml.safe_load((ROOT / "knowledgebase" / "kb.yaml").read_text())["kb"]
    result = subprocess.run([sys.executable, "-m", "alkannot", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert (
        result.stdout.strip()
        == f"alkannot {alkannot.__version__}, knowledge base {meta['version']} (released {meta['release_date']})"
    )


@pytest.mark.parametrize(
    "option, start",
    [
        ("--tsv", "patient_id\tsample_id\t"),
        ("--md", "# alkannot report"),
        ("--html", "<!DOCTYPE html>"),
        ("--fhir", "{"),
    ],
)
def test_one_form_on_standard_output_without_o(tmp_path, option, start):
    result = run_cli("annotate", "--vcf", str(P03), option, "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start)
    assert '"schema_version"' not in result.stdout  # the JSON report is not mixed in
    if option == "--fhir":
        assert json.loads(result.stdout)["resourceType"] == "Bundle"


def test_an_explicit_o_on_standard_output_still_conflicts(tmp_path):
    result = run_cli("annotate", "--vcf", str(P03), "-o", "-", "--tsv", "-")
    assert result.exit_code == 2 and "only one output can be standard output" in result.stderr
