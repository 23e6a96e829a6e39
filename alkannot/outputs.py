"""Writing outputs without ever leaving a half-written file: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InputError


def check_writable(destination: str, inputs: list[str]) -> None:
    """Refuse an output path that is an input or whose folder cannot take a file, before any work."""
    if destination == "-":
        return
    target = Path(destination)
    for src in inputs:
        try:
            if target.exists() and Path(src).exists() and target.resolve() == Path(src).resolve():
                raise InputError(destination, "the output path is also an input; refusing to overwrite it")
        except OSError:
            continue
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(destination, "cannot write the output: it is a directory")
    if not folder.is_dir():
        raise InputError(destination, f"cannot write the output: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(destination, f"cannot write the output: folder {folder} is not writable")


def check_outputs(destinations: dict[str, str], inputs: list[str]) -> None:
    """Check every output of one run (option → path) before any work: at most one is standard
    output, no two name the same file, and each passes `check_writable`."""
    from .errors import UsageError

    on_stdout = [option for option, path in destinations.items() if path == "-"]
    if len(on_stdout) > 1:
        hint = " (-o defaults to standard output: give it a file)" if "-o" in on_stdout else ""
        raise UsageError(f"only one output can be standard output ('-'), not {' and '.join(on_stdout)}{hint}")
    seen: dict[Path, str] = {}
    for option, path in destinations.items():
        if path == "-":
            continue
        key = Path(path).resolve()
        if key in seen:
            raise UsageError(f"{seen[key]} and {option} name the same file {path}")
        seen[key] = option
        check_writable(path, inputs)


def write_atomic(destination: str, text: str) -> None:
    """Write `text` to `destination` ('-' = standard output) whole or not at all."""
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_file(destination) as fh:
        fh.write(text)


@contextmanager
def atomic_file(destination: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A temporary file beside `destination`, renamed onto it when the block ends and removed if the
    block fails: for outputs written piece by piece (a wide cohort table) or by a library (Parquet)."""
    target = Path(destination)
    check_writable(destination, [])
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent if str(target.parent) else ".")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report gets the permissions open() would give
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(destination, f"cannot write the output ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
