"""KB 2.0.0: every call carries the words it rests on. `kb validate` refuses a call that cites a source
marked read without an evidence item (statement and evidence type) from it, and an established call
whose sources were all unread."""

from __future__ import annotations

import shutil

import yaml
from conftest import ROOT

from alkannot.knowledge import validate_knowledgebase


def _copy(tmp_path):
    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    return kbdir


def test_a_read_source_without_a_statement_is_refused(tmp_path):
    kbdir = _copy(tmp_path)
    path = kbdir / "mutations.yaml"
    data = yaml.safe_load(path.read_text())
    g1202r = next(m for m in data["mutations"] if m["change"] == "G1202R")
    g1202r["calls"][0]["evidence"] = []  # crizotinib, cited to LIN17 (read: table)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    _, problems = validate_knowledgebase(kbdir)
    assert (
        "mutations.yaml: ALK_G1202R: crizotinib: no statement from LIN17, whose text is marked read (table); add an evidence item"
        in problems
    )


def test_an_established_call_on_unread_sources_is_refused(tmp_path):
    kbdir = _copy(tmp_path)
    path = kbdir / "references.yaml"
    data = yaml.safe_load(path.read_text())
    data["references"]["MIZUTA21"]["read"] = "not_read"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    _, problems = validate_knowledgebase(kbdir)
    assert (
        "compounds.yaml: ALK_I1171N_F1174I: gilteritinib: established, but none of its sources was read (mark it unconfirmed)"
        in problems
    )
