"""Regression: SIGINT between two output writes left the first written beside the old second one,
and SIGTERM (or SIGKILL) left `.r.json.XXXX.tmp` files that nothing removed. Here the second output
is a FIFO nobody reads yet, so the run is caught between its writes: an interrupt or a termination
must leave the first output as it was and remove the temporary file; the temporary file a killed run
leaves is removed by the next run that writes into that folder, while a live process's is kept."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from faults import P01, alkannot, start, temporaries, wait_for


def _caught_between_writes(tmp_path):
    """A run that staged r.json and now waits to open r.html.fifo (its reader never comes)."""
    report = tmp_path / "r.json"
    report.write_text("old\n")
    fifo = tmp_path / "r.html.fifo"
    os.mkfifo(fifo)
    proc = start("annotate", "--vcf", str(P01), "-o", str(report), "--html", str(fifo), cwd=tmp_path)
    staged = wait_for(lambda: temporaries(tmp_path) or proc.poll() is not None, timeout=60)
    return proc, report, staged


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_between_writes_changes_nothing(tmp_path, sig, status):
    proc, report, _ = _caught_between_writes(tmp_path)
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status
    assert report.read_text() == "old\n"
    assert temporaries(tmp_path) == []


def test_the_temporary_file_of_a_killed_run_is_removed_by_the_next(tmp_path):
    proc, report, _ = _caught_between_writes(tmp_path)
    left = temporaries(tmp_path)
    if proc.poll() is None:
        proc.kill()
    proc.wait(30)
    assert left, "the run should have been caught with its temporary file"
    again = alkannot("annotate", "--vcf", str(P01), "-o", str(report), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert temporaries(tmp_path) == [] and '"sample_id"' in report.read_text()


def test_a_live_process_temporary_file_is_kept(tmp_path):
    from alkannot.outputs import temporaries as outputs

    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        live = tmp_path / f".r.json.{outputs._HOST}{sleeper.pid}.abcdef12.tmp"
        live.write_text("being written\n")
        result = alkannot("annotate", "--vcf", str(P01), "-o", str(tmp_path / "r.json"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert live.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
