"""Regression: a report lost on standard output was not an error of the user's making: `-o - >
/dev/full` was an internal error (exit 1), a reader that closed the pipe gave a BrokenPipeError
(exit 1), a closed standard output an AttributeError (exit 1). Each is now exit 2 with one line."""

from __future__ import annotations

import os
import subprocess

import pytest
from faults import P01, alkannot, one_error_line, start


def test_a_full_standard_output_is_exit_2(tmp_path):
    with open("/dev/full", "wb") as full:  # opened for writing only; the device is not touched
        result = alkannot("annotate", "--vcf", str(P01), "-o", "-", cwd=tmp_path, stdout=full)
    assert result.returncode == 2
    assert "standard output" in one_error_line(result.stderr)


def test_a_reader_that_closed_the_pipe_is_exit_2(tmp_path):
    proc = start("annotate", "--vcf", str(P01), "-o", "-", cwd=tmp_path)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the report comes
    stderr = proc.stderr.read()
    proc.wait(60)
    assert proc.returncode == 2
    assert "standard output" in one_error_line(stderr)


def test_a_closed_standard_output_is_exit_2(tmp_path):
    result = alkannot(
        "annotate",
        "--vcf",
        str(P01),
        "-o",
        "-",
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert "standard output" in one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []  # nothing written in its place


@pytest.mark.parametrize("args", [["schema"], ["kb", "show", "G1202R"], ["kb", "validate"]])
def test_printed_output_onto_a_full_disk_is_exit_2(tmp_path, args):
    with open("/dev/full", "wb") as full:
        result = alkannot(*args, cwd=tmp_path, stdout=full)
    assert result.returncode == 2
    assert "standard output" in one_error_line(result.stderr)
