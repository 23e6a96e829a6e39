"""Regression: a usage error (an unknown option or command, a bad choice, a missing value) printed
click's four-line block (usage, hint, blank, error) where every other refusal is one line
`alkannot: error: ...`. It is now that one line, exit 2, naming what was wrong."""

from __future__ import annotations

import pytest
from faults import alkannot, one_error_line


@pytest.mark.parametrize(
    "args, named",
    [
        (["annotate", "--vcff", "x.vcf"], "--vcff"),
        (["no-such-command"], "no-such-command"),
        (["--no-such-option"], "--no-such-option"),
        (["annotate", "--fusions", "f.txt", "--fusion-format", "bogus"], "bogus"),
        (["annotate", "--vcf"], "--vcf"),
        (["compare", "only-one.json"], "PROGRESSION"),
        (["cohort", "m.tsv", "--jobs", "0"], "--jobs"),
    ],
)
def test_a_usage_error_is_one_line_naming_it(tmp_path, args, named):
    result = alkannot(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert named in one_error_line(result.stderr)
    assert result.stdout == b""


def test_help_is_still_printed_in_full(tmp_path):
    result = alkannot("annotate", "--help", cwd=tmp_path)
    assert result.returncode == 0 and b"--vcf" in result.stdout and len(result.stdout.splitlines()) > 5
