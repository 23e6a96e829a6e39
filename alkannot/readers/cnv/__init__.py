"""Copy-number reader: CNVkit segments and bins, PURPLE gene and segment tables, ClinCNV somatic
output, gene-level tables, GISTIC/cBioPortal matrices, long cBioPortal/OncoKB tables, PCGR
allele-specific segments, SEG files (`readers/seg.py`) and VCF records that carry a copy number
(CNVkit export, Oncomine <CNV>).

It knows the formats and nothing of biology: it yields one `CopyNumberCall` per segment, bin or
gene-level value of the chosen sample, as the file states it (coordinates made 1-based, contigs
normalized to '7' not 'chr7'); deciding gain or amplification is the classifier's job. Files are
read line by line (plain or gzip); a matrix keeps only the chosen sample's column. Bad input is an
`InputError` naming the file (and line); unusable values become None with a warning.

One module per concept: `registry` (format id → description, required columns, reader, as cnvkit's
`skgenome.tabio` keeps its READERS), `files` and `header` (access, sniffing, the header line),
`detect` (which format), `values` (ploidy and purity), `table` (rows, cells and the per-file state
every reader shares), `columns` (the column table of formats that differ only by columns), `pooled`
(tables naming a sample per row, read once per cohort-run worker), one module per tool family
(`cnvkit`, `purple`, `pcgr`, `clincnv`, `cbioportal`, `genetable`, `vcf` with `vcf_calls`), and
`reader` (`read_cnv`)."""

from __future__ import annotations

from .cbioportal import MATRIX_ANNOTATION
from .detect import detect, detect_format
from .files import check_path, sniff
from .reader import CnvResult, read_cnv
from .registry import FORMATS
from .table import MAX_ABS_LOG2, field, rows

__all__ = [
    "FORMATS",
    "MATRIX_ANNOTATION",
    "MAX_ABS_LOG2",
    "CnvResult",
    "check_path",
    "detect",
    "detect_format",
    "field",
    "read_cnv",
    "rows",
    "sniff",
]
