"""What one sample is annotated from and with: its files (`Inputs`) and the choices that shape its
report (`AnnotateOptions`). One pair of values built once — by `alkannot.annotate()`, by the CLI
from its flags, by a cohort for each of its samples — and handed to the pipeline, instead of a dozen
arguments threaded through every signature."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .errors import UsageError

PathLike = str | Path


class AnnotateOptions(NamedTuple):
    """The choices a report depends on besides its files (the knowledge base is passed apart)."""

    build: str | None = "auto"
    """'auto' (or None): decided from the inputs; else GRCh37/GRCh38 (hg19/hg38), checked against them"""
    sample: str | None = None
    """the tumour sample: a VCF's column, and the only rows read of a table that pools samples"""
    patient: str | None = None
    """the patient identifier of the report (else the clinical file's)"""
    include_filtered: bool = False
    """also report variants that failed the caller's FILTER (flagged)"""
    fusion_format: str = "auto"
    """the fusion tables' format (lower case), or 'auto' to recognise it"""

    def declared_build(self) -> str | None:
        """The build the caller declared (normalised), or None for 'auto'."""
        from .genome.builds import BUILDS, normalize_build

        if self.build is None or self.build.lower() == "auto":
            return None
        norm = normalize_build(self.build)
        if norm is None:
            raise UsageError(f"unknown genome build {self.build!r} (known: auto, {', '.join(BUILDS)}, hg19, hg38)")
        return norm


class Inputs(NamedTuple):
    """One sample's files, as given (None: not given). A TSO500 CombinedVariantOutput given as `vcf`
    or among `fusions` is read as what it is (see `pipeline.routing`)."""

    vcf: PathLike | None = None
    maf: PathLike | None = None
    fusions: tuple[PathLike, ...] = ()
    sv_vcf: PathLike | None = None
    cnv: PathLike | None = None
    bam: PathLike | None = None
    clinical: PathLike | None = None
    tso500: PathLike | None = None
    targets: PathLike | None = None
