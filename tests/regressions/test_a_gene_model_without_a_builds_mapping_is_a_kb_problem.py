"""Issue 20 (found while splitting knowledge.py): a gene-model file (fusions.gene_models or
bypass.transcript_models) whose gene gave `builds` as a list or a string instead of a mapping of build
→ model crashed `kb validate` and every load ("internal error: AttributeError", exit 1). It is now a
problem naming the file and the gene, reported with the others (exit 2)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from alkannot.knowledge import validate_knowledgebase
from conftest import ROOT, run_cli


@pytest.mark.parametrize(
    ("rel", "value"), [("transcripts/fusion_genes.yaml", [1]), ("transcripts/bypass_genes.yaml", "GRCh38")]
)
def test_builds_that_are_not_a_mapping_are_named(tmp_path, rel, value):
    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    doc = yaml.safe_load((kbdir / rel).read_text())
    gene = min(doc["genes"])
    doc["genes"][gene]["builds"] = value
    (kbdir / rel).write_text(yaml.safe_dump(doc))
    kb, problems = validate_knowledgebase(kbdir)
    assert kb is None
    assert any(p.startswith(f"{rel}: {gene}:") and "builds" in p for p in problems)
    result = run_cli("kb", "validate", str(kbdir))
    assert result.exit_code == 2 and rel in result.stderr
