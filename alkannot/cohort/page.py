"""`DIR/cohort_summary.html`: the cohort on one self-contained page (inline SVG and CSS, no script, no
fetch) — the resistance mechanisms as a bar chart in the shape of Figure 2 of seed 001 (share of
samples per mechanism, with n/N), the per-drug calls as stacked bars, and both tables.

The charts are drawn by matplotlib (its object API, no pyplot state, text kept as SVG text, no date
and a fixed hash salt in the SVG: same cohort, same bytes). Imported only when the summary is written."""

from __future__ import annotations

import html
import io
import math
from typing import Any

from .summary import NOT_ESTABLISHED

CALL_ORDER = ("sensitive", "intermediate", "resistant", "unknown", "not_applicable")
CALL_STYLE = {  # Okabe–Ito colours as in the single-sample page, and a hatch so that greyscale reads too
    "sensitive": ("#0072B2", ""),
    "intermediate": ("#E69F00", ".."),
    "resistant": ("#D55E00", "//"),
    "unknown": ("#BBBBBB", ""),
    "not_applicable": ("#EEEEEE", "xx"),
}
MECHANISM_LABEL = {
    "on_target": "ALK kinase-domain mutation (on-target)",
    "G1202R": "  of which G1202R",
    "compound": "  of which compound",
    "transformation": "histologic transformation",
    "none_found": "no mechanism found",
    NOT_ESTABLISHED: "ALK driver not established (not counted)",
}


def _label(mechanism: str) -> str:
    if mechanism.startswith("bypass:"):
        return f"bypass: {mechanism.split(':', 1)[1]}"
    return MECHANISM_LABEL.get(mechanism, mechanism)


def _svg(figure: Any) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "alkannot", "svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = buf.getvalue()
    return text[text.index("<svg") :]  # inline: no XML prolog or DOCTYPE inside the HTML


def mechanism_chart(mechanisms: Any) -> str:
    """Horizontal bars: percent of counted samples per mechanism (grouping 'all'), labelled n/N (x%)."""
    from matplotlib.figure import Figure

    rows = mechanisms[(mechanisms["grouping"] == "all") & (mechanisms["mechanism"] != NOT_ESTABLISHED)]
    rows = rows[(rows["count"] > 0) | rows["mechanism"].isin(["on_target", "G1202R", "none_found"])]
    n = int(rows["samples"].iloc[0]) if len(rows) else 0
    labels = [_label(m) for m in rows["mechanism"]]
    percent = list(rows["percent"])
    counts = list(rows["count"])
    fig = Figure(figsize=(7.5, 0.42 * max(len(labels), 1) + 1.0))
    ax = fig.add_subplot()
    y = list(range(len(labels)))[::-1]
    colours = [
        "#0072B2" if m in ("on_target", "G1202R", "compound") else "#D55E00" if m.startswith("bypass:") else "#777777"
        for m in rows["mechanism"]
    ]
    ax.barh(y, percent, color=colours, height=0.65)
    for yi, p, c in zip(y, percent, counts, strict=False):
        ax.text(p + 1, yi, f"{c}/{n} ({p:g}%)", va="center", fontsize=9)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 115)
    ax.set_xlabel(f"% of {n} samples with an established or assumed ALK driver")
    ax.set_title("Resistance mechanisms", loc="left", fontsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(fig)


def calls_chart(calls: Any) -> str:
    """Stacked horizontal bars: how many samples got each call, per drug."""
    from matplotlib.figure import Figure

    drugs = [c for c in calls.columns if c not in ("sample_id", "patient_id", "alk_driver")]
    fig = Figure(figsize=(7.5, 0.38 * max(len(drugs), 1) + 1.3))
    ax = fig.add_subplot()
    y = list(range(len(drugs)))[::-1]
    left = [0] * len(drugs)
    for call in CALL_ORDER:
        widths = [int((calls[d] == call).sum()) for d in drugs]
        if not any(widths):
            continue
        colour, hatch = CALL_STYLE[call]
        ax.barh(
            y,
            widths,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.4,
            height=0.65,
            label=call.replace("_", " "),
        )
        left = [a + b for a, b in zip(left, widths, strict=False)]
    ax.set_yticks(y, drugs, fontsize=9)
    ax.set_xlabel(f"samples (of {len(calls)})")
    ax.set_title("Calls per drug", loc="left", fontsize=11)
    if drugs:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 - 0.3 / max(len(drugs), 1)),
            ncol=5,
            fontsize=8,
            frameon=False,
        )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _svg(fig)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _table(frame: Any) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = "".join(f"<td>{'' if _missing(v) else html.escape(str(v))}</td>" for v in row)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STYLE = """body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;color:#1a1a1a;max-width:1100px;
margin:24px auto;padding:0 24px}
h1{font-size:20px}h2{font-size:15px;border-bottom:2px solid #1a1a1a;margin-top:22px}
table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}
thead th{background:#f3f3f3}figure{margin:8px 0}svg{max-width:100%;height:auto}.note{color:#555}"""


def render_summary_page(mechanisms: Any, calls: Any) -> str:
    """The page as text."""
    everyone = mechanisms[mechanisms["grouping"] == "all"]
    n = int(everyone["samples"].iloc[0]) if len(everyone) else 0
    others = int(everyone.loc[everyone["mechanism"] == NOT_ESTABLISHED, "count"].sum())
    note = (
        f"{others} sample(s) whose ALK driver is not established are not counted among the mechanisms."
        if others
        else "Every sample has an established or assumed ALK driver."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>alkannot cohort summary</title><style>{STYLE}</style></head><body>
<h1>Cohort summary: resistance mechanisms and per-drug calls</h1>
<p class="note">{n + others} samples; {n} with an established (fusion seen) or assumed (clinical ALK positivity)
ALK driver. {html.escape(note)}
Decision support: the evidence is stated, not a prescription.</p>
<h2>Resistance mechanisms</h2>
<figure id="mechanisms">{mechanism_chart(mechanisms)}</figure>
<h2>Calls per drug</h2>
<figure id="calls">{calls_chart(calls)}</figure>
<h2>Mechanisms by group</h2>
{_table(mechanisms)}
<h2>Calls by sample</h2>
{_table(calls)}
</body></html>
"""
