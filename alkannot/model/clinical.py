"""The clinical context as the clinical file states it (ALK status, IHC, treatments), and the findings
the interpreter reads from it."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

from typing import Literal

from pydantic import ConfigDict, Field

from .base import _new_list, _Record


class AlkStatus(_Record):
    """The ALK test result the clinical file states (IHC, FISH, NGS or RT-PCR)."""

    result: Literal["positive", "negative", "equivocal"]
    method: Literal["IHC", "FISH", "NGS", "RT-PCR"] | None = None


class MetIhc(_Record):
    """MET immunohistochemistry: staining intensity score and the percent of tumour cells at it."""

    score: Literal["0", "1+", "2+", "3+"]
    percent: float | None = Field(None, ge=0, le=100, description="percent of tumour cells stained at that intensity")


class PdL1Ihc(_Record):
    """PD-L1 immunohistochemistry: the tumour proportion score."""

    tps: float = Field(ge=0, le=100, description="tumour proportion score, %")


class Ihc(_Record):
    """Immunohistochemistry results the clinical file gives (keys `MET` and `PD-L1`)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True, defer_build=True)

    MET: MetIhc | None = None
    PD_L1: PdL1Ihc | None = Field(None, alias="PD-L1")


class Treatment(_Record):
    """One course of treatment from the clinical file, drug names resolved to the international name."""

    drug: str = Field(description="international name, aliases resolved")
    drug_as_given: str | None = None
    line: int | None = Field(None, ge=1)
    start: str | None = Field(None, description="YYYY-MM or YYYY-MM-DD")
    end: str | None = None
    stop_reason: Literal["progression", "toxicity", "other", "ongoing"] | None = None


class ClinicalContext(_Record):
    """The patient's context as the clinical file states it (every key optional)."""

    patient_id: str | None = None
    sample_id: str | None = None
    specimen: Literal["tissue", "plasma", "cytology"] | None = None
    tumor_fraction: float | None = Field(None, ge=0, le=1)
    alk_status: AlkStatus | None = None
    histology: Literal["adenocarcinoma", "squamous_transformation", "small_cell_transformation", "other"] | None = None
    ihc: Ihc | None = None
    treatments: list[Treatment] = Field(default_factory=_new_list)


class ClinicalFinding(_Record):
    """A finding read from the clinical context (IHC category …) that the interpreter can use."""

    code: str = Field(description="e.g. met_overexpression, pdl1_tps_category")
    label: str
    value: str
    rule: str | None = None
    citations: list[str] = Field(default_factory=_new_list)
