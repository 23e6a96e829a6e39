"""Runs `annotate` over a cohort's jobs: in this process (`jobs=1`), in local worker processes
(`jobs=N`, the default engine) or on a Dask distributed cluster (`scheduler=ADDRESS`). Whatever the
engine, each sample's report is the same bytes, written atomically to `<out>/<sample>.json`.

- A sample that fails (bad input: an `AlkannotError`; or an unexpected error) is recorded in
  `<out>/errors.tsv` (sample, file, message) and the others go on; a stale report of it is removed.
- Resumable: a sample whose report exists, lists the same input files with the same SHA-256, and
  was written by this tool version with this knowledge base (content hash) is left as it is. The run's
  options (build, filtered records, fusion format) are kept in `<out>/.alkannot-cohort.state`; when
  they change, every report is made again.
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
from ..errors import AlkannotError, InputError, KnowledgeBaseError, UsageError
from ..knowledge import KnowledgeBase, load_knowledgebase
from .manifest import Job

ERRORS_FILE = "errors.tsv"
STATE_FILE = ".alkannot-cohort.state"


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
    """Process-pool initializer: the knowledge base, once per worker (a forked worker inherits it)."""
    try:
        _kb(kb_path)
    except AlkannotError:
        pass  # reported per sample by run_chunk


def run_chunk(jobs: list[Job], out_dir: str, options: Options, expected_kb: str, resume: bool, run: str | None = None) -> list[Outcome]:
    """Annotate some jobs in this process (a worker's task); never raises for a sample's failure.
    `run`: the cohort run's token; the worker then reads and hashes a table its samples share once
    for the whole run (`runcache`), not once per sample."""
    if run is None:
        return _run_chunk(jobs, out_dir, options, expected_kb, resume)
    with runcache.scope(run):
        return _run_chunk(jobs, out_dir, options, expected_kb, resume)


def _run_chunk(jobs: list[Job], out_dir: str, options: Options, expected_kb: str, resume: bool) -> list[Outcome]:
    try:
        kb = _kb(options.kb)
    except AlkannotError as exc:
        return [Outcome(j.index, j.sample_id, "failed", str(options.kb or ""), exc.one_line()) for j in jobs]
    if kb.sha256 != expected_kb:
        message = (f"this worker's knowledge base (sha256 {kb.sha256[:12]}…, alkannot {__version__}) is not the "
                   f"client's (sha256 {expected_kb[:12]}…); install the same alkannot and knowledge base on every worker")
        return [Outcome(j.index, j.sample_id, "failed", str(kb.path), message) for j in jobs]
    return [_run_one(job, Path(out_dir), options, kb, resume) for job in jobs]


def _run_one(job: Job, out: Path, options: Options, kb: KnowledgeBase, resume: bool) -> Outcome:
    from .summary import sample_summary

    target = out / job.report_name
    if resume:
        doc = _up_to_date(target, job, kb)
        if doc is not None:
            return Outcome(job.index, job.sample_id, "up_to_date", summary=sample_summary(doc, kb))
    try:
        text, doc = _annotate(job, options, kb)
        from ..outputs import write_atomic

        write_atomic(str(target), text)
    except AlkannotError as exc:
        target.unlink(missing_ok=True)
        return Outcome(job.index, job.sample_id, "failed", _file_of(exc, job), exc.one_line())
    except Exception as exc:  # noqa: BLE001 - one sample's bug must not stop the cohort
        target.unlink(missing_ok=True)
        text = " ".join(str(exc).split())[:300]
        return Outcome(job.index, job.sample_id, "failed", "", f"internal error: {exc.__class__.__name__}: {text}")
    return Outcome(job.index, job.sample_id, "written", summary=sample_summary(doc, kb))


def _annotate(job: Job, options: Options, kb: KnowledgeBase) -> tuple[str, dict[str, Any]]:
    from ..pipeline import annotate
    from ..report.json_writer import dumps, validate

    fusions = job.file("fusions")
    report = annotate(
        vcf=job.file("vcf"), sv_vcf=job.file("sv_vcf"), fusions=[fusions] if fusions else None, cnv=job.file("cnv"),
        maf=job.file("maf"), clinical=job.file("clinical"), bam=job.file("bam"), sample=job.sample, patient=job.patient_id,
        build=options.build, include_filtered=options.include_filtered, fusion_format=options.fusion_format, kb=kb,
    )
    from ..report.identity import identify

    report = identify(report.model_copy(update={"sample_id": job.sample_id}))  # the id covers the sample id the cohort gives
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


def _up_to_date(target: Path, job: Job, kb: KnowledgeBase) -> dict[str, Any] | None:
    """The existing report's document when it is still what this run would write; else None."""
    from ..pipeline import sha256_file

    try:
        doc = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("sample_id") != job.sample_id:
        return None
    if (doc.get("tool") or {}).get("version") != __version__ or (doc.get("knowledgebase") or {}).get("sha256") != kb.sha256:
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
        if any(sha256_file(path) != sha for (_, path), sha in listed.items()):
            return None
    except OSError:
        return None
    return doc


# ----------------------------------------------------------------------------- client side


class Progress:
    """click's progress bar on a terminal; plain lines (every tenth of the way) otherwise; on standard error."""

    def __init__(self, total: int, stream: TextIO | None = None, tty: bool | None = None, label: str = "cohort") -> None:
        self.total, self.stream, self.label = total, stream or sys.stderr, label
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self._next_line = 0
        self._bar: Any = None
        if self.tty:
            import click

            self._bar = click.progressbar(length=max(total, 1), file=self.stream, label=f"alkannot: {label}", show_pos=True,
                                          show_eta=True, width=30, item_show_func=self._failed_text)
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
            self.stream.write(f"alkannot: {self.label}: {self.done}/{self.total} samples done, {self.failed} failed, "
                              f"{self._rate(now):.1f} samples/s\n")
            self.stream.flush()

    def _rate(self, now: float) -> float:
        return self.done / max(now - self.start, 1e-9)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.render_progress()
            self._bar.__exit__(None, None, None)  # click ends the line
            self._bar = None


def run_cohort(jobs: list[Job], out_dir: str | Path, *, workers: int = 1, scheduler: Any = None,
               options: Options | None = None, progress: Progress | None = None, summary: bool = True,
               connect_timeout: float = 30) -> CohortResult:
    """Annotate every job, write `errors.tsv` and the cohort summary tables; see the module docstring.

    `workers`: local processes (1: in this process). `scheduler`: a Dask scheduler address (or a
    `distributed.Client`) to run on instead, reached within `connect_timeout` seconds."""
    options = options or Options()
    if summary:
        from importlib.util import find_spec

        missing = [m for m in ("pandas", "pyarrow", "matplotlib") if find_spec(m) is None]
        if missing:
            raise UsageError(f"the cohort summary needs {' and '.join(missing)}: pip install {' '.join(missing)} (dependencies of alkannot; or run with --no-summary)")
    out = Path(out_dir)
    _prepare(out)
    kb = _kb(options.kb)
    resume = _resume(out, options, jobs)
    run = uuid.uuid4().hex  # what workers keep for this run (a shared table, parsed and hashed once) is theirs alone
    start = time.perf_counter()
    outcomes: list[Outcome] = []

    def collect(batch: list[Outcome]) -> None:
        outcomes.extend(batch)
        if progress is not None:
            progress.update(batch)

    if scheduler is not None:
        engine = _run_dask(jobs, out, options, kb.sha256, resume, run, scheduler, collect, connect_timeout)
    elif workers > 1 and len(jobs) > 1:
        engine = _run_processes(jobs, out, options, kb.sha256, resume, run, workers, collect)
    else:
        engine = "this process"
        for job in jobs:
            collect(run_chunk([job], str(out), options, kb.sha256, resume, run))
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


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(out, "the output folder is a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, f"cannot create the output folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise InputError(out, "the output folder is not writable")


def _resume(out: Path, options: Options, jobs: list[Job]) -> bool:
    """True when the reports in `out` were made with these options; otherwise they are removed (they
    would be stale) and the new options recorded, so that an interrupted run still resumes."""
    state_file = out / STATE_FILE
    state = {"options": options.fingerprint()}
    try:
        previous = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if previous == state:
        return True
    for job in jobs:
        (out / job.report_name).unlink(missing_ok=True)
    from ..outputs import write_atomic

    write_atomic(str(state_file), json.dumps(state, sort_keys=True) + "\n")
    return False


def _chunks(jobs: list[Job], parallel: int, most: int) -> list[list[Job]]:
    size = max(1, min(most, math.ceil(len(jobs) / (parallel * 8))))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def _run_processes(jobs: list[Job], out: Path, options: Options, kb_sha: str, resume: bool, run: str, workers: int,
                   collect: Callable[[list[Outcome]], None]) -> str:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(options.kb,)) as pool:
        futures = [pool.submit(run_chunk, chunk, str(out), options, kb_sha, resume, run) for chunk in _chunks(jobs, workers, 64)]
        try:
            for future in as_completed(futures):
                collect(future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return f"{workers} local processes"


def _run_dask(jobs: list[Job], out: Path, options: Options, kb_sha: str, resume: bool, run: str, scheduler: Any,
              collect: Callable[[list[Outcome]], None], connect_timeout: float) -> str:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask distributed: pip install 'alkannot[cohort]'") from None
    own = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout=f"{connect_timeout}s") if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {' '.join(str(exc).split())[:200]}") from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        chunks = _chunks(jobs, threads, 128)
        futures = client.map(run_chunk, chunks, out_dir=str(out), options=options, expected_kb=kb_sha, resume=resume, run=run, pure=False)
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
