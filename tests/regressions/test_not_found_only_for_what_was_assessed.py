"""Issue 18 item 2: with no copy-number input the summary said "No ALK resistance mutation, bypass
alteration or transformation was found", and a VCF with no ALK record read as "ALK sequenced, no
mutation" (with the seed-001 no-mutation options). The report now lists, per alteration class,
whether the inputs assessed it; "not found" is said only of an assessed class; `--targets BED` (the
panel's design) leaves genes outside it not assessed."""

from __future__ import annotations

import json

from conftest import run_cli

import alkannot

from ._patients import AFTER_ALECTINIB, kras_g12a, record, text, vcf


def assessed(report) -> dict[str, bool]:
    return {c.alteration_class: c.assessed for c in report.assessed}


def test_each_class_says_whether_it_was_assessed(tmp_path):
    report = alkannot.annotate(vcf=vcf(tmp_path, record("G1202R")), clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB))
    assert assessed(report) == {
        "alk_kinase_domain_mutation": True,
        "alk_fusion": False,
        "bypass_small_variant": True,
        "copy_number": False,
        "histology": False,
    }
    assert "bypass alteration or transformation was found" not in report.summary
    assert "Not assessed by the inputs: ALK fusions, copy number, histology" in report.summary


def test_a_vcf_without_any_alk_record_does_not_read_as_alk_sequenced(tmp_path):
    report = alkannot.annotate(vcf=vcf(tmp_path, kras_g12a(0.3)), clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB))
    assert assessed(report)["alk_kinase_domain_mutation"] is False
    warning = next(w for w in report.warnings if w.code == "no_alk_mutation")
    assert "ALK is not assessed" in warning.message and "whether ALK was sequenced is not known" in warning.message
    assert "no_alk_mutation_after_second_generation" not in {r.rule for r in report.recommendations}
    assert "Assessed and not found: ALK kinase-domain mutations" not in report.summary


def test_a_panel_design_covering_alk_assesses_it_and_leaves_other_genes_out(tmp_path):
    bed = text(tmp_path, "panel.bed", "track name=panel\nchr2\t29190000\t29930000\tALK\n")
    report = alkannot.annotate(
        vcf=vcf(tmp_path, record("I1171N")), targets=bed, clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB)
    )
    by_class = {c.alteration_class: c for c in report.assessed}
    assert (
        by_class["alk_kinase_domain_mutation"].assessed and "panel.bed" in by_class["alk_kinase_domain_mutation"].basis
    )
    assert {"KRAS", "MET", "EGFR"} <= set(by_class["bypass_small_variant"].genes_not_assessed)
    assert by_class["bypass_small_variant"].assessed is False
    assert "targets" in {i.kind for i in report.inputs}


def test_a_design_without_alk_leaves_the_no_mutation_rule_silent(tmp_path):
    bed = text(tmp_path, "panel.bed", "chr12\t25200000\t25260000\tKRAS\n")
    report = alkannot.annotate(
        vcf=vcf(tmp_path, record("G1202R")), targets=bed, clinical=text(tmp_path, "c.yaml", AFTER_ALECTINIB)
    )
    assert {c.alteration_class: c.assessed for c in report.assessed}["alk_kinase_domain_mutation"] is False


def test_targets_from_the_command_line_and_a_bad_bed_line(tmp_path):
    sample = vcf(tmp_path, record("G1202R"))
    good = text(tmp_path, "panel.bed", "chr2\t29190000\t29930000\n")
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(sample), "--targets", str(good), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["assessed"][0]["assessed"] is True
    bad = text(tmp_path, "bad.bed", "chr2\t29190000\t29930000\nchr2\tten\t20\n")
    result = run_cli("annotate", "--vcf", str(sample), "--targets", str(bad), "-o", str(tmp_path / "x.json"))
    lines = result.stderr.strip().splitlines()
    assert (
        result.exit_code == 2
        and len(lines) == 1
        and "bad.bed" in lines[0]
        and "2" in lines[0]
        and "Traceback" not in result.stderr
    )
    assert not (tmp_path / "x.json").exists()
