"""The lines of a fusion file: plain or gzip text read line by line (never held whole), with bad bytes,
truncation and binary content as `InputError`s; and the splitting of a header or row into cells."""

from __future__ import annotations

import csv
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from .. import limits
from ...errors import InputError, require_file


class _Lines:
    """The lines of a plain or gzip text file, without their ends, read from disk again on every
    iteration so that no reader holds the whole file; bad bytes and truncation are InputErrors."""

    def __init__(self, p: Path, gz: bool) -> None:
        self.p, self.gz = p, gz

    def __iter__(self) -> Iterator[str]:
        n = 0
        try:
            with limits.open_text(self.p, errors="strict") if self.gz else open(self.p, encoding="utf-8") as fh:
                for line in limits.lines(fh, self.p):
                    n += 1
                    yield line.rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError(self.p, f"not a UTF-8 text table (an undecodable byte near line {n + 1})") from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(self.p, f"truncated or corrupt gzip file ({exc.__class__.__name__})") from None
        except OSError as exc:
            raise InputError(self.p, f"cannot be read ({exc.strerror or exc})") from None


def _read_text(p: Path) -> _Lines:
    require_file(p, "a fusion table")
    try:
        with open(p, "rb") as fh:
            gz = fh.read(2) == b"\x1f\x8b"
        with gzip.open(p, "rb") if gz else open(p, "rb") as fh:
            head = fh.read(65536)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(p, f"truncated or corrupt gzip file ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in head:
        raise InputError(p, "not a text table (binary content)")
    return _Lines(p, gz)


def _norm(col: str) -> str:
    """A column name as the dialects name it: unquoted, without a leading '#', lower case."""
    return col.strip().strip('"').strip().lstrip("#").strip().lower()


def _split(line: str, delimiter: str) -> list[str]:
    """A line's cells: CSV quoting honoured where the delimiter is a comma."""
    if delimiter == ",":
        return next(csv.reader([line]), [])
    return line.split(delimiter)
