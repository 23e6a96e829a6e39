"""KB 2.0.0: a compound's members are entries of mutations.yaml themselves (with a per-drug profile or in
resistance_without_profile), so that what is known of each member alone is stated; `kb validate`
refuses a compound with a member that is not."""

from __future__ import annotations

import shutil

import yaml
from conftest import ROOT

from alkannot.knowledge import validate_knowledgebase


def test_a_compound_member_must_be_an_entry(tmp_path):
    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    path = kbdir / "compounds.yaml"
    data = yaml.safe_load(path.read_text())
    data["compounds"]["entries"].append(
        {
            "id": "ALK_G1202R_G1128S",
            "members": ["G1202R", "G1128S"],
            "citations": ["MOLOGNI15"],
            "evidence": [{"source": "MOLOGNI15", "evidence_type": "preclinical", "statement": "x"}],
        }
    )
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    _, problems = validate_knowledgebase(kbdir)
    assert any("ALK_G1202R_G1128S: member G1128S is not an entry of mutations.yaml" in p for p in problems), problems
    assert not any("member G1202R" in p for p in problems)
