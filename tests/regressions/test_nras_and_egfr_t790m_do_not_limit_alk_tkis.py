"""KB 1.4.0's bypass convention turned every ALK-only drug resistant for NRAS hotspots (named by no source
read for ALK resistance) and for EGFR T790M (the cited row speaks of EGFR/HER activation, not of a
resistance mutation). KB 2.0.0 marks only mechanisms a source reports at ALK-TKI resistance."""

from __future__ import annotations


def test_nras_is_a_co_alteration_that_limits_nothing(kb):
    nras = kb.mechanism("NRAS_activating")
    assert nras.limits_alk_tkis is False and nras.category == "co_alteration"


def test_t790m_is_not_an_egfr_activation_change(kb):
    assert "T790M" not in kb.mechanism("EGFR_activating").changes
