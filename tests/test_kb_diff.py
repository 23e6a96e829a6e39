"""`alkannot kb diff OLD NEW`: what changed call by call, and whether the version bump is enough
(knowledgebase/README.md: a changed or removed call needs a major bump, an addition a minor one)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_cli


def copy_kb(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / name
    shutil.copytree(ROOT / "knowledgebase", dest)
    return dest


def set_version(kb: Path, version: str) -> None:
    meta = kb / "kb.yaml"
    text = meta.read_text()
    current = next(line for line in text.splitlines() if line.strip().startswith("version:"))
    meta.write_text(text.replace(current, f"  version: {version}"))


def test_identical_knowledge_bases_have_no_changes(tmp_path):
    result = run_cli("kb", "diff", str(ROOT / "knowledgebase"), str(ROOT / "knowledgebase"))
    assert result.exit_code == 0 and "0 change(s)" in result.stdout


def test_a_changed_call_needs_a_major_bump(tmp_path):
    old, new = copy_kb(tmp_path, "old"), copy_kb(tmp_path, "new")
    mutations = new / "mutations.yaml"
    text = mutations.read_text()
    # G1202R lorlatinib: sensitive at level 4 → level 3B (a changed call)
    start = text.index("change: G1202R")
    lor = text.index("- drug: lorlatinib", start)
    level = text.index('level: "4"', lor)
    mutations.write_text(text[:level] + 'level: "3B"' + text[level + len('level: "4"'):])
    set_version(new, "1.5.0")
    result = run_cli("kb", "diff", str(old), str(new))
    assert result.exit_code == 2, result.stdout
    assert "~ mutation ALK G1202R: lorlatinib sensitive/4/established → sensitive/3B/established" in result.stdout
    assert "version 1.5.0 is a minor bump from 1.4.0, but its changes need a major bump" in result.stderr
    set_version(new, "2.0.0")
    assert run_cli("kb", "diff", str(old), str(new)).exit_code == 0


def test_an_added_reference_is_a_minor_change(tmp_path):
    old, new = copy_kb(tmp_path, "old"), copy_kb(tmp_path, "new")
    refs = new / "references.yaml"
    refs.write_text(refs.read_text().rstrip() + '\n  EXTRA99:\n    citation: An added source.\n    pmid: "12345678"\n')
    set_version(new, "1.4.1")
    result = run_cli("kb", "diff", str(old), str(new))
    assert result.exit_code == 2 and "+ reference EXTRA99 added" in result.stdout and "needs a minor bump" in result.stdout
