"""The samples a multi-sample table names, in order of first appearance, found the way its reader
finds them (the reader then narrows the table to one sample with `sample=`). Tests pin these to the
readers: a sample listed here is one `annotate(..., sample=...)` accepts."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, require_file


def maf_samples(path: str | Path) -> list[str]:
    """Tumor_Sample_Barcode values of a MAF ('(no barcode)' for empty cells, as the MAF reader names them)."""
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
                    column = header.index("Tumor_Sample_Barcode") if "Tumor_Sample_Barcode" in header else -1
                    continue
                value = cells[column].strip() if 0 <= column < len(cells) else ""
                samples.setdefault(value or "(no barcode)")
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise InputError(p, f"truncated or corrupt file ({exc.__class__.__name__})") from None
    return list(samples)


def fusion_samples(path: str | Path, fmt: str = "auto") -> list[str]:
    """Sample names of a multi-sample fusion table (cBioPortal/OncoKB/generic tables with a sample
    column); [] for single-sample caller outputs and notation files."""
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
    if dialect is None or dialect.format != "generic":
        return []
    index = {c: i for i, c in reversed(list(enumerate(columns)))}
    column = next((c for c in (dialect.sample_column, *fr._SAMPLE_COLUMNS) if c and c in index), None)
    if column is None:
        return []
    samples: dict[str, None] = {}
    for line in rows:
        if not line.strip() or line.startswith("#"):
            continue
        cells = fr._split(line, delimiter)
        value = fr._text(cells[index[column]]) if index[column] < len(cells) else None
        if value:
            samples.setdefault(value)
    return list(samples)


def cnv_samples(path: str | Path) -> list[str]:
    """Sample names of a multi-sample copy-number file: GISTIC/cBioPortal matrix columns, the sample
    column of long CNA, gene and ClinCNV tables, or a VCF's samples; [] for single-sample formats."""
    from ..readers import cnv as cr

    p = Path(path)
    cr._check_path(p)
    kind = cr._sniff(p)
    fmt, header = cr._detect(p, kind)
    if fmt == "vcf":
        import pysam

        try:
            with pysam.VariantFile(str(p)) as vf:
                return list(vf.header.samples)
        except (ValueError, OSError):
            return []
    assert header is not None
    if fmt == "gistic-matrix":
        return [name for name, norm in zip(header.columns, header.norm) if norm not in cr._MATRIX_ANNOTATION and name]
    column = {"cna-long": header.index("tumor_sample_barcode", "sample_id"),
              "gene-table": header.index(*cr._SAMPLE_COLS),
              "clincnv": header.index("sample"),
              "seg": header.index("id", "sample", "sample_id", "id_")}.get(fmt)
    if column is None:
        return []
    samples: dict[str, None] = {}
    for _, row in cr._rows(p, header):
        value = cr._field(row, column)
        if value:
            samples.setdefault(value)
    return list(samples)
