"""A cohort's output folder: who holds it (a lock file) and what alkannot wrote in it (a record).

- One run at a time: `<out>/.alkannot-cohort.lock` names the holder (pid, host, process start).
  Another run refuses the folder (exit 2); a lock whose process is gone on this host is taken over
  with a warning. Two runs with different options on one folder left reports that matched neither.
- `<out>/.alkannot-cohort.state` records every report the cohort wrote: its sample, the identity of
  what it was made from (`identity`: the manifest row, the options, the tool and knowledge base) and
  the SHA-256 of its bytes. A report is up to date only when all of that still holds, and the cohort
  removes or overwrites only the files it recorded: a user's `S1.json` in the folder is left alone.
  Names are recorded as pending before any sample runs, so that a killed run still owns what it wrote."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import UsageError
from .manifest import Job

LOCK_FILE = ".alkannot-cohort.lock"
STATE_FILE = ".alkannot-cohort.state"
STATE_VERSION = 2
SAVE_EVERY = 2.0
"""seconds between saves of the record while samples complete (and once at the end); at least 20
times as long as the last save took, so that the record of a 100,000-sample folder costs the client
no more than a twentieth of its time"""


def identity(job: Job, fingerprint: dict[str, Any], kb_sha: str) -> str:
    """What a sample's report depends on besides its inputs' bytes (checked against the report's own
    input hashes): the manifest row, the run's options, this tool's version and the knowledge base."""
    what = {
        "sample_id": job.sample_id,
        "patient_id": job.patient_id,
        "sample": job.sample,
        "files": [list(f) for f in job.files],
        "options": fingerprint,
        "tool": __version__,
        "kb": kb_sha,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode("utf-8")).hexdigest()


def name_limit(out: Path) -> int:
    """The longest file name (in bytes) the output folder's filesystem takes."""
    try:
        return int(os.pathconf(out, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255


# ----------------------------------------------------------------------------- the lock


def _process_start(pid: int) -> str | None:
    """The start time of process `pid` (clock ticks since boot, Linux), to tell a reused pid from the holder."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


def _running(pid: Any, started: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return True  # a lock we cannot read is held
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return started is None or _process_start(pid) in (None, started)


def _holder(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@contextmanager
def lock(out: Path, warn: Callable[[str], None]) -> Iterator[None]:
    """Hold `out` for this run; `UsageError` when another live run holds it."""
    path = out / LOCK_FILE
    host = socket.gethostname()
    me = {
        "pid": os.getpid(),
        "host": host,
        "started": _process_start(os.getpid()),
        "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    for _ in range(5):
        if _create(path, json.dumps(me, sort_keys=True) + "\n"):
            break
        holder = _holder(path)
        if holder is None and path.exists():
            raise UsageError(
                f"{out}: the folder is locked by {path}, which cannot be read; remove it if no cohort run is "
                "using the folder"
            )
        if holder is not None:
            if holder.get("host") != host or _running(holder.get("pid"), holder.get("started")):
                raise UsageError(
                    f"{out}: another alkannot cohort run holds this folder (pid {holder.get('pid')} on "
                    f"{holder.get('host')}, since {holder.get('since')}); wait for it to end, or remove "
                    f"{path} if it is gone"
                )
            stale = path.with_name(f"{LOCK_FILE}.stale.{os.getpid()}")
            try:
                os.rename(path, stale)
            except FileNotFoundError:
                continue  # another run took it over first; try again
            if _holder(stale) != holder:  # a fresh lock slipped in between: give it back
                with suppress(OSError):
                    os.link(stale, path)
                stale.unlink(missing_ok=True)
                continue
            stale.unlink(missing_ok=True)
            warn(
                f"{out}: took over the lock of an earlier cohort run (pid {holder.get('pid')} on {host}) that "
                "is no longer running"
            )
    else:
        raise UsageError(f"{out}: could not lock the output folder ({path}); another run keeps taking it")
    try:
        yield
    finally:
        if (_holder(path) or {}).get("pid") == os.getpid():
            path.unlink(missing_ok=True)


def _create(path: Path, text: str) -> bool:
    """Create `path` holding `text` if it does not exist (atomically: a complete file or none)."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        temp.write_text(text, encoding="utf-8")
        try:
            os.link(temp, path)
            return True
        except FileExistsError:
            return False
        except OSError:  # no hard links on this filesystem
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return True
    finally:
        temp.unlink(missing_ok=True)


# ----------------------------------------------------------------------------- the record


class Record:
    """The reports this cohort wrote in `out` (name → {sample_id, identity, sha256}; pending while a run
    may write them), and the options of the last run."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_FILE
        self.outputs: dict[str, dict[str, Any]] = {}
        self.legacy = False
        """a state file of an earlier alkannot (options only): its reports were alkannot's"""
        self._saved = 0.0
        self._took = 0.0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and isinstance(data.get("outputs"), dict):
            self.outputs = {str(k): v for k, v in data["outputs"].items() if isinstance(v, dict)}
        elif isinstance(data, dict) and "options" in data:
            self.legacy = True

    def owns(self, name: str) -> bool:
        return name in self.outputs

    def entry(self, name: str) -> dict[str, Any] | None:
        return self.outputs.get(name)

    def pending(self, name: str, sample_id: str) -> None:
        self.outputs.setdefault(name, {"sample_id": sample_id, "pending": True})

    def written(self, name: str, sample_id: str, identity: str, sha256: str) -> None:
        self.outputs[name] = {"sample_id": sample_id, "identity": identity, "sha256": sha256}

    def removed(self, name: str) -> None:
        self.outputs.pop(name, None)

    def save(self, options: dict[str, Any], force: bool = True) -> None:
        """Write the record (atomically); without `force`, at most every SAVE_EVERY seconds."""
        now = time.monotonic()
        if not force and now - self._saved < max(SAVE_EVERY, 20 * self._took):
            return
        from ..outputs import write_atomic

        state = {"version": STATE_VERSION, "options": options, "outputs": self.outputs}
        write_atomic(str(self.path), json.dumps(state, sort_keys=True) + "\n")
        self._saved = time.monotonic()
        self._took = self._saved - now
