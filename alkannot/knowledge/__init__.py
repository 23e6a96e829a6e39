"""The versioned knowledge base: every fact the classifier and interpreter use (drugs and aliases,
kinase-domain bounds, structural regions, per-drug calls with evidence level and citations, bypass
mechanisms, fusion variants, conventions) lives in `knowledgebase/` as cited YAML; this package reads
and checks it, and answers look-ups.

- `models`, `bypass_models`, `fusion_models`: the pydantic models of the YAML files and their constants
- `base`: `KBFiles` (the whole KB as one document) and `KnowledgeBase` (it, with look-ups)
- `loading`: reading a folder (`load_knowledgebase`, `validate_knowledgebase`, `default_kb_path`)
- `validate`, `curation`: the cross-file checks and the curation rules of KB 2.0 (`kb validate`)
- `cache`: the compiled pickle cache of a KB that validated once
- `schema`: the JSON Schema `alkannot schema kb` prints
- `coverage`, `diff`: `kb show --coverage` and `kb diff`

The names below are re-exported so that `from alkannot.knowledge import KnowledgeBase, ...` works;
code inside alkannot may import from the module that holds a name."""

from typing import TYPE_CHECKING, Any

from .base import KBFiles, KnowledgeBase
from .bypass_models import (
    AmplificationRule,
    ApprovalBaseline,
    Bypass,
    BypassLimit,
    ClinicalRules,
    CopyNumberTier,
    ExonSkippingRule,
    Hotspots,
    Mechanism,
    MetIhcRule,
    RecommendationOption,
    RecommendationRule,
    Recommendations,
    SettingRationale,
    Situation,
    Strategy,
    TpsCategory,
)
from .cache import CACHE_ENV, kb_cache_dir
from .fusion_models import (
    JUNCTION,
    AlkKinaseExon,
    BypassFact,
    BypassGenes,
    CitedStatement,
    ConventionValue,
    ExonNumbering,
    FusionPartner,
    Fusions,
    FusionVariant,
)
from .loading import (
    KB_FILES,
    default_kb_path,
    kb_sha256,
    load_knowledgebase,
    load_transcripts,
    validate_knowledgebase,
)
from .models import (
    AMINO_ACIDS,
    EVIDENCE_TYPES,
    LEVELS,
    PROTEIN_CHANGE,
    READ,
    RESISTANCE_LEVELS,
    SENSITIVITY_LEVELS,
    CompoundEntry,
    CompoundGroup,
    Compounds,
    Convention,
    Definitions,
    Drug,
    DrugCall,
    EvidenceItem,
    EvidenceLevel,
    EvidenceType,
    KBMeta,
    KinaseDomain,
    MutationEntry,
    PhasingRule,
    ReadAs,
    Reference,
    Region,
    Trial,
    UncuratedResistance,
)

if TYPE_CHECKING:
    from .schema import kb_json_schema
    from .validate import CONVENTIONS_USED

__all__ = [
    "AMINO_ACIDS",
    "CACHE_ENV",
    "CONVENTIONS_USED",
    "EVIDENCE_TYPES",
    "JUNCTION",
    "KB_FILES",
    "LEVELS",
    "PROTEIN_CHANGE",
    "READ",
    "RESISTANCE_LEVELS",
    "SENSITIVITY_LEVELS",
    "AlkKinaseExon",
    "AmplificationRule",
    "ApprovalBaseline",
    "Bypass",
    "BypassFact",
    "BypassGenes",
    "BypassLimit",
    "CitedStatement",
    "ClinicalRules",
    "CompoundEntry",
    "CompoundGroup",
    "Compounds",
    "Convention",
    "ConventionValue",
    "CopyNumberTier",
    "Definitions",
    "Drug",
    "DrugCall",
    "EvidenceItem",
    "EvidenceLevel",
    "EvidenceType",
    "ExonNumbering",
    "ExonSkippingRule",
    "FusionPartner",
    "FusionVariant",
    "Fusions",
    "Hotspots",
    "KBFiles",
    "KBMeta",
    "KinaseDomain",
    "KnowledgeBase",
    "Mechanism",
    "MetIhcRule",
    "MutationEntry",
    "PhasingRule",
    "ReadAs",
    "RecommendationOption",
    "RecommendationRule",
    "Recommendations",
    "Reference",
    "Region",
    "SettingRationale",
    "Situation",
    "Strategy",
    "TpsCategory",
    "Trial",
    "UncuratedResistance",
    "default_kb_path",
    "kb_cache_dir",
    "kb_json_schema",
    "kb_sha256",
    "load_knowledgebase",
    "load_transcripts",
    "validate_knowledgebase",
]


def __getattr__(name: str) -> Any:
    """The schema export and the cross-file checks load on first use: a run that reads the compiled
    knowledge base never needs them."""
    if name == "kb_json_schema":
        from .schema import kb_json_schema

        return kb_json_schema
    if name == "CONVENTIONS_USED":
        from .validate import CONVENTIONS_USED

        return CONVENTIONS_USED
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
