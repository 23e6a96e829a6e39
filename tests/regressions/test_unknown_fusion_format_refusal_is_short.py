"""An unknown fusion table was refused with a ~1,000-character line spelling out every dialect's
columns. The refusal is now one short line: the format names, a pointer to the README's format
table and to --fusion-format."""

from __future__ import annotations

import pytest

from alkannot.errors import InputError
from alkannot.readers.fusions import FORMATS, read_fusions

from conftest import run_cli


def test_unknown_format_refusal_is_one_short_line_naming_the_formats(tmp_path):
    path = tmp_path / "mystery.tsv"
    path.write_text("alpha\tbeta\n1\t2\n")
    with pytest.raises(InputError) as info:
        read_fusions(path)
    message = str(info.value)
    assert len(message) < 400 and "\n" not in message
    assert all(name in message for name in FORMATS)
    assert "`fusion_format`" in message and "README" in message  # the option as the API names it


def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path):
    path = tmp_path / "mystery.tsv"
    path.write_text("alpha\tbeta\n1\t2\n")
    result = run_cli("annotate", "--fusions", str(path), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and len(result.stderr) < 450
    assert not (tmp_path / "r.json").exists()
