"""Command line: a thin click layer over the Python API.

Exit status: 0 done; 2 bad input or usage (one line on stderr naming the file and the problem,
nothing written); 1 internal error; 3 (`cohort`) done, but some samples failed (listed in errors.tsv)."""

from __future__ import annotations

import gc
import io
import json
import os
import sys
from typing import Any, NoReturn

import click

from . import __version__
from .errors import AlkannotError
from .readers import FUSION_FORMATS

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def _usage_error(exc: click.UsageError) -> NoReturn:
    """A usage error as every other error: one line (click prints its usage block and a hint), exit 2."""
    path = exc.ctx.command_path if exc.ctx is not None else ""
    command = path.partition(" ")[2]
    where = f"{command}: " if command else ""
    help_hint = f" (see '{path} --help')" if path else ""
    message = " ".join(exc.format_message().split())
    click.echo(f"alkannot: error: {where}{message}{help_hint}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _flush_stdout() -> None:
    from .outputs import flush_stdout

    flush_stdout()


class _Group(click.Group):
    """Maps alkannot's error tree and click's usage errors to exit 2 with one line, anything else to
    exit 1 without a traceback."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            _flush_stdout()  # what click.echo left in the buffer: a full disk is an error here, not at exit
            return result
        except AlkannotError as exc:
            click.echo(f"alkannot: error: {exc.one_line()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.UsageError as exc:
            _usage_error(exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except (
            OSError
        ) as exc:  # click.echo onto a full disk or to a reader that went away: exit 2; anything else is a bug
            from .outputs import stdout_error

            failed = stdout_error(exc)
            if failed is None:
                _internal_error(exc)
            click.echo(f"alkannot: error: {failed.one_line()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("alkannot: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            _internal_error(exc)


def _internal_error(exc: Exception) -> NoReturn:
    if os.environ.get("ALKANNOT_DEBUG"):
        raise exc
    text = " ".join(str(exc).split())[:300]
    click.echo(
        f"alkannot: internal error: {exc.__class__.__name__}: {text} (set ALKANNOT_DEBUG=1 for a traceback)", err=True
    )
    sys.exit(EXIT_INTERNAL)


def _version_text() -> str:
    """'alkannot 0.1.0, knowledge base 1.4.0 (released 2026-11-21)': the packaged knowledge base's
    version read from its kb.yaml alone (no validation, no cache: --version stays instant)."""
    try:
        import yaml

        from .knowledge.loading import default_kb_path

        meta = (yaml.safe_load((default_kb_path() / "kb.yaml").read_text(encoding="utf-8")) or {}).get("kb") or {}
        kb = f"knowledge base {meta.get('version', '?')}" + (
            f" (released {meta['release_date']})" if meta.get("release_date") else ""
        )
    except Exception:  # noqa: BLE001 - a version line must print whatever the knowledge base's state
        kb = "knowledge base not found"
    return f"alkannot {__version__}, {kb}"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version of alkannot and of its knowledge base, and exit.",
)
def cli() -> None:
    """Explain ALK-inhibitor resistance from NGS outputs, with per-drug evidence (decision support)."""


@cli.command()
@click.option("--vcf", "vcf", type=click.Path(dir_okay=False), help="Small-variant VCF (.vcf, .vcf.gz, .bcf).")
@click.option(
    "--sample",
    help="The tumour sample: chosen among a VCF's samples, and the only rows read of a table that pools samples; every input that names samples must hold it.",
)
@click.option("--patient", help="Patient identifier for the report.")
@click.option("--build", default="auto", show_default=True, help="auto, GRCh37 (hg19) or GRCh38 (hg38).")
@click.option(
    "--include-filtered", is_flag=True, help="Also report variants that failed the caller's FILTER (flagged)."
)
@click.option(
    "--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one)."
)
@click.option(
    "--cnv",
    "cnv",
    type=click.Path(dir_okay=False),
    help="Copy-number file (CNVkit, PURPLE, ClinCNV, gene tables, GISTIC/cBioPortal matrices, VCF CN).",
)
@click.option(
    "--maf",
    "maf",
    type=click.Path(dir_okay=False),
    help="MAF (cBioPortal/GENIE/vcf2maf columns); several samples need --sample.",
)
@click.option(
    "--clinical",
    "clinical",
    type=click.Path(dir_okay=False),
    help="Clinical context (YAML or JSON): specimen, ALK status, histology, IHC, treatments.",
)
@click.option(
    "--bam",
    "bam",
    type=click.Path(dir_okay=False),
    help="Indexed BAM/CRAM of the tumour, for read-backed phasing of compound mutations.",
)
@click.option(
    "--fusions",
    "fusions",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Fusion caller output or a file of fusion notations (Arriba, STAR-Fusion, FusionCatcher, JAFFA, generic tables); repeatable.",
)
@click.option(
    "--fusion-format",
    "fusion_format",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", *FUSION_FORMATS], case_sensitive=False),
    help="Format of the --fusions files; auto recognises it from the header.",
)
@click.option(
    "--sv-vcf",
    "sv_vcf",
    type=click.Path(dir_okay=False),
    help="Structural-variant or fusion VCF (Manta, DELLY, GRIDSS, FusionCatcher).",
)
@click.option(
    "--tso500",
    "tso500",
    type=click.Path(dir_okay=False),
    help="TSO500 CombinedVariantOutput.tsv: every section (also recognised when given as --vcf or --fusions).",
)
@click.option(
    "--targets",
    "targets",
    type=click.Path(dir_okay=False),
    help="The panel's design (BED): genes outside it are not assessed.",
)
@click.option("-o", "--output", default="-", show_default=True, help="JSON report path, or - for standard output.")
@click.option(
    "--html",
    "html",
    help="Also write the HTML report (one self-contained page, printable on A4), or - for standard output.",
)
@click.option("--tsv", "tsv", help="Also write one tab-separated row per alteration, or - for standard output.")
@click.option("--md", "md", help="Also write a Markdown summary (tickets, e-mails), or - for standard output.")
@click.option(
    "--fhir",
    "fhir",
    help="Also write an HL7 FHIR R4 Bundle (Genomics Reporting IG: DiagnosticReport, variant and therapeutic-implication Observations), or - for standard output.",
)
@click.option(
    "--pdf",
    "pdf",
    help="Also write the page as a PDF (A4, running header and footer with page x of y), or - for standard output.",
)
@click.option(
    "--timestamp",
    "timestamp",
    is_flag=True,
    help="Record the time of the run (UTC) as generated_at, and its day as the report date; without it the same inputs give byte-identical reports.",
)
@click.option(
    "--report-date",
    "report_date",
    metavar="YYYY-MM-DD",
    help="The date the report is issued, shown on every format and part of its identifier (same inputs + same date = same id).",
)
@click.option(
    "-q",
    "--quiet",
    "quiet",
    is_flag=True,
    help="Do not print the report's warnings on standard error (they stay in the report).",
)
def annotate(
    vcf: str | None,
    sample: str | None,
    patient: str | None,
    build: str,
    include_filtered: bool,
    kb_path: str | None,
    cnv: str | None,
    maf: str | None,
    clinical: str | None,
    bam: str | None,
    fusions: tuple[str, ...],
    fusion_format: str,
    sv_vcf: str | None,
    output: str,
    html: str | None,
    tsv: str | None,
    md: str | None,
    timestamp: bool = False,
    report_date: str | None = None,
    pdf: str | None = None,
    fhir: str | None = None,
    quiet: bool = False,
    tso500: str | None = None,
    targets: str | None = None,
) -> None:
    """Annotate one sample and write its JSON report (and the HTML, TSV, Markdown, PDF and FHIR forms asked for).

    Every warning of the report is also printed on standard error, one line each
    (`alkannot: warning: …`), unless --quiet; the exit status does not change."""
    from .api import annotate as run
    from .errors import UsageError
    from .knowledge.loading import load_knowledgebase
    from .outputs import check_outputs, write_outputs
    from .report.identity import identify, parse_report_date, today_utc

    date = parse_report_date(report_date) if report_date is not None else None
    if (
        vcf is None
        and maf is None
        and cnv is None
        and clinical is None
        and not fusions
        and sv_vcf is None
        and tso500 is None
    ):
        raise UsageError("nothing to annotate: give --vcf, --maf, --fusions, --sv-vcf, --tso500 and/or --clinical")
    destinations = {
        option: path
        for option, path in (
            ("-o", output),
            ("--html", html),
            ("--tsv", tsv),
            ("--md", md),
            ("--pdf", pdf),
            ("--fhir", fhir),
        )
        if path
    }
    if "-" in [p for o, p in destinations.items() if o != "-o"] and _defaulted("output"):
        del destinations[
            "-o"
        ]  # `--tsv -` alone: that form on standard output, the JSON not written (it is still validated)
    check_outputs(
        destinations,
        [p for p in (vcf, maf, cnv, bam, clinical, sv_vcf, tso500, targets, *fusions) if p],
        _kb_folders(kb_path),
    )
    knowledge = load_knowledgebase(kb_path)
    _loaded()
    report = run(
        vcf=vcf,
        build=build,
        sample=sample,
        patient=patient,
        include_filtered=include_filtered,
        kb=knowledge,
        bam=bam,  # type: ignore[arg-type]
        clinical=clinical,
        maf=maf,
        cnv=cnv,
        fusions=list(fusions),
        fusion_format=fusion_format.lower(),
        sv_vcf=sv_vcf,  # type: ignore[arg-type]
        tso500=tso500,
        targets=targets,
        report_date=date,
    )
    if (
        timestamp
    ):  # only when asked: a report is otherwise a pure function of its inputs, knowledge base and --report-date
        day, stamp = today_utc()
        report = identify(report, date or day, stamp)
    write_outputs(_render_outputs(report, destinations))  # all rendered, then committed together
    if not quiet:
        _print_warnings(report.warnings)


def _print_warnings(warnings: list[Any]) -> None:
    """The report's warnings on standard error, one line each: an assumed build or a set-aside record
    is said where the user looks, not only inside the JSON."""
    for warning in warnings:
        click.echo(f"alkannot: warning: {' '.join(warning.message.split())}", err=True)


def _kb_folders(kb_path: str | None) -> list[tuple[str | None, str]]:
    """The knowledge-base folders no output may be written into: the one given and the packaged one."""
    from .errors import KnowledgeBaseError
    from .knowledge.loading import default_kb_path

    try:
        packaged: str | None = str(default_kb_path())
    except KnowledgeBaseError:
        packaged = None
    return [(kb_path, "the knowledge-base folder"), (packaged, "the packaged knowledge-base folder")]


def _defaulted(parameter: str) -> bool:
    """Whether the user left a parameter of the running command at its default."""
    ctx = click.get_current_context()
    return ctx.get_parameter_source(parameter) in (click.core.ParameterSource.DEFAULT, None)


def _render_outputs(report: Any, destinations: dict[str, str]) -> list[tuple[str, str | bytes]]:
    """Each requested output (option → path) as text or bytes, from the report alone; the JSON (`-o`)
    validated against the schema. A writer formats; it decides nothing."""
    rendered: list[tuple[str, str | bytes]] = []
    if "-o" in destinations:
        from .report.json_writer import dumps, validate

        text = dumps(report)
        validate(json.loads(text))
        rendered.append((destinations["-o"], text))
    if "--html" in destinations:
        from .report.html import render_html

        rendered.append((destinations["--html"], render_html(report)))
    if "--tsv" in destinations:
        from .report.tsv import render_tsv

        rendered.append((destinations["--tsv"], render_tsv(report)))
    if "--md" in destinations:
        from .report.markdown import render_markdown

        rendered.append((destinations["--md"], render_markdown(report)))
    if "--fhir" in destinations:
        from .report.fhir import render_fhir

        rendered.append((destinations["--fhir"], render_fhir(report)))
    if "--pdf" in destinations:
        from .report.pdf import render_pdf

        rendered.append((destinations["--pdf"], render_pdf(report)))
    return rendered


RENDER_FORMATS = ("--html", "--md", "--tsv", "--pdf", "--fhir")


@cli.command()
@click.argument("report_path", metavar="REPORT.json", type=click.Path(dir_okay=False))
@click.option("--html", "html", help="Write the HTML report, or - for standard output.")
@click.option("--md", "md", help="Write the Markdown summary, or - for standard output.")
@click.option("--tsv", "tsv", help="Write one tab-separated row per alteration, or - for standard output.")
@click.option("--pdf", "pdf", help="Write the page as a PDF, or - for standard output.")
@click.option("--fhir", "fhir", help="Write the HL7 FHIR R4 Bundle, or - for standard output.")
def render(
    report_path: str, html: str | None, md: str | None, tsv: str | None, pdf: str | None, fhir: str | None
) -> None:
    """Write the HTML, Markdown, TSV, PDF or FHIR form of a saved JSON report: the same bytes
    `annotate` wrote for it, without the inputs or the knowledge base (the report carries the sources
    it cites). The JSON is checked against the report schema first."""
    from .comparison import load_report
    from .errors import UsageError
    from .outputs import check_outputs, write_outputs

    given = dict(zip(RENDER_FORMATS, (html, md, tsv, pdf, fhir), strict=True))
    destinations = {option: path for option, path in given.items() if path}
    if not destinations:
        raise UsageError("nothing to render: give --html, --md, --tsv, --pdf and/or --fhir")
    check_outputs(destinations, [report_path])
    report = load_report(report_path, schema=True)
    _loaded()
    write_outputs(_render_outputs(report, destinations))


@cli.command()
@click.argument("baseline", type=click.Path(dir_okay=False))
@click.argument("progression", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="Comparison JSON path, or - for standard output.")
def compare(baseline: str, progression: str, output: str) -> None:
    """Compare a baseline and a progression report of one patient: acquired, persistent and lost alterations."""
    from .comparison import compare as run, dumps
    from .outputs import check_outputs, write_atomic

    check_outputs({"-o": output}, [baseline, progression])
    write_atomic(output, dumps(run(baseline, progression)))


EXIT_SAMPLES_FAILED = 3


def _default_jobs() -> int:
    from .cohort.runner import available_cpus

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
    from .cohort import Options, Progress, jobs_from_tables, read_manifest, run_cohort
    from .errors import UsageError

    _loaded()  # a long run: collect as usual
    if manifest is not None and (maf or fusions or cnv):
        raise UsageError("give either a manifest or --maf/--fusions/--cnv tables, not both")
    if manifest is None and not (maf or fusions or cnv):
        raise UsageError("nothing to run: give a manifest (MANIFEST.tsv) or --maf, --fusions and/or --cnv tables")
    if scheduler is not None and jobs is not None:
        raise UsageError("--jobs sets local processes; with --scheduler the cluster's workers do the work")
    if build.lower() != "auto":
        from .genome.builds import normalize_build

        if normalize_build(build) is None:
            raise UsageError(f"unknown genome build {build!r} (known: auto, GRCh37, GRCh38, hg19, hg38)")
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
    failed = len(result.failed)
    click.echo(
        f"alkannot: cohort: {len(work)} samples in {result.seconds:.1f} s on {result.engine}: {result.count('written')} written, "
        f"{result.count('up_to_date')} up to date, {failed} failed"
        + (f" (see {os.path.join(out_dir, 'errors.tsv')})" if failed else ""),
        err=True,
    )
    if failed:
        sys.exit(EXIT_SAMPLES_FAILED)


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
    from .knowledge.loading import load_knowledgebase
    from .oncokb_columns import annotate_table
    from .outputs import check_writable

    check_writable(output, [table])
    knowledge = load_knowledgebase(kb_path)
    _loaded()
    result = annotate_table(table, output, knowledge, build=build, fusion_format=fusion_format.lower())
    if output != "-":
        click.echo(
            f"alkannot: annotate-maf: {result.kind}, {result.rows} rows, {result.samples} samples; wrote {output}",
            err=True,
        )


@cli.command()
@click.argument("which", type=click.Choice(["report", "kb", "clinical"]), default="report")
def schema(which: str) -> None:
    """Print the JSON Schema of the report, of the knowledge base or of the clinical context file."""
    if which == "report":
        from .report.json_writer import report_schema

        data = report_schema()
    elif which == "clinical":
        from .readers.clinical import clinical_schema

        data = clinical_schema()
    else:
        from .knowledge.schema import kb_json_schema

        data = kb_json_schema()
    from .outputs import write_stdout

    write_stdout((json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"), "schema")


@cli.group()
def kb() -> None:
    """Check and inspect the knowledge base."""


@kb.command("validate")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def kb_validate(path: str | None) -> None:
    """Validate a knowledge base (default: the packaged one); lists every problem."""
    from .errors import KnowledgeBaseError
    from .knowledge.loading import default_kb_path, validate_knowledgebase

    root = path or str(default_kb_path())
    loaded, problems = validate_knowledgebase(root)
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise KnowledgeBaseError(root, problems)
    assert loaded is not None
    from .knowledge.coverage import coverage

    f = loaded.files
    total = coverage(loaded)[-1]
    click.echo(
        f"{root}: valid — version {loaded.version} ({loaded.release_date}), {len(f.drugs)} drugs, "
        f"{len(f.mutations)} mutation entries, {sum(len(m.calls) for m in f.mutations)} drug calls, "
        f"{len(f.resistance_without_profile)} resistance mutations without a per-drug profile, "
        f"{len(f.compounds.entries)} compound entries, "
        f"{len(f.references)} references; {total.backed} of {total.calls} drug calls backed by a statement from a "
        f"source that was read; sha256 {loaded.sha256}"
    )


@kb.command("diff")
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False))
def kb_diff(old: str, new: str) -> None:
    """List what changed between two knowledge bases, call by call, and the version bump it needs.

    Exit 2 when NEW's version bump is smaller than its changes need (a changed or removed call is major)."""
    from .errors import UsageError
    from .knowledge.diff import diff
    from .knowledge.loading import load_knowledgebase

    # OLD may be a release from before the current curation rules (e.g. 1.4.0, kept in
    # tests/data/kb-1.4.0): it is read with the structural checks only; NEW must pass them all
    result = diff(load_knowledgebase(old, curation=False), load_knowledgebase(new))
    for line in result.lines:
        click.echo(line)
    click.echo(
        f"{old} {result.old} → {new} {result.new}: {len(result.lines)} change(s); needs a {result.needed} bump, "
        f"the versions show {result.given}"
    )
    if not result.enough:
        raise UsageError(
            f"{new}: version {result.new} is a {result.given} bump from {result.old}, but its changes need a {result.needed} bump"
        )


@kb.command("show")
@click.argument("query", required=False)
@click.option(
    "--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one)."
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Print the alterations × drugs grid (call, level, status) and the share of calls backed by a read source.",
)
def kb_show(query: str | None, kb_path: str | None, coverage: bool) -> None:
    """Print the entries matching QUERY (a protein change such as G1202R, a drug or alias, a reference key),
    or with --coverage the grid of every call and how many rest on a source that was read."""
    from .errors import UsageError
    from .knowledge.loading import load_knowledgebase

    if coverage == (query is not None):
        raise UsageError("kb show takes a QUERY or --coverage (one of the two)")
    loaded = load_knowledgebase(kb_path)
    if coverage:
        from .knowledge.coverage import render

        click.echo(render(loaded))
        return
    assert query is not None
    hits = loaded.find(query)
    if not hits:
        raise UsageError(f"no knowledge-base entry matches {query!r}")
    import yaml

    click.echo(yaml.safe_dump(hits, sort_keys=False, allow_unicode=True).rstrip())


def main() -> None:
    """Console entry point (`alkannot`, `python -m alkannot`).

    A CLI run is one short process, and start-up is most of a single-sample run (bench/run.py):
    - the cyclic garbage collector is paused while modules load and pydantic builds its model
      classes (long-lived objects, no garbage to find), those are then frozen out of later
      collections (`_loaded`), and everything is frozen at exit so that interpreter shutdown does not
      walk the whole object graph again: together about a quarter of an `annotate` run;
    - pydantic's plugin discovery (a scan of every installed package's entry points) is skipped
      unless PYDANTIC_DISABLE_PLUGINS is set otherwise: no plugin has business with alkannot's
      internal records."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .outputs import guard_standard_streams, handle_signals

    guard_standard_streams()  # a closed standard output is an error to write to, and no file takes its descriptor
    handle_signals()  # SIGTERM removes temporary files, as SIGINT does
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")  # human text in any locale; reports go out as UTF-8 bytes
    gc.disable()
    try:
        cli(prog_name="alkannot")
    finally:
        gc.freeze()


def _loaded() -> None:
    """A command's modules and knowledge base are loaded: keep them out of later collections and
    collect again from here on (the run's own garbage, which a WGS file or a cohort makes plenty of)."""
    gc.freeze()
    gc.set_threshold(25_000, 10, 10)  # the young generation in larger batches: fewer passes over model-building objects
    gc.enable()
