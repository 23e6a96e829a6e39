"""KB 1.4.0 took MET IHC overexpression from seed 000's discussion (">= 50%"); the seed's methods define
it as moderate or strong staining in MORE than 50% of tumour cells. 2+ in exactly 50% is not overexpression."""

from __future__ import annotations

import pytest

from alkannot.classify.clinical import clinical_findings
from alkannot.model import ClinicalContext


@pytest.mark.parametrize("percent,expected", [(50, "no"), (51, "yes")])
def test_met_overexpression_is_more_than_half(kb, percent, expected):
    context = ClinicalContext.model_validate({"ihc": {"MET": {"score": "2+", "percent": percent}}})
    finding = next(f for f in clinical_findings(context, kb) if f.code == "met_overexpression")
    assert finding.value == expected and "> 50%" in finding.rule
