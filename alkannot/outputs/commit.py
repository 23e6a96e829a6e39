"""Committing the outputs of one run together (`OutputSet`): every file written to its temporary file
first, then the direct outputs, then the renames with signals held; when something fails, no file
target is left changed."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, cast

from ..errors import InputError
from .paths import Protected, Target, check_writable
from .stdout import write_stdout
from .temporaries import clean_stale, fsync_folder, live, signals_held, temp_name, unlink


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

    def replace(self) -> None:
        """Rename the temporary file onto the target, keeping a hard link to the old file (when the
        folder allows one) so that a later failure of the same commit can restore it."""
        assert self.temp is not None
        path = self.target.path
        if os.path.lexists(path):
            self.backup = os.path.join(os.path.dirname(path) or ".", temp_name(os.path.basename(path)))
            try:
                os.link(path, self.backup)
                live.add(self.backup)
            except OSError:
                self.backup = None  # no hard links here: this one cannot be rolled back
        os.replace(self.temp, path)
        live.discard(self.temp)
        self.replaced = True

    def roll_back(self) -> None:
        """Undo `replace` after a failed commit: the old file back (or the new one removed)."""
        if self.replaced:
            if self.backup is not None:
                os.replace(self.backup, self.target.path)
                live.discard(self.backup)
            else:
                unlink(self.target.path)
        elif self.backup is not None:
            unlink(self.backup)

    def drop_backup(self) -> None:
        if self.backup is not None:
            unlink(self.backup)


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
            temp = os.path.join(folder, temp_name(os.path.basename(where.path)))
            live.add(temp)
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
                unlink(staged.temp)
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
            with signals_held():
                self._rename_all()
        except BaseException:
            self.discard()
            raise
        self._staged = []

    def _rename_all(self) -> None:
        files = [s for s in self._staged if s.temp is not None]
        try:
            for staged in files:
                staged.replace()
        except OSError as exc:
            for staged in files:
                staged.roll_back()
            failed = next(s for s in files if not s.replaced)
            raise InputError(failed.target.destination, f"cannot write the output ({exc.strerror or exc})") from None
        folders = set()
        for staged in files:
            staged.drop_backup()
            folders.add(os.path.dirname(staged.target.path) or ".")
        for folder in folders:
            fsync_folder(folder)


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
