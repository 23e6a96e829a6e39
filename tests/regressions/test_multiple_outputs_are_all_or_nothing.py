"""Regression: several outputs of one run (`-o`, `--html`, `--tsv`, `--md`) were written one after
the other, so a failure on the second (a full disk, a file-size limit, a rename that fails) left the
first one changed beside an old or missing second one. They are now written to temporary files
first and committed together: on failure no target is changed and no temporary file is left."""

from __future__ import annotations

import resource

import pytest
from faults import P01, alkannot, one_error_line, temporaries


@pytest.fixture
def old(tmp_path):
    """Outputs of an earlier run: they must survive a failed one byte for byte."""
    paths = {name: tmp_path / f"r.{name}" for name in ("json", "html", "md")}
    for name, path in paths.items():
        path.write_text(f"old {name}\n")
    return paths


def _args(paths: dict) -> list[str]:
    return [
        "annotate",
        "--vcf",
        str(P01),
        "-o",
        str(paths["json"]),
        "--html",
        str(paths["html"]),
        "--md",
        str(paths["md"]),
    ]


def test_a_full_disk_on_the_second_output_changes_nothing(tmp_path, old):
    full = tmp_path / "full.html"
    full.symlink_to("/dev/full")  # no space left on device, for the HTML only
    result = alkannot(*_args({**old, "html": full}), cwd=tmp_path)
    assert result.returncode == 2 and "full.html" in one_error_line(result.stderr)
    assert {p.read_text() for p in (old["json"], old["md"])} == {"old json\n", "old md\n"}
    assert temporaries(tmp_path) == []


def test_a_file_size_limit_on_the_larger_output_changes_nothing(tmp_path, old):
    """A real write error (EFBIG under RLIMIT_FSIZE) half-way through: the JSON fits, the HTML does not."""
    sizes = tmp_path / "sizes"
    sizes.mkdir()
    done = alkannot(*_args({k: sizes / p.name for k, p in old.items()}), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    json_size, html_size = (sizes / "r.json").stat().st_size, (sizes / "r.html").stat().st_size
    assert html_size > json_size + 2048
    limit = json_size + 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = alkannot(
        *_args(old), cwd=tmp_path, preexec_fn=cap, extra_env={"ALKANNOT_CACHE_DIR": str(tmp_path / "cache")}
    )
    assert result.returncode == 2 and "r.html" in one_error_line(result.stderr)
    assert [p.read_text() for p in old.values()] == ["old json\n", "old html\n", "old md\n"]
    assert temporaries(tmp_path) == []


def test_a_rename_that_fails_puts_back_the_ones_done(tmp_path, old, monkeypatch):
    import os

    from alkannot import outputs
    from alkannot.errors import InputError

    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2 and str(dst).endswith("r.html"):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(InputError, match="r.html"):
        outputs.write_outputs(
            [(str(old["json"]), "new json\n"), (str(old["html"]), "new html\n"), (str(old["md"]), "new md\n")]
        )
    assert [p.read_text() for p in old.values()] == ["old json\n", "old html\n", "old md\n"]
    assert temporaries(tmp_path) == []
