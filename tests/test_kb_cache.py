"""The compiled knowledge-base cache: a hit skips validation, a changed KB misses, and a cache file
that is corrupt, keyed otherwise or writable by others is never trusted."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from alkannot.knowledge import loading
from alkannot.errors import KnowledgeBaseError
from alkannot.knowledge import CACHE_ENV, kb_cache_dir, load_knowledgebase
from conftest import ROOT


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def kbdir(tmp_path):
    target = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", target)
    return target


def _no_validation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("validated although the cache should have answered")

    monkeypatch.setattr(loading, "validate_knowledgebase", refuse)


def test_second_load_is_a_hit_without_validation(cache, kbdir, monkeypatch):
    first = load_knowledgebase(kbdir)
    files = list(cache.glob("kb-*.pickle"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    _no_validation(monkeypatch)
    again = load_knowledgebase(kbdir)
    assert again.sha256 == first.sha256 and again.path == kbdir
    assert again.files == first.files and again.transcripts == first.transcripts
    assert again.drug("CH5424802").id == "alectinib"


def test_changed_content_is_a_miss(cache, kbdir, monkeypatch):
    first = load_knowledgebase(kbdir)
    (kbdir / "kb.yaml").write_text((kbdir / "kb.yaml").read_text() + "\n# an edit\n")
    second = load_knowledgebase(kbdir)
    assert second.sha256 != first.sha256
    assert len(list(cache.glob("kb-*.pickle"))) == 2
    _no_validation(monkeypatch)
    assert load_knowledgebase(kbdir).sha256 == second.sha256


def test_an_invalid_kb_is_never_cached(cache, kbdir):
    (kbdir / "drugs.yaml").write_text("drugs: [1, 2]\n")
    with pytest.raises(KnowledgeBaseError):
        load_knowledgebase(kbdir)
    assert not list(cache.glob("kb-*.pickle"))


@pytest.mark.parametrize(
    "content", [b"", b"not a pickle at all", pickle.dumps(("another key", {})), pickle.dumps({"files": None})]
)
def test_corrupt_or_mismatched_cache_is_not_trusted(cache, kbdir, monkeypatch, content):
    good = load_knowledgebase(kbdir)
    (entry,) = cache.glob("kb-*.pickle")
    entry.write_bytes(content)
    calls = []
    real = loading.validate_knowledgebase
    monkeypatch.setattr(loading, "validate_knowledgebase", lambda path: calls.append(path) or real(path))
    again = load_knowledgebase(kbdir)
    assert calls and again.sha256 == good.sha256 and again.files == good.files
    assert entry.stat().st_size > 1000  # rewritten with a good entry


def test_a_cache_keyed_for_other_content_is_not_trusted(cache, kbdir, monkeypatch):
    """A file holding a valid KB under the wrong key (as if renamed) is a miss."""
    load_knowledgebase(kbdir)
    (entry,) = cache.glob("kb-*.pickle")
    key, state = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((key.replace(state["sha256"], "0" * 64), state)))
    calls = []
    real = loading.validate_knowledgebase
    monkeypatch.setattr(loading, "validate_knowledgebase", lambda path: calls.append(path) or real(path))
    load_knowledgebase(kbdir)
    assert calls


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_can_write_is_ignored(cache, kbdir, monkeypatch):
    load_knowledgebase(kbdir)
    (entry,) = cache.glob("kb-*.pickle")
    entry.chmod(0o666)
    calls = []
    real = loading.validate_knowledgebase
    monkeypatch.setattr(loading, "validate_knowledgebase", lambda path: calls.append(path) or real(path))
    load_knowledgebase(kbdir)
    assert calls


def test_unwritable_cache_falls_back_silently(tmp_path, kbdir, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert load_knowledgebase(kbdir).version
    assert blocker.read_text() == "not a folder"


def test_cache_can_be_switched_off(tmp_path, kbdir, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    assert kb_cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_knowledgebase(kbdir)
    assert not (tmp_path / "xdg").exists()


def test_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert kb_cache_dir() == tmp_path / "xdg" / "alkannot"


def test_kb_validate_never_uses_the_cache(cache, kbdir, monkeypatch):
    load_knowledgebase(kbdir)
    calls = []
    real = loading._validate_parts
    monkeypatch.setattr(loading, "_validate_parts", lambda docs, problems: calls.append(1) or real(docs, problems))
    kb, problems = loading.validate_knowledgebase(kbdir)
    assert kb is not None and not problems and calls


def test_a_cache_hit_needs_no_yaml_parser(cache, kbdir):
    """PyYAML compiles a large regex when imported: a KB read from the cache must not pay for it."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom alkannot.knowledge import load_knowledgebase\n"
        f"load_knowledgebase({str(kbdir)!r})\nprint('yaml' in sys.modules)\n"
    )
    env = {**os.environ, CACHE_ENV: str(cache)}
    first, second = (
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()
        for _ in range(2)
    )
    assert (first, second) == ("True", "False")  # the first load parses the YAML and fills the cache
