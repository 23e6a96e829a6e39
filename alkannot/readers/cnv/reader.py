"""`read_cnv`: one copy-number file, for one sample: its format (given, or detected), ploidy and purity
(given, or stated with the file), then the rows read by the format's reader in the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError, UsageError
from ...model import CopyNumberCall, ReportWarning
from ...runcache import NO_CACHE, RunCache
from ..presence import SetAside
from .clincnv import clincnv_meta
from .detect import detect, missing
from .files import check_path, sniff
from .header import read_header
from .purple import sibling_purity
from .registry import BY_ID, FORMATS
from .table import Ctx, Header
from .values import Stated, check_given, read_purity_file, settle, with_purity_file
from .vcf import read_cnv_vcf


@dataclass
class CnvResult:
    """What one copy-number file says, for one sample."""

    path: str
    format: str
    calls: list[CopyNumberCall]
    samples: list[str] = field(
        default_factory=list
    )  # every sample the file names (matrices, long tables, VCF, ClinCNV)
    sample: str | None = None  # the sample the calls are for (chosen, requested, or the only one)
    ploidy: float | None = None  # as stated with the file (purity file, ClinCNV header) or given by the caller
    purity: float | None = None
    warnings: list[ReportWarning] = field(default_factory=list)
    build: str | None = None  # genome build the file states (ClinCNV ##GENOME_BUILD, VCF header), when it does
    set_aside: list[SetAside] = field(
        default_factory=list
    )  # VCF records not read (FILTER) or absent in the sample, with the reason


def read_cnv(
    path: str | Path,
    fmt: str = "auto",
    *,
    sample: str | None = None,
    ploidy: float | None = None,
    purity: float | None = None,
    purity_file: str | Path | None = None,
    genes: set[str] | None = None,
    cache: RunCache = NO_CACHE,
) -> CnvResult:
    """Read one copy-number file for one sample.

    `fmt` is a `FORMATS` id or 'auto'. `sample` narrows a multi-sample input (required when it holds
    several). `ploidy`/`purity` given here win over those stated with the file: `purity_file`, a
    ClinCNV '##ploidy' line, or (PURPLE) the '<tumour>.purple.purity.tsv' beside the file. `genes`:
    in tables keyed by gene symbol (matrices, long CNA and gene tables) only these genes' rows are
    read, as the MAF reader does; segment files are read whole (a segment covers genes by position).
    With a cohort run's `cache` a matrix, long table or ClinCNV table is read once per worker, not
    per sample."""
    p = Path(path)
    if fmt != "auto" and fmt not in FORMATS:
        raise UsageError(f"unknown copy-number format {fmt!r}: expected auto or one of {', '.join(FORMATS)}")
    check_given(ploidy, purity)
    check_path(p)
    kind = sniff(p)
    fmt, header = _format(p, fmt, kind, cache)
    ctx = Ctx(p, fmt, genes, cache)
    stated, build = _stated(p, fmt, header, ctx, purity_file is not None)
    settle(ctx, with_purity_file(stated, purity_file), ploidy, purity)
    reader = BY_ID[fmt].read
    if reader is None:
        calls, samples, chosen, build = read_cnv_vcf(p, kind, sample, ctx)
    else:
        assert header is not None
        calls, samples, chosen = reader(p, header, sample, ctx)
    return CnvResult(str(p), fmt, calls, samples, chosen, ctx.ploidy, ctx.purity, ctx.done(), build, ctx.set_aside)


def _format(p: Path, fmt: str, kind: str, cache: RunCache) -> tuple[str, Header | None]:
    """The file's format (detected for 'auto') and its table header (None for a VCF); a file that is
    not of the format asked for is refused."""
    if fmt == "auto":
        return detect(p, kind, cache)
    if fmt == "vcf" and kind == "text":
        raise InputError(p, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    if fmt != "vcf" and kind in {"vcf", "bcf"}:
        raise InputError(p, f"is a VCF, not a {fmt} file (use format 'vcf')")
    if fmt == "vcf":
        return fmt, None
    header = read_header(p, cache)
    lacking = missing(header, fmt)
    if lacking:
        raise InputError(
            p,
            f"not a {fmt} file: missing column(s) {', '.join(lacking)} (header: {', '.join(header.columns[:12])})",
            line=header.line,
        )
    return fmt, header


def _stated(p: Path, fmt: str, header: Header | None, ctx: Ctx, given_file: bool) -> tuple[Stated, str | None]:
    """(ploidy, purity) stated with the file itself and the build its header names: ClinCNV's '##'
    lines, or, unless a purity file is given, PURPLE's beside it (a broken one warned about, not used)."""
    if header is not None and fmt == "clincnv":
        ploidy, purity, build = clincnv_meta(header)
        return (ploidy, purity), build
    if fmt in {"purple-gene", "purple-somatic"} and not given_file:
        sibling = sibling_purity(p, ctx)
        if sibling is not None:
            try:
                return read_purity_file(sibling), None
            except InputError as exc:
                ctx.warn("cnv_purity_unreadable", f"{p}: purity file beside it not used: {exc.one_line()}")
    return (None, None), None
