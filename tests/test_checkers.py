"""The checkers the house keeps at zero findings: ruff (the rule set in pyproject.toml) over the
package, the tests and the benchmarks, and mypy (with the pydantic plugin) over the package. A
finding is fixed, or its rule switched off in pyproject.toml for a stated reason; it never piles up."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (it comes with the test extras: pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    done = _run("ruff", "check", "--no-cache", "alkannot", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted():
    done = _run("ruff", "format", "--check", "--no-cache", "alkannot", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = _run("mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr
