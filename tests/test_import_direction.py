"""The layers import in one direction only (README, Development): files → readers → classify →
interpret → report, with genome and knowledge beneath and model shared. A module that imports a layer
after its own (a reader importing the classifier) is named here, and so is a classifier or interpreter
that drives a reader at run time: they take observations (alkannot/model/), and an import of a
reader's type for annotations only (under `if TYPE_CHECKING:`) does not count."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "alkannot"
# what each layer may not import (its later layers, and the orchestration above them)
FORBIDDEN = {
    "genome": {"readers", "classify", "interpret", "report", "cohort", "pipeline", "api", "cli"},
    "readers": {"classify", "interpret", "report", "cohort", "pipeline", "api", "cli"},
    "classify": {"readers", "interpret", "report", "cohort", "pipeline", "api", "cli"},
    "interpret": {"readers", "report", "cohort", "pipeline", "api", "cli"},
    "report": {"cohort", "pipeline", "api", "cli"},
}


def _imported_layers(path: Path) -> set[str]:
    """The alkannot sub-packages and top modules a module imports (relative or absolute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1  # 1 for alkannot/readers/vcf.py
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:  # from ..classify import x  /  from .. import runcache
                up = node.level - 1
                if up > depth:
                    continue
                base = list(path.relative_to(PACKAGE).parts[: depth - up])
                names = [
                    ".".join([*base, node.module]) if node.module else ".".join([*base, a.name]) for a in node.names
                ]
            elif node.module and node.module.startswith("alkannot."):
                names = [node.module.removeprefix("alkannot.")]
        elif isinstance(node, ast.Import):
            names = [a.name.removeprefix("alkannot.") for a in node.names if a.name.startswith("alkannot.")]
        out.update(n.split(".")[0] for n in names if n)
    return out


def test_no_layer_imports_a_later_one():
    against = []
    for layer, forbidden in FORBIDDEN.items():
        for module in sorted((PACKAGE / layer).rglob("*.py")):
            bad = _imported_layers(module) & forbidden
            if bad:
                against.append(f"{module.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not against, against


def test_the_checker_sees_a_relative_import_against_the_flow(tmp_path):
    # the rule itself: a reader that imported the classifier would be named
    probe = PACKAGE / "readers" / "_probe_for_test.py"
    probe.write_text("from ..classify import fusions\n", encoding="utf-8")
    try:
        assert "classify" in _imported_layers(probe)
    finally:
        probe.unlink()
