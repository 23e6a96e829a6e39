"""Temporary files (`.NAME.<host><pid>.<random>.tmp`): named, removed when a write fails or the process
is interrupted or terminated, and removed the next time a folder is written when a killed run left them."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<host>[0-9a-f]{4})(?P<pid>\d+)\.[A-Za-z0-9_-]{6,}\.tmp$")
live: set[str] = set()
"""Temporary files of this process not yet renamed: removed on SIGTERM/SIGINT."""
_cleaned: set[str] = set()
"""Folders whose stale temporary files this process has removed."""


def temp_name(name: str) -> str:
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
    for path in list(live):
        with suppress(OSError):
            os.unlink(path)
        live.discard(path)


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
def signals_held() -> Iterator[None]:
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


def unlink(path: str) -> None:
    with suppress(OSError):
        os.unlink(path)
    live.discard(path)


def fsync_folder(folder: str) -> None:
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
