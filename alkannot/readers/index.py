"""Index verification: a `.tbi` or `.csi` beside a bgzip VCF or a BCF is used for region queries only
once it is shown to belong to the file. htslib trusts an index blindly: a corrupt, empty or
truncated one makes a query fail, and a stale one (built for another version of the file) sends it
to byte offsets where other records, or no record, now lie — either way a region would be read as
holding nothing. So an index is checked first, cheaply (a few BGZF blocks, whatever the file's size):

- it parses completely: magic, counts, bins and chunks, and nothing after them;
- its last chunk ends where the file's records end (what follows that virtual offset inflates to
  nothing but the end-of-file marker): a record appended, removed or re-written since the index
  was built moves every block after it, and with them the end;
- every chunk a query of the wanted windows starts from lands on a sound BGZF block (inflated and
  checked against its CRC32 and ISIZE), at the start of a record (the byte before it is a newline)
  of the contig being queried.

The caller (readers/vcf.py) also has htslib open the index and run the queries; when a check or a
query fails, the file is read without the index and the report says why (warning
`vcf_index_unusable`). Nothing here raises for a bad index: `verify` returns the problem."""

from __future__ import annotations

import gzip
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import bgzf

_I32 = struct.Struct("<i")
_U64 = struct.Struct("<Q")
_TBI_SHIFT, _TBI_DEPTH = 14, 5
MAX_INDEX_BYTES = 512 << 20
"""an index inflating to more than this is not an index of a VCF (a WGS file's CSI is a few MB)"""


class _Bad(Exception):
    """The index is unusable; the message says why."""


@dataclass
class Index:
    """A parsed .tbi/.csi: per reference, its bins' chunks (pairs of virtual offsets)."""

    path: Path
    names: list[str] | None
    """reference names in index order (tabix indexes); None for a BCF's CSI (references are the header's contig ids)"""
    min_shift: int
    depth: int
    bins: list[dict[int, list[tuple[int, int]]]] = field(default_factory=list)
    linear: list[list[int]] = field(default_factory=list)
    """per reference, the TBI linear index (smallest offset per 16 kb window); empty lists for CSI"""
    data_end: int = 0
    """the largest virtual offset any chunk ends at: where the indexed records end"""

    def chunk_starts(self, ref: int, beg: int, end: int) -> list[int]:
        """Virtual offsets where htslib's query of ref:[beg, end) (0-based, half-open) starts reading."""
        if ref >= len(self.bins):
            return []
        min_off = 0
        lin = self.linear[ref] if ref < len(self.linear) else []
        if lin:
            min_off = lin[min(beg >> self.min_shift, len(lin) - 1)]
        starts = []
        bins = self.bins[ref]
        for b in _reg2bins(beg, end, self.min_shift, self.depth):
            for cbeg, cend in bins.get(b, ()):
                if cend > min_off:
                    starts.append(max(cbeg, min_off))
        return sorted(set(starts))


def _reg2bins(beg: int, end: int, min_shift: int, depth: int) -> list[int]:
    """The bins overlapping [beg, end), as htslib's reg2bins computes them."""
    out: list[int] = []
    s = min_shift + depth * 3
    end = min(end, 1 << s)
    if beg >= end:
        return out
    end -= 1
    t = 0
    for level in range(depth + 1):
        out.extend(range(t + (beg >> s), t + (end >> s) + 1))
        s -= 3
        t += 1 << (level * 3)
    return out


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.at + n > len(self.data):
            raise _Bad("is truncated (it ends in the middle of its tables)")
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def i32(self) -> int:
        value = _I32.unpack(self.take(4))[0]
        if value < 0:
            raise _Bad("holds a negative count (not an index)")
        return value

    def u64(self) -> int:
        return _U64.unpack(self.take(8))[0]


def parse(path: Path) -> Index:
    """The index's tables; `_Bad` on anything that is not a whole .tbi/.csi."""
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(MAX_INDEX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise _Bad(f"is not a readable compressed index ({exc.__class__.__name__})") from None
    if len(data) > MAX_INDEX_BYTES:
        raise _Bad(f"inflates to more than {MAX_INDEX_BYTES} bytes (not an index)")
    if not data:
        raise _Bad("is empty")
    r = _Reader(data)
    magic = r.take(4)
    names: list[str] | None = None
    if magic == b"TBI\x01":
        min_shift, depth = _TBI_SHIFT, _TBI_DEPTH
        n_ref = r.i32()
        names = _names(r, n_ref)
        tbi = True
    elif magic == b"CSI\x01":
        min_shift, depth = r.i32(), r.i32()
        if not 0 < min_shift < 32 or not 0 < depth < 16:
            raise _Bad("has an impossible bin layout")
        aux = r.take(r.i32())
        n_ref = r.i32()
        if aux:
            sub = _Reader(aux)
            names = _names(sub, n_ref)
        tbi = False
    else:
        raise _Bad("is not a .tbi or .csi index (wrong magic bytes)")
    index = Index(path, names, min_shift, depth)
    pseudo = ((1 << ((depth + 1) * 3)) - 1) // 7 + 1
    data_end = 0
    for _ in range(n_ref):
        bins: dict[int, list[tuple[int, int]]] = {}
        for _ in range(r.i32()):
            b = _U32(r)
            if not tbi:
                r.u64()  # loffset
            n_chunk = r.i32()
            raw = r.take(16 * n_chunk)
            chunks = [struct.unpack_from("<QQ", raw, 16 * i) for i in range(n_chunk)]
            if b == pseudo:  # (start, end) of the reference's records, then (mapped, unmapped) counts
                if chunks:
                    data_end = max(data_end, chunks[0][1])
                continue
            for cbeg, cend in chunks:
                if cend < cbeg:
                    raise _Bad("has a chunk that ends before it starts")
                data_end = max(data_end, cend)
            bins[b] = chunks
        index.bins.append(bins)
        linear: list[int] = []
        if tbi:
            n_intv = r.i32()
            raw = r.take(8 * n_intv)
            linear = list(struct.unpack(f"<{n_intv}Q", raw))
        index.linear.append(linear)
    rest = len(data) - r.at
    if rest == 8:  # n_no_coor
        r.u64()
    elif rest:
        raise _Bad(f"has {rest} unexpected bytes after its tables")
    index.data_end = data_end
    return index


def _U32(r: _Reader) -> int:
    return struct.unpack("<I", r.take(4))[0]


def _names(r: _Reader, n_ref: int) -> list[str]:
    r.take(24)  # format, col_seq, col_beg, col_end, meta, skip
    names = r.take(r.i32()).split(b"\0")
    if names and names[-1] == b"":
        names.pop()
    if len(names) != n_ref:
        raise _Bad(f"names {len(names)} sequences but counts {n_ref}")
    return [n.decode("utf-8", "replace") for n in names]


class _Blocks:
    """Inflated BGZF blocks of the data file by offset, read once each."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh, self.size = fh, size
        self.cache: dict[int, tuple[bytes, int]] = {}

    def at(self, coffset: int) -> tuple[bytes, int]:
        if coffset >= self.size:
            raise _Bad(f"points to byte {coffset}, beyond the end of the file ({self.size} bytes)")
        if coffset not in self.cache:
            try:
                self.cache[coffset] = bgzf.read_block(self.fh, coffset)
            except bgzf.BlockDamaged as exc:
                raise _Bad(f"points into the file where no sound record block starts ({exc})") from None
        return self.cache[coffset]

    def bytes_from(self, voffset: int, n: int) -> bytes:
        """Up to `n` bytes of inflated data from virtual offset `voffset` (across block edges)."""
        coffset, u = voffset >> 16, voffset & 0xFFFF
        data, following = self.at(coffset)
        if u > len(data):
            raise _Bad(f"points past the end of the block at byte {coffset}")
        out = data[u:u + n]
        while len(out) < n and following < self.size:
            data, following = self.at(following)
            out += data[:n - len(out)]
        return out


def verify(data_path: Path, index_path: Path, kind: str, wanted: dict[int, list[tuple[int, int]]],
           contig_names: list[str]) -> str | None:
    """None when `index_path` fits `data_path` (a 'bgzf' VCF or a 'bcf'), else the problem.
    `wanted` maps a reference's position in the index to 0-based half-open windows to be queried;
    `contig_names[i]` is the name a text record of reference i starts with."""
    try:
        index = parse(index_path)
        size = data_path.stat().st_size
        with open(data_path, "rb") as fh:
            blocks = _Blocks(fh, size)
            _check_end(blocks, index.data_end)
            for ref, windows in wanted.items():
                for beg, end in windows:
                    for start in index.chunk_starts(ref, beg, end):
                        _check_record_start(blocks, start, kind, ref, contig_names[ref] if ref < len(contig_names) else None)
    except _Bad as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc.__class__.__name__})"
    return None


def _check_end(blocks: _Blocks, data_end: int) -> None:
    """Nothing but empty blocks follows the index's last chunk end."""
    coffset, u = data_end >> 16, data_end & 0xFFFF
    if coffset == blocks.size and u == 0:
        return
    data, following = blocks.at(coffset)
    if len(data) > u:
        raise _Bad("is stale: the file holds records after the last one it indexes (built for another version of the file)")
    while following < blocks.size:
        data, following = blocks.at(following)
        if data:
            raise _Bad("is stale: the file holds records after the last one it indexes (built for another version of the file)")


def _check_record_start(blocks: _Blocks, voffset: int, kind: str, ref: int, name: str | None) -> None:
    coffset, u = voffset >> 16, voffset & 0xFFFF
    data, _ = blocks.at(coffset)
    stale = "is stale: it points to a place in the file where no record of that contig starts (built for another version of the file)"
    if u > len(data):
        raise _Bad(stale)
    if kind == "bcf":  # l_shared, l_indiv, CHROM (the contig's header id)
        head = blocks.bytes_from(voffset, 12)
        if len(head) < 12 or struct.unpack_from("<i", head, 8)[0] != ref:
            raise _Bad(stale)
        return
    if 0 < u and data[u - 1:u] != b"\n":
        raise _Bad(stale)
    if name is not None:
        head = blocks.bytes_from(voffset, len(name.encode()) + 1)
        if head != name.encode() + b"\t":
            raise _Bad(stale)
