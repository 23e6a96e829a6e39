"""A cohort run's progress on standard error."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

from .results import Outcome


class Progress:
    """click's progress bar on a terminal; plain lines (every tenth of the way) otherwise; on standard error."""

    def __init__(
        self, total: int, stream: TextIO | None = None, tty: bool | None = None, label: str = "cohort"
    ) -> None:
        self.total, self.stream, self.label = total, stream or sys.stderr, label
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = self.failed = 0
        self.start = time.perf_counter()
        self._next_line = 0
        self._bar: Any = None
        if self.tty:
            import click

            self._bar = click.progressbar(
                length=max(total, 1),
                file=self.stream,
                label=f"alkannot: {label}",
                show_pos=True,
                show_eta=True,
                width=30,
                item_show_func=self._failed_text,
            )
            # asked for a bar (tty=True): draw it even where click cannot see a terminal
            # (click 8.1: is_hidden; 8.2+: _is_atty)
            for attribute, value in (("is_hidden", False), ("_is_atty", True)):
                if hasattr(self._bar, attribute):
                    setattr(self._bar, attribute, value)
            self._bar.__enter__()

    def _failed_text(self, _item: Any) -> str:
        return f"{self.failed} failed"

    def update(self, outcomes: Iterable[Outcome]) -> None:
        batch = 0
        for o in outcomes:
            self.done += 1
            batch += 1
            self.failed += o.status == "failed"
        now = time.perf_counter()
        if self._bar is not None:
            self._bar.update(batch, current_item=self.done)
        elif self.done >= self._next_line or self.done == self.total:
            step = max(1, math.ceil(self.total / 10))
            self._next_line = (self.done // step + 1) * step
            self.stream.write(
                f"alkannot: {self.label}: {self.done}/{self.total} samples done, {self.failed} failed, "
                f"{self._rate(now):.1f} samples/s\n"
            )
            self.stream.flush()

    def _rate(self, now: float) -> float:
        return self.done / max(now - self.start, 1e-9)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.render_progress()
            self._bar.__exit__(None, None, None)  # click ends the line
            self._bar = None
