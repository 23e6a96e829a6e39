"""Regression (issue 17, item 8): bad values in an input gave internal errors (exit 1) where they must
be input errors (exit 2, one line) or warnings: a CNV log2 of 2000 (`OverflowError` computing 2**2000
in classify/cnv.py), a 100,000-digit integer in clinical JSON (Python's integer-string limit), a
lone surrogate escape ("\\ud800") in clinical JSON (a string no output can encode)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _run(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", *args, "-o", str(tmp / "r.json")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("log2", ["2000", "-2000", "1e300"])
def test_cnv_log2_beyond_any_ratio_is_a_warning_not_an_internal_error(log2, tmp_path):
    path = tmp_path / "s.cns"
    path.write_text(
        "chromosome\tstart\tend\tgene\tlog2\nchr7\t116672196\t116798377\tMET\t" + log2 + "\n"
        "chr2\t29192774\t29921586\tALK\t0.1\n"
    )
    proc = _run("--cnv", str(path), tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    bad = [w["message"] for w in report["warnings"] if w["code"] == "cnv_bad_value"]
    assert bad and f"{path}:2:" in bad[0] and "log2" in bad[0], report["warnings"]
    assert not any("MET amplification" in a["name"] for a in report["alterations"])


@pytest.mark.parametrize(
    "name,text,words",
    [
        ("big.json", '{"tumor_fraction": ' + "1" * 100_000 + "}", "a value cannot be read"),
        ("big.yaml", "tumor_fraction: " + "1" * 100_000 + "\n", "a value cannot be read"),
        ("surrogate.json", '{"patient_id": "P\\ud800x"}', "lone surrogate"),
        ("surrogate_key.json", '{"\\udc80": 1}', "lone surrogate"),
    ],
)
def test_clinical_value_python_cannot_hold_as_text_is_exit_2(name, text, words, tmp_path):
    path = tmp_path / name
    path.write_text(text)
    proc = _run("--clinical", str(path), tmp=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"alkannot: error: {path}"), proc.stderr
    assert words in proc.stderr
    assert not (tmp_path / "r.json").exists()
