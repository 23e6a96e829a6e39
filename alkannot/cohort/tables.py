"""The samples a multi-sample table names, in order of first appearance, found the way its reader
finds them (the reader then narrows the table to one sample with `sample=`). Tests pin these to the
readers: a sample listed here is one `annotate(..., sample=...)` accepts."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, require_file
from ..readers.samples import SAMPLE_COLUMNS, candidates, roles_from_pysam, sample_column


def maf_samples(path: str | Path) -> list[str]:
    """Tumor_Sample_Barcode (or Sample_Id …) values of a MAF ('(no barcode)' for empty cells, as the MAF reader names them)."""
    import gzip
    import zlib

    from ..readers import maf

    p = Path(path)
    require_file(p, "a MAF")
    samples: dict[str, None] = {}
    column = None
    try:
        with maf._open(p) as fh:
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
                samples.setdefault(value or maf.NO_BARCODE)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(p, f"truncated or corrupt file ({exc.__class__.__name__})") from None
    return list(samples)


def fusion_samples(path: str | Path, fmt: str = "auto") -> list[str]:
    """Sample names of a fusion table with a per-row sample column (any dialect: cBioPortal, OncoKB,
    FusionInspector `#sample`, JAFFA …); [] for tables without one and for notation files."""
    from ..readers import fusions as fr

    p = Path(path)
    fmt = (fmt or "auto").lower()
    rows = iter(fr._read_text(p))  # lines, once through (a list or a stream, whichever the reader gives)
    header = next((line for line in rows if line.strip() and not line.startswith("##")), None)
    if header is None or fmt == "notation":
        return []
    delimiter = "\t" if "\t" in header else ("," if "," in header else None)
    if delimiter is None:
        return []
    columns = [fr._norm(c) for c in fr._split(header, delimiter)]
    dialect = next((d for d in fr.DIALECTS if fmt in {"auto", d.format} and set(d.required) <= set(columns)), None)
    column = fr.table_sample_column(dialect, columns) if dialect is not None else None
    if column is None:
        return []
    assert dialect is not None
    needed = max(columns.index(c) for c in dialect.required)  # a row cut short names no sample the reader trusts
    samples: dict[str, None] = {}
    for line in rows:
        if not line.strip() or line.startswith("#"):
            continue
        cells = fr._split(line, delimiter)
        value = fr._text(cells[column]) if column < len(cells) and needed < len(cells) else None
        if value:
            samples.setdefault(value)
    return list(samples)


def cnv_samples(path: str | Path) -> list[str]:
    """Sample names of a multi-sample copy-number file: GISTIC/cBioPortal matrix columns, the sample
    column of any table (long CNA, gene, ClinCNV, pooled segment tables), or a VCF's samples but its
    declared matched normal; [] for files naming no sample."""
    from ..readers import cnv as cr

    p = Path(path)
    cr.check_path(p)
    kind = cr.sniff(p)
    fmt, header = cr.detect(p, kind)
    if fmt == "vcf":
        import pysam

        try:
            with pysam.VariantFile(str(p)) as vf:
                return candidates(vf.header.samples, roles_from_pysam(vf.header))  # not the declared matched normal
        except (ValueError, OSError):
            return []
    assert header is not None
    if fmt == "gistic-matrix":
        return [
            name
            for name, norm in zip(header.columns, header.norm, strict=False)
            if norm not in cr.MATRIX_ANNOTATION and name
        ]
    column = (
        header.index("id", *SAMPLE_COLUMNS, "id_") if fmt == "seg" else header.index(*SAMPLE_COLUMNS)
    )  # any table format's per-row sample column, as its reader reads it
    if column is None:
        return []
    samples: dict[str, None] = {}
    for _, row in cr.rows(p, header):
        value = cr.field(row, column)
        if value:
            samples.setdefault(value)
    return list(samples)
