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

The caller (readers/vcf/indexed.py) also has htslib open the index and run the queries; when a check or a
query fails, the file is read without the index and the report says why (warning
`vcf_index_unusable`). Nothing here raises for a bad index: `verify` returns the problem."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

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
    data_end: int | None = None
    """the largest virtual offset any chunk ends at, where the indexed records end (parsed with all_ends)"""
    ends: dict[int, int] = field(default_factory=dict)
    """per kept reference, the virtual offset where its records end (0: not recorded)"""
    has_records: list[bool] = field(default_factory=list)
    """per reference, whether the index gives it any bin"""

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
        out = self.data[self.at : self.at + n]
        self.at += n
        return out

    def i32(self) -> int:
        value = _I32.unpack(self.take(4))[0]
        if value < 0:
            raise _Bad("holds a negative count (not an index)")
        return value


class _Layout(NamedTuple):
    """What an index's head says: its reference names, bin layout and number of references."""

    names: list[str] | None
    min_shift: int
    depth: int
    n_ref: int
    tbi: bool


def _layout(r: _Reader) -> _Layout:
    """The head of a .tbi (fixed bin layout, names) or .csi (its own layout, names only in tabix's aux data)."""
    magic = r.take(4)
    if magic == b"TBI\x01":
        n_ref = r.i32()
        return _Layout(_names(r, n_ref), _TBI_SHIFT, _TBI_DEPTH, n_ref, tbi=True)
    if magic == b"CSI\x01":
        min_shift, depth = r.i32(), r.i32()
        if not 0 < min_shift < 32 or not 0 < depth < 16:
            raise _Bad("has an impossible bin layout")
        aux = r.take(r.i32())
        n_ref = r.i32()
        return _Layout(_names(_Reader(aux), n_ref) if aux else None, min_shift, depth, n_ref, tbi=False)
    raise _Bad("is not a .tbi or .csi index (wrong magic bytes)")


def parse(
    path: Path,
    keep: Callable[[int, list[str] | None, int, int], bool | set[int]] = lambda *_: True,
    all_ends: bool = True,
) -> Index:
    """The index's tables; `_Bad` on anything that is not a whole .tbi/.csi. Bins and linear index are
    kept only for the references `keep(position, names, min_shift, depth)` asks for (True: every
    bin; a set: those bins); the others (a WGS index has some
    200,000 bins) are skipped at one unpack a bin, and `data_end` (where the last indexed record ends,
    which needs every bin) is read only with `all_ends`."""
    data = _inflate(path)
    if not data:
        raise _Bad("is empty")
    r = _Reader(data)
    layout = _layout(r)
    index = Index(path, layout.names, layout.min_shift, layout.depth)
    data_end = 0
    at = r.at
    try:
        for ref in range(layout.n_ref):
            wanted = keep(ref, layout.names, layout.min_shift, layout.depth)
            at, ref_data_end = _read_reference(index, data, at, layout, wanted=wanted, all_ends=all_ends)
            data_end = max(data_end, ref_data_end)
    except struct.error:
        raise _Bad("is truncated (it ends in the middle of its tables)") from None
    rest = len(data) - at
    if rest not in (0, 8):  # 8: n_no_coor
        raise _Bad(
            f"has {rest} unexpected bytes after its tables"
            if rest > 0
            else "is truncated (it ends in the middle of its tables)"
        )
    index.data_end = data_end if all_ends else None
    return index


def _read_reference(
    index: Index, data: bytes, at: int, layout: _Layout, *, wanted: bool | set[int], all_ends: bool
) -> tuple[int, int]:
    """The next reference's bins (and, in a .tbi, its linear index) from `at`, appended to `index`:
    (the offset after them, the largest virtual offset its chunks end at)."""
    ref = len(index.bins)  # the references are read in order, one entry each
    pseudo = ((1 << ((layout.depth + 1) * 3)) - 1) // 7 + 1
    (n_bin,) = _I32.unpack_from(data, at)
    if n_bin < 0:
        raise _Bad("holds a negative count (not an index)")
    walk = _BinWalk(data, layout.tbi, pseudo, wanted, all_ends)
    at = walk.walk(at + 4, n_bin)
    if wanted:
        index.ends[ref] = walk.ref_end or 0  # 0: no pseudo-bin (older writers), the contig's end is not known
    index.has_records.append(n_bin > 0)
    index.bins.append(walk.bins)
    linear: list[int] = []
    if layout.tbi:
        (n_intv,) = _I32.unpack_from(data, at)
        at += 4
        if n_intv < 0 or at + 8 * n_intv > len(data):
            raise _Bad("is truncated or corrupt (a linear index runs past its end)")
        if wanted:
            linear = list(struct.unpack_from(f"<{n_intv}Q", data, at))
        at += 8 * n_intv
    index.linear.append(linear)
    return at, max(walk.last_end, walk.ref_end or 0)


class _BinWalk:
    """One reference's bins: the chunks of the `wanted` bins (True: all), where its records end (the
    pseudo-bin), and the largest chunk end when `all_ends`.

    A WGS index has some 200,000 bins, nearly all of one chunk, and a loop of Python over them costs
    more than htslib's whole query. So runs of one-chunk bins are found with strided byte slices (a
    bin is `stride` bytes, its n_chunk at `off`) and read with one unpack each, in C; only the bins
    of several chunks (a few per contig) are read one at a time."""

    def __init__(self, data: bytes, tbi: bool, pseudo: int, wanted: bool | set[int], all_ends: bool) -> None:
        self.data, self.pseudo, self.wanted, self.all_ends = data, pseudo, wanted, all_ends
        self.head = struct.Struct("<Ii" if tbi else "<IQi")  # bin, [loffset,] n_chunk
        self.step = self.head.size
        self.stride, self.off = self.step + 16, self.step - 4
        self.per_bin = self.stride // 4  # u32 words in a one-chunk bin
        self.bins: dict[int, list[tuple[int, int]]] = {}
        self.ref_end: int | None = None
        """where the reference's records end (its pseudo-bin), when written"""
        self.last_end = 0
        """the largest chunk end read (with all_ends)"""

    def walk(self, at: int, n_bin: int) -> int:
        """Read `n_bin` bins from `at`; the offset after them."""
        left = n_bin
        while left:
            run = self._run_length(at, left)
            if run:
                self._take_run(at, run)
                at += self.stride * run
                left -= run
            else:
                at = self._take_bin(at)
                left -= 1
        for chunks in self.bins.values():
            if any(e < s for s, e in chunks):
                raise _Bad("has a chunk that ends before it starts")
        return at

    def _run_length(self, at: int, left: int) -> int:
        """How many of the next bins (at most `left`) hold one chunk each."""
        data, stride = self.data, self.stride
        end = min(at + stride * left, at + stride * ((len(data) - at) // stride))
        runs = [data[at + self.off + k : end : stride] for k in range(4)]  # n_chunk's four bytes, bin after bin
        return min(len(runs[0]) - len(runs[0].lstrip(b"\x01")), *(len(r) - len(r.lstrip(b"\x00")) for r in runs[1:]))

    def _take_run(self, at: int, run: int) -> None:
        """`run` one-chunk bins from `at`, read in C."""
        wanted = self.wanted
        if not (wanted or self.all_ends):
            return
        stride, per_bin = self.stride, self.per_bin
        view = memoryview(self.data)[at : at + stride * run]
        ids = view.cast("I")[0::per_bin].tolist()
        if self.all_ends:
            self.last_end = max(self.last_end, max(view.cast("Q")[per_bin // 2 - 1 :: per_bin // 2]))
        hits = set(ids) if wanted is True else wanted.intersection(ids) if wanted else set()
        for b in hits:
            first = at + stride * ids.index(b) + self.step
            self.bins[b] = [struct.unpack_from("<QQ", self.data, first)]

    def _take_bin(self, at: int) -> int:
        """The bin at `at`, of any number of chunks; the offset after it."""
        data, wanted = self.data, self.wanted
        b, n_chunk = self.head.unpack_from(data, at)[0], self.head.unpack_from(data, at)[-1]
        first = at + self.step
        at = first + 16 * n_chunk
        if n_chunk < 0 or at > len(data):
            raise _Bad("is truncated or corrupt (a bin's chunks run past its end)")
        if b == self.pseudo:  # (start, end) of the reference's records, then (mapped, unmapped) counts
            if n_chunk:
                self.ref_end = _U64.unpack_from(data, first + 8)[0]
            return at
        chunks = [struct.unpack_from("<QQ", data, first + 16 * i) for i in range(n_chunk)]
        if chunks and self.all_ends:
            self.last_end = max(self.last_end, chunks[-1][1])  # a bin's chunks are sorted: the last one ends last
        if wanted is True or (wanted and b in wanted):
            self.bins[b] = chunks
        return at


def _inflate(path: Path) -> bytes:
    """The index's bytes: its gzip members (BGZF blocks) inflated one after another, each checked
    (CRC32, ISIZE) by zlib."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_INDEX_BYTES + 1)
    except OSError as exc:
        raise _Bad(f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    parts, total = [], 0
    try:
        while raw:
            member = zlib.decompressobj(31)
            part = member.decompress(raw, MAX_INDEX_BYTES + 1 - total)
            if not member.eof:
                raise _Bad("is not a readable compressed index (truncated or too large)")
            total += len(part)
            parts.append(part)
            raw = member.unused_data
    except zlib.error:
        raise _Bad("is not a readable compressed index (not gzip, or damaged)") from None
    return b"".join(parts)


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
        out = data[u : u + n]
        while len(out) < n and following < self.size:
            data, following = self.at(following)
            out += data[: n - len(out)]
        return out


def verify(
    data_path: Path,
    index_path: Path,
    kind: str,
    *,
    windows_of: Callable[[list[str]], dict[str, list[tuple[int, int]]]],
    header_ids: dict[str, int],
    covered: Callable[[list[str]], bool],
) -> str | None:
    """None when `index_path` fits `data_path` (a 'bgzf' VCF or a 'bcf'), else the problem.
    `windows_of(contig names)` gives, per name, the 0-based half-open windows that will be queried;
    `covered(names)` says whether those names hold every contig the caller wants; `header_ids` maps
    the header's contigs to their ids (a BCF's CSI names its references by id).

    A contig the index gives no record is believed only when the whole file ends where the index
    ends (which needs a second, full pass over the index: a panel's small index, rarely a WGS one's)."""
    names: list[str] = []
    wanted: dict[int, list[tuple[int, int]]] = {}
    keep = _keeper(header_ids, windows_of, names, wanted)
    try:
        index = parse(index_path, keep, all_ends=False)
        size = data_path.stat().st_size
        with open(data_path, "rb") as fh:
            blocks = _Blocks(fh, size)
            with_records = _check_queries(blocks, index, wanted, names, kind)
            if len(with_records) < len(wanted) or not covered(with_records):
                _check_end(blocks, parse(index_path, all_ends=True).data_end or 0)
    except _Bad as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc.__class__.__name__})"
    return None


def _keeper(
    header_ids: dict[str, int],
    windows_of: Callable[[list[str]], dict[str, list[tuple[int, int]]]],
    names: list[str],
    wanted: dict[int, list[tuple[int, int]]],
) -> Callable[[int, list[str] | None, int, int], set[int]]:
    """`parse`'s `keep`: the bins of the windows queried on each reference. On its first call it fills
    `names` (the index's, else the header's by id) and `wanted` (reference → its windows)."""
    by_id = [""] * (max(header_ids.values(), default=-1) + 1)
    for header_name, i in header_ids.items():
        by_id[i] = header_name

    def keep(ref: int, index_names: list[str] | None, min_shift: int, depth: int) -> set[int]:
        if not names:
            names.extend(index_names if index_names is not None else by_id)
            for name, windows in windows_of([n for n in names if n]).items():
                wanted[names.index(name)] = windows
        return {b for beg, end in wanted.get(ref, ()) for b in _reg2bins(beg, end, min_shift, depth)}

    return keep


def _check_queries(
    blocks: _Blocks, index: Index, wanted: dict[int, list[tuple[int, int]]], names: list[str], kind: str
) -> list[str]:
    """Check where every query of the `wanted` windows starts, and where each contig's records end;
    the names of the contigs the index gives records."""
    with_records: list[str] = []
    for ref, windows in wanted.items():
        if ref >= len(index.has_records) or not index.has_records[ref]:
            continue  # no record, says the index: believed only if the whole file ends where the index ends
        name = names[ref] if ref < len(names) else None
        for beg, end in windows:
            for start in index.chunk_starts(ref, beg, end):
                _check_record_start(blocks, start, kind, ref, name)
        if index.ends.get(ref):
            _check_contig_end(blocks, index.ends[ref], kind, ref, name)
        with_records.append(names[ref])
    return with_records


_STALE_END = "is stale: the file holds records after the last one it indexes (built for another version of the file)"
_STALE_CONTIG_END = (
    "is stale: the file holds records of a contig after the last one it indexes (built for another version of the file)"
)
_STALE_START = (
    "is stale: it points to a place in the file where no record of that contig starts "
    "(built for another version of the file)"
)


def _check_end(blocks: _Blocks, data_end: int) -> None:
    """Nothing but empty blocks follows the index's last chunk end."""
    coffset, u = data_end >> 16, data_end & 0xFFFF
    if coffset == blocks.size and u == 0:
        return
    data, following = blocks.at(coffset)
    if len(data) > u:
        raise _Bad(_STALE_END)
    while following < blocks.size:
        data, following = blocks.at(following)
        if data:
            raise _Bad(_STALE_END)


def _check_contig_end(blocks: _Blocks, voffset: int, kind: str, ref: int, name: str | None) -> None:
    """Where the index says a contig's records end, the file's data ends or another contig's begin:
    a record appended to the contig since the index was built would be missed by every query."""
    stale = _STALE_CONTIG_END
    coffset, u = voffset >> 16, voffset & 0xFFFF
    data, _ = blocks.at(coffset)
    if u > len(data):
        raise _Bad(stale)
    if kind == "bcf":
        head = blocks.bytes_from(voffset, 12)
        if len(head) >= 12 and struct.unpack_from("<i", head, 8)[0] == ref:
            raise _Bad(stale)
        return
    if u > 0 and data[u - 1 : u] != b"\n":
        raise _Bad(stale)
    if name is not None and blocks.bytes_from(voffset, len(name.encode()) + 1) == name.encode() + b"\t":
        raise _Bad(stale)


def _check_record_start(blocks: _Blocks, voffset: int, kind: str, ref: int, name: str | None) -> None:
    coffset, u = voffset >> 16, voffset & 0xFFFF
    data, _ = blocks.at(coffset)
    stale = _STALE_START
    if u > len(data):
        raise _Bad(stale)
    if kind == "bcf":  # l_shared, l_indiv, CHROM (the contig's header id)
        head = blocks.bytes_from(voffset, 12)
        if len(head) < 12 or struct.unpack_from("<i", head, 8)[0] != ref:
            raise _Bad(stale)
        return
    if u > 0 and data[u - 1 : u] != b"\n":
        raise _Bad(stale)
    if name is not None:
        head = blocks.bytes_from(voffset, len(name.encode()) + 1)
        if head != name.encode() + b"\t":
            raise _Bad(stale)
