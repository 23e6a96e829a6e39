"""Same inputs and knowledge base → byte-identical JSON: across runs, processes with other hash
seeds, time zones and locales, standard output versus a file, and cohort `--jobs` counts. A time
stamp appears only with `--timestamp`. Every report carries the knowledge base's content hash."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alkannot.knowledge import default_kb_path, kb_sha256
from conftest import EXAMPLES, ROOT, run_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"
CONTEXT = (
    'patient_id: P02\nspecimen: tissue\nhistology: adenocarcinoma\nihc: {MET: {score: "3+", percent: 70}, PD-L1: {tps: 60}}\n'
    "treatments:\n  - {drug: crizotinib, line: 1, start: 2017-01, end: 2018-06, stop_reason: progression}\n"
    "  - {drug: alectinib, line: 2, start: 2018-07, end: 2020-11, stop_reason: progression}\n"
)
NOTATIONS = "EML4::ALK v1\nKIF5B-RET\nE6a/b;A20\n"
CNV = "gene\tcopy_number\nMET\t12.5\nKRAS\t2\nEGFR\t7\nALK\t3\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """A rich sample: a VCF with a compound mutation, fusions, copy numbers and a clinical context
    (sets, dicts and sorting all come into play), as CLI arguments with relative paths."""
    folder = tmp_path_factory.mktemp("det")
    shutil.copy(EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf", folder / "p02.vcf")
    (folder / "ctx.yaml").write_text(CONTEXT)
    (folder / "fusions.txt").write_text(NOTATIONS)
    (folder / "cnv.tsv").write_text(CNV)
    return [str(folder), "--vcf", "p02.vcf", "--fusions", "fusions.txt", "--cnv", "cnv.tsv", "--clinical", "ctx.yaml"]


def _in_process(inputs: list[str], *extra: str) -> str:
    folder, args = inputs[0], inputs[1:]
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run_cli("annotate", *args, *extra, "-o", "-")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _process(inputs: list[str], env: dict[str, str], *extra: str) -> bytes:
    folder, args = inputs[0], inputs[1:]
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", *args, *extra, "-o", "-"],
        cwd=folder,
        env=full,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_two_runs_give_identical_bytes_and_no_time_stamp(inputs):
    first, second = _in_process(inputs), _in_process(inputs)
    assert first == second
    report = json.loads(first)
    assert "generated_at" not in report
    assert {a["category"] for a in report["alterations"]} >= {"alk_compound_mutation", "alk_fusion", "bypass"}


def test_other_processes_hash_seeds_time_zones_and_locales_give_identical_bytes(inputs):
    """Set and dict order depend on PYTHONHASHSEED; nothing in a report may depend on it (nor on TZ/locale)."""
    runs = [
        _process(inputs, {"PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": "C.UTF-8" if seed == "0" else "C"})
        for seed, tz in (("0", "UTC"), ("1", "Asia/Kolkata"), ("4242", "America/Los_Angeles"))
    ]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].decode() == _in_process(inputs)


def test_timestamp_is_added_only_when_asked(inputs):
    plain = json.loads(_in_process(inputs))
    stamped = json.loads(_in_process(inputs, "--timestamp"))
    when = stamped.pop("generated_at")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", when)
    assert stamped.pop("report_date") == when[:10] and plain.pop("report_date") is None  # --timestamp dates the report
    assert stamped.pop("report_id") != plain.pop("report_id")  # ... and the date enters its identifier
    assert stamped == plain


def test_report_id_follows_the_content_and_the_date(inputs):
    """Same inputs + same date → same id; another date or another input → another id."""
    first = json.loads(_in_process(inputs, "--report-date", "2026-12-03"))
    again = json.loads(_in_process(inputs, "--report-date", "2026-12-03"))
    later = json.loads(_in_process(inputs, "--report-date", "2026-12-04"))
    assert first["report_date"] == "2026-12-03" and re.fullmatch(r"ALK(-[0-9A-F]{4}){4}", first["report_id"])
    assert again["report_id"] == first["report_id"] and later["report_id"] != first["report_id"]
    other = json.loads(
        _in_process(
            inputs[:1]
            + ["--vcf", str(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"), "--report-date", "2026-12-03"]
        )
    )
    assert other["report_id"] != first["report_id"]


def test_a_report_date_that_is_not_a_date_is_refused():
    result = run_cli(
        "annotate", "--vcf", str(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"), "--report-date", "3/12/2026"
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_file_and_standard_output_hold_the_same_bytes(inputs, tmp_path):
    folder, args = inputs[0], inputs[1:]
    out = tmp_path / "r.json"
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        assert run_cli("annotate", *args, "-o", str(out)).exit_code == 0
    finally:
        os.chdir(cwd)
    assert out.read_text(encoding="utf-8") == _in_process(inputs)
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left beside it


def test_report_carries_the_hash_of_the_knowledge_base_it_used(tmp_path):
    vcf = str(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf")
    packaged = json.loads(run_cli("annotate", "--vcf", vcf, "-o", "-").stdout)["knowledgebase"]
    assert packaged["sha256"] == kb_sha256(default_kb_path())
    copy = tmp_path / "kb"
    shutil.copytree(default_kb_path(), copy)
    with open(copy / "references.yaml", "a", encoding="utf-8") as fh:
        fh.write("# a comment changes no fact, but it changes the content hash\n")
    edited = json.loads(run_cli("annotate", "--vcf", vcf, "--kb", str(copy), "-o", "-").stdout)["knowledgebase"]
    assert edited["sha256"] == kb_sha256(copy) != packaged["sha256"]
    assert edited["version"] == packaged["version"]


def test_cohort_reports_do_not_depend_on_the_number_of_jobs(tmp_path):
    pytest.importorskip("alkannot.cohort")
    manifest = tmp_path / "manifest.tsv"
    rows = [
        ("P01", "P01_G1202R_after_alectinib.GRCh38.vcf.gz"),
        ("P02", "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"),
        ("P03", "P03_L1196M_after_crizotinib.GRCh37.vcf"),
        ("P04", "P04_no_alk_mutation.GRCh38.bcf"),
    ]
    manifest.write_text(
        "patient_id\tsample_id\tvcf\n" + "".join(f"{p}\t{p}-T\t{EXAMPLES / name}\n" for p, name in rows)
    )
    outputs = {}
    for jobs in ("1", "2"):
        result = run_cli("cohort", str(manifest), "-o", str(tmp_path / f"out{jobs}"), "--jobs", jobs, "--no-summary")
        assert result.exit_code == 0, result.stderr
        outputs[jobs] = {
            p.name: p.read_bytes()
            for p in sorted((tmp_path / f"out{jobs}").glob("*.json"))
            if not p.name.startswith(".")
        }
    assert len(outputs["1"]) == len(rows) and outputs["1"] == outputs["2"]
