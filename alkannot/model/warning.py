"""The one warning type of reports and comparisons."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from ..warning_codes import WarningCode
from .base import _Record


class ReportWarning(_Record):
    """A warning about the inputs or the result: a stable `code` for pipelines and a message for people."""

    code: WarningCode  # a registered code (alkannot/warning_codes.py); the JSON carries its string
    message: str
