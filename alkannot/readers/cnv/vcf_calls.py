"""Which VCF records are copy-number segments (a CN value, SVTYPE=DUP|AMP|CNV or ALT <DUP>/<AMP>/<CNV>;
not SV junctions), and the call one gives: its span, copy number, log2 ratio, probes, genes and
confidence bounds; FILTERed records and records absent in the sample are set aside with the reason."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ...genome.builds import normalize_contig
from ...model import CopyNumberCall
from ..presence import SetAside, presence
from .table import Ctx, gene_list, one_gene

_CNV_SVTYPES = {"DUP", "AMP", "CNV", "GAIN"}
_NOT_CNV_SVTYPES = {"BND", "INV", "INS", "TRA", "FUSION"}  # a CN on these is a site estimate, not a segment's
_CNV_ALTS = re.compile(r"<(DUP|AMP|CNV)(:[^>]*)?>", re.I)
_FUNC_GENE = re.compile(r"""['"]gene['"]\s*:\s*['"]([^'"]+)['"]""")
_LOG2_KEYS = ("FOLD_CHANGE_LOG", "LOG2", "L2R")


@dataclass
class VcfRecord:
    """A record as both parsers (pysam, text) give it."""

    chrom: str
    pos: int
    ref: str
    alts: tuple[str, ...]
    stop: int | None  # INFO END, when given
    filters: list[str]
    info: dict[str, Any]
    fmt: dict[str, Any]  # the chosen sample's FORMAT values
    line: int | None


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (tuple, list)):
        return any(_present(v) for v in value)
    return str(value).strip() not in {"", "."}


def _scalar(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return value[0] if value else None
    return value


def _vcf_genes(info: dict[str, Any]) -> list[str]:
    for key in ("GENE", "GENES", "GENE_NAME", "SYMBOL", "Gene"):
        value = info.get(key)
        if _present(value):
            parts = value if isinstance(value, (tuple, list)) else str(value).split(",")
            return gene_list(",".join(str(p) for p in parts))
    func = info.get("FUNC")
    if _present(func):
        text = ",".join(str(f) for f in func) if isinstance(func, (tuple, list)) else str(func)
        return gene_list(",".join(_FUNC_GENE.findall(text)))
    return []


def _breakend(alt: str) -> bool:
    return "[" in alt or "]" in alt or (len(alt) > 1 and (alt.startswith(".") or alt.endswith(".")))


def _copy_number_kind(raw: VcfRecord) -> tuple[str | None, Any] | None:
    """(the record's label: SVTYPE or the <DUP>/<AMP>/<CNV> ALT's type; its raw CN) when it is a
    copy-number record, else None. Breakend records (ALT with '[', ']' or a '.' single breakend) and
    BND/INV/INS records are SV junctions, not segments, even when a caller writes a CN on them
    (DELLY, ESVEE)."""
    if any(_breakend(a) for a in raw.alts):
        return None
    svtype = _scalar(raw.info.get("SVTYPE"))
    svtype = str(svtype).upper() if _present(svtype) else None
    if svtype in _NOT_CNV_SVTYPES:
        return None
    cnv_alt = next((a for a in raw.alts if _CNV_ALTS.fullmatch(a)), None)
    cn_raw = _scalar(raw.fmt.get("CN")) if _present(raw.fmt.get("CN")) else _scalar(raw.info.get("CN"))
    if not (svtype in _CNV_SVTYPES or cnv_alt or _present(cn_raw)):
        return None
    return svtype or (cnv_alt.strip("<>").split(":")[0].upper() if cnv_alt else None), cn_raw


def _set_aside(raw: VcfRecord, cn_raw: Any, genes: list[str], ctx: Ctx) -> bool:
    """Whether the record is not read: FILTERed (warned), or absent in the sample. The shared
    genotype rule: a copy-number segment's own measure is its copy number (Ion Reporter writes './.'
    on every CNV record); a reference genotype says the sample has no change there."""
    if raw.filters:
        where = f"{raw.chrom}:{raw.pos}"
        ctx.warn(
            "cnv_filtered_skipped", f"{ctx.where(raw.line)}: {where} FILTER {';'.join(raw.filters)}; record skipped"
        )
        reason = f"not read: failed the caller's FILTER ({';'.join(sorted(raw.filters))})"
        ctx.set_aside.append(SetAside(raw.chrom, raw.pos, reason, raw.line, one_gene(genes)))
        return True
    measure = _present(cn_raw) or any(_present(raw.fmt.get(k)) or _present(raw.info.get(k)) for k in _LOG2_KEYS)
    state = presence(raw.fmt.get("GT"), None, True if measure else None)
    if not state.present:
        ctx.set_aside.append(SetAside(raw.chrom, raw.pos, state.reason or "", raw.line, one_gene(genes)))
        return True
    return False


def _span(raw: VcfRecord) -> tuple[int, int]:
    """1-based first and last base: a symbolic allele's segment starts after its anchor base."""
    symbolic = any(a.startswith("<") for a in raw.alts)
    if raw.stop is not None and raw.stop >= raw.pos:
        return (raw.pos + 1 if symbolic and raw.stop > raw.pos else raw.pos), raw.stop
    return raw.pos, raw.pos + max(len(raw.ref), 1) - 1


def _copy_number(raw: VcfRecord, cn_raw: Any, ctx: Ctx) -> float | None:
    """CN; RAW_CN (Oncomine, not adjusted for cellularity) is never taken for it (warned)."""
    where = f"{raw.chrom}:{raw.pos}"
    if _present(cn_raw):
        return ctx.copy_number(cn_raw, raw.line, f"{where} CN")
    if _present(raw.info.get("RAW_CN")):
        ctx.warn(
            "cnv_copy_number_missing",
            f"{ctx.where(raw.line)}: {where} has no CN; RAW_CN "
            f"{_scalar(raw.info.get('RAW_CN'))} (not adjusted for cellularity) was not used",
        )
    return None


def _measures(raw: VcfRecord, ctx: Ctx) -> tuple[float | None, int | None]:
    """(the log2 ratio, the probes) a record states, FORMAT before INFO."""
    where = f"{raw.chrom}:{raw.pos}"
    log2 = None
    for key in _LOG2_KEYS:
        value = raw.fmt.get(key) if _present(raw.fmt.get(key)) else raw.info.get(key)
        if _present(value):
            log2 = ctx.number(_scalar(value), raw.line, f"{where} {key}")
            break
    probes = None
    for key in ("PROBES", "NUMTILES"):
        if _present(raw.info.get(key)):
            probes = ctx.integer(_scalar(raw.info.get(key)), raw.line, f"{where} {key}")
            break
    return log2, probes


def vcf_call(raw: VcfRecord, ctx: Ctx) -> CopyNumberCall | None:
    """A CopyNumberCall for a copy-number record, else None (not one, or set aside)."""
    kind = _copy_number_kind(raw)
    if kind is None:
        return None
    label, cn_raw = kind
    genes = _vcf_genes(raw.info)
    if _set_aside(raw, cn_raw, genes, ctx):
        return None
    start, end = _span(raw)
    copy_number = _copy_number(raw, cn_raw, ctx)
    log2, probes = _measures(raw, ctx)
    low, high = _confidence_bounds(raw.info.get("CI"))
    return ctx.make(
        raw.line,
        chrom=normalize_contig(raw.chrom),
        start=start,
        end=end,
        genes=genes,
        gene=one_gene(genes),
        copy_number=copy_number,
        log2=log2,
        call=label,
        probes=probes,
        copy_number_low=low,
        copy_number_high=high,
    )


def _confidence_bounds(value: Any) -> tuple[float | None, float | None]:
    """Ion Reporter's CI=0.05:7.1,0.95:9.9 (quantile:copy number) → (7.1, 9.9); anything else → None."""
    if not _present(value):
        return None, None
    text = ",".join(str(v) for v in value) if isinstance(value, (tuple, list)) else str(value)
    bounds = {}
    for part in text.split(","):
        q, _, cn = part.partition(":")
        try:
            bounds[float(q)] = float(cn)
        except ValueError:
            return None, None
    if len(bounds) != 2 or not all(math.isfinite(v) for v in bounds.values()):
        return None, None
    (_, low), (_, high) = sorted(bounds.items())
    return low, high
