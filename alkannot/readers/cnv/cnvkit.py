"""CNVkit segments (.cns, .call.cns) and bin-level log2 ratios (.cnr): 0-based starts, a gene column
of comma-separated names (CNVkit's own labels such as 'Antitarget' dropped), log2 [, cn, probes]."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .columns import Cells, Column, Columns, copies, count, number, read_columns, segment
from .files import base_name
from .table import Calls, Ctx, Header, one_gene

_NON_GENES = {"", "-", "Antitarget", "Background", "CGH"}


def cnvkit_genes(text: str) -> list[str]:
    """CNVkit's gene column: comma-separated; keep the name before any ';', drop '-', 'Antitarget' …
    ('ALK;ALKintron17ENST…' → 'ALK'; 'ALK2_CGH' stays 'ALK2_CGH')."""
    out: list[str] = []
    for token in text.split(","):
        name = token.split(";", 1)[0].strip()
        if name in _NON_GENES or name in out:
            continue
        out.append(name)
    return out


def _genes(_ctx: Ctx, _n: int, cells: Cells) -> dict[str, Any]:
    genes = cnvkit_genes(cells[0] or "")
    return {"genes": genes, "gene": one_gene(genes)}


CNVKIT = Columns(
    (
        segment((("chromosome",), ("start",), ("end",)), zero_based=True),
        Column((("gene",),), _genes),
        number("log2", ("log2",), "log2"),
        copies(("cn",), "cn", needed=False),
        count("probes", ("probes",), "probes"),
    )
)


def read_cnvkit(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    return read_columns(CNVKIT, path, header, sample, ctx)


def cnvkit_kind(path: Path, header: Header) -> str:
    """'cnvkit-cnr' or 'cnvkit-cns' of a table with CNVkit's columns: by the extension, else by the
    columns only segments have (cn, probes) or bins have (depth and weight)."""
    cols = set(header.norm)
    name = base_name(path).lower()
    if name.endswith(".cnr"):
        return "cnvkit-cnr"
    if name.endswith(".cns") or "cn" in cols or "probes" in cols:
        return "cnvkit-cns"
    return "cnvkit-cnr" if {"depth", "weight"} <= cols else "cnvkit-cns"
