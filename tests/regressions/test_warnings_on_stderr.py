"""Every report warning is also printed on standard error, one line each; --quiet silences them.

What broke: a successful run never wrote to standard error, so a file assumed to be GRCh38 for want
of evidence, a build conflict or calls that are not applicable were said only inside the JSON."""

from __future__ import annotations

import json

from conftest import run_cli, write_vcf


def _no_build_vcf(tmp_path):
    # no contig length, no ##reference: the build cannot be told, so GRCh38 is assumed with a warning
    return write_vcf(
        tmp_path / "nobuild.vcf",
        ["chr2\t29500000\t.\tA\tG\t.\tPASS\tDP=50\tGT:AD\t0/1:40,10"],
        contig="##contig=<ID=chr2>",
    )


def test_each_report_warning_is_one_stderr_line(tmp_path):
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(_no_build_vcf(tmp_path)), "-o", str(out))
    assert result.exit_code == 0
    report = json.loads(out.read_text())
    assert "build_assumed" in {w["code"] for w in report["warnings"]}
    lines = result.stderr.splitlines()
    assert lines == [f"alkannot: warning: {' '.join(w['message'].split())}" for w in report["warnings"]]
    assert any("GRCh38 assumed" in line for line in lines)


def test_quiet_silences_them_and_changes_nothing_else(tmp_path):
    vcf = _no_build_vcf(tmp_path)
    loud, quiet = tmp_path / "loud.json", tmp_path / "quiet.json"
    first = run_cli("annotate", "--vcf", str(vcf), "-o", str(loud))
    second = run_cli("annotate", "--vcf", str(vcf), "-o", str(quiet), "--quiet")
    assert first.exit_code == second.exit_code == 0
    assert first.stderr and second.stderr == ""
    assert loud.read_bytes() == quiet.read_bytes()


def test_report_on_stdout_keeps_warnings_off_it(tmp_path):
    result = run_cli("annotate", "--vcf", str(_no_build_vcf(tmp_path)), "-o", "-")
    assert result.exit_code == 0
    report = json.loads(result.stdout)  # standard output is the JSON alone
    assert len(result.stderr.splitlines()) == len(report["warnings"])


def test_a_refusal_is_still_one_error_line(tmp_path):
    result = run_cli("annotate", "--vcf", str(tmp_path / "missing.vcf"), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("alkannot: error: ")
