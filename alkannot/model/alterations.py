"""Alterations: what the observations mean (a fusion, a kinase-domain or compound mutation, a bypass or
copy-number event), with what the knowledge base says about each; and the variants read and set aside."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .base import Call, Category, _new_list, _Record


class VariantDetail(_Record):
    """A small variant as the report states it: position, alleles, HGVS (g., c., p.), VAF and depth."""

    chrom: str
    pos: int
    ref: str
    alt: str
    transcript: str | None = Field(None, description="transcript the c. and p. notations refer to")
    exon: int | None = None
    hgvs_g: str | None = Field(
        None, description="None when the input gave no coordinates (a MAF row with only a protein change)"
    )
    hgvs_c: str | None = None
    hgvs_p: str | None = Field(None, description="three-letter HGVS protein notation, e.g. p.Gly1202Arg")
    protein_change: str | None = Field(None, description="one-letter short form, e.g. G1202R")
    reference_residue: str | None = Field(
        None,
        description="residue at the first changed codon, e.g. G1202; given even when the change itself cannot be named",
    )
    consequence: str
    splice_region: bool = False
    vaf: float | None = None
    depth: int | None = None
    alt_depth: int | None = None
    genotype: str | None = None
    phase_set: int | None = None
    filters: list[str] = Field(default_factory=_new_list)


class CopyNumberDetail(_Record):
    """How a copy-number finding was called, with the numbers behind it."""

    call: Literal["amplification", "gain"]
    copy_number: float | None = Field(None, description="absolute copy number (given, or derived from log2)")
    log2: float | None = None
    discrete: int | None = Field(None, description="GISTIC-style -2..2 when that is all the file gives")
    ploidy: float | None = None
    ratio_to_ploidy: float | None = None
    focal: bool | None = Field(
        None, description="segment no longer than the KB's focal limit; None for gene-level values"
    )
    segment: str | None = Field(None, description="chrom:start-end of the segment the gene lies in")
    rule: str = Field(description="the thresholds applied, from the knowledge base")
    source_format: str


class Evidence(_Record):
    """What the knowledge base says about one alteration for one drug."""

    drug: str | None = None
    call: Call | None = None
    level: str | None = None
    citations: list[str] = Field(default_factory=_new_list)
    note: str | None = None
    status: Literal["established", "unconfirmed"] = "established"


class PhaseEvidence(_Record):
    """How the phase of a compound's members was decided, with the counts behind it."""

    method: Literal["same_vcf_record", "vcf_phase_set", "vcf_pgt_pid", "read_backed", "none"]
    summary: str
    rule: str | None = None
    reads_both: int | None = Field(None, description="reads or pairs carrying both alternate alleles")
    reads_first_only: int | None = None
    reads_second_only: int | None = None
    reads_neither: int | None = None
    distance: int | None = Field(None, description="bases between the two changes")
    hints: list[str] = Field(default_factory=_new_list, description="VAF-based hints: stated as hints, never as proof")


class FusionBreakpoint(_Record):
    """One side of a reported fusion, placed on the embedded exon model of the report's build."""

    gene: str | None = None
    chrom: str
    pos: int
    transcript: str | None = None
    exon: str | None = Field(None, description="exon the junction uses on this side, e.g. '13', '6b', '20'")
    location: str | None = Field(
        None, description="exon_edge, intron, exon (inside, not at a splice site), upstream, downstream, outside_model"
    )
    offset: int | None = Field(None, description="bases between the position and the exon edge used (0 = at the edge)")


class FusionDetail(_Record):
    """The `fusion` object of the report contract, plus how each value was reached."""

    five_prime_gene: str = Field(description="HGNC symbol of the 5' partner, or 'intergenic' / 'unknown partner'")
    three_prime_gene: str
    five_prime_exon: str | None = None
    three_prime_exon: str | None = None
    junction: str | None = Field(None, description="exon junction, e.g. 'E13;A20'")
    variant: str | None = Field(None, description="EML4::ALK variant label as the knowledge base sources it, e.g. 'v1'")
    breakpoints: list[FusionBreakpoint] = Field(default_factory=_new_list)
    supporting_reads: int | None = Field(None, description="split + spanning reads (or the file's single count)")
    split_reads: int | None = None
    spanning_reads: int | None = None
    in_frame: bool | None = Field(
        None, description="from the exon phases when both models have a CDS, else as the caller states, else null"
    )
    frame_evidence: str | None = None
    role: Literal["driver", "reciprocal", "non_canonical", "out_of_frame", "low_support", "uncertain", "bypass"]
    role_reason: str
    orientation: str = Field(description="how the 5'/3' order was established")
    notation_given: str | None = Field(None, description="the fusion's name or notation as written in the input")
    exon_numbering_note: str | None = None
    caller: str | None = None
    caller_confidence: str | None = None
    dna_level: bool = False
    sources: list[str] = Field(
        default_factory=_new_list, description="file:line of every input record behind this fusion"
    )


class Alteration(_Record):
    """One finding of the report: an ALK fusion, kinase-domain or compound mutation, bypass event,
    co-alteration, transformation or fusion loss, with what the knowledge base says about it (`evidence`)."""

    id: str = Field(description="stable identity within the report, also used by therapies[].driven_by")
    category: Category
    gene: str
    name: str = Field(description="human label, e.g. 'ALK p.G1202R'")
    region: str | None = Field(None, description="structural region of the kinase domain, when known")
    kb_entry: str | None = Field(None, description="id of the knowledge-base entry that matched")
    variant: VariantDetail | None = None
    fusion: FusionDetail | None = Field(None, description="alk_fusion and fusion bypass alterations")
    members: list[str] | None = Field(None, description="compound: the member alterations' ids")
    phase: Literal["cis", "trans", "unknown"] | None = Field(
        None, description="compound: whether the members share one allele"
    )
    phase_evidence: PhaseEvidence | None = None
    copy_number: CopyNumberDetail | None = None
    compound_group: str | None = Field(None, description="compound: e.g. 'G1202R-based' or 'I1171-based'")
    evidence: list[Evidence] = Field(default_factory=_new_list)
    subclonal: bool = Field(
        False,
        description="an off-target finding far below the ALK findings' VAF or the tumour fraction (see `conventions`)",
    )
    caveats: list[str] = Field(
        default_factory=_new_list, description="limits on how far the finding can be read, e.g. a low plasma VAF"
    )
    conventions: list[str] = Field(
        default_factory=_new_list,
        description="ids of the alkannot conventions (knowledgebase/conventions.yaml) the labels rest on",
    )


class OtherVariant(_Record):
    """A variant that was read and deliberately not reported as a finding, with the reason."""

    gene: str
    chrom: str
    pos: int
    ref: str
    alt: str
    hgvs_c: str | None = None
    hgvs_p: str | None = None
    reference_residue: str | None = None
    reason: str


class OtherVariantCount(_Record):
    """Records read and not listed, counted per gene and reason: variants deep in an intron (a WGS VCF
    holds about a thousand in ALK alone), records assessed but not detected in the sample (a
    homozygous-reference or no-call genotype: panels write every hotspot they test), and records not
    read (failed FILTER, malformed), each reason saying which."""

    gene: str | None = Field(
        description="the gene the records lie in; null when they are not placed on one "
        "(an SV record, a record without a position)"
    )
    reason: str
    count: int = Field(ge=1)
