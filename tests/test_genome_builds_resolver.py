"""genome/builds.resolve_build: the one place a run's genome build is decided."""

from __future__ import annotations

import pytest

from alkannot.errors import InputError
from alkannot.genome.builds import EXACT, FITTED, NAMED, BuildEvidence, fitted, header_evidence, resolve_build


def _ev(source: str, build: str, rank: int) -> BuildEvidence:
    return BuildEvidence(source, build, rank, f"{source} says {build}", f"what {source} says")


def test_no_evidence_assumes_grch38_and_warns_for_each_placed_input():
    res = resolve_build(None, [], ["a.vcf", "b.cns"])
    assert res.build == "GRCh38" and res.evidence.startswith("assumed")
    assert [(code, msg.split(":")[0]) for code, msg in res.warnings] == [
        ("build_assumed", "a.vcf"),
        ("build_assumed", "b.cns"),
    ]


def test_agreeing_inputs_are_recorded_strongest_first():
    res = resolve_build(None, [_ev("f.tsv", "GRCh37", FITTED), _ev("a.vcf", "GRCh37", EXACT)], ["a.vcf", "f.tsv"])
    assert res.build == "GRCh37" and res.evidence == "a.vcf says GRCh37; f.tsv says GRCh37" and res.warnings == []


@pytest.mark.parametrize("rank", [EXACT, NAMED, FITTED])
def test_a_declared_build_any_evidence_contradicts_is_refused(rank):
    with pytest.raises(
        InputError,
        match=r"`build` GRCh38 contradicts the file, which is GRCh37 by what a.vcf says; is the file GRCh37\?",
    ):
        resolve_build("GRCh38", [_ev("a.vcf", "GRCh37", rank)], [])


def test_inputs_that_disagree_are_refused_naming_both():
    with pytest.raises(InputError) as caught:
        resolve_build(None, [_ev("a.vcf", "GRCh38", EXACT), _ev("b.maf", "GRCh37", NAMED)], [])
    assert caught.value.file == "b.maf" and "a.vcf is GRCh38" in str(caught.value) and "GRCh37" in str(caught.value)


def test_within_one_file_exact_outranks_named_with_a_warning_and_content_silently():
    res = resolve_build(
        None, [_ev("a.vcf", "GRCh38", EXACT), _ev("a.vcf", "GRCh37", NAMED), _ev("a.vcf", "GRCh37", FITTED)], []
    )
    assert res.build == "GRCh38" and [code for code, _ in res.warnings] == ["build_conflict"]
    with pytest.raises(InputError, match="states two genome builds"):
        resolve_build(None, [_ev("a.vcf", "GRCh38", EXACT), _ev("a.vcf", "GRCh37", EXACT)], [])


def test_header_evidence_ranks_contig_lengths_over_reference_text():
    found = header_evidence("a.vcf", [("reference", "/refs/hg19.fa")], {"chr2": 242193529})
    assert [(e.build, e.rank) for e in found] == [("GRCh38", EXACT), ("GRCh37", NAMED)]


def test_fitted_needs_a_strict_winner():
    assert fitted({"GRCh37": (2, 1), "GRCh38": (1, 1)}) == "GRCh37"
    assert fitted({"GRCh37": (1, 0), "GRCh38": (1, 0)}) is None
    assert fitted({"GRCh37": (0,), "GRCh38": (0,)}) is None
