"""Command line: a thin click layer over the Python API, one module per group of commands
(`sample`: annotate; `reports`: render, compare; `tables`: cohort, annotate-maf; `kb`: schema, kb),
each imported when its command runs (`app.COMMAND_MODULES`).

Exit status: 0 done; 2 bad input or usage (one line on stderr naming the file and the problem,
nothing written); 1 internal error; 3 (`cohort`) done, but some samples failed (listed in errors.tsv)."""

from __future__ import annotations

import gc
import io
import os
import sys

from .app import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_SAMPLES_FAILED, cli  # commands load as asked for

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_SAMPLES_FAILED", "cli", "main"]


def main() -> None:
    """Console entry point (`alkannot`, `python -m alkannot`).

    A CLI run is one short process, and start-up is most of a single-sample run (bench/run.py):
    - the cyclic garbage collector is paused while modules load and pydantic builds its model
      classes (long-lived objects, no garbage to find), those are then frozen out of later
      collections (`app.loaded`), and everything is frozen at exit so that interpreter shutdown does not
      walk the whole object graph again: together about a quarter of an `annotate` run;
    - pydantic's plugin discovery (a scan of every installed package's entry points) is skipped
      unless PYDANTIC_DISABLE_PLUGINS is set otherwise: no plugin has business with alkannot's
      internal records."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from ..outputs import guard_standard_streams, handle_signals

    guard_standard_streams()  # a closed standard output is an error to write to, and no file takes its descriptor
    handle_signals()  # SIGTERM removes temporary files, as SIGINT does
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")  # human text in any locale; reports go out as UTF-8 bytes
    gc.disable()
    try:
        cli(prog_name="alkannot")
    finally:
        gc.freeze()
