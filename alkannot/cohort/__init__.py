"""Cohort runs: `annotate` over a manifest or multi-sample tables, locally with processes or on a Dask
cluster, with per-sample error records, resumption and a cohort summary (see runner.py).

Only this package imports pandas (the summary) and Dask (`scheduler=`); `alkannot annotate` never does."""

from __future__ import annotations

from .manifest import COLUMNS, Job, jobs_from_tables, read_manifest
from .progress import Progress
from .results import CohortResult, Options, Outcome
from .runner import run_cohort

__all__ = [
    "COLUMNS",
    "CohortResult",
    "Job",
    "Options",
    "Outcome",
    "Progress",
    "jobs_from_tables",
    "read_manifest",
    "run_cohort",
]
