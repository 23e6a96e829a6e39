"""Baseline → progression: the comparison of two reports of one patient (`alkannot compare`)."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import Field

from .base import SCHEMA_VERSION, Category, _new_list, _Record
from .report import ToolInfo
from .warning import ReportWarning


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
