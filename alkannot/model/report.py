"""One sample's report and its provenance (tool, knowledge base, inputs), with the references, level
and region definitions it carries so that a saved report renders on its own."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .alterations import Alteration, OtherVariant, OtherVariantCount
from .base import SCHEMA_VERSION, Build, _new_list, _Record
from .clinical import ClinicalContext, ClinicalFinding
from .therapy import AlkDriverStatus, AssessedClass, Recommendation, ResistanceSetting, TherapyCall
from .warning import ReportWarning


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
    """The name of a kinase-domain region an alteration of the report lies in ('r_spine' → 'regulatory spine (R-spine)')."""  # noqa: E501  the schema's description

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
        description="the sample the report is about: the clinical file's sample_id when it names one, "
        "else the sample the data name",
    )
    data_sample_id: str | None = Field(
        default=None,
        description="the sample the data inputs name (the one chosen in them, or the `sample` option); "
        "each input's own is inputs[].sample. "
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
            "records read and not listed, counted per gene and reason: "
            "deep-intronic variants set aside (the reason states the margin), "
            "records assessed and not detected in the sample (hom-ref or no-call genotype), "
            "records not read (FILTER, malformed)"
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
        description="UTC time of the run (ISO 8601), only with --timestamp; "
        "absent otherwise so that reports are byte-identical",
    )
    report_date: str | None = Field(
        None, description="date the report is issued (YYYY-MM-DD): --report-date, or the UTC day of --timestamp"
    )
    report_id: str | None = Field(
        None,
        description="identifier derived from the report's content and date (alkannot.report.identity): "
        "same inputs, knowledge base and date give the same id",
    )
    disclaimer: str = (
        "Decision support: this report states published evidence for the alterations found; "
        "it does not prescribe treatment."
    )
