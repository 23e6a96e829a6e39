"""What every record shares: strict pydantic records, the default of list fields, and the
vocabularies (genome build, therapy call, alteration category) that several records use."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

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
