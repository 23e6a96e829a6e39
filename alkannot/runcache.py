"""What one cohort run reads once per worker process instead of once per sample.

A cohort built from a multi-sample table (`alkannot cohort --maf/--fusions/--cnv`) annotates every
sample against the same file: read and hashed per sample, a 100,000-row MAF made a 2,000-sample run
quadratic (under 4 samples a second). Inside `scope(run)` the parsed table and each file's SHA-256
are kept and reused by every sample of that run the worker annotates; a new run (another token)
starts afresh.

Outside a scope nothing is kept, so a single `annotate` call or a library user always reads the
files as they are now. Within a run the inputs are taken not to change (a changed file would have
given the samples read before and after it different contents anyway)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 64
"""Kept per run and worker: parsed tables and digests. A cohort's per-sample files are each asked for
once and the shared tables again and again, so the least recently used entries make room."""

_run: Hashable | None = None  # the run whose samples this process is annotating, if any
_open = 0  # scopes open (a Dask worker with several threads runs chunks side by side)
_kept_for: Hashable | None = None  # the run the kept entries belong to
_kept: dict[Hashable, Any] = {}


@contextmanager
def scope(run: Hashable) -> Iterator[None]:
    """Reuse within `run` (a token the cohort client makes once per run) while the block runs; the
    entries stay for the worker's next chunk of the same run and are dropped when another run starts.
    The state is the process's, not a thread's: the background thread that hashes a large input
    shares it with the sample it works for."""
    global _run, _kept_for, _open
    if run != _kept_for:
        _kept.clear()
        _kept_for = run
    _run = run
    _open += 1
    try:
        yield
    finally:
        _open -= 1
        if _open == 0:
            _run = None


def active() -> bool:
    return _run is not None


def release() -> None:
    """Drop what is kept (the cohort client, when its run ends: the in-process engine kept it here)."""
    global _kept_for
    _kept.clear()
    _kept_for = None


def peek(key: Hashable) -> Any:
    """What the run keeps under `key`, or None."""
    return _kept.get(key) if _run is not None else None


def kept(key: Hashable, make: Callable[[], T]) -> T:
    """`make()` once per run and worker (at every call outside a run): the reader or hash behind `key`."""
    if _run is None:
        return make()
    try:
        value = _kept.pop(key)
    except KeyError:
        value = make()
    else:
        _kept[key] = value  # the most recently used last
        return value
    if len(_kept) >= MAX_ENTRIES:
        del _kept[next(iter(_kept))]
    _kept[key] = value
    return value
