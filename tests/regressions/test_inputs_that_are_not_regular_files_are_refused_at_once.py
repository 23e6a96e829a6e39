"""Regression (issue 17, items 9 and 11): `--vcf /dev/zero` (and every other input option, and
/dev/urandom) ran until killed — the input was hashed and read without end; a FIFO input blocked, or
was consumed by a first open and then refused as "empty"; a symlink loop was reported as "no such
file". Now an input must be a regular file (readers/limits.py: `require_file`), checked before
anything opens it: a device, a FIFO, a socket or `-` is exit 2 at once, one line naming the file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

VCF = EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"
OPTIONS = ["--vcf", "--sv-vcf", "--maf", "--fusions", "--cnv", "--clinical", "--bam"]


def _run(args: list[str], tmp: Path, timeout: float = 30) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "alkannot", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=tmp,
    )
    return proc, time.monotonic() - start


def _annotate(option: str, path: str, tmp: Path) -> tuple[subprocess.CompletedProcess, float]:
    extra = ["--vcf", str(VCF)] if option == "--bam" else []
    return _run(["annotate", *extra, option, path, "-o", str(tmp / "r.json")], tmp)


def _refused(proc: subprocess.CompletedProcess, path: str, words: str, tmp: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"alkannot: error: {path}: "), proc.stderr
    assert words in proc.stderr, proc.stderr
    assert not (tmp / "r.json").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("option", OPTIONS)
def test_character_device_is_refused_at_once(option, device, tmp_path):
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    proc, seconds = _annotate(option, device, tmp_path)
    _refused(proc, device, "is a device, not a file", tmp_path)
    assert seconds < 20


@pytest.mark.parametrize("option", OPTIONS)
def test_fifo_is_refused_without_being_opened(option, tmp_path):
    """Nobody writes to the FIFO: opening it to read would block until the timeout."""
    fifo = tmp_path / "calls.fifo"
    os.mkfifo(fifo)
    proc, _ = _annotate(option, str(fifo), tmp_path)
    _refused(proc, str(fifo), "is a pipe (FIFO), not a regular file", tmp_path)
    with pytest.raises(OSError):  # no reader holds it open (ENXIO): it was never opened
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)


def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        proc, _ = _annotate("--vcf", str(path), tmp_path)
    _refused(proc, str(path), "is a socket", tmp_path)


@pytest.mark.parametrize("option", OPTIONS)
def test_standard_input_is_refused_with_a_reason(option, tmp_path):
    proc, _ = _annotate(option, "-", tmp_path)
    _refused(proc, "-", "standard input is not read", tmp_path)


@pytest.mark.parametrize("option", OPTIONS)
def test_symlink_loop_is_named_as_such(option, tmp_path):
    (tmp_path / "a.vcf").symlink_to(tmp_path / "b.vcf")
    (tmp_path / "b.vcf").symlink_to(tmp_path / "a.vcf")
    proc, _ = _annotate(option, str(tmp_path / "a.vcf"), tmp_path)
    _refused(proc, str(tmp_path / "a.vcf"), "symlink loop", tmp_path)


def test_dangling_symlink_says_what_it_points_to_is_missing(tmp_path):
    (tmp_path / "a.vcf").symlink_to(tmp_path / "gone.vcf")
    proc, _ = _annotate("--vcf", str(tmp_path / "a.vcf"), tmp_path)
    _refused(proc, str(tmp_path / "a.vcf"), "no such file (a symlink to a file that does not exist)", tmp_path)


def test_compare_and_cohort_refuse_devices(tmp_path):
    proc, _ = _run(["compare", "/dev/zero", "/dev/zero", "-o", str(tmp_path / "r.json")], tmp_path)
    _refused(proc, "/dev/zero", "is a device, not a file", tmp_path)
    proc, _ = _run(["cohort", "/dev/zero", "-o", str(tmp_path / "out")], tmp_path)
    assert proc.returncode == 2 and "is a device, not a file" in proc.stderr and proc.stderr.count("\n") == 1, (
        proc.stderr
    )


def test_unsearchable_folder_is_exit_2_naming_the_permission(tmp_path, monkeypatch):
    """A file inside a folder the user may not search: os.stat fails with EACCES (an internal error
    before). Run for real when not root; as root (who may search anything) through the same call."""
    from conftest import run_cli

    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "calls.vcf"
    target.write_text(VCF.read_text())
    if os.geteuid() != 0:
        locked.chmod(0)
        try:
            proc, _ = _annotate("--vcf", str(target), tmp_path)
        finally:
            locked.chmod(0o755)
        _refused(proc, str(target), "permission denied on a folder in its path", tmp_path)
        return
    real_stat = os.stat

    def denied(path, *args, **kwargs):
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", denied)
    result = run_cli("annotate", "--vcf", str(target), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2, result.stderr
    assert (
        result.stderr.strip()
        == f"alkannot: error: {target}: cannot be reached: permission denied on a folder in its path"
    )
