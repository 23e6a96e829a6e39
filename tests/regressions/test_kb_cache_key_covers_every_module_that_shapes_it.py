"""Issue 20: the compiled knowledge-base cache was keyed by the KB content and the bytes of two source
files (knowledge.py, kb_curation.py). The YAML loader that reads the files (safeyaml.py) was not in the
key, so a change to how the files are read still served a KB compiled by the old code; and once the
knowledge base became a package, a fixed list of file names would miss any module added to it. The key
now covers every module of the `alkannot.knowledge` package and the YAML loader: every class whose
instances are pickled, the class whose state is restored, and the code that decided the KB was valid."""

from __future__ import annotations

import pickle
import pkgutil
import shutil
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import alkannot.knowledge
import alkannot.safeyaml
from alkannot.knowledge import CACHE_ENV, cache, load_knowledgebase
from conftest import ROOT


@pytest.fixture
def compiled(tmp_path, monkeypatch):
    """(cache folder, KB folder) after one load that filled the cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    load_knowledgebase(kbdir)
    return folder, kbdir


def _classes(value: object, seen: set[int] | None = None) -> set[type]:
    """Every class of an object reachable from a pickled value (models, their fields, containers)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return set()
    seen.add(id(value))
    found = {type(value)}
    if isinstance(value, BaseModel):
        children: list[object] = [getattr(value, name) for name in type(value).model_fields]
    elif isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = []
    for child in children:
        found |= _classes(child, seen)
    return found


def test_every_module_whose_classes_are_pickled_is_in_the_key(compiled):
    folder, _ = compiled
    (entry,) = folder.glob("kb-*.pickle")
    _key, state = pickle.loads(entry.read_bytes())
    covered = {path.resolve() for path in cache.code_files()}
    modules = {cls.__module__ for cls in _classes(state)} - {"builtins"}
    assert "alkannot.knowledge.models" in modules
    for name in sorted(m for m in modules if m.startswith("alkannot")):
        assert Path(sys.modules[name].__file__).resolve() in covered, (
            f"{name} shapes the cached KB but is not in its key"
        )


def test_every_module_of_the_package_and_the_yaml_loader_is_in_the_key():
    covered = {path.resolve() for path in cache.code_files()}
    package = Path(alkannot.knowledge.__file__).resolve().parent
    modules = [package / "__init__.py", *(package / f"{m.name}.py" for m in pkgutil.iter_modules([str(package)]))]
    assert len(modules) > 5
    for module in modules:
        assert module in covered, f"{module.name} is not in the cache key"
    assert Path(alkannot.safeyaml.__file__).resolve() in covered


def test_an_edit_to_a_covered_module_is_a_miss(compiled, tmp_path, monkeypatch):
    """The key hashes the files' bytes: the same KB read by edited code is compiled again."""
    copies = []
    for path in cache.code_files():
        copy = tmp_path / "code" / path.name
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(cache, "code_files", lambda: copies)
    before = cache._cache_key("0" * 64)
    loader = next(c for c in copies if c.name == "safeyaml.py")
    loader.write_bytes(loader.read_bytes() + b"\n# an edit\n")
    assert cache._cache_key("0" * 64) != before
    folder, kbdir = compiled
    load_knowledgebase(kbdir)
    assert len(list(folder.glob("kb-*.pickle"))) == 2  # the edited code did not reuse the old entry
