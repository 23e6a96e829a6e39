"""Hotspots a panel assessed and did not find (GT 0/0, AF 0) are not reported as mutations.

What broke: Ion Reporter / Oncomine VCFs write every panel hotspot with FILTER=PASS whether it is
present or not, absent ones with GT 0/0 and AF 0. alkannot listed each as a finding: ALK F1174L and
L1196M beside the sample's real G1202R, BRAF V600E, EGFR T790M/L858R, KRAS G12C, and "compound
mutations" built from them, all with VAF 0. Now a record counts only if the chosen sample's genotype
carries its ALT allele; the others are counted per gene as assessed, not detected."""

from __future__ import annotations

import json

from conftest import ROOT, annotate_json, run_cli, shared_path, write_vcf

from alkannot.readers.presence import HOM_REF, NO_CALL, OTHER_ALT

ONCOMINE = (
    ROOT / "tests" / "data" / "oncomine_hotspots.GRCh37.vcf"
)  # hg19 coordinates of the ALK model's and the KB hotspot table's


def _names(report: dict) -> list[str]:
    return sorted(a["name"] for a in report["alterations"])


def _counts(report: dict) -> dict[tuple[str | None, str], int]:
    return {(c["gene"], c["reason"]): c["count"] for c in report["other_variants_counted"]}


def test_only_the_carried_mutation_is_reported():
    report = annotate_json("--vcf", str(ONCOMINE))
    assert _names(report) == ["ALK p.G1202R"]
    assert report["genome_build"] == "GRCh37"
    assert _counts(report) == {("ALK", HOM_REF): 3, ("BRAF", HOM_REF): 1, ("EGFR", HOM_REF): 2, ("KRAS", NO_CALL): 1}
    assert "genotype_contradiction" not in {w["code"] for w in report["warnings"]}


def test_the_same_hotspots_carried_are_reported(tmp_path):
    """The control: with the genotypes turned to 0/1 every hotspot of the file is found, so the
    coordinates are the ones the transcript models and hotspot table name."""
    carried = tmp_path / "carried.vcf"
    carried.write_text(ONCOMINE.read_text().replace("\t0/0:", "\t0/1:").replace("\t./.:", "\t0/1:"))
    names = set(_names(annotate_json("--vcf", str(carried))))
    # EGFR T790M is no bypass finding since KB 2.0.0 (the cited source speaks of EGFR activation, not T790M)
    assert {"ALK p.G1202R", "ALK p.L1196M", "ALK p.F1174L", "BRAF p.V600E", "EGFR p.L858R", "KRAS p.G12C"} <= names


def test_html_says_what_was_assessed(tmp_path):
    html = tmp_path / "r.html"
    assert (
        run_cli("annotate", "--vcf", str(ONCOMINE), "-o", str(tmp_path / "r.json"), "--html", str(html)).exit_code == 0
    )
    assert f"BRAF: 1 variant counted, not listed ({HOM_REF})" in html.read_text()


def test_a_multi_allelic_record_gives_the_alt_the_genotype_carries(tmp_path):
    rec = "chr2\t29443613\t.\tC\tG,T\t.\tPASS\tDP=300\tGT:AD\t0/2:200,0,100"  # GT 0/2: the second ALT (T, G1202R), not the first
    report = annotate_json(
        "--vcf", str(write_vcf(tmp_path / "multi.vcf", [rec], contig="##contig=<ID=chr2,length=243199373>"))
    )
    assert _names(report) == ["ALK p.G1202R"]
    assert _counts(report) == {("ALK", OTHER_ALT): 1}


def test_a_tumour_normal_file_reads_the_tumour_genotype(tmp_path):
    rec = "chr2\t29443613\t.\tC\tT\t.\tPASS\tDP=300\tGT:AD\t0/0:300,0\t0/1:150,150"  # the normal carries it, the tumour does not
    vcf = write_vcf(
        tmp_path / "tn.vcf", [rec], samples=["P1_TUMOR", "P1_NORMAL"], contig="##contig=<ID=chr2,length=243199373>"
    )
    report = annotate_json("--vcf", str(vcf))
    assert report["alterations"] == [] and _counts(report) == {("ALK", HOM_REF): 1}


def test_real_oncomine_exports_report_no_alteration_from_absent_hotspots():
    for name in ("ncimatch.all_data_types.vcf", "ncimatch.input_0.1.5.vcf"):
        report = annotate_json("--vcf", str(shared_path("realworld", "vcf", "oncomine", name)))
        assert report["genome_build"] == "GRCh37"
        assert not [a for a in report["alterations"] if a.get("variant") and not a["variant"].get("vaf")], json.dumps(
            report["alterations"]
        )
