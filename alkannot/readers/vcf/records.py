"""What the VCF reader's parts share: the region asked for, the header and result it returns, and a
record reduced to what the reader needs, whichever parser (htslib or pyvcf3) read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ...genome.builds import detect_from_header, normalize_contig
from ...model import ReportWarning, SmallVariant
from ..presence import SetAside
from ..samples import SampleRoles

_CSQ_FORMAT = re.compile(r"Format:\s*(\S+)")
_ANN_FORMAT = re.compile(r"'([^']+)'")


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
    warnings: list[ReportWarning]
    records_read: int
    set_aside: list[SetAside]
    """records of the regions read that were not passed on (absent in the sample, FILTER, malformed), with the reason"""


class Raw(NamedTuple):
    """A record reduced to what the reader needs, whichever parser produced it."""

    chrom: str
    pos: int
    ref: str
    alts: tuple[str, ...]
    filters: list[str]
    info: dict[str, Any]
    fmt: dict[str, Any]
    """pysam: {'_rec': the record}; pyvcf3: the sample's FORMAT fields, the normal's under '_normal'"""
    line: int | None


class HtslibRefused(Exception):
    """htslib cannot read the file; a plain-text one is then read with the lenient pyvcf3 parser."""


def make_header(
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


def in_regions(chrom: str, pos: int, ref_len: int, regions: list[Region]) -> bool:
    norm = normalize_contig(chrom)
    end = pos + max(ref_len, 1) - 1
    return any(r.chrom == norm and pos <= r.end and end >= r.start for r in regions)


def short(exc: BaseException) -> str:
    """An exception's text on one line, at most 200 characters, for a message."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:200]


def where(path: Path, raw: Raw) -> str:
    return f"{path}:{raw.line}: {raw.chrom}:{raw.pos}" if raw.line else f"{path}: {raw.chrom}:{raw.pos}"


class Request(NamedTuple):
    """What the caller asks of a VCF: the regions, the sample, whether failed FILTERs are read, and
    the genes whose annotations are kept (None: every gene)."""

    regions: list[Region]
    sample: str | None
    include_filtered: bool
    genes: set[str] | None
