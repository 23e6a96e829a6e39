"""PURPLE (Hartwig): gene copy numbers (purple.cnv.gene.tsv: gene, minCopyNumber [, coordinates]) and
copy-number segments (purple.cnv.somatic.tsv: chromosome, start, end, copyNumber), with the
'<tumour>.purple.purity.tsv' PURPLE writes beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .columns import Cells, Column, Columns, copies, read_columns, segment
from .files import base_name
from .table import Calls, Ctx, Header, symbol


def _gene(ctx: Ctx, n: int, cells: Cells) -> dict[str, Any] | None:
    gene = symbol(cells[0] or "")
    if gene is None:
        ctx.warn("cnv_gene_missing", f"{ctx.where(n)}: no gene symbol; row skipped")
        return None
    return {"gene": gene, "genes": [gene]}


PURPLE_GENE = Columns(
    (
        Column((("gene",),), _gene),
        segment((("chromosome",), ("start",), ("end",)), needed=False),
        copies(("mincopynumber",), "minCopyNumber"),
    )
)
PURPLE_SOMATIC = Columns(
    (
        segment((("chromosome",), ("start",), ("end",))),
        copies(("copynumber",), "copyNumber"),
    )
)


def read_purple_gene(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    return read_columns(PURPLE_GENE, path, header, sample, ctx)


def read_purple_somatic(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    return read_columns(PURPLE_SOMATIC, path, header, sample, ctx)


def sibling_purity(path: Path, ctx: Ctx) -> Path | None:
    """PURPLE writes '<tumour>.purple.purity.tsv' beside '<tumour>.purple.cnv.somatic.tsv'; another
    sample's purity file there is not used (warned about)."""
    name = base_name(path)
    cut = name.rfind("purple.")
    prefix = name[:cut] if cut >= 0 else None
    try:
        candidates = sorted(p for p in path.parent.iterdir() if p.name.endswith("purple.purity.tsv") and p.is_file())
    except OSError:
        return None
    for p in candidates:
        if prefix is not None and p.name == f"{prefix}purple.purity.tsv":
            return p
    if candidates:
        others = ", ".join(p.name for p in candidates)
        ctx.warn(
            "cnv_purity_not_found",
            f"{path}: no '{prefix or ''}purple.purity.tsv' beside the file; "
            f"{others} belongs to another sample and was not used (give the purity file explicitly)",
        )
    return None
