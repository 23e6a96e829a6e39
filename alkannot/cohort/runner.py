"""Runs `annotate` over a cohort's jobs: in this process (`jobs=1`), in local worker processes
(`jobs=N`, the default engine) or on a Dask distributed cluster (`scheduler=ADDRESS`). Whatever the
engine, each sample's report is the same bytes, written atomically to `<out>/<sample>.json`.

- A sample that fails (bad input: an `AlkannotError`; or an unexpected error) is recorded in
  `<out>/errors.tsv` (sample, file, message) and the others go on; a stale report of it is removed.
  So is a sample whose report cannot be written: its name would overwrite a file alkannot did not
  write or one of the cohort's inputs, differs from another sample's only in case, or is longer than
  the filesystem allows.
- One run per folder, and only alkannot's own files touched: see `folder.py` (the lock, and the
  record of every report written with what it was made from).
- Resumable: a sample whose report is recorded with the same manifest row, options, tool version and
  knowledge base, still has the bytes written, and lists the same input files with the same SHA-256
  is left as it is.
- Local workers: at most one per sample and CPU; they end when the client does (killed included).
- Workers load the knowledge base once each (the compiled cache makes that fast) and check that it
  is the client's (same content hash and tool version), so that a cluster never mixes versions."""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import runcache
from ..errors import InputError, KnowledgeBaseError, UsageError
from .folder import LOCK_FILE, STATE_FILE, Record, identity, lock, name_limit
from .manifest import Job
from .progress import Progress
from .results import CohortResult, Options, Outcome
from .engines import Collect, Work, run_dask, run_processes
from .worker import _kb, run_chunk

ERRORS_FILE = "errors.tsv"
__all__ = [
    "ERRORS_FILE",
    "LOCK_FILE",
    "STATE_FILE",
    "CohortResult",
    "Options",
    "Outcome",
    "Progress",
    "run_chunk",
    "run_cohort",
]


def run_cohort(
    jobs: list[Job],
    out_dir: str | Path,
    *,
    workers: int = 1,
    scheduler: Any = None,
    options: Options | None = None,
    progress: Progress | None = None,
    summary: bool = True,
    connect_timeout: float = 30,
    protect: Iterable[str | Path] = (),
    warn: Callable[[str], None] | None = None,
) -> CohortResult:
    """Annotate every job, write `errors.tsv` and the cohort summary tables; see the module docstring.

    `workers`: local processes (1: in this process; never more than samples or CPUs). `scheduler`: a
    Dask scheduler address (or a `distributed.Client`) to run on instead, reached within
    `connect_timeout` seconds. `protect`: more files no output may replace (the manifest, say); every
    job's inputs and the knowledge base are protected anyway. `warn`: where warnings go (standard
    error by default)."""
    options = options or Options()
    if summary:
        from importlib.util import find_spec

        missing = [m for m in ("pandas", "pyarrow", "matplotlib") if find_spec(m) is None]
        if missing:
            raise UsageError(
                f"the cohort summary needs {' and '.join(missing)}: pip install {' '.join(missing)} "
                "(dependencies of alkannot; or run with --no-summary)"
            )
    out = Path(out_dir)
    _prepare(out)
    with lock(out, warn or _warn):
        return _run_locked(
            jobs,
            out,
            workers=workers,
            scheduler=scheduler,
            options=options,
            progress=progress,
            summary=summary,
            connect_timeout=connect_timeout,
            protect=protect,
        )


def _warn(message: str) -> None:
    print(f"alkannot: warning: {message}", file=sys.stderr, flush=True)


def _run_locked(
    jobs: list[Job],
    out: Path,
    *,
    workers: int,
    scheduler: Any,
    options: Options,
    progress: Progress | None,
    summary: bool,
    connect_timeout: float,
    protect: Iterable[str | Path],
) -> CohortResult:
    from ..outputs import clean_stale

    clean_stale(out)
    kb = _kb(options.kb)
    protected = _protected(jobs, options, protect)
    from .summary import ALTERATIONS_PARQUET, ALTERATIONS_TSV, MECHANISMS_FILE

    tables = [ERRORS_FILE, *((MECHANISMS_FILE, ALTERATIONS_TSV, ALTERATIONS_PARQUET) if summary else ())]
    record = Record(out)
    _claim(out, tables, record, protected)
    refused, todo = _plan(jobs, out, record, protected)
    fingerprint = options.fingerprint()
    for name in tables:
        record.pending(name, "")
    for job in todo:
        record.pending(job.report_name, job.sample_id)
    record.save(fingerprint)
    by_index = {job.index: job for job in todo}
    run = uuid.uuid4().hex  # what workers keep for this run (a shared table, parsed and hashed once) is theirs alone
    start = time.perf_counter()
    outcomes: list[Outcome] = []

    def collect(batch: list[Outcome]) -> None:
        outcomes.extend(batch)
        for o in batch:
            job = by_index.get(o.index)
            if job is None:
                continue
            if o.status == "written":
                record.written(job.report_name, job.sample_id, identity(job, fingerprint, kb.sha256), o.report_sha256)
            elif o.status == "failed":
                record.removed(job.report_name)
        record.save(fingerprint, force=False)
        if progress is not None:
            progress.update(batch)

    collect(refused)
    records = {job.report_name: record.entry(job.report_name) for job in todo}
    parallel = max(1, min(workers, len(todo), available_cpus()))
    try:
        engine = _run_on(
            Work(todo, out, options, kb.sha256, records, run), scheduler, parallel, collect, connect_timeout
        )
    finally:
        record.save(fingerprint)
        runcache.release()
    if progress is not None:
        progress.close()
    seconds = time.perf_counter() - start
    outcomes.sort(key=lambda o: o.index)
    _write_errors(out, outcomes)
    result = CohortResult(out, outcomes, seconds, engine)
    if summary:
        from .summary import write_summary

        result.summary_files = write_summary([o.summary for o in outcomes if o.summary is not None], out)
    return result


def _claim(out: Path, tables: list[str], record: Record, protected: Any) -> None:
    """The cohort's own tables may be written: none is an input, and none is a file alkannot did not write."""
    for name in (*tables, STATE_FILE):
        protected.refuse(str(out / name))
    for name in tables:
        if os.path.lexists(out / name) and not record.owns(name) and not record.legacy:
            raise InputError(
                out / name,
                "exists and was not written by alkannot cohort; refusing to overwrite it "
                "(move it or choose another output folder)",
            )


def _run_on(work: Work, scheduler: Any, parallel: int, collect: Collect, connect_timeout: float) -> str:
    """The jobs run on the cluster, in local processes or in this one; returns the engine's description."""
    if scheduler is not None:
        return run_dask(work, scheduler, collect, connect_timeout)
    if parallel > 1:
        return run_processes(work, parallel, collect)
    for job in work.jobs:
        records = {job.report_name: work.records[job.report_name]}
        collect(run_chunk([job], str(work.out), work.options, work.kb_sha, True, run=work.run, records=records))
    return "this process"


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _protected(jobs: list[Job], options: Options, protect: Iterable[str | Path]) -> Any:
    """Every input of the cohort (with its index), the extra files given and the knowledge-base folders."""
    from ..knowledge.loading import default_kb_path
    from ..outputs import Protected

    try:
        packaged: str | None = str(default_kb_path())
    except KnowledgeBaseError:
        packaged = None
    inputs = {path for job in jobs for _, path in job.files} | {str(p) for p in protect}
    return Protected.of(
        sorted(inputs), [(options.kb, "the knowledge-base folder"), (packaged, "the packaged knowledge-base folder")]
    )


def _plan(jobs: list[Job], out: Path, record: Record, protected: Any) -> tuple[list[Outcome], list[Job]]:
    """The jobs whose report can be written, and a failed outcome for each of the others: a report
    name over the filesystem's limit, one that differs from another sample's only in case, one that
    is a cohort input, or a file in the folder that alkannot did not write."""
    limit = name_limit(out)
    real_out = os.path.realpath(out)
    refused: list[Outcome] = []
    todo: list[Job] = []
    folded: dict[str, str] = {}
    for job in jobs:
        name = job.report_name
        target = out / name
        exists = os.path.lexists(target)
        size = len(os.fsencode(name))
        problem = ""
        if size > limit:
            problem = (
                f"the sample id is too long for a report file name ({size} bytes with '.json'; "
                f"this filesystem takes at most {limit})"
            )
        elif name.casefold() in folded:
            problem = (
                f"sample {job.sample_id!r} differs from sample {folded[name.casefold()]!r} only in case: their reports "
                "would be one file on a case-insensitive filesystem; rename one of them"
            )
        elif (
            what := protected.reason(str(target), None if exists else os.path.join(real_out, name), exists)
        ) is not None:
            problem = (
                f"its report {target} is {what}; refusing to overwrite it "
                "(move that file or choose another output folder)"
            )
        elif exists and not record.owns(name) and not (record.legacy and _alkannot_report(target, job)):
            problem = (
                f"{target} exists and was not written by alkannot cohort; refusing to overwrite it "
                "(move it or choose another output folder)"
            )
        if problem:
            refused.append(Outcome(job.index, job.sample_id, "failed", "" if size > limit else str(target), problem))
            continue
        folded[name.casefold()] = job.sample_id
        todo.append(job)
    return refused, todo


def _alkannot_report(target: Path, job: Job) -> bool:
    """Whether `target` is an alkannot report of this sample (a folder from an earlier alkannot, which
    kept no record)."""
    try:
        doc = json.loads(target.read_bytes()[: 64 << 20].decode("utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(doc, dict)
        and (doc.get("tool") or {}).get("name") == "alkannot"
        and doc.get("sample_id") == job.sample_id
    )


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(out, "the output folder is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, f"cannot create the output folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise InputError(out, "the output folder is not writable")


def _write_errors(out: Path, outcomes: list[Outcome]) -> None:
    """errors.tsv: sample, file, message of every failed sample, in cohort order (a header alone when none failed)."""
    from ..outputs import write_atomic

    def cell(text: str) -> str:
        return " ".join(str(text).split())

    lines = ["sample\tfile\tmessage"]
    lines += [f"{cell(o.sample_id)}\t{cell(o.file)}\t{cell(o.message)}" for o in outcomes if o.status == "failed"]
    write_atomic(str(out / ERRORS_FILE), "\n".join(lines) + "\n")
