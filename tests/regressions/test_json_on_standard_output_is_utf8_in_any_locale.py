"""Regression: with LANG=C and PYTHONIOENCODING=ascii the JSON report on standard output hit a
UnicodeEncodeError (its rationales hold '→', '≥') and exited 1. Standard output now takes the
report's UTF-8 bytes whatever the locale, the same bytes as the file."""

from __future__ import annotations

from conftest import EXAMPLES
from faults import P01, alkannot


def test_the_same_utf8_bytes_as_the_file_in_an_ascii_locale(tmp_path):
    args = ["annotate", "--vcf", str(P01), "--clinical", str(EXAMPLES / "P01.clinical.yaml")]
    to_file = alkannot(*args, "-o", str(tmp_path / "r.json"), cwd=tmp_path)
    assert to_file.returncode == 0, to_file.stderr
    expected = (tmp_path / "r.json").read_bytes()
    assert any(b > 0x7F for b in expected)  # the report holds non-ASCII text
    ascii_env = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    result = alkannot(*args, "-o", "-", cwd=tmp_path, extra_env=ascii_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
