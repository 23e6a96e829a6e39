"""The versioned knowledge base: pydantic models for its YAML files, loading, validation and look-ups.

Every fact the classifier and interpreter use (drugs and aliases, kinase-domain bounds, structural
regions, per-drug calls with evidence level and citations) lives in `knowledgebase/` as data; this
module only reads and checks it. YAML is read with `safe_load` semantics only (no Python tags)."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

import hashlib
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import KnowledgeBaseError

KB_FILES = ("kb.yaml", "drugs.yaml", "references.yaml", "definitions.yaml", "mutations.yaml", "compounds.yaml", "bypass.yaml", "fusions.yaml",
            "hotspots.yaml", "recommendations.yaml", "conventions.yaml", "uncurated_resistance.yaml")
# the conventions the interpreter applies (conventions.yaml must define each; those with a number need one)
CONVENTIONS_USED = {"assumed_alk_positive": False, "subclonal_vaf_ratio": True, "plasma_tumour_fraction_min": True,
                    "plasma_vaf_caveat": True, "progression_rule": False, "uncurated_compound": False,
                    "compound_arose_on_drug": False, "ranking": False, "bypass_limit": False}
LEVELS = ("1", "2", "3A", "3B", "4", "R1", "R2", "preclinical")
SENSITIVITY_LEVELS = {"1", "2", "3A", "3B", "4"}
RESISTANCE_LEVELS = {"R1", "R2", "preclinical"}
"""'preclinical' is alkannot's label for resistance shown only in models or a review table, to which
OncoKB's current scale gives no level (definitions.yaml says which evidence types each level needs)."""
EVIDENCE_TYPES = ("clinical", "preclinical", "review", "guideline", "approval")
EvidenceType = Literal["clinical", "preclinical", "review", "guideline", "approval"]
ReadAs = Literal["full_text", "abstract", "table", "title", "secondary", "not_read"]
READ = {"full_text", "abstract", "table", "title"}
"""what counts as having read a source (a secondary summary or nothing does not)"""
AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
PROTEIN_CHANGE = re.compile(
    rf"^(?P<ref>[{AMINO_ACIDS}])(?P<pos>\d+)"
    rf"(?:(?P<alt>[{AMINO_ACIDS}*])|(?P<kind>dup|del)|_(?P<ref2>[{AMINO_ACIDS}])(?P<pos2>\d+)ins(?P<ins>[{AMINO_ACIDS}]+))$"
)
PMID = re.compile(r"^\d{1,9}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class _KBRecord(BaseModel):
    # defer_build: a KB read from the compiled cache is never validated again, so the validators
    # are only built when a YAML file is (load on a cache miss, `kb validate`, `schema kb`)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Reference(_KBRecord):
    """A published source. At least one of `pmid` and `doi`; `citation` is the human-readable line."""

    citation: str
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = Field(None, description="only when no PMID/DOI is known; facts resting on it alone are unconfirmed")
    url: str | None = None
    note: str | None = None
    read: ReadAs = Field("not_read", description=(
        "what of the source a curator read: full_text, abstract, table (the table the statements quote) or "
        "title count as read; secondary (only a summary by someone else) and not_read do not. A call citing a "
        "read source must carry a statement from it; a call whose sources are all unread is unconfirmed"))

    @property
    def is_read(self) -> bool:
        return self.read in READ

    def identifiers(self) -> list[str]:
        ids = []
        if self.pmid:
            ids.append(f"PMID:{self.pmid}")
        if self.doi:
            ids.append(f"DOI:{self.doi}")
        if self.pmcid and not ids:
            ids.append(f"PMCID:{self.pmcid}")
        if self.url and not ids:
            ids.append(self.url)
        return ids

    @property
    def citable(self) -> bool:
        return bool(self.pmid or self.doi)


class EvidenceItem(_KBRecord):
    """What one source reports, in the curator's words, with the place it comes from (a table, a
    figure, a sentence of the abstract): the unit CIViC calls an evidence item."""

    source: str = Field(description="reference key (references.yaml); one of the call's citations")
    evidence_type: EvidenceType = Field(description="clinical, preclinical, review, guideline or approval")
    statement: str = Field(min_length=1, description="what the source reports and where, in the curator's words")


class Trial(_KBRecord):
    """A named trial of an investigational drug and what the sources read report of it."""

    name: str
    identifier: str | None = Field(None, description="registry id, when a source read gives one")
    phase: str | None = None
    setting: str = Field(description="who the trial enrols")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Drug(_KBRecord):
    id: str = Field(description="lower-case international non-proprietary name")
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["alk_tki", "other"]
    generation: int | None = Field(None, description="ALK TKI generation, where sources name one")
    status: Literal["approved", "investigational"]
    status_note: str | None = Field(None, description="what the sources read say of the drug's development or approval status")
    targets: list[str] = Field(default_factory=list)
    citations: list[str] = Field(min_length=1)
    trials: list[Trial] = Field(default_factory=list)


class Region(_KBRecord):
    id: str
    label: str
    residues: list[int] = Field(min_length=1)
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)


class KinaseDomain(_KBRecord):
    gene: str
    start: int
    end: int
    citations: list[str] = Field(min_length=1)


class EvidenceLevel(_KBRecord):
    level: str
    definition: str
    evidence_types: list[EvidenceType] = Field(default_factory=list, description=(
        "the evidence types that can support this level; a call at this level needs an item of one of them"))


class Definitions(_KBRecord):
    transcripts: dict[str, str] = Field(description="gene → transcript model file under transcripts/")
    kinase_domain: KinaseDomain
    regions: list[Region] = Field(default_factory=list)
    evidence_levels: list[EvidenceLevel]
    level_policy: str = Field(description="how alkannot's curators map a source to a level")
    evidence_scale_citations: list[str] = Field(min_length=1)


class DrugCall(_KBRecord):
    drug: str
    call: Literal["sensitive", "intermediate", "resistant"]
    level: str
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list, description=(
        "one item per cited source: its statement and evidence type (required for every read source)"))
    note: str | None = None
    status: Literal["established", "unconfirmed"] = "established"


class MutationEntry(_KBRecord):
    id: str
    gene: str = "ALK"
    change: str = Field(description="one-letter protein change, e.g. G1202R")
    region: str | None = None
    summary: str | None = None
    citations: list[str] = Field(default_factory=list, description="sources for the mutation itself (e.g. when no drug profile is sourced)")
    evidence: list[EvidenceItem] = Field(default_factory=list, description="what the sources say of the mutation itself")
    status: Literal["established", "unconfirmed"] = "established"
    investigational_agents: list[str] = Field(default_factory=list, description=(
        "investigational drugs a source names as designed for or active on this mutation (a trial pointer, not a call)"))
    calls: list[DrugCall] = Field(default_factory=list)

    @field_validator("change")
    @classmethod
    def _well_formed(cls, value: str) -> str:
        if not PROTEIN_CHANGE.match(value):
            raise ValueError(f"malformed protein change {value!r} (expected e.g. G1202R, T1151dup)")
        return value

    @property
    def residue(self) -> int:
        match = PROTEIN_CHANGE.match(self.change)
        assert match
        return int(match["pos"])


class CompoundGroup(_KBRecord):
    """A family of compound mutations sharing an anchor residue (e.g. G1202R-based, I1171-based)."""

    id: str
    label: str
    residue: int
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    investigational_agents: list[str] = Field(default_factory=list, description="agents a source names as designed for this family")
    calls: list[DrugCall] = Field(default_factory=list, description=(
        "calls the sources make for the family as a whole, for a compound of the family that has no entry of its own"))
    note: str | None = None


class CompoundEntry(_KBRecord):
    """Two ALK mutations on one allele, whose behaviour can differ from either member's."""

    id: str
    gene: str = "ALK"
    members: list[str] = Field(min_length=2)
    context: str | None = Field(None, description="model or disease the evidence comes from, when not ALK+ NSCLC patients")
    summary: str | None = None
    citations: list[str] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list, description="what the sources say of the compound itself")
    calls: list[DrugCall] = Field(default_factory=list)

    @field_validator("members")
    @classmethod
    def _members_well_formed(cls, value: list[str]) -> list[str]:
        for change in value:
            if not PROTEIN_CHANGE.match(change):
                raise ValueError(f"malformed protein change {change!r} (expected e.g. G1202R)")
        return value

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.members)


class PhasingRule(_KBRecord):
    """Read-backed phasing floors: tool conventions (not clinical facts), kept as data so a lab can tune them."""

    min_reads: int = Field(2, ge=1, description="reads or pairs needed to call cis (both changes) or trans (each alone)")
    trans_noise_reads: int = Field(1, ge=0, description="reads with both changes tolerated as error when calling trans")
    trans_noise_floor: int = Field(20, ge=0, description="single-change reads needed before that tolerance applies")
    min_mapping_quality: int = Field(20, ge=0)
    min_base_quality: int = Field(20, ge=0)
    short_read_span: int = Field(1000, ge=1, description="bases beyond which no short read or pair is expected to span two changes")
    status: Literal["convention"] = "convention"


class Compounds(_KBRecord):
    phasing: PhasingRule = Field(default_factory=PhasingRule)
    groups: list[CompoundGroup] = Field(default_factory=list)
    entries: list[CompoundEntry] = Field(default_factory=list)


class CopyNumberTier(_KBRecord):
    """A named level of copy number (e.g. MET high-level amplification) with the source that defines it."""

    tier: Literal["high_level_amplification", "amplification", "gain"]
    min_cn: float
    min_ratio: float | None = Field(None, description="copy number / ploidy also needed when ploidy is known")
    status: Literal["established", "unconfirmed", "convention"] = "established"
    citations: list[str] = Field(min_length=1)
    statement: str = Field(description="where the threshold comes from, in the curator's words")


class AmplificationRule(_KBRecord):
    gene: str = Field(description="gene symbol, or '*' for the default")
    amplification_cn: float
    gain_cn: float
    amplification_ratio: float | None = Field(None, description="copy number / ploidy at or above which a gain is an amplification")
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


class Strategy(_KBRecord):
    option: str
    drugs: list[str] = Field(default_factory=list)
    level: str | None = Field(description="None when no level of the scale fits the evidence; the note says why")
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    tiers: list[str] = Field(default_factory=list, description="copy-number tiers the strategy is reported for (empty: any)")
    note: str | None = None


class Mechanism(_KBRecord):
    """An off-target mechanism, co-alteration or transformation, and what the sources suggest for it."""

    id: str
    gene: str | None = None
    kind: Literal["small_variant", "amplification", "fusion", "transformation"]
    category: Literal["bypass", "co_alteration", "histologic_transformation", "alk_dependent"] = Field(
        description="alk_dependent: an on-target mechanism other than a kinase-domain mutation (e.g. ALK amplification)")
    changes: list[str] = Field(default_factory=list, description="protein changes, 'G12*' patterns, or classes: truncating, nonsynonymous, exon19_deletion, and the exon-skipping classes bypass.exon_skipping defines (exon14_skipping)")
    mechanism: str
    limits_alk_tkis: bool = Field(description="ALK-independent: limits every ALK-only drug")
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list, description="what the sources say of the mechanism")
    strategies: list[Strategy] = Field(default_factory=list)


class MetIhcRule(_KBRecord):
    min_score: Literal["1+", "2+", "3+"]
    min_percent: float
    percent_inclusive: bool = Field(True, description="False: strictly more than min_percent of tumour cells")
    note: str | None = None
    drugs: list[str] = Field(default_factory=list, description="drugs whose calls carry the note (noted, not counted)")
    citations: list[str] = Field(min_length=1)


class TpsCategory(_KBRecord):
    label: str
    min: float
    max: float


class ClinicalRules(_KBRecord):
    met_overexpression: MetIhcRule
    pdl1_categories: list[TpsCategory]
    pdl1_citations: list[str] = Field(min_length=1)


class ExonSkippingRule(_KBRecord):
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


class Bypass(_KBRecord):
    germline_normal_min_vaf: float = Field(0.1, description="convention: a variant at this VAF in the matched normal is germline")
    germline_normal_min_reads: int = Field(2, description="convention: and with at least this many alt reads there")
    copy_number: list[AmplificationRule]
    focal_max_length: int = Field(description="convention: segments up to this length are focal")
    gain_above_ploidy: float = Field(1.0, description="convention: copies above the sample's ploidy (2 when unknown) that make a gain")
    mechanisms: list[Mechanism]
    clinical: ClinicalRules
    transcript_models: str | None = Field(None, description="exon models and coding sequences of the bypass and co-alteration genes under transcripts/")
    exon_skipping: list[ExonSkippingRule] = Field(default_factory=list)


Situation = Literal[
    "alk_resistance_mutation", "no_alk_mutation_after_second_generation", "bypass_mechanism",
    "pdl1_positive_after_alk_tki_resistance", "histologic_transformation", "plasma_without_findings",
    "no_approved_alk_tki_active", "met_overexpression_without_copy_number",
]


class RecommendationOption(_KBRecord):
    option: str
    drugs: list[str] = Field(default_factory=list)
    level: str | None = Field(None, description=(
        "None for a diagnostic step, or when no level of the scale fits the evidence (the rule's evidence says why)"))
    status: Literal["established", "unconfirmed"] = "established"


class SettingRationale(_KBRecord):
    """A rationale quoted only in the setting its source studied (after an ALK TKI of this generation)."""

    after_generation: int = Field(ge=1)
    rationale: str
    citations: list[str] = Field(min_length=1)


class RecommendationRule(_KBRecord):
    """A situation the interpreter recognises, and the options the sources describe for it."""

    id: str
    when: Situation
    rationale: str
    citations: list[str] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    options: list[RecommendationOption] = Field(
        default_factory=list, description="fixed options; rules over calls or mechanisms draw theirs from those")
    by_setting: list[SettingRationale] = Field(default_factory=list, description="rationales quoted only in their source's setting")


class ApprovalBaseline(_KBRecord):
    call: Literal["sensitive"]
    level: str
    status: Literal["established", "unconfirmed"]
    note: str


class BypassLimit(_KBRecord):
    call: Literal["resistant", "intermediate"]
    level: str
    level_without_clinical: str | None = Field(None, description=(
        "the level instead, when the mechanism's evidence items are all non-clinical (e.g. only a review table)"))
    status: Literal["convention"]
    basis: str

    def level_for(self, mechanism: Mechanism | None) -> str:
        """R2 needs clinical evidence: a mechanism whose stated evidence is all preclinical or from a
        review limits a drug at `level_without_clinical`."""
        if (mechanism is not None and mechanism.evidence and self.level_without_clinical
                and not any(e.evidence_type == "clinical" for e in mechanism.evidence)):
            return self.level_without_clinical
        return self.level


class Recommendations(_KBRecord):
    approval_baseline: ApprovalBaseline
    bypass_limit: BypassLimit
    rules: list[RecommendationRule]


JUNCTION = re.compile(r"^(?P<five>[A-Z])(?P<five_exon>\d+[ab]?)(?P<five_edit>(?:ins\d+|del\d+)*);"
                      r"(?P<three_edit>(?:ins\d+|del\d+)*)(?P<three>[A-Z])(?P<three_exon>\d+)$")
"""E<exon>;A<exon>, with the irregular junctions the IASLC atlas names: bases inserted or deleted at
either side, e.g. E14;del49A20 (49 bases of ALK exon 20 missing), E2;ins117A20, E15del19;del20A20."""


class CitedStatement(_KBRecord):
    summary: str
    citations: list[str] = Field(min_length=1)


class AlkKinaseExon(_KBRecord):
    """The ALK exon a canonical fusion starts at (exon 20 of NM_004304)."""

    exon: int
    transcript: str
    summary: str
    citations: list[str] = Field(min_length=1)


class ExonNumbering(_KBRecord):
    """Another numbering of the ALK exon a canonical fusion starts at (some panels call exon 20 'A21')."""

    given: int = Field(description="the exon number as the panel writes it")
    reads_as: int = Field(description="the exon of alk_kinase_exon.transcript it is read as")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    note: str
    citations: list[str] = Field(min_length=1)


class ConventionValue(_KBRecord):
    """A tool convention kept as data (a lab may tune it), never presented as a clinical fact."""

    value: int = Field(ge=1)
    status: Literal["convention"]
    basis: str


class FusionVariant(_KBRecord):
    """An EML4::ALK variant label keyed by its exon junction, as a source names it."""

    id: str
    junction: str = Field(description="EML4 exon ; ALK exon, e.g. E13;A20")
    label: str
    naming: Literal["general", "naming_dependent"] = Field("general", description="naming_dependent: the label means this junction only in the cited naming system")
    note: str | None = None
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)

    @field_validator("junction")
    @classmethod
    def _junction_well_formed(cls, value: str) -> str:
        if not JUNCTION.match(value):
            raise ValueError(f"malformed junction {value!r} (expected e.g. E13;A20, E14;del49A20, E2;ins117A20)")
        return value

    @property
    def five_prime_exon(self) -> str:
        match = JUNCTION.match(self.junction)
        assert match
        return match["five_exon"]

    @property
    def three_prime_exon(self) -> str:
        match = JUNCTION.match(self.junction)
        assert match
        return match["three_exon"]

    @property
    def irregular(self) -> bool:
        """Bases inserted or deleted at the junction: a reader's plain exon pair never names it."""
        match = JUNCTION.match(self.junction)
        return bool(match and (match["five_edit"] or match["three_edit"]))


class FusionPartner(_KBRecord):
    """What the sources say of PARTNER::ALK fusions (gene 'intergenic' for intergenic partners)."""

    gene: str
    locus: str | None = None
    summary: str
    calls: list[DrugCall] = Field(default_factory=list)
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)


class BypassGenes(_KBRecord):
    """Kinase genes whose fusions count as off-target findings, with the side that keeps the kinase."""

    status: Literal["convention"]
    basis: str
    genes: dict[str, Literal["5p", "3p"]]


class BypassFact(_KBRecord):
    gene: str
    summary: str
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)


class Fusions(_KBRecord):
    gene_models: str = Field(description="exon models of partner and bypass genes under transcripts/")
    naming: CitedStatement
    alk_kinase_exon: AlkKinaseExon
    alk_exon_numbering: list[ExonNumbering] = Field(default_factory=list)
    min_supporting_reads: ConventionValue
    min_supporting_reads_bypass: ConventionValue | None = Field(
        None, description="minimum support of a bypass fusion (default: min_supporting_reads)")
    breakpoint_edge_tolerance: ConventionValue | None = Field(
        None, description="bases a breakpoint may sit from an exon edge and be snapped to it (default 5)")
    eml4_alk_variants: list[FusionVariant]
    partners: list[FusionPartner] = Field(default_factory=list)
    bypass_genes: BypassGenes
    bypass_facts: list[BypassFact] = Field(default_factory=list)


class Hotspots(_KBRecord):
    """Allele-level bypass hotspots in both builds, and the spans of the genes read for bypass variants."""

    rows: list[tuple[str, str, int, str, str, str, str]] = Field(description="[build, chrom, pos, ref, alt, gene, change]")
    gene_spans: dict[str, dict[str, tuple[str, int, int]]]


class Convention(_KBRecord):
    """A rule or threshold of this tool (conventions.yaml), never presented as a clinical fact."""

    value: float | None = Field(None, ge=0, description="a fraction (not percent), or null for a rule without a number")
    status: Literal["convention"]
    basis: str


class UncuratedResistance(_KBRecord):
    """A resistance residue or mutation the sources name without a per-drug profile (uncurated_resistance.yaml):
    a change matching it is an ALK kinase-domain mutation whose drug calls are unknown."""

    id: str
    gene: str = "ALK"
    residue: str | None = Field(None, pattern=rf"^[{AMINO_ACIDS}]\d+$", description="any change at this residue, e.g. G1202")
    change: str | None = Field(None, description="one exact change, e.g. L1256F")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    citations: list[str] = Field(min_length=1)
    summary: str


class KBMeta(_KBRecord):
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    release_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    description: str


class KBFiles(_KBRecord):
    """The whole knowledge base as one document; its JSON Schema is what `alkannot schema kb` prints."""

    kb: KBMeta
    drugs: list[Drug]
    references: dict[str, Reference]
    definitions: Definitions
    mutations: list[MutationEntry]
    resistance_without_profile: list[MutationEntry] = Field(default_factory=list, description=(
        "mutations.yaml's second list: ALK changes the sources report as resistance mutations (or at a resistance "
        "residue) without a per-drug profile; every drug reads unknown for them, and they are never a VUS"))
    compounds: Compounds
    fusions: Fusions
    bypass: Bypass
    hotspots: Hotspots
    recommendations: Recommendations
    conventions: dict[str, Convention]
    uncurated_resistance: list[UncuratedResistance]


class KnowledgeBase:
    """A validated knowledge base with look-ups. Build it with `load_knowledgebase()`."""

    def __init__(self, path: Path, files: KBFiles, sha256: str, transcripts: dict[str, dict[str, Any]],
                 fusion_genes: dict[str, dict[str, Any]] | None = None, bypass_models: dict[str, dict[str, Any]] | None = None):
        self.path = path
        self.files = files
        self.sha256 = sha256
        self.transcripts = transcripts
        self.fusion_genes = fusion_genes or {}
        """gene → exon-model document from fusions.gene_models (transcripts/fusion_genes.yaml)"""
        self.bypass_models = bypass_models or {}
        """gene → transcript document from bypass.transcript_models (transcripts/bypass_genes.yaml)"""

    @property
    def version(self) -> str:
        return self.files.kb.version

    @property
    def release_date(self) -> str:
        return self.files.kb.release_date

    @property
    def definitions(self) -> Definitions:
        return self.files.definitions

    @cached_property
    def _drug_index(self) -> dict[str, Drug]:
        index: dict[str, Drug] = {}
        for drug in self.files.drugs:
            for name in (drug.id, drug.name, *drug.aliases):
                index[_norm_name(name)] = drug
        return index

    def drug(self, name: str) -> Drug | None:
        """The drug for an INN, brand or code name (aliases resolved), or None."""
        return self._drug_index.get(_norm_name(name))

    @cached_property
    def alk_tkis(self) -> list[Drug]:
        return [d for d in self.files.drugs if d.kind == "alk_tki"]

    @cached_property
    def _mutation_index(self) -> dict[tuple[str, str], MutationEntry]:
        """Entries with a per-drug profile and those without (resistance_without_profile): both are
        resistance mutations, never a VUS; the second kind has no calls, so every drug reads unknown."""
        return {(m.gene, m.change): m for m in (*self.files.resistance_without_profile, *self.files.mutations)}

    def without_profile(self, gene: str, change: str) -> MutationEntry | None:
        """The resistance_without_profile entry for a change, if the change is listed there."""
        return next((m for m in self.files.resistance_without_profile if (m.gene, m.change) == (gene, change)), None)

    def mutation(self, gene: str, change: str) -> MutationEntry | None:
        return self._mutation_index.get((gene, change))

    @cached_property
    def _compound_index(self) -> dict[tuple[str, frozenset[str]], CompoundEntry]:
        return {(c.gene, c.key): c for c in self.files.compounds.entries}

    def convention(self, key: str) -> Convention:
        return self.files.conventions[key]

    def uncurated_resistance(self, gene: str, change: str | None, residue: str | None) -> UncuratedResistance | None:
        """The entry naming this exact change, else one naming its residue (e.g. G1202 for G1202del)."""
        entries = [u for u in self.files.uncurated_resistance if u.gene == gene]
        return (next((u for u in entries if change and u.change == change), None)
                or next((u for u in entries if residue and u.residue == residue), None))

    def compound(self, gene: str, members: list[str]) -> CompoundEntry | None:
        return self._compound_index.get((gene, frozenset(members)))

    def compound_group(self, residues: list[int]) -> CompoundGroup | None:
        """The first group (in KB order) whose anchor residue is among the members'."""
        return next((g for g in self.files.compounds.groups if g.residue in residues), None)

    @cached_property
    def _fusion_variant_index(self) -> dict[str, FusionVariant]:
        return {v.junction: v for v in self.files.fusions.eml4_alk_variants}

    def fusion_variant(self, junction: str) -> FusionVariant | None:
        """The EML4::ALK variant entry for a junction such as 'E13;A20'."""
        return self._fusion_variant_index.get(junction)

    def fusion_partner(self, gene: str) -> FusionPartner | None:
        return next((p for p in self.files.fusions.partners if p.gene == gene), None)

    def bypass_fusion_side(self, gene: str) -> str | None:
        """'5p'/'3p': the side a bypass kinase gene must take in a fusion; None if not a bypass gene."""
        return self.files.fusions.bypass_genes.genes.get(gene)

    def bypass_facts(self, gene: str) -> list[BypassFact]:
        return [f for f in self.files.fusions.bypass_facts if f.gene == gene]

    @cached_property
    def _mechanism_index(self) -> dict[str, Mechanism]:
        return {m.id: m for m in self.files.bypass.mechanisms}

    def mechanism(self, mech_id: str) -> Mechanism | None:
        return self._mechanism_index.get(mech_id)

    def mechanisms_for(self, gene: str, kind: str) -> list[Mechanism]:
        return [m for m in self.files.bypass.mechanisms if m.gene == gene and m.kind == kind]

    @cached_property
    def _hotspot_index(self) -> dict[tuple[str, str, int, str, str], tuple[str, str]]:
        return {(b, c, p, r, a): (g, ch) for b, c, p, r, a, g, ch in self.files.hotspots.rows}

    def hotspot(self, build: str, chrom: str, pos: int, ref: str, alt: str) -> tuple[str, str] | None:
        """(gene, protein change) of a listed hotspot allele; chrom normalized ('7'), ref/alt as the MAF trims them."""
        return self._hotspot_index.get((build, chrom, pos, ref, alt))

    @cached_property
    def small_variant_genes(self) -> set[str]:
        """Genes whose small variants can be findings: ALK, the hotspot genes and every gene a mechanism names."""
        return {"ALK", *self.files.hotspots.gene_spans, *(m.gene for m in self.files.bypass.mechanisms if m.gene and m.kind == "small_variant")}

    def bypass_gene_at(self, build: str, chrom: str, pos: int) -> str | None:
        for gene, spans in self.files.hotspots.gene_spans.items():
            span = spans.get(build)
            if span and span[0] == chrom and span[1] <= pos <= span[2]:
                return gene
        return None

    def amplification_rule(self, gene: str) -> AmplificationRule:
        rules = {r.gene: r for r in self.files.bypass.copy_number}
        return rules.get(gene) or rules["*"]

    def copy_number_tier(self, alt: Any) -> str | None:
        """The named copy-number tier (bypass.yaml `tiers`) an alteration's copy number reaches, or None."""
        cn = getattr(alt, "copy_number", None)
        if cn is None or cn.copy_number is None:
            return None
        tier = self.amplification_rule(alt.gene).tier_of(cn.copy_number, cn.ratio_to_ploidy)
        return tier.tier if tier else None

    def region_of(self, residue: int) -> Region | None:
        for region in self.definitions.regions:
            if residue in region.residues:
                return region
        return None

    def in_kinase_domain(self, gene: str, residue: int) -> bool:
        kd = self.definitions.kinase_domain
        return gene == kd.gene and kd.start <= residue <= kd.end

    def cite(self, keys: list[str]) -> list[str]:
        """Reference keys → sorted, de-duplicated PMID:/DOI: identifiers for the report."""
        out: set[str] = set()
        for key in keys:
            out.update(self.files.references[key].identifiers())
        return sorted(out)

    def find(self, query: str) -> list[dict[str, Any]]:
        """Entries whose id, change, drug name or alias matches `query` (case-insensitive)."""
        q = query.strip().upper().removeprefix("ALK").strip(" :").removeprefix("P.")
        hits: list[dict[str, Any]] = []
        for m in self.files.mutations:
            if q in {m.change.upper(), m.id.upper()}:
                hits.append({"type": "mutation", **m.model_dump(exclude_none=True)})
        for m in self.files.resistance_without_profile:
            if q in {m.change.upper(), m.id.upper()}:
                hits.append({"type": "mutation without a per-drug profile", **m.model_dump(exclude_none=True)})
        for c in self.files.compounds.entries:
            if q.replace(" ", "") in {"+".join(c.members).upper(), "+".join(reversed(c.members)).upper(), c.id.upper()}:
                hits.append({"type": "compound", **c.model_dump(exclude_none=True)})
        drug = self.drug(query)
        if drug:
            hits.append({"type": "drug", **drug.model_dump(exclude_none=True)})
        if query in self.files.references:
            hits.append({"type": "reference", "key": query, **self.files.references[query].model_dump(exclude_none=True)})
        return hits


def _norm_name(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.lower())


def default_kb_path() -> Path:
    """The knowledge base shipped with the package (wheel) or beside it (source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "knowledgebase", here.parent / "knowledgebase"):
        if (candidate / "kb.yaml").is_file():
            return candidate
    raise KnowledgeBaseError(here / "knowledgebase", ["the packaged knowledge base is missing (kb.yaml not found)"])


def kb_sha256(path: Path) -> str:
    """Content hash over the KB's data files (names and bytes), so any edit changes it."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*.yaml") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_yaml(file: Path, problems: list[str]) -> Any:
    import yaml  # here, not at the top: a knowledge base read from the compiled cache needs no YAML

    from . import safeyaml

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{file.name}: file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{file.name}: cannot be read ({exc.__class__.__name__})")
        return None
    try:
        return safeyaml.load(text)  # safe loader; refuses deep nesting and repeated keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{file.name}{where}: not valid YAML ({problem})")
        return None


def _pydantic_problems(file: str, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        out.append(f"{file}: {loc}: {err['msg']}")
    return out


EXTRA_KEYS = {"mutations.yaml": ("resistance_without_profile",)}
"""top-level keys a file may hold beside the one named for it"""


# files that releases before 2.0.0 do not have: an old release read to compare with (kb diff) does
# without them; a current knowledge base must have them (conventions are checked against CONVENTIONS_USED)
ADDED_IN_2_0 = {"conventions.yaml": {}, "uncurated_resistance.yaml": []}


def _load_documents(path: Path, problems: list[str], curation: bool = True) -> dict[str, Any]:
    docs: dict[str, Any] = {}
    for name in KB_FILES:
        if not curation and name in ADDED_IN_2_0 and not (path / name).exists():
            docs[name.removesuffix(".yaml")] = ADDED_IN_2_0[name]
            continue
        data = _read_yaml(path / name, problems)
        if data is None:
            continue
        key = name.removesuffix(".yaml")
        if not isinstance(data, dict) or key not in data:
            problems.append(f"{name}: expected a mapping with top-level key '{key}'")
            continue
        docs[key] = data[key]
        extra = EXTRA_KEYS.get(name, ())
        for other in extra:
            if other in data:
                docs[other] = data[other]
        for unknown in sorted(set(data) - {key, *extra}, key=str):
            problems.append(f"{name}: unknown top-level key {unknown!r}")
    return docs


def _validate_parts(docs: dict[str, Any], problems: list[str]) -> KBFiles | None:
    """Validate each file, and each entry of a list or mapping on its own, so that every problem in
    every file is reported at once; cross-checks then run over the entries that are well formed."""
    from pydantic import TypeAdapter  # only a KB read from YAML is validated; a cached one is not

    parts: dict[str, Any] = {}
    fields = KBFiles.model_fields
    for key, value in docs.items():
        annotation = fields[key].annotation
        try:
            parts[key] = TypeAdapter(annotation).validate_python(value)
            continue
        except ValidationError as exc:
            if not isinstance(value, (list, dict)) or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                problems.extend(_pydantic_problems(f"{key}.yaml", exc))
                continue
        item_type = annotation.__args__[-1]  # list[X] or dict[str, X]
        adapter = TypeAdapter(item_type)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        kept: Any = {} if isinstance(value, dict) else []
        for name, item in items:
            try:
                good = adapter.validate_python(item)
            except ValidationError as exc:
                label = item.get("id", name) if isinstance(item, dict) else name
                problems.extend(_pydantic_problems(f"{key}.yaml: {label}", exc))
                continue
            if isinstance(kept, dict):
                kept[name] = good
            else:
                kept.append(good)
        parts[key] = kept
    required = {k for k, f in fields.items() if f.is_required()}
    if not required <= set(parts):
        return None
    return KBFiles(**parts)


def _cross_check(files: KBFiles, transcripts: dict[str, dict[str, Any]], problems: list[str], curation: bool = True) -> None:
    refs = files.references
    for key, ref in refs.items():
        if not (ref.pmid or ref.doi or ref.pmcid or ref.url):
            problems.append(f"references.yaml: {key}: a reference needs a PMID, a DOI, a PMCID or (for a source with none) a URL")
        if ref.pmid and not PMID.fullmatch(ref.pmid):
            problems.append(f"references.yaml: {key}: malformed PMID {ref.pmid!r}")
        if ref.doi and (not DOI.fullmatch(ref.doi) or ref.doi[-1] in ".,;"):
            problems.append(f"references.yaml: {key}: malformed DOI {ref.doi!r}")
        problems.extend(f"references.yaml: {key}: {problem}" for problem in _citation_problems(key, ref))

    def check_citations(where: str, keys: list[str]) -> None:
        for key in keys:
            if key not in refs:
                problems.append(f"{where}: unknown citation {key!r} (not in references.yaml)")
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"{where}: citation {key!r} is listed twice")

    names: dict[str, str] = {}
    for drug in files.drugs:
        if drug.id != drug.id.lower():
            problems.append(f"drugs.yaml: {drug.id}: drug ids are lower-case INNs")
        check_citations(f"drugs.yaml: {drug.id}", drug.citations)
        for name in (drug.id, drug.name, *drug.aliases):
            other = names.setdefault(_norm_name(name), drug.id)
            if other != drug.id:
                problems.append(f"drugs.yaml: name {name!r} is used by both {other} and {drug.id}")
    drug_ids = {d.id for d in files.drugs}

    defs = files.definitions
    check_citations("definitions.yaml: kinase_domain", defs.kinase_domain.citations)
    check_citations("definitions.yaml: evidence_scale_citations", defs.evidence_scale_citations)
    region_ids = set()
    for region in defs.regions:
        check_citations(f"definitions.yaml: region {region.id}", region.citations)
        if region.id in region_ids:
            problems.append(f"definitions.yaml: duplicate region {region.id}")
        region_ids.add(region.id)
    known_levels = {lv.level for lv in defs.evidence_levels}
    for level in LEVELS:
        if level not in known_levels and (curation or level in {"1", "2", "3A", "3B", "4", "R1", "R2"}):
            problems.append(f"definitions.yaml: evidence level {level} has no definition")

    proteins = {gene: t.get("protein", "") for gene, t in transcripts.items()}
    seen_ids: set[str] = set()
    seen_changes: set[tuple[str, str]] = set()
    profiled = [(e, False) for e in files.mutations] + [(e, True) for e in files.resistance_without_profile]
    for entry, without_profile in profiled:
        where = f"mutations.yaml: {entry.id}"
        for agent in entry.investigational_agents:
            if agent not in drug_ids:
                problems.append(f"{where}: unknown drug {agent!r}")
        if without_profile and entry.calls:
            problems.append(f"{where}: an entry of resistance_without_profile has no per-drug calls (move it to mutations)")
        if entry.id in seen_ids:
            problems.append(f"{where}: duplicate entry id")
        seen_ids.add(entry.id)
        if (entry.gene, entry.change) in seen_changes:
            problems.append(f"{where}: duplicate entry for {entry.gene} {entry.change}")
        seen_changes.add((entry.gene, entry.change))
        if not entry.citations and not entry.calls:
            problems.append(f"{where}: an entry needs at least one citation (entry-level or on a call)")
        check_citations(where, entry.citations)
        if entry.region and entry.region not in region_ids:
            problems.append(f"{where}: unknown region {entry.region!r}")
        match = PROTEIN_CHANGE.match(entry.change)
        protein = proteins.get(entry.gene, "")
        if match and protein:
            pos = int(match["pos"])
            if not 1 <= pos <= len(protein) or protein[pos - 1] != match["ref"]:
                found = protein[pos - 1] if 1 <= pos <= len(protein) else "nothing"
                problems.append(f"{where}: {entry.change} names residue {match['ref']}{pos} but the {entry.gene} protein has {found} there")
            if entry.gene == defs.kinase_domain.gene and not defs.kinase_domain.start <= pos <= defs.kinase_domain.end:
                problems.append(f"{where}: residue {pos} lies outside the kinase domain")
        _check_calls(where, entry.calls, drug_ids, problems, check_citations)
    _check_compounds(files, proteins, drug_ids, problems, check_citations)
    if curation or files.conventions:  # an old release (kb diff) has no conventions.yaml
        _check_conventions(files, problems, check_citations)
    _check_bypass(files, problems, check_citations)
    _check_recommendations(files, drug_ids, problems, check_citations)
    _check_citability(files, problems)
    _check_contradictions(files, problems)
    if curation:  # the curation rules of KB 2.0: statements, evidence types, compound members
        from .kb_curation import check_curation

        check_curation(files, problems)


PMCID = re.compile(r"^PMC\d{1,9}$")
URL = re.compile(r"^https?://[^\s/$.?#]\S*$")


def _check_conventions(files: KBFiles, problems: list[str], check_citations: Any) -> None:
    for key, numbered in CONVENTIONS_USED.items():
        conv = files.conventions.get(key)
        if conv is None:
            problems.append(f"conventions.yaml: {key}: missing (the interpreter applies it)")
        elif numbered and conv.value is None:
            problems.append(f"conventions.yaml: {key}: needs a value")
    curated = {(m.gene, m.change) for m in files.mutations}
    for entry in files.uncurated_resistance:
        where = f"uncurated_resistance.yaml: {entry.id}"
        check_citations(where, entry.citations)
        if (entry.residue is None) == (entry.change is None):
            problems.append(f"{where}: give exactly one of residue and change")
        if entry.change and (entry.gene, entry.change) in curated:
            problems.append(f"{where}: {entry.change} has its own entry in mutations.yaml")
        if entry.change and not PROTEIN_CHANGE.match(entry.change):
            problems.append(f"{where}: malformed protein change {entry.change!r}")
        if entry.status == "established" and not any(files.references[k].citable for k in entry.citations if k in files.references):
            problems.append(f"{where}: established, but cited only to references without a PMID or DOI (mark it unconfirmed)")


def _citation_problems(key: str, ref: Reference) -> list[str]:
    """What is malformed in one reference beyond its PMID and DOI: the key, the text, a PMCID, a URL."""
    out = []
    if not key or any(c.isspace() for c in key):
        out.append(f"malformed citation key {key!r} (empty or with white space)")
    if not ref.citation.strip():
        out.append("empty citation text")
    if ref.pmcid and not PMCID.fullmatch(ref.pmcid):
        out.append(f"malformed PMCID {ref.pmcid!r} (expected e.g. PMC1234567)")
    if ref.url and not URL.fullmatch(ref.url):
        out.append(f"malformed URL {ref.url!r}")
    return out


def _check_contradictions(files: KBFiles, problems: list[str]) -> None:
    """Two calls for one alteration and one drug that disagree (sensitive / intermediate / resistant),
    wherever they sit: two entries for one mutation, a drug repeated in one entry, a compound given
    again with its members in another order, a fusion partner listed twice, a drug named once by its
    INN and once by an alias. The knowledge base has no way to state that one call takes precedence
    over another, so every such pair is refused: keep the call the sources support."""
    alias = {_norm_name(n): d.id for d in files.drugs for n in (d.id, d.name, *d.aliases)}
    seen: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def add(alteration: str, where: str, calls: list[DrugCall]) -> None:
        for call in calls:
            drug = alias.get(_norm_name(call.drug), call.drug)
            seen.setdefault((alteration, drug), []).append((call.call, where))

    for m in files.mutations:
        add(f"{m.gene} {m.change}", f"mutations.yaml: {m.id}", m.calls)
    for c in files.compounds.entries:
        add(f"{c.gene} {' + '.join(sorted(c.members))}", f"compounds.yaml: {c.id}", c.calls)
    for p in files.fusions.partners:
        add(f"{p.gene}::ALK fusion", f"fusions.yaml: partner {p.gene}", p.calls)
    for (alteration, drug), calls in seen.items():
        verdicts = sorted({verdict for verdict, _ in calls})
        if len(verdicts) > 1:
            said = "; ".join(f"{verdict} in {where}" for verdict, where in calls)
            problems.append(f"contradiction: {alteration} with {drug} is called {' and '.join(verdicts)} ({said}) "
                            "and no precedence between the calls is stated; keep one")


def _check_compounds(files: KBFiles, proteins: dict[str, str], drug_ids: set[str], problems: list[str],
                     check_citations: Any) -> None:
    comp = files.compounds
    for group in comp.groups:
        where = f"compounds.yaml: group {group.id}"
        check_citations(where, group.citations)
        for agent in group.investigational_agents:
            if agent not in drug_ids:
                problems.append(f"{where}: unknown drug {agent!r}")
        _check_calls(where, group.calls, drug_ids, problems, check_citations)
    seen: set[frozenset[str]] = set()
    for entry in comp.entries:
        where = f"compounds.yaml: {entry.id}"
        if entry.key in seen:
            problems.append(f"{where}: duplicate compound {' + '.join(entry.members)}")
        seen.add(entry.key)
        if len(entry.key) != len(entry.members):
            problems.append(f"{where}: a member is listed twice")
        if not entry.citations and not entry.calls:
            problems.append(f"{where}: an entry needs at least one citation (entry-level or on a call)")
        check_citations(where, entry.citations)
        protein = proteins.get(entry.gene, "")
        residues = []
        for change in entry.members:
            m = PROTEIN_CHANGE.match(change)
            if m and protein:
                pos = int(m["pos"])
                residues.append(pos)
                if not 1 <= pos <= len(protein) or protein[pos - 1] != m["ref"]:
                    problems.append(f"{where}: {change} does not match the {entry.gene} protein")
        if len(set(residues)) != len(residues):
            problems.append(f"{where}: two members in one codon are one change, not a compound")
        _check_calls(where, entry.calls, drug_ids, problems, check_citations)


def _check_bypass(files: KBFiles, problems: list[str], check_citations: Any) -> None:
    byp = files.bypass
    genes = [r.gene for r in byp.copy_number]
    if "*" not in genes:
        problems.append("bypass.yaml: copy_number needs a default rule (gene '*')")
    if len(set(genes)) != len(genes):
        problems.append("bypass.yaml: two copy-number rules for one gene")
    tiers = {t.tier for r in byp.copy_number for t in r.tiers}
    for rule in byp.copy_number:
        check_citations(f"bypass.yaml: copy_number {rule.gene}", rule.citations)
        for t in rule.tiers:
            check_citations(f"bypass.yaml: copy_number {rule.gene} tier {t.tier}", t.citations)
        if [t.min_cn for t in rule.tiers] != sorted((t.min_cn for t in rule.tiers), reverse=True):
            problems.append(f"bypass.yaml: copy_number {rule.gene}: tiers must be listed highest first")
        if rule.gain_cn > rule.amplification_cn:
            problems.append(f"bypass.yaml: copy_number {rule.gene}: gain threshold above the amplification threshold")
    ids: set[str] = set()
    for mech in byp.mechanisms:
        where = f"bypass.yaml: {mech.id}"
        if mech.id in ids:
            problems.append(f"{where}: duplicate mechanism id")
        ids.add(mech.id)
        check_citations(where, mech.citations)
        if mech.kind in {"small_variant", "amplification", "fusion"} and not mech.gene:
            problems.append(f"{where}: a {mech.kind} mechanism needs a gene")
        for strategy in mech.strategies:
            check_citations(f"{where}: strategy {strategy.option!r}", strategy.citations)
            for tier in strategy.tiers:
                if tier not in tiers:
                    problems.append(f"{where}: strategy {strategy.option!r}: no copy-number rule defines the tier {tier!r}")
            if strategy.level is not None and strategy.level not in LEVELS:
                problems.append(f"{where}: strategy {strategy.option!r}: unknown evidence level {strategy.level!r}")
    check_citations("bypass.yaml: clinical: met_overexpression", byp.clinical.met_overexpression.citations)
    check_citations("bypass.yaml: clinical: pdl1_citations", byp.clinical.pdl1_citations)


def _check_recommendations(files: KBFiles, drug_ids: set[str], problems: list[str], check_citations: Any) -> None:
    recs = files.recommendations
    for where, level in (("approval_baseline", recs.approval_baseline.level), ("bypass_limit", recs.bypass_limit.level),
                         ("bypass_limit", recs.bypass_limit.level_without_clinical or recs.bypass_limit.level)):
        if level not in LEVELS:
            problems.append(f"recommendations.yaml: {where}: unknown evidence level {level!r}")
    ids: set[str] = set()
    for rule in recs.rules:
        where = f"recommendations.yaml: {rule.id}"
        if rule.id in ids:
            problems.append(f"{where}: duplicate rule id")
        ids.add(rule.id)
        check_citations(where, rule.citations)
        for extra in rule.by_setting:
            check_citations(f"{where}: by_setting", extra.citations)
        if rule.options and not rule.citations:
            problems.append(f"{where}: options need the rule's citations")
        for option in rule.options:
            if option.level is not None and option.level not in SENSITIVITY_LEVELS:
                problems.append(f"{where}: {option.option!r}: {option.level!r} is not a sensitivity level")
            for drug in option.drugs:
                if drug not in drug_ids:
                    problems.append(f"{where}: {option.option!r}: unknown drug {drug!r}")


def _check_citability(files: KBFiles, problems: list[str]) -> None:
    """An established fact needs a citation with a PMID or DOI; a PMCID alone only carries unconfirmed facts."""
    refs = files.references

    def citable(keys: list[str]) -> bool:
        return any(refs[k].citable for k in keys if k in refs)

    items: list[tuple[str, str, list[str]]] = []
    for m in files.mutations:
        items += [(f"mutations.yaml: {m.id}: {c.drug}", c.status, c.citations) for c in m.calls]
    for c in files.compounds.entries:
        items += [(f"compounds.yaml: {c.id}: {k.drug}", k.status, k.citations) for k in c.calls]
    for g in files.compounds.groups:
        items += [(f"compounds.yaml: group {g.id}: {k.drug}", k.status, k.citations) for k in g.calls]
    for m in files.resistance_without_profile:
        items.append((f"mutations.yaml: {m.id}", m.status, m.citations))
    for p in files.fusions.partners:
        items += [(f"fusions.yaml: partner {p.gene}: {k.drug}", k.status, k.citations) for k in p.calls]
    for mech in files.bypass.mechanisms:
        items.append((f"bypass.yaml: {mech.id}", mech.status, mech.citations))
        items += [(f"bypass.yaml: {mech.id}: {s.option!r}", s.status, s.citations) for s in mech.strategies]
    for rule in files.recommendations.rules:
        items += [(f"recommendations.yaml: {rule.id}: {o.option!r}", o.status, rule.citations) for o in rule.options]
    for where, status, keys in items:
        if status == "established" and keys and not citable(keys):
            problems.append(f"{where}: established, but cited only to references without a PMID or DOI (mark it unconfirmed)")


def _check_calls(where: str, calls: list[DrugCall], drug_ids: set[str], problems: list[str], check_citations: Any) -> None:
    drugs_called: set[str] = set()
    for call in calls:
        if call.drug not in drug_ids:
            problems.append(f"{where}: unknown drug {call.drug!r}")
        if call.drug in drugs_called:
            problems.append(f"{where}: two calls for {call.drug}")
        drugs_called.add(call.drug)
        check_citations(f"{where}: {call.drug}", call.citations)
        if call.level not in LEVELS:
            problems.append(f"{where}: {call.drug}: unknown evidence level {call.level!r}")
        elif call.call == "resistant" and call.level not in RESISTANCE_LEVELS:
            problems.append(f"{where}: {call.drug}: a resistant call needs an R-level, not {call.level}")
        elif call.call == "sensitive" and call.level not in SENSITIVITY_LEVELS:
            problems.append(f"{where}: {call.drug}: a sensitive call needs a sensitivity level, not {call.level}")


def load_transcripts(path: Path, defs_transcripts: dict[str, str], problems: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for gene, rel in defs_transcripts.items():
        data = _read_yaml(path / rel, problems)
        if isinstance(data, dict):
            # sequences are wrapped over several YAML lines; white space is not part of them
            data["protein"] = "".join(str(data.get("protein", "")).split())
            if isinstance(data.get("cds_sequence"), dict):
                data["cds_sequence"]["sequence"] = "".join(str(data["cds_sequence"].get("sequence", "")).split())
            out[gene] = data
        elif data is not None:
            problems.append(f"{rel}: expected a mapping")
    return out


def _check_fusions(root: Path, files: KBFiles, problems: list[str]) -> dict[str, dict[str, Any]]:
    """fusions.yaml: citations resolve, genes have exon models, junctions are unique, drugs known;
    returns the partner gene models (gene → document)."""
    fus = files.fusions
    refs = files.references
    drugs = {d.id for d in files.drugs}

    def cited(where: str, keys: list[str]) -> None:
        for key in keys:
            if key not in refs:
                problems.append(f"fusions.yaml: {where}: unknown citation {key!r} (not in references.yaml)")

    models: dict[str, dict[str, Any]] = {}
    data = _read_yaml(root / fus.gene_models, problems)
    if isinstance(data, dict) and isinstance(data.get("genes"), dict):
        for gene, doc in data["genes"].items():
            if not isinstance(doc, dict) or not {"transcript", "strand", "builds"} <= set(doc):
                problems.append(f"{fus.gene_models}: {gene}: needs transcript, strand and builds")
                continue
            for build, b in doc["builds"].items():
                if not isinstance(b, dict) or not b.get("exons") or not b.get("gene_span") or "chrom" not in b:
                    problems.append(f"{fus.gene_models}: {gene} {build}: needs chrom, gene_span and exons")
            models[str(gene)] = doc
    elif data is not None:
        problems.append(f"{fus.gene_models}: expected a mapping with top-level key 'genes'")
    known_genes = set(models) | {"ALK", "intergenic"}

    cited("naming", fus.naming.citations)
    cited("alk_kinase_exon", fus.alk_kinase_exon.citations)
    for alias in fus.alk_exon_numbering:
        cited(f"alk_exon_numbering {alias.given}", alias.citations)
        if alias.reads_as != fus.alk_kinase_exon.exon:
            problems.append(f"fusions.yaml: alk_exon_numbering {alias.given}: reads as exon {alias.reads_as}, not the canonical exon {fus.alk_kinase_exon.exon}")
    seen: set[str] = set()
    for v in fus.eml4_alk_variants:
        cited(v.id, v.citations)
        if v.junction in seen:
            problems.append(f"fusions.yaml: {v.id}: duplicate junction {v.junction}")
        seen.add(v.junction)
        m = JUNCTION.match(v.junction)
        if m and (m["five"], m["three"], m["three_exon"]) != ("E", "A", str(fus.alk_kinase_exon.exon)):
            problems.append(f"fusions.yaml: {v.id}: an EML4::ALK junction reads E<exon>;A{fus.alk_kinase_exon.exon}, not {v.junction}")
    partners: set[str] = set()
    for p in fus.partners:
        cited(f"partner {p.gene}", p.citations)
        if p.gene in partners:
            problems.append(f"fusions.yaml: partner {p.gene}: listed twice")
        partners.add(p.gene)
        if p.gene not in known_genes:
            problems.append(f"fusions.yaml: partner {p.gene}: no exon model in {fus.gene_models}")
        called = [c.drug for c in p.calls]
        for drug in sorted({d for d in called if called.count(d) > 1}):
            problems.append(f"fusions.yaml: partner {p.gene}: two calls for {drug}")
        for call in p.calls:
            cited(f"partner {p.gene}: {call.drug}", call.citations)
            if call.drug not in drugs:
                problems.append(f"fusions.yaml: partner {p.gene}: unknown drug {call.drug!r}")
            if call.level not in LEVELS:
                problems.append(f"fusions.yaml: partner {p.gene}: {call.drug}: unknown evidence level {call.level!r}")
            elif call.call == "resistant" and call.level not in RESISTANCE_LEVELS:
                problems.append(f"fusions.yaml: partner {p.gene}: {call.drug}: a resistant call needs an R-level, not {call.level}")
            elif call.call == "sensitive" and call.level not in SENSITIVITY_LEVELS:
                problems.append(f"fusions.yaml: partner {p.gene}: {call.drug}: a sensitive call needs a sensitivity level, not {call.level}")
    for f in fus.bypass_facts:
        cited(f"bypass fact {f.gene}", f.citations)
        if f.gene not in fus.bypass_genes.genes:
            problems.append(f"fusions.yaml: bypass fact {f.gene}: not one of bypass_genes")
    return models


def _check_bypass_models(root: Path, files: KBFiles, problems: list[str]) -> dict[str, dict[str, Any]]:
    """bypass.transcript_models: one ALK.yaml-style document per gene; exon-skipping rules name a
    mechanism class, a modelled transcript and one of its exons. Returns gene → document."""
    byp = files.bypass
    rel = byp.transcript_models
    models: dict[str, dict[str, Any]] = {}
    if rel:
        data = _read_yaml(root / rel, problems)
        if isinstance(data, dict) and isinstance(data.get("genes"), dict):
            for gene, doc in data["genes"].items():
                need = {"gene", "refseq", "strand", "cds_length", "builds"}
                if not isinstance(doc, dict) or not need <= set(doc):
                    problems.append(f"{rel}: {gene}: needs {', '.join(sorted(need))}")
                    continue
                for build, b in doc["builds"].items():
                    if not isinstance(b, dict) or not b.get("exons") or not b.get("cds_span") or "chrom" not in b:
                        problems.append(f"{rel}: {gene} {build}: needs chrom, cds_span and exons")
                models[str(gene)] = doc
        elif data is not None:
            problems.append(f"{rel}: expected a mapping with top-level key 'genes'")
    classes = {c for m in byp.mechanisms for c in m.changes}
    for rule in byp.exon_skipping:
        where = f"bypass.yaml: exon_skipping {rule.change_class}"
        if rule.change_class not in classes:
            problems.append(f"{where}: no mechanism lists the change class {rule.change_class!r}")
        doc = models.get(rule.gene)
        if doc is None or doc.get("refseq") != rule.transcript:
            problems.append(f"{where}: no {rule.gene} {rule.transcript} model in {rel or 'transcript_models (unset)'}")
        elif any(len(b.get("exons") or []) < rule.exon for b in doc["builds"].values() if isinstance(b, dict)):
            problems.append(f"{where}: {rule.transcript} has no exon {rule.exon}")
    return models


def validate_knowledgebase(path: str | Path | None = None, curation: bool = True) -> tuple[KnowledgeBase | None, list[str]]:
    """Check a KB directory; returns the loaded KB (None if unusable) and every problem found.

    curation=False skips the curation rules of KB 2.0 (statements and evidence types, levels that fit
    them, compound members as entries), so that an older release can be read to compare with (kb diff);
    everything a report depends on is still checked."""
    root = Path(path) if path is not None else default_kb_path()
    problems: list[str] = []
    if not root.is_dir():
        return None, [f"{root}: not a knowledge-base directory"]
    docs = _load_documents(root, problems, curation)
    files = _validate_parts(docs, problems)
    if files is None:
        return None, problems
    # a file that failed as a whole cannot be cross-checked; one whose entries failed one by one can
    transcripts = load_transcripts(root, files.definitions.transcripts, problems)
    _cross_check(files, transcripts, problems, curation)
    fusion_genes = _check_fusions(root, files, problems)
    bypass_models = _check_bypass_models(root, files, problems)
    if problems:
        return None, problems
    return KnowledgeBase(root, files, kb_sha256(root), transcripts, fusion_genes, bypass_models), []


def load_knowledgebase(path: str | Path | None = None, curation: bool = True) -> KnowledgeBase:
    """Load and validate a KB (the packaged one by default); raises KnowledgeBaseError listing all problems.

    A KB that validated once is kept compiled in the user's cache (see `kb_cache_dir`), keyed by its
    content hash: later loads of the same content skip YAML parsing and validation."""
    root = Path(path) if path is not None else default_kb_path()
    if root.is_dir():
        sha = kb_sha256(root)
        cached = _read_cache(sha)  # only a fully validated KB is ever cached
        if cached is not None:
            cached.path = root
            return cached
    kb, problems = validate_knowledgebase(root) if curation else validate_knowledgebase(root, curation=False)
    if kb is None:
        raise KnowledgeBaseError(root, problems)
    if curation:
        _write_cache(kb)
    return kb


# ----------------------------------------------------------------------------- compiled cache

CACHE_ENV = "ALKANNOT_CACHE_DIR"
_CACHE_FORMAT = "alkannot-kb-cache/1"
_CACHE_KEEP = 8  # compiled KBs kept per cache folder (most recent first)


def kb_cache_dir() -> Path | None:
    """Folder of compiled knowledge bases: $ALKANNOT_CACHE_DIR, else $XDG_CACHE_HOME/alkannot, else
    ~/.cache/alkannot. None (no cache) when ALKANNOT_CACHE_DIR is empty or 'off'."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in {"", "off", "0", "no", "none"} else Path(value).expanduser()
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(base) / "alkannot"


def _cache_key(sha: str) -> str:
    """What a compiled KB depends on: the KB content and the code and versions that pickled it."""
    import sys

    import pydantic

    from . import __version__

    here = Path(__file__).resolve().parent
    code = hashlib.sha256(b"".join((here / name).read_bytes() for name in ("knowledge.py", "kb_curation.py"))).hexdigest()
    return "\n".join([_CACHE_FORMAT, sha, code, __version__, sys.version, pydantic.VERSION])


def _cache_file(folder: Path, key: str, sha: str) -> Path:
    return folder / f"kb-{sha[:16]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def _read_cache(sha: str) -> KnowledgeBase | None:
    """The compiled KB whose stored key is exactly this one; None on any doubt: missing, unreadable,
    corrupt, another key, or a file someone else could have written."""
    folder = kb_cache_dir()
    if folder is None:
        return None
    key = _cache_key(sha)
    file = _cache_file(folder, key, sha)
    try:
        st = file.stat()
        if not file.is_file() or (hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022)):
            return None
        import pickle

        with open(file, "rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - our own file: owner-only, checked key
    except Exception:  # noqa: BLE001 - a cache that cannot be read is a miss, never an error
        return None
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == key and isinstance(data[1], dict)):
        return None
    state = data[1]
    if not (isinstance(state.get("files"), KBFiles) and state.get("sha256") == sha):
        return None
    kb = KnowledgeBase.__new__(KnowledgeBase)
    kb.__dict__.update(state)
    return kb


def _write_cache(kb: KnowledgeBase) -> None:
    """Keep a validated KB compiled (atomically: temporary file, then rename); silent when the folder
    cannot be written. Older entries beyond `_CACHE_KEEP` are removed."""
    folder = kb_cache_dir()
    if folder is None:
        return
    import pickle
    import tempfile

    key = _cache_key(kb.sha256)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            state = {k: v for k, v in vars(kb).items() if k != "path"}  # every loaded part, whatever KnowledgeBase holds
            pickle.dump((key, state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _cache_file(folder, key, kb.sha256))
        tmp = None
        entries = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs time
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def kb_json_schema() -> dict[str, Any]:
    return KBFiles.model_json_schema()
