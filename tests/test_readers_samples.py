"""The one sample chooser (`alkannot.readers.samples`): the order of its rules for column files and
row tables, what a header declares, and that no reader keeps a chooser or tumour-name rule of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alkannot.errors import InputError
from alkannot.readers.samples import (
    SampleRoles,
    candidates,
    choose_column,
    choose_row,
    matched_normal,
    roles_from_meta,
    sample_column,
)

READERS = Path(__file__).resolve().parent.parent / "alkannot" / "readers"


@pytest.mark.parametrize(
    "samples, meta, requested, chosen",
    [
        (["N", "T"], [("tumor_sample", "N")], None, "N"),  # the declared tumour first, whatever its name
        (["blood", "P1_tumour"], [], None, "P1_tumour"),  # then the one named like a tumour
        (["only"], [], None, "only"),  # then the only one
        (["P1_blood", "P1_x"], [("normal_sample", "P1_blood")], None, "P1_x"),  # never the declared normal
        (["A", "B"], [("PEDIGREE", "<Derived=B,Original=A>")], None, "B"),
        (["A", "B"], [("PEDIGREE", [{"Derived": "B", "Original": "A"}])], None, "B"),  # pyvcf3's parsed form
        (["A", "B"], [], "A", "A"),
        ([], [], "X", None),  # a file naming no sample cannot refuse one
        ([], [], None, None),
    ],
)
def test_column_files(samples, meta, requested, chosen):
    assert choose_column("f.vcf", samples, requested, roles_from_meta(meta)) == chosen


@pytest.mark.parametrize(
    "samples, meta, requested, message",
    [
        (["A", "B"], [], None, "several samples and none is marked as the tumour: A, B; choose one with `sample`"),
        (["A", "B"], [], "C", "sample 'C' is not in the file (samples: A, B)"),
        (["A"], [], "C", "sample 'C' is not in the file (samples: A)"),
        (
            ["N", "T"],
            [("normal_sample", "N")],
            "N",
            "sample 'N' is the matched normal (##normal_sample=N), not a tumour",
        ),
        (["N"], [("normal_sample", "N")], None, "the file's only sample is the matched normal"),
        (["A", "A"], [], None, "duplicate sample name(s) in the #CHROM line: A"),
    ],
)
def test_column_file_refusals(samples, meta, requested, message):
    with pytest.raises(InputError, match=re.escape(message)):
        choose_column("f.vcf", samples, requested, roles_from_meta(meta))


def test_row_tables_never_guess_by_name():
    assert choose_row("t.tsv", {"P1_tumour": None}, None) == "P1_tumour"
    with pytest.raises(InputError, match=re.escape("several samples (P1_tumour, P2_normal); choose one with `sample`")):
        choose_row("t.tsv", {"P1_tumour": None, "P2_normal": None}, None)  # two patients, not a tumour/normal pair
    many = {f"S{i}": None for i in range(25)}
    with pytest.raises(InputError, match=re.escape("S9, … (25 in all))")):
        choose_row("t.tsv", many, "NOPE")


def test_the_matched_normal_and_the_cohort_candidates():
    roles = SampleRoles("T", frozenset({"N"}))
    assert matched_normal(["X", "N", "T"], roles, "T") == "N" and matched_normal(["A", "B"], None, "A") == "B"
    assert candidates(["N", "T", "T2"], roles) == ["T", "T2"]


def test_sample_columns_by_any_of_their_names():
    assert sample_column(["#sample", "FusionName"]) == 0
    assert sample_column(["Hugo_Symbol", "Matched_Norm_Sample_Barcode", "Tumor_Sample_Barcode"]) == 2
    assert sample_column(["Sample ID", "Gene"]) == 0 and sample_column(["gene", "sample_1"]) is None


def test_no_reader_keeps_a_sample_rule_of_its_own():
    for module in READERS.rglob("*.py"):  # the packages (vcf/, cnv/, fusions/) too
        if module.name == "samples.py":
            continue
        text = module.read_text()
        assert "tumou?r" not in text and "def _choose_sample" not in text and "def _pick_sample" not in text, (
            module.name
        )
        assert "choose one with" not in text and "is not in the file (samples" not in text, module.name
