"""What one cohort run reads once per worker process instead of once per sample: an explicit cache.

A cohort built from a multi-sample table (`alkannot cohort --maf/--fusions/--cnv`) annotates every
sample against the same file: read and hashed per sample, a 100,000-row MAF made a 2,000-sample run
quadratic (under 4 samples a second). A `RunCache` keeps the parsed table and each file's SHA-256,
reused by every sample of that run the worker annotates; `for_run(token)` gives the worker's cache
for a run and a new run (another token) starts afresh.

The cache is passed to the readers as an argument (`cache=`): `annotate()` passes `NO_CACHE`, which
keeps nothing, so a single call or a library user always reads the files as they are now. Within a
run the inputs are taken not to change (a changed file would have given the samples read before and
after it different contents anyway)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 64
"""Kept per run and worker: parsed tables and digests. A cohort's per-sample files are each asked for
once and the shared tables again and again, so the least recently used entries make room."""


class RunCache:
    """Parsed tables and digests kept for one cohort run in one worker process. Shared by the
    worker's threads (a Dask worker runs chunks side by side, and the background thread that hashes
    a large input works for its sample): a race makes a value twice, never a wrong one."""

    keeps = True
    """Whether anything is kept: a reader that could stream instead of keeping a whole table asks."""

    def __init__(self, max_entries: int | None = None) -> None:
        self._max = max_entries
        self._kept: dict[Hashable, Any] = {}

    def peek(self, key: Hashable) -> Any:
        """What the run keeps under `key`, or None."""
        return self._kept.get(key)

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()` once per run and worker: the reader or hash behind `key`."""
        try:
            value = self._kept.pop(key)
        except KeyError:
            value = make()
        else:
            self._kept[key] = value  # the most recently used last
            return value
        if len(self._kept) >= (self._max if self._max is not None else MAX_ENTRIES):
            del self._kept[next(iter(self._kept))]
        self._kept[key] = value
        return value

    def clear(self) -> None:
        self._kept.clear()


class _NoCache(RunCache):
    """Keeps nothing: every `kept` call makes its value (a single `annotate()`)."""

    keeps = False

    def peek(self, key: Hashable) -> Any:  # noqa: ARG002  the interface's argument, nothing to look up
        return None

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:  # noqa: ARG002  nothing is kept under it
        return make()


NO_CACHE: RunCache = _NoCache()
"""The cache of a single `annotate()` call: none."""

_worker: tuple[Hashable, RunCache] | None = None  # this process's run and its cache


def for_run(run: Hashable) -> RunCache:
    """This worker process's cache for `run` (a token the cohort client makes once per run): the same
    object for the worker's every chunk of that run; another run's token drops what the last one kept."""
    global _worker
    if _worker is None or _worker[0] != run:
        _worker = (run, RunCache())
    return _worker[1]


def release() -> None:
    """Drop what is kept (the cohort client, when its run ends: the in-process engine kept it here)."""
    global _worker
    _worker = None
