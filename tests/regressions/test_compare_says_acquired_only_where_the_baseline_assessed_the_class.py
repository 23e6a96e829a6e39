"""Issue 18 item 11: a baseline with only a fusion result against a progression VCF listed G1202R as
`acquired` with the event `acquired_resistance_mutation`. New at progression, it was not assessed at
baseline: `not_assessed_at_baseline`, and the events say so."""

from __future__ import annotations

import alkannot
from alkannot.report.json_writer import dumps

from ._patients import fusion, record, text, vcf


def report_file(tmp_path, name, **inputs):
    ctx = text(tmp_path, f"{name}.yaml", f"patient_id: PX\nsample_id: {name}\nspecimen: tissue\n")
    return text(tmp_path, f"{name}.json", dumps(alkannot.annotate(clinical=ctx, **inputs)))


def test_a_mutation_the_baseline_did_not_assess_is_not_acquired(tmp_path):
    base = report_file(tmp_path, "T1", fusions=fusion(tmp_path))
    prog = report_file(tmp_path, "T2", vcf=vcf(tmp_path, record("G1202R")), fusions=fusion(tmp_path))
    cmp = alkannot.compare(base, prog)
    assert [c.id for c in cmp.not_assessed_at_baseline] == ["ALK:G1202R"] and cmp.acquired == []
    assert cmp.not_assessed_at_baseline[0].status == "not_assessed_at_baseline"
    codes = {e.code for e in cmp.events}
    assert "acquired_resistance_mutation" not in codes and "new_not_assessed_at_baseline" in codes


def test_a_baseline_that_sequenced_alk_makes_it_acquired(tmp_path):
    base = report_file(tmp_path, "T1", vcf=vcf(tmp_path, record("R1275Q"), name="b.vcf"), fusions=fusion(tmp_path))
    prog = report_file(tmp_path, "T2", vcf=vcf(tmp_path, record("G1202R"), name="p.vcf"), fusions=fusion(tmp_path))
    cmp = alkannot.compare(base, prog)
    assert "ALK:G1202R" in [c.id for c in cmp.acquired] and cmp.not_assessed_at_baseline == []
    assert "acquired_resistance_mutation" in {e.code for e in cmp.events}
