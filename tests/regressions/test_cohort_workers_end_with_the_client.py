"""Regression: cohort workers outlived a killed client: the local worker processes went on with
their samples (and then waited for work forever) after the client was killed. A worker now ends
when its client is gone, and a terminated or interrupted client ends its workers (now, not after
their samples) and releases the folder."""

from __future__ import annotations

import os
import signal

import pytest
from cohort_samples import manifest, sample_files
from faults import children, running, start_slow, temporaries, wait_for

from alkannot.cohort.folder import LOCK_FILE

pytestmark = pytest.mark.skipif(
    not os.path.isdir("/proc") or (os.cpu_count() or 1) < 2 and not hasattr(os, "sched_getaffinity"),
    reason="needs /proc to find the workers",
)


@pytest.fixture
def cohort(tmp_path, alk):
    tx = alk["GRCh38"]
    return manifest(
        tmp_path / "m.tsv", [(f"S{i}", None, sample_files(tmp_path / "f", f"S{i}", tx, ["G1202R"])) for i in range(4)]
    )


def _busy_client(tmp_path, cohort):
    """A cohort client whose two workers are in the middle of (slow) samples."""
    client = start_slow(
        "cohort", str(cohort), "-o", str(tmp_path / "out"), "--jobs", "2", "--no-summary", delay=60, cwd=tmp_path
    )
    workers = wait_for(lambda: len(children(client.pid)) >= 2 and children(client.pid), timeout=60)
    return client, workers or []


def _end(pids):
    for pid in pids:  # only the workers this test started, by id
        if running(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2 if hasattr(os, "sched_getaffinity") else True, reason="one CPU: no workers"
)
def test_workers_end_when_the_client_is_killed(tmp_path, cohort):
    client, workers = _busy_client(tmp_path, cohort)
    try:
        assert len(workers) >= 2, "the client should have started two workers"
        client.send_signal(signal.SIGKILL)
        client.wait()
        assert wait_for(lambda: not any(running(pid) for pid in workers), timeout=10), "workers still running"
    finally:
        _end(workers)
        if client.poll() is None:
            client.kill()
            client.wait()


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2 if hasattr(os, "sched_getaffinity") else True, reason="one CPU: no workers"
)
@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_terminated_or_interrupted_client_ends_its_workers_and_frees_the_folder(tmp_path, cohort, sig, status):
    client, workers = _busy_client(tmp_path, cohort)
    try:
        assert len(workers) >= 2
        client.send_signal(sig)
        client.wait(30)
        assert client.returncode == status
        assert wait_for(lambda: not any(running(pid) for pid in workers), timeout=10), "workers still running"
        assert not (tmp_path / "out" / LOCK_FILE).exists() and temporaries(tmp_path / "out") == []
    finally:
        _end(workers)
        if client.poll() is None:
            client.kill()
            client.wait()
