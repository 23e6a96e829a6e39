"""MAF reader (cBioPortal / GENIE / vcf2maf / OncoKB-annotator columns).

Tolerant of `#version` comment lines, missing optional columns (coordinates, counts, build) and
protein changes with or without `p.`. Yields `SmallVariant`s for one sample; a file holding several
samples needs `sample=`. Rows are streamed and only the genes asked for are kept."""

from __future__ import annotations

import gzip
import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..runcache import NO_CACHE, RunCache
from ..errors import InputError, require_file, option
from ..genome.builds import normalize_build
from ..model import ReportWarning, SmallVariant, TranscriptAnnotation
from .samples import choose_row, sample_column
from . import limits

REQUIRED = ("Hugo_Symbol",)
PROTEIN_COLUMNS = ("HGVSp_Short", "HGVSp", "Protein_Change", "AAChange", "amino_acid_change")
COUNT_COLUMNS = ("t_alt_count", "t_ref_count", "t_depth")
NO_BARCODE = "(no barcode)"
"""the sample of rows (or of a MAF) that name none"""


@dataclass
class MafResult:
    path: str
    sample: str | None
    samples: list[str]
    build: str | None
    variants: list[SmallVariant]
    warnings: list[ReportWarning] = field(default_factory=list)
    rows: int = 0


def _open(path: Path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return limits.open_text(path)  # bounded by its decompressed size
    return open(path, encoding="utf-8", errors="replace", newline="")


def _int(value: str | None) -> int | None:
    try:
        number = float(value) if value not in (None, "", ".", "NA") else math.nan
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number >= 0 else None


def _protein(row: dict[str, str]) -> str | None:
    for col in PROTEIN_COLUMNS:
        value = (row.get(col) or "").strip()
        if value and value not in {".", "NA"}:
            if ":" in value:
                value = value.split(":")[-1]
            return value if value.startswith("p.") else f"p.{value}"
    return None


def _alleles(row: dict[str, str]) -> tuple[str, int, str, str] | None:
    """VCF-like (chrom, pos, ref, alt) from MAF columns; '-' sides become empty strings."""
    chrom = (row.get("Chromosome") or "").strip()
    start = _int(row.get("Start_Position"))
    ref = (row.get("Reference_Allele") or "").strip().upper()
    alt = (row.get("Tumor_Seq_Allele2") or "").strip().upper()
    if start is None or not (ref or alt):
        return None  # chrom may be missing (some panels omit it): the gene then tells the classifier
    ref = "" if ref == "-" else ref
    alt = "" if alt == "-" else alt
    if not ref:  # MAF insertions: Start is the base before the inserted bases
        start += 1
    if not set(ref + alt) <= set("ACGTN"):
        return None
    return chrom, start, ref, alt


class _Table(NamedTuple):
    """Everything a MAF says for every sample (only the genes asked for kept)."""

    samples: list[str]
    """every sample the file names, in order; handed to each sample's result as it is (within a run
    the results share it: a copy per sample of a 100,000-sample list was 1.4 ms)"""
    by_sample: dict[str, list[SmallVariant]]
    """every sample's variants (an empty list for a sample none of whose rows is kept): also the set
    `sample=` is checked against"""
    builds: set[str]
    warnings: list[ReportWarning]
    """rows that cannot be placed on a sample"""
    sample_warnings: dict[str, list[ReportWarning]]
    rows: int


def read_maf(path: str | Path, genes: set[str], sample: str | None = None, *, cache: RunCache = NO_CACHE) -> MafResult:
    """One sample's variants. The whole file is parsed; with a cohort run's `cache` once per worker,
    however many of its samples the worker annotates."""
    p = Path(path)
    require_file(p, "a MAF")
    if p.stat().st_size == 0:
        raise InputError(p, "the file is empty (not a MAF)")
    table = cache.kept(("maf", str(p), frozenset(genes)), lambda: _parse(p, genes))
    chosen = choose_row(p, table.by_sample, sample)  # by_sample: the names in file order, as a look-up
    if len(table.builds) > 1:
        raise InputError(p, f"rows from several genome builds ({', '.join(sorted(table.builds))})")
    variants = list(table.by_sample.get(chosen, [])) if chosen else []
    warnings = table.warnings + (table.sample_warnings.get(chosen, []) if chosen else [])
    return MafResult(str(p), chosen, table.samples, next(iter(table.builds), None), variants, warnings, table.rows)


class _Header(NamedTuple):
    """A MAF's header line: its columns, the one naming each row's sample, and how many cells a row
    needs for its gene and sample."""

    columns: list[str]
    barcode_column: str | None
    needed: int

    def barcode(self, row: dict[str, str]) -> str:
        """The sample a row names; NO_BARCODE when none."""
        barcode = (row.get(self.barcode_column) or "").strip() if self.barcode_column else ""
        return barcode or NO_BARCODE


def _read_header(p: Path, n: int, line: str) -> _Header:
    """The header line (line `n`): a MAF's needs Hugo_Symbol and a protein change or Start_Position."""
    header = [c.strip() for c in line.split("\t")]
    missing = [c for c in REQUIRED if c not in header]
    if missing or "\x00" in line:
        raise InputError(p, f"not a MAF: no {', '.join(missing) or 'readable'} column in the header", line=n)
    if not any(c in header for c in PROTEIN_COLUMNS) and "Start_Position" not in header:
        raise InputError(
            p,
            f"not a MAF: neither a protein-change column ({', '.join(PROTEIN_COLUMNS)}) nor Start_Position",
            line=n,
        )
    i_sample = sample_column(header)  # Tumor_Sample_Barcode, or another name for it (Sample_Id …)
    barcode_column = header[i_sample] if i_sample is not None else None
    return _Header(header, barcode_column, max(header.index("Hugo_Symbol"), i_sample if i_sample is not None else 0))


def _parse(p: Path, genes: set[str]) -> _Table:
    """Every row of the file: the samples in order, and the variants of the genes asked for by sample."""
    warnings: list[ReportWarning] = []
    sample_warnings: dict[str, list[ReportWarning]] = {}
    by_sample: dict[str, list[SmallVariant]] = {}
    samples: list[str] = []
    builds: set[str] = set()
    header: _Header | None = None
    rows = 0
    for n, line in _lines(p):
        if header is None:
            header = _read_header(p, n, line)
            continue
        cols = line.split("\t")
        rows += 1
        if len(cols) <= header.needed:
            warnings.append(
                ReportWarning(
                    code="maf_row_skipped",
                    message=f"{p}:{n}: {len(cols)} column(s) where the header has {len(header.columns)}; row skipped",
                )
            )
            continue
        row = dict(zip(header.columns, cols, strict=False))
        barcode = header.barcode(row)
        if barcode not in by_sample:
            by_sample[barcode] = []
            samples.append(barcode)
        gene = (row.get("Hugo_Symbol") or "").strip()
        if gene not in genes:
            continue
        build = normalize_build(row.get("NCBI_Build") or "")
        if build:
            builds.add(build)
        said = sample_warnings.setdefault(barcode, [])
        by_sample[barcode].append(_variant(p, n, row, gene, barcode, said=said))
    if header is None:
        raise InputError(p, "not a MAF: no header line")
    return _Table(samples, by_sample, builds, warnings, sample_warnings, rows)


def _lines(p: Path) -> Iterator[tuple[int, str]]:
    """The lines that are neither blank nor comments, with their 1-based numbers; a VCF, a truncated
    or corrupt file are InputErrors."""
    try:
        with _open(p) as fh:
            for n, line in enumerate(limits.lines(fh, p), 1):
                text = line.rstrip("\r\n")
                if n == 1 and text.startswith("##fileformat=VCF"):
                    raise InputError(p, f"this is a VCF, not a MAF: give it with {option('vcf')}", line=1)
                if text.strip() and not text.startswith("#"):
                    yield n, text
    except InputError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(p, f"truncated or corrupt file ({exc.__class__.__name__})") from None


def _variant(
    p: Path, n: int, row: dict[str, str], gene: str, barcode: str, *, said: list[ReportWarning]
) -> SmallVariant:
    """One kept row → its variant, with the MAF's own annotation; counts that cannot be read are `said`."""
    alleles = _alleles(row)
    chrom, pos, ref, alt = alleles if alleles else ("", 0, "", "")
    t_alt, depth, vaf = _counts(p, n, row, said)
    return SmallVariant(
        file=str(p),
        line=n,
        chrom=chrom,
        pos=pos,
        ref=ref,
        alt=alt,
        sample=barcode,
        vaf=vaf,
        depth=depth,
        alt_depth=t_alt,
        annotations=[
            TranscriptAnnotation(
                source="MAF",
                allele=alt,
                gene=gene,
                transcript=(row.get("RefSeq") or row.get("Transcript_ID") or None),
                consequence=(row.get("Variant_Classification") or None),
                hgvs_c=((row.get("HGVSc") or "").split(":")[-1] or None),
                hgvs_p=_protein(row),
            )
        ],
    )


def _counts(
    p: Path, n: int, row: dict[str, str], said: list[ReportWarning]
) -> tuple[int | None, int | None, float | None]:
    """(alt count, depth, allele fraction) of a row: the depth from t_depth or alt + ref, the fraction
    from the counts, else from Allele_Frequency; a count that is none, or an alt over the depth, is said."""
    t_alt, t_ref = _int(row.get("t_alt_count")), _int(row.get("t_ref_count"))
    bad = _unreadable_counts(row)
    if bad:
        said.append(
            ReportWarning(
                code="bad_value_ignored",
                message=f"{p}:{n}: {', '.join(f'{c} {row[c].strip()[:20]!r}' for c in bad)} "
                "not a count (negative, NaN or text); value ignored",
            )
        )
    depth = _int(row.get("t_depth")) or ((t_alt + t_ref) if t_alt is not None and t_ref is not None else None)
    vaf = None
    if t_alt is not None and depth:
        if t_alt <= depth:
            vaf = round(t_alt / depth, 4)
        else:
            said.append(
                ReportWarning(
                    code="bad_value_ignored",
                    message=f"{p}:{n}: t_alt_count {t_alt} exceeds the depth {depth}; no allele fraction",
                )
            )
    if vaf is None and row.get("Allele_Frequency"):
        vaf = _fraction(row["Allele_Frequency"])
    return t_alt, depth, vaf


def _unreadable_counts(row: dict[str, str]) -> list[str]:
    """The count columns whose cell says something that is not a count."""
    return [c for c in COUNT_COLUMNS if (row.get(c) or "").strip() not in ("", ".", "NA") and _int(row.get(c)) is None]


def _fraction(text: str) -> float | None:
    """An Allele_Frequency cell: a fraction in [0, 1], else None."""
    try:
        af = float(text)
    except ValueError:
        return None
    return round(af, 4) if 0 <= af <= 1 else None


def samples_in(path: str | Path) -> list[str]:
    """Tumor_Sample_Barcode (or Sample_Id …) values of a MAF in order of first appearance ('(no barcode)'
    for empty cells, as `read_maf` names them): the samples a cohort over the MAF annotates."""
    p = Path(path)
    require_file(p, "a MAF")
    samples: dict[str, None] = {}
    column = None
    try:
        with _open(p) as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if column is None:
                    header = [c.strip() for c in cells]
                    if "Hugo_Symbol" not in header:
                        raise InputError(p, "not a MAF: no Hugo_Symbol column in the header", line=n)
                    found = sample_column(header)
                    column = -1 if found is None else found
                    continue
                value = cells[column].strip() if 0 <= column < len(cells) else ""
                samples.setdefault(value or NO_BARCODE)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(p, f"truncated or corrupt file ({exc.__class__.__name__})") from None
    return list(samples)
