r"""One row per alteration, tab-separated, with stable column names (documented in README.md).

Values are written as the report holds them: VAF as a fraction, empty for a missing value, lists
joined with ',' (members, filters) or ';' (evidence). Same report, same bytes.

Cells follow one policy (`cell`), shared by every TSV alkannot writes, which reconciles "read back
unchanged by pandas and R" with "safe to open in a spreadsheet":
- standard quoting, as pandas' `read_csv(sep="\t")` and R's `read.delim` read by default: a value
  holding a double quote is enclosed in double quotes with the quote doubled — nothing else is
  quoted, and a backslash is an ordinary character;
- every control or line-separator character (C0 and C1 controls — tab, newline, \x0b, \x1e, \x85 … —
  DEL, U+2028/U+2029, and the bidirectional overrides) is written as visible text (`\t`, `\n`, `\r`,
  else `\xHH`/`\uHHHH`), so every row is one line for grep, awk and cut and no line breaks inside a cell;
- a text cell beginning with `=`, `+`, `-`, `@` (a spreadsheet formula, OWASP's CSV-injection list)
  gets a leading apostrophe, which spreadsheets show as "text"; numbers (`-0.42`) are left alone.
Values alkannot computes never hold those characters; only an input's own identifiers (a clinical
`patient_id`, a sample name) can, and only such values come back from pandas or R changed."""

from __future__ import annotations

import re
from typing import Any

from ..model import Alteration, Report
from .view.text import visible_controls

COLUMNS: tuple[str, ...] = (
    "patient_id",
    "sample_id",
    "report_id",
    "report_date",
    "id",
    "category",
    "gene",
    "name",
    "region",
    "kb_entry",
    "transcript",
    "hgvs_g",
    "hgvs_c",
    "hgvs_p",
    "protein_change",
    "consequence",
    "vaf",
    "depth",
    "alt_depth",
    "filters",
    "fusion_junction",
    "fusion_variant",
    "fusion_role",
    "fusion_in_frame",
    "supporting_reads",
    "members",
    "phase",
    "phase_method",
    "copy_number",
    "copy_number_call",
    "ploidy",
    "focal",
    "evidence",
    "subclonal",
    "caveats",
    "conventions",
)

_FORMULA_START = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def cell(value: Any) -> str:
    """One TSV cell under the policy above: '' for None, 'true'/'false', numbers as Python writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = visible_controls(str(value))
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        text = "'" + text
    if '"' in text:
        text = '"' + text.replace('"', '""') + '"'
    return text


def tsv_line(values: list[Any] | tuple[Any, ...]) -> str:
    """One TSV row (without its newline) of cells under the policy above."""
    return "\t".join(cell(v) for v in values)


def _evidence(alt: Alteration) -> str:
    """'drug=call:level[:unconfirmed]' for each drug the knowledge base speaks of, in the report's order."""
    out = []
    for ev in alt.evidence:
        if not ev.drug:
            continue
        item = f"{ev.drug}={ev.call or ''}:{ev.level or ''}"
        out.append(item + (":unconfirmed" if ev.status == "unconfirmed" else ""))
    return ";".join(out)


# column → the field it shows of the alteration's observation (empty when the alteration has none)
VARIANT_FIELDS = {
    "transcript": "transcript",
    "hgvs_g": "hgvs_g",
    "hgvs_c": "hgvs_c",
    "hgvs_p": "hgvs_p",
    "protein_change": "protein_change",
    "consequence": "consequence",
    "vaf": "vaf",
    "depth": "depth",
    "alt_depth": "alt_depth",
}
FUSION_FIELDS = {
    "fusion_junction": "junction",
    "fusion_variant": "variant",
    "fusion_role": "role",
    "fusion_in_frame": "in_frame",
    "supporting_reads": "supporting_reads",
}
COPY_NUMBER_FIELDS = {"copy_number": "copy_number", "copy_number_call": "call", "ploidy": "ploidy", "focal": "focal"}
ALTERATION_FIELDS = ("id", "category", "gene", "name", "region", "kb_entry", "phase", "subclonal")
REPORT_FIELDS = ("patient_id", "sample_id", "report_id", "report_date")


def _fields(record: Any, fields: dict[str, str]) -> dict[str, Any]:
    return {column: None if record is None else getattr(record, name) for column, name in fields.items()}


def row(report: Report, alt: Alteration) -> dict[str, Any]:
    """Column → value of one alteration's row (the columns of `COLUMNS`)."""
    v = alt.variant
    return {
        **{column: getattr(report, column) for column in REPORT_FIELDS},
        **{column: getattr(alt, column) for column in ALTERATION_FIELDS},
        **_fields(v, VARIANT_FIELDS),
        "filters": None if v is None else ",".join(v.filters),
        **_fields(alt.fusion, FUSION_FIELDS),
        **_fields(alt.copy_number, COPY_NUMBER_FIELDS),
        "members": ",".join(alt.members) if alt.members else None,
        "phase_method": alt.phase_evidence and alt.phase_evidence.method,
        "evidence": _evidence(alt),
        "caveats": "; ".join(alt.caveats),
        "conventions": ",".join(alt.conventions),
    }


def render_tsv(report: Report) -> str:
    lines = [tsv_line(COLUMNS)]
    for alt in report.alterations:
        values = row(report, alt)
        lines.append(tsv_line([values[c] for c in COLUMNS]))
    return "\n".join(lines) + "\n"
