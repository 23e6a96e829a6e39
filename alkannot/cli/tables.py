"""`alkannot cohort` (every sample of a manifest or of multi-sample tables, one report each) and
`alkannot annotate-maf` (OncoKB-annotator columns appended to every row of a table)."""

from __future__ import annotations

import os
import sys

from typing import TYPE_CHECKING

import click

from ..readers import FUSION_FORMATS
from .app import EXIT_SAMPLES_FAILED, cli, loaded

if TYPE_CHECKING:
    from ..cohort import CohortResult


def _default_jobs() -> int:
    from ..cohort.runner import available_cpus

    return available_cpus()


@cli.command()
@click.argument("manifest", required=False, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for one JSON report per sample, errors.tsv and the cohort summary.",
)
@click.option(
    "--jobs",
    "jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Local worker processes (default: the CPUs available; 1 runs in this process).",
)
@click.option(
    "--scheduler", "scheduler", help="Run on a Dask distributed cluster: the scheduler's address (tcp://host:8786)."
)
@click.option(
    "--maf", "maf", type=click.Path(dir_okay=False), help="A multi-sample MAF: one report per Tumor_Sample_Barcode."
)
@click.option(
    "--fusions",
    "fusions",
    type=click.Path(dir_okay=False),
    help="A multi-sample fusion table (sample column): one report per sample.",
)
@click.option(
    "--cnv",
    "cnv",
    type=click.Path(dir_okay=False),
    help="A multi-sample copy-number table (GISTIC/cBioPortal matrix, long CNA): one report per sample.",
)
@click.option(
    "--fusion-format",
    "fusion_format",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", *FUSION_FORMATS], case_sensitive=False),
    help="Format of the fusion files.",
)
@click.option(
    "--build", default="auto", show_default=True, help="auto, GRCh37 (hg19) or GRCh38 (hg38), for every sample."
)
@click.option(
    "--include-filtered", is_flag=True, help="Also report variants that failed the caller's FILTER (flagged)."
)
@click.option(
    "--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one)."
)
@click.option("--no-summary", "no_summary", is_flag=True, help="Skip the cohort summary tables (and pandas).")
def cohort(
    *,
    manifest: str | None,
    out_dir: str,
    jobs: int | None,
    scheduler: str | None,
    maf: str | None,
    fusions: str | None,
    cnv: str | None,
    fusion_format: str,
    build: str,
    include_filtered: bool,
    kb_path: str | None,
    no_summary: bool,
) -> None:
    """Annotate every sample of MANIFEST (columns patient_id sample_id vcf sv_vcf fusions cnv maf clinical
    bam) or of multi-sample --maf/--fusions/--cnv tables: one report per sample in the output folder.

    A failing sample is listed in errors.tsv and the others go on; samples whose report is up to date
    are skipped. Exit status 3 when some sample failed."""
    from ..cohort import Options, Progress, jobs_from_tables, read_manifest, run_cohort

    loaded()  # a long run: collect as usual
    _check_cohort(manifest, (maf, fusions, cnv), scheduler=scheduler, jobs=jobs, build=build)
    work = (
        read_manifest(manifest) if manifest is not None else jobs_from_tables(maf, fusions, cnv, fusion_format.lower())
    )
    options = Options(build=build, include_filtered=include_filtered, fusion_format=fusion_format.lower(), kb=kb_path)
    result = run_cohort(
        work,
        out_dir,
        workers=jobs or _default_jobs(),
        scheduler=scheduler,
        options=options,
        progress=Progress(len(work)),
        summary=not no_summary,
        protect=[p for p in (manifest, maf, fusions, cnv) if p],
    )
    _said(len(work), result, out_dir)
    if result.failed:
        sys.exit(EXIT_SAMPLES_FAILED)


def _check_cohort(
    manifest: str | None, tables: tuple[str | None, ...], *, scheduler: str | None, jobs: int | None, build: str
) -> None:
    """A manifest or tables (not both, not neither); --jobs or --scheduler; a known build."""
    from ..errors import UsageError

    if manifest is not None and any(tables):
        raise UsageError("give either a manifest or --maf/--fusions/--cnv tables, not both")
    if manifest is None and not any(tables):
        raise UsageError("nothing to run: give a manifest (MANIFEST.tsv) or --maf, --fusions and/or --cnv tables")
    if scheduler is not None and jobs is not None:
        raise UsageError("--jobs sets local processes; with --scheduler the cluster's workers do the work")
    if build.lower() != "auto":
        from ..genome.builds import normalize_build

        if normalize_build(build) is None:
            raise UsageError(f"unknown genome build {build!r} (known: auto, GRCh37, GRCh38, hg19, hg38)")


def _said(samples: int, result: CohortResult, out_dir: str) -> None:
    """The run's one line on standard error."""
    failed = len(result.failed)
    click.echo(
        f"alkannot: cohort: {samples} samples in {result.seconds:.1f} s on {result.engine}: "
        f"{result.count('written')} written, "
        f"{result.count('up_to_date')} up to date, {failed} failed"
        + (f" (see {os.path.join(out_dir, 'errors.tsv')})" if failed else ""),
        err=True,
    )


@cli.command("annotate-maf")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="Annotated table path, or - for standard output.")
@click.option("--build", default="auto", show_default=True, help="auto, GRCh37 (hg19) or GRCh38 (hg38).")
@click.option(
    "--fusion-format",
    "fusion_format",
    default="auto",
    show_default=True,
    type=click.Choice(
        ["auto", "arriba", "star-fusion", "fusioncatcher", "jaffa", "generic", "notation"], case_sensitive=False
    ),
    help="Format of a fusion table.",
)
@click.option(
    "--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one)."
)
def annotate_maf(table: str, output: str, build: str, fusion_format: str, kb_path: str | None) -> None:
    """Append OncoKB-annotator columns (LEVEL_1 … LEVEL_R2, HIGHEST_LEVEL, HIGHEST_SENSITIVE_LEVEL,
    HIGHEST_RESISTANCE_LEVEL, TX_CITATIONS) and alkannot's per-drug calls to every row of a MAF,
    fusion table or copy-number table, all its samples in one run."""
    from ..knowledge.loading import load_knowledgebase
    from ..oncokb_columns import annotate_table
    from ..outputs import check_writable

    check_writable(output, [table])
    knowledge = load_knowledgebase(kb_path)
    loaded()
    result = annotate_table(table, output, knowledge, build=build, fusion_format=fusion_format.lower())
    if output != "-":
        click.echo(
            f"alkannot: annotate-maf: {result.kind}, {result.rows} rows, {result.samples} samples; wrote {output}",
            err=True,
        )
