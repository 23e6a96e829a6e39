"""Observations: what an input file says (a VCF allele, a copy-number record, a fusion call), as the
readers return them. Readers fill what the format gives and interpret nothing."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .base import _new_list, _Record


class TranscriptAnnotation(_Record):
    """One transcript consequence written by an upstream annotator (VEP CSQ, SnpEff ANN)."""

    source: Literal["CSQ", "ANN", "MAF"]
    allele: str
    gene: str | None = None
    transcript: str | None = None
    consequence: str | None = None
    hgvs_c: str | None = None
    hgvs_p: str | None = None


class SmallVariant(_Record):
    """One ALT allele of one VCF record, for the chosen sample, as the file states it."""

    file: str
    line: int | None = Field(None, description="1-based line in a plain-text VCF, when known")
    chrom: str
    pos: int = Field(description="1-based position, as in the VCF")
    ref: str
    alt: str
    filters: list[str] = Field(default_factory=_new_list, description="FILTER values other than PASS")
    sample: str | None = None
    genotype: str | None = None
    phased: bool = False
    phase_set: int | None = None
    pgt: str | None = Field(None, description="physical-phasing genotype (GATK PGT)")
    pid: str | None = Field(None, description="physical-phasing id (GATK PID)")
    haplotype: int | None = Field(None, description="haplotype number from a caller's HP tag")
    vaf: float | None = None
    depth: int | None = None
    alt_depth: int | None = None
    normal_vaf: float | None = Field(None, description="VAF in the matched normal sample of a tumour/normal VCF")
    normal_alt_depth: int | None = None
    annotations: list[TranscriptAnnotation] = Field(default_factory=_new_list)


class CopyNumberCall(_Record):
    """One copy-number record as a file states it: a segment, or a gene-level value.

    Readers fill what the format gives and convert nothing biological; the classifier maps
    segments to genes and decides gain or amplification."""

    file: str
    line: int | None = None
    format: str = Field(
        description="e.g. cnvkit-cns, cnvkit-cnr, purple-gene, purple-somatic, clincnv, gene-table, gistic-matrix, "
        "cna-long, vcf"
    )
    sample: str | None = None
    gene: str | None = Field(None, description="gene symbol when the record is gene-level or names one gene")
    genes: list[str] = Field(default_factory=_new_list, description="genes a segment's own gene column lists")
    chrom: str | None = None
    start: int | None = Field(None, description="1-based first base")
    end: int | None = None
    copy_number: float | None = Field(None, description="absolute copy number, when the file gives it")
    copy_number_low: float | None = Field(
        None, description="lower confidence bound of the copy number the caller states (Ion Reporter CI 5%)"
    )
    copy_number_high: float | None = Field(None, description="upper confidence bound (Ion Reporter CI 95%)")
    log2: float | None = Field(None, description="log2 ratio against a diploid reference, when the file gives it")
    discrete: int | None = Field(None, description="GISTIC-style discrete call -2..2")
    call: str | None = Field(None, description="a caller's own label (AMP, Amplification, DUP …)")
    ploidy: float | None = Field(None, description="sample ploidy stated with the file (PURPLE purity.tsv …)")
    purity: float | None = None
    probes: int | None = None


class Breakpoint(_Record):
    """One side of a fusion as a file gives it: 1-based position on a contig as written ('2', 'chr2')."""

    chrom: str
    pos: int
    strand: Literal["+", "-"] | None = Field(
        None, description="transcript strand the caller gives for this side, when it does"
    )
    retained: Literal["left", "right"] | None = Field(
        None,
        description="DNA-level calls: which side of the position stays in the joined molecule (bases <= pos: left)",
    )


class FusionCall(_Record):
    """One fusion as a caller, a table or a free-text notation states it. Readers fill what the format
    gives and interpret nothing: partner, junction, orientation and role are decided by the classifier."""

    file: str
    line: int | None = Field(None, description="1-based line (first line of a VCF mate pair)")
    format: str = Field(
        description="arriba, star-fusion, fusioncatcher, jaffa, pbfusion, fusionseeker, flair-fusion, longgf, linx, "
        "generic, notation, oncomine, tso500, sv-vcf"
    )
    caller: str | None = Field(
        None, description="the program or table dialect, e.g. STAR-Fusion, CTAT-LR-Fusion, SOAPfuse columns"
    )
    sample: str | None = None
    name_as_given: str | None = Field(None, description="the fusion's name or notation exactly as written")
    five_prime_gene: str | None = Field(None, description="gene listed first (the 5' gene when `oriented`)")
    three_prime_gene: str | None = None
    oriented: bool = Field(True, description="False when the format does not say which gene is 5'")
    five_prime_breakpoint: Breakpoint | None = None
    three_prime_breakpoint: Breakpoint | None = None
    five_prime_exon_given: str | None = Field(
        None, description="exon as the notation or table gives it, e.g. '13', '6b'"
    )
    three_prime_exon_given: str | None = None
    variant_given: str | None = Field(None, description="a variant label written in the notation, e.g. 'v1'")
    split_reads: int | None = Field(None, description="reads spanning the junction")
    spanning_reads: int | None = Field(None, description="read pairs (fragments) bridging the junction")
    supporting_reads: int | None = Field(None, description="a single total when the format gives only one count")
    caller_confidence: str | None = Field(
        None, description="the caller's own grade, e.g. JAFFA LowConfidence, Arriba low"
    )
    caller_frame: str | None = Field(None, description="the caller's own reading-frame statement, as written")
    dna_level: bool = Field(False, description="a genomic (SV) breakpoint rather than an RNA splice junction")
