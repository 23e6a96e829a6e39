"""Access to a copy-number file: the checks every input passes (it exists, can be read, is not
empty), its first bytes (text, VCF or BCF; binary content refused) and its lines, plain or gzip,
bounded by `limits`."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError, require_file
from .. import limits


def check_path(path: Path) -> None:
    """Refuse a path that is not a readable, non-empty file (the error names it)."""
    require_file(path, "a copy-number file")
    try:
        size = path.stat().st_size
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if size == 0:
        raise InputError(path, "the file is empty (no copy-number header or records)")


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _head_bytes(path: Path, n: int = 8192) -> bytes:
    try:
        if is_gzip(path):
            with limits.open_binary(path) as fh:
                return fh.read(n)
        with open(path, "rb") as fh:
            return fh.read(n)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None


def sniff(path: Path) -> str:
    """'vcf', 'bcf' or 'text'; refuses binary content."""
    head = _head_bytes(path)
    if head.startswith(b"BCF"):
        return "bcf"
    if not head.strip():
        raise InputError(path, "the file is empty (no copy-number header or records)")
    if b"\x00" in head:
        raise InputError(path, "binary content, not a text copy-number file")
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 20):
        raise InputError(path, "binary content, not a text copy-number file")
    if text.startswith("##fileformat=VCF"):
        return "vcf"
    return "text"


def lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its end-of-line) of a plain or gzip text file."""
    try:
        # a gzip file is bounded by its decompressed size
        with (
            limits.open_text(path)
            if is_gzip(path)
            else open(path, encoding="utf-8", errors="replace", newline="") as fh
        ):
            for n, line in enumerate(limits.lines(fh, path), 1):
                yield n, line.rstrip("\r\n")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.__class__.__name__}: {exc})") from None


def base_name(path: Path) -> str:
    """The file's name without a '.gz' suffix (what a CNVkit or VCF extension is read from)."""
    name = path.name
    return name[:-3] if name.lower().endswith(".gz") else name
