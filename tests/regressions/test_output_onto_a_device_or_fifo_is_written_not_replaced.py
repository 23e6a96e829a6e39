"""Regression: `-o` onto anything that was not a regular file replaced it. `outputs.atomic_file`
renamed a temporary file over every target, so (as root) `-o /dev/null` turned the device into a
regular file holding the report, a FIFO was replaced by a file its reader never saw, `-o /dev/full`
"succeeded", and `-o >(gzip > r.json.gz)` (a /dev/fd/N path) was an internal error.

The real /dev/null is never named here: a symlink to it in a temporary folder stands for it (the
old code replaced the link; the new code must write through it and leave both link and device)."""

from __future__ import annotations

import os
import stat
import subprocess
import threading

from faults import P01, alkannot, one_error_line


def test_a_symlink_to_a_character_device_is_written_through(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert list(tmp_path.iterdir()) == [link]  # no temporary file left beside it


def test_a_full_device_is_exit_2_with_one_line(tmp_path):
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 2
    assert "full" in one_error_line(result.stderr)
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_gets_the_report_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(fifo), cwd=tmp_path)
    if reader.is_alive():  # the old code never opened the FIFO: release the reader
        with open(fifo, "wb"):
            pass
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and b'"ALK p.G1202R"' in received[0]


def test_a_descriptor_path_is_written_to_its_pipe(tmp_path):
    """What `-o >(gzip > r.json.gz)` hands over: /dev/fd/N, the write end of a pipe."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(["cat"], stdin=read_end, stdout=subprocess.PIPE)
    os.close(read_end)
    try:
        result = alkannot(
            "annotate", "--vcf", str(P01), "-o", f"/dev/fd/{write_end}", cwd=tmp_path, pass_fds=(write_end,)
        )
    finally:
        os.close(write_end)
    out, _ = proc.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    assert b'"ALK p.G1202R"' in out
    assert list(tmp_path.iterdir()) == []
