"""A clinical file nested too deeply is refused in alkannot's own words whatever PyYAML is installed.

What broke: PyYAML 6.0.4 (inside the range pyproject.toml allows) added a flow-nesting limit to
libyaml's scanner that fires before alkannot's depth check sees the 65th level, so the refusal read
"not valid YAML (exceeded maximum nesting depth)", PyYAML's words, and two hostile-input tests failed
on a fresh machine. The tests here make libyaml refuse in words of its own choosing, so they pass
or fail on alkannot's behaviour only."""

from __future__ import annotations

import pytest
import yaml

from alkannot import safeyaml
from alkannot.errors import InputError
from alkannot.readers.clinical import read_clinical

OWN_WORDS = f"nested more than {safeyaml.MAX_DEPTH} levels deep"


def _deep_flow(depth: int) -> str:
    return "patient_id: P01\nnotes: " + "[" * depth + "]" * depth + "\n"


def _deep_block(depth: int) -> str:
    return "".join("  " * i + "- \n" for i in range(depth)) + "  " * depth + "x\n"


def _read(path):
    return read_clinical(path, lambda name: name)


@pytest.mark.parametrize(
    "text", [_deep_flow(100), _deep_flow(5000), _deep_block(200)], ids=["flow-100", "flow-5000", "block-200"]
)
def test_deep_nesting_is_refused_in_alkannots_words(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        _read(path)
    assert OWN_WORDS in str(caught.value) and caught.value.line is not None


def test_a_libyaml_limit_with_other_words_does_not_change_the_message(tmp_path, monkeypatch):
    """Whatever libyaml's own limit says (or when it fires), the refusal is alkannot's."""
    real_parse = yaml.parse

    def parse(stream, Loader=yaml.Loader):
        if Loader is not yaml.SafeLoader and stream.count("[") > 10:
            raise yaml.scanner.ScannerError(problem="some future wording of a libyaml limit")
        return real_parse(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "parse", parse)
    path = tmp_path / "deep.yaml"
    path.write_text(_deep_flow(80))
    with pytest.raises(InputError) as caught:
        _read(path)
    assert OWN_WORDS in str(caught.value) and "future wording" not in str(caught.value)


def test_libyamls_other_errors_still_name_the_problem(tmp_path, monkeypatch):
    """A text libyaml refuses for another reason, and that is not nested too deep, is not called too deep."""
    path = tmp_path / "bad.yaml"
    path.write_text("patient_id: [P01\n")
    with pytest.raises(InputError) as caught:
        _read(path)
    assert "not valid YAML" in str(caught.value) and OWN_WORDS not in str(caught.value)


def test_without_libyaml_the_same_refusal(tmp_path, monkeypatch):
    monkeypatch.setattr(safeyaml, "_Base", yaml.SafeLoader)
    path = tmp_path / "deep.yaml"
    path.write_text(_deep_flow(100))
    with pytest.raises(InputError) as caught:
        _read(path)
    assert OWN_WORDS in str(caught.value)
