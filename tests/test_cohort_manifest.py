"""Cohort manifests: columns in any order, empty cells, relative paths, and one clear line (file,
line, problem; exit 2) for a manifest that cannot be used."""

from __future__ import annotations

import os

import pytest

from alkannot.cohort.manifest import read_manifest, report_name
from alkannot.errors import InputError
from conftest import run_cli


def _write(tmp_path, text, name="m.tsv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_columns_in_any_order_empty_cells_and_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    path = _write(
        tmp_path / "sub",
        "# a comment\nsample_id\tvcf\tpatient_id\tclinical\tbam\n"
        "T1\ta.vcf\tP1\t\t\n\n# skipped\nT2\t/abs/b.vcf\t\tc.yaml\n",
    )
    jobs = read_manifest(path)
    assert [(j.index, j.sample_id, j.patient_id, j.line) for j in jobs] == [(0, "T1", "P1", 3), (1, "T2", None, 6)]
    assert jobs[0].files == (("vcf", os.path.abspath(tmp_path / "sub" / "a.vcf")),)
    assert jobs[1].files == (("vcf", "/abs/b.vcf"), ("clinical", os.path.abspath(tmp_path / "sub" / "c.yaml")))
    assert jobs[0].sample is None and jobs[0].report_name == "T1.json"


def test_report_names_are_safe_file_names():
    assert report_name("P01-T1") == "P01-T1.json"
    assert report_name("a/b c") == "a_b_c.json"
    assert report_name("..x") == "_.x.json"


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("", None, "the manifest is empty"),
        ("patient_id\tvcf\nP1\ta.vcf\n", 1, "no sample_id column (it has patient_id, vcf)"),
        ("sample_id\tvcf\ttumour\nT1\ta.vcf\tx\n", 1, "unknown column 'tumour'"),
        ("sample_id\tvcf\tvcf\n", 1, "column 'vcf' appears twice"),
        ("sample_id\tvcf\n", None, "the manifest lists no sample"),
        ("sample_id\tvcf\nT1\ta.vcf\textra\n", 2, "3 cells where the header has 2 columns"),
        ("sample_id\tvcf\n\ta.vcf\n", 2, "empty sample_id"),
        ("sample_id\tvcf\nT1\ta.vcf\nT1\tb.vcf\n", 3, "sample 'T1' is listed twice (first on line 2)"),
        ("sample_id\tvcf\na/b\ta.vcf\na_b\tb.vcf\n", 3, "would both be written to a_b.json"),
        ("sample_id\tvcf\tbam\nT1\t\tx.bam\n", 2, "sample 'T1' names no input file"),
    ],
)
def test_bad_manifests_name_file_line_and_problem(tmp_path, text, line, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_manifest(path)
    assert info.value.line == line and message in info.value.message and info.value.file == str(path)


def test_bad_manifest_is_exit_2_with_one_line_and_nothing_written(tmp_path):
    path = _write(tmp_path, "sample_id\tvcf\nT1\ta.vcf\nT1\tb.vcf\n")
    out = tmp_path / "out"
    result = run_cli("cohort", str(path), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"alkannot: error: {path}:3: sample 'T1' is listed twice (first on line 2)"]
    assert not out.exists()


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "nothing to run"),
        (["MANIFEST", "--maf", "x.maf"], "either a manifest or --maf/--fusions/--cnv tables"),
        (["MANIFEST", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1"], "--jobs sets local processes"),
        (["MANIFEST", "--build", "hg17"], "unknown genome build 'hg17'"),
    ],
)
def test_usage_errors_are_exit_2(tmp_path, args, message):
    path = _write(tmp_path, "sample_id\tvcf\nT1\ta.vcf\n")
    result = run_cli("cohort", *[str(path) if a == "MANIFEST" else a for a in args], "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and message in result.stderr


def test_binary_manifest_is_refused(tmp_path):
    path = tmp_path / "m.tsv"
    path.write_bytes(b"\xff\xfe\x00sample")
    with pytest.raises(InputError, match="not a UTF-8 text manifest"):
        read_manifest(path)
