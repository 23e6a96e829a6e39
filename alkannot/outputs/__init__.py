"""Where outputs go and how: the one output policy of alkannot.

- A regular file (or a path that does not exist yet) is written atomically: a temporary file beside
  it, fsync, rename. A symlink is followed: its target is written that way and the link stays a link.
- A character device, a FIFO, standard output ('-') and descriptor paths (`/dev/stdout`, `/dev/fd/N`,
  `/proc/self/fd/N`, process substitution) are written directly, never renamed over: as root a rename
  turned `/dev/null` into a regular file holding the report. A block device is refused.
- Inputs, the indexes beside them (`.tbi`, `.csi`, `.bai`, `.crai`, `.gzi`) and the knowledge-base
  folder are protected (`Protected`): an output that resolves to one is refused before any work.
- The outputs of one run are committed together (`OutputSet`): every file is written to its temporary
  file first, then the direct outputs, then the renames, with SIGINT/SIGTERM held back while they
  happen; when something fails, no file target is left changed.
- A temporary file is named `.NAME.<host><pid>.<random>.tmp`: removed when the write fails or the
  process is interrupted or terminated (`remove_temporaries`), and one left by a killed run (its
  process is gone) is removed the next time that folder is written (`clean_stale`).
- Standard output takes bytes (UTF-8, whatever the locale); a full disk, a reader that went away or a
  closed standard output is an `InputError` (exit 2, one line), never a report silently lost."""

from .commit import OutputSet, atomic_file, write_atomic, write_outputs
from .paths import (
    INDEX_SUFFIXES,
    STDOUT,
    Protected,
    Target,
    check_outputs,
    check_writable,
    index_paths,
    is_stdout,
    target,
)
from .stdout import STDOUT_NAME, flush_stdout, guard_standard_streams, stdout_error, write_stdout
from .temporaries import clean_stale, handle_signals, remove_temporaries

__all__ = [
    "INDEX_SUFFIXES",
    "STDOUT",
    "STDOUT_NAME",
    "OutputSet",
    "Protected",
    "Target",
    "atomic_file",
    "check_outputs",
    "check_writable",
    "clean_stale",
    "flush_stdout",
    "guard_standard_streams",
    "handle_signals",
    "index_paths",
    "is_stdout",
    "remove_temporaries",
    "stdout_error",
    "target",
    "write_atomic",
    "write_outputs",
    "write_stdout",
]
