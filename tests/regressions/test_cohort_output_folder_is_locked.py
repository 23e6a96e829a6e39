"""Regression: nothing stopped two cohort runs on one output folder (with different options they left
reports and a state file that matched neither). A run now holds the folder with a lock file naming
its pid and host: another run refuses the folder (exit 2, one line), a lock left by a process that is
gone on this host (a killed run) is taken over with a warning, and the lock goes when the run ends."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from cohort_samples import manifest, sample_files
from faults import alkannot, one_error_line, start_slow, wait_for

from alkannot.cohort.folder import LOCK_FILE


@pytest.fixture
def cohort(tmp_path, alk):
    tx = alk["GRCh38"]
    return manifest(
        tmp_path / "m.tsv", [(f"S{i}", None, sample_files(tmp_path / "f", f"S{i}", tx, ["G1202R"])) for i in (1, 2)]
    )


def _start_time(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19]


def test_a_running_cohort_holds_its_folder(tmp_path, cohort):
    out = tmp_path / "out"
    first = start_slow("cohort", str(cohort), "-o", str(out), "--jobs", "1", "--no-summary", delay=30, cwd=tmp_path)
    try:
        assert wait_for(lambda: (out / LOCK_FILE).exists(), timeout=60)
        second = alkannot("cohort", str(cohort), "-o", str(out), "--jobs", "1", "--no-summary", cwd=tmp_path)
        assert second.returncode == 2
        assert str(first.pid) in one_error_line(second.stderr)
        assert not list(out.glob("*.json"))
    finally:
        first.kill()
        first.wait()


def test_a_lock_held_by_a_live_process_is_refused(tmp_path, cohort):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(["sleep", "60"])
    try:
        lock = {
            "pid": holder.pid,
            "host": socket.gethostname(),
            "started": _start_time(holder.pid),
            "since": "2026-12-03T10:00:00Z",
        }
        (out / LOCK_FILE).write_text(json.dumps(lock))
        result = alkannot("cohort", str(cohort), "-o", str(out), "--no-summary", cwd=tmp_path)
        assert result.returncode == 2 and str(holder.pid) in one_error_line(result.stderr)
        assert (out / LOCK_FILE).exists() and not list(out.glob("*.json"))
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_of_a_killed_run_is_taken_over_with_a_warning(tmp_path, cohort):
    out = tmp_path / "out"
    killed = start_slow("cohort", str(cohort), "-o", str(out), "--jobs", "1", "--no-summary", delay=30, cwd=tmp_path)
    assert wait_for(lambda: (out / LOCK_FILE).exists(), timeout=60)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert (out / LOCK_FILE).exists()  # SIGKILL: nothing could remove it
    result = alkannot("cohort", str(cohort), "-o", str(out), "--jobs", "1", "--no-summary", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.decode().splitlines() if line.startswith("alkannot: warning: ")]
    assert len(warnings) == 1 and str(killed.pid) in warnings[0]
    assert sorted(p.name for p in out.glob("*.json")) == ["S1.json", "S2.json"]
    assert not (out / LOCK_FILE).exists()
