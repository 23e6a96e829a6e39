"""The samples a multi-sample table names, in order of first appearance, found the way its reader
finds them (the reader then narrows the table to one sample with `sample=`). Tests pin these to the
readers: a sample listed here is one `annotate(..., sample=...)` accepts."""

from __future__ import annotations

from pathlib import Path

from ..readers.samples import SAMPLE_COLUMNS, candidates, roles_from_pysam


def maf_samples(path: str | Path) -> list[str]:
    """Tumor_Sample_Barcode (or Sample_Id …) values of a MAF, as the MAF reader names them."""
    from ..readers.maf import samples_in

    return samples_in(path)


def fusion_samples(path: str | Path, fmt: str = "auto") -> list[str]:
    """Sample names of a fusion table with a per-row sample column; [] for tables without one."""
    from ..readers.fusions.samples import samples_in

    return samples_in(path, fmt)


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
