"""Models of the off-target files: bypass.yaml (copy-number rules and tiers, mechanisms and their
strategies, clinical IHC rules, exon skipping), hotspots.yaml and recommendations.yaml (the situations
the interpreter recognises and the options the sources describe for them)."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .models import EvidenceItem, KBRecord


class CopyNumberTier(KBRecord):
    """A named level of copy number (e.g. MET high-level amplification) with the source that defines it."""

    tier: Literal["high_level_amplification", "amplification", "gain"]
    min_cn: float
    min_ratio: float | None = Field(None, description="copy number / ploidy also needed when ploidy is known")
    status: Literal["established", "unconfirmed", "convention"] = "established"
    citations: list[str] = Field(min_length=1)
    statement: str = Field(description="where the threshold comes from, in the curator's words")


class AmplificationRule(KBRecord):
    gene: str = Field(description="gene symbol, or '*' for the default")
    amplification_cn: float
    gain_cn: float
    amplification_ratio: float | None = Field(
        None, description="copy number / ploidy at or above which a gain is an amplification"
    )
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    tiers: list[CopyNumberTier] = Field(default_factory=list, description="named tiers, highest first")

    def tier_of(self, cn: float | None, ratio: float | None = None) -> CopyNumberTier | None:
        """The highest tier a copy number (and, when ploidy is known, its ratio to ploidy) reaches."""
        if cn is None:
            return None
        for t in self.tiers:
            if cn >= t.min_cn and (ratio is None or t.min_ratio is None or ratio >= t.min_ratio):
                return t
        return None


class Strategy(KBRecord):
    option: str
    drugs: list[str] = Field(default_factory=list)
    level: str | None = Field(description="None when no level of the scale fits the evidence; the note says why")
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    tiers: list[str] = Field(
        default_factory=list, description="copy-number tiers the strategy is reported for (empty: any)"
    )
    note: str | None = None


class Mechanism(KBRecord):
    """An off-target mechanism, co-alteration or transformation, and what the sources suggest for it."""

    id: str
    gene: str | None = None
    kind: Literal["small_variant", "amplification", "fusion", "transformation"]
    category: Literal["bypass", "co_alteration", "histologic_transformation", "alk_dependent"] = Field(
        description="alk_dependent: an on-target mechanism other than a kinase-domain mutation (e.g. ALK amplification)"
    )
    changes: list[str] = Field(
        default_factory=list,
        description=(
            "protein changes, 'G12*' patterns, or classes: truncating, nonsynonymous, exon19_deletion, and the "
            "exon-skipping classes bypass.exon_skipping defines (exon14_skipping)"
        ),
    )
    mechanism: str
    limits_alk_tkis: bool = Field(description="ALK-independent: limits every ALK-only drug")
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list, description="what the sources say of the mechanism")
    strategies: list[Strategy] = Field(default_factory=list)


class MetIhcRule(KBRecord):
    min_score: Literal["1+", "2+", "3+"]
    min_percent: float
    percent_inclusive: bool = Field(True, description="False: strictly more than min_percent of tumour cells")
    note: str | None = None
    drugs: list[str] = Field(default_factory=list, description="drugs whose calls carry the note (noted, not counted)")
    citations: list[str] = Field(min_length=1)


class TpsCategory(KBRecord):
    label: str
    min: float
    max: float


class ClinicalRules(KBRecord):
    met_overexpression: MetIhcRule
    pdl1_categories: list[TpsCategory]
    pdl1_citations: list[str] = Field(min_length=1)


class ExonSkippingRule(KBRecord):
    """Which small variants count as skipping an exon: those touching its splice regions (a tool
    convention kept as data, not a clinical fact)."""

    change_class: str = Field(description="the mechanism change class this rule defines, e.g. exon14_skipping")
    gene: str
    transcript: str = Field(description="RefSeq accession of the model in transcript_models the exon is numbered on")
    exon: int = Field(ge=1)
    exon_bases: int = Field(ge=0, description="exonic bases at each exon edge that belong to the splice region")
    intron_bases: int = Field(ge=0, description="intronic bases beyond each exon edge that belong to the splice region")
    status: Literal["convention"]
    basis: str


class Bypass(KBRecord):
    germline_normal_min_vaf: float = Field(
        0.1, description="convention: a variant at this VAF in the matched normal is germline"
    )
    germline_normal_min_reads: int = Field(2, description="convention: and with at least this many alt reads there")
    copy_number: list[AmplificationRule]
    focal_max_length: int = Field(description="convention: segments up to this length are focal")
    gain_above_ploidy: float = Field(
        1.0, description="convention: copies above the sample's ploidy (2 when unknown) that make a gain"
    )
    mechanisms: list[Mechanism]
    clinical: ClinicalRules
    transcript_models: str | None = Field(
        None, description="exon models and coding sequences of the bypass and co-alteration genes under transcripts/"
    )
    exon_skipping: list[ExonSkippingRule] = Field(default_factory=list)


Situation = Literal[
    "alk_resistance_mutation",
    "no_alk_mutation_after_second_generation",
    "bypass_mechanism",
    "pdl1_positive_after_alk_tki_resistance",
    "histologic_transformation",
    "plasma_without_findings",
    "no_approved_alk_tki_active",
    "met_overexpression_without_copy_number",
]


class RecommendationOption(KBRecord):
    option: str
    drugs: list[str] = Field(default_factory=list)
    level: str | None = Field(
        None,
        description=(
            "None for a diagnostic step, or when no level of the scale fits the evidence (the rule's evidence says why)"
        ),
    )
    status: Literal["established", "unconfirmed"] = "established"


class SettingRationale(KBRecord):
    """A rationale quoted only in the setting its source studied (after an ALK TKI of this generation)."""

    after_generation: int = Field(ge=1)
    rationale: str
    citations: list[str] = Field(min_length=1)


class RecommendationRule(KBRecord):
    """A situation the interpreter recognises, and the options the sources describe for it."""

    id: str
    when: Situation
    rationale: str
    citations: list[str] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    options: list[RecommendationOption] = Field(
        default_factory=list, description="fixed options; rules over calls or mechanisms draw theirs from those"
    )
    by_setting: list[SettingRationale] = Field(
        default_factory=list, description="rationales quoted only in their source's setting"
    )


class ApprovalBaseline(KBRecord):
    call: Literal["sensitive"]
    level: str
    status: Literal["established", "unconfirmed"]
    note: str


class BypassLimit(KBRecord):
    call: Literal["resistant", "intermediate"]
    level: str
    level_without_clinical: str | None = Field(
        None,
        description=(
            "the level instead, when the mechanism's evidence items are all non-clinical (e.g. only a review table)"
        ),
    )
    status: Literal["convention"]
    basis: str

    def level_for(self, mechanism: Mechanism | None) -> str:
        """R2 needs clinical evidence: a mechanism whose stated evidence is all preclinical or from a
        review limits a drug at `level_without_clinical`."""
        if (
            mechanism is not None
            and mechanism.evidence
            and self.level_without_clinical
            and not any(e.evidence_type == "clinical" for e in mechanism.evidence)
        ):
            return self.level_without_clinical
        return self.level


class Recommendations(KBRecord):
    approval_baseline: ApprovalBaseline
    bypass_limit: BypassLimit
    rules: list[RecommendationRule]


class Hotspots(KBRecord):
    """Allele-level bypass hotspots in both builds, and the spans of the genes read for bypass variants."""

    rows: list[tuple[str, str, int, str, str, str, str]] = Field(
        description="[build, chrom, pos, ref, alt, gene, change]"
    )
    gene_spans: dict[str, dict[str, tuple[str, int, int]]]
