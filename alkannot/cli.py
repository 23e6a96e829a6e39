"""Command line: a thin click layer over the Python API.

Exit status: 0 done; 2 bad input or usage (one line on stderr naming the file and the problem,
nothing written); 1 internal error."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from . import __version__
from .errors import AlkannotError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class _Group(click.Group):
    """Maps alkannot's error tree to exit 2 with one line, anything else to exit 1 without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AlkannotError as exc:
            click.echo(f"alkannot: error: {exc.one_line()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("alkannot: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("ALKANNOT_DEBUG"):
                raise
            text = " ".join(str(exc).split())[:300]
            click.echo(f"alkannot: internal error: {exc.__class__.__name__}: {text} (set ALKANNOT_DEBUG=1 for a traceback)", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alkannot")
def cli() -> None:
    """Explain ALK-inhibitor resistance from NGS outputs, with per-drug evidence (decision support)."""


@cli.command()
@click.option("--vcf", "vcf", type=click.Path(dir_okay=False), help="Small-variant VCF (.vcf, .vcf.gz, .bcf).")
@click.option("--sample", help="Tumour sample to read from a multi-sample VCF.")
@click.option("--patient", help="Patient identifier for the report.")
@click.option("--build", default="auto", show_default=True, help="auto, GRCh37 (hg19) or GRCh38 (hg38).")
@click.option("--include-filtered", is_flag=True, help="Also report variants that failed the caller's FILTER (flagged).")
@click.option("--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one).")
@click.option("--cnv", "cnv", type=click.Path(dir_okay=False), help="Copy-number file (CNVkit, PURPLE, ClinCNV, gene tables, GISTIC/cBioPortal matrices, VCF CN).")
@click.option("--maf", "maf", type=click.Path(dir_okay=False), help="MAF (cBioPortal/GENIE/vcf2maf columns); several samples need --sample.")
@click.option("--clinical", "clinical", type=click.Path(dir_okay=False), help="Clinical context (YAML or JSON): specimen, ALK status, histology, IHC, treatments.")
@click.option("--bam", "bam", type=click.Path(dir_okay=False), help="Indexed BAM/CRAM of the tumour, for read-backed phasing of compound mutations.")
@click.option("--fusions", "fusions", multiple=True, type=click.Path(dir_okay=False),
              help="Fusion caller output or a file of fusion notations (Arriba, STAR-Fusion, FusionCatcher, JAFFA, generic tables); repeatable.")
@click.option("--fusion-format", "fusion_format", default="auto", show_default=True,
              type=click.Choice(["auto", "arriba", "star-fusion", "fusioncatcher", "jaffa", "generic", "notation"], case_sensitive=False),
              help="Format of the --fusions files; auto recognises it from the header.")
@click.option("--sv-vcf", "sv_vcf", type=click.Path(dir_okay=False), help="Structural-variant or fusion VCF (Manta, DELLY, GRIDSS, FusionCatcher).")
@click.option("-o", "--output", default="-", show_default=True, help="JSON report path, or - for standard output.")
def annotate(vcf: str | None, sample: str | None, patient: str | None, build: str, include_filtered: bool, kb_path: str | None,
             cnv: str | None, maf: str | None, clinical: str | None, bam: str | None, fusions: tuple[str, ...], fusion_format: str, sv_vcf: str | None,
             output: str) -> None:
    """Annotate one sample and write its JSON report."""
    from .errors import UsageError
    from .outputs import check_writable
    from .pipeline import annotate as run
    from .report.json_writer import write_json

    if vcf is None and maf is None and cnv is None and clinical is None and not fusions and sv_vcf is None:
        raise UsageError("nothing to annotate: give --vcf, --maf, --fusions, --sv-vcf and/or --clinical")
    check_writable(output, [p for p in (vcf, maf, cnv, bam, clinical, sv_vcf, *fusions) if p])
    report = run(vcf=vcf, build=build, sample=sample, patient=patient, include_filtered=include_filtered, kb=kb_path, bam=bam,
                 clinical=clinical, maf=maf, cnv=cnv, fusions=list(fusions), fusion_format=fusion_format.lower(), sv_vcf=sv_vcf)
    write_json(report, output)


@cli.command()
@click.argument("which", type=click.Choice(["report", "kb"]), default="report")
def schema(which: str) -> None:
    """Print the JSON Schema of the report or of the knowledge base."""
    if which == "report":
        from .report.json_writer import report_schema

        data = report_schema()
    else:
        from .knowledge import kb_json_schema

        data = kb_json_schema()
    click.echo(json.dumps(data, indent=2, sort_keys=True))


@cli.group()
def kb() -> None:
    """Check and inspect the knowledge base."""


@kb.command("validate")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def kb_validate(path: str | None) -> None:
    """Validate a knowledge base (default: the packaged one); lists every problem."""
    from .errors import KnowledgeBaseError
    from .knowledge import default_kb_path, validate_knowledgebase

    root = path or str(default_kb_path())
    loaded, problems = validate_knowledgebase(root)
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise KnowledgeBaseError(root, problems)
    assert loaded is not None
    f = loaded.files
    click.echo(
        f"{root}: valid — version {loaded.version} ({loaded.release_date}), {len(f.drugs)} drugs, "
        f"{len(f.mutations)} mutation entries, {sum(len(m.calls) for m in f.mutations)} drug calls, "
        f"{len(f.compounds.entries)} compound entries, "
        f"{len(f.references)} references; sha256 {loaded.sha256}"
    )


@kb.command("show")
@click.argument("query")
@click.option("--kb", "kb_path", type=click.Path(file_okay=False), help="Knowledge-base folder (default: the packaged one).")
def kb_show(query: str, kb_path: str | None) -> None:
    """Print the entries matching QUERY (a protein change such as G1202R, a drug or alias, a reference key)."""
    from .errors import UsageError
    from .knowledge import load_knowledgebase

    loaded = load_knowledgebase(kb_path)
    hits = loaded.find(query)
    if not hits:
        raise UsageError(f"no knowledge-base entry matches {query!r}")
    import yaml

    click.echo(yaml.safe_dump(hits, sort_keys=False, allow_unicode=True).rstrip())


def main() -> None:
    cli(prog_name="alkannot")
