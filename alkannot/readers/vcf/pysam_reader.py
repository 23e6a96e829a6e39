"""The VCF read by htslib (pysam): bgzip, BCF and well-formed text. The records of the regions come
through a verified index, else from a BGZF block scan of a large unindexed bgzip file, else by
streaming every record. What htslib refuses in a text file goes to the lenient pyvcf3 reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...genome.builds import normalize_contig
from ...model import ReportWarning, SmallVariant
from .. import limits
from ..samples import choose_column, roles_from_pysam
from .alleles import Reading, alleles
from .indexed import close_quietly, fetch, verified_index
from .opening import sniff
from .records import HtslibRefused, Raw, Region, Request, VcfHeader, VcfResult, in_regions, make_header, short

_FORMATS = {"bgzf": "vcf.gz", "gzip": "vcf.gz (gzip, not bgzip)", "bcf": "bcf", "text": "vcf"}
"""the format an input is reported as, by what `sniff` found"""


def read_with_pysam(
    path: Path, kind: str, request: Request, header_lines: int, warnings: list[ReportWarning]
) -> VcfResult:
    """The file read by htslib; `HtslibRefused` when it cannot open it, or cannot parse a text file."""
    import pysam

    pysam.set_verbosity(0)
    try:
        vf = pysam.VariantFile(str(path))
    except (ValueError, OSError) as exc:
        raise HtslibRefused(short(exc)) from None
    with ExitStack() as opened:
        opened.callback(close_quietly, vf)
        hdr = _header(vf, path, kind, header_lines)
        chosen = choose_column(path, hdr.samples, request.sample, hdr.roles, line=hdr.header_lines or None)
        reading = Reading(path, hdr, chosen, request.include_filtered, request.genes, True, warnings)
        warned = len(warnings)
        indexed, index_name = verified_index(vf, path, kind, request.regions, warnings) or (None, "")
        if indexed is not None and indexed is not vf:
            opened.callback(close_quietly, indexed)
        counter = [0]
        records = pysam_records(
            vf, path, request.regions, header_lines, counter, indexed=indexed, index_name=index_name, warnings=warnings
        )
        variants: list[SmallVariant] = []
        try:
            for raw in records:
                variants.extend(alleles(reading, raw))
        except (OSError, ValueError) as exc:
            line = header_lines + counter[0] + 1 if header_lines else None
            raise _record_error(exc, reading, kind, line, warned) from None
    return VcfResult(str(path), _FORMATS[kind], hdr, chosen, variants, warnings, counter[0], reading.set_aside)


def _header(vf: Any, path: Path, kind: str, header_lines: int) -> VcfHeader:
    if kind == "bcf":  # a text header's samples were counted when it was scanned
        limits.check_samples(path, len(vf.header.samples))
    try:
        return header_from_pysam(vf, header_lines)
    except ValueError as exc:  # UnicodeDecodeError: header bytes that are not UTF-8
        raise HtslibRefused(f"unreadable header ({short(exc)})") from None


def _record_error(exc: Exception, reading: Reading, kind: str, line: int | None, warned: int) -> Exception:
    """What a record htslib cannot read raises: in a text file, the refusal that lets pyvcf3 read it
    afresh (the warnings of this reading dropped); else the damage or the malformed record."""
    msg = short(exc)
    if kind == "text":  # htslib says 'truncated file' of any unparsable text record: let pyvcf3 name the line
        del reading.warnings[warned:]
        return HtslibRefused(msg)
    if "truncat" in msg.lower() or isinstance(exc, OSError):
        return InputError(reading.path, f"truncated or corrupt file ({msg})", line=None)
    return InputError(reading.path, f"malformed record ({msg})", line=line)


def header_from_pysam(vf: Any, header_lines: int) -> VcfHeader:
    meta: list[tuple[str, str]] = []
    for rec in vf.header.records:
        if rec.type == "GENERIC" and rec.key:
            meta.append((rec.key, str(rec.value)))
    contigs = {name: c.length for name, c in vf.header.contigs.items()}
    info = vf.header.info
    descriptions = {key: info[key].description or "" for key in ("CSQ", "ANN") if key in info}
    hdr = make_header(list(vf.header.samples), meta, contigs, descriptions, header_lines)
    hdr.roles = roles_from_pysam(vf.header)
    return hdr


def _convert(rec: Any, line: int | None) -> Raw:
    filters = [f for f in rec.filter if f != "PASS"]
    return Raw(rec.chrom, rec.pos, rec.ref or "", tuple(rec.alts or ()), filters, dict(rec.info), {"_rec": rec}, line)


def pysam_records(
    vf: Any,
    path: Path,
    regions: list[Region],
    header_lines: int,
    counter: list[int],
    *,
    indexed: Any = None,
    index_name: str = "",
    warnings: list[ReportWarning] | None = None,
) -> Iterator[Raw]:
    """The records of `regions`: queried through `indexed` (the file opened with a verified index),
    else by a BGZF block scan of a large bgzip file, else by streaming every record. `counter[0]`:
    the records read so far (a parse error names the line after them)."""
    if indexed is not None:
        fetched = fetch(indexed, regions)
        if fetched is not None:
            for rec in fetched:
                counter[0] += 1
                yield _convert(rec, None)
            return
        if warnings is not None:  # htslib refused a query the checks let through: never a region read as empty
            message = f"{path}: a region query through the index {index_name} failed; the file is read without it"
            warnings.append(ReportWarning(code="vcf_index_unusable", message=message))
    scanned = scan_bgzf(vf, path, regions, header_lines)
    if scanned is not None:  # a large unindexed bgzip file: only the pieces near the regions are parsed
        yield from _scanned_records(vf, scanned, regions, header_lines, counter)
        return
    yield from _streamed_records(vf, regions, header_lines, counter)


def _scanned_records(
    vf: Any, scanned: tuple[list[tuple[int, bytes]], int], regions: list[Region], header_lines: int, counter: list[int]
) -> Iterator[Raw]:
    lines, records = scanned
    with _ParsedLines(vf, [text for _, text in lines]) as parsed:
        for (line, _), rec in zip(lines, parsed, strict=False):
            counter[0] = line - header_lines - 1  # a parse error names this line
            if in_regions(rec.chrom, rec.pos, len(rec.ref or ""), regions):
                yield _convert(rec, line)
    counter[0] = records


def _streamed_records(vf: Any, regions: list[Region], header_lines: int, counter: list[int]) -> Iterator[Raw]:
    on_contig: dict[str, list[Region]] = {}  # contig name as written → the regions on it
    for n, rec in enumerate(vf, 1):
        counter[0] += 1
        chrom = rec.chrom
        spans = on_contig.get(chrom)
        if spans is None:
            spans = on_contig[chrom] = [r for r in regions if r.chrom == normalize_contig(chrom)]
        if spans and in_regions(chrom, rec.pos, len(rec.ref or ""), spans):
            yield _convert(rec, header_lines + n if header_lines else None)


def scan_bgzf(
    vf: Any, path: Path, regions: list[Region], header_lines: int
) -> tuple[list[tuple[int, bytes]], int] | None:
    """(line number, text) of the records near `regions` and the number of records, by scanning the
    BGZF blocks of a large unindexed bgzip VCF (see readers/bgzf.py); None: stream the file instead."""
    from .. import bgzf

    if not header_lines or not vf.header.contigs or path.stat().st_size < bgzf.MIN_BYTES or sniff(path) != "bgzf":
        return None
    wanted: dict[bytes, list[tuple[int, int]]] = {}
    for contig in vf.header.contigs:
        for region in regions:
            if normalize_contig(contig) == region.chrom:
                wanted.setdefault(contig.encode(), []).append((region.start, region.end))
    found = bgzf.scan(path, wanted, header_lines)  # a damaged block: InputError naming its offset
    return None if found is None else (found.lines, found.records)


class _ParsedLines:
    """pysam records of some VCF lines under `vf`'s header (a small temporary VCF beside nothing)."""

    def __init__(self, vf: Any, lines: list[bytes]) -> None:
        self.vf, self.lines = vf, lines
        self.tmp: Any = None
        self.reader: Any = None

    def __enter__(self) -> Any:
        import tempfile

        import pysam

        self.tmp = tempfile.NamedTemporaryFile(prefix="alkannot-", suffix=".vcf")
        self.tmp.write(str(self.vf.header).encode())
        self.tmp.write(b"".join(line.rstrip(b"\r") + b"\n" for line in self.lines))
        self.tmp.flush()
        self.reader = pysam.VariantFile(self.tmp.name)
        return iter(self.reader)

    def __exit__(self, *exc: object) -> None:
        if self.reader is not None:
            self.reader.close()
        self.tmp.close()
