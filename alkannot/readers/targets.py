"""A panel's design as a BED file (`--targets`): the regions the assay sequenced. A gene outside every
region was not assessed, so the report never reads its absence as 'not found'. Plain or gzipped BED,
0-based half-open coordinates on the report's build; track/browser/comment lines are skipped."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, require_file
from ..genome.builds import normalize_contig

MAX_BYTES = 64 << 20  # a panel design is kilobytes to a few megabytes (also the cap on a gzipped one's content)


class Targets(NamedTuple):
    path: str
    intervals: dict[str, list[tuple[int, int]]]
    """contig (normalised, '2') → sorted (start, end), 0-based half-open"""

    def overlaps(self, chrom: str, start: int, end: int) -> bool:
        """Whether 1-based closed [start, end] on `chrom` overlaps a target region."""
        contig = normalize_contig(chrom)
        return any(s < end and start - 1 < e for s, e in self.intervals.get(contig or "", []))


def read_targets(path: str | Path) -> Targets:
    """A panel design BED → its regions by contig; a file that is not one is an InputError."""
    p = Path(path)
    intervals: dict[str, list[tuple[int, int]]] = {}
    for number, line in enumerate(_text(p).splitlines(), start=1):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        contig, start, end = _region(p, number, line)
        intervals.setdefault(contig, []).append((start, end))
    if not intervals:
        raise InputError(p, "no regions: not a panel design")
    return Targets(str(p), {c: sorted(v) for c, v in intervals.items()})


def _text(p: Path) -> str:
    """The file's text, plain or gzipped, bounded by MAX_BYTES before and after decompression."""
    require_file(p, "a BED file")
    if p.stat().st_size > MAX_BYTES:
        raise InputError(p, f"larger than {MAX_BYTES} bytes: not a panel design")
    with open(p, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    try:
        if gz:
            with gzip.open(p, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        else:
            raw = p.read_bytes()
    except (OSError, EOFError):
        raise InputError(p, "not a readable gzip file") from None
    if len(raw) > MAX_BYTES:
        raise InputError(p, f"more than {MAX_BYTES} bytes once decompressed: not a panel design")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(p, f"not UTF-8 text (byte {exc.start})") from None


def _region(p: Path, number: int, line: str) -> tuple[str, int, int]:
    """One BED line → (normalised contig, start, end), 0-based half-open."""
    fields = line.split("\t") if "\t" in line else line.split()
    if len(fields) < 3:
        raise InputError(p, "a BED line needs chrom, start and end", line=number)
    try:
        start, end = int(fields[1]), int(fields[2])
    except ValueError:
        raise InputError(p, "start and end must be whole numbers", line=number) from None
    if start < 0 or end <= start:
        raise InputError(p, f"start {start} and end {end} do not make a region (0-based, start < end)", line=number)
    return normalize_contig(fields[0]) or fields[0], start, end
