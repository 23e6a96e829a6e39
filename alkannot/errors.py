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
    """The refusal every reader starts with: a path that is missing, or a folder where `what` (a MAF,
    a VCF, …) should be."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, f"is a directory, not {what}")


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
