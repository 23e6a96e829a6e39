"""A report's date and identifier: what a tumour board files it under.

The identifier is derived from the content, so it needs no registry and no clock: the SHA-256 of the
report's canonical JSON (sorted keys, without `report_id` itself and without `generated_at`, the
time of day of `--timestamp`) with its date, cut to 16 hex digits in groups of four. Same inputs,
knowledge base and date → same id; any change in a finding, a call, an input's hash or the date →
another id. Imports nothing beyond the standard library (the JSON-only path stays light)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime

from ..errors import UsageError
from ..model import Report

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PREFIX = "ALK"


def parse_report_date(text: str, option: str = "--report-date") -> str:
    """'2026-12-03' → itself, checked to be a real calendar day; anything else is a usage error."""
    value = text.strip()
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date: give it as YYYY-MM-DD") from None
    return value


def today_utc() -> tuple[str, str]:
    """(the UTC day, the UTC time to the second) of now, as `--timestamp` records them."""
    now = datetime.now(UTC).replace(microsecond=0)
    return now.date().isoformat(), now.isoformat().replace("+00:00", "Z")


def report_id(report: Report) -> str:
    """'ALK-7F3A-09C2-B1D4-5E60': the content hash of the report and its date."""
    data = report.model_dump(mode="json", exclude={"report_id", "generated_at"})
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    head = digest[:16].upper()
    return ID_PREFIX + "-" + "-".join(head[i : i + 4] for i in range(0, 16, 4))


def identify(report: Report, report_date: str | None = None, generated_at: str | None = None) -> Report:
    """The report with its date (when given), time stamp (when given) and content-derived id."""
    update: dict[str, str | None] = {}
    if report_date is not None:
        update["report_date"] = report_date
    if generated_at is not None:
        update["generated_at"] = generated_at
    dated = report.model_copy(update=update) if update else report
    return dated.model_copy(update={"report_id": report_id(dated)})
