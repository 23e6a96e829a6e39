"""Region reads of large unindexed bgzip VCFs by BGZF block scan (readers/bgzf.py): the same
variants, line numbers and errors as streaming every record, and a fall-back to streaming whenever
the file is not what the scan vouches for (unsorted, corrupt, no ##contig lines)."""

from __future__ import annotations

import random

import pysam
import pytest

from alkannot.errors import InputError
from alkannot.readers import bgzf
from alkannot.readers.vcf import Region, read_vcf

REGIONS = [Region("2", 29192000, 29922000), Region("7", 140734013, 140924764), Region("12", 25204789, 25250931)]
CONTIGS = {"chr1": 248956422, "chr2": 242193529, "chr7": 159345973, "chr12": 133275309}


def _vcf(path, rows, contig_lines=True):
    head = ["##fileformat=VCFv4.2"]
    if contig_lines:
        head += [f"##contig=<ID={c},length={n}>" for c, n in CONTIGS.items()]
    head += [
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR",
    ]
    text = (
        "\n".join(head)
        + "\n"
        + "".join(
            f"{c}\t{p}\t.\t{r}\t{a}\t50\tPASS\tDP=60\tGT:AD\t0/1:{40 + p % 7},{5 + p % 11}\n" for c, p, r, a in rows
        )
    )
    with pysam.BGZFile(str(path), "wb") as fh:  # 64 KB blocks: records straddle block edges
        fh.write(text.encode())
    return path


def _rows(n=30000, seed=5):
    rng = random.Random(seed)
    rows = []
    for chrom, length in CONTIGS.items():
        step = length // (n // len(CONTIGS))
        pos = 1000
        while pos < length - 1000:
            ref = rng.choice("ACGT")
            rows.append((chrom, pos, ref, "ACGT"[("ACGT".index(ref) + 1) % 4]))
            pos += rng.randrange(1, 2 * step)
        # dense records inside the regions so that pieces overlapping them are split line by line
    rows += [("chr2", p, "A", "G") for p in range(29300001, 29300400, 3)]
    return sorted(set(rows), key=lambda r: (list(CONTIGS).index(r[0]), r[1]))


def _read(path, scan: bool, monkeypatch):
    monkeypatch.setattr(bgzf, "MIN_BYTES", 0 if scan else 1 << 62)
    res = read_vcf(path, REGIONS)
    return [(v.chrom, v.pos, v.ref, v.alt, v.line, v.vaf, v.depth) for v in res.variants], res.records_read


def test_scan_reads_what_streaming_reads(tmp_path, monkeypatch):
    path = _vcf(tmp_path / "big.vcf.gz", _rows())
    assert path.stat().st_size > 3 * 65536 // 4  # several BGZF blocks
    calls = []
    real = bgzf.scan
    monkeypatch.setattr(bgzf, "scan", lambda *a: calls.append(1) or real(*a))
    scanned = _read(path, True, monkeypatch)
    assert calls and scanned[0]
    assert scanned == _read(path, False, monkeypatch)


def test_interleaved_contigs_in_order_within_each_are_read(tmp_path, monkeypatch):
    rows = [
        ("chr2", 29200000, "A", "G"),
        ("chr7", 140800000, "C", "T"),
        ("chr2", 29300000, "G", "A"),
        ("chr12", 25210000, "T", "C"),
    ]
    path = _vcf(tmp_path / "mixed.vcf.gz", rows)
    assert _read(path, True, monkeypatch) == _read(path, False, monkeypatch)
    assert len(_read(path, True, monkeypatch)[0]) == 4


@pytest.mark.parametrize("kind", ["unsorted", "no_contigs"])
def test_irregular_files_are_streamed(tmp_path, monkeypatch, kind):
    rows = _rows(4000)
    if kind == "unsorted":
        rows.append(("chr2", 29250000, "A", "T"))  # an ALK record after chr12: found only by streaming
    path = _vcf(tmp_path / "odd.vcf.gz", rows, contig_lines=kind != "no_contigs")
    monkeypatch.setattr(bgzf, "MIN_BYTES", 0)
    if kind == "unsorted":
        assert bgzf.scan(path, {b"chr2": [(29192000, 29922000)]}, 8) is None
    scanned = _read(path, True, monkeypatch)
    assert scanned == _read(path, False, monkeypatch)
    if kind == "unsorted":
        assert 29250000 in [pos for _, pos, *_ in scanned[0]]


def test_corrupt_block_is_refused_by_both_paths(tmp_path, monkeypatch):
    """A zeroed stretch in the middle: the scan names the damaged block's offset; streaming refuses too."""
    path = _vcf(tmp_path / "bad.vcf.gz", _rows(20000))
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"corrupt compressed file: BGZF block at byte offset \d+"):
        bgzf.scan(path, {b"chr2": [(29192000, 29922000)]}, 9)
    for scan in (True, False):
        monkeypatch.setattr(bgzf, "MIN_BYTES", 0 if scan else 1 << 62)
        with pytest.raises(InputError, match="corrupt"):
            read_vcf(path, REGIONS)


def test_malformed_record_in_a_region_names_its_line(tmp_path, monkeypatch):
    rows = _rows(3000)
    path = _vcf(tmp_path / "m.vcf.gz", rows)
    text = pysam.BGZFile(str(path), "rb").read().decode()
    lines = text.splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("chr2\t293000"))
    fields = lines[target].split("\t")
    fields[9] = "0/1:x,y\n"
    lines[target] = "\t".join(fields)
    with pysam.BGZFile(str(path), "wb") as fh:
        fh.write("".join(lines).encode())
    messages = []
    for scan in (True, False):
        monkeypatch.setattr(bgzf, "MIN_BYTES", 0 if scan else 1 << 62)
        try:
            read_vcf(path, REGIONS)
            messages.append(None)
        except InputError as exc:
            messages.append((exc.line, exc.message))
    assert messages[0] == messages[1]


def test_overlapping_regions_read_once_with_an_index(tmp_path, monkeypatch):
    """Regression: ALK's spans in GRCh37 and GRCh38 overlap; an indexed file gave their shared records twice."""
    path = _vcf(tmp_path / "i.vcf.gz", _rows(4000))
    streamed = _read(path, False, monkeypatch)[0]
    pysam.tabix_index(str(path), preset="vcf", force=True)
    overlapping = [Region("2", 29192000, 29922000), Region("2", 29415640, 30144477)]
    indexed = read_vcf(path, overlapping)
    monkeypatch.setattr("alkannot.readers.vcf.pysam_reader.verified_index", lambda *a: None)
    plain = read_vcf(path, overlapping)
    key = [(v.chrom, v.pos, v.ref, v.alt) for v in indexed.variants]
    assert len(key) == len(set(key)) and key == [(v.chrom, v.pos, v.ref, v.alt) for v in plain.variants]
    assert streamed
