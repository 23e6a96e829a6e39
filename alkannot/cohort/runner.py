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
import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import __version__, runcache
from ..runcache import NO_CACHE, RunCache
from ..errors import AlkannotError, InputError, KnowledgeBaseError, UsageError
from ..knowledge.base import KnowledgeBase
from ..knowledge.loading import load_knowledgebase
from .folder import LOCK_FILE, STATE_FILE, Record, identity, lock, name_limit
from .manifest import Job

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


@dataclass(frozen=True)
class Options:
    """What every sample is annotated with, besides its files."""

    build: str = "auto"
    include_filtered: bool = False
    fusion_format: str = "auto"
    kb: str | None = None
    """knowledge-base folder; None: the packaged one"""

    def fingerprint(self) -> dict[str, Any]:
        """The options a report depends on (the KB is checked per report, by content hash)."""
        return {"build": self.build, "include_filtered": self.include_filtered, "fusion_format": self.fusion_format}


@dataclass
class Outcome:
    index: int
    sample_id: str
    status: str
    """'written', 'up_to_date' or 'failed'"""
    file: str = ""
    message: str = ""
    summary: dict[str, Any] | None = None
    report_sha256: str = ""
    """SHA-256 of the report's bytes (written or up to date)"""


@dataclass
class CohortResult:
    out_dir: Path
    outcomes: list[Outcome]
    seconds: float
    engine: str
    summary_files: list[Path] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# ----------------------------------------------------------------------------- worker side

_KBS: dict[str | None, KnowledgeBase] = {}


def _kb(path: str | None) -> KnowledgeBase:
    kb = _KBS.get(path)
    if kb is None:
        kb = _KBS[path] = load_knowledgebase(path)
    return kb


def _init_worker(kb_path: str | None) -> None:
    """Process-pool initializer: the knowledge base, once per worker (a forked worker inherits it);
    SIGTERM ends the worker at once (its temporary files removed), SIGINT is the client's to handle,
    and the worker ends by itself when its client is gone (killed with SIGKILL, say)."""
    from ..outputs import handle_signals

    handle_signals(worker=True)
    _watch_parent(os.getppid())
    try:
        _kb(kb_path)
    except AlkannotError:
        pass  # reported per sample by run_chunk


def _watch_parent(parent: int, every: float = 0.5) -> None:
    """A daemon thread that ends this process when `parent` is no longer its parent."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                from ..outputs import remove_temporaries

                remove_temporaries()
                os._exit(1)

    threading.Thread(target=watch, name="alkannot-parent-watch", daemon=True).start()


def run_chunk(
    jobs: list[Job],
    out_dir: str,
    options: Options,
    expected_kb: str,
    resume: bool,
    run: str | None = None,
    records: dict[str, dict[str, Any] | None] | None = None,
) -> list[Outcome]:
    """Annotate some jobs in this process (a worker's task); never raises for a sample's failure.
    `run`: the cohort run's token; the worker then reads and hashes a table its samples share once
    for the whole run (`runcache.for_run`), not once per sample. `records`: what the folder's record says of
    each job's report (`folder.Record`); with `resume`, a report still up to date is kept."""
    cache = NO_CACHE if run is None else runcache.for_run(run)
    return _run_chunk(jobs, out_dir, options, expected_kb, resume, records or {}, cache)


def _run_chunk(
    jobs: list[Job],
    out_dir: str,
    options: Options,
    expected_kb: str,
    resume: bool,
    records: dict[str, dict[str, Any] | None],
    cache: RunCache,
) -> list[Outcome]:
    try:
        kb = _kb(options.kb)
    except AlkannotError as exc:
        return [Outcome(j.index, j.sample_id, "failed", str(options.kb or ""), exc.one_line()) for j in jobs]
    if kb.sha256 != expected_kb:
        message = (
            f"this worker's knowledge base (sha256 {kb.sha256[:12]}…, alkannot {__version__}) is not the "
            f"client's (sha256 {expected_kb[:12]}…); install the same alkannot and knowledge base on every worker"
        )
        return [Outcome(j.index, j.sample_id, "failed", str(kb.path), message) for j in jobs]
    return [_run_one(job, Path(out_dir), options, kb, resume, records.get(job.report_name), cache) for job in jobs]


def _run_one(
    job: Job,
    out: Path,
    options: Options,
    kb: KnowledgeBase,
    resume: bool,
    record: dict[str, Any] | None,
    cache: RunCache,
) -> Outcome:
    """One sample. The client has checked that its report's path is absent or the cohort's own."""
    import hashlib

    from .summary import sample_summary

    target = out / job.report_name
    if resume and record is not None and record.get("identity") == identity(job, options.fingerprint(), kb.sha256):
        doc = _up_to_date(target, job, kb, record.get("sha256"), cache)
        if doc is not None:
            return Outcome(
                job.index,
                job.sample_id,
                "up_to_date",
                summary=sample_summary(doc, kb),
                report_sha256=str(record["sha256"]),
            )
    try:
        text, doc = _annotate(job, options, kb, cache)
        from ..outputs import write_atomic

        data = text.encode("utf-8")
        write_atomic(str(target), data)
    except AlkannotError as exc:
        _remove(target)
        return Outcome(job.index, job.sample_id, "failed", _file_of(exc, job), exc.one_line())
    except Exception as exc:  # noqa: BLE001 - one sample's bug must not stop the cohort
        _remove(target)
        text = " ".join(str(exc).split())[:300]
        return Outcome(job.index, job.sample_id, "failed", "", f"internal error: {exc.__class__.__name__}: {text}")
    return Outcome(
        job.index,
        job.sample_id,
        "written",
        summary=sample_summary(doc, kb),
        report_sha256=hashlib.sha256(data).hexdigest(),
    )


def _remove(target: Path) -> None:
    """A failed sample's stale report goes (the client checked it is the cohort's own)."""
    try:
        target.unlink(missing_ok=True)
    except OSError:
        pass


def _annotate(job: Job, options: Options, kb: KnowledgeBase, cache: RunCache) -> tuple[str, dict[str, Any]]:
    from ..identity import manifest_warnings
    from ..pipeline import annotate
    from ..report.json_writer import dumps, validate

    fusions = job.file("fusions")
    report = annotate(
        vcf=job.file("vcf"),
        sv_vcf=job.file("sv_vcf"),
        fusions=[fusions] if fusions else None,
        cnv=job.file("cnv"),
        maf=job.file("maf"),
        clinical=job.file("clinical"),
        bam=job.file("bam"),
        targets=job.file("targets"),
        sample=job.sample,
        patient=job.patient_id,
        build=options.build,
        include_filtered=options.include_filtered,
        fusion_format=options.fusion_format,
        kb=kb,
        cache=cache,
    )
    from ..report.identity import identify

    # the id covers the sample id the cohort gives, and the manifest's sample is checked against the files'
    report = identify(
        report.model_copy(
            update={
                "sample_id": job.sample_id,
                "warnings": [*report.warnings, *manifest_warnings(job.sample_id, report)],
            }
        )
    )
    text = dumps(report)
    doc = json.loads(text)
    validate(doc)
    return text, doc


def _file_of(exc: AlkannotError, job: Job) -> str:
    if isinstance(exc, InputError) and exc.file:
        return exc.file
    if isinstance(exc, KnowledgeBaseError):
        return exc.path
    return ""


def _up_to_date(
    target: Path, job: Job, kb: KnowledgeBase, sha256: Any = None, cache: RunCache = NO_CACHE
) -> dict[str, Any] | None:
    """The existing report's document when it is still what this run would write (and, when `sha256`
    is given, the bytes the cohort wrote); else None."""
    import hashlib

    from ..digests import sha256_file

    try:
        data = target.read_bytes()
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            return None
        doc = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("sample_id") != job.sample_id:
        return None
    if (doc.get("tool") or {}).get("version") != __version__ or (doc.get("knowledgebase") or {}).get(
        "sha256"
    ) != kb.sha256:
        return None
    try:
        listed = {(i["kind"], i["path"]): i["sha256"] for i in doc.get("inputs") or []}
    except (KeyError, TypeError):
        return None
    expected = set(job.files)
    unlisted = expected - set(listed)
    if not set(listed) <= expected or any(kind != "bam" for kind, _ in unlisted):
        return None  # (a BAM is listed only when there were ALK variants to phase)
    try:
        if any(sha256_file(path, cache) != sha for (_, path), sha in listed.items()):
            return None
    except OSError:
        return None
    return doc


# ----------------------------------------------------------------------------- client side


class Progress:
    """click's progress bar on a terminal; plain lines (every tenth of the way) otherwise; on standard error."""

    def __init__(
        self, total: int, stream: TextIO | None = None, tty: bool | None = None, label: str = "cohort"
    ) -> None:
        self.total, self.stream, self.label = total, stream or sys.stderr, label
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self._next_line = 0
        self._bar: Any = None
        if self.tty:
            import click

            self._bar = click.progressbar(
                length=max(total, 1),
                file=self.stream,
                label=f"alkannot: {label}",
                show_pos=True,
                show_eta=True,
                width=30,
                item_show_func=self._failed_text,
            )
            # asked for a bar (tty=True): draw it even where click cannot see a terminal (click 8.1: is_hidden; 8.2+: _is_atty)
            for attribute, value in (("is_hidden", False), ("_is_atty", True)):
                if hasattr(self._bar, attribute):
                    setattr(self._bar, attribute, value)
            self._bar.__enter__()

    def _failed_text(self, _item: Any) -> str:
        return f"{self.failed} failed"

    def update(self, outcomes: Iterable[Outcome]) -> None:
        batch = 0
        for o in outcomes:
            self.done += 1
            batch += 1
            self.failed += o.status == "failed"
        now = time.perf_counter()
        if self._bar is not None:
            self._bar.update(batch, current_item=self.done)
        elif self.done >= self._next_line or self.done == self.total:
            step = max(1, math.ceil(self.total / 10))
            self._next_line = (self.done // step + 1) * step
            self.stream.write(
                f"alkannot: {self.label}: {self.done}/{self.total} samples done, {self.failed} failed, "
                f"{self._rate(now):.1f} samples/s\n"
            )
            self.stream.flush()

    def _rate(self, now: float) -> float:
        return self.done / max(now - self.start, 1e-9)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.render_progress()
            self._bar.__exit__(None, None, None)  # click ends the line
            self._bar = None


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
                f"the cohort summary needs {' and '.join(missing)}: pip install {' '.join(missing)} (dependencies of alkannot; or run with --no-summary)"
            )
    out = Path(out_dir)
    _prepare(out)
    with lock(out, warn or _warn):
        return _run_locked(jobs, out, workers, scheduler, options, progress, summary, connect_timeout, protect)


def _warn(message: str) -> None:
    print(f"alkannot: warning: {message}", file=sys.stderr, flush=True)


def _run_locked(
    jobs: list[Job],
    out: Path,
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
    for name in (*tables, STATE_FILE):
        protected.refuse(str(out / name))
    for name in tables:
        if os.path.lexists(out / name) and not record.owns(name) and not record.legacy:
            raise InputError(
                out / name,
                "exists and was not written by alkannot cohort; refusing to overwrite it "
                "(move it or choose another output folder)",
            )
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
        if scheduler is not None:
            engine = _run_dask(todo, out, options, kb.sha256, records, run, scheduler, collect, connect_timeout)
        elif parallel > 1:
            engine = _run_processes(todo, out, options, kb.sha256, records, run, parallel, collect)
        else:
            engine = "this process"
            for job in todo:
                collect(
                    run_chunk(
                        [job], str(out), options, kb.sha256, True, run, {job.report_name: records[job.report_name]}
                    )
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
            problem = f"its report {target} is {what}; refusing to overwrite it (move that file or choose another output folder)"
        elif exists and not record.owns(name) and not (record.legacy and _alkannot_report(target, job)):
            problem = f"{target} exists and was not written by alkannot cohort; refusing to overwrite it (move it or choose another output folder)"
        if problem:
            refused.append(Outcome(job.index, job.sample_id, "failed", "" if size > limit else str(target), problem))
            continue
        folded[name.casefold()] = job.sample_id
        todo.append(job)
    return refused, todo


def _alkannot_report(target: Path, job: Job) -> bool:
    """Whether `target` is an alkannot report of this sample (a folder from an earlier alkannot, which kept no record)."""
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


Records = dict[str, dict[str, Any] | None]


def _chunks(jobs: list[Job], parallel: int, most: int, records: Records) -> list[tuple[list[Job], Records]]:
    """The jobs in chunks, each with what the record says of its reports."""
    size = max(1, min(most, math.ceil(len(jobs) / (parallel * 8))))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    return [(chunk, {job.report_name: records.get(job.report_name) for job in chunk}) for chunk in chunks]


def run_task(
    task: tuple[list[Job], Records], out_dir: str, options: Options, expected_kb: str, run: str
) -> list[Outcome]:
    """A worker's task: `run_chunk` over one chunk and its records."""
    jobs, records = task
    return run_chunk(jobs, out_dir, options, expected_kb, True, run, records)


def _run_processes(
    jobs: list[Job],
    out: Path,
    options: Options,
    kb_sha: str,
    records: Records,
    run: str,
    workers: int,
    collect: Callable[[list[Outcome]], None],
) -> str:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(options.kb,)
    )
    try:
        futures = [
            pool.submit(run_task, task, str(out), options, kb_sha, run) for task in _chunks(jobs, workers, 64, records)
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


def _run_dask(
    jobs: list[Job],
    out: Path,
    options: Options,
    kb_sha: str,
    records: Records,
    run: str,
    scheduler: Any,
    collect: Callable[[list[Outcome]], None],
    connect_timeout: float,
) -> str:
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
        tasks = _chunks(jobs, threads, 128, records)
        futures = client.map(
            run_task, tasks, out_dir=str(out), options=options, expected_kb=kb_sha, run=run, pure=False
        )
        for future in as_completed(futures):
            collect(future.result())
        address = client.scheduler.address if client.scheduler is not None else str(scheduler)
    finally:
        if own:
            client.close()
    return f"Dask scheduler {address} ({threads} worker threads)"


def _write_errors(out: Path, outcomes: list[Outcome]) -> None:
    """errors.tsv: sample, file, message of every failed sample, in cohort order (a header alone when none failed)."""
    from ..outputs import write_atomic

    def cell(text: str) -> str:
        return " ".join(str(text).split())

    lines = ["sample\tfile\tmessage"]
    lines += [f"{cell(o.sample_id)}\t{cell(o.file)}\t{cell(o.message)}" for o in outcomes if o.status == "failed"]
    write_atomic(str(out / ERRORS_FILE), "\n".join(lines) + "\n")
