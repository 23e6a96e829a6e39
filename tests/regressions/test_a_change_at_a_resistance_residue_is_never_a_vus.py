"""Issue 18 item 5: G1202del was a VUS, the report then said no ALK resistance mutation was found
and applied the seed-001 no-mutation options (L1256F and T1151M fell into the same hole). A change
the knowledge base names as a resistance residue or mutation without a per-drug profile
(mutations.yaml `resistance_without_profile`, and every change at a residue of
knowledgebase/uncurated_resistance.yaml) is an `alk_kinase_domain_mutation` whose drug profile is
not curated: its calls read unknown and the no-mutation rules do not fire."""

from __future__ import annotations

import pytest

import alkannot

from ._patients import AFTER_ALECTINIB, calls, codon_deletion, fusion, record, text, vcf


# L1256F has had a per-drug profile since KB 2.0.0 (OKADA19), so it is no longer among these
@pytest.mark.parametrize(
    "name,line",
    [
        ("G1202del", lambda: codon_deletion(1202)),
        ("T1151M", lambda: record("T1151M")),
        ("G1202K", lambda: record("G1202K")),
    ],
)
def test_labelled_with_drug_profile_not_curated(tmp_path, name, line):
    report = alkannot.annotate(
        vcf=vcf(tmp_path, line()), clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB), fusions=fusion(tmp_path)
    )
    alt = next(a for a in report.alterations if a.gene == "ALK" and a.variant is not None)
    assert alt.name == f"ALK p.{name}" and alt.category == "alk_kinase_domain_mutation"
    assert any("Drug profile not curated" in (e.note or "") and e.citations for e in alt.evidence)
    for drug in ("crizotinib", "ceritinib", "brigatinib", "lorlatinib"):
        assert calls(report)[drug].call == "unknown" and alt.id in calls(report)[drug].driven_by
    assert "no_alk_mutation" not in {w.code for w in report.warnings}
    assert "no_alk_mutation_after_second_generation" not in {r.rule for r in report.recommendations}


def test_a_change_at_another_residue_stays_a_vus(tmp_path):
    report = alkannot.annotate(vcf=vcf(tmp_path, record("R1275Q")), fusions=fusion(tmp_path))
    assert next(a for a in report.alterations if a.gene == "ALK" and a.variant is not None).category == "vus"


def test_a_listed_change_with_its_own_profile_is_refused_by_the_kb_validator(tmp_path):
    import shutil

    from alkannot.knowledge import validate_knowledgebase

    kb = tmp_path / "kb"
    shutil.copytree(alkannot.load_knowledgebase().path, kb)
    path = kb / "uncurated_resistance.yaml"
    path.write_text(
        path.read_text() + "  - id: ALK_G1202R_again\n    change: G1202R\n    citations: [LIN17]\n    summary: x\n"
    )
    _, problems = validate_knowledgebase(kb)
    assert any("ALK_G1202R_again" in p and "own entry in mutations.yaml" in p for p in problems)
