"""Cohort runs: one report per sample, byte-identical whatever the engine (this process, local
processes, a Dask LocalCluster); failures in errors.tsv without stopping the others (exit 3);
resumption; progress output."""

from __future__ import annotations

import io
import json

import pytest

from alkannot.cohort import Options, Progress, read_manifest, run_cohort
from alkannot.cohort.runner import ERRORS_FILE, Outcome
from cohort_samples import manifest, sample_files
from conftest import run_cli


@pytest.fixture
def small(tmp_path, alk):
    tx = alk["GRCh38"]
    rows = [
        ("T1", "P1", sample_files(tmp_path / "f", "T1", tx, ["G1202R"], fusion="EML4::ALK")),
        ("T2", "P2", sample_files(tmp_path / "f", "T2", tx, ["I1171N", "KRAS G12C"], cnv={"MET": 9})),
        ("T3", None, sample_files(tmp_path / "f", "T3", tx, [], histology="squamous_transformation")),
    ]
    broken = sample_files(tmp_path / "f", "T4", tx, ["L1196M"])
    broken["vcf"].write_text("##fileformat=VCFv4.2\nnot a header\n")
    rows.append(("T4", "P4", broken))
    rows.append(("T5", "P5", {"vcf": tmp_path / "f" / "missing.vcf"}))
    return manifest(tmp_path / "manifest.tsv", rows)


def _reports(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_reports_errors_and_exit_status(tmp_path, small):
    out = tmp_path / "out"
    result = run_cli("cohort", str(small), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 3, result.stderr
    assert "5 samples" in result.stderr and "3 written, 0 up to date, 2 failed" in result.stderr
    assert set(_reports(out)) == {"T1.json", "T2.json", "T3.json"}
    t2 = json.loads((out / "T2.json").read_text())
    assert (t2["sample_id"], t2["patient_id"]) == ("T2", "P2")
    assert {a["name"] for a in t2["alterations"]} >= {"ALK p.I1171N", "KRAS p.G12C"}
    rows = [line.split("\t") for line in (out / ERRORS_FILE).read_text().splitlines()]
    assert rows[0] == ["sample", "file", "message"]
    assert [r[0] for r in rows[1:]] == ["T4", "T5"]
    assert rows[1][1].endswith("T4.vcf") and rows[2][1].endswith("missing.vcf") and "no such file" in rows[2][2]
    assert (out / "cohort_mechanisms.tsv").exists() and (out / "cohort_alterations.parquet").exists()


def test_all_good_is_exit_0_with_an_empty_errors_file(tmp_path, alk):
    path = manifest(tmp_path / "m.tsv", [("T1", None, sample_files(tmp_path / "f", "T1", alk["GRCh38"], ["G1202R"]))])
    result = run_cli("cohort", str(path), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / ERRORS_FILE).read_text() == "sample\tfile\tmessage\n"


def test_same_bytes_with_one_and_two_processes_and_dask(tmp_path, small):
    jobs = read_manifest(small)
    one = run_cohort(jobs, tmp_path / "one", workers=1)
    two = run_cohort(jobs, tmp_path / "two", workers=2)
    assert one.engine == "this process" and two.engine == "2 local processes"
    assert _reports(tmp_path / "one") == _reports(tmp_path / "two") and len(_reports(tmp_path / "one")) == 3
    for name in (ERRORS_FILE, "cohort_mechanisms.tsv", "cohort_alterations.tsv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name

    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run_cli("cohort", str(small), "-o", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 3 and "Dask scheduler" in result.stderr
    assert _reports(tmp_path / "dask") == _reports(tmp_path / "one")
    assert (tmp_path / "dask" / ERRORS_FILE).read_bytes() == (tmp_path / "one" / ERRORS_FILE).read_bytes()


def test_unreachable_scheduler_is_a_usage_error(tmp_path, small):
    pytest.importorskip("distributed")
    from alkannot.errors import UsageError

    with pytest.raises(UsageError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_cohort(read_manifest(small), tmp_path / "out", scheduler="tcp://127.0.0.1:9", connect_timeout=1)


def test_resume_skips_unchanged_samples_and_redoes_changed_ones(tmp_path, small):
    jobs = read_manifest(small)
    out = tmp_path / "out"
    first = run_cohort(jobs, out)
    assert [o.status for o in first.outcomes] == ["written"] * 3 + ["failed"] * 2
    before = _reports(out)
    again = run_cohort(jobs, out)
    assert [o.status for o in again.outcomes] == ["up_to_date"] * 3 + ["failed"] * 2
    assert _reports(out) == before
    assert (
        again.summary_files
        and (out / "cohort_mechanisms.tsv").read_text() == (tmp_path / "out" / "cohort_mechanisms.tsv").read_text()
    )

    clinical = jobs[1].file("clinical")
    with open(clinical, "a") as fh:
        fh.write("specimen: plasma\n")
    changed = run_cohort(jobs, out)
    assert [o.status for o in changed.outcomes][:3] == ["up_to_date", "written", "up_to_date"]
    assert json.loads((out / "T2.json").read_text())["context"]["specimen"] == "plasma"

    (out / "T3.json").write_text("{not json")
    assert run_cohort(jobs, out).outcomes[2].status == "written"

    rebuilt = run_cohort(jobs, out, options=Options(build="GRCh38"))  # other options: every report again
    assert [o.status for o in rebuilt.outcomes][:3] == ["written"] * 3


def test_a_sample_that_now_fails_loses_its_stale_report(tmp_path, small):
    jobs = read_manifest(small)
    out = tmp_path / "out"
    run_cohort(jobs, out)
    assert (out / "T1.json").exists()
    with open(jobs[0].file("vcf"), "w") as fh:
        fh.write("garbage\n")
    result = run_cohort(jobs, out)
    assert result.outcomes[0].status == "failed" and not (out / "T1.json").exists()


def test_a_worker_with_another_knowledge_base_refuses(tmp_path, small):
    from alkannot.cohort.runner import run_chunk

    jobs = read_manifest(small)
    outcomes = run_chunk(jobs[:1], str(tmp_path), Options(), "0" * 64, False)
    assert outcomes[0].status == "failed" and "is not the client's" in outcomes[0].message


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise():
    done = [Outcome(i, f"S{i}", "written") for i in range(20)]
    plain = io.StringIO()
    progress = Progress(20, plain, tty=False)
    for o in done:
        progress.update([o])
    progress.close()
    lines = plain.getvalue().splitlines()
    assert 2 <= len(lines) <= 11 and lines[-1].startswith("alkannot: cohort: 20/20 samples done, 0 failed")
    bar = io.StringIO()
    progress = Progress(20, bar, tty=True)
    progress.update(done)
    progress.close()
    drawn = bar.getvalue()
    assert (
        drawn.startswith("\r")
        and "alkannot: cohort" in drawn
        and "[#" in drawn
        and "20/20" in drawn
        and drawn.endswith("\n")
    )


def test_a_cohort_where_every_sample_fails_still_writes_its_tables(tmp_path):
    path = tmp_path / "m.tsv"
    path.write_text("sample_id\tvcf\nT1\tnowhere.vcf\n")
    result = run_cohort(read_manifest(path), tmp_path / "out")
    assert [o.status for o in result.outcomes] == ["failed"]
    assert (tmp_path / "out" / "cohort_alterations.tsv").read_text() == "category\tgene\talteration\n"
    assert (tmp_path / "out" / "cohort_mechanisms.tsv").read_text().startswith("grouping\tgroup\tsamples\tmechanism")
