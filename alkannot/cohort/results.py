"""What a cohort run is asked to do besides its jobs (`Options`), and what it did (`Outcome` per
sample, `CohortResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..options import AnnotateOptions
from .manifest import Job


@dataclass(frozen=True)
class Options:
    """What every sample is annotated with, besides its files."""

    build: str = "auto"
    include_filtered: bool = False
    fusion_format: str = "auto"
    kb: str | None = None
    """knowledge-base folder; None: the packaged one"""

    def for_job(self, job: Job) -> AnnotateOptions:
        """The options one sample is annotated with: these, and the manifest row's sample and patient."""
        return AnnotateOptions(
            build=self.build,
            sample=job.sample,
            patient=job.patient_id,
            include_filtered=self.include_filtered,
            fusion_format=self.fusion_format,
        )

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
