"""The worker side of a cohort run: each sample annotated and its report written, in whichever
process runs the chunk (this one, a local worker or a Dask worker). A worker loads the knowledge
base once and checks it is the client's; a sample whose report is still up to date is left as it is."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from .. import __version__, runcache
from ..errors import AlkannotError, InputError, KnowledgeBaseError
from ..knowledge.base import KnowledgeBase
from ..knowledge.loading import load_knowledgebase
from ..runcache import NO_CACHE, RunCache
from .folder import identity
from .manifest import Job
from .results import Options, Outcome
import contextlib

Records = dict[str, dict[str, Any] | None]
"""report name → what the folder's record says of it (`folder.Record`)"""

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
    with contextlib.suppress(AlkannotError):  # reported per sample by run_chunk
        _kb(kb_path)


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
    *,
    run: str | None = None,
    records: Records | None = None,
) -> list[Outcome]:
    """Annotate some jobs in this process (a worker's task); never raises for a sample's failure.
    `run`: the cohort run's token; the worker then reads and hashes a table its samples share once
    for the whole run (`runcache.for_run`), not once per sample. `records`: what the folder's record says of
    each job's report (`folder.Record`); with `resume`, a report still up to date is kept."""
    cache = NO_CACHE if run is None else runcache.for_run(run)
    return _run_chunk(jobs, out_dir, options, expected_kb, resume=resume, records=records or {}, cache=cache)


def _run_chunk(
    jobs: list[Job],
    out_dir: str,
    options: Options,
    expected_kb: str,
    *,
    resume: bool,
    records: Records,
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
    out = Path(out_dir)
    return [
        _run_one(job, out, options, kb, resume=resume, record=records.get(job.report_name), cache=cache) for job in jobs
    ]


def _run_one(
    job: Job,
    out: Path,
    options: Options,
    kb: KnowledgeBase,
    *,
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
        return Outcome(job.index, job.sample_id, "failed", _file_of(exc), exc.one_line())
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
    with contextlib.suppress(OSError):
        target.unlink(missing_ok=True)


def _annotate(job: Job, options: Options, kb: KnowledgeBase, cache: RunCache) -> tuple[str, dict[str, Any]]:
    from ..identity import manifest_warnings
    from ..pipeline import annotate
    from ..report.json_writer import dumps, validate

    report = annotate(inputs=job.inputs(), options=options.for_job(job), kb=kb, cache=cache)
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


def _file_of(exc: AlkannotError) -> str:
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
    doc = _saved(target, sha256)
    if doc is None or doc.get("sample_id") != job.sample_id or not _made_by(doc, kb):
        return None
    return doc if _same_inputs(doc, job, cache) else None


def _saved(target: Path, sha256: Any) -> dict[str, Any] | None:
    """The saved report's document, when it is one (and the bytes the cohort wrote, when `sha256` is given)."""
    import hashlib

    try:
        data = target.read_bytes()
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            return None
        doc = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _made_by(doc: dict[str, Any], kb: KnowledgeBase) -> bool:
    """Whether this alkannot and knowledge base made the report."""
    tool = (doc.get("tool") or {}).get("version")
    return tool == __version__ and (doc.get("knowledgebase") or {}).get("sha256") == kb.sha256


def _same_inputs(doc: dict[str, Any], job: Job, cache: RunCache) -> bool:
    """Whether the report lists the job's files (a BAM is listed only when there were ALK variants to
    phase) with the SHA-256 they have now."""
    from ..digests import sha256_file

    try:
        listed = {(i["kind"], i["path"]): i["sha256"] for i in doc.get("inputs") or []}
    except (KeyError, TypeError):
        return False
    expected = set(job.files)
    unlisted = expected - set(listed)
    if not set(listed) <= expected or any(kind != "bam" for kind, _ in unlisted):
        return False
    try:
        return all(sha256_file(path, cache) == sha for (_, path), sha in listed.items())
    except OSError:
        return False


def run_task(
    task: tuple[list[Job], Records], out_dir: str, options: Options, expected_kb: str, run: str
) -> list[Outcome]:
    """A worker's task: `run_chunk` over one chunk and its records."""
    jobs, records = task
    return run_chunk(jobs, out_dir, options, expected_kb, True, run=run, records=records)
