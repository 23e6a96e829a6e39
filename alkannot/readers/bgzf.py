"""Region queries on an unindexed bgzip text file (a WGS VCF without its .tbi/.csi), faster than
parsing every record: the BGZF blocks are inflated by zlib and only the pieces whose first and last
records can overlap a wanted window are split into lines.

The VCF specification requires records sorted by position within each contig; the scan checks that
order at every piece it sees (first and last record of each piece, every record of the pieces it
splits) and gives up (`None`) on anything irregular (not BGZF, a data line without a numeric POS,
positions out of order), so that the caller streams the file record by record as before and
reports problems with its usual messages.

A damaged block is not irregular but wrong: every block is inflated and checked against its CRC32
and ISIZE (raw inflation checks neither, and a block whose bytes changed would be read as other
text), and a block that does not inflate, does not match its checksum or size, or is cut short is
an `InputError` naming the file and the block's byte offset (`BlockDamaged` from `read_block`)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..errors import InputError

MIN_BYTES = 8 << 20
"""Files smaller than this (compressed) are streamed record by record: the scan is for WGS-size files."""
MAX_REF_SPAN = 10_000
"""A record may start this many bases before a window and still overlap it (a long REF allele)."""
_THREADS = 2  # inflating threads
_AHEAD = 32  # blocks inflated ahead of the examining thread (at most 2 MB)
_HEADER = struct.Struct("<4BI2BH")  # ID1 ID2 CM FLG MTIME XFL OS XLEN


class _Irregular(Exception):
    """The file is not something the scan vouches for; the caller streams it instead."""


class BlockDamaged(Exception):
    """A BGZF block that cannot be trusted: `offset` is its byte offset in the file, `problem` says why."""

    def __init__(self, offset: int, problem: str) -> None:
        super().__init__(f"BGZF block at byte offset {offset}: {problem}")
        self.offset, self.problem = offset, problem


def damaged(path: str | Path, exc: BlockDamaged) -> InputError:
    """The refusal for a damaged block (exit 2), naming the file and the block's offset."""
    return InputError(path, f"corrupt compressed file: {exc} (the file is damaged; fetch or copy it again)")


class Scan(NamedTuple):
    lines: list[tuple[int, bytes]]
    """(1-based line number, line without its end of line) of every record on a wanted contig whose
    POS lies in a wanted window widened by MAX_REF_SPAN; the caller applies the exact overlap"""
    records: int
    """data lines in the file"""


def _blocks(path: Path) -> Iterator[bytes]:
    """The inflated payload of every BGZF block, in order, each checked against its CRC32 and ISIZE;
    `_Irregular` on a file that is not BGZF, `BlockDamaged` on a damaged block. zlib releases the
    GIL, so helper threads inflate (and checksum) blocks ahead while the caller examines text."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    ahead: deque = deque()
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        try:
            for block in _deflated(path):
                ahead.append(pool.submit(_inflate, *block))
                if len(ahead) >= _AHEAD:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                future.cancel()


def _inflate(payload: bytes, isize: int, crc: int, offset: int) -> bytes:
    """A block's payload inflated and checked; `BlockDamaged` (with the block's offset) if it is not what
    its trailer says."""
    try:
        data = zlib.decompress(payload, -15)
    except zlib.error as exc:
        raise BlockDamaged(offset, f"does not inflate ({exc})") from None
    if len(data) != isize:
        raise BlockDamaged(offset, f"inflates to {len(data)} bytes, its ISIZE says {isize}")
    if zlib.crc32(data) != crc:
        raise BlockDamaged(offset, "CRC32 mismatch (its content is not what was compressed)")
    return data


def _parse_header(buffer: bytes, offset: int, at: int) -> int:
    """BSIZE + 1 (the whole block's length) of the BGZF block header at buffer[offset:], found at file offset `at`."""
    if len(buffer) - offset < 18:
        raise BlockDamaged(at, "truncated block header")
    id1, id2, cm, flg, _, _, _, xlen = _HEADER.unpack_from(buffer, offset)
    if (id1, id2, cm) != (31, 139, 8) or not flg & 4:
        if at:  # the file began as BGZF: a block that is not one is damage
            raise BlockDamaged(at, "not a BGZF block header")
        raise _Irregular("not a BGZF block")
    extra = buffer[offset + 12 : offset + 12 + xlen]
    i = 0
    while i + 4 <= len(extra):
        sub_len = extra[i + 2] | extra[i + 3] << 8
        if extra[i : i + 2] == b"BC" and sub_len == 2 and i + 6 <= len(extra):
            return (extra[i + 4] | extra[i + 5] << 8) + 1
        i += 4 + sub_len
    if at:
        raise BlockDamaged(at, "a block header without its size (BSIZE)")
    raise _Irregular("no BSIZE")


def _deflated(path: Path) -> Iterator[tuple[bytes, int, int, int]]:
    """(deflated payload, ISIZE, CRC32, file offset) of every BGZF block, in order; `_Irregular` on
    anything that is not BGZF, `BlockDamaged` on a block cut short."""
    with open(path, "rb") as fh:
        buffer = b""
        offset = 0  # in buffer
        base = 0  # file offset of buffer[0]
        eof = False
        while True:
            if len(buffer) - offset < 65536 + 26 and not eof:
                more = fh.read(4 << 20)
                eof = not more
                base += offset
                buffer = buffer[offset:] + more
                offset = 0
            if offset == len(buffer):
                return
            size = _parse_header(buffer, offset, base + offset)
            xlen = buffer[offset + 10] | buffer[offset + 11] << 8
            end = offset + size
            if end > len(buffer) or size < 12 + xlen + 8:
                raise BlockDamaged(base + offset, "truncated block (the file ends inside it)")
            payload = buffer[offset + 12 + xlen : end - 8]
            crc, isize = struct.unpack_from("<II", buffer, end - 8)
            yield payload, isize, crc, base + offset
            offset = end


def read_block(fh: BinaryIO, offset: int) -> tuple[bytes, int]:
    """The checked, inflated content of the BGZF block at byte `offset` of `fh`, and the offset of the
    next block. `BlockDamaged` if no sound BGZF block starts there (an index that points elsewhere)."""
    fh.seek(offset)
    head = fh.read(18)
    try:
        size = _parse_header(head, 0, offset)
    except _Irregular as exc:
        raise BlockDamaged(offset, f"no BGZF block starts here ({exc})") from None
    xlen = head[10] | head[11] << 8
    fh.seek(offset)
    block = fh.read(size)
    if len(block) < size or size < 12 + xlen + 8:
        raise BlockDamaged(offset, "truncated block (the file ends inside it)")
    crc, isize = struct.unpack_from("<II", block, size - 8)
    return _inflate(block[12 + xlen : size - 8], isize, crc, offset), offset + size


def _pieces(path: Path) -> Iterator[tuple[bytes, int, int]]:
    """Inflated text as (buffer, start, end) ranges of whole lines (each range ends with a newline),
    mostly whole blocks examined in place; a line cut by a block edge comes as a small range of its own."""
    carry = b""
    for data in _blocks(path):
        first = data.find(b"\n")
        if first < 0:
            carry += data
            continue
        if carry or first:
            yield carry + data[: first + 1], 0, len(carry) + first + 1
        last = data.rfind(b"\n")
        if last > first:
            yield data, first + 1, last + 1
        carry = data[last + 1 :]
    if carry:
        yield carry + b"\n", 0, len(carry) + 1


def _chrom_pos(line: bytes) -> tuple[bytes, int]:
    parts = line.split(b"\t", 2)
    if len(parts) < 3:
        raise _Irregular("a data line with fewer than three columns")
    try:
        return parts[0], int(parts[1])
    except ValueError:
        raise _Irregular("a POS that is not a number") from None


def scan(path: str | Path, windows: dict[bytes, list[tuple[int, int]]], header_lines: int) -> Scan | None:
    """Records of `windows` (file contig name → 1-based inclusive windows) from an unindexed bgzip
    VCF whose first `header_lines` lines are its header; None when the caller should stream instead."""
    kept = _Kept({c: [(max(1, s - MAX_REF_SPAN), e) for s, e in ws] for c, ws in windows.items()})
    seen = 0  # lines before the current range
    records = 0
    try:
        for buf, lo, hi in _pieces(Path(path)):
            while seen < header_lines and lo < hi:  # the header's lines are skipped
                lo = buf.index(b"\n", lo) + 1
                seen += 1
            if lo == hi:
                continue
            n = buf.count(b"\n", lo, hi)
            kept.examine(buf, lo, hi, n=n, base=seen)
            records += n
            seen += n
    except BlockDamaged as exc:
        raise damaged(path, exc) from None
    except (_Irregular, OSError):
        return None
    return Scan(kept.out, records)


class _Kept:
    """The lines kept so far that may fall in a window, and the last position seen on each contig (the
    file must be sorted: a position out of order makes the caller stream the file instead)."""

    def __init__(self, wanted: dict[bytes, list[tuple[int, int]]]) -> None:
        self.wanted = wanted
        self.last: dict[bytes, int] = {}
        self.out: list[tuple[int, bytes]] = []

    def examine(self, buf: bytes, lo: int, hi: int, *, n: int, base: int) -> None:
        """buf[lo:hi], `n` whole data lines after line `base`: check the order, keep the lines that may
        fall in a window."""
        if self._passed_over(buf, lo, hi, n):
            return
        for i, line in enumerate(buf[lo : hi - 1].split(b"\n")):
            chrom, pos = _chrom_pos(line)
            if pos < self.last.get(chrom, 0):
                raise _Irregular("positions out of order")
            self.last[chrom] = pos
            windows = self.wanted.get(chrom)
            if windows and any(s <= pos <= e for s, e in windows):
                self.out.append((base + i + 1, line))

    def _passed_over(self, buf: bytes, lo: int, hi: int, n: int) -> bool:
        """Whether the range is of one contig throughout (the usual case), in order, and outside every
        window: then only its first and last lines are parsed."""
        c0, p0 = _chrom_pos(buf[lo : buf.index(b"\n", lo)])
        last_start = buf.rfind(b"\n", lo, hi - 1) + 1 if n > 1 else lo
        c1, p1 = _chrom_pos(buf[last_start : hi - 1])
        if c0 != c1 or (n != 1 and buf.count(b"\n" + c0 + b"\t", lo, hi) != n - 1):
            return False
        if p1 < p0 or p0 < self.last.get(c0, 0):
            raise _Irregular("positions out of order")
        windows = self.wanted.get(c0)
        if windows and any(s <= p1 and p0 <= e for s, e in windows):
            return False
        self.last[c0] = p1
        return True
