"""One error tree: callers (and the CLI) catch `AlkannotError` and map it to exit status 2."""

from __future__ import annotations

from pathlib import Path


class AlkannotError(Exception):
    """Base of every error alkannot raises on purpose (bad input, bad knowledge base, bad usage)."""

    def one_line(self) -> str:
        """The message as the CLI prints it: a single line."""
        return " ".join(str(self).split())


class InputError(AlkannotError):
    """An input file cannot be used. Names the file, the line (when known) and the problem."""

    def __init__(self, file: str | Path | None, message: str, line: int | None = None) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.message = message
        where = ""
        if self.file:
            where = f"{self.file}:{line}: " if line else f"{self.file}: "
        super().__init__(f"{where}{message}")


def require_file(path: Path, what: str) -> None:
    """The refusal every reader starts with: `path` must be a readable regular file (not missing, a
    folder, a device, a FIFO, a symlink loop …). Defined with the other reading limits in
    `alkannot/readers/limits.py`; here for the callers that import it from the error tree."""
    from .readers.limits import require_file as check

    check(path, what)


def utf8_text(path: str | Path, raw: bytes) -> str:
    """`raw`, the bytes of the text file `path`, decoded as UTF-8; else the refusal a text input gives,
    naming the offset of the first undecodable byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None


QUOTE_CHARS = 40
"""characters of file content an error message quotes at most"""


def excerpt(text: object, limit: int = QUOTE_CHARS) -> str:
    """File content for an error message, cut to `limit` characters with an ellipsis. A refusal
    quotes only what points at the problem (a key, a value, a column), and no more of it than this:
    never a whole line of a file that may not be what the user meant to give (a password file …)."""
    value = str(text)
    return value[:limit] + "…" if len(value) > limit else value


NAME_CHARS = frozenset("_-.: ()+")
"""besides letters and digits, the characters of a key, a column or a fusion name ('PD-L1', 'EML4::ALK',
'EML4(13)-ALK(20)')"""


def key_excerpt(key: object, limit: int = QUOTE_CHARS) -> str:
    """A key, column or name of a file as an error names it: its leading run of name characters
    (letters, digits, NAME_CHARS), cut to `limit`, with an ellipsis for whatever follows. What comes
    after the name part (the hash in `root:$6$…` of a password file given by mistake) is not quoted."""
    value = str(key)
    end = 0
    while end < len(value) and end < limit and (value[end].isalnum() or value[end] in NAME_CHARS):
        end += 1
    return value[:end] + "…" if end < len(value) else value


def quoted(text: object, limit: int = QUOTE_CHARS) -> str:
    """`excerpt` in quotes, as repr() shows text (escapes for control characters)."""
    return repr(excerpt(text, limit))


class KnowledgeBaseError(AlkannotError):
    """The knowledge base failed validation; `problems` lists every problem found, not just the first."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (+{len(problems) - 5} more; run 'alkannot kb validate')" if len(problems) > 5 else ""
        super().__init__(f"{self.path}: knowledge base is invalid: {shown}{more}")


class UsageError(AlkannotError):
    """Arguments that cannot work together (unknown build, output equal to an input …)."""


OPTIONS = frozenset(
    {
        "vcf", "sv_vcf", "maf", "fusions", "fusion_format", "cnv", "clinical", "bam", "tso500", "targets",
        "sample", "patient", "build", "include_filtered",
    }
)  # fmt: skip
"""The options of `annotate()` (and of a cohort's tables) that a message may name."""


def option(name: str) -> str:
    """How a message names one of the library's options: as the parameter, in backticks (`sample`).
    Core code names parameters, never command-line flags, so a Python caller reads what it passed;
    the command line shows each as its flag (`as_flags`)."""
    if name not in OPTIONS:
        raise ValueError(f"not an option: {name!r}")
    return f"`{name}`"


def as_flags(text: str) -> str:
    """A message as the command line says it: each option named by `option()` becomes its flag
    (`sample` → --sample, `sv_vcf` → --sv-vcf)."""
    import re

    return re.sub(r"`([a-z_0-9]+)`", lambda m: "--" + m[1].replace("_", "-") if m[1] in OPTIONS else m[0], text)
