"""Which format a copy-number file is, from its header line (and the extension for CNVkit and VCF),
and the refusal that names the closest format and what it misses."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError, key_excerpt
from ...runcache import NO_CACHE, RunCache
from .cnvkit import cnvkit_kind
from .files import base_name, check_path, sniff
from .header import read_header
from .registry import FORMATS, REQUIRED
from .table import Header

MAF_COLUMNS = {"variant_classification", "start_position", "reference_allele", "tumor_seq_allele2"}
_DETECTION_ORDER = (
    "purple-gene",
    "purple-somatic",
    "clincnv",
    "pcgr-segments",
    "seg",
    "gatk-seg",
    "cna-long",
    "gene-table",
)
"""after CNVkit's columns, the formats tried in turn: first match wins (the matrix, whose one required
column other tables have too, comes last)"""
_SHOWN = {
    "mincopynumber": "minCopyNumber",
    "copynumber": "copyNumber",
    "tumor_cn_change": "tumor_CN_change",
    "cn_change": "CN_change",
    "nmajor": "nMajor",
    "nminor": "nMinor",
    "hugo_symbol": "Hugo_Symbol",
    "gene_symbol": "Gene Symbol",
    "tumor_sample_barcode": "Tumor_Sample_Barcode",
    "copy_number_alteration": "Copy_Number_Alteration",
    "value": "Value",
    "sample_id": "Sample_Id",
}
"""normalized column names as the files spell them, for messages"""


def _show(req: tuple[str, ...]) -> str:
    return "|".join(_SHOWN.get(c, c) for c in req)


def missing(header: Header, fmt: str) -> list[str]:
    """The required columns of `fmt` the header lacks, as messages name them."""
    return [_show(req) for req in REQUIRED.get(fmt, ()) if not any(c in header.norm for c in req)]


def _has(header: Header, fmt: str) -> bool:
    return not missing(header, fmt)


def _detect_table(path: Path, header: Header) -> str | None:
    cols = set(header.norm)
    if _has(header, "cnvkit-cns"):
        return cnvkit_kind(path, header)
    for fmt in _DETECTION_ORDER:
        if _has(header, fmt):
            return fmt
    if _has(header, "gistic-matrix") and not (MAF_COLUMNS | {"tumor_sample_barcode"}) & cols:
        return "gistic-matrix"
    return None


def _closest(header: Header) -> str:
    """' (closest: fmt, missing …)' for the format the header is nearest to, when it has any of its columns."""
    best = min(REQUIRED, key=lambda f: (len(missing(header, f)) / len(REQUIRED[f]), len(missing(header, f))))
    lacking = missing(header, best)
    return f" (closest: {best}, missing {', '.join(lacking)})" if len(lacking) < len(REQUIRED[best]) else ""


def _unknown(path: Path, header: Header) -> InputError:
    ids = ", ".join(FORMATS)
    message = f"unknown copy-number format: expected one of {ids} (see the README's format table)"
    shown = ", ".join(key_excerpt(c, 24) for c in header.columns[:12]) + (" …" if len(header.columns) > 12 else "")
    message += f"; header columns: {shown}"
    if {"purity", "ploidy"} <= set(header.norm):
        message += " (this is a purity/ploidy table: pass it as the purity file)"
    elif MAF_COLUMNS & set(header.norm):
        message += " (this looks like a MAF of mutations, not copy numbers)"
    else:
        message += _closest(header)
    return InputError(path, message, line=header.line)


def detect(path: Path, kind: str, cache: RunCache = NO_CACHE) -> tuple[str, Header | None]:
    """(format id, the table's header; None for a VCF) of a file `files.sniff` found to be `kind`."""
    if kind in {"vcf", "bcf"}:
        return "vcf", None
    return cache.kept(("cnv-format", str(path)), lambda: _detect_from_header(path, cache))


def _detect_from_header(path: Path, cache: RunCache) -> tuple[str, Header]:
    header = read_header(path, cache)
    fmt = _detect_table(path, header)
    if fmt is None and base_name(path).lower().endswith((".vcf", ".bcf")):
        raise InputError(path, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    if fmt is None:
        raise _unknown(path, header)
    return fmt, header


def detect_format(path: str | Path) -> str:
    """The format id of a copy-number file, from its header line (and the extension for CNVkit/VCF)."""
    p = Path(path)
    check_path(p)
    return detect(p, sniff(p))[0]
