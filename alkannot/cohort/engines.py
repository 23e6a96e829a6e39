"""Where a cohort's chunks run: local worker processes, or a Dask distributed cluster. Each engine
hands every chunk's outcomes to `collect` as they come and returns its own description."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .manifest import Job
from .results import Options, Outcome
from .worker import Records, _init_worker, run_task


def _chunks(jobs: list[Job], parallel: int, most: int, records: Records) -> list[tuple[list[Job], Records]]:
    """The jobs in chunks, each with what the record says of its reports."""
    size = max(1, min(most, math.ceil(len(jobs) / (parallel * 8))))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    return [(chunk, {job.report_name: records.get(job.report_name) for job in chunk}) for chunk in chunks]


@dataclass(frozen=True)
class Work:
    """What every chunk of a run is run with: the jobs to do, the output folder, the options, the
    client's knowledge base (its hash), what the folder's record says of each report and the run's token."""

    jobs: list[Job]
    out: Path
    options: Options
    kb_sha: str
    records: Records
    run: str


Collect = Callable[[list[Outcome]], None]


def run_processes(work: Work, workers: int, collect: Collect) -> str:
    """Local worker processes (forked where the platform can), ended at once on an interruption."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(work.options.kb,)
    )
    try:
        futures = [
            pool.submit(run_task, task, str(work.out), work.options, work.kb_sha, work.run)
            for task in _chunks(work.jobs, workers, 64, work.records)
        ]
        for future in as_completed(futures):
            collect(future.result())
    except BaseException:  # interrupted, terminated, or a worker died: the others end now, not after their chunks
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return f"{workers} local processes"


def run_dask(work: Work, scheduler: Any, collect: Collect, connect_timeout: float) -> str:
    """A Dask distributed cluster (`scheduler`: its address, or a `distributed.Client`)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask distributed: pip install 'alkannot[cohort]'") from None
    own = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout=f"{connect_timeout}s") if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler}: {' '.join(str(exc).split())[:200]}"
        ) from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        tasks = _chunks(work.jobs, threads, 128, work.records)
        futures = client.map(
            run_task,
            tasks,
            out_dir=str(work.out),
            options=work.options,
            expected_kb=work.kb_sha,
            run=work.run,
            pure=False,
        )
        for future in as_completed(futures):
            collect(future.result())
        address = client.scheduler.address if client.scheduler is not None else str(scheduler)
    finally:
        if own:
            client.close()
    return f"Dask scheduler {address} ({threads} worker threads)"
