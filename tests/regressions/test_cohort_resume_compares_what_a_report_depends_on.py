"""Regression: resume kept reports that no longer matched what the run would write. A report
counted as up to date when only the manifest's patient_id had changed, or when its bytes had been
edited; and runs with different --build on one folder left reports made with one build counted as
up to date for the other (the folder kept one set of options, not one per report). Each report is
now recorded with the manifest row, options, tool and knowledge base it was made from, and the
SHA-256 of its bytes."""

from __future__ import annotations

import json

import pytest
from cohort_samples import manifest, sample_files

from alkannot.cohort import Options, read_manifest, run_cohort


@pytest.fixture
def rows(tmp_path, alk):
    tx = alk["GRCh38"]
    return [
        ("T1", "P1", sample_files(tmp_path / "f", "T1", tx, ["G1202R"])),
        ("T2", "P2", sample_files(tmp_path / "f", "T2", tx, ["L1196M"])),
    ]


def _statuses(result):
    return [o.status for o in result.outcomes]


def test_a_changed_patient_id_is_written_again(tmp_path, rows):
    out = tmp_path / "out"
    run_cohort(read_manifest(manifest(tmp_path / "m.tsv", rows)), out, summary=False)
    renamed = [("T1", "P1-new", rows[0][2]), rows[1]]
    again = run_cohort(read_manifest(manifest(tmp_path / "m.tsv", renamed)), out, summary=False)
    assert _statuses(again) == ["written", "up_to_date"]
    assert json.loads((out / "T1.json").read_text())["patient_id"] == "P1-new"


def test_a_report_made_with_another_build_is_not_up_to_date(tmp_path, rows):
    out = tmp_path / "out"
    both = read_manifest(manifest(tmp_path / "both.tsv", rows))
    only_t1 = read_manifest(manifest(tmp_path / "t1.tsv", rows[:1]))
    run_cohort(both, out, summary=False)  # T1 and T2 with --build auto
    run_cohort(only_t1, out, options=Options(build="GRCh38"), summary=False)  # T1 again with GRCh38
    mixed = run_cohort(both, out, options=Options(build="GRCh38"), summary=False)
    assert _statuses(mixed) == ["up_to_date", "written"]  # T2 was made without the option
    assert _statuses(run_cohort(both, out, options=Options(build="GRCh38"), summary=False)) == ["up_to_date"] * 2
    assert _statuses(run_cohort(both, out, summary=False)) == ["written"] * 2


def test_an_edited_report_is_written_again(tmp_path, rows):
    out = tmp_path / "out"
    jobs = read_manifest(manifest(tmp_path / "m.tsv", rows))
    run_cohort(jobs, out, summary=False)
    original = (out / "T1.json").read_bytes()
    doc = json.loads(original)
    doc["therapies"] = []
    (out / "T1.json").write_text(json.dumps(doc))
    assert _statuses(run_cohort(jobs, out, summary=False)) == ["written", "up_to_date"]
    assert (out / "T1.json").read_bytes() == original
