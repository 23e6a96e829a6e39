"""The SHA-256 of every input a report names (its provenance), computed alongside the reading."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from .runcache import NO_CACHE, RunCache


def sha256_file(path: str | Path, cache: RunCache = NO_CACHE) -> str:
    """The file's SHA-256; with a cohort run's `cache`, computed once per worker (a shared table is
    named by every sample's report)."""

    def compute() -> str:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    return cache.kept(("sha256", str(path)), compute)


class Digests:
    """The sha256 of every input. Large inputs are hashed in a background thread while they are read
    and classified: hashlib releases the GIL on large blocks, so a 50 MB WGS VCF's ~30 ms of hashing
    (or a BAM's much longer) overlaps the work instead of adding to it. Small ones (a panel sample's)
    are hashed at once: a thread would cost more than it hides (a cohort worker measured ~1 ms a
    sample slower with one). A file that cannot be hashed raises its OSError where its digest is
    asked for, as a synchronous read would."""

    IN_THREAD_FROM = 8 << 20  # bytes of input from which hashing moves to a thread

    def __init__(self, paths: list[str | Path], cache: RunCache = NO_CACHE) -> None:
        self._done: dict[str, str | OSError] = {}
        self._thread: threading.Thread | None = None
        self._cache = cache
        names = []
        for name in map(str, paths):
            known = cache.peek(("sha256", name))
            if known is not None:
                self._done[name] = known
            else:
                names.append(name)
        if sum(_size(name) for name in names) < self.IN_THREAD_FROM:
            self._run(names)
        else:
            self._thread = threading.Thread(target=self._run, args=(names,), daemon=True)
            self._thread.start()

    def _run(self, paths: list[str]) -> None:
        for path in paths:
            if path not in self._done:
                try:
                    self._done[path] = sha256_file(path, self._cache)
                except OSError as exc:
                    self._done[path] = exc

    def __getitem__(self, path: str | Path) -> str:
        if self._thread is not None:
            self._thread.join()
        found = self._done[str(path)]
        if isinstance(found, OSError):
            raise found
        return found


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # hashed at once, where the error is kept for whoever asks
