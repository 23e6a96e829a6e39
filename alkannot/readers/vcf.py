"""Small-variant VCF reader (.vcf, .vcf.gz bgzip or gzip, .bcf) on pysam/htslib, with pyvcf3 as the
lenient fallback for plain-text files htslib refuses.

It knows the format and nothing of biology: it yields one `SmallVariant` per ALT allele of the
records inside the requested regions, for the tumour sample, with VAF, depth, genotype, phase and
any VEP CSQ / SnpEff ANN annotations. Bad input is an `InputError` naming the file and line."""

from __future__ import annotations

import gzip
import math
import os
import re
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, require_file
from ..genome.builds import detect_from_header, normalize_contig
from ..model import SmallVariant, TranscriptAnnotation
from .presence import SetAside, measured, presence
from .samples import SampleRoles, choose_column, matched_normal, roles_from_meta, roles_from_pysam
from . import limits


class Region(NamedTuple):
    """A 1-based inclusive window on a normalized contig ('2', not 'chr2')."""

    chrom: str
    start: int
    end: int


@dataclass
class VcfHeader:
    samples: list[str]
    meta: list[tuple[str, str]]
    contigs: dict[str, int | None]
    csq_fields: list[str] | None = None
    ann_fields: list[str] | None = None
    build: str | None = None
    build_evidence: str = ""
    header_lines: int = 0
    roles: SampleRoles = field(default_factory=SampleRoles)
    """the tumour and matched normal the header declares"""


class VcfResult(NamedTuple):
    path: str
    format: str
    header: VcfHeader
    sample: str | None
    variants: list[SmallVariant]
    warnings: list[tuple[str, str]]
    records_read: int
    set_aside: list[SetAside]
    """records of the regions read that were not passed on (absent in the sample, FILTER, malformed), with the reason"""


_CSQ_FORMAT = re.compile(r"Format:\s*(\S+)")
_ANN_FORMAT = re.compile(r"'([^']+)'")
_BASES = re.compile(r"[ACGTNacgtn]+")
_SAMPLE_KEYS = frozenset(
    ("GT", "AF", "AD", "DP", "PS", "VAF", "FREQ", "AO", "RO", "PGT", "PID", "HP", "AU", "CU", "GU", "TU", "TAR", "TIR")
)
"""the FORMAT fields any reading of depth, allele fraction, genotype or phase looks at"""


def sniff(path: Path) -> str:
    """'bcf', 'bgzf', 'gzip' or 'text', from the first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(18)
    if head[:2] == b"\x1f\x8b":
        bgzf = len(head) >= 16 and head[3] & 4 and head[12:14] == b"BC"
        if bgzf:
            with gzip.open(path, "rb") as fh:
                try:
                    inner = fh.read(5)
                except (OSError, EOFError, zlib.error):
                    inner = b""
            return "bcf" if inner.startswith(b"BCF") else "bgzf"
        return "gzip"
    if head[:3] == b"BCF":
        return "bcf"
    return "text"


def _open_text(path: Path, kind: str) -> Any:
    if kind in {"bgzf", "gzip"}:
        return limits.open_text(path)  # bounded by its decompressed size
    return open(path, encoding="utf-8", errors="replace", newline="")


def _scan_text_header(path: Path, kind: str) -> int:
    """Check a text VCF's header without reading its body; returns the number of header lines."""
    try:
        with _open_text(path, kind) as fh:
            n = 0
            for n, line in enumerate(limits.lines(fh, path), 1):
                if n == 1 and not line.startswith("##fileformat=VCF"):
                    if not line.startswith("#"):
                        raise InputError(path, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
                if line.startswith("#CHROM"):
                    limits.check_samples(path, max(0, len(line.split("\t" if "\t" in line else None)) - 9), line=n)
                    return n if "\t" in line else -n  # negative: columns separated by spaces
                if not line.startswith("#"):
                    raise InputError(path, "not a VCF: no '#CHROM' header line before the first record", line=n)
            if n == 0:
                raise InputError(path, "the file is empty (not a VCF)")
            raise InputError(path, "not a VCF: no '#CHROM' header line")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__}: {exc})") from None


def read_vcf(
    path: str | Path,
    regions: list[Region],
    sample: str | None = None,
    include_filtered: bool = False,
    genes: set[str] | None = None,
) -> VcfResult:
    """Read the records of `regions` (or, with no index, stream and filter) for one sample."""
    p = Path(path)
    require_file(p, "a VCF")
    if not os.access(p, os.R_OK):
        raise InputError(p, "cannot be read (permission denied)")
    if p.stat().st_size == 0:
        raise InputError(p, "the file is empty (not a VCF)")
    kind = sniff(p)
    header_lines = 0
    spaced = False
    if kind != "bcf":
        header_lines = _scan_text_header(p, kind)
        spaced, header_lines = header_lines < 0, abs(header_lines)
    warnings: list[tuple[str, str]] = []
    if spaced:
        warnings.append(
            (
                "vcf_lenient_parser",
                f"{p}: columns are separated by spaces, not tabs; read with the lenient pyvcf3 parser",
            )
        )
        return _read_with_pyvcf(
            p, kind, regions, sample, include_filtered, genes, header_lines, warnings, strict_whitespace=False
        )
    if kind == "gzip":  # htslib cannot stream plain gzip through pysam; read it as text
        warnings.append(
            (
                "vcf_not_bgzip",
                f"{p}: compressed with gzip, not bgzip; read as a stream (bgzip and index it for region queries)",
            )
        )
        return _read_with_pyvcf(p, kind, regions, sample, include_filtered, genes, header_lines, warnings)
    try:
        return _read_with_pysam(p, kind, regions, sample, include_filtered, genes, header_lines, warnings)
    except _HtslibRefused as refused:
        if kind != "text":
            raise InputError(p, f"htslib cannot read this file: {refused}") from None
        warnings.append(
            ("vcf_lenient_parser", f"{p}: htslib refused the file ({refused}); read with the lenient pyvcf3 parser")
        )
        return _read_with_pyvcf(p, kind, regions, sample, include_filtered, genes, header_lines, warnings)


class _HtslibRefused(Exception):
    pass


# ----------------------------------------------------------------------------- header


def _header_from_pysam(vf: Any, header_lines: int) -> VcfHeader:
    meta: list[tuple[str, str]] = []
    for rec in vf.header.records:
        if rec.type == "GENERIC" and rec.key:
            meta.append((rec.key, str(rec.value)))
    contigs = {name: c.length for name, c in vf.header.contigs.items()}
    info = vf.header.info
    descriptions = {key: info[key].description or "" for key in ("CSQ", "ANN") if key in info}
    hdr = _make_header(list(vf.header.samples), meta, contigs, descriptions, header_lines)
    hdr.roles = roles_from_pysam(vf.header)
    return hdr


def _make_header(
    samples: list[str],
    meta: list[tuple[str, str]],
    contigs: dict[str, int | None],
    descriptions: dict[str, str],
    header_lines: int,
) -> VcfHeader:
    """One header record whichever parser read it; CSQ/ANN field order comes from their descriptions."""
    hdr = VcfHeader(samples=samples, meta=meta, contigs=contigs, header_lines=header_lines)
    csq = _CSQ_FORMAT.search(descriptions.get("CSQ", ""))
    hdr.csq_fields = csq.group(1).split("|") if csq else None
    ann = _ANN_FORMAT.search(descriptions.get("ANN", ""))
    hdr.ann_fields = [f.strip() for f in ann.group(1).split("|")] if ann else None
    hdr.build, hdr.build_evidence = detect_from_header(meta, contigs)
    return hdr


def _normal_sample(hdr: VcfHeader, tumour: str | None) -> str | None:
    """The tumour's matched normal: the one the header declares, else the other of two samples."""
    return matched_normal(hdr.samples, hdr.roles, tumour)


# ----------------------------------------------------------------------------- records


class _Raw(NamedTuple):
    """A record reduced to what the reader needs, whichever parser produced it."""

    chrom: str
    pos: int
    ref: str
    alts: tuple[str, ...]
    filters: list[str]
    info: dict[str, Any]
    fmt: dict[str, Any]
    line: int | None


def _in_regions(chrom: str, pos: int, ref_len: int, regions: list[Region]) -> bool:
    norm = normalize_contig(chrom)
    end = pos + max(ref_len, 1) - 1
    return any(r.chrom == norm and pos <= r.end and end >= r.start for r in regions)


def _pysam_records(
    vf: Any,
    path: Path,
    regions: list[Region],
    header_lines: int,
    counter: list[int],
    indexed: Any = None,
    index_name: str = "",
    warnings: list[tuple[str, str]] | None = None,
) -> Iterator[_Raw]:
    """The records of `regions`: queried through `indexed` (the file opened with a verified index),
    else by a BGZF block scan of a large bgzip file, else by streaming every record."""

    def convert(rec: Any, line: int | None) -> _Raw:
        filters = [f for f in rec.filter.keys() if f != "PASS"]
        return _Raw(
            rec.chrom, rec.pos, rec.ref or "", tuple(rec.alts or ()), filters, dict(rec.info), {"_rec": rec}, line
        )

    if indexed is not None:
        fetched = _fetch(indexed, regions)
        if fetched is not None:
            for rec in fetched:
                counter[0] += 1
                yield convert(rec, None)
            return
        if warnings is not None:  # htslib refused a query the checks let through: never a region read as empty
            warnings.append(
                (
                    "vcf_index_unusable",
                    f"{path}: a region query through the index {index_name} failed; the file is read without it",
                )
            )
    scanned = _scan_bgzf(vf, path, regions, header_lines)
    if scanned is not None:  # a large unindexed bgzip file: only the pieces near the regions are parsed
        lines, records = scanned
        with _parse_lines(vf, [text for _, text in lines]) as parsed:
            for (line, _), rec in zip(lines, parsed):
                counter[0] = line - header_lines - 1  # a parse error names this line
                if _in_regions(rec.chrom, rec.pos, len(rec.ref or ""), regions):
                    yield convert(rec, line)
        counter[0] = records
        return
    n = 0
    on_contig: dict[str, list[Region]] = {}  # contig name as written → the regions on it
    for rec in vf:
        n += 1
        counter[0] += 1
        chrom = rec.chrom
        spans = on_contig.get(chrom)
        if spans is None:
            spans = on_contig[chrom] = [r for r in regions if r.chrom == normalize_contig(chrom)]
        if spans and _in_regions(chrom, rec.pos, len(rec.ref or ""), spans):
            yield convert(rec, header_lines + n if header_lines else None)


def _windows(contigs: list[str], regions: list[Region]) -> dict[str, list[list[int]]]:
    """Per contig name (as the file or its index writes it), the merged 1-based windows of `regions`
    on it: overlapping regions (ALK in both builds) are read once, as when streaming."""
    windows: dict[str, list[list[int]]] = {}
    for contig in contigs:
        for region in regions:
            if normalize_contig(contig) == region.chrom:
                windows.setdefault(contig, []).append([region.start, region.end])
    for contig, spans in windows.items():
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        windows[contig] = merged
    return windows


def _fetch(indexed: Any, regions: list[Region]) -> list[Any] | None:
    """Every record of `regions` through the index, in order, each once; None when htslib refuses a
    query (the caller then reads the file without the index)."""
    contigs = list(indexed.index) if indexed.index is not None else []
    out: list[Any] = []
    for contig, merged in _windows(contigs, regions).items():
        previous_end = 0
        for start, end in merged:
            try:
                fetched = indexed.fetch(contig, start - 1, end)
            except (ValueError, KeyError):
                return None
            for rec in fetched:
                if rec.start < previous_end:  # a long record also in the previous window: already read
                    continue
                out.append(rec)
            previous_end = end
    return out


INDEX_SUFFIXES = (".csi", ".tbi")
"""what htslib looks for beside a bgzip VCF or BCF, in its order"""


def _verified_index(
    vf: Any, path: Path, kind: str, regions: list[Region], warnings: list[tuple[str, str]]
) -> tuple[Any, str] | None:
    """The file opened with the first index beside it that fits it (readers/index.py) and that htslib
    opens, and that index's name; each one that does not is a warning, and without one the file is
    read without an index (None)."""
    from . import index as vcf_index

    found = [Path(str(path) + ext) for ext in INDEX_SUFFIXES if Path(str(path) + ext).is_file()]
    if not found:
        return None
    if kind not in {"bgzf", "bcf"}:
        warnings.append(
            (
                "vcf_index_unusable",
                f"{path}: {found[0].name} is beside a file that is not bgzip-compressed, so it cannot index it; the file is read without it",
            )
        )
        return None
    header_ids = {name: c.id for name, c in vf.header.contigs.items()}

    def windows_of(names: list[str]) -> dict[str, list[tuple[int, int]]]:
        return {c: [(s - 1, e) for s, e in ws] for c, ws in _windows(names, regions).items()}

    def covered(names: list[str]) -> bool:
        return {r.chrom for r in regions} <= {normalize_contig(n) for n in names}

    for candidate in found:
        problem = vcf_index.verify(path, candidate, kind, windows_of, header_ids, covered)
        if problem is None and candidate == found[0] and vf.index is not None:
            return vf, candidate.name  # the index htslib loaded when it opened the file (it looks in the same order)
        opened = _open_indexed(path, candidate) if problem is None else None
        if opened is not None:
            return opened, candidate.name
        problem = problem or "cannot be opened by htslib"
        warnings.append(
            ("vcf_index_unusable", f"{path}: the index {candidate.name} {problem}; the file is read without it")
        )
    return None


def _open_indexed(path: Path, index: Path) -> Any:
    """The file opened by htslib with `index`, or None when htslib cannot load the index."""
    import pysam

    try:
        vf = pysam.VariantFile(str(path), index_filename=str(index))
    except (ValueError, OSError):
        return None
    if vf.index is None:
        _close_quietly(vf)
        return None
    return vf


def _scan_bgzf(
    vf: Any, path: Path, regions: list[Region], header_lines: int
) -> tuple[list[tuple[int, bytes]], int] | None:
    """(line number, text) of the records near `regions` and the number of records, by scanning the
    BGZF blocks of a large unindexed bgzip VCF (see readers/bgzf.py); None: stream the file instead."""
    from . import bgzf

    if not header_lines or not vf.header.contigs or path.stat().st_size < bgzf.MIN_BYTES or sniff(path) != "bgzf":
        return None
    windows: dict[bytes, list[tuple[int, int]]] = {}
    for contig in vf.header.contigs:
        for region in regions:
            if normalize_contig(contig) == region.chrom:
                windows.setdefault(contig.encode(), []).append((region.start, region.end))
    found = bgzf.scan(path, windows, header_lines)  # a damaged block: InputError naming its offset
    return None if found is None else (found.lines, found.records)


class _parse_lines:
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

    def __exit__(self, *exc: Any) -> None:
        if self.reader is not None:
            self.reader.close()
        self.tmp.close()


def _read_with_pysam(
    path: Path,
    kind: str,
    regions: list[Region],
    sample: str | None,
    include_filtered: bool,
    genes: set[str] | None,
    header_lines: int,
    warnings: list[tuple[str, str]],
) -> VcfResult:
    import pysam

    pysam.set_verbosity(0)
    try:
        vf = pysam.VariantFile(str(path))
    except (ValueError, OSError) as exc:
        raise _HtslibRefused(_short(exc)) from None
    with ExitStack() as opened:
        opened.callback(_close_quietly, vf)
        if kind == "bcf":  # a text header's samples were counted when it was scanned
            limits.check_samples(path, len(vf.header.samples))
        try:
            hdr = _header_from_pysam(vf, header_lines)
        except ValueError as exc:  # UnicodeDecodeError: header bytes that are not UTF-8
            raise _HtslibRefused(f"unreadable header ({_short(exc)})") from None
        chosen = choose_column(path, hdr.samples, sample, hdr.roles, line=hdr.header_lines or None)
        counter = [0]
        variants: list[SmallVariant] = []
        set_aside: list[SetAside] = []
        warned = len(warnings)
        indexed, index_name = _verified_index(vf, path, kind, regions, warnings) or (None, "")
        if indexed is not None and indexed is not vf:
            opened.callback(_close_quietly, indexed)
        try:
            for raw in _pysam_records(vf, path, regions, header_lines, counter, indexed, index_name, warnings):
                variants.extend(
                    _alleles(path, raw, hdr, chosen, include_filtered, genes, warnings, set_aside, pysam_rec=True)
                )
        except (OSError, ValueError) as exc:
            line = header_lines + counter[0] + 1 if header_lines else None
            msg = _short(exc)
            if kind == "text":  # htslib says 'truncated file' of any unparsable text record: let pyvcf3 name the line
                del warnings[warned:]
                raise _HtslibRefused(msg) from None
            if "truncat" in msg.lower() or isinstance(exc, OSError):
                raise InputError(path, f"truncated or corrupt file ({msg})", line=None) from None
            raise InputError(path, f"malformed record ({msg})", line=line) from None
    fmt = {"bgzf": "vcf.gz", "gzip": "vcf.gz (gzip, not bgzip)", "bcf": "bcf", "text": "vcf"}[kind]
    return VcfResult(str(path), fmt, hdr, chosen, variants, warnings, counter[0], set_aside)


def _close_quietly(vf: Any) -> None:
    """Close a pysam file; htslib's complaint on closing a damaged file ('Closing failed') must not
    replace the error that names the damage."""
    try:
        vf.close()
    except OSError:
        pass


def _read_with_pyvcf(
    path: Path,
    kind: str,
    regions: list[Region],
    sample: str | None,
    include_filtered: bool,
    genes: set[str] | None,
    header_lines: int,
    warnings: list[tuple[str, str]],
    strict_whitespace: bool = True,
) -> VcfResult:
    import vcf as pyvcf  # PyVCF3

    try:
        fh = _open_text(path, kind)
        reader = pyvcf.Reader(fh, compressed=False, strict_whitespace=strict_whitespace)
    except Exception as exc:  # pyvcf raises bare exceptions of many kinds on bad headers
        raise InputError(path, f"not a readable VCF ({_short(exc)})") from None
    with fh:
        meta = [
            (k, str(v)) for k, vals in reader.metadata.items() for v in (vals if isinstance(vals, list) else [vals])
        ]
        contigs = {name: c.length for name, c in reader.contigs.items()}
        descriptions = {key: reader.infos[key].desc or "" for key in ("CSQ", "ANN") if key in reader.infos}
        hdr = _make_header(list(reader.samples), meta, contigs, descriptions, header_lines)
        hdr.roles = roles_from_meta(reader.metadata.items())
        chosen = choose_column(path, hdr.samples, sample, hdr.roles, line=hdr.header_lines or None)
        variants: list[SmallVariant] = []
        set_aside: list[SetAside] = []
        n = 0
        try:
            for rec in reader:
                n += 1
                if rec.POS is None or rec.POS < 1:  # htslib refuses these; the lenient parser reads them
                    warnings.append(
                        (
                            "record_not_read",
                            f"{path}:{header_lines + n}: POS {rec.POS} is not a position on {rec.CHROM}; record not read",
                        )
                    )
                    set_aside.append(
                        SetAside(
                            rec.CHROM,
                            rec.POS or 0,
                            "not read: POS is not a position (zero or negative)",
                            header_lines + n,
                        )
                    )
                    continue
                if not _in_regions(rec.CHROM, rec.POS, len(rec.REF or ""), regions):
                    continue
                alts = tuple(str(a) if a is not None else "." for a in (rec.ALT or []))
                filters = [f for f in (rec.FILTER or []) if f != "PASS"]
                fmt: dict[str, Any] = {}
                if chosen is not None:
                    call = rec.genotype(chosen)
                    fmt = {k: getattr(call.data, k, None) for k in call.data._fields}
                    normal = _normal_sample(hdr, chosen)
                    if normal is not None:
                        ncall = rec.genotype(normal)
                        fmt["_normal"] = {k: getattr(ncall.data, k, None) for k in ncall.data._fields}
                raw = _Raw(rec.CHROM, rec.POS, rec.REF or "", alts, filters, dict(rec.INFO), fmt, header_lines + n)
                variants.extend(
                    _alleles(path, raw, hdr, chosen, include_filtered, genes, warnings, set_aside, pysam_rec=False)
                )
        except InputError:
            raise
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None
        except Exception as exc:
            raise InputError(path, f"malformed record ({_short(exc)})", line=header_lines + n + 1) from None
    fmt = "vcf.gz (gzip, not bgzip)" if kind == "gzip" else "vcf"
    return VcfResult(str(path), fmt, hdr, chosen, variants, warnings, n, set_aside)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:200]


# ----------------------------------------------------------------------------- alleles


def _sample_fields(raw: _Raw, sample: str | None, pysam_rec: bool) -> dict[str, Any]:
    if sample is None:
        return {}
    if not pysam_rec:
        return raw.fmt
    rec = raw.fmt["_rec"]
    try:
        data = rec.samples[sample]
    except (IndexError, KeyError):  # a record cut short before its sample columns
        return {}
    out: dict[str, Any] = {}
    for key in rec.format:  # the record's few FORMAT keys, not each key a caller might write
        if key in _SAMPLE_KEYS:
            try:
                out[key] = data[key]
            except (KeyError, ValueError, TypeError):
                out[key] = None
    out["_phased"] = bool(getattr(data, "phased", False))
    return out


def _first(value: Any, index: int) -> Any:
    """Per-allele value for ALT `index` from a scalar or a tuple (Number=A)."""
    if isinstance(value, (list, tuple)):
        return value[index] if index < len(value) else None
    return value


def _number(value: Any) -> float | None:
    if type(value) is int or type(value) is float:  # what htslib hands back for typed fields: no text round trip
        number = float(value)
    elif value is None or value == "." or value == "" or isinstance(value, bool):
        return None
    else:
        try:
            number = float(str(value).rstrip("%"))
        except (TypeError, ValueError):
            return None
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def _strelka_ad(fields: dict[str, Any], ref: str, alt: str) -> tuple[int, int] | None:
    """Strelka2 writes tier counts instead of AD: {A,C,G,T}U for SNVs, TAR/TIR for indels (tier 1)."""

    def tier1(key: str) -> int | None:
        value = fields.get(key)
        value = value[0] if isinstance(value, (list, tuple)) and value else value
        number = _number(value)
        return int(number) if number is not None and number >= 0 else None

    if len(ref) == len(alt) == 1:
        r, a = tier1(f"{ref.upper()}U"), tier1(f"{alt.upper()}U")
    else:
        r, a = tier1("TAR"), tier1("TIR")
    return (r, a) if r is not None and a is not None else None


def _vaf_depth(
    fields: dict[str, Any], info: dict[str, Any], i: int, ref: str = "", alt: str = ""
) -> tuple[float | None, int | None, int | None, str | None]:
    """VAF from FORMAT AF, else AD (or Strelka tier counts), else INFO AF; depth from DP, else the AD sum."""
    problem = None
    ad = fields.get("AD")
    if ad is None and alt and (strelka := _strelka_ad(fields, ref, alt)) is not None:
        ad = (strelka[0],) + (0,) * i + (strelka[1],)
    alt_depth = None
    ad_total = None
    counts: list[int] | None = None
    if isinstance(ad, (list, tuple)) and len(ad) > i + 1:
        if all(type(x) is int for x in ad):  # what htslib hands back: no conversion needed
            counts = list(ad)
        elif all(_number(x) is not None for x in ad):
            counts = [int(_number(x) or 0) for x in ad]
    if counts is not None:
        if min(counts) < 0:
            problem = "negative AD"
        else:
            alt_depth, ad_total = counts[i + 1], sum(counts)
    depth_raw = _number(fields.get("DP"))
    if depth_raw is None:
        depth_raw = float(ad_total) if ad_total is not None else _number(info.get("DP"))
    depth = None
    if depth_raw is not None:
        if depth_raw < 0:
            problem = "negative depth"
        else:
            depth = int(depth_raw)
    vaf = _number(_first(fields.get("AF"), i))
    if vaf is None and alt_depth is not None and ad_total:
        vaf = alt_depth / ad_total
    if vaf is None:
        vaf = _number(_first(fields.get("VAF"), i))
    if vaf is None:
        freq = fields.get("FREQ")  # VarScan writes a percentage string
        if freq not in (None, "."):
            f = _number(_first(freq, i))
            vaf = f / 100 if f is not None else None
    if vaf is None:
        vaf = _number(_first(info.get("AF"), i))
    if vaf is not None and not 0 <= vaf <= 1:
        problem = f"allele fraction {vaf:g} outside 0–1"
        vaf = None
    return (round(vaf, 4) if vaf is not None else None), depth, alt_depth, problem


def _genotype(fields: dict[str, Any], pysam_rec: bool) -> tuple[str | None, bool, int | None]:
    gt = fields.get("GT")
    phased = bool(fields.get("_phased"))
    if gt is None:
        return None, False, None
    if isinstance(gt, tuple):
        sep = "|" if phased else "/"
        text = sep.join("." if a is None else str(a) for a in gt)
    else:
        text = str(gt)
        phased = "|" in text
    ps = fields.get("PS")
    ps_int = int(ps) if isinstance(ps, (int, float)) and not isinstance(ps, bool) and math.isfinite(ps) else None
    if ps_int is None and isinstance(ps, str) and ps.isdigit():
        ps_int = int(ps)
    return text, phased, ps_int


def _physical_phase(fields: dict[str, Any]) -> dict[str, Any]:
    """GATK's PGT/PID and a caller's HP haplotype tag, when written."""
    out: dict[str, Any] = {}
    pgt, pid, hp = fields.get("PGT"), fields.get("PID"), fields.get("HP")
    if pgt not in (None, ".") and pid not in (None, "."):
        out["pgt"], out["pid"] = str(pgt), str(pid)
    hp = hp[0] if isinstance(hp, (list, tuple)) and hp else hp
    if isinstance(hp, int) or (isinstance(hp, str) and hp.isdigit()):
        out["haplotype"] = int(hp)
    return out


def _where(path: Path, raw: _Raw) -> str:
    return f"{path}:{raw.line}: {raw.chrom}:{raw.pos}" if raw.line else f"{path}: {raw.chrom}:{raw.pos}"


def _alleles(
    path: Path,
    raw: _Raw,
    hdr: VcfHeader,
    sample: str | None,
    include_filtered: bool,
    genes: set[str] | None,
    warnings: list[tuple[str, str]],
    set_aside: list[SetAside],
    pysam_rec: bool,
) -> list[SmallVariant]:
    if "" in raw.filters:  # neither PASS, '.' nor a filter name: the record's state is unknown
        warnings.append(("record_not_read", f"{_where(path, raw)} has an empty FILTER column; record not read"))
        set_aside.append(SetAside(raw.chrom, raw.pos, "not read: empty FILTER column", raw.line))
        return []
    if raw.filters and not include_filtered:
        set_aside.append(
            SetAside(
                raw.chrom, raw.pos, f"not read: failed the caller's FILTER ({';'.join(sorted(raw.filters))})", raw.line
            )
        )
        return []
    fields = _sample_fields(raw, sample, pysam_rec)
    normal = _normal_sample(hdr, sample)
    normal_fields = (
        (_sample_fields(raw, normal, pysam_rec) if pysam_rec else raw.fmt.get("_normal", {})) if normal else {}
    )
    gt, phased, ps = _genotype(fields, pysam_rec)
    out = []
    for i, alt in enumerate(raw.alts):
        if not alt or alt in {".", "*", "<*>", "<NON_REF>"} or alt.startswith("<") or "[" in alt or "]" in alt:
            warnings.append(
                (
                    "symbolic_allele_skipped",
                    f"{path}: {raw.chrom}:{raw.pos} ALT {alt!r} is not a small variant; skipped",
                )
            )
            set_aside.append(
                SetAside(
                    raw.chrom, raw.pos, "not read: symbolic or breakend ALT allele (not a small variant)", raw.line
                )
            )
            continue
        if not _BASES.fullmatch(alt) or not _BASES.fullmatch(raw.ref or ""):
            warnings.append(
                (
                    "malformed_allele_skipped",
                    f"{path}: {raw.chrom}:{raw.pos} REF/ALT {raw.ref!r}/{alt!r} are not DNA bases; skipped",
                )
            )
            set_aside.append(SetAside(raw.chrom, raw.pos, "not read: REF/ALT are not DNA bases", raw.line))
            continue
        vaf, depth, alt_depth, problem = _vaf_depth(fields, raw.info, i, raw.ref, alt)
        if problem:
            warnings.append(("bad_value_ignored", f"{path}: {raw.chrom}:{raw.pos}: {problem}; value ignored"))
        # the sample's own measure: INFO AF speaks for the sample only in a file without samples
        own_vaf = vaf if sample is None or "AF" not in raw.info else _vaf_depth(fields, {}, i, raw.ref, alt)[0]
        evidence = measured(own_vaf, alt_depth)
        state = presence(fields.get("GT") if sample is not None else None, i + 1, evidence)
        if state.contradiction:
            shown = ", ".join(
                x
                for x in (
                    f"allele fraction {own_vaf:g}" if own_vaf is not None else "",
                    f"{alt_depth} alt reads" if alt_depth is not None else "",
                )
                if x
            )
            verdict = "read as present" if state.present else "not read"
            warnings.append(
                (
                    "genotype_contradiction",
                    f"{_where(path, raw)} {raw.ref}>{alt}: genotype {gt} in {sample} but {shown}; "
                    f"{verdict}, as the genotype says (check the caller's output)",
                )
            )
        if not state.present:
            set_aside.append(SetAside(raw.chrom, raw.pos, state.reason or "", raw.line))
            continue
        normal_vaf, _, normal_alt, _ = (
            _vaf_depth(normal_fields, {}, i, raw.ref, alt) if normal_fields else (None, None, None, None)
        )
        out.append(
            SmallVariant(
                file=str(path),
                line=raw.line,
                chrom=raw.chrom,
                pos=raw.pos,
                ref=raw.ref.upper(),
                alt=alt.upper(),
                filters=sorted(raw.filters),
                sample=sample,
                genotype=gt,
                phased=phased,
                phase_set=ps,
                **_physical_phase(fields),
                vaf=vaf,
                depth=depth,
                alt_depth=alt_depth,
                normal_vaf=normal_vaf,
                normal_alt_depth=normal_alt,
                annotations=_annotations(raw, hdr, raw.ref, alt, len(raw.alts), genes),
            )
        )
    return out


def _annotations(
    raw: _Raw, hdr: VcfHeader, ref: str, alt: str, n_alts: int, genes: set[str] | None
) -> list[TranscriptAnnotation]:
    out: list[TranscriptAnnotation] = []
    for source, names, keys in (
        ("CSQ", hdr.csq_fields, ("Allele", "SYMBOL", "Feature", "Consequence", "HGVSc", "HGVSp")),
        ("ANN", hdr.ann_fields, ("Allele", "Gene_Name", "Feature_ID", "Annotation", "HGVS.c", "HGVS.p")),
    ):
        value = raw.info.get(source)
        if not names or value in (None, "."):
            continue
        entries = value if isinstance(value, (list, tuple)) else str(value).split(",")
        pos = {k: names.index(k) if k in names else None for k in keys}
        for entry in entries:
            parts = str(entry).split("|")

            def get(k: str) -> str | None:
                idx = pos[k]
                v = parts[idx] if idx is not None and idx < len(parts) else ""
                return v or None

            allele = get(keys[0]) or ""
            if n_alts > 1 and not _allele_matches(allele, ref, alt):
                continue
            gene = get(keys[1])
            if genes is not None and gene not in genes:
                continue
            out.append(
                TranscriptAnnotation(
                    source=source,
                    allele=allele,
                    gene=gene,
                    transcript=get(keys[2]),
                    consequence=get(keys[3]),
                    hgvs_c=_strip_prefix(get(keys[4])),
                    hgvs_p=_strip_prefix(get(keys[5]), protein=True),
                )
            )
    return out


def _allele_matches(allele: str, ref: str, alt: str) -> bool:
    if allele == alt:
        return True
    if ref and alt and ref[0] == alt[0]:
        return allele == (alt[1:] or "-")
    return False


def _strip_prefix(value: str | None, protein: bool = False) -> str | None:
    if not value:
        return None
    value = value.split(":", 1)[-1] if ":" in value else value
    return value.replace("%3D", "=") if protein else value
