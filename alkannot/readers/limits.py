"""What alkannot agrees to read, and how much of it: the refusals every reader starts with and the
size limits of what it reads, in one place.

- **An input is a regular file** (or a symlink to one). A character or block device (`/dev/zero`,
  `/dev/urandom`, a terminal), a FIFO (`<(zcat x.gz)`, `mkfifo`), a socket and standard input
  (`-`) are refused at once, before anything opens them: a reader looks at an input more than once
  (format detection, then reading, then its SHA-256 for the report; the index beside a VCF), which
  a pipe cannot give, and a device never ends. Save such a stream to a file first.
- **A path that cannot be reached** says why: a symlink loop, a folder on the way that the user may
  not search, a part of the path that is not a folder.
- **A line** of a text input is at most `MAX_LINE_CHARS` characters (`lines`); longer is exit 2
  naming the line and the limit.
- **A VCF header** names at most `MAX_VCF_SAMPLES` samples: one report is about one sample, and a
  `#CHROM` line of a million columns is not a tumour's calls (`check_samples`).
- **A compressed input** (gzip, bgzip) is read through `open_text`/`open_binary`, which stop at
  `inflate_limit(path)` decompressed bytes: a few hundred kB of gzip can hold gigabytes of newlines.

Every limit is exit 2 (`InputError`) with one line naming the file and the limit."""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError

MAX_LINE_CHARS = 16 << 20
"""characters in one line of a text input (a VEP-annotated record with thousands of transcripts is ~1 MB)"""
MAX_VCF_SAMPLES = 10_000
"""sample columns in a VCF's #CHROM line"""
INFLATE_RATIO = 200
"""a compressed input may inflate to this many times its size (real VCF/MAF/tables: 4–30×) …"""
MIN_INFLATE_LIMIT = 16 << 20
"""… or to this many bytes, whichever is more (small files compress better)"""


def require_file(path: Path, what: str) -> None:
    """The refusal every reader starts with: `path` must be a readable regular file (or a symlink to
    one); `what` (a MAF, a VCF …) names what should be there. Nothing is opened."""
    if str(path) == "-":
        raise InputError(
            path,
            f"standard input is not read as {what}: alkannot reads an input more than once; "
            "save it to a file and give its path",
        )
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, _unreachable(path, exc)) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(path, f"is a directory, not {what}")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(path, f"is a device, not a file: not read as {what}")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket"
        raise InputError(
            path, f"is {kind}, not a regular file: alkannot reads an input more than once, so save it to a file first"
        )
    if not stat.S_ISREG(mode):
        raise InputError(path, f"is not a regular file: not read as {what}")
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read (permission denied)")


def _unreachable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link points, directly or through others, back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be reached: permission denied on a folder in its path"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of its path is not a folder)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "no such file (a symlink to a file that does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return f"cannot be reached ({exc.strerror or exc.__class__.__name__})"


def inflate_limit(path: Path) -> int:
    """Decompressed bytes a compressed `path` may hold."""
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    return max(MIN_INFLATE_LIMIT, INFLATE_RATIO * size)


class _Bounded(io.RawIOBase):
    """A decompressing stream that refuses to give more than `limit` bytes."""

    def __init__(self, inner: Any, path: Path, limit: int) -> None:
        self.inner, self.path, self.limit, self.total = inner, path, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.inner.readinto(buffer)
        self.total += n
        if self.total > self.limit:
            raise _too_large(self.path, self.limit)
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_binary(path: Path) -> IO[bytes]:
    """A gzip/bgzip file's decompressed bytes, bounded by `inflate_limit`. A plain gzip file states its
    decompressed size (mod 2³²) in its last four bytes; when that is beyond the limit and its first
    4 MiB inflate faster than INFLATE_RATIO, it is refused before it is read line by line (a bomb of
    newlines would otherwise be read up to the limit; a truncated file's last bytes state nonsense,
    so the statement alone is not believed)."""
    limit = inflate_limit(path)
    if _stated_size(path) > limit and _inflates_faster_than_allowed(path):
        raise _too_large(path, limit)
    return io.BufferedReader(_Bounded(gzip.GzipFile(path, "rb"), path, limit), 1 << 16)


def _stated_size(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            fh.seek(-4, os.SEEK_END)
            return int.from_bytes(fh.read(4), "little")
    except OSError:
        return 0


def _inflates_faster_than_allowed(path: Path, probe: int = 4 << 20) -> bool:
    inflater = zlib.decompressobj(31)
    consumed = produced = 0
    try:
        with open(path, "rb") as fh:
            while produced < probe:
                chunk = fh.read(1 << 10)
                if not chunk:
                    return False
                consumed += len(chunk)
                produced += len(inflater.decompress(chunk, probe))
                if inflater.eof:
                    return False
    except (OSError, zlib.error):
        return False  # the streaming read reports it
    return produced > INFLATE_RATIO * consumed


def _too_large(path: Path, limit: int) -> InputError:
    return InputError(
        path,
        f"decompresses to more than {limit:,} bytes ({INFLATE_RATIO} times its size, or "
        f"{MIN_INFLATE_LIMIT >> 20} MiB): alkannot's limit for a compressed input",
    )


def open_text(path: Path, errors: str = "replace") -> IO[str]:
    """A gzip/bgzip text file, decoded as UTF-8 (bad bytes replaced unless `errors` says otherwise),
    line ends kept as written, bounded by `inflate_limit`."""
    return io.TextIOWrapper(open_binary(path), encoding="utf-8", errors=errors, newline="")


def lines(fh: IO[str], path: Path) -> Iterator[str]:
    """The lines of `fh`, ends kept, each at most MAX_LINE_CHARS characters; longer is an InputError
    naming the line."""
    n = 0
    readline = fh.readline
    while True:
        line = readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE_CHARS and line[-1] not in "\r\n":
            raise InputError(
                path, f"a line longer than {MAX_LINE_CHARS:,} characters: alkannot's limit for one line", line=n
            )
        yield line


def check_samples(path: Path, count: int, line: int | None = None) -> None:
    """A VCF whose #CHROM line names more than MAX_VCF_SAMPLES samples is refused before they are parsed."""
    if count > MAX_VCF_SAMPLES:
        raise InputError(
            path,
            f"the #CHROM line names {count:,} samples; alkannot reads VCFs of at most {MAX_VCF_SAMPLES:,} "
            "(one report is about one sample)",
            line=line,
        )
