"""Regression: `cohort` deleted a user's file whose name matched a report. With `S1.json` (the
sample's own clinical input) in the output folder, the resume step unlinked it before the sample
ran, then reported "S1.json: no such file"; any other `<sample>.json` the user kept there was
removed or overwritten. The cohort now keeps a record of what it wrote and refuses, per sample
into errors.tsv, to touch anything else."""

from __future__ import annotations

import json

from cohort_samples import manifest, sample_files
from conftest import run_cli

from alkannot.cohort.runner import ERRORS_FILE


def _errors(out):
    return {row.split("\t")[0]: row.split("\t")[2] for row in (out / ERRORS_FILE).read_text().splitlines()[1:]}


def test_a_clinical_input_named_like_the_report_is_kept(tmp_path, alk):
    out = tmp_path / "out"
    out.mkdir()
    clinical = out / "S1.json"
    clinical.write_text(json.dumps({"alk_status": {"result": "positive", "method": "IHC"}}) + "\n")
    before = clinical.read_bytes()
    s1 = {**sample_files(tmp_path / "f", "S1", alk["GRCh38"], ["G1202R"]), "clinical": clinical}
    path = manifest(
        tmp_path / "m.tsv",
        [("S1", "P1", s1), ("S2", "P2", sample_files(tmp_path / "f", "S2", alk["GRCh38"], ["L1196M"]))],
    )
    for _ in range(2):  # the first run and its resume
        result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
        assert result.exit_code == 3, result.stderr
        assert clinical.read_bytes() == before
        errors = _errors(out)
        assert list(errors) == ["S1"] and "input" in errors["S1"]
        assert json.loads((out / "S2.json").read_text())["sample_id"] == "S2"


def test_a_users_file_is_neither_overwritten_nor_removed(tmp_path, alk):
    out = tmp_path / "out"
    out.mkdir()
    notes = {name: out / f"{name}.json" for name in ("S1", "S2")}
    for note in notes.values():
        note.write_text('{"my": "notes"}\n')
    good = sample_files(tmp_path / "f", "S1", alk["GRCh38"], ["G1202R"])
    bad = sample_files(tmp_path / "f", "S2", alk["GRCh38"], ["G1202R"])
    bad["vcf"].write_text("not a VCF\n")  # S2 fails: its (not ours) S2.json must stay
    path = manifest(
        tmp_path / "m.tsv",
        [("S1", None, good), ("S2", None, bad), ("S3", None, sample_files(tmp_path / "f", "S3", alk["GRCh38"], []))],
    )
    result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
    assert result.exit_code == 3
    assert all(note.read_text() == '{"my": "notes"}\n' for note in notes.values())
    errors = _errors(out)
    assert set(errors) == {"S1", "S2"} and "not written by alkannot" in errors["S1"]
    assert json.loads((out / "S3.json").read_text())["sample_id"] == "S3"


def test_an_input_named_like_a_cohort_table_is_refused_before_anything(tmp_path, alk):
    out = tmp_path / "out"
    out.mkdir()
    files = sample_files(tmp_path / "f", "S1", alk["GRCh38"], ["G1202R"])
    (out / ERRORS_FILE).write_bytes(files["vcf"].read_bytes())
    files["vcf"] = out / ERRORS_FILE
    path = manifest(tmp_path / "m.tsv", [("S1", None, files)])
    before = (out / ERRORS_FILE).read_bytes()
    result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
    assert result.exit_code == 2 and ERRORS_FILE in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (out / ERRORS_FILE).read_bytes() == before and not (out / "S1.json").exists()


def test_a_users_table_named_like_errors_tsv_is_kept(tmp_path, alk):
    out = tmp_path / "out"
    out.mkdir()
    (out / ERRORS_FILE).write_text("my own notes\n")
    path = manifest(tmp_path / "m.tsv", [("S1", None, sample_files(tmp_path / "f", "S1", alk["GRCh38"], ["G1202R"]))])
    result = run_cli("cohort", str(path), "-o", str(out), "--jobs", "1", "--no-summary")
    assert result.exit_code == 2 and ERRORS_FILE in result.stderr and "not written by alkannot" in result.stderr
    assert (out / ERRORS_FILE).read_text() == "my own notes\n" and not (out / "S1.json").exists()
    rerun = tmp_path / "fresh"
    assert run_cli("cohort", str(path), "-o", str(rerun), "--jobs", "1", "--no-summary").exit_code == 0
    assert (
        run_cli("cohort", str(path), "-o", str(rerun), "--jobs", "1", "--no-summary").exit_code == 0
    )  # its own: rewritten
