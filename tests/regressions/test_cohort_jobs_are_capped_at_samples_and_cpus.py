"""Regression: `--jobs 1000` forked 1,000 workers for 60 samples (13 s instead of 0.2 s). The
number of local workers is now at most the number of samples to run and of CPUs available."""

from __future__ import annotations

import os

from cohort_samples import manifest, sample_files
from faults import alkannot


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def test_a_thousand_jobs_for_three_samples(tmp_path, alk):
    tx = alk["GRCh38"]
    path = manifest(
        tmp_path / "m.tsv", [(f"S{i}", None, sample_files(tmp_path / "f", f"S{i}", tx, ["G1202R"])) for i in range(3)]
    )
    result = alkannot("cohort", str(path), "-o", str(tmp_path / "out"), "--jobs", "1000", "--no-summary", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cap = min(3, _cpus())
    expected = "this process" if cap == 1 else f"{cap} local processes"
    assert f"on {expected}:" in result.stderr.decode()


def test_one_sample_runs_in_the_client(tmp_path, alk):
    path = manifest(tmp_path / "m.tsv", [("S1", None, sample_files(tmp_path / "f", "S1", alk["GRCh38"], ["G1202R"]))])
    result = alkannot("cohort", str(path), "-o", str(tmp_path / "out"), "--jobs", "8", "--no-summary", cwd=tmp_path)
    assert result.returncode == 0 and "on this process:" in result.stderr.decode()
