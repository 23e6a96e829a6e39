"""Regression (issue 17, item 2): large bgzip VCFs (≥ 8 MB, read by alkannot's own BGZF scan,
readers/bgzf.py) were inflated without checking a block's CRC32 or ISIZE, so a block whose text
changed but kept its old checksum was read as the changed text — `ALK p.G1202*` where the file was
written with G1202R — exit 0. Other damage gave internal errors (`OSError … Closing failed`, exit 1).
Now every block is checked: a damaged one is exit 2, one line naming the file and the block's
offset; the streaming path (smaller files, htslib) refuses damage with exit 2 too."""

from __future__ import annotations

import gzip
import os
import random
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pysam
import pytest
from conftest import EXAMPLES, ROOT

SOURCE = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
G1202R = b"chr2\t29220747\t.\tC\tT\t"


def _text(records: int) -> bytes:
    """P01's header and ALK records among `records` filler records on chr2 and chr7 (random alleles and
    depths, so that the file compresses as a real one does)."""
    lines = gzip.decompress(SOURCE.read_bytes()).decode().splitlines()
    header = [
        x.replace(
            "##contig=<ID=chr2,length=242193529>",
            "##contig=<ID=chr2,length=242193529>\n##contig=<ID=chr7,length=159345973>",
        )
        for x in lines
        if x.startswith("#")
    ]
    alk = [(int(x.split("\t")[1]), x) for x in lines if not x.startswith("#")]
    rng = random.Random(11)
    rows = []
    step = 230_000_000 // records
    for i in range(records):
        pos = 1_000_000 + i * step
        if 29_190_000 <= pos <= 29_930_000:
            continue
        ref = rng.choice("ACGT")
        d = rng.randrange(20, 900)
        a = rng.randrange(0, d)
        rows.append(
            (
                pos,
                (
                    f"chr2\t{pos}\trs{rng.randrange(10**8)}\t{ref}\t{rng.choice('ACGT')}\t{rng.randrange(10, 99)}\tPASS\tDP={d}"
                    f"\tGT:AD:AF:DP\t0/0:{d},0:0:{d}\t0/1:{d - a},{a}:{a / d:.3f}:{d}"
                ),
            )
        )
    rows = sorted(rows + alk)
    return ("\n".join(header + [x for _, x in rows]) + "\n").encode()


def _blocks(data: bytes) -> list[tuple[int, int]]:
    """(offset, length) of every BGZF block."""
    out, at = [], 0
    while at < len(data):
        xlen = struct.unpack_from("<H", data, at + 10)[0]
        bsize = struct.unpack_from("<H", data, at + 12 + 4)[0] if xlen >= 6 else None
        assert bsize is not None
        out.append((at, bsize + 1))
        at += bsize + 1
    return out


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """A bgzip VCF just over 8 MB (the size from which the BGZF scan reads it) holding G1202R."""
    from alkannot.readers import bgzf

    path = tmp_path_factory.mktemp("bgzf") / "large.vcf.gz"
    with pysam.BGZFile(str(path), "wb") as fh:
        fh.write(_text(300_000))
    assert path.stat().st_size >= bgzf.MIN_BYTES, path.stat().st_size
    return path


def _g1202_block(data: bytes) -> tuple[int, int, bytes]:
    for offset, length in _blocks(data):
        text = zlib.decompress(data[offset + 18 : offset + length - 8], -15)
        if G1202R in text:
            return offset, length, text
    raise AssertionError("no block holds G1202R")


def _damage(src: Path, dst: Path, how: str) -> int:
    """Write a damaged copy of `src`; returns the offset of the damaged block."""
    data = bytearray(src.read_bytes())
    offset, length, text = _g1202_block(bytes(data))
    if how == "content_changed_crc_kept":  # C>T (G1202R) becomes C>A (G1202*); trailer left as it was
        changed = text.replace(G1202R, b"chr2\t29220747\t.\tC\tA\t")
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = co.compress(changed) + co.flush()
        trailer = bytes(data[offset + length - 8 : offset + length])
        block = bytearray(data[offset : offset + 18]) + payload + trailer
        struct.pack_into("<H", block, 16, len(block) - 1)
        data[offset : offset + length] = block
    elif how == "isize_wrong":
        struct.pack_into("<I", data, offset + length - 4, len(text) - 1)
    elif how == "deflate_data_zeroed":
        data[offset + 40 : offset + 140] = bytes(100)
    elif how == "header_overwritten":
        data[offset : offset + 4] = b"JUNK"
    elif how == "cut_inside_a_block":
        del data[offset + length // 2 :]
    dst.write_bytes(bytes(data))
    return offset


def _annotate(vcf: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", "--vcf", str(vcf), "-o", str(tmp / "r.json")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_undamaged_large_file_reports_g1202r(large, tmp_path):
    proc = _annotate(large, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "ALK p.G1202R" in (tmp_path / "r.json").read_text()


@pytest.mark.parametrize(
    "how", ["content_changed_crc_kept", "isize_wrong", "deflate_data_zeroed", "header_overwritten"]
)
def test_damaged_block_of_a_large_file_is_exit_2_naming_its_offset(large, tmp_path, how):
    bad = tmp_path / "bad.vcf.gz"
    offset = _damage(large, bad, how)
    proc = _annotate(bad, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert (
        proc.stderr.startswith(f"alkannot: error: {bad}: ") and f"BGZF block at byte offset {offset}" in proc.stderr
    ), proc.stderr
    assert not (tmp_path / "r.json").exists()


def test_large_file_cut_inside_a_block_is_exit_2(large, tmp_path):
    bad = tmp_path / "cut.vcf.gz"
    _damage(large, bad, "cut_inside_a_block")
    proc = _annotate(bad, tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"alkannot: error: {bad}: ") and "truncated" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "how", ["content_changed_crc_kept", "deflate_data_zeroed", "header_overwritten", "cut_inside_a_block"]
)
def test_damaged_block_of_a_small_file_is_exit_2_not_an_internal_error(tmp_path, how):
    """Below 8 MB htslib streams the file: damage is still one line, exit 2 (it was 'Closing failed', exit 1).
    (htslib checks a block's CRC32 but not its ISIZE: a wrong ISIZE alone over intact data reads the data.)"""
    small = tmp_path / "small.vcf.gz"
    with pysam.BGZFile(str(small), "wb") as fh:
        fh.write(_text(20_000))
    bad = tmp_path / "bad.vcf.gz"
    _damage(small, bad, how)
    proc = _annotate(bad, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"alkannot: error: {bad}: "), proc.stderr
    assert "internal error" not in proc.stderr
