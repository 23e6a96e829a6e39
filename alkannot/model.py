"""Records that cross module boundaries: observations (what a file says), alterations (what it
means), therapy calls and the report. One definition each, used by readers, classifiers, the
interpreter and the writers alike. Field names follow the report contract in ARCHITECTURE.md."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Build = Literal["GRCh37", "GRCh38"]
Call = Literal["sensitive", "intermediate", "resistant", "unknown", "not_applicable"]
Category = Literal[
    "alk_fusion",
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "co_alteration",
    "histologic_transformation",
    "alk_fusion_loss",
    "vus",
]


class _Record(BaseModel):
    """Strict records: an unknown field is a programming error, not data to keep."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- observations


class TranscriptAnnotation(_Record):
    """One transcript consequence written by an upstream annotator (VEP CSQ, SnpEff ANN)."""

    source: Literal["CSQ", "ANN"]
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
    filters: list[str] = Field(default_factory=list, description="FILTER values other than PASS")
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
    annotations: list[TranscriptAnnotation] = Field(default_factory=list)


# ---------------------------------------------------------------- alterations


class VariantDetail(_Record):
    chrom: str
    pos: int
    ref: str
    alt: str
    transcript: str | None = Field(None, description="transcript the c. and p. notations refer to")
    exon: int | None = None
    hgvs_g: str
    hgvs_c: str | None = None
    hgvs_p: str | None = Field(None, description="three-letter HGVS protein notation, e.g. p.Gly1202Arg")
    protein_change: str | None = Field(None, description="one-letter short form, e.g. G1202R")
    reference_residue: str | None = Field(None, description="residue at the first changed codon, e.g. G1202; given even when the change itself cannot be named")
    consequence: str
    splice_region: bool = False
    vaf: float | None = None
    depth: int | None = None
    alt_depth: int | None = None
    genotype: str | None = None
    phase_set: int | None = None
    filters: list[str] = Field(default_factory=list)


class Evidence(_Record):
    """What the knowledge base says about one alteration for one drug."""

    drug: str | None = None
    call: Call | None = None
    level: str | None = None
    citations: list[str] = Field(default_factory=list)
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
    hints: list[str] = Field(default_factory=list, description="VAF-based hints: stated as hints, never as proof")


class Alteration(_Record):
    id: str = Field(description="stable identity within the report, also used by therapies[].driven_by")
    category: Category
    gene: str
    name: str = Field(description="human label, e.g. 'ALK p.G1202R'")
    region: str | None = Field(None, description="structural region of the kinase domain, when known")
    kb_entry: str | None = Field(None, description="id of the knowledge-base entry that matched")
    variant: VariantDetail | None = None
    members: list[str] | None = Field(None, description="compound: the member alterations' ids")
    phase: Literal["cis", "trans", "unknown"] | None = Field(None, description="compound: whether the members share one allele")
    phase_evidence: PhaseEvidence | None = None
    compound_group: str | None = Field(None, description="compound: e.g. 'G1202R-based' or 'I1171-based'")
    evidence: list[Evidence] = Field(default_factory=list)


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


# ---------------------------------------------------------------- interpretation


class TherapyCall(_Record):
    drug: str
    call: Call
    level: str | None = None
    driven_by: list[str] = Field(default_factory=list)
    rationale: str
    citations: list[str] = Field(default_factory=list)


class Recommendation(_Record):
    rank: int
    option: str
    level: str | None = None
    rationale: str
    citations: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- report


class ToolInfo(_Record):
    name: str = "alkannot"
    version: str


class KnowledgeBaseInfo(_Record):
    version: str
    sha256: str
    release_date: str | None = None


class InputFile(_Record):
    kind: Literal["vcf", "sv_vcf", "fusions", "cnv", "maf", "clinical", "bam"]
    path: str
    format: str
    sha256: str
    sample: str | None = None


class ReportWarning(_Record):
    code: str
    message: str


class Report(_Record):
    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    knowledgebase: KnowledgeBaseInfo
    patient_id: str | None = None
    sample_id: str | None = None
    genome_build: Build | None = None
    build_evidence: str | None = Field(None, description="how the genome build was established")
    inputs: list[InputFile] = Field(default_factory=list)
    context: dict[str, object] | None = Field(None, description="clinical context as read")
    warnings: list[ReportWarning] = Field(default_factory=list)
    alterations: list[Alteration] = Field(default_factory=list)
    other_variants: list[OtherVariant] = Field(default_factory=list)
    therapies: list[TherapyCall] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    disclaimer: str = (
        "Decision support: this report states published evidence for the alterations found; "
        "it does not prescribe treatment."
    )
