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


def version_of(kb: Path) -> tuple[int, int, int]:
    line = next(x for x in (kb / "kb.yaml").read_text().splitlines() if x.strip().startswith("version:"))
    major, minor, patch = (int(v) for v in line.split(":", 1)[1].strip().split("."))
    return major, minor, patch


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
    # G1202R lorlatinib: established → unconfirmed (a changed call)
    start = text.index("change: G1202R")
    lor = text.index("- drug: lorlatinib", start)
    level = text.index('level: "4"\n', lor) + len('level: "4"\n')
    mutations.write_text(text[:level] + "        status: unconfirmed\n" + text[level:])
    major, minor, _ = version_of(old)
    current, bumped = f"{major}.{minor}.0", f"{major}.{minor + 1}.0"
    set_version(old, current)
    set_version(new, bumped)
    result = run_cli("kb", "diff", str(old), str(new))
    assert result.exit_code == 2, result.stdout
    assert "~ mutation ALK G1202R: lorlatinib sensitive/4/established → sensitive/4/unconfirmed" in result.stdout
    assert f"version {bumped} is a minor bump from {current}, but its changes need a major bump" in result.stderr
    set_version(new, f"{major + 1}.0.0")
    assert run_cli("kb", "diff", str(old), str(new)).exit_code == 0


def test_an_added_reference_is_a_minor_change(tmp_path):
    old, new = copy_kb(tmp_path, "old"), copy_kb(tmp_path, "new")
    refs = new / "references.yaml"
    refs.write_text(refs.read_text().rstrip() + '\n  EXTRA99:\n    citation: An added source.\n    pmid: "12345678"\n')
    major, minor, patch = version_of(old)
    set_version(new, f"{major}.{minor}.{patch + 1}")
    result = run_cli("kb", "diff", str(old), str(new))
    assert (
        result.exit_code == 2 and "+ reference EXTRA99 added" in result.stdout and "needs a minor bump" in result.stdout
    )


def test_the_diff_from_the_1_4_0_release_reads_the_old_knowledge_base():
    """KB 2.0.0 keeps release 1.4.0 in tests/data/kb-1.4.0: `kb diff` reads it (it predates the
    statements and evidence types, so only the structural checks apply) and lists the changed calls."""
    old = ROOT / "tests" / "data" / "kb-1.4.0"
    result = run_cli("kb", "diff", str(old), str(ROOT / "knowledgebase"))
    assert result.exit_code == 0, result.stderr
    assert "1.4.0 →" in result.stdout and "needs a major bump, the versions show major" in result.stdout
    # the review's brigatinib-vs-G1202R level: intermediate at R2 became resistant at R2
    assert "~ mutation ALK G1202R: brigatinib intermediate/R2/established → resistant/R2/established" in result.stdout
    assert "+ mutation entry ALK G1202del (no per-drug profile) added" in result.stdout
    # recommendation options and mechanisms are compared too
    assert (
        "~ rule no_alk_mutation_after_second_generation: option 'Lorlatinib (third-generation ALK TKI)' "
        "3A/established → None/established"
    ) in result.stdout
    assert "~ mechanism NRAS_activating: limits_alk_tkis True → False" in result.stdout
