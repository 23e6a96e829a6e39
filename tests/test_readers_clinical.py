"""Clinical context: read as the architecture's example shows, validated field by field, echoed in
the report, and turned into transformation alterations and IHC findings."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, annotate_json, run_cli

CONTEXT = """\
patient_id: P02
sample_id: P02-T2
specimen: plasma
tumor_fraction: 0.4
alk_status: {result: positive, method: IHC}
histology: squamous_transformation
ihc: {MET: {score: "2+", percent: 60}, PD-L1: {tps: 20}}
treatments:
  - {drug: crizotinib, line: 1, start: 2017-01, end: 2018-03, stop_reason: progression}
  - {drug: CH5424802, line: 2, start: 2018-04, end: 2019-12-01, stop_reason: progression}
"""


def _write(tmp_path, text: str, name: str = "ctx.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_context_is_echoed_with_aliases_resolved(tmp_path):
    report = annotate_json("--clinical", _write(tmp_path, CONTEXT))
    ctx = report["context"]
    assert (report["patient_id"], report["sample_id"]) == ("P02", "P02-T2")
    assert ctx["specimen"] == "plasma" and ctx["ihc"]["PD-L1"]["tps"] == 20
    assert [(t["drug"], t["drug_as_given"]) for t in ctx["treatments"]] == [
        ("crizotinib", None),
        ("alectinib", "CH5424802"),
    ]
    assert ctx["treatments"][1]["end"] == "2019-12-01"
    assert report["inputs"][0]["kind"] == "clinical"


def test_transformation_and_ihc_findings(tmp_path):
    report = annotate_json("--clinical", _write(tmp_path, CONTEXT))
    transformed = [a for a in report["alterations"] if a["category"] == "histologic_transformation"]
    assert [a["name"] for a in transformed] == ["Squamous transformation"]
    assert transformed[0]["evidence"][0]["citations"]
    findings = {f["code"]: f for f in report["clinical_findings"]}
    assert findings["met_overexpression"]["value"] == "yes"  # 2+ in 60% (>= 2+ in >= 50%)
    assert findings["pdl1_tps_category"]["value"] == "low (1-49%)"


@pytest.mark.parametrize(
    "ihc,expected",
    [
        ('{MET: {score: "3+", percent: 40}}', "no"),
        ('{MET: {score: "1+", percent: 90}}', "no"),
        ('{MET: {score: "2+"}}', "undetermined (no percentage of stained cells given)"),
    ],
)
def test_met_overexpression_rule(tmp_path, ihc, expected):
    report = annotate_json("--clinical", _write(tmp_path, f"ihc: {ihc}\n"))
    assert report["clinical_findings"][0]["value"] == expected


@pytest.mark.parametrize(
    "tps,label",
    [(0, "negative (<1%)"), (1, "low (1-49%)"), (49.5, "low (1-49%)"), (50, "high (>=50%)"), (100, "high (>=50%)")],
)
def test_pdl1_categories(tmp_path, tps, label):
    report = annotate_json("--clinical", _write(tmp_path, f"ihc: {{PD-L1: {{tps: {tps}}}}}\n"))
    assert report["clinical_findings"][0]["value"] == label


def test_json_context(tmp_path):
    path = _write(
        tmp_path, json.dumps({"specimen": "tissue", "treatments": [{"drug": "X-396", "start": "2021-02"}]}), "ctx.json"
    )
    report = annotate_json("--clinical", path)
    assert report["context"]["treatments"][0]["drug"] == "ensartinib"


@pytest.mark.parametrize(
    "text,message",
    [
        ("specimen: tissue\nfavourite_colour: blue\n", "favourite_colour: unknown key"),
        ("ihc: {MET: {score: '2+', colour: red}}\n", "ihc.MET.colour: unknown key"),
        ("treatments:\n  - {drug: aspirin}\n", "treatments[0].drug: unknown drug 'aspirin'"),
        (
            "treatments:\n  - {drug: alectinib, start: 2020-05, end: 2019-01}\n",
            "treatments[0].end: 2019-01 is before start 2020-05",
        ),
        ("treatments:\n  - {drug: alectinib, start: 2020-13}\n", "treatments[0].start: '2020-13' is not a real date"),
        ("treatments:\n  - {drug: alectinib, start: last spring}\n", "is not a date"),
        ("specimen: blood\n", "specimen:"),
        ("tumor_fraction: 1.7\n", "tumor_fraction:"),
        ("- just\n- a list\n", "expected a mapping"),
        ("a: !!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
        ("key: [unclosed\n", "not valid YAML"),
        ("", "empty"),
    ],
)
def test_bad_context_is_refused_naming_the_field(tmp_path, text, message):
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--clinical", _write(tmp_path, text), "-o", str(out))
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert "\n" not in line and message in line and "ctx.yaml" in line
    assert not out.exists()


def test_context_with_a_vcf(tmp_path):
    report = annotate_json(
        "--vcf",
        str(EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"),
        "--clinical",
        _write(tmp_path, CONTEXT),
    )
    kinds = sorted(i["kind"] for i in report["inputs"])
    assert kinds == ["clinical", "vcf"]
    assert {a["category"] for a in report["alterations"]} >= {"alk_compound_mutation", "histologic_transformation"}
