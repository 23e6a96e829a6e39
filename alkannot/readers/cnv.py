"""Copy-number reader: CNVkit segments and bins, PURPLE gene and segment tables, ClinCNV somatic
output, gene-level tables, GISTIC/cBioPortal matrices, long cBioPortal/OncoKB tables, PCGR
allele-specific segments and VCF records that carry a copy number (CNVkit export, Oncomine <CNV>).

It knows the formats and nothing of biology: it yields one `CopyNumberCall` per segment, bin or
gene-level value of the chosen sample, as the file states it (coordinates made 1-based, contigs
normalized to '7' not 'chr7'); deciding gain or amplification is the classifier's job. Files are
read line by line (plain or gzip); a matrix keeps only the chosen sample's column. Bad input is an
`InputError` naming the file (and line); unusable values become None with a warning."""

from __future__ import annotations

import gzip
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError, key_excerpt, require_file
from ..genome.builds import build_from_words, detect_from_header, normalize_contig
from ..model import CopyNumberCall
from ..runcache import NO_CACHE, RunCache
from .presence import SetAside, presence
from .samples import SAMPLE_COLUMNS, choose_column, choose_row, roles_from_meta, roles_from_pysam, unknown_sample
from . import limits

FORMATS: dict[str, str] = {
    "cnvkit-cns": "CNVkit segments (.cns, .call.cns): chromosome, start (0-based), end, gene, log2 [, cn, probes, depth, weight]",
    "cnvkit-cnr": "CNVkit bin-level log2 ratios (.cnr): chromosome, start (0-based), end, gene, log2 [, depth, weight]",
    "purple-gene": "PURPLE gene copy numbers (purple.cnv.gene.tsv): gene, minCopyNumber, maxCopyNumber [, chromosome, start, end]",
    "purple-somatic": "PURPLE copy-number segments (purple.cnv.somatic.tsv): chromosome, start, end, copyNumber",
    "clincnv": "ClinCNV output: '##' header (ploidy …) and a '#chr start end … tumor_CN_change … genes' table",
    "gene-table": "gene-level table: a gene column and copy_number, cn, log2 or a call column (e.g. MOAlmanac 'Amplification')",
    "gistic-matrix": "GISTIC-style gene × sample matrix of -2..2 (Hugo_Symbol or Gene Symbol, optional Entrez_Gene_Id/Locus ID/Cytoband): cBioPortal data_cna_discrete.txt, OncoKB example_cna.txt",
    "cna-long": "long discrete CNA table: Tumor_Sample_Barcode or Sample_Id, Hugo_Symbol, Copy_Number_Alteration or Value (cBioPortal long form, OncoKB individual CNA)",
    "pcgr-segments": "PCGR allele-specific segments: Chromosome, Start, End, nMajor, nMinor (copy number = nMajor + nMinor)",
    "seg": "SEG segments (DNAcopy, CNVkit export seg, cBioPortal, IGV): ID, chrom, loc.start, loc.end [, num.mark], seg.mean (log2); several samples per file",
    "gatk-seg": "GATK ModelSegments / CallCopyRatioSegments .seg: '@' header, CONTIG, START, END, MEAN_LOG2_COPY_RATIO or LOG2_COPY_RATIO_POSTERIOR_50 [, CALL]",
    "vcf": "VCF records with FORMAT/INFO CN, SVTYPE=DUP|AMP|CNV or ALT <DUP>/<AMP>/<CNV> (CNVkit export, Oncomine)",
}


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
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)
    build: str | None = None  # genome build the file states (ClinCNV ##GENOME_BUILD, VCF header), when it does
    set_aside: list[SetAside] = field(
        default_factory=list
    )  # VCF records not read (FILTER) or absent in the sample, with the reason


# ----------------------------------------------------------------------------- column vocabulary

_GENE_COLS = ("gene", "gene_symbol", "hugo_symbol", "symbol", "gene_name")
_TABLE_VALUE_COLS = ("copy_number", "cn", "log2", "call", "alteration", "cna", "cnv", "cnv_call", "event")
_CALL_COLS = ("call", "alteration", "cna", "cnv", "cnv_call", "event")
_MAF_COLS = {"variant_classification", "start_position", "reference_allele", "tumor_seq_allele2"}
_MATRIX_ANNOTATION = {"hugo_symbol", "entrez_gene_id", "gene_symbol", "locus_id", "cytoband", "gene_id", "entrez_id"}

# Each requirement is a tuple of alternative (normalized) column names.
_REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "cnvkit-cns": [("chromosome",), ("start",), ("end",), ("gene",), ("log2",)],
    "cnvkit-cnr": [("chromosome",), ("start",), ("end",), ("gene",), ("log2",)],
    "purple-gene": [("gene",), ("mincopynumber",)],
    "purple-somatic": [("chromosome",), ("start",), ("end",), ("copynumber",)],
    "clincnv": [("chr", "chromosome"), ("start",), ("end",), ("tumor_cn_change", "cn_change")],
    "gene-table": [_GENE_COLS, _TABLE_VALUE_COLS],
    "gistic-matrix": [("hugo_symbol", "gene_symbol")],
    "cna-long": [
        ("tumor_sample_barcode", "sample_id"),
        ("hugo_symbol", "gene_symbol", "gene"),
        ("copy_number_alteration", "value"),
    ],
    "pcgr-segments": [("chromosome",), ("start",), ("end",), ("nmajor",), ("nminor",)],
    "seg": [
        ("id", "sample", "sample_id", "id_"),
        ("chrom", "chromosome", "chr"),
        ("loc.start", "start", "loc_start"),
        ("loc.end", "end", "loc_end"),
        ("seg.mean", "segment_mean", "seg_mean"),
    ],
    "gatk-seg": [("contig",), ("start",), ("end",), ("mean_log2_copy_ratio", "log2_copy_ratio_posterior_50")],
}
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

_MISSING = {"", ".", "na", "n/a", "none", "null", "-"}
MAX_ABS_LOG2 = 64
"""a log2 ratio beyond ±64 (a copy number of 2⁶⁵) is not a measurement: ignored with a warning, as NaN is"""
_LABEL = re.compile(r"[A-Za-z][A-Za-z _-]*")
_CNVKIT_NON_GENES = {"", "-", "Antitarget", "Background", "CGH"}
_CNV_SVTYPES = {"DUP", "AMP", "CNV", "GAIN"}
_NOT_CNV_SVTYPES = {"BND", "INV", "INS", "TRA", "FUSION"}  # a CN on these is a site estimate, not a segment's
_CNV_ALTS = re.compile(r"<(DUP|AMP|CNV)(:[^>]*)?>", re.I)
_FUNC_GENE = re.compile(r"""['"]gene['"]\s*:\s*['"]([^'"]+)['"]""")
_META_NUMBER = re.compile(r"^##\s*([A-Za-z][A-Za-z _]*?)\s*[:=]\s*([-+0-9.eE]+)\s*$")
_WARN_LIMIT = 20


def _norm(name: str) -> str:
    """Column name as compared: lower case, BOM/'#' stripped, spaces and dashes as underscores."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").lstrip("#").strip()).lower()


def _show(req: tuple[str, ...]) -> str:
    return "|".join(_SHOWN.get(c, c) for c in req)


# ----------------------------------------------------------------------------- warnings


class _Warnings:
    """Collects (code, message); after `_WARN_LIMIT` messages of one code, only counts them."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.counts: Counter[str] = Counter()

    def add(self, code: str, message: str) -> None:
        self.counts[code] += 1
        if self.counts[code] <= _WARN_LIMIT:
            self.items.append((code, message))

    def done(self, path: Path) -> list[tuple[str, str]]:
        out = list(self.items)
        for code, n in self.counts.items():
            if n > _WARN_LIMIT:
                out.append((code, f"{path}: {n - _WARN_LIMIT} more '{code}' warnings not listed"))
        return out


# ----------------------------------------------------------------------------- file access


def _check_path(path: Path) -> None:
    require_file(path, "a copy-number file")
    try:
        size = path.stat().st_size
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if size == 0:
        raise InputError(path, "the file is empty (no copy-number header or records)")


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _is_plain_gzip(path: Path) -> bool:
    """gzip but not bgzip (htslib cannot stream it through pysam)."""
    with open(path, "rb") as fh:
        head = fh.read(18)
    return head[:2] == b"\x1f\x8b" and not (len(head) >= 16 and head[3] & 4 and head[12:14] == b"BC")


def _head_bytes(path: Path, n: int = 8192) -> bytes:
    try:
        if _is_gzip(path):
            with limits.open_binary(path) as fh:
                return fh.read(n)
        with open(path, "rb") as fh:
            return fh.read(n)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its end-of-line) of a plain or gzip text file."""
    try:
        if _is_gzip(path):
            fh = limits.open_text(path)  # bounded by its decompressed size
        else:
            fh = open(path, encoding="utf-8", errors="replace", newline="")
        with fh:
            for n, line in enumerate(limits.lines(fh, path), 1):
                yield n, line.rstrip("\r\n")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.__class__.__name__}: {exc})") from None


def _base_name(path: Path) -> str:
    name = path.name
    return name[:-3] if name.lower().endswith(".gz") else name


@dataclass
class _Header:
    """The table's header line and the '##' meta lines above it."""

    line: int
    columns: list[str]  # as written
    norm: list[str]  # normalized for matching
    delimiter: str
    hashed: bool  # the header line started with '#' (ClinCNV '#chr')
    meta: list[str] = field(default_factory=list)

    def index(self, *names: str) -> int | None:
        for name in names:
            if name in self.norm:
                return self.norm.index(name)
        return None


def _sniff(path: Path) -> str:
    """'vcf', 'bcf' or 'text'; refuses binary content."""
    head = _head_bytes(path)
    if head.startswith(b"BCF"):
        return "bcf"
    if not head.strip():
        raise InputError(path, "the file is empty (no copy-number header or records)")
    if b"\x00" in head:
        raise InputError(path, "binary content, not a text copy-number file")
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 20):
        raise InputError(path, "binary content, not a text copy-number file")
    if text.startswith("##fileformat=VCF"):
        return "vcf"
    return "text"


def _read_header(path: Path, cache: RunCache = NO_CACHE) -> _Header:
    """The first line that is not a comment (or a '#chr …'/'#CHROM …' header) and the meta lines above
    it; with a cohort run's `cache` read once per worker (a matrix header names every sample)."""
    return cache.kept(("cnv-header", str(path)), lambda: _header_of(path))


def _header_of(path: Path) -> _Header:
    meta: list[str] = []
    seen_any = False
    for n, line in _lines(path):
        if not line.strip():
            continue
        seen_any = True
        if line.startswith("##") or re.match(r"@(HD|SQ|RG|PG|CO)\t", line):  # GATK .seg files open with a SAM header
            meta.append(line)
            continue
        hashed = line.startswith("#")
        if hashed and not re.match(r"#\s*(chr|chrom|chromosome)\s*\t", line, re.I):
            continue  # a comment line (cBioPortal '# …', '#ATM …')
        delimiter = "\t" if "\t" in line else ","
        columns = [c.strip() for c in line.split(delimiter)]
        return _Header(n, columns, [_norm(c) for c in columns], delimiter, hashed, meta)
    if not seen_any:
        raise InputError(path, "the file is empty (no copy-number header or records)")
    raise InputError(path, "no header line: the file has only comment lines")


def _missing(header: _Header, fmt: str) -> list[str]:
    return [_show(req) for req in _REQUIRED.get(fmt, []) if not any(c in header.norm for c in req)]


def _has(header: _Header, fmt: str) -> bool:
    return not _missing(header, fmt)


def _detect_table(path: Path, header: _Header) -> str | None:
    cols = set(header.norm)
    if _has(header, "cnvkit-cns"):
        name = _base_name(path).lower()
        if name.endswith(".cnr"):
            return "cnvkit-cnr"
        if name.endswith(".cns") or "cn" in cols or "probes" in cols:
            return "cnvkit-cns"
        return "cnvkit-cnr" if {"depth", "weight"} <= cols else "cnvkit-cns"
    for fmt in (
        "purple-gene",
        "purple-somatic",
        "clincnv",
        "pcgr-segments",
        "seg",
        "gatk-seg",
        "cna-long",
        "gene-table",
    ):  # first match wins
        if _has(header, fmt):
            return fmt
    if _has(header, "gistic-matrix") and not (_MAF_COLS | {"tumor_sample_barcode"}) & cols:
        return "gistic-matrix"
    return None


def _unknown(path: Path, header: _Header | None) -> InputError:
    ids = ", ".join(FORMATS)
    message = f"unknown copy-number format: expected one of {ids} (see the README's format table)"
    if header is not None:
        shown = ", ".join(key_excerpt(c, 24) for c in header.columns[:12]) + (" …" if len(header.columns) > 12 else "")
        message += f"; header columns: {shown}"
        if {"purity", "ploidy"} <= set(header.norm):
            message += " (this is a purity/ploidy table: pass it as the purity file)"
        elif _MAF_COLS & set(header.norm):
            message += " (this looks like a MAF of mutations, not copy numbers)"
        else:
            best = min(
                _REQUIRED, key=lambda f: (len(_missing(header, f)) / len(_REQUIRED[f]), len(_missing(header, f)))
            )
            missing = _missing(header, best)
            if len(missing) < len(_REQUIRED[best]):
                message += f" (closest: {best}, missing {', '.join(missing)})"
        return InputError(path, message, line=header.line)
    return InputError(path, message)


def _detect(path: Path, kind: str, cache: RunCache = NO_CACHE) -> tuple[str, _Header | None]:
    if kind in {"vcf", "bcf"}:
        return "vcf", None
    return cache.kept(("cnv-format", str(path)), lambda: _detect_from_header(path, cache))


def _detect_from_header(path: Path, cache: RunCache) -> tuple[str, _Header]:
    header = _read_header(path, cache)
    fmt = _detect_table(path, header)
    if fmt is None and _base_name(path).lower().endswith((".vcf", ".bcf")):
        raise InputError(path, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    if fmt is None:
        raise _unknown(path, header)
    return fmt, header


def detect_format(path: str | Path) -> str:
    """The format id of a copy-number file, from its header line (and the extension for CNVkit/VCF)."""
    p = Path(path)
    _check_path(p)
    return _detect(p, _sniff(p))[0]


# ----------------------------------------------------------------------------- values


class _Ctx:
    """Per-file state shared by the row readers: path, warnings, the chosen sample, ploidy and purity."""

    def __init__(self, path: Path, fmt: str, genes: set[str] | None = None, cache: RunCache = NO_CACHE) -> None:
        self.path = path
        self.file = str(path)
        self.fmt = fmt
        self.genes = genes
        self.cache = cache  # what a cohort run keeps of a table its samples share
        self.warn = _Warnings()
        self.sample: str | None = None
        self.ploidy: float | None = None
        self.purity: float | None = None
        self.set_aside: list[SetAside] = []

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line else f"{self.path}"

    def number(self, text: Any, line: int | None, column: str) -> float | None:
        if text is None:
            return None
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            value = round(float(text), 6) if math.isfinite(text) else float(text)  # pysam gives float32 values
            raw = repr(text)
        else:
            raw = str(text).strip()
            if raw.lower() in _MISSING:
                return None
            try:
                value = float(raw)
            except ValueError:
                self.warn.add("cnv_bad_value", f"{self.where(line)}: {column} {raw[:40]!r} is not a number; ignored")
                return None
        if math.isnan(value) or math.isinf(value):
            self.warn.add("cnv_bad_value", f"{self.where(line)}: {column} {raw[:40]!r} is not a finite number; ignored")
            return None
        if "log2" in column.lower() and abs(value) > MAX_ABS_LOG2:  # 2 ** 2000 overflows, and means nothing
            self.warn.add(
                "cnv_bad_value",
                f"{self.where(line)}: {column} {raw[:40]!r} is not a log2 ratio (beyond ±{MAX_ABS_LOG2}); ignored",
            )
            return None
        return value

    def copy_number(self, text: Any, line: int | None, column: str) -> float | None:
        value = self.number(text, line, column)
        if value is not None and value < 0:
            self.warn.add("cnv_negative_copy_number", f"{self.where(line)}: {column} {value:g} is negative; ignored")
            return None
        return value

    def integer(self, text: Any, line: int | None, column: str) -> int | None:
        value = self.number(text, line, column)
        if value is None:
            return None
        if value != int(value):
            self.warn.add("cnv_bad_value", f"{self.where(line)}: {column} {value:g} is not a whole number; ignored")
            return None
        return int(value)

    def make(self, line: int | None, **fields: Any) -> CopyNumberCall:
        fields.setdefault("sample", self.sample)
        return CopyNumberCall(
            file=self.file, line=line, format=self.fmt, ploidy=self.ploidy, purity=self.purity, **fields
        )


def _symbol(text: str) -> str | None:
    """A gene symbol as cBioPortal writes it: the part before any '|' ('AKT2|TEST' → 'AKT2')."""
    symbol = text.strip().split("|", 1)[0].strip()
    return symbol if symbol and symbol.lower() not in _MISSING else None


def _gene_list(text: str, sep: str = ",") -> list[str]:
    out: list[str] = []
    for token in text.split(sep):
        name = token.strip()
        if name and name not in out and name.lower() not in _MISSING:
            out.append(name)
    return out


def _cnvkit_genes(text: str) -> list[str]:
    """CNVkit's gene column: comma-separated; keep the name before any ';', drop '-', 'Antitarget' …
    ('ALK;ALKintron17ENST…' → 'ALK'; 'ALK2_CGH' stays 'ALK2_CGH')."""
    out: list[str] = []
    for token in text.split(","):
        name = token.split(";", 1)[0].strip()
        if name in _CNVKIT_NON_GENES or name in out:
            continue
        out.append(name)
    return out


def _chrom(text: str) -> str | None:
    text = text.strip()
    return normalize_contig(text) if text and text.lower() not in _MISSING else None


def _field(row: list[str], idx: int | None) -> str:
    return row[idx] if idx is not None and idx < len(row) else ""


# ----------------------------------------------------------------------------- purity and ploidy


def _read_purity_file(path: Path) -> tuple[float | None, float | None]:
    """(ploidy, purity) from the first data row of a table with 'purity' and/or 'ploidy' columns
    (PURPLE purple.purity.tsv)."""
    _check_path(path)
    if _sniff(path) != "text":
        raise InputError(path, "not a purity/ploidy table")
    header = _read_header(path)
    i_pur, i_plo = header.index("purity", "tumor_purity", "tumour_purity"), header.index("ploidy")
    if i_pur is None and i_plo is None:
        raise InputError(path, "not a purity/ploidy table: no 'purity' or 'ploidy' column", line=header.line)
    for n, line in _lines(path):
        if n <= header.line or not line.strip() or line.startswith("#"):
            continue
        row = line.split(header.delimiter)
        values = []
        for idx, name in ((i_plo, "ploidy"), (i_pur, "purity")):
            raw = _field(row, idx).strip()
            try:
                value = float(raw) if raw else None
            except ValueError:
                raise InputError(path, f"{name} {raw[:40]!r} is not a number", line=n) from None
            if value is not None and (math.isnan(value) or math.isinf(value)):
                value = None
            values.append(value)
        return values[0], values[1]
    raise InputError(path, "purity/ploidy table has a header but no values")


def _sibling_purity(path: Path, warn: _Warnings) -> Path | None:
    """PURPLE writes '<tumour>.purple.purity.tsv' beside '<tumour>.purple.cnv.somatic.tsv'."""
    name = _base_name(path)
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
        warn.add(
            "cnv_purity_not_found",
            f"{path}: no '{prefix or ''}purple.purity.tsv' beside the file; "
            f"{others} belongs to another sample and was not used (give the purity file explicitly)",
        )
    return None


def _check_ploidy(value: float | None, where: str, warn: _Warnings) -> float | None:
    if value is not None and not 0 < value < 20:
        warn.add("cnv_bad_value", f"{where}: ploidy {value:g} is not plausible; ignored")
        return None
    return value


def _check_purity(value: float | None, where: str, warn: _Warnings) -> float | None:
    if value is not None and not 0 < value <= 1:
        warn.add("cnv_bad_value", f"{where}: purity {value:g} is outside 0–1; ignored")
        return None
    return value


# ----------------------------------------------------------------------------- public entry point


def read_cnv(
    path: str | Path,
    fmt: str = "auto",
    sample: str | None = None,
    ploidy: float | None = None,
    purity: float | None = None,
    purity_file: str | Path | None = None,
    genes: set[str] | None = None,
    *,
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
    if ploidy is not None and not (isinstance(ploidy, (int, float)) and 0 < ploidy < 20):
        raise UsageError(f"ploidy {ploidy!r} is not plausible (expected a number between 0 and 20)")
    if purity is not None and not (isinstance(purity, (int, float)) and 0 < purity <= 1):
        raise UsageError(f"purity {purity!r} is outside 0–1")
    _check_path(p)
    kind = _sniff(p)
    header = None
    if fmt == "auto":
        fmt, header = _detect(p, kind, cache)
    elif fmt == "vcf" and kind == "text":
        raise InputError(p, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    elif fmt != "vcf" and kind in {"vcf", "bcf"}:
        raise InputError(p, f"is a VCF, not a {fmt} file (use format 'vcf')")
    elif fmt != "vcf":
        header = _read_header(p, cache)
        missing = _missing(header, fmt)
        if missing:
            raise InputError(
                p,
                f"not a {fmt} file: missing column(s) {', '.join(missing)} (header: {', '.join(header.columns[:12])})",
                line=header.line,
            )

    ctx = _Ctx(p, fmt, genes, cache)
    stated_ploidy = stated_purity = None
    build = None
    if header is not None and fmt == "clincnv":
        stated_ploidy, stated_purity, build = _clincnv_meta(header)
    if fmt in {"purple-gene", "purple-somatic"} and purity_file is None:
        sibling = _sibling_purity(p, ctx.warn)
        if sibling is not None:
            try:
                stated_ploidy, stated_purity = _read_purity_file(sibling)
            except InputError as exc:
                ctx.warn.add("cnv_purity_unreadable", f"{p}: purity file beside it not used: {exc.one_line()}")
    if purity_file is not None:
        pf = Path(purity_file)
        file_ploidy, file_purity = _read_purity_file(pf)
        stated_ploidy = file_ploidy if file_ploidy is not None else stated_ploidy
        stated_purity = file_purity if file_purity is not None else stated_purity
    stated_ploidy = _check_ploidy(stated_ploidy, str(p), ctx.warn)
    stated_purity = _check_purity(stated_purity, str(p), ctx.warn)
    for name, given, stated in (("ploidy", ploidy, stated_ploidy), ("purity", purity, stated_purity)):
        if given is not None and stated is not None and abs(given - stated) > 1e-6:
            ctx.warn.add(
                "cnv_value_overridden", f"{p}: {name} {given:g} given overrides {stated:g} stated with the file"
            )
    ctx.ploidy = float(ploidy) if ploidy is not None else stated_ploidy
    ctx.purity = float(purity) if purity is not None else stated_purity

    if fmt == "vcf":
        calls, samples, chosen, build = _read_vcf(p, kind, sample, ctx)
    else:
        assert header is not None
        calls, samples, chosen = _READERS[fmt](p, header, sample, ctx)
    return CnvResult(
        str(p), fmt, calls, samples, chosen, ctx.ploidy, ctx.purity, ctx.warn.done(p), build, ctx.set_aside
    )


# ----------------------------------------------------------------------------- table readers


def _rows(path: Path, header: _Header) -> Iterator[tuple[int, list[str]]]:
    """Data rows after the header: blank and '#' comment lines skipped, fields stripped of spaces."""
    for n, line in _lines(path):
        if n <= header.line or not line.strip() or line.startswith("#"):
            continue
        yield n, [f.strip() for f in line.split(header.delimiter)]


def _short_row(ctx: _Ctx, n: int, row: list[str], needed: int) -> bool:
    if len(row) < needed:
        ctx.warn.add("cnv_row_skipped", f"{ctx.where(n)}: {len(row)} fields, the header has more; row skipped")
        return True
    return False


def _segment_coords(
    ctx: _Ctx, n: int, row: list[str], idx: tuple[int | None, int | None, int | None], zero_based: bool
) -> dict[str, Any]:
    i_chr, i_start, i_end = idx
    start = ctx.integer(_field(row, i_start), n, "start")
    end = ctx.integer(_field(row, i_end), n, "end")
    if start is not None and zero_based:
        start += 1
    if start is not None and start < 1:
        start = 1  # ClinCNV writes 0 for a segment starting at the chromosome's first base
    if start is not None and end is not None and end < start:
        ctx.warn.add("cnv_bad_coordinates", f"{ctx.where(n)}: segment end {end} lies before its start {start}")
    return {"chrom": _chrom(_field(row, i_chr)), "start": start, "end": end}


def _one_gene(genes: list[str]) -> str | None:
    return genes[0] if len(genes) == 1 else None


def _sample_rows(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[str], str | None, Iterable[tuple[int, list[str]]]]:
    """(the samples, the chosen one, its rows) of a segment or gene file whose format names no sample.
    Such a file is one sample's, and a requested one is taken on trust; a table that has a per-row
    sample column anyway (CNVkit, PURPLE or PCGR rows pooled from several samples) is narrowed to one
    by the rule every table follows (`samples.choose_row`)."""
    i_sample = header.index(*SAMPLE_COLUMNS)
    if i_sample is None:
        return [], sample, _rows(path, header)
    names = {name: None for _, row in _rows(path, header) if (name := _field(row, i_sample))}
    chosen = ctx.sample = choose_row(path, names, sample)
    return (
        list(names),
        chosen,
        ((n, row) for n, row in _rows(path, header) if (_field(row, i_sample) or chosen) == chosen),
    )


def _read_cnvkit(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    samples, chosen, rows = _sample_rows(path, header, sample, ctx)
    idx = (header.index("chromosome"), header.index("start"), header.index("end"))
    i_gene, i_log2 = header.index("gene"), header.index("log2")
    i_cn, i_probes = header.index("cn"), header.index("probes")
    needed = max(i for i in (*idx, i_gene, i_log2) if i is not None) + 1
    calls = []
    for n, row in rows:
        if _short_row(ctx, n, row, needed):
            continue
        genes = _cnvkit_genes(_field(row, i_gene))
        calls.append(
            ctx.make(
                n,
                **_segment_coords(ctx, n, row, idx, zero_based=True),
                genes=genes,
                gene=_one_gene(genes),
                log2=ctx.number(_field(row, i_log2), n, "log2"),
                copy_number=ctx.copy_number(_field(row, i_cn), n, "cn") if i_cn is not None else None,
                probes=ctx.integer(_field(row, i_probes), n, "probes") if i_probes is not None else None,
            )
        )
    return calls, samples, chosen


def _read_purple_gene(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    samples, chosen, rows = _sample_rows(path, header, sample, ctx)
    idx = (header.index("chromosome"), header.index("start"), header.index("end"))
    i_gene, i_min = header.index("gene"), header.index("mincopynumber")
    needed = max(i for i in (i_gene, i_min) if i is not None) + 1
    calls = []
    for n, row in rows:
        if _short_row(ctx, n, row, needed):
            continue
        gene = _symbol(_field(row, i_gene))
        if gene is None:
            ctx.warn.add("cnv_gene_missing", f"{ctx.where(n)}: no gene symbol; row skipped")
            continue
        coords = (
            _segment_coords(ctx, n, row, idx, zero_based=False) if idx[0] is not None and idx[1] is not None else {}
        )
        calls.append(
            ctx.make(
                n,
                **coords,
                gene=gene,
                genes=[gene],
                copy_number=ctx.copy_number(_field(row, i_min), n, "minCopyNumber"),
            )
        )
    return calls, samples, chosen


def _read_purple_somatic(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    samples, chosen, rows = _sample_rows(path, header, sample, ctx)
    idx = (header.index("chromosome"), header.index("start"), header.index("end"))
    i_cn = header.index("copynumber")
    needed = max(i for i in (*idx, i_cn) if i is not None) + 1
    calls = []
    for n, row in rows:
        if _short_row(ctx, n, row, needed):
            continue
        calls.append(
            ctx.make(
                n,
                **_segment_coords(ctx, n, row, idx, zero_based=False),
                copy_number=ctx.copy_number(_field(row, i_cn), n, "copyNumber"),
            )
        )
    return calls, samples, chosen


def _read_pcgr(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    samples, chosen, rows = _sample_rows(path, header, sample, ctx)
    idx = (header.index("chromosome"), header.index("start"), header.index("end"))
    i_major, i_minor = header.index("nmajor"), header.index("nminor")
    needed = max(i for i in (*idx, i_major, i_minor) if i is not None) + 1
    calls = []
    for n, row in rows:
        if _short_row(ctx, n, row, needed):
            continue
        major = ctx.copy_number(_field(row, i_major), n, "nMajor")
        minor = ctx.copy_number(_field(row, i_minor), n, "nMinor")
        total = major + minor if major is not None and minor is not None else None
        calls.append(ctx.make(n, **_segment_coords(ctx, n, row, idx, zero_based=False), copy_number=total))
    return calls, samples, chosen


def _clincnv_meta(header: _Header) -> tuple[float | None, float | None, str | None]:
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
            elif key in {"purity", "tumor purity", "tumour purity", "tumor content", "tumour content", "tumor_content"}:
                purity = value / 100 if value > 1 else value
        if line.upper().startswith("##GENOME_BUILD="):
            build = build_from_words(line.split("=", 1)[1])
    return ploidy, purity, build


def _read_clincnv(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    idx = (header.index("chr", "chromosome"), header.index("start"), header.index("end"))
    i_cn = header.index("tumor_cn_change", "cn_change")
    i_state, i_genes, i_sample = header.index("state"), header.index("genes"), header.index(*SAMPLE_COLUMNS)
    needed = max(i for i in (*idx, i_cn) if i is not None) + 1
    cn_name = header.columns[i_cn] if i_cn is not None else "CN"
    listed, rows = _long_rows(path, header, ctx, None, i_sample, sample, pairs=True)
    named: dict[str, None] = {}  # an ordered set of the names rows give, when not listed beforehand
    matched = False
    calls = []
    for n, row in rows:
        if _short_row(ctx, n, row, needed):
            continue
        name = _field(row, i_sample) or None
        if name:
            named.setdefault(name)
            if sample is not None and not (name == sample or name.startswith(sample + "-")):
                continue
            matched = True
        genes = _gene_list(_field(row, i_genes))
        calls.append(
            ctx.make(
                n,
                sample=name,
                **_segment_coords(ctx, n, row, idx, zero_based=False),
                genes=genes,
                gene=_one_gene(genes),
                copy_number=ctx.copy_number(_field(row, i_cn), n, cn_name),
                call=_field(row, i_state) or None,
            )
        )
    samples = list(listed) or list(named)
    if sample is None:
        return calls, samples, choose_row(path, samples, None)
    if samples and not matched and not any(s == sample or s.startswith(sample + "-") for s in samples):
        raise unknown_sample(path, sample, samples)  # a pair 'T1-N1' is asked for by its tumour's name
    return calls, samples, sample


def _discrete(ctx: _Ctx, raw: str, n: int, gene: str, column: str) -> dict[str, Any] | None:
    """A GISTIC value -2..2 → {'discrete': …}; a word ('Amplification') → {'call': …}; else None (warned)."""
    raw = raw.strip()
    if raw.lower() in _MISSING:
        return None
    try:
        value = float(raw)
    except ValueError:
        if _LABEL.fullmatch(raw):
            return {"call": raw}
        ctx.warn.add(
            "cnv_bad_value", f"{ctx.where(n)}: {gene} {column} {raw[:40]!r} is neither -2..2 nor a call; row skipped"
        )
        return None
    if math.isnan(value) or math.isinf(value) or value != int(value) or not -2 <= value <= 2:
        ctx.warn.add(
            "cnv_bad_value", f"{ctx.where(n)}: {gene} {column} {raw[:40]!r} is not a whole number -2..2; row skipped"
        )
        return None
    return {"discrete": int(value)}


def _read_matrix(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    i_gene = header.index("hugo_symbol", "gene_symbol")
    sample_idx, samples = ctx.cache.kept(
        ("cnv-matrix-samples", str(path), header.line), lambda: _matrix_samples(path, header)
    )
    chosen = choose_row(path, sample_idx, sample, line=header.line)
    assert chosen is not None
    ctx.sample = chosen
    calls = []
    seen: set[str] = set()
    for n, raw_gene, raw_value in _matrix_cells(path, header, ctx, i_gene, sample_idx[chosen]):
        gene = _symbol(raw_gene)
        if gene is None:
            ctx.warn.add("cnv_gene_missing", f"{ctx.where(n)}: no Hugo symbol; row skipped")
            continue
        value = _discrete(ctx, raw_value, n, gene, chosen)
        if value is None:
            continue
        if gene in seen:
            ctx.warn.add("cnv_duplicate_gene", f"{ctx.where(n)}: {gene} appears on more than one row; every row kept")
        seen.add(gene)
        calls.append(ctx.make(n, gene=gene, genes=[gene], **value))
    return calls, samples, chosen  # within a run, every sample's result shares the header's list


def _matrix_samples(path: Path, header: _Header) -> tuple[dict[str, int], list[str]]:
    """Sample name → column of a gene × sample matrix, and the names in order; a header without sample
    columns, or naming one twice, is refused."""
    sample_idx = {
        name: i
        for i, (name, norm) in enumerate(zip(header.columns, header.norm))
        if norm not in _MATRIX_ANNOTATION and name
    }
    samples = list(sample_idx)
    if not samples:
        raise InputError(path, "a gene × sample matrix without sample columns", line=header.line)
    named = [name for name, norm in zip(header.columns, header.norm) if norm not in _MATRIX_ANNOTATION and name]
    dupes = sorted(name for name, times in Counter(named).items() if times > 1)
    if dupes:
        raise InputError(path, f"duplicate sample column(s): {', '.join(dupes)}", line=header.line)
    return sample_idx, samples


def _wanted(ctx: _Ctx, raw_gene: str) -> bool:
    """A row to read: its gene is one asked for, or it names none (which is warned about)."""
    if ctx.genes is None:
        return True
    gene = _symbol(raw_gene)
    return gene is None or gene in ctx.genes


def _matrix_cells(path: Path, header: _Header, ctx: _Ctx, i_gene: int, i_value: int) -> Iterator[tuple[int, str, str]]:
    """(line, gene cell, one sample's cell) of the rows to read. Streamed; within a cohort run the
    rows to read are kept column by column, so that the matrix is read once per worker."""
    if not ctx.cache.keeps:
        for n, row in _rows(path, header):
            if _wanted(ctx, raw := _field(row, i_gene)):
                yield n, raw, _field(row, i_value)
        return
    key = ("cnv-matrix", str(path), header.line, None if ctx.genes is None else frozenset(ctx.genes))
    lines, genes, columns = ctx.cache.kept(key, lambda: _matrix_columns(path, header, ctx, i_gene))
    yield from zip(lines, genes, columns[i_value] if i_value < len(columns) else [""] * len(lines))


def _matrix_columns(
    path: Path, header: _Header, ctx: _Ctx, i_gene: int
) -> tuple[list[int], list[str], list[list[str]]]:
    lines: list[int] = []
    genes: list[str] = []
    columns: list[list[str]] = [[] for _ in header.columns]
    pool: dict[str, str] = {}  # one string per distinct value ('0', '-1', …): a column is a list of references
    for n, row in _rows(path, header):
        if not _wanted(ctx, raw := _field(row, i_gene)):
            continue
        lines.append(n)
        genes.append(raw)
        for j, column in enumerate(columns):
            cell = row[j] if j < len(row) else ""
            column.append(pool.setdefault(cell, cell))
    return lines, genes, columns


def _long_rows(
    path: Path,
    header: _Header,
    ctx: _Ctx,
    i_gene: int | None,
    i_sample: int | None,
    sample: str | None,
    pairs: bool = False,
) -> tuple[dict[str, None], Iterable[tuple[int, list[str]]]]:
    """(the samples the table names, in order, when known beforehand; the rows). Within a cohort run
    the table is read once per worker and only `sample`'s rows of the genes asked for come back;
    otherwise every row is streamed. `pairs` (ClinCNV): a sample also owns the rows of the
    'tumour-normal' pairs named after it, and rows naming no sample belong to every sample."""
    if ctx.cache.keeps and sample is not None and i_sample is not None:
        key = ("cnv-long", str(path), header.line, ctx.fmt, None if ctx.genes is None else frozenset(ctx.genes))
        names, by_sample, by_prefix = ctx.cache.kept(key, lambda: _long_by_sample(path, header, ctx, i_gene, i_sample))
        if not pairs:
            return names, by_sample.get(sample, [])
        owned = [by_sample.get(name, []) for name in (sample, *by_prefix.get(sample, []), None)]
        return names, sorted(row for rows in owned for row in rows)
    return {}, _rows(path, header)


def _long_by_sample(
    path: Path, header: _Header, ctx: _Ctx, i_gene: int | None, i_sample: int
) -> tuple[dict[str, None], dict[str | None, list[tuple[int, list[str]]]], dict[str, list[str]]]:
    """(sample names in order, as an ordered set, the rows to read by sample, the names each 'a-b' name's prefixes
    start: ClinCNV names a tumour-normal pair, and a sample is asked for by its tumour's name)."""
    names: dict[str, None] = {}
    by_sample: dict[str | None, list[tuple[int, list[str]]]] = {}
    for n, row in _rows(path, header):
        name = _field(row, i_sample) or None
        if name is not None:
            names.setdefault(name)
        if _wanted(ctx, _field(row, i_gene)):
            by_sample.setdefault(name, []).append((n, row))
    by_prefix: dict[str, list[str]] = {}
    for name in names:
        for i, char in enumerate(name):
            if char == "-" and i:
                by_prefix.setdefault(name[:i], []).append(name)
    return names, by_sample, by_prefix


def _read_long(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    """cna-long and gene-table: one gene per row, an optional sample column narrowed to one sample.
    Only the chosen (or, when none is named, the first) sample's rows are kept while streaming."""
    long_form = ctx.fmt == "cna-long"
    if long_form:
        i_gene = header.index("hugo_symbol", "gene_symbol", "gene")
    else:
        i_gene = header.index(*_GENE_COLS)
    i_sample = header.index(*SAMPLE_COLUMNS)
    i_value = header.index("copy_number_alteration", "value") if long_form else None
    i_cn, i_log2 = header.index("copy_number", "cn"), header.index("log2")
    i_call = header.index(*_CALL_COLS) if not long_form else None
    idx = (header.index("chromosome", "chrom", "chr"), header.index("start"), header.index("end"))
    listed, rows = _long_rows(path, header, ctx, i_gene, i_sample, sample)
    named: dict[str, None] = {}  # an ordered set of the names rows give, when not listed beforehand
    kept_for: str | None = None
    calls: list[CopyNumberCall] = []
    seen: set[str] = set()
    for n, row in rows:
        name = _field(row, i_sample) or None if i_sample is not None else None
        if name is not None:
            named.setdefault(name)
        if sample is not None and name != sample and i_sample is not None:
            continue
        if sample is None and i_sample is not None:
            if kept_for is None:
                kept_for = name
            elif name != kept_for:
                continue  # a second sample: the rows are not needed, the read will end in an error
        if not _wanted(ctx, _field(row, i_gene)):
            continue
        gene = _symbol(_field(row, i_gene))
        if gene is None:
            ctx.warn.add("cnv_gene_missing", f"{ctx.where(n)}: no gene symbol; row skipped")
            continue
        fields: dict[str, Any] = {}
        if long_form:
            value = _discrete(
                ctx, _field(row, i_value), n, gene, header.columns[i_value] if i_value is not None else "value"
            )
            if value is None:
                continue
            fields.update(value)
        else:
            if i_cn is not None:
                fields["copy_number"] = ctx.copy_number(_field(row, i_cn), n, header.columns[i_cn])
            if i_log2 is not None:
                fields["log2"] = ctx.number(_field(row, i_log2), n, "log2")
            if i_call is not None:
                fields["call"] = _field(row, i_call) or None
            if all(v is None for v in fields.values()):
                continue
            if idx[0] is not None and idx[1] is not None:
                fields.update(_segment_coords(ctx, n, row, idx, zero_based=False))
        key = f"{name}\t{gene}"
        if key in seen:
            ctx.warn.add("cnv_duplicate_gene", f"{ctx.where(n)}: {gene} appears on more than one row; every row kept")
        seen.add(key)
        calls.append(ctx.make(n, sample=name if name is not None else ctx.sample, gene=gene, genes=[gene], **fields))
    if i_sample is None:
        return calls, [], sample
    known = listed or named
    chosen = choose_row(path, known, sample)
    return calls, list(known), chosen


_READERS = {
    "cnvkit-cns": _read_cnvkit,
    "cnvkit-cnr": _read_cnvkit,
    "purple-gene": _read_purple_gene,
    "purple-somatic": _read_purple_somatic,
    "clincnv": _read_clincnv,
    "gene-table": _read_long,
    "gistic-matrix": _read_matrix,
    "cna-long": _read_long,
    "pcgr-segments": _read_pcgr,
    "seg": lambda *args: _seg().read_seg(*args),
    "gatk-seg": lambda *args: _seg().read_gatk_seg(*args),
}


def _seg() -> Any:
    """readers/seg.py, imported when a SEG file is read (it uses this module's row helpers)."""
    from . import seg

    return seg


# ----------------------------------------------------------------------------- VCF


@dataclass
class _VcfRecord:
    chrom: str
    pos: int
    ref: str
    alts: tuple[str, ...]
    stop: int | None  # INFO END, when given
    filters: list[str]
    info: dict[str, Any]
    fmt: dict[str, Any]  # the chosen sample's FORMAT values
    line: int | None


class _HtslibRefused(Exception):
    pass


def _vcf_header_lines(path: Path) -> tuple[int, list[str], list[tuple[str, str]], str | None]:
    """Number of header lines, the #CHROM sample names, the ## meta (key, value) pairs and the column
    separator (tab, or None for a file whose columns are separated by spaces) of a text VCF."""
    meta: list[tuple[str, str]] = []
    for n, line in _lines(path):
        if line.startswith("##"):
            key, _, value = line[2:].partition("=")
            meta.append((key, value))
            continue
        if line.startswith("#CHROM"):
            sep = "\t" if "\t" in line else None
            cols = line.split(sep)
            limits.check_samples(path, len(cols[9:]), line=n)
            return n, cols[9:], meta, sep
        raise InputError(path, "not a VCF: no '#CHROM' header line before the first record", line=n)
    raise InputError(path, "not a VCF: no '#CHROM' header line")


def _read_vcf(
    path: Path, kind: str, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None, str | None]:
    header_lines = 0
    if kind != "bcf":
        header_lines = _vcf_header_lines(path)[0]
    if kind == "vcf" and _is_plain_gzip(path):
        return _read_vcf_text(path, sample, ctx)  # plain gzip: a stream, which is all a CNV VCF needs
    before = (list(ctx.warn.items), Counter(ctx.warn.counts))
    try:
        return _read_vcf_pysam(path, kind, sample, ctx, header_lines)
    except _HtslibRefused as refused:
        if kind == "bcf":
            raise InputError(path, f"htslib cannot read this file: {refused}") from None
        ctx.warn.items, ctx.warn.counts = before  # drop what the abandoned pass reported
        ctx.warn.add("cnv_vcf_lenient_parser", f"{path}: htslib refused the file ({refused}); read as text")
        return _read_vcf_text(path, sample, ctx)


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or exc.__class__.__name__)[:200]


def _read_vcf_pysam(
    path: Path, kind: str, sample: str | None, ctx: _Ctx, header_lines: int
) -> tuple[list[CopyNumberCall], list[str], str | None, str | None]:
    import pysam

    pysam.set_verbosity(0)
    try:
        vf = pysam.VariantFile(str(path))
    except (ValueError, OSError, NotImplementedError) as exc:
        raise _HtslibRefused(_short(exc)) from None
    with vf:
        try:
            samples = list(vf.header.samples)
            limits.check_samples(path, len(samples))
            meta = [(r.key, str(r.value)) for r in vf.header.records if r.type == "GENERIC" and r.key]
            contigs = {name: c.length for name, c in vf.header.contigs.items()}
        except ValueError as exc:  # UnicodeDecodeError: header bytes that are not UTF-8
            raise _HtslibRefused(f"unreadable header ({_short(exc)})") from None
        build, _ = detect_from_header(meta, contigs)
        chosen = choose_column(path, samples, sample, roles_from_pysam(vf.header))
        ctx.sample = chosen
        has_end = "END" in vf.header.info
        compressed = _is_gzip(path)
        calls: list[CopyNumberCall] = []
        n = 0
        try:
            for rec in vf:
                n += 1
                fmt: dict[str, Any] = {}
                for key in ("CN", "GT"):
                    if chosen is not None and key in rec.format:
                        try:
                            fmt[key] = rec.samples[chosen][key]
                        except (IndexError, KeyError, ValueError, TypeError):
                            fmt[key] = None
                info: dict[str, Any] = {}
                for key in rec.info.keys():
                    try:
                        info[key] = rec.info[key]
                    except (ValueError, KeyError):
                        continue
                own_end = rec.pos + max(len(rec.ref or ""), 1) - 1
                raw = _VcfRecord(
                    rec.chrom,
                    rec.pos,
                    rec.ref or "",
                    tuple(rec.alts or ()),
                    rec.stop if has_end or rec.stop != own_end else None,
                    [f for f in rec.filter.keys() if f != "PASS"],
                    info,
                    fmt,
                    header_lines + n if header_lines else None,
                )
                call = _vcf_call(raw, ctx)
                if call is not None:
                    calls.append(call)
        except (OSError, ValueError, NotImplementedError) as exc:
            if kind == "bcf" or compressed or "truncat" in str(exc).lower():
                raise InputError(path, f"truncated or corrupt file ({_short(exc)})") from None
            raise _HtslibRefused(_short(exc)) from None
    return calls, samples, chosen, build


def _parse_info(text: str) -> dict[str, Any]:
    info: dict[str, Any] = {}
    if text in {"", "."}:
        return info
    for item in text.split(";"):
        key, eq, value = item.partition("=")
        info[key] = value if eq else True
    return info


def _read_vcf_text(
    path: Path, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None, str | None]:
    """A lenient stream over a plain or gzip text VCF, for files htslib refuses."""
    header_lines, samples, meta, sep = _vcf_header_lines(path)
    contigs: dict[str, int | None] = {}
    for key, value in meta:
        if key == "contig":
            m_id, m_len = re.search(r"ID=([^,>]+)", value), re.search(r"length=(\d+)", value)
            if m_id:
                contigs[m_id.group(1)] = int(m_len.group(1)) if m_len else None
    build, _ = detect_from_header([(k, v) for k, v in meta if k != "contig"], contigs)
    samples = [s for s in samples if s]
    chosen = choose_column(path, samples, sample, roles_from_meta(meta), line=header_lines)
    ctx.sample = chosen
    col = 9 + samples.index(chosen) if chosen is not None else None
    calls: list[CopyNumberCall] = []
    for n, line in _lines(path):
        if n <= header_lines or not line.strip() or line.startswith("#"):
            continue
        cols = line.split(sep)
        if len(cols) < 8:
            ctx.warn.add("cnv_row_skipped", f"{ctx.where(n)}: fewer than 8 VCF columns; record skipped")
            continue
        try:
            pos = int(cols[1])
        except ValueError:
            ctx.warn.add("cnv_row_skipped", f"{ctx.where(n)}: POS {cols[1][:20]!r} is not a number; record skipped")
            continue
        info = _parse_info(cols[7])
        fmt: dict[str, Any] = {}
        if col is not None and len(cols) > col and len(cols) > 8:
            keys, values = cols[8].split(":"), cols[col].split(":")
            fmt = dict(zip(keys, values))
        stop_raw = info.pop("END", None)
        stop = int(stop_raw) if isinstance(stop_raw, str) and stop_raw.isdigit() else None
        filters = [] if cols[6] in {".", "PASS", ""} else cols[6].split(";")
        raw = _VcfRecord(cols[0], pos, cols[3], tuple(a for a in cols[4].split(",") if a), stop, filters, info, fmt, n)
        call = _vcf_call(raw, ctx)
        if call is not None:
            calls.append(call)
    return calls, samples, chosen, build


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
            return _gene_list(",".join(str(p) for p in parts))
    func = info.get("FUNC")
    if _present(func):
        text = ",".join(str(f) for f in func) if isinstance(func, (tuple, list)) else str(func)
        return _gene_list(",".join(_FUNC_GENE.findall(text)))
    return []


def _vcf_call(raw: _VcfRecord, ctx: _Ctx) -> CopyNumberCall | None:
    """A CopyNumberCall for a copy-number record (CN value, SVTYPE=DUP|AMP|CNV, ALT <DUP>/<AMP>/<CNV>), else None.
    Breakend records (ALT with '[', ']' or a '.' single breakend) and BND/INV/INS records are SV
    junctions, not segments, even when a caller writes a CN on them (DELLY, ESVEE)."""
    if any("[" in a or "]" in a or (len(a) > 1 and (a.startswith(".") or a.endswith("."))) for a in raw.alts):
        return None
    svtype = _scalar(raw.info.get("SVTYPE"))
    svtype = str(svtype).upper() if _present(svtype) else None
    if svtype in _NOT_CNV_SVTYPES:
        return None
    cnv_alt = next((a for a in raw.alts if _CNV_ALTS.fullmatch(a)), None)
    cn_raw = _scalar(raw.fmt.get("CN")) if _present(raw.fmt.get("CN")) else _scalar(raw.info.get("CN"))
    if not (svtype in _CNV_SVTYPES or cnv_alt or _present(cn_raw)):
        return None
    where = f"{raw.chrom}:{raw.pos}"
    genes = _vcf_genes(raw.info)
    if raw.filters:
        ctx.warn.add(
            "cnv_filtered_skipped", f"{ctx.where(raw.line)}: {where} FILTER {';'.join(raw.filters)}; record skipped"
        )
        ctx.set_aside.append(
            SetAside(
                raw.chrom,
                raw.pos,
                f"not read: failed the caller's FILTER ({';'.join(sorted(raw.filters))})",
                raw.line,
                _one_gene(genes),
            )
        )
        return None
    # the shared genotype rule: a copy-number segment's own measure is its copy number (Ion Reporter
    # writes './.' on every CNV record); a reference genotype says the sample has no change there
    measure = _present(cn_raw) or any(
        _present(raw.fmt.get(k)) or _present(raw.info.get(k)) for k in ("FOLD_CHANGE_LOG", "LOG2", "L2R")
    )
    state = presence(raw.fmt.get("GT"), None, True if measure else None)
    if not state.present:
        ctx.set_aside.append(SetAside(raw.chrom, raw.pos, state.reason or "", raw.line, _one_gene(genes)))
        return None
    symbolic = any(a.startswith("<") for a in raw.alts)
    if raw.stop is not None and raw.stop >= raw.pos:
        start, end = (raw.pos + 1 if symbolic and raw.stop > raw.pos else raw.pos), raw.stop
    else:
        start, end = raw.pos, raw.pos + max(len(raw.ref), 1) - 1
    copy_number = ctx.copy_number(cn_raw, raw.line, f"{where} CN") if _present(cn_raw) else None
    if copy_number is None and not _present(cn_raw) and _present(raw.info.get("RAW_CN")):
        ctx.warn.add(
            "cnv_copy_number_missing",
            f"{ctx.where(raw.line)}: {where} has no CN; RAW_CN "
            f"{_scalar(raw.info.get('RAW_CN'))} (not adjusted for cellularity) was not used",
        )
    log2 = None
    for key in ("FOLD_CHANGE_LOG", "LOG2", "L2R"):
        value = raw.fmt.get(key) if _present(raw.fmt.get(key)) else raw.info.get(key)
        if _present(value):
            log2 = ctx.number(_scalar(value), raw.line, f"{where} {key}")
            break
    probes = None
    for key in ("PROBES", "NUMTILES"):
        if _present(raw.info.get(key)):
            probes = ctx.integer(_scalar(raw.info.get(key)), raw.line, f"{where} {key}")
            break
    label = svtype or (cnv_alt.strip("<>").split(":")[0].upper() if cnv_alt else None)
    low, high = _confidence_bounds(raw.info.get("CI"))
    return ctx.make(
        raw.line,
        chrom=normalize_contig(raw.chrom),
        start=start,
        end=end,
        genes=genes,
        gene=_one_gene(genes),
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
