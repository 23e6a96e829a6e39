"""KB 1.4.0 limited every ALK-only drug at R2 (clinical evidence) for any bypass mechanism, also for those
resting only on a review table (EGFR activation, MEK reactivation, KRAS G12C). KB 2.0.0 limits at
'preclinical' when a mechanism's stated evidence has no clinical item."""

from __future__ import annotations


def test_the_limit_level_follows_the_mechanisms_evidence(kb):
    limit = kb.files.recommendations.bypass_limit
    assert limit.level_for(kb.mechanism("MET_amplification")) == "R2"  # DAGOGO20: patients' biopsies
    assert limit.level_for(kb.mechanism("NF2_loss")) == "R2"  # RECONDO20: patients
    for mid in ("EGFR_activating", "MAP2K1_activating", "KRAS_G12C"):  # PMC8448518 Table 1 only
        assert limit.level_for(kb.mechanism(mid)) == "preclinical", mid
