"""`read_vcf`: the checks every VCF passes first, then the one path it is read by: htslib (pysam) for
bgzip, BCF and well-formed text; pyvcf3 for plain gzip, space-separated columns, and a text file
htslib refuses (each a warning that says so)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ...errors import InputError, require_file
from ...model import ReportWarning
from .opening import scan_text_header, sniff
from .pysam_reader import read_with_pysam
from .records import HtslibRefused, Region, Request, VcfResult


def read_with_pyvcf(*args: Any, **kwargs: Any) -> VcfResult:
    """The lenient fallback, imported only when a file needs it (most runs never do)."""
    from .pyvcf_reader import read_with_pyvcf as read

    return read(*args, **kwargs)


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
        header_lines = scan_text_header(p, kind)
        spaced, header_lines = header_lines < 0, abs(header_lines)
    request = Request(regions, sample, include_filtered, genes)
    warnings: list[ReportWarning] = []
    if spaced:
        message = f"{p}: columns are separated by spaces, not tabs; read with the lenient pyvcf3 parser"
        warnings.append(ReportWarning(code="vcf_lenient_parser", message=message))
        return read_with_pyvcf(p, kind, request, header_lines, warnings, strict_whitespace=False)
    if kind == "gzip":  # htslib cannot stream plain gzip through pysam; read it as text
        message = f"{p}: compressed with gzip, not bgzip; read as a stream (bgzip and index it for region queries)"
        warnings.append(ReportWarning(code="vcf_not_bgzip", message=message))
        return read_with_pyvcf(p, kind, request, header_lines, warnings)
    try:
        return read_with_pysam(p, kind, request, header_lines, warnings)
    except HtslibRefused as refused:
        if kind != "text":
            raise InputError(p, f"htslib cannot read this file: {refused}") from None
        message = f"{p}: htslib refused the file ({refused}); read with the lenient pyvcf3 parser"
        warnings.append(ReportWarning(code="vcf_lenient_parser", message=message))
        return read_with_pyvcf(p, kind, request, header_lines, warnings)
