"""A cohort report is headed (and named) by its manifest row's sample_id, which silently replaced the
sample the row's files name: a row `P09` whose VCF is `P01_TUMOR`'s gave `P09.json` without a word.
A manifest sample that does not fit the data's sample, or the clinical file's, is now a
`sample_mismatch` warning naming both, as in `annotate`."""

from __future__ import annotations

import json

from conftest import EXAMPLES, run_cli

P01_VCF = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"  # samples P01_NORMAL, P01_TUMOR


def test_a_manifest_row_whose_files_are_another_samples_is_warned_about(tmp_path):
    clinical = tmp_path / "c.yaml"
    clinical.write_text("sample_id: P01_TUMOR\n")
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"sample_id\tvcf\tclinical\nP09\t{P01_VCF}\t{clinical}\nP01-TUMOR\t{P01_VCF}\t{clinical}\n")
    result = run_cli("cohort", str(manifest), "-o", str(tmp_path / "out"), "--jobs", "1", "--no-summary")
    assert result.exit_code == 0, result.stderr
    swapped = json.loads((tmp_path / "out" / "P09.json").read_text())
    messages = [w["message"] for w in swapped["warnings"] if w["code"] == "sample_mismatch"]
    assert swapped["sample_id"] == "P09" and len(messages) == 2
    assert all("'P09'" in m and "'P01_TUMOR'" in m for m in messages)
    fitting = json.loads((tmp_path / "out" / "P01-TUMOR.json").read_text())
    assert not [w for w in fitting["warnings"] if w["code"] == "sample_mismatch"]
