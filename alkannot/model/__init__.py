"""Records that cross module boundaries: observations (what a file says), alterations (what it
means), therapy calls and the report. One definition each, used by readers, classifiers, the
interpreter and the writers alike. Field names follow the report contract in ARCHITECTURE.md.

One module per concept: `base` (strict records, shared vocabularies), `observations` (what the
readers return), `clinical` (the clinical context), `alterations` (the findings), `therapy` (the
calls and options), `warning` (the one warning type), `report`, `comparison` (baseline →
progression) and `phasing` (the interface the BAM reader implements). Import from here.

The comparison records load on first use (`alkannot compare` and `render` of a comparison): a
single-sample run never builds their pydantic models."""

from typing import TYPE_CHECKING, Any

from .alterations import (
    Alteration,
    CopyNumberDetail,
    Evidence,
    FusionBreakpoint,
    FusionDetail,
    OtherVariant,
    OtherVariantCount,
    PhaseEvidence,
    VariantDetail,
)
from .base import SCHEMA_VERSION, Build, Call, Category
from .clinical import AlkStatus, ClinicalContext, ClinicalFinding, Ihc, MetIhc, PdL1Ihc, Treatment
from .observations import Breakpoint, CopyNumberCall, FusionCall, SmallVariant, TranscriptAnnotation
from .phasing import PairCounts, Phaser, Site
from .report import InputFile, KnowledgeBaseInfo, LevelDefinition, Reference, RegionDefinition, Report, ToolInfo
from .therapy import AlkDriverStatus, AssessedClass, DrugHistory, Recommendation, ResistanceSetting, TherapyCall
from .warning import ReportWarning

__all__ = [
    "SCHEMA_VERSION",
    "AlkDriverStatus",
    "AlkStatus",
    "Alteration",
    "AlterationChange",
    "AssessedClass",
    "Breakpoint",
    "Build",
    "Call",
    "Category",
    "ClinicalContext",
    "ClinicalFinding",
    "Comparison",
    "ComparisonEvent",
    "CopyNumberCall",
    "CopyNumberDetail",
    "DrugHistory",
    "Evidence",
    "FusionBreakpoint",
    "FusionCall",
    "FusionDetail",
    "Ihc",
    "InputFile",
    "KnowledgeBaseInfo",
    "LevelDefinition",
    "MetIhc",
    "OtherVariant",
    "OtherVariantCount",
    "PairCounts",
    "PdL1Ihc",
    "PhaseEvidence",
    "Phaser",
    "Recommendation",
    "Reference",
    "RegionDefinition",
    "Report",
    "ReportRef",
    "ReportWarning",
    "ResistanceSetting",
    "Site",
    "SmallVariant",
    "TherapyCall",
    "ToolInfo",
    "TranscriptAnnotation",
    "Treatment",
    "VariantDetail",
]

if TYPE_CHECKING:
    from .comparison import AlterationChange, Comparison, ComparisonEvent, ReportRef

_LAZY = {"AlterationChange", "Comparison", "ComparisonEvent", "ReportRef"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import comparison

        return getattr(comparison, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
