"""Models of fusions.yaml: the EML4::ALK variants keyed by exon junction, fusion partners and their
calls, the ALK kinase exon and its other numberings, and the kinase genes whose fusions are bypass."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

import re
from typing import Literal

from pydantic import Field, field_validator

from .models import DrugCall, EvidenceItem, KBRecord

JUNCTION = re.compile(
    r"^(?P<five>[A-Z])(?P<five_exon>\d+[ab]?)(?P<five_edit>(?:ins\d+|del\d+)*);"
    r"(?P<three_edit>(?:ins\d+|del\d+)*)(?P<three>[A-Z])(?P<three_exon>\d+)$"
)
"""E<exon>;A<exon>, with the irregular junctions the IASLC atlas names: bases inserted or deleted at
either side, e.g. E14;del49A20 (49 bases of ALK exon 20 missing), E2;ins117A20, E15del19;del20A20."""


class CitedStatement(KBRecord):
    summary: str
    citations: list[str] = Field(min_length=1)


class AlkKinaseExon(KBRecord):
    """The ALK exon a canonical fusion starts at (exon 20 of NM_004304)."""

    exon: int
    transcript: str
    summary: str
    citations: list[str] = Field(min_length=1)


class ExonNumbering(KBRecord):
    """Another numbering of the ALK exon a canonical fusion starts at (some panels call exon 20 'A21')."""

    given: int = Field(description="the exon number as the panel writes it")
    reads_as: int = Field(description="the exon of alk_kinase_exon.transcript it is read as")
    status: Literal["established", "unconfirmed"] = "unconfirmed"
    note: str
    citations: list[str] = Field(min_length=1)


class ConventionValue(KBRecord):
    """A tool convention kept as data (a lab may tune it), never presented as a clinical fact."""

    value: int = Field(ge=1)
    status: Literal["convention"]
    basis: str


class FusionVariant(KBRecord):
    """An EML4::ALK variant label keyed by its exon junction, as a source names it."""

    id: str
    junction: str = Field(description="EML4 exon ; ALK exon, e.g. E13;A20")
    label: str
    naming: Literal["general", "naming_dependent"] = Field(
        "general", description="naming_dependent: the label means this junction only in the cited naming system"
    )
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


class FusionPartner(KBRecord):
    """What the sources say of PARTNER::ALK fusions (gene 'intergenic' for intergenic partners)."""

    gene: str
    locus: str | None = None
    summary: str
    calls: list[DrugCall] = Field(default_factory=list)
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)
    evidence: list[EvidenceItem] = Field(default_factory=list)


class BypassGenes(KBRecord):
    """Kinase genes whose fusions count as off-target findings, with the side that keeps the kinase."""

    status: Literal["convention"]
    basis: str
    genes: dict[str, Literal["5p", "3p"]]


class BypassFact(KBRecord):
    gene: str
    summary: str
    status: Literal["established", "unconfirmed"] = "established"
    citations: list[str] = Field(min_length=1)


class Fusions(KBRecord):
    gene_models: str = Field(description="exon models of partner and bypass genes under transcripts/")
    naming: CitedStatement
    alk_kinase_exon: AlkKinaseExon
    alk_exon_numbering: list[ExonNumbering] = Field(default_factory=list)
    min_supporting_reads: ConventionValue
    min_supporting_reads_bypass: ConventionValue | None = Field(
        None, description="minimum support of a bypass fusion (default: min_supporting_reads)"
    )
    breakpoint_edge_tolerance: ConventionValue | None = Field(
        None, description="bases a breakpoint may sit from an exon edge and be snapped to it (default 5)"
    )
    eml4_alk_variants: list[FusionVariant]
    partners: list[FusionPartner] = Field(default_factory=list)
    bypass_genes: BypassGenes
    bypass_facts: list[BypassFact] = Field(default_factory=list)
