"""Regression: a 300-character sample_id aborted the whole cohort with an internal error (its
report's temporary file name was over the filesystem's limit) and no errors.tsv; sample IDs that
differ only by case were both accepted although their reports are one file on a case-insensitive
filesystem. Both are now refused per sample into errors.tsv while the other samples run."""

from __future__ import annotations

import json

from cohort_samples import manifest, sample_files
from conftest import run_cli

from alkannot.cohort.runner import ERRORS_FILE


def _errors(out):
    return {row.split("\t")[0]: row.split("\t")[2] for row in (out / ERRORS_FILE).read_text().splitlines()[1:]}


def test_an_overlong_sample_id_fails_alone(tmp_path, alk):
    long_id = "S" * 300
    tx = alk["GRCh38"]
    path = manifest(
        tmp_path / "m.tsv",
        [
            (long_id, None, sample_files(tmp_path / "f", "long", tx, ["G1202R"])),
            ("S2", None, sample_files(tmp_path / "f", "S2", tx, ["L1196M"])),
        ],
    )
    out = tmp_path / "out"
    result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
    assert result.exit_code == 3, result.stderr
    errors = _errors(out)
    assert list(errors) == [long_id] and "too long" in errors[long_id]
    assert json.loads((out / "S2.json").read_text())["sample_id"] == "S2"


def test_sample_ids_that_differ_only_in_case_are_refused(tmp_path, alk):
    tx = alk["GRCh38"]
    path = manifest(
        tmp_path / "m.tsv",
        [
            ("S1", None, sample_files(tmp_path / "f", "S1", tx, ["G1202R"])),
            ("s1", None, sample_files(tmp_path / "g", "s1", tx, ["L1196M"])),
        ],
    )
    out = tmp_path / "out"
    result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
    assert result.exit_code == 3, result.stderr
    errors = _errors(out)
    assert list(errors) == ["s1"] and "case" in errors["s1"]
    assert [p.name for p in out.glob("*.json")] == ["S1.json"]
    assert json.loads((out / "S1.json").read_text())["sample_id"] == "S1"
