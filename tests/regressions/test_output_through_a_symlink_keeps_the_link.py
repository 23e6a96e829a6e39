"""Regression: `-o link.json`, a symlink to a report kept elsewhere, replaced the link by a regular
file (the rename went onto the link's path), and so did a symlink loop. The link's target is now
written atomically and the link stays a link; a dangling link gets its target created; a loop is
exit 2 with one line."""

from __future__ import annotations

import json

from faults import P01, alkannot, one_error_line


def test_the_target_is_written_and_the_link_stays(tmp_path):
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "real.json"
    real.write_text("{}\n")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert json.loads(real.read_text())["sample_id"] == "P01_TUMOR"
    assert not [p for p in (tmp_path / "reports").iterdir() if p != real]


def test_a_dangling_link_gets_its_target(tmp_path):
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "new.json")
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and json.loads((tmp_path / "new.json").read_text())["sample_id"] == "P01_TUMOR"


def test_a_symlink_loop_is_refused_and_left_alone(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    result = alkannot("annotate", "--vcf", str(P01), "-o", str(loop), cwd=tmp_path)
    assert result.returncode == 2 and "symlink loop" in one_error_line(result.stderr)
    assert loop.is_symlink() and list(tmp_path.iterdir()) == [loop]
