"""Issue 18 item 2 (cohort side): a manifest could not name a sample's panel design, so a cohort report
read every gene as assessed. A `targets` column gives the BED `annotate --targets` reads; a row with
only a design (or only a BAM) names no input to annotate and is refused."""

from __future__ import annotations

import json

from conftest import run_cli

from ._patients import record, text, vcf


def test_the_targets_column_reaches_the_report(tmp_path):
    sample = vcf(tmp_path, record("G1202R"))
    bed = text(tmp_path, "panel.bed", "chr12\t25200000\t25260000\n")
    manifest = text(tmp_path, "m.tsv", f"sample_id\tvcf\ttargets\nS1\t{sample}\t{bed}\n")
    result = run_cli("cohort", str(manifest), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "out" / "S1.json").read_text())
    assert "targets" in {i["kind"] for i in report["inputs"]}
    alk = next(c for c in report["assessed"] if c["alteration_class"] == "alk_kinase_domain_mutation")
    assert alk["assessed"] is False and "panel.bed" in alk["basis"]


def test_a_row_with_only_a_design_is_refused(tmp_path):
    bed = text(tmp_path, "panel.bed", "chr2\t1\t2\n")
    manifest = text(tmp_path, "m.tsv", f"sample_id\ttargets\nS1\t{bed}\n")
    result = run_cli("cohort", str(manifest), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 2 and "names no input file" in result.stderr
