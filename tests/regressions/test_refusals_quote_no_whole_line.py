"""Regression (issue 17, item 10): a refusal quoted the offending line of whatever file it was
pointed at: `--clinical` on a shadow-like file printed `root:$6$…hash…: unknown key`, the copy-number
reader listed whole header cells, the notation reader 80 characters of the line, and a cohort
manifest naming such a file put the line into errors.tsv. Now a refusal quotes no more than points
at the problem (errors.py: `quoted`, `excerpt`, `key_excerpt`: at most 40 characters, a key only
up to the end of its name)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SECRET = "Zx9qLmN2$3hG7kFvW0pQaYbT8rUeJdC1sXoI5nLmK4wZ9yB2cV6aD7fE8gH0jK1lM2nO3pQ4rS5tU6vW7xY8zA9bC0dE1f."
SHADOW = f"root:$6${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n"


def _secret_parts_shown(text: str) -> list[str]:
    """Pieces of 8 characters of the hash that appear in `text`."""
    return [SECRET[i : i + 8] for i in range(0, len(SECRET) - 8, 4) if SECRET[i : i + 8] in text]


def _run(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "alkannot", *args], check=False, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    "option,extra",
    [
        ("--clinical", ()),
        ("--cnv", ()),
        ("--fusions", ()),
        ("--fusions", ("--fusion-format", "notation")),
        ("--maf", ()),
        ("--vcf", ()),
        ("--sv-vcf", ()),
    ],
)
@pytest.mark.parametrize("variant", ["shadow", "shadow_as_mapping"])
def test_refusal_of_a_password_file_does_not_quote_the_hash(option, extra, variant, tmp_path):
    path = tmp_path / "shadow"
    path.write_text(SHADOW if variant == "shadow" else SHADOW.replace(":19000:", ": 19000:", 1).replace("\n", ": x\n"))
    proc = _run(["annotate", option, str(path), *extra, "-o", str(tmp_path / "r.json")], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert not _secret_parts_shown(proc.stderr), proc.stderr


def test_cohort_errors_tsv_does_not_get_the_line_of_a_password_file(tmp_path):
    shadow = tmp_path / "shadow"
    shadow.write_text(SHADOW)
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"sample_id\tclinical\nS1\t{shadow}\n")
    proc = _run(["cohort", str(manifest), "-o", str(tmp_path / "out"), "--jobs", "1", "--no-summary"], tmp_path)
    assert proc.returncode == 3, proc.stderr
    errors = (tmp_path / "out" / "errors.tsv").read_text()
    assert "S1" in errors and "unknown key" in errors
    assert not _secret_parts_shown(errors), errors


def test_quoting_helpers_cut_to_forty_characters():
    from alkannot.errors import excerpt, key_excerpt, quoted

    assert excerpt("a" * 100) == "a" * 40 + "…"
    assert quoted("b" * 41) == repr("b" * 40 + "…")
    assert excerpt("shoe_size") == "shoe_size"
    assert key_excerpt(f"root:$6${SECRET}") == "root:…"
    assert key_excerpt("EML4(13)-ALK(20) x") == "EML4(13)-ALK(20) x"
    assert key_excerpt("PD-L1.tps") == "PD-L1.tps"
