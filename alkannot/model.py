"""Records that cross module boundaries: observations (what a file says), alterations (what it
means), therapy calls and the report. One definition each, used by readers, classifiers, the
interpreter and the writers alike. Field names follow the report contract in ARCHITECTURE.md."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from .warning_codes import WarningCode

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


def _new_list() -> list[Any]:
    """The default of list fields. A Python function, not the builtin `list`: pydantic reads a default
    factory's signature when it builds a model (does the factory take the validated data?), and for a
    builtin that means parsing its text signature, ~0.1 ms a field: 3 ms of a single-sample run."""
    return []


class _Record(BaseModel):
    """Strict records: an unknown field is a programming error, not data to keep."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


# ---------------------------------------------------------------- observations


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
        description="e.g. cnvkit-cns, cnvkit-cnr, purple-gene, purple-somatic, clincnv, gene-table, gistic-matrix, cna-long, vcf"
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
        description="arriba, star-fusion, fusioncatcher, jaffa, pbfusion, fusionseeker, flair-fusion, longgf, linx, generic, notation, oncomine, tso500, sv-vcf"
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


class AlkStatus(_Record):
    """The ALK test result the clinical file states (IHC, FISH, NGS or RT-PCR)."""

    result: Literal["positive", "negative", "equivocal"]
    method: Literal["IHC", "FISH", "NGS", "RT-PCR"] | None = None


class MetIhc(_Record):
    """MET immunohistochemistry: staining intensity score and the percent of tumour cells at it."""

    score: Literal["0", "1+", "2+", "3+"]
    percent: float | None = Field(None, ge=0, le=100, description="percent of tumour cells stained at that intensity")


class PdL1Ihc(_Record):
    """PD-L1 immunohistochemistry: the tumour proportion score."""

    tps: float = Field(ge=0, le=100, description="tumour proportion score, %")


class Ihc(_Record):
    """Immunohistochemistry results the clinical file gives (keys `MET` and `PD-L1`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True, defer_build=True)

    MET: MetIhc | None = None
    PD_L1: PdL1Ihc | None = Field(None, alias="PD-L1")


class Treatment(_Record):
    """One course of treatment from the clinical file, drug names resolved to the international name."""

    drug: str = Field(description="international name, aliases resolved")
    drug_as_given: str | None = None
    line: int | None = Field(None, ge=1)
    start: str | None = Field(None, description="YYYY-MM or YYYY-MM-DD")
    end: str | None = None
    stop_reason: Literal["progression", "toxicity", "other", "ongoing"] | None = None


class ClinicalContext(_Record):
    """The patient's context as the clinical file states it (every key optional)."""

    patient_id: str | None = None
    sample_id: str | None = None
    specimen: Literal["tissue", "plasma", "cytology"] | None = None
    tumor_fraction: float | None = Field(None, ge=0, le=1)
    alk_status: AlkStatus | None = None
    histology: Literal["adenocarcinoma", "squamous_transformation", "small_cell_transformation", "other"] | None = None
    ihc: Ihc | None = None
    treatments: list[Treatment] = Field(default_factory=_new_list)


class ClinicalFinding(_Record):
    """A finding read from the clinical context (IHC category …) that the interpreter can use."""

    code: str = Field(description="e.g. met_overexpression, pdl1_tps_category")
    label: str
    value: str
    rule: str | None = None
    citations: list[str] = Field(default_factory=_new_list)


# ---------------------------------------------------------------- alterations


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
        description="the gene the records lie in; null when they are not placed on one (an SV record, a record without a position)"
    )
    reason: str
    count: int = Field(ge=1)


# ---------------------------------------------------------------- interpretation


class DrugHistory(_Record):
    """The patient's exposure to one drug, as the clinical context states it."""

    lines: list[int] = Field(
        default_factory=_new_list, description="treatment lines in which the drug was given, when numbered"
    )
    stop_reason: Literal["progression", "toxicity", "other", "ongoing"] | None = Field(
        None, description="how the most recent course ended"
    )
    most_recent: bool = Field(False, description="the last treatment before this sample")
    summary: str = Field(description="e.g. 'given in line 1 (2019-05 to 2022-11), stopped for progression'")


class TherapyCall(_Record):
    """The call for one drug (sensitive, intermediate, resistant, unknown or not applicable), the level
    of evidence, the alterations it rests on, the rationale and the citations."""

    drug: str
    call: Call
    level: str | None = None
    driven_by: list[str] = Field(default_factory=_new_list)
    rationale: str
    citations: list[str] = Field(default_factory=_new_list)
    status: Literal["established", "unconfirmed"] = Field(
        "established", description="unconfirmed when the limiting evidence rests on a source marked unconfirmed"
    )
    drug_kind: str | None = Field(None, description="the knowledge base's kind for the drug, e.g. alk_tki")
    history: DrugHistory | None = Field(None, description="when the clinical context says the drug was given")
    explains_progression: list[str] = Field(
        default_factory=_new_list,
        description="alterations reported resistant to this drug, when the patient progressed on it",
    )
    possible_limits: list[str] = Field(
        default_factory=_new_list,
        description="subclonal off-target alterations that may limit the drug without setting its call",
    )
    conventions: list[str] = Field(
        default_factory=_new_list,
        description="ids of the alkannot conventions (knowledgebase/conventions.yaml) the call rests on",
    )


class Recommendation(_Record):
    """An option the sources support, ranked by evidence level. Decision support: never an order."""

    rank: int
    option: str
    level: str | None = None
    rationale: str
    citations: list[str] = Field(default_factory=_new_list)
    rule: str = Field(description="id of the knowledge-base rule that produced the option")
    drugs: list[str] = Field(default_factory=_new_list, description="drugs the option names (international names)")
    driven_by: list[str] = Field(
        default_factory=_new_list, description="alteration ids or clinical finding codes behind the option"
    )
    status: Literal["established", "unconfirmed"] = "established"
    conventions: list[str] = Field(
        default_factory=_new_list,
        description="ids of the alkannot conventions (knowledgebase/conventions.yaml) the option or its rank rests on",
    )


class AlkDriverStatus(_Record):
    """Whether the ALK driver is established for this sample, and on what, which gates every ALK TKI call."""

    status: Literal["established", "not_assessed", "not_detected"] = Field(
        description=(
            "established: a driver fusion in the inputs or ALK positivity stated by the clinical context; not_assessed: no "
            "fusion input and no clinical statement (the calls assume ALK-positive disease); not_detected: a fusion input "
            "holds no ALK driver and nothing states ALK positivity (calls not applicable)"
        )
    )
    basis: str
    fusions: list[str] = Field(default_factory=_new_list, description="ids of the ALK driver fusions seen")
    conventions: list[str] = Field(
        default_factory=_new_list, description="ids of the alkannot conventions the status rests on"
    )


class AssessedClass(_Record):
    """Whether the inputs assessed one class of alteration: only an assessed class can be 'not found'."""

    alteration_class: Literal[
        "alk_kinase_domain_mutation", "alk_fusion", "bypass_small_variant", "copy_number", "histology"
    ]
    assessed: bool
    basis: str
    genes_not_assessed: list[str] = Field(
        default_factory=_new_list, description="genes of the class outside the panel design (--targets)"
    )


class ResistanceSetting(_Record):
    """Where the patient stands in the ALK TKI sequence when the sample was taken."""

    label: str = Field(description="e.g. 'after a second-generation ALK TKI (alectinib)'")
    last_alk_tki: str | None = None
    generation: int | None = None
    stop_reason: Literal["progression", "toxicity", "other", "ongoing"] | None = None
    prior_alk_tkis: list[str] = Field(default_factory=_new_list, description="in the order given")
    explained_by: list[str] = Field(
        default_factory=_new_list, description="alteration ids that explain progression on the last ALK TKI"
    )
    explanation: str | None = None


# ---------------------------------------------------------------- report


class ToolInfo(_Record):
    """The program that wrote the report."""

    name: str = "alkannot"
    version: str


class KnowledgeBaseInfo(_Record):
    """The knowledge base the calls come from: its version, release date and content hash."""

    version: str
    sha256: str
    release_date: str | None = None


class InputFile(_Record):
    """One input read for the report: its kind, path, format, SHA-256 and the sample read from it."""

    kind: Literal["vcf", "sv_vcf", "fusions", "cnv", "maf", "clinical", "bam", "targets"]
    path: str
    format: str
    sha256: str
    sample: str | None = Field(
        default=None, description="the sample this input names and was read for (a clinical file: its sample_id)"
    )


class ReportWarning(_Record):
    """A warning about the inputs or the result: a stable `code` for pipelines and a message for people."""

    code: WarningCode  # a registered code (alkannot/warning_codes.py); the JSON carries its string
    message: str


class Reference(_Record):
    """A source the report cites (by identifier or by name in its text), as a reader knows it: its
    short name (first author, journal and year), its citation line and its identifiers. Copied from the
    knowledge base when the report is made, so that a saved report renders without it."""

    key: str = Field(
        description="the knowledge base's reference key (e.g. LIN17), as the report's citations and texts name it"
    )
    label: str = Field(
        description="short name: first author, journal and year ('Lin et al., Cancer Discov 2017'), else an identifier"
    )
    citation: str = Field(description="the citation line (authors, title, journal, year)")
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    url: str | None = None


class LevelDefinition(_Record):
    """What an evidence level the report uses means, as the knowledge base defines it."""

    level: str
    definition: str


class RegionDefinition(_Record):
    """The name of a kinase-domain region an alteration of the report lies in ('r_spine' → 'regulatory spine (R-spine)')."""

    id: str
    label: str


class Report(_Record):
    """One sample's report: provenance (tool, knowledge base, inputs), the clinical context as read, the
    alterations found, the per-drug calls (`therapies`) and the ranked options (`recommendations`),
    with a plain-words `summary`, a `report_date` and a content-derived `report_id`; and the sources it
    cites and level definitions it uses, so that a saved report renders on its own (`alkannot render`).

    Returned by `alkannot.annotate()`; written by `render_json` (the shipped JSON Schema), `render_html`,
    `render_markdown`, `render_tsv`, `render_pdf` and `render_fhir`. Decision support, not a prescription."""

    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    knowledgebase: KnowledgeBaseInfo
    patient_id: str | None = None
    sample_id: str | None = Field(
        default=None,
        description="the sample the report is about: the clinical file's sample_id when it names one, else the sample the data name",
    )
    data_sample_id: str | None = Field(
        default=None,
        description="the sample the data inputs name (the one chosen in them, or --sample); each input's own is inputs[].sample. "
        "A data sample that does not fit the clinical sample_id is a sample_mismatch warning",
    )
    genome_build: Build | None = None
    build_evidence: str | None = Field(None, description="how the genome build was established")
    inputs: list[InputFile] = Field(default_factory=_new_list)
    context: ClinicalContext | None = Field(None, description="clinical context as read")
    clinical_findings: list[ClinicalFinding] = Field(default_factory=_new_list)
    warnings: list[ReportWarning] = Field(default_factory=_new_list)
    alterations: list[Alteration] = Field(default_factory=_new_list)
    other_variants: list[OtherVariant] = Field(default_factory=_new_list)
    other_variants_counted: list[OtherVariantCount] = Field(
        default_factory=_new_list,
        description=(
            "records read and not listed, counted per gene and reason: deep-intronic variants set aside (the reason states the margin), "
            "records assessed and not detected in the sample (hom-ref or no-call genotype), records not read (FILTER, malformed)"
        ),
    )
    summary: str | None = Field(
        None, description="one paragraph in plain words: what was found and what the evidence says"
    )
    assessed: list[AssessedClass] = Field(
        default_factory=_new_list, description="for each alteration class, whether the inputs assessed it"
    )
    alk_driver: AlkDriverStatus | None = None
    resistance_setting: ResistanceSetting | None = None
    therapies: list[TherapyCall] = Field(default_factory=_new_list)
    recommendations: list[Recommendation] = Field(default_factory=_new_list)
    references: list[Reference] = Field(
        default_factory=_new_list,
        description="the sources the report cites, by key: only those its citations or texts name",
    )
    level_definitions: list[LevelDefinition] = Field(
        default_factory=_new_list, description="the evidence levels the report uses, in the knowledge base's order"
    )
    region_definitions: list[RegionDefinition] = Field(
        default_factory=_new_list,
        description="the kinase-domain regions its alterations lie in, in the knowledge base's order",
    )
    generated_at: str | None = Field(
        None,
        description="UTC time of the run (ISO 8601), only with --timestamp; absent otherwise so that reports are byte-identical",
    )
    report_date: str | None = Field(
        None, description="date the report is issued (YYYY-MM-DD): --report-date, or the UTC day of --timestamp"
    )
    report_id: str | None = Field(
        None,
        description="identifier derived from the report's content and date (alkannot.report.identity): same inputs, knowledge base and date give the same id",
    )
    disclaimer: str = (
        "Decision support: this report states published evidence for the alterations found; "
        "it does not prescribe treatment."
    )


# ---------------------------------------------------------------- baseline → progression


class ReportRef(_Record):
    """One of the two compared reports, as `compare` read it."""

    path: str | None = None
    sample_id: str | None = None
    specimen: str | None = None
    knowledgebase_version: str
    inputs: list[str] = Field(default_factory=_new_list, description="input kinds the report was made from")


class AlterationChange(_Record):
    id: str = Field(description="the alteration's id, the identity both reports share")
    category: Category
    gene: str
    name: str
    status: Literal[
        "acquired", "persistent", "lost", "not_detected_in_plasma", "not_assessed", "not_assessed_at_baseline"
    ]
    baseline_vaf: float | None = None
    progression_vaf: float | None = None
    vaf_change: float | None = Field(None, description="progression minus baseline, when both are known")
    note: str | None = None


class ComparisonEvent(_Record):
    """What the change means, e.g. loss of the ALK driver fusion or a newly acquired compound mutation."""

    code: Literal[
        "alk_fusion_loss",
        "alk_fusion_not_detected_in_plasma",
        "acquired_compound_mutation",
        "acquired_resistance_mutation",
        "acquired_bypass",
        "acquired_transformation",
        "new_not_assessed_at_baseline",
    ]
    message: str
    alterations: list[str] = Field(default_factory=_new_list)


class Comparison(_Record):
    """Baseline → progression: which alterations were acquired, persisted or were lost."""

    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    patient_id: str | None = None
    baseline: ReportRef
    progression: ReportRef
    acquired: list[AlterationChange] = Field(default_factory=_new_list)
    persistent: list[AlterationChange] = Field(default_factory=_new_list)
    lost: list[AlterationChange] = Field(default_factory=_new_list)
    not_detected_in_plasma: list[AlterationChange] = Field(
        default_factory=_new_list, description="absent from a plasma progression sample: not evidence of loss"
    )
    not_assessed: list[AlterationChange] = Field(
        default_factory=_new_list, description="absent because the progression sample had no input of that kind"
    )
    not_assessed_at_baseline: list[AlterationChange] = Field(
        default_factory=_new_list,
        description="new at progression, of a class the baseline had no input for: not shown to be acquired",
    )
    events: list[ComparisonEvent] = Field(default_factory=_new_list)
    warnings: list[ReportWarning] = Field(default_factory=_new_list)


# ----------------------------------------------------------------------------- read-backed phasing
# The interface between the compound classifier, which asks whether two substitutions sit on one
# template, and the alignment reader that answers (readers/bam.py): classify depends on this, not on
# the reader.


@dataclass(frozen=True)
class Site:
    """One substitution to look for: 1-based position, reference and alternate base (+ strand)."""

    pos: int
    ref: str
    alt: str


@dataclass(frozen=True)
class PairCounts:
    both: int
    first_only: int
    second_only: int
    neither: int
    templates_covering_both: int
    reads_seen: int


class Phaser(Protocol):
    """Counts, per template (a read, or both mates of a pair), which alternate bases it carries at two sites."""

    def count(self, chrom: str, first: Site, second: Site) -> PairCounts: ...

    def close(self) -> None: ...
