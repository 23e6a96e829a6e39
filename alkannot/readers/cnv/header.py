"""A copy-number table's header: the first line that is not a comment (or is a '#chr …' header),
with the '##' and SAM '@' meta lines above it."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InputError
from ...runcache import NO_CACHE, RunCache
from .files import lines
from .table import Header, norm


def read_header(path: Path, cache: RunCache = NO_CACHE) -> Header:
    """The first line that is not a comment (or a '#chr …'/'#CHROM …' header) and the meta lines above
    it; with a cohort run's `cache` read once per worker (a matrix header names every sample)."""
    return cache.kept(("cnv-header", str(path)), lambda: _header_of(path))


def _header_of(path: Path) -> Header:
    meta: list[str] = []
    seen_any = False
    for n, line in lines(path):
        if not line.strip():
            continue
        seen_any = True
        if line.startswith("##") or re.match(r"@(HD|SQ|RG|PG|CO)\t", line):  # GATK .seg files open with a SAM header
            meta.append(line)
            continue
        hashed = line.startswith("#")
        if hashed and not re.match(r"#\s*(chr|chrom|chromosome)\s*\t", line, re.I):
            continue  # a comment line (cBioPortal '# …', '#ATM …')
        delimiter = "\t" if "\t" in line else ","
        columns = [c.strip() for c in line.split(delimiter)]
        return Header(n, columns, [norm(c) for c in columns], delimiter, hashed, meta)
    if not seen_any:
        raise InputError(path, "the file is empty (no copy-number header or records)")
    raise InputError(path, "no header line: the file has only comment lines")
