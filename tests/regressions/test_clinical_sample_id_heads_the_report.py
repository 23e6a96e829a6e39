"""The clinical file said `sample_id: P01-T2` and the report was headed by the VCF's `P01_TUMOR`,
without a warning; P01's clinical file with another patient's MAF gave a report headed "Patient P01
· Sample TCGA-05-4417-01". The clinical sample_id now heads the report, the data's own sample is kept
beside it (`data_sample_id`, `inputs[].sample`), and a data sample that does not fit it is a
`sample_mismatch` warning naming both (the sample-swap guard)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, shared_path

P01_VCF = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"  # samples P01_NORMAL, P01_TUMOR


def _clinical(tmp_path: Path, **keys: str) -> Path:
    path = tmp_path / "clinical.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in keys.items()))
    return path


def _report(*args: str) -> dict:
    result = run_cli("annotate", *args, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _mismatches(report: dict) -> list[str]:
    return [w["message"] for w in report["warnings"] if w["code"] == "sample_mismatch"]


def test_a_clinical_sample_that_is_not_the_vcf_sample_is_warned_about(tmp_path):
    report = _report(
        "--vcf", str(P01_VCF), "--clinical", str(_clinical(tmp_path, patient_id="P01", sample_id="P01-T2"))
    )
    assert (report["patient_id"], report["sample_id"], report["data_sample_id"]) == ("P01", "P01-T2", "P01_TUMOR")
    assert [i["sample"] for i in report["inputs"]] == ["P01_TUMOR", "P01-T2"]
    (message,) = _mismatches(report)
    assert "'P01-T2'" in message and "'P01_TUMOR'" in message


def test_another_patients_maf_is_warned_about(tmp_path):
    maf = shared_path("realworld", "oncokb-annotator", "example_maf.txt")
    report = _report(
        "--maf",
        str(maf),
        "--sample",
        "TCGA-05-4417-01",
        "--clinical",
        str(_clinical(tmp_path, patient_id="P01", sample_id="P01-T1")),
    )
    assert (report["sample_id"], report["data_sample_id"]) == ("P01-T1", "TCGA-05-4417-01")
    (message,) = _mismatches(report)
    assert "'P01-T1'" in message and "'TCGA-05-4417-01'" in message


@pytest.mark.parametrize(
    "clinical, data",
    [
        ("TCGA-05-4417-01", "TCGA-05-4417-01"),  # the same name
        ("tcga_05_4417_01", "TCGA-05-4417-01"),  # the same once case and separators are ignored
        ("TCGA-05-4417", "TCGA-05-4417-01"),  # one the other continued after a separator
    ],
)
def test_names_that_fit_are_not_warned_about(tmp_path, clinical, data):
    maf = shared_path("realworld", "oncokb-annotator", "example_maf.txt")
    report = _report("--maf", str(maf), "--sample", data, "--clinical", str(_clinical(tmp_path, sample_id=clinical)))
    assert report["sample_id"] == clinical and report["data_sample_id"] == data and _mismatches(report) == []


def test_a_column_named_only_tumor_names_no_one(tmp_path):
    vcf = EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"  # its one sample is 'TUMOR'
    report = _report("--vcf", str(vcf), "--clinical", str(_clinical(tmp_path, sample_id="P03-T1")))
    assert (report["sample_id"], report["data_sample_id"]) == ("P03-T1", "TUMOR") and _mismatches(report) == []


def test_inputs_naming_different_samples_are_warned_about(tmp_path):
    fusions = tmp_path / "f.tsv"
    fusions.write_text("Tumor_Sample_Barcode\tFusion\nP07-RNA\tEML4-ALK\n")
    report = _report("--vcf", str(P01_VCF), "--fusions", str(fusions))
    assert report["sample_id"] == "P01_TUMOR"
    (message,) = _mismatches(report)
    assert "'P01_TUMOR' (vcf)" in message and "'P07-RNA' (fusions)" in message
