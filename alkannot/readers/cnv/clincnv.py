"""ClinCNV somatic output: '##' meta lines (ploidy, tumour content, genome build) above a
'#chr start end … tumor_CN_change … genes' table; a cohort file names tumour-normal pairs
('T1-N1'), which a sample is asked for by its tumour's name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ...genome.builds import build_from_words
from ...model import CopyNumberCall
from ..samples import SAMPLE_COLUMNS, choose_row, unknown_sample
from .pooled import long_rows
from .table import Calls, Ctx, Header, field, gene_list, one_gene, segment_coords, short_row

_META_NUMBER = re.compile(r"^##\s*([A-Za-z][A-Za-z _]*?)\s*[:=]\s*([-+0-9.eE]+)\s*$")
_PURITY_KEYS = {"purity", "tumor purity", "tumour purity", "tumor content", "tumour content", "tumor_content"}


def clincnv_meta(header: Header) -> tuple[float | None, float | None, str | None]:
    """Ploidy, purity (tumour content) and build from ClinCNV's '##' lines."""
    ploidy = purity = None
    build = None
    for line in header.meta:
        m = _META_NUMBER.match(line)
        if m:
            key = m.group(1).strip().lower()
            try:
                value = float(m.group(2))
            except ValueError:
                continue
            if key == "ploidy":
                ploidy = value
            elif key in _PURITY_KEYS:
                purity = value / 100 if value > 1 else value
        if line.upper().startswith("##GENOME_BUILD="):
            build = build_from_words(line.split("=", 1)[1])
    return ploidy, purity, build


def _owns(name: str, sample: str) -> bool:
    """A row of `name` is `sample`'s: its own, or a tumour-normal pair named after it."""
    return name == sample or name.startswith(sample + "-")


class _Columns(NamedTuple):
    """Where a ClinCNV table has what its calls are read from."""

    coords: tuple[int | None, int | None, int | None]
    cn: int | None
    cn_name: str
    state: int | None
    genes: int | None

    def call(self, ctx: Ctx, n: int, row: list[str], name: str | None) -> CopyNumberCall:
        genes = gene_list(field(row, self.genes))
        return ctx.make(
            n,
            sample=name,
            **segment_coords(ctx, n, row, self.coords, zero_based=False),
            genes=genes,
            gene=one_gene(genes),
            copy_number=ctx.copy_number(field(row, self.cn), n, self.cn_name),
            call=field(row, self.state) or None,
        )


def read_clincnv(path: Path, header: Header, sample: str | None, ctx: Ctx) -> Calls:
    idx = (header.index("chr", "chromosome"), header.index("start"), header.index("end"))
    i_cn = header.index("tumor_cn_change", "cn_change")
    cn_name = header.columns[i_cn] if i_cn is not None else "CN"
    columns = _Columns(idx, i_cn, cn_name, header.index("state"), header.index("genes"))
    i_sample = header.index(*SAMPLE_COLUMNS)
    needed = max(i for i in (*idx, i_cn) if i is not None) + 1
    listed, rows = long_rows(path, header, ctx, i_gene=None, i_sample=i_sample, sample=sample, pairs=True)
    named: dict[str, None] = {}  # an ordered set of the names rows give, when not listed beforehand
    matched = False
    calls = []
    for n, row in rows:
        if short_row(ctx, n, row, needed):
            continue
        name = field(row, i_sample) or None
        if name:
            named.setdefault(name)
            if sample is not None and not _owns(name, sample):
                continue
            matched = True
        calls.append(columns.call(ctx, n, row, name))
    samples = list(listed) or list(named)
    return calls, samples, _chosen(path, samples, sample, matched)


def _chosen(path: Path, samples: list[str], sample: str | None, matched: bool) -> str | None:
    """The sample the calls are for: the one asked for, when the file has it (or names none)."""
    if sample is None:
        return choose_row(path, samples, None)
    if samples and not matched and not any(_owns(s, sample) for s in samples):
        raise unknown_sample(path, sample, samples)  # a pair 'T1-N1' is asked for by its tumour's name
    return sample
