"""`\x0b`, `\x1e`, `\x85` and `\u2028` in an input's identifier passed unescaped into the TSV and the
Markdown (issue 17, item 10): line-oriented readers split rows there. Every control and
line-separator character is now written as visible text in both."""

from __future__ import annotations

import json

from conftest import EXAMPLES, run_cli

CHARS = "\x0b\x1e\x85\u2028\u2029\x1c\x00\x7f"


def test_control_characters_in_a_patient_id_are_visible_text(tmp_path):
    clinical = tmp_path / "c.json"
    clinical.write_text(json.dumps({"patient_id": "P" + CHARS + "1"}), encoding="utf-8")
    tsv, md = tmp_path / "r.tsv", tmp_path / "r.md"
    result = run_cli(
        "annotate",
        "--vcf",
        str(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"),
        "--clinical",
        str(clinical),
        "-o",
        str(tmp_path / "r.json"),
        "--tsv",
        str(tsv),
        "--md",
        str(md),
    )
    if result.exit_code == 2:  # a clinical reader that refuses control characters outright is safe too
        assert not tsv.exists() and not md.exists()
        return
    assert result.exit_code == 0, result.stderr
    for path in (tsv, md):
        text = path.read_text(encoding="utf-8")
        assert not any(c in text for c in CHARS), path
        assert text.splitlines() == text.split("\n")[:-1]  # no line breaks but "\n"
    assert "\\x0b" in tsv.read_text(encoding="utf-8") and "\\u2028" in tsv.read_text(encoding="utf-8")
