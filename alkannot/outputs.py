"""Where outputs go and how: the one output policy of alkannot.

- A regular file (or a path that does not exist yet) is written atomically: a temporary file beside
  it, fsync, rename. A symlink is followed: its target is written that way and the link stays a link.
- A character device, a FIFO, standard output ('-') and descriptor paths (`/dev/stdout`, `/dev/fd/N`,
  `/proc/self/fd/N`, process substitution) are written directly, never renamed over: as root a rename
  turned `/dev/null` into a regular file holding the report. A block device is refused.
- Inputs, the indexes beside them (`.tbi`, `.csi`, `.bai`, `.crai`, `.gzi`) and the knowledge-base
  folder are protected (`Protected`): an output that resolves to one is refused before any work.
- The outputs of one run are committed together (`OutputSet`): every file is written to its temporary
  file first, then the direct outputs, then the renames, with SIGINT/SIGTERM held back while they
  happen; when something fails, no file target is left changed.
- A temporary file is named `.NAME.<host><pid>.<random>.tmp`: removed when the write fails or the
  process is interrupted or terminated (`remove_temporaries`), and one left by a killed run (its
  process is gone) is removed the next time that folder is written (`clean_stale`).
- Standard output takes bytes (UTF-8, whatever the locale); a full disk, a reader that went away or a
  closed standard output is an `InputError` (exit 2, one line), never a report silently lost."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import secrets
import signal
import socket
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from .errors import InputError, UsageError

STDOUT = "-"
STDOUT_NAME = "standard output"
INDEX_SUFFIXES = (".tbi", ".csi", ".bai", ".crai", ".gzi")
"""Index files htslib looks for beside an input (`x.vcf.gz.tbi`, and `x.bai` for `x.bam`)."""
_DESCRIPTOR = re.compile(r"^/(?:dev|proc/[^/]+)/fd/\d+$|^/dev/std(?:in|out|err)$")
_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<host>[0-9a-f]{4})(?P<pid>\d+)\.[A-Za-z0-9_-]{6,}\.tmp$")
_live: set[str] = set()
"""Temporary files of this process not yet renamed: removed on SIGTERM/SIGINT."""
_cleaned: set[str] = set()
"""Folders whose stale temporary files this process has removed."""
_stdout_closed = False


# ----------------------------------------------------------------------------- where a path leads


@dataclass(frozen=True)
class Target:
    """Where one output goes. `kind`: 'stdout', 'direct' (device, FIFO, descriptor) or 'file' (written
    atomically at `path`, the real path behind any symlink)."""

    destination: str
    kind: str
    path: str


def _descriptor(destination: str) -> str | None:
    """The descriptor path (/dev/stdout, /dev/fd/N, /proc/self/fd/N ...) that `destination` is or
    leads to through symlinks, or None."""
    path = os.path.abspath(destination)
    for _ in range(40):
        if _DESCRIPTOR.match(path):
            return path
        try:
            link = os.readlink(path)
        except OSError:
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return None


def target(destination: str) -> Target:
    """How `destination` is written; `InputError` for a folder, a block device, a symlink loop or a
    path that cannot be reached."""
    if destination == STDOUT:
        return Target(destination, "stdout", STDOUT)
    if _descriptor(destination) is not None:
        return Target(destination, "direct", destination)
    try:
        st = os.stat(destination)
    except FileNotFoundError:
        real = os.path.realpath(destination)  # a dangling symlink: its target is created
        folder = os.path.dirname(real) or "."
        if not os.path.isdir(folder):
            raise InputError(destination, f"cannot write the output: folder {folder} does not exist") from None
        return Target(destination, "file", real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(destination, "cannot write the output: a symlink loop") from None
        if exc.errno == errno.ENOTDIR:
            raise InputError(destination, "cannot write the output: a part of the path is not a folder") from None
        raise InputError(destination, f"cannot write the output ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(destination, "cannot write the output: it is a directory")
    if stat.S_ISBLK(st.st_mode):
        raise InputError(destination, "cannot write the output: it is a block device")
    if stat.S_ISREG(st.st_mode):
        return Target(destination, "file", os.path.realpath(destination))
    return Target(destination, "direct", destination)  # character device, FIFO, socket


# ----------------------------------------------------------------------------- what must not be written


def index_paths(path: str) -> list[str]:
    """The index files htslib would use for `path`: `path.tbi` ... and `x.bai` / `x.crai` / `x.csi` for `x.bam`."""
    stem, dot, _ = path.rpartition(".")
    found = [path + suffix for suffix in INDEX_SUFFIXES]
    if dot and os.sep not in path[len(stem) :]:
        found += [stem + suffix for suffix in (".bai", ".crai", ".csi")]
    return found


@dataclass
class Protected:
    """Files and folders no output may replace: the run's inputs with their indexes, and folders such
    as the knowledge base (anything inside them)."""

    files: dict[str, str] = field(default_factory=dict)
    """real path → what an output there would be ('also an input', 'also the index of the input ...')"""
    inodes: dict[tuple[int, int], str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, inputs: Iterable[str | Path | None], folders: Iterable[tuple[str | Path | None, str]] = ()
    ) -> Protected:
        """`inputs`: paths ('-' and None skipped); `folders`: (folder, what it is), e.g. (kb, 'the knowledge-base folder')."""
        protected = cls()
        for src in inputs:
            if src is None or str(src) in ("", STDOUT):
                continue
            protected.add(str(src), "also an input")
            for index in index_paths(str(src)):
                protected.add(index, f"also the index of the input {src}")
        for folder, what in folders:
            if folder is not None:
                protected.folders[os.path.realpath(folder)] = what
        return protected

    def add(self, path: str, what: str) -> None:
        self.files.setdefault(os.path.realpath(path), what)
        try:
            st = os.stat(path)
        except OSError:
            return
        if stat.S_ISREG(st.st_mode):
            self.inodes.setdefault((st.st_dev, st.st_ino), what)

    def reason(self, destination: str, real: str | None = None, exists: bool = True) -> str | None:
        """What `destination` would overwrite, or None when it may be written. `real`: its real path
        when the caller knows it; `exists=False`: the caller knows there is no file there yet."""
        if destination == STDOUT:
            return None
        real = real or os.path.realpath(destination)
        if real in self.files:
            return self.files[real]
        if exists:
            try:
                st = os.stat(destination)
                if (st.st_dev, st.st_ino) in self.inodes:
                    return self.inodes[(st.st_dev, st.st_ino)]
            except OSError:
                pass
        for folder, what in self.folders.items():
            if real == folder or real.startswith(folder.rstrip(os.sep) + os.sep):
                return f"inside {what} {folder}"
        return None

    def refuse(self, destination: str) -> None:
        what = self.reason(destination)
        if what is not None:
            raise InputError(destination, f"the output path is {what}; refusing to overwrite it")


def check_writable(
    destination: str, inputs: Iterable[str | Path | None] = (), protected: Protected | None = None
) -> Target:
    """Refuse, before any work, an output that is an input (or an input's index, or inside a protected
    folder) or that cannot be written; return where it goes."""
    where = target(destination)
    if where.kind == "stdout":
        return where
    (protected or Protected.of(inputs)).refuse(destination)
    if where.kind == "file":
        folder = os.path.dirname(where.path) or "."
        if not os.access(folder, os.W_OK):
            raise InputError(destination, f"cannot write the output: folder {folder} is not writable")
    return where


def check_outputs(
    destinations: dict[str, str],
    inputs: Iterable[str | Path | None] = (),
    folders: Iterable[tuple[str | Path | None, str]] = (),
) -> None:
    """Check every output of one run (option → path) before any work: at most one is standard output
    (`/dev/stdout` counts), no two name the same file, and each passes `check_writable`."""
    on_stdout = [option for option, path in destinations.items() if is_stdout(path)]
    if len(on_stdout) > 1:
        hint = " (-o defaults to standard output: give it a file)" if "-o" in on_stdout else ""
        raise UsageError(f"only one output can be standard output ('-'), not {' and '.join(on_stdout)}{hint}")
    protected = Protected.of(list(inputs), folders)
    seen: dict[Any, str] = {}
    for option, path in destinations.items():
        where = check_writable(path, protected=protected)
        if where.kind != "file":
            continue
        try:
            st = os.stat(where.path)
            key: Any = (st.st_dev, st.st_ino)
        except OSError:
            key = where.path
        if key in seen:
            raise UsageError(f"{seen[key]} and {option} name the same file {path}")
        seen[key] = option


def is_stdout(destination: str) -> bool:
    """'-', or a path that names this process's descriptor 1 (/dev/stdout, /dev/fd/1, /proc/self/fd/1)."""
    if destination == STDOUT:
        return True
    found = _descriptor(destination)
    return found is not None and bool(re.match(rf"^/dev/stdout$|^/(?:dev|proc/(?:self|{os.getpid()}))/fd/1$", found))


# ----------------------------------------------------------------------------- temporary files


def _temp_name(name: str) -> str:
    """`.NAME.<host><pid>.<random>.tmp`, kept within the file-name limit (a long NAME is shortened)."""
    tail = f".{_HOST}{os.getpid()}.{secrets.token_hex(4)}.tmp"
    room = 255 - len(tail) - 1
    encoded = name.encode("utf-8", "surrogateescape")
    if len(encoded) > room:
        name = encoded[:room].decode("utf-8", "ignore")
    return f".{name}{tail}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder: str | Path) -> list[str]:
    """Remove the temporary files a killed alkannot run left in `folder`: made on this host by a
    process that is gone. Once per folder and process (a cohort writes thousands of files into one
    folder). Returns the names removed."""
    key = os.path.realpath(folder)
    removed: list[str] = []
    if key in _cleaned:
        return removed
    _cleaned.add(key)
    try:
        entries = os.listdir(folder)
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry)
        if match is None or match["host"] != _HOST:
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            os.unlink(os.path.join(folder, entry))
            removed.append(entry)
        except OSError:
            pass
    return removed


def remove_temporaries() -> None:
    """Remove this process's temporary files that were not renamed yet (a signal handler calls it)."""
    for path in list(_live):
        try:
            os.unlink(path)
        except OSError:
            pass
        _live.discard(path)


def _terminate(signum: int, _frame: Any) -> None:
    remove_temporaries()
    raise SystemExit(128 + signum)


def _terminate_now(signum: int, _frame: Any) -> None:
    remove_temporaries()
    os._exit(128 + signum)


def handle_signals(worker: bool = False) -> None:
    """SIGTERM (and SIGHUP) remove this process's temporary files; the CLI then exits 128+N through
    its normal clean-up (SIGINT already raises KeyboardInterrupt), a worker process at once."""
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, _terminate_now if worker else _terminate)
    if worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides; it ends the workers


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM/SIGHUP wait while the renames of a commit happen (they take microseconds)."""
    held = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# ----------------------------------------------------------------------------- standard output


def guard_standard_streams() -> None:
    """At start-up: a closed standard output is remembered (writing to it is then an error) and its
    descriptor taken by /dev/null, so that no file opened later becomes descriptor 1."""
    global _stdout_closed
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            if fd == 1:
                _stdout_closed = True
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)


def _stdout_failed(exc: OSError | None, what: str) -> InputError:
    """The error for a failed write to standard output; later writes (Python's own flush at exit) go
    to /dev/null, so that the one line stays one line."""
    if exc is not None and sys.stdout is sys.__stdout__:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.close(null)
        except OSError:
            pass
    if exc is not None and exc.errno in (errno.EPIPE, errno.ECONNRESET):
        return InputError(STDOUT_NAME, f"cannot write the {what}: the reader closed the pipe")
    detail = f" ({exc.strerror or exc})" if exc is not None else ": it is closed"
    return InputError(STDOUT_NAME, f"cannot write the {what}{detail}")


def write_stdout(data: bytes, what: str = "output") -> None:
    """`data` on standard output, as bytes: an error there is an `InputError` (exit 2)."""
    stream = sys.stdout
    if _stdout_closed or stream is None:
        raise _stdout_failed(None, what)
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream (a test runner's capture)
            stream.write(data.decode("utf-8"))
            stream.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except (BrokenPipeError, ConnectionResetError) as exc:
        raise _stdout_failed(exc, what) from None
    except OSError as exc:
        raise _stdout_failed(exc, what) from None
    except ValueError:  # closed
        raise _stdout_failed(None, what) from None


def stdout_error(exc: OSError) -> InputError | None:
    """The error to report when `exc` is standard output refusing printed text (click.echo onto a
    full disk, to a reader that went away), else None (a bug: exit 1)."""
    if exc.errno not in (errno.ENOSPC, errno.EPIPE, errno.ECONNRESET, errno.EIO, errno.EFBIG, errno.EDQUOT):
        return None
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "echo" and f"{os.sep}click{os.sep}" in code.co_filename:
            return _stdout_failed(exc, "output")
        tb = tb.tb_next
    return None


def flush_stdout() -> None:
    """Flush what was printed on standard output; a failure is an `InputError` (exit 2)."""
    stream = sys.stdout
    if stream is None or _stdout_closed:
        return
    try:
        stream.flush()
    except OSError as exc:
        raise _stdout_failed(exc, "output") from None
    except ValueError:
        pass


# ----------------------------------------------------------------------------- committing outputs


def _encode(destination: str, data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            destination,
            f"cannot write the output: character {data[exc.start]!r} at {exc.start} is not "
            "encodable as UTF-8 (a lone surrogate from an input)",
        ) from None


@dataclass
class _Staged:
    target: Target
    temp: str | None = None
    buffer: io.BytesIO | None = None
    backup: str | None = None
    replaced: bool = False


class OutputSet:
    """The outputs of one run, committed together: `add` (or `open`) each, then `commit`; used as a
    context manager it commits when the block ends and discards everything when it fails."""

    def __init__(self, protected: Protected | None = None) -> None:
        self.protected = protected
        self._staged: list[_Staged] = []
        self._done = False

    def __enter__(self) -> OutputSet:  # noqa: PYI034 - a final class in all but name
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def _stage(self, destination: str) -> _Staged:
        where = check_writable(destination, protected=self.protected)
        staged = _Staged(where)
        if where.kind == "file":
            folder = os.path.dirname(where.path) or "."
            clean_stale(folder)
            temp = os.path.join(folder, _temp_name(os.path.basename(where.path)))
            _live.add(temp)
            staged.temp = temp
        else:
            staged.buffer = io.BytesIO()
        self._staged.append(staged)
        return staged

    def add(self, destination: str, data: str | bytes) -> None:
        """Stage `data` for `destination`: a file target is written to its temporary file now."""
        encoded = _encode(destination, data)
        with self.open(destination, binary=True) as fh:
            fh.write(encoded)

    @contextmanager
    def open(self, destination: str, binary: bool = False) -> Iterator[IO[Any]]:
        """A file object for an output written piece by piece (a wide table) or by a library (Parquet)."""
        staged = self._stage(destination)
        try:
            if staged.temp is not None:
                fd = os.open(staged.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the permissions open() gives
                raw: IO[Any] = os.fdopen(fd, "wb")
            else:
                assert staged.buffer is not None
                raw = cast(IO[Any], _Unclosed(staged.buffer))
            with raw if binary else io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as fh:
                yield fh
                fh.flush()
                if staged.temp is not None:
                    os.fsync(raw.fileno())
        except OSError as exc:
            self.discard()
            raise InputError(destination, f"cannot write the output ({exc.strerror or exc})") from None
        except UnicodeEncodeError as exc:
            self.discard()
            raise InputError(
                destination, f"cannot write the output: a character is not encodable as UTF-8 ({exc.reason})"
            ) from None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove every temporary file; no target is touched."""
        for staged in self._staged:
            if staged.temp is not None:
                _unlink(staged.temp)
        self._staged = []

    def commit(self) -> None:
        """Direct outputs written, then every file renamed onto its target (the old content restored
        when a rename fails). On failure nothing is left of the temporary files."""
        if self._done:
            return
        self._done = True
        try:
            for staged in self._staged:
                if staged.buffer is not None:
                    _write_direct(staged.target, staged.buffer.getvalue())
            with _signals_held():
                self._rename_all()
        except BaseException:
            self.discard()
            raise
        self._staged = []

    def _rename_all(self) -> None:
        files = [s for s in self._staged if s.temp is not None]
        try:
            for staged in files:
                assert staged.temp is not None
                path = staged.target.path
                if os.path.lexists(path):
                    staged.backup = os.path.join(os.path.dirname(path) or ".", _temp_name(os.path.basename(path)))
                    try:
                        os.link(path, staged.backup)
                        _live.add(staged.backup)
                    except OSError:
                        staged.backup = None  # no hard links here: this one cannot be rolled back
                os.replace(staged.temp, path)
                _live.discard(staged.temp)
                staged.replaced = True
        except OSError as exc:
            for staged in files:
                if staged.replaced:
                    if staged.backup is not None:
                        os.replace(staged.backup, staged.target.path)
                        _live.discard(staged.backup)
                    else:
                        _unlink(staged.target.path)
                elif staged.backup is not None:
                    _unlink(staged.backup)
            failed = next(s for s in files if not s.replaced)
            raise InputError(failed.target.destination, f"cannot write the output ({exc.strerror or exc})") from None
        folders = set()
        for staged in files:
            if staged.backup is not None:
                _unlink(staged.backup)
            folders.add(os.path.dirname(staged.target.path) or ".")
        for folder in folders:
            _fsync_folder(folder)


class _Unclosed(io.BufferedIOBase):
    """A binary view of a buffer that a TextIOWrapper may close without losing its content."""

    def __init__(self, buffer: io.BytesIO) -> None:
        super().__init__()
        self._buffer = buffer

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._buffer.write(data)


def _write_direct(where: Target, data: bytes) -> None:
    if where.kind == "stdout":
        write_stdout(data)
        return
    try:
        with open(where.destination, "wb") as fh:  # a FIFO waits here for its reader
            fh.write(data)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise InputError(where.destination, "cannot write the output: the reader closed the pipe") from None
        raise InputError(where.destination, f"cannot write the output ({exc.strerror or exc})") from None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
    _live.discard(path)


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_outputs(outputs: Iterable[tuple[str, str | bytes]], protected: Protected | None = None) -> None:
    """Write every (destination, content) of one run together, or none of them (see `OutputSet`)."""
    with OutputSet(protected) as group:
        for destination, data in outputs:
            group.add(destination, data)


def write_atomic(destination: str, text: str | bytes) -> None:
    """Write `text` to `destination` ('-' = standard output) whole or not at all."""
    write_outputs([(destination, text)])


@contextmanager
def atomic_file(destination: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object for `destination`, committed when the block ends and discarded if it fails: for
    outputs written piece by piece (a wide cohort table) or by a library (Parquet)."""
    with OutputSet() as group, group.open(destination, binary) as fh:
        yield fh
