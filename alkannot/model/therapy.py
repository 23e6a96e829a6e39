"""The interpretation: the per-drug calls, the ranked options, the ALK driver status, what the inputs
assessed and where the patient stands in the ALK TKI sequence."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .base import Call, _new_list, _Record


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
            "established: a driver fusion in the inputs or ALK positivity stated by the clinical context; "
            "not_assessed: no fusion input and no clinical statement (the calls assume ALK-positive disease); "
            "not_detected: a fusion input holds no ALK driver and nothing states ALK positivity (calls not applicable)"
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
        default_factory=_new_list, description="genes of the class outside the panel design (the `targets` option)"
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
