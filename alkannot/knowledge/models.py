"""The knowledge base's shared vocabulary and its on-target records: the evidence levels and types, the
protein-change grammar, references and evidence items, drugs, definitions, per-drug calls, mutations,
compounds, conventions and the resistance residues without a profile (one pydantic model per YAML file
or entry). The off-target files are modelled in `bypass_models.py`, fusions.yaml in `fusion_models.py`,
and `base.KBFiles` joins them into one document."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class KBRecord(BaseModel):
    # defer_build: a KB read from the compiled cache is never validated again, so the validators
    # are only built when a YAML file is (load on a cache miss, `kb validate`, `schema kb`)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Reference(KBRecord):
    """A published source. At least one of `pmid` and `doi`; `citation` is the human-readable line."""

    citation: str
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = Field(
        None, description="only when no PMID/DOI is known; facts resting on it alone are unconfirmed"
    )
    url: str | None = None
    note: str | None = None
    read: ReadAs = Field(
        "not_read",
        description=(
            "what of the source a curator read: full_text, abstract, table (the table the statements quote) or "
            "title count as read; secondary (only a summary by someone else) and not_read do not. A call citing a "
            "read source must carry a statement from it; a call whose sources are all unread is unconfirmed"
        ),
    )

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


class EvidenceItem(KBRecord):
    """What one source reports, in the curator's words, with the place it comes from (a table, a
    figure, a sentence of the abstract): the unit CIViC calls an evidence item."""

    source: str = Field(description="reference key (references.yaml); one of the call's citations")
    evidence_type: EvidenceType = Field(description="clinical, preclinical, review, guideline or approval")
    statement: str = Field(min_length=1, description="what the source reports and where, in the curator's words")


class Trial(KBRecord):
    """A named trial of an investigational drug and what the sources read report of it."""

    name: str
    identifier: str | None = Field(None, description="registry id, when a source read gives one")
    phase: str | None = None
    setting: str = Field(description="who the trial enrols")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Drug(KBRecord):
    id: str = Field(description="lower-case international non-proprietary name")
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["alk_tki", "other"]
    generation: int | None = Field(None, description="ALK TKI generation, where sources name one")
    status: Literal["approved", "investigational"]
    status_note: str | None = Field(
        None, description="what the sources read say of the drug's development or approval status"
    )
    targets: list[str] = Field(default_factory=list)
    citations: list[str] = Field(min_length=1)
    trials: list[Trial] = Field(default_factory=list)


class Region(KBRecord):
    id: str
    label: str
    residues: list[int] = Field(min_length=1)
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)


class KinaseDomain(KBRecord):
    gene: str
    start: int
    end: int
    citations: list[str] = Field(min_length=1)


class EvidenceLevel(KBRecord):
    level: str
    definition: str
    evidence_types: list[EvidenceType] = Field(
        default_factory=list,
        description=(
            "the evidence types that can support this level; a call at this level needs an item of one of them"
        ),
    )


class Definitions(KBRecord):
    transcripts: dict[str, str] = Field(description="gene → transcript model file under transcripts/")
    kinase_domain: KinaseDomain
    regions: list[Region] = Field(default_factory=list)
    evidence_levels: list[EvidenceLevel]
    level_policy: str = Field(description="how alkannot's curators map a source to a level")
    evidence_scale_citations: list[str] = Field(min_length=1)


class DrugCall(KBRecord):
    drug: str
    call: Literal["sensitive", "intermediate", "resistant"]
    level: str
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(
        default_factory=list,
        description=("one item per cited source: its statement and evidence type (required for every read source)"),
    )
    note: str | None = None
    status: Literal["established", "unconfirmed"] = "established"


class MutationEntry(KBRecord):
    id: str
    gene: str = "ALK"
    change: str = Field(description="one-letter protein change, e.g. G1202R")
    region: str | None = None
    summary: str | None = None
    citations: list[str] = Field(
        default_factory=list, description="sources for the mutation itself (e.g. when no drug profile is sourced)"
    )
    evidence: list[EvidenceItem] = Field(
        default_factory=list, description="what the sources say of the mutation itself"
    )
    status: Literal["established", "unconfirmed"] = "established"
    investigational_agents: list[str] = Field(
        default_factory=list,
        description=(
            "investigational drugs a source names as designed for or active on this mutation "
            "(a trial pointer, not a call)"
        ),
    )
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


class CompoundGroup(KBRecord):
    """A family of compound mutations sharing an anchor residue (e.g. G1202R-based, I1171-based)."""

    id: str
    label: str
    residue: int
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    investigational_agents: list[str] = Field(
        default_factory=list, description="agents a source names as designed for this family"
    )
    calls: list[DrugCall] = Field(
        default_factory=list,
        description=(
            "calls the sources make for the family as a whole, for a compound of the family that has no entry of "
            "its own"
        ),
    )
    note: str | None = None


class CompoundEntry(KBRecord):
    """Two ALK mutations on one allele, whose behaviour can differ from either member's."""

    id: str
    gene: str = "ALK"
    members: list[str] = Field(min_length=2)
    context: str | None = Field(
        None, description="model or disease the evidence comes from, when not ALK+ NSCLC patients"
    )
    summary: str | None = None
    citations: list[str] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(
        default_factory=list, description="what the sources say of the compound itself"
    )
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


class PhasingRule(KBRecord):
    """Read-backed phasing floors: tool conventions (not clinical facts), kept as data so a lab can tune them."""

    min_reads: int = Field(
        2, ge=1, description="reads or pairs needed to call cis (both changes) or trans (each alone)"
    )
    trans_noise_reads: int = Field(1, ge=0, description="reads with both changes tolerated as error when calling trans")
    trans_noise_floor: int = Field(20, ge=0, description="single-change reads needed before that tolerance applies")
    min_mapping_quality: int = Field(20, ge=0)
    min_base_quality: int = Field(20, ge=0)
    short_read_span: int = Field(
        1000, ge=1, description="bases beyond which no short read or pair is expected to span two changes"
    )
    status: Literal["convention"] = "convention"


class Compounds(KBRecord):
    phasing: PhasingRule = Field(default_factory=PhasingRule)
    groups: list[CompoundGroup] = Field(default_factory=list)
    entries: list[CompoundEntry] = Field(default_factory=list)


class Convention(KBRecord):
    """A rule or threshold of this tool (conventions.yaml), never presented as a clinical fact."""

    value: float | None = Field(None, ge=0, description="a fraction (not percent), or null for a rule without a number")
    status: Literal["convention"]
    basis: str


class UncuratedResistance(KBRecord):
    """A resistance residue or mutation the sources name without a per-drug profile (uncurated_resistance.yaml):
    a change matching it is an ALK kinase-domain mutation whose drug calls are unknown."""

    id: str
    gene: str = "ALK"
    residue: str | None = Field(
        None, pattern=rf"^[{AMINO_ACIDS}]\d+$", description="any change at this residue, e.g. G1202"
    )
    change: str | None = Field(None, description="one exact change, e.g. L1256F")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    citations: list[str] = Field(min_length=1)
    summary: str


class KBMeta(KBRecord):
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    release_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    description: str
