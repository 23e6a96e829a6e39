"""Ion Reporter / Oncomine VCFs: one --vcf gives its fusions (partner, exons, support), its copy
number and MET exon 14 skipping; failed or read-less fusion targets are assessed, never findings."""

from __future__ import annotations

from pathlib import Path

from alkannot import annotate
from alkannot.readers.oncomine import is_ion_reporter, read_oncomine_fusions

from conftest import shared_path

FORMATS = Path(__file__).parent / "formats"
ONCOMINE = FORMATS / "oncomine.fusion-cnv.vcf"


def test_one_vcf_gives_the_fusion_the_copy_number_and_exon_skipping():
    report = annotate(vcf=ONCOMINE)
    names = {a.name: a for a in report.alterations}
    fusion = names["EML4::ALK v1 (E13;A20)"].fusion
    assert fusion.role == "driver" and fusion.supporting_reads == 1520
    assert names["MET amplification (CN 8.5)"].category == "bypass"
    assert names["MET exon 14 skipping (RNA: exon 13::exon 15 junction)"].kb_entry == "MET_exon14"
    assert report.alk_driver.status == "established"
    assert {i.kind for i in report.inputs} == {"vcf", "fusions", "cnv"}
    assert not any(w.code == "symbolic_allele_skipped" for w in report.warnings)


def test_failed_and_read_less_fusion_targets_are_counted_not_reported():
    result = read_oncomine_fusions(ONCOMINE)
    assert [c.name_as_given for c in result.calls] == ["EML4-ALK.E13A20.AB462411", "MET-MET.M13M15"]
    assert [w.code for w in result.warnings] == ["fusion_targets_not_detected"]


def test_real_ncimatch_vcf_has_no_fusion_finding_and_reads_its_cnv_records():
    path = shared_path("realworld", "vcf", "oncomine", "ncimatch.all_data_types.vcf")
    assert is_ion_reporter(path)
    report = annotate(vcf=path)
    assert not any(a.fusion is not None for a in report.alterations)  # AGTRAP-BRAF has READ_COUNT=0
    assert any(w.code == "fusion_targets_not_detected" for w in report.warnings)
    assert any(w.code == "no_alk_fusion" for w in report.warnings)
    assert "cnv" in {i.kind for i in report.inputs}


def test_an_ordinary_vcf_is_not_read_for_fusions():
    path = shared_path("realworld", "vcf", "vcf2maf.test_varscan.vcf")
    assert not is_ion_reporter(path)
    report = annotate(vcf=path)
    assert [i.kind for i in report.inputs] == ["vcf"]


def test_an_amplification_whose_confidence_interval_reaches_below_the_threshold_is_a_gain(tmp_path):
    text = (
        ONCOMINE.read_text().replace("CI=0.05:7.1,0.95:9.9", "CI=0.05:3.2,0.95:9.9").replace("./.:0:8.5", "./.:0:6.1")
    )
    path = tmp_path / "uncertain.vcf"
    path.write_text(text)
    met = next(a for a in annotate(vcf=path).alterations if a.copy_number is not None and a.gene == "MET")
    assert met.copy_number.call == "gain" and met.category == "co_alteration"
    assert "3.2–9.9" in met.copy_number.rule


def test_given_as_sv_vcf_it_is_read_with_the_panels_filters_too():
    report = annotate(sv_vcf=ONCOMINE)
    names = {a.name for a in report.alterations}
    assert "EML4::ALK v1 (E13;A20)" in names
    assert any(w.code == "fusion_targets_not_detected" for w in report.warnings)


def test_a_passed_alk_expression_imbalance_is_a_warning_not_a_finding(tmp_path):
    lines = ONCOMINE.read_text().splitlines(keepends=True)
    lines = [
        line.replace("\tFAIL\tSVTYPE=5p3pAssays", "\tPASS\tSVTYPE=5p3pAssays")
        for line in lines
        if "EML4-ALK.E13A20.AB462411" not in line
    ]
    path = tmp_path / "imbalance.vcf"
    path.write_text("".join(lines))
    report = annotate(vcf=path)
    assert not any(a.category == "alk_fusion" for a in report.alterations)
    assert any(w.code == "alk_expression_imbalance" for w in report.warnings)
    assert report.alk_driver.status != "established"
