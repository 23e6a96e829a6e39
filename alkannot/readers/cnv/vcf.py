"""VCF records that carry a copy number (CNVkit export, Oncomine <CNV>), read through htslib (pysam)
as `readers.vcf` reads VCFs, with the same fall-back: a plain-gzip file (which htslib cannot stream)
and a text file htslib refuses are streamed as text. Which records are copy-number segments, and
their fields, is `vcf_calls`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...genome.builds import detect_from_header
from ...model import CopyNumberCall
from .. import limits
from ..samples import choose_column, roles_from_meta, roles_from_pysam
from ..vcf import sniff as compression
from .files import lines
from .table import Ctx
from .vcf_calls import VcfRecord, vcf_call

VcfCalls = tuple[list[CopyNumberCall], list[str], str | None, str | None]
"""the calls, the file's samples, the chosen one, the genome build its header states"""


class _HtslibRefused(Exception):
    pass


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or exc.__class__.__name__)[:200]


def header_lines(path: Path) -> tuple[int, list[str], list[tuple[str, str]], str | None]:
    """Number of header lines, the #CHROM sample names, the ## meta (key, value) pairs and the column
    separator (tab, or None for a file whose columns are separated by spaces) of a text VCF."""
    meta: list[tuple[str, str]] = []
    for n, line in lines(path):
        if line.startswith("##"):
            key, _, value = line[2:].partition("=")
            meta.append((key, value))
            continue
        if line.startswith("#CHROM"):
            sep = "\t" if "\t" in line else None
            cols = line.split(sep)
            limits.check_samples(path, len(cols[9:]), line=n)
            return n, cols[9:], meta, sep
        raise InputError(path, "not a VCF: no '#CHROM' header line before the first record", line=n)
    raise InputError(path, "not a VCF: no '#CHROM' header line")


def read_cnv_vcf(path: Path, kind: str, sample: str | None, ctx: Ctx) -> VcfCalls:
    """The copy-number calls of a VCF or BCF (`kind` as `files.sniff` tells) for one sample."""
    n_header = 0
    if kind != "bcf":
        n_header = header_lines(path)[0]
    packed = compression(path)  # 'gzip' (plain), 'bgzf', 'bcf' or 'text'
    if kind == "vcf" and packed == "gzip":
        return _read_text(path, sample, ctx)  # plain gzip: a stream, which is all a CNV VCF needs
    before = (len(ctx.warnings), Counter(ctx.counts))
    try:
        return _read_pysam(path, kind, sample, ctx, n_header, compressed=packed != "text")
    except _HtslibRefused as refused:
        if kind == "bcf":
            raise InputError(path, f"htslib cannot read this file: {refused}") from None
        del ctx.warnings[before[0] :]  # drop what the abandoned pass reported
        ctx.counts = before[1]
        ctx.warn("cnv_vcf_lenient_parser", f"{path}: htslib refused the file ({refused}); read as text")
        return _read_text(path, sample, ctx)


# ----------------------------------------------------------------------------- htslib


def _read_pysam(path: Path, kind: str, sample: str | None, ctx: Ctx, n_header: int, *, compressed: bool) -> VcfCalls:
    import pysam

    pysam.set_verbosity(0)
    try:
        vf = pysam.VariantFile(str(path))
    except (ValueError, OSError, NotImplementedError) as exc:
        raise _HtslibRefused(_short(exc)) from None
    with vf:
        samples, build = _pysam_header(path, vf)
        chosen = choose_column(path, samples, sample, roles_from_pysam(vf.header))
        ctx.sample = chosen
        has_end = "END" in vf.header.info
        calls: list[CopyNumberCall] = []
        n = 0
        try:
            for rec in vf:
                n += 1
                call = vcf_call(_pysam_record(rec, chosen, has_end, n_header + n if n_header else None), ctx)
                if call is not None:
                    calls.append(call)
        except (OSError, ValueError, NotImplementedError) as exc:
            if kind == "bcf" or compressed or "truncat" in str(exc).lower():
                raise InputError(path, f"truncated or corrupt file ({_short(exc)})") from None
            raise _HtslibRefused(_short(exc)) from None
    return calls, samples, chosen, build


def _pysam_header(path: Path, vf: Any) -> tuple[list[str], str | None]:
    """The samples of a pysam file and the build its header states."""
    try:
        samples = list(vf.header.samples)
        limits.check_samples(path, len(samples))
        meta = [(r.key, str(r.value)) for r in vf.header.records if r.type == "GENERIC" and r.key]
        contigs = {name: c.length for name, c in vf.header.contigs.items()}
    except ValueError as exc:  # UnicodeDecodeError: header bytes that are not UTF-8
        raise _HtslibRefused(f"unreadable header ({_short(exc)})") from None
    build, _ = detect_from_header(meta, contigs)
    return samples, build


def _pysam_record(rec: Any, chosen: str | None, has_end: bool, line: int | None) -> VcfRecord:
    fmt: dict[str, Any] = {}
    for key in ("CN", "GT"):
        if chosen is not None and key in rec.format:
            try:
                fmt[key] = rec.samples[chosen][key]
            except (IndexError, KeyError, ValueError, TypeError):
                fmt[key] = None
    info: dict[str, Any] = {}
    for key in rec.info.keys():  # noqa: SIM118  pysam's view of the record's INFO, as it was read
        try:
            info[key] = rec.info[key]
        except (ValueError, KeyError):
            continue
    own_end = rec.pos + max(len(rec.ref or ""), 1) - 1
    return VcfRecord(
        rec.chrom,
        rec.pos,
        rec.ref or "",
        tuple(rec.alts or ()),
        rec.stop if has_end or rec.stop != own_end else None,
        [f for f in rec.filter if f != "PASS"],
        info,
        fmt,
        line,
    )


# ----------------------------------------------------------------------------- text


def _parse_info(text: str) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if text in {"", "."}:
        return info
    for item in text.split(";"):
        key, eq, value = item.partition("=")
        info[key] = value if eq else True
    return info


def _text_build(meta: list[tuple[str, str]]) -> str | None:
    contigs: dict[str, int | None] = {}
    for key, value in meta:
        if key == "contig":
            m_id, m_len = re.search(r"ID=([^,>]+)", value), re.search(r"length=(\d+)", value)
            if m_id:
                contigs[m_id.group(1)] = int(m_len.group(1)) if m_len else None
    build, _ = detect_from_header([(k, v) for k, v in meta if k != "contig"], contigs)
    return build


def _read_text(path: Path, sample: str | None, ctx: Ctx) -> VcfCalls:
    """A lenient stream over a plain or gzip text VCF, for files htslib refuses."""
    n_header, samples, meta, sep = header_lines(path)
    build = _text_build(meta)
    samples = [s for s in samples if s]
    chosen = choose_column(path, samples, sample, roles_from_meta(meta), line=n_header)
    ctx.sample = chosen
    col = 9 + samples.index(chosen) if chosen is not None else None
    calls: list[CopyNumberCall] = []
    for n, line in lines(path):
        if n <= n_header or not line.strip() or line.startswith("#"):
            continue
        raw = _text_record(line.split(sep), n, col, ctx)
        call = vcf_call(raw, ctx) if raw is not None else None
        if call is not None:
            calls.append(call)
    return calls, samples, chosen, build


def _text_record(cols: list[str], n: int, col: int | None, ctx: Ctx) -> VcfRecord | None:
    """A text VCF line's record; None for one too short or without a position (warned)."""
    if len(cols) < 8:
        ctx.warn("cnv_row_skipped", f"{ctx.where(n)}: fewer than 8 VCF columns; record skipped")
        return None
    try:
        pos = int(cols[1])
    except ValueError:
        ctx.warn("cnv_row_skipped", f"{ctx.where(n)}: POS {cols[1][:20]!r} is not a number; record skipped")
        return None
    info = _parse_info(cols[7])
    fmt: dict[str, Any] = {}
    if col is not None and len(cols) > col and len(cols) > 8:
        keys, values = cols[8].split(":"), cols[col].split(":")
        fmt = dict(zip(keys, values, strict=False))  # a short sample column leaves the later keys out
    stop_raw = info.pop("END", None)
    stop = int(stop_raw) if isinstance(stop_raw, str) and stop_raw.isdigit() else None
    filters = [] if cols[6] in {".", "PASS", ""} else cols[6].split(";")
    return VcfRecord(cols[0], pos, cols[3], tuple(a for a in cols[4].split(",") if a), stop, filters, info, fmt, n)
