"""Clinical input as people write it: brand and code names, messages in the file's own words (no
pydantic internals), one path notation (`treatments[0].stop_reason`), "did you mean" for a
misspelt key, `alkannot schema clinical` and the README's list of keys."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, run_cli

INTERNALS = re.compile(
    r"Input should be|instance of|AlkStatus|MetIhc|PdL1Ihc|Treatment\b|Ihc\b|model_type|literal_error|\.0\."
)


def refusal(tmp_path, text: str) -> str:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    result = run_cli("annotate", "--clinical", str(path), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2 and not (tmp_path / "r.json").exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "treatments: [{drug: alectinib, stopreason: progression}]",
            "treatments[0].stopreason: unknown key (did you mean stop_reason?)",
        ),
        ("tumour_fraction: 0.3", "tumour_fraction: unknown key (did you mean tumor_fraction?)"),
        ("alk_status: {result: positive, methd: IHC}", "alk_status.methd: unknown key (did you mean method?)"),
        ("ihc: {PDL1: {tps: 4}}", "ihc.PDL1: unknown key (did you mean PD-L1?)"),
        (
            "treatments: [{drug: alectinib}, {drug: lorlatinib, stop_reason: relapse}]",
            "treatments[1].stop_reason: 'relapse' is not allowed",
        ),
        ("alk_status: positive", "alk_status: expected a mapping (keys: result, method)"),
        ("specimen: blood", "specimen: 'blood' is not allowed (expected 'tissue', 'plasma' or 'cytology')"),
        ("tumor_fraction: 3", "tumor_fraction: 3 is too large (must be at most 1"),
        ("ihc: {MET: {score: '3+', percent: -5}}", "ihc.MET.percent: -5 is too small (must be at least 0"),
        ("treatments: [{drug: alectinib, line: first}]", "treatments[0].line: expected a whole number, not 'first'"),
    ],
)
def test_problems_are_told_in_the_files_words(tmp_path, text, expected):
    line = refusal(tmp_path, text)
    assert expected in line, line
    assert not INTERNALS.search(line.split(": ", 2)[-1]), line


def test_an_unknown_key_nothing_like_a_known_one_lists_the_allowed_keys(tmp_path):
    line = refusal(tmp_path, "xyzzy: 1\n")
    assert "xyzzy: unknown key (allowed here: patient_id, sample_id, specimen" in line


@pytest.mark.parametrize(
    "name, inn",
    [
        ("Xalkori", "crizotinib"),
        ("Zykadia", "ceritinib"),
        ("Alecensa", "alectinib"),
        ("Alunbrig", "brigatinib"),
        ("Ensacove", "ensartinib"),
        ("Lorbrena", "lorlatinib"),
        ("lorviqua", "lorlatinib"),
        ("RXDX-101", "entrectinib"),
        ("CH5424802", "alectinib"),
    ],
)
def test_brand_and_code_names_are_read_as_the_drug(tmp_path, name, inn):
    path = tmp_path / "c.yaml"
    path.write_text(
        f"alk_status: {{result: positive}}\ntreatments: [{{drug: {name}, line: 1, stop_reason: progression}}]\n"
    )
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--clinical", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    treatment = json.loads(out.read_text())["context"]["treatments"][0]
    assert treatment["drug"] == inn and treatment["drug_as_given"] == name


def _keys(schema: dict, node: dict, out: set[str]) -> set[str]:
    for key, sub in node.get("properties", {}).items():
        out.add(key)
        for ref in re.findall(r'"\$ref": "#/\$defs/(\w+)"', json.dumps(sub)):
            _keys(schema, schema["$defs"][ref], out)
    return out


def test_schema_clinical_names_every_key_and_the_readme_lists_them():
    import jsonschema

    result = run_cli("schema", "clinical")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    keys = _keys(schema, schema, set())
    assert {"patient_id", "treatments", "stop_reason", "PD-L1", "tps", "method"} <= keys and "drug_as_given" not in keys
    good = {
        "specimen": "plasma",
        "ihc": {"PD-L1": {"tps": 60}},
        "treatments": [{"drug": "Alecensa", "start": "2019-05"}],
    }
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"specimen": "blood"}, schema)
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### The clinical context file") : readme.index("## The report")]
    for key in keys:
        assert f"`{key}`" in section, key
