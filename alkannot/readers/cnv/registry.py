"""The format registry (as cnvkit's `skgenome.tabio.READERS`): each format id with its description,
the columns a table of it must have (each requirement a tuple of alternative normalized names) and
the reader of its rows. The VCF has no table reader of its own here: `vcf.read_cnv_vcf` reads it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .cbioportal import read_cna_long, read_matrix
from .clincnv import read_clincnv
from .cnvkit import read_cnvkit
from .genetable import GENE_COLUMNS, VALUE_COLUMNS, read_gene_table
from .pcgr import read_pcgr
from .purple import read_purple_gene, read_purple_somatic
from .table import Calls, Ctx, Header

TableReader = Callable[[Path, Header, "str | None", Ctx], Calls]


class Format(NamedTuple):
    id: str
    description: str
    required: tuple[tuple[str, ...], ...]
    read: TableReader | None  # None: the VCF


def _seg(name: str) -> TableReader:
    """A reader of readers/seg.py, imported when a SEG file is read (it imports this package's `table`)."""

    def read(*args: Any) -> Calls:
        from .. import seg

        reader: TableReader = getattr(seg, name)
        return reader(*args)

    return read


_CNVKIT = (("chromosome",), ("start",), ("end",), ("gene",), ("log2",))
_SEGMENT = (("chromosome",), ("start",), ("end",))

REGISTRY: tuple[Format, ...] = (
    Format(
        "cnvkit-cns",
        (
            "CNVkit segments (.cns, .call.cns): chromosome, start (0-based), end, gene, log2 [, cn, probes, "
            "depth, weight]"
        ),
        _CNVKIT,
        read_cnvkit,
    ),
    Format(
        "cnvkit-cnr",
        "CNVkit bin-level log2 ratios (.cnr): chromosome, start (0-based), end, gene, log2 [, depth, weight]",
        _CNVKIT,
        read_cnvkit,
    ),
    Format(
        "purple-gene",
        (
            "PURPLE gene copy numbers (purple.cnv.gene.tsv): gene, minCopyNumber, maxCopyNumber [, chromosome, "
            "start, end]"
        ),
        (("gene",), ("mincopynumber",)),
        read_purple_gene,
    ),
    Format(
        "purple-somatic",
        "PURPLE copy-number segments (purple.cnv.somatic.tsv): chromosome, start, end, copyNumber",
        (*_SEGMENT, ("copynumber",)),
        read_purple_somatic,
    ),
    Format(
        "clincnv",
        "ClinCNV output: '##' header (ploidy …) and a '#chr start end … tumor_CN_change … genes' table",
        (("chr", "chromosome"), ("start",), ("end",), ("tumor_cn_change", "cn_change")),
        read_clincnv,
    ),
    Format(
        "gene-table",
        ("gene-level table: a gene column and copy_number, cn, log2 or a call column (e.g. MOAlmanac 'Amplification')"),
        (GENE_COLUMNS, VALUE_COLUMNS),
        read_gene_table,
    ),
    Format(
        "gistic-matrix",
        (
            "GISTIC-style gene × sample matrix of -2..2 (Hugo_Symbol or Gene Symbol, "
            "optional Entrez_Gene_Id/Locus ID/Cytoband): cBioPortal data_cna_discrete.txt, OncoKB example_cna.txt"
        ),
        (("hugo_symbol", "gene_symbol"),),
        read_matrix,
    ),
    Format(
        "cna-long",
        (
            "long discrete CNA table: Tumor_Sample_Barcode or Sample_Id, Hugo_Symbol, "
            "Copy_Number_Alteration or Value (cBioPortal long form, OncoKB individual CNA)"
        ),
        (
            ("tumor_sample_barcode", "sample_id"),
            ("hugo_symbol", "gene_symbol", "gene"),
            ("copy_number_alteration", "value"),
        ),
        read_cna_long,
    ),
    Format(
        "pcgr-segments",
        "PCGR allele-specific segments: Chromosome, Start, End, nMajor, nMinor (copy number = nMajor + nMinor)",
        (*_SEGMENT, ("nmajor",), ("nminor",)),
        read_pcgr,
    ),
    Format(
        "seg",
        (
            "SEG segments (DNAcopy, CNVkit export seg, cBioPortal, IGV): ID, chrom, loc.start, loc.end [, "
            "num.mark], seg.mean (log2); several samples per file"
        ),
        (
            ("id", "sample", "sample_id", "id_"),
            ("chrom", "chromosome", "chr"),
            ("loc.start", "start", "loc_start"),
            ("loc.end", "end", "loc_end"),
            ("seg.mean", "segment_mean", "seg_mean"),
        ),
        _seg("read_seg"),
    ),
    Format(
        "gatk-seg",
        (
            "GATK ModelSegments / CallCopyRatioSegments .seg: '@' header, CONTIG, START, END, "
            "MEAN_LOG2_COPY_RATIO or LOG2_COPY_RATIO_POSTERIOR_50 [, CALL]"
        ),
        (("contig",), ("start",), ("end",), ("mean_log2_copy_ratio", "log2_copy_ratio_posterior_50")),
        _seg("read_gatk_seg"),
    ),
    Format(
        "vcf",
        "VCF records with FORMAT/INFO CN, SVTYPE=DUP|AMP|CNV or ALT <DUP>/<AMP>/<CNV> (CNVkit export, Oncomine)",
        (),
        None,
    ),
)

BY_ID: dict[str, Format] = {f.id: f for f in REGISTRY}
FORMATS: dict[str, str] = {f.id: f.description for f in REGISTRY}
"""format id → description, in the order the README's format table and error messages list them"""
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {f.id: f.required for f in REGISTRY if f.required}
