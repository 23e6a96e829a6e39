"""Regression (issue 17, item 9): a `#CHROM` line with 1,000,000 sample columns and a gzip notation
file of 200 MB of newlines each ran past a minute; a compressed input was read to whatever size it
inflated to. Now the limits of readers/limits.py hold for every reader: a VCF names at most
MAX_VCF_SAMPLES samples, a line is at most MAX_LINE_CHARS characters, and a compressed input
inflates to at most `inflate_limit` bytes; beyond a limit is exit 2, one line naming the limit."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import ROOT

from alkannot.readers import limits

HEADER = '##fileformat=VCFv4.2\n##contig=<ID=chr2,length=242193529>\n##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'


def _run(option: str, path: Path, tmp: Path, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", option, str(path), *extra, "-o", str(tmp / "r.json")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return proc, time.monotonic() - start


def _refused(proc: subprocess.CompletedProcess, path: Path, words: str, tmp: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"alkannot: error: {path}"), proc.stderr
    assert words in proc.stderr, proc.stderr
    assert not (tmp / "r.json").exists()


def _gzip_of_newlines(path: Path, megabytes: int) -> Path:
    """A plain gzip member holding `megabytes` MB of newlines (some 200 kB on disk)."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\n" * (1 << 20)
    with open(path, "wb") as fh:
        fh.writelines(co.compress(chunk) for _ in range(megabytes))
        fh.write(co.flush())
    return path


@pytest.mark.parametrize("option,suffix", [("--vcf", ".vcf"), ("--sv-vcf", ".vcf"), ("--cnv", ".vcf")])
def test_chrom_line_of_a_million_samples_is_refused_quickly(option, suffix, tmp_path):
    path = tmp_path / f"wide{suffix}"
    with open(path, "w") as fh:
        fh.write(
            HEADER
            + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
            + "\t".join(f"S{i}" for i in range(1_000_000))
            + "\n"
        )
    proc, seconds = _run(option, path, tmp_path, "--sample", "S5")
    _refused(proc, path, f"at most {limits.MAX_VCF_SAMPLES:,}", tmp_path)
    assert seconds < 45, seconds


@pytest.mark.parametrize(
    "option,name,extra",
    [
        ("--fusions", "notes.txt.gz", ("--fusion-format", "notation")),
        ("--fusions", "fusions.tsv.gz", ()),
        ("--maf", "m.maf.gz", ()),
        ("--cnv", "c.cns.gz", ()),
        ("--vcf", "v.vcf.gz", ()),
        ("--sv-vcf", "sv.vcf.gz", ()),
    ],
)
def test_gzip_bomb_of_newlines_is_refused_quickly(option, name, extra, tmp_path):
    path = _gzip_of_newlines(tmp_path / name, 200)
    assert path.stat().st_size < 1 << 20
    proc, seconds = _run(option, path, tmp_path, *extra)
    _refused(proc, path, "alkannot's limit for a compressed input", tmp_path)
    assert seconds < 30, seconds
    assert not list(tmp_path.glob("alkannot-*")), "a temporary file was left"


def test_multi_member_gzip_bomb_is_stopped_at_the_limit(tmp_path):
    """Its last member states a small size: the bound holds while it is read."""
    path = tmp_path / "notes.txt.gz"
    _gzip_of_newlines(path, 40)
    with open(path, "ab") as fh:
        fh.write(gzip.compress(b"EML4::ALK\n"))
    proc, _ = _run("--fusions", path, tmp_path, "--fusion-format", "notation")
    _refused(proc, path, "alkannot's limit for a compressed input", tmp_path)


@pytest.mark.parametrize(
    "option,name", [("--fusions", "f.txt"), ("--maf", "m.maf"), ("--cnv", "c.tsv"), ("--vcf", "v.vcf")]
)
def test_line_beyond_the_limit_is_refused_naming_it(option, name, tmp_path):
    path = tmp_path / name
    with open(path, "w") as fh:
        fh.write("#" + "x" * (limits.MAX_LINE_CHARS + 10) + "\n")
    proc, _ = _run(option, path, tmp_path)
    _refused(proc, path, f"a line longer than {limits.MAX_LINE_CHARS:,} characters", tmp_path)
    assert f"{path}:1: " in proc.stderr


def test_a_real_compressed_file_is_within_the_limit(tmp_path):
    """The bound must not refuse ordinary compressed tables: a 1 MB gene-level copy-number table, gzip-compressed."""
    rows = "".join(f"GENE{i}\t2\n" for i in range(100_000))
    path = tmp_path / "genes.tsv.gz"
    path.write_bytes(gzip.compress(("gene\tcopy_number\n" + rows + "MET\t12\n").encode()))
    proc, _ = _run("--cnv", path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "MET amplification" in (tmp_path / "r.json").read_text()
