"""Real processes for the fault tests (tests/regressions/): alkannot run as a command, with its
standard streams, signals, resource limits and children as a user's shell would give them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, ROOT

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
COMMAND = [sys.executable, "-m", "alkannot"]


def env(**extra: str) -> dict[str, str]:
    """The test's environment: PYTHONPATH as the test run has it (this checkout when it is unset)."""
    values = dict(os.environ)
    values.setdefault("PYTHONPATH", str(ROOT))
    values.update(extra)
    return values


def alkannot(
    *args: str, cwd: Path | None = None, timeout: float = 120, extra_env: dict[str, str] | None = None, **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    """Run `alkannot ARGS` to its end; stdout/stderr captured as bytes unless given."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [*COMMAND, *args], check=False, cwd=cwd, timeout=timeout, env=env(**(extra_env or {})), **popen
    )


def start(
    *args: str, cwd: Path | None = None, extra_env: dict[str, str] | None = None, **popen: Any
) -> subprocess.Popen[bytes]:
    """Start `alkannot ARGS` without waiting for it."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([*COMMAND, *args], cwd=cwd, env=env(**(extra_env or {})), **popen)


def one_error_line(stderr: bytes) -> str:
    """The single `alkannot: error: ...` line a refusal prints (asserted to be the only line)."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: "), lines
    return lines[0]


def wait_for(condition: Callable[[], Any], timeout: float = 60, every: float = 0.05) -> Any:
    """Poll `condition` until it is true (returned) or `timeout` seconds pass (None)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(every)
    return None


def temporaries(folder: Path) -> list[Path]:
    """Temporary files an output write leaves beside its target (`.NAME.<...>.tmp`)."""
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


SLOW_COHORT = """
import os, sys, time
import alkannot.cohort.worker as worker
_annotate = worker._annotate
def slow(*args, **kwargs):
    time.sleep(float(os.environ["ALKANNOT_TEST_DELAY"]))
    return _annotate(*args, **kwargs)
worker._annotate = slow
sys.argv = ["alkannot", *sys.argv[1:]]
from alkannot.cli import main
main()
"""
"""`alkannot ARGS` whose samples each take ALKANNOT_TEST_DELAY seconds more (in every worker: they are forked)."""


def start_slow(*args: str, delay: float, cwd: Path | None = None, **popen: Any) -> subprocess.Popen[bytes]:
    """Start a cohort run whose samples are slow, to catch it while its workers are busy."""
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_COHORT, *args], cwd=cwd, env=env(ALKANNOT_TEST_DELAY=str(delay)), **popen
    )
