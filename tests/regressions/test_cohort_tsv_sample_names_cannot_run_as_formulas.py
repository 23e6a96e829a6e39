"""A cohort sample named like a formula (`=cmd|…`) or holding a control character became a header
cell of cohort_alterations.tsv as given (issue 17, item 10): the cohort tables now follow the TSV
cell policy of every alkannot TSV (report/tsv.py)."""

from __future__ import annotations

import io

import pytest

np = pytest.importorskip("numpy")


def test_sample_names_and_labels_are_written_as_text():
    from alkannot.cohort.summary import _write_matrix_tsv

    out = io.StringIO()
    _write_matrix_tsv(
        out,
        [("bypass", "KRAS", "@SUM(A1)")],
        ["S1", "=cmd|' /C calc'!A0", "a\x0bb\u2028c"],
        np.array([[1, 0, 1]], dtype=np.int8),
    )
    header, row = out.getvalue().splitlines()
    assert header.split("\t") == ["category", "gene", "alteration", "S1", "'=cmd|' /C calc'!A0", "a\\x0bb\\u2028c"]
    assert row.split("\t") == ["bypass", "KRAS", "'@SUM(A1)", "1", "0", "1"]
