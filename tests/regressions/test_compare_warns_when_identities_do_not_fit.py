"""`compare` checked only that two reports' patient ids were not different: two reports of one
sample, a report with no patient whose sample names another one, or a report whose own inputs named
different samples were compared without a word. Reports of different patients are still refused;
identities that do not fit one patient's baseline and progression are now a `sample_identity`
warning."""

from __future__ import annotations

import json
from pathlib import Path

import alkannot
from conftest import EXAMPLES, run_cli

P01_VCF = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P04_BCF = EXAMPLES / "P04_no_alk_mutation.GRCh38.bcf"


def _report(tmp_path: Path, name: str, vcf: Path, **clinical: str) -> Path:
    args = ["annotate", "--vcf", str(vcf)]
    if clinical:
        context = tmp_path / f"{name}.yaml"
        context.write_text("".join(f"{k}: {v}\n" for k, v in clinical.items()))
        args += ["--clinical", str(context)]
    out = tmp_path / f"{name}.json"
    result = run_cli(*args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def _identity(cmp) -> list[str]:
    return [w.message for w in cmp.warnings if w.code == "sample_identity"]


def test_two_reports_of_one_sample_are_warned_about(tmp_path):
    base = _report(tmp_path, "base", P04_BCF, patient_id="P09", sample_id="P09-T1")
    prog = _report(tmp_path, "prog", P01_VCF, patient_id="P09", sample_id="P09-T1")
    assert any("both clinical files name sample 'P09-T1'" in m for m in _identity(alkannot.compare(base, prog)))


def test_a_sample_that_does_not_name_the_other_reports_patient_is_warned_about(tmp_path):
    base = _report(tmp_path, "base", P04_BCF, patient_id="P09", sample_id="P09-T1")
    prog = _report(tmp_path, "prog", P01_VCF)  # no clinical file: headed by the VCF's P01_TUMOR
    messages = _identity(alkannot.compare(base, prog))
    assert any("'P01_TUMOR' does not name patient 'P09'" in m for m in messages), messages


def test_a_report_warning_of_a_sample_mismatch_is_carried_into_the_comparison(tmp_path):
    base = _report(tmp_path, "base", P04_BCF, patient_id="P01", sample_id="P01-T1")
    prog = _report(tmp_path, "prog", P01_VCF, patient_id="P01", sample_id="P01-T2")  # the VCF names P01_TUMOR
    messages = _identity(alkannot.compare(base, prog))
    assert any(m.startswith("the progression report warns:") and "'P01_TUMOR'" in m for m in messages), messages


def test_fitting_identities_give_no_warning(tmp_path):
    base = _report(tmp_path, "base", P04_BCF, patient_id="P01", sample_id="p04-t")  # the BCF names P04_T
    prog = _report(tmp_path, "prog", P01_VCF, patient_id="P01", sample_id="P01_TUMOR")
    assert _identity(alkannot.compare(base, prog)) == []


def test_reports_of_different_patients_are_still_refused(tmp_path):
    base = _report(tmp_path, "base", P04_BCF, patient_id="PA", sample_id="PA-T1")
    prog = _report(tmp_path, "prog", P01_VCF, patient_id="PB", sample_id="PB-T1")
    result = run_cli("compare", str(base), str(prog), "-o", str(tmp_path / "c.json"))
    assert result.exit_code == 2 and "refusing to compare reports of different patients" in result.stderr
    assert json.loads(base.read_text())["patient_id"] == "PA"
