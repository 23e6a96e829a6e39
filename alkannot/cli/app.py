"""The command group: alkannot's error tree and click's usage errors mapped to exit statuses, and
`--version`. The commands are in the modules named for what they do."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any, NoReturn

import click

from .. import __version__
from ..errors import AlkannotError, as_flags

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_SAMPLES_FAILED = 3  # cohort: done, but some samples failed (listed in errors.tsv)

COMMAND_MODULES = {
    "annotate": "sample",
    "render": "reports",
    "compare": "reports",
    "cohort": "tables",
    "annotate-maf": "tables",
    "schema": "kb",
    "kb": "kb",
}
"""Each command and the module of `alkannot.cli` that defines it: a run imports only its own
command's module (start-up is most of a single-sample run)."""


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
    from ..outputs import flush_stdout

    flush_stdout()


class _Group(click.Group):
    """Maps alkannot's error tree and click's usage errors to exit 2 with one line, anything else to
    exit 1 without a traceback; loads a command's module when the command is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            import importlib

            importlib.import_module(f"{__package__}.{module}")  # its decorators register it on `cli`
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002  click passes the context
        return sorted({*COMMAND_MODULES, *self.commands})

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
        except AlkannotError as exc:  # the library names its options; the command line says them as flags
            click.echo(f"alkannot: error: {as_flags(exc.one_line())}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.UsageError as exc:
            _usage_error(exc)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except (
            OSError
        ) as exc:  # click.echo onto a full disk or to a reader that went away: exit 2; anything else is a bug
            from ..outputs import stdout_error

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

        from ..knowledge.loading import default_kb_path

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


def loaded() -> None:
    """A command's modules and knowledge base are loaded: keep them out of later collections and
    collect again from here on (the run's own garbage, which a WGS file or a cohort makes plenty of)."""
    gc.freeze()
    gc.set_threshold(25_000, 10, 10)  # the young generation in larger batches: fewer passes over model-building objects
    gc.enable()
