"""KB 2.0.0 gives the G1202R- and I1171-based compound families their own calls (compounds.yaml
`groups`: lorlatinib resistant, unconfirmed, SHIBA22/RECONDO20/OKADA19), for a compound of the family
without an entry of its own. What broke: the interpreter never read them, so G1202R + L1196M in cis
read lorlatinib resistant only by convention after lorlatinib (no level, no source) and unknown after
alectinib. The family's call now speaks for the compound; a drug the family has no call for still
falls to the compound rules (never the sum of sensitive members)."""

from __future__ import annotations

import alkannot

from ._patients import AFTER_ALECTINIB, calls, fusion, record, text, vcf

AFTER_LORLATINIB = AFTER_ALECTINIB + "  - {drug: lorlatinib, line: 2, stop_reason: progression}\n"


def _cis(tmp_path, clinical):
    sample = vcf(tmp_path, record("L1196M", gt="0|1", ps=7), record("G1202R", gt="0|1", ps=7))
    return alkannot.annotate(vcf=sample, clinical=text(tmp_path, "c.yaml", clinical), fusions=fusion(tmp_path))


def test_g1202r_based_compound_reads_lorlatinib_resistant_from_its_family(tmp_path):
    for clinical in (AFTER_ALECTINIB, AFTER_LORLATINIB):
        report = _cis(tmp_path, clinical)
        compound = next(a for a in report.alterations if a.category == "alk_compound_mutation")
        assert compound.phase == "cis" and compound.compound_group == "G1202R-based"
        lorlatinib = calls(report)["lorlatinib"]
        assert (lorlatinib.call, lorlatinib.level, lorlatinib.status) == ("resistant", "R2", "unconfirmed")
        assert compound.id in lorlatinib.driven_by and lorlatinib.citations
        assert "compound_arose_on_drug" not in lorlatinib.conventions  # a sourced call, not the convention
        assert "G1202R-based compounds' call" in lorlatinib.rationale


def test_a_drug_the_family_has_no_call_for_stays_under_the_compound_rules(tmp_path):
    ensartinib = calls(_cis(tmp_path, AFTER_ALECTINIB))["ensartinib"]
    assert ensartinib.call == "unknown"
