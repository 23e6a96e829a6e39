"""A fusion partner's per-drug calls had a check of their own, a copy of the one every mutation and
compound call goes through (unknown drug, two calls for one drug, citations, a level that fits the
call). They now go through that one check, which must still refuse a partner call that breaks it."""

from __future__ import annotations

import shutil

import alkannot
from alkannot.knowledge import validate_knowledgebase


def test_a_partner_call_at_a_level_its_call_cannot_have_is_refused(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(alkannot.load_knowledgebase().path, kb)
    path = kb / "fusions.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "        - drug: crizotinib\n          call: resistant\n          level: R2\n"
    assert marker in text  # CMTR1-ALK's crizotinib call
    path.write_text(
        text.replace(marker, '        - drug: crizotinib\n          call: resistant\n          level: "4"\n', 1),
        encoding="utf-8",
    )
    _, problems = validate_knowledgebase(kb)
    assert any(
        p.startswith("fusions.yaml: partner CMTR1: crizotinib: a resistant call needs an R-level") for p in problems
    ), problems


def test_the_packaged_partner_calls_pass(tmp_path):
    _, problems = validate_knowledgebase(alkannot.load_knowledgebase().path)
    assert problems == []
