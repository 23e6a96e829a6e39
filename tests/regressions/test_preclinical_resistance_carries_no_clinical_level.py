"""KB 1.4.0 gave resistance seen only in models (MIZUTA21, FRIB14) or only in a review table the level R2,
whose definition is clinical evidence. KB 2.0.0 shows it as 'preclinical', and `kb validate` refuses a
level its evidence types cannot support."""

from __future__ import annotations

import shutil

import yaml
from conftest import ROOT

from alkannot.knowledge import validate_knowledgebase


def test_packaged_preclinical_only_resistance_is_not_r2(kb):
    for file_calls in (
        [c for m in kb.files.mutations for c in m.calls],
        [c for e in kb.files.compounds.entries for c in e.calls],
    ):
        for call in file_calls:
            if call.call == "resistant" and {e.evidence_type for e in call.evidence} <= {"preclinical", "review"}:
                assert call.level == "preclinical", call


def test_validate_refuses_r2_on_preclinical_evidence(tmp_path):
    kbdir = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kbdir)
    path = kbdir / "compounds.yaml"
    data = yaml.safe_load(path.read_text())
    entry = next(e for e in data["compounds"]["entries"] if e["id"] == "ALK_I1171N_F1174I")
    entry["calls"][0]["level"] = "R2"  # crizotinib, MIZUTA21 preclinical
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    _, problems = validate_knowledgebase(kbdir)
    assert any(
        "ALK_I1171N_F1174I: crizotinib: level R2" in p
        and "needs clinical evidence, but its evidence is preclinical" in p
        for p in problems
    ), problems
