"""What kind of file a VCF is (BCF, bgzip, plain gzip or text) and, for text, whether its header is a
VCF header at all, read without its body."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any

from ...errors import InputError
from .. import limits


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


def open_text(path: Path, kind: str) -> Any:
    """A text VCF (`kind` 'text', or 'bgzf'/'gzip' decompressed) opened for reading lines."""
    if kind in {"bgzf", "gzip"}:
        return limits.open_text(path)  # bounded by its decompressed size
    return open(path, encoding="utf-8", errors="replace", newline="")


def scan_text_header(path: Path, kind: str) -> int:
    """Check a text VCF's header without reading its body; returns the number of header lines."""
    try:
        with open_text(path, kind) as fh:
            n = 0
            for n, line in enumerate(limits.lines(fh, path), 1):
                if n == 1 and not line.startswith("##fileformat=VCF") and not line.startswith("#"):
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
