"""One row per alteration, tab-separated, with stable column names (documented in README.md).

Values are written as the report holds them: VAF as a fraction, empty for a missing value, lists
joined with ',' (members, filters) or ';' (evidence). A tab, newline, carriage return or backslash
inside a value is written as `\\t`, `\\n`, `\\r` or `\\\\`, so every row is one line. Same report, same bytes."""

from __future__ import annotations

from typing import Any

from ..model import Alteration, Report
from ..outputs import write_atomic

COLUMNS: tuple[str, ...] = (
    "patient_id", "sample_id", "id", "category", "gene", "name", "region", "kb_entry",
    "transcript", "hgvs_g", "hgvs_c", "hgvs_p", "protein_change", "consequence", "vaf", "depth", "alt_depth", "filters",
    "fusion_junction", "fusion_variant", "fusion_role", "fusion_in_frame", "supporting_reads",
    "members", "phase", "phase_method",
    "copy_number", "copy_number_call", "ploidy", "focal",
    "evidence", "subclonal", "caveats", "conventions",
)

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).translate(_ESCAPES)


def _evidence(alt: Alteration) -> str:
    """'drug=call:level[:unconfirmed]' for each drug the knowledge base speaks of, in the report's order."""
    out = []
    for ev in alt.evidence:
        if not ev.drug:
            continue
        item = f"{ev.drug}={ev.call or ''}:{ev.level or ''}"
        out.append(item + (":unconfirmed" if ev.status == "unconfirmed" else ""))
    return ";".join(out)


def row(report: Report, alt: Alteration) -> dict[str, Any]:
    v, f, cn = alt.variant, alt.fusion, alt.copy_number
    return {
        "patient_id": report.patient_id, "sample_id": report.sample_id,
        "id": alt.id, "category": alt.category, "gene": alt.gene, "name": alt.name, "region": alt.region, "kb_entry": alt.kb_entry,
        "transcript": v and v.transcript, "hgvs_g": v and v.hgvs_g, "hgvs_c": v and v.hgvs_c, "hgvs_p": v and v.hgvs_p,
        "protein_change": v and v.protein_change, "consequence": v and v.consequence,
        "vaf": v and v.vaf, "depth": v and v.depth, "alt_depth": v and v.alt_depth, "filters": v and ",".join(v.filters),
        "fusion_junction": f and f.junction, "fusion_variant": f and f.variant, "fusion_role": f and f.role,
        "fusion_in_frame": f and f.in_frame, "supporting_reads": f and f.supporting_reads,
        "members": ",".join(alt.members) if alt.members else None, "phase": alt.phase,
        "phase_method": alt.phase_evidence and alt.phase_evidence.method,
        "copy_number": cn and cn.copy_number, "copy_number_call": cn and cn.call, "ploidy": cn and cn.ploidy, "focal": cn and cn.focal,
        "evidence": _evidence(alt), "subclonal": alt.subclonal, "caveats": "; ".join(alt.caveats),
        "conventions": ",".join(alt.conventions),
    }


def render_tsv(report: Report) -> str:
    lines = ["\t".join(COLUMNS)]
    for alt in report.alterations:
        values = row(report, alt)
        lines.append("\t".join(_text(values[c]) for c in COLUMNS))
    return "\n".join(lines) + "\n"


def write_tsv(report: Report, destination: str) -> None:
    write_atomic(destination, render_tsv(report))
