"""`alkannot annotate`: one sample's files → its JSON report (and the other forms asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..readers import FUSION_FORMATS
from .app import cli, loaded
from .writing import defaulted, kb_folders, print_warnings, render_outputs

if TYPE_CHECKING:
    from ..options import Inputs


@cli.command()
@click.option("--vcf", "vcf", type=click.Path(dir_okay=False), help="Small-variant VCF (.vcf, .vcf.gz, .bcf).")
@click.option(
    "--sample",
    help=(
        "The tumour sample: chosen among a VCF's samples, and the only rows read of a table that pools "
        "samples; every input that names samples must hold it."
    ),
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
    help=(
        "Fusion caller output or a file of fusion notations (Arriba, STAR-Fusion, FusionCatcher, JAFFA, "
        "generic tables); repeatable."
    ),
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
    help=(
        "Also write an HL7 FHIR R4 Bundle (Genomics Reporting IG: DiagnosticReport, variant and "
        "therapeutic-implication Observations), or - for standard output."
    ),
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
    help=(
        "Record the time of the run (UTC) as generated_at, and its day as the report date; without it the "
        "same inputs give byte-identical reports."
    ),
)
@click.option(
    "--report-date",
    "report_date",
    metavar="YYYY-MM-DD",
    help=(
        "The date the report is issued, shown on every format and part of its identifier (same inputs + same "
        "date = same id)."
    ),
)
@click.option(
    "-q",
    "--quiet",
    "quiet",
    is_flag=True,
    help="Do not print the report's warnings on standard error (they stay in the report).",
)
def annotate(
    *,
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
    from ..api import annotate_inputs
    from ..knowledge.loading import load_knowledgebase
    from ..options import AnnotateOptions, Inputs
    from ..outputs import check_outputs, write_outputs
    from ..report.identity import identify, parse_report_date, today_utc

    date = parse_report_date(report_date) if report_date is not None else None
    given = Inputs(
        vcf=vcf,
        maf=maf,
        fusions=tuple(Path(p) for p in fusions),
        sv_vcf=sv_vcf,
        cnv=cnv,
        bam=bam,
        clinical=clinical,
        tso500=tso500,
        targets=targets,
    )
    _require_data(given)
    destinations = _destinations(output, html=html, tsv=tsv, md=md, pdf=pdf, fhir=fhir)
    check_outputs(
        destinations,
        [p for p in (vcf, maf, cnv, bam, clinical, sv_vcf, tso500, targets, *fusions) if p],
        kb_folders(kb_path),
    )
    knowledge = load_knowledgebase(kb_path)
    loaded()
    options = AnnotateOptions(
        build=build,
        sample=sample,
        patient=patient,
        include_filtered=include_filtered,
        fusion_format=fusion_format.lower(),
    )
    report = annotate_inputs(given, options, knowledge, date)
    if (
        timestamp
    ):  # only when asked: a report is otherwise a pure function of its inputs, knowledge base and --report-date
        day, stamp = today_utc()
        report = identify(report, date or day, stamp)
    write_outputs(render_outputs(report, destinations))  # all rendered, then committed together
    if not quiet:
        print_warnings(report.warnings)


def _require_data(given: Inputs) -> None:
    """A run needs a data or clinical input (a BAM or a panel design only add to one)."""
    from ..errors import UsageError

    data = (given.vcf, given.maf, given.cnv, given.clinical, given.sv_vcf, given.tso500)
    if all(p is None for p in data) and not given.fusions:
        raise UsageError("nothing to annotate: give --vcf, --maf, --fusions, --sv-vcf, --tso500 and/or --clinical")


def _destinations(output: str, **forms: str | None) -> dict[str, str]:
    """Each output asked for (its option → its path). `--tsv -` alone puts that form on standard
    output, and the JSON is then not written (it is still validated)."""
    destinations = {"-o": output} if output else {}
    destinations |= {f"--{name}": path for name, path in forms.items() if path}
    if "-" in [p for o, p in destinations.items() if o != "-o"] and defaulted("output"):
        del destinations["-o"]
    return destinations
