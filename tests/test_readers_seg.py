"""SEG copy number (DNAcopy / CNVkit export seg / cBioPortal / IGV, and GATK's .seg): recognised from
the header, one sample chosen from a multi-sample file, log2 segment means turned into copy number
(purity-corrected where purity is stated), chromosomes 23/24 read as X/Y."""

from __future__ import annotations

from pathlib import Path

import pytest

from alkannot import annotate
from alkannot.errors import InputError
from alkannot.readers.cnv import read_cnv

FORMATS = Path(__file__).parent / "formats"


def test_multi_sample_seg_needs_a_sample_and_names_them():
    with pytest.raises(InputError, match="TR_01_T, TR_06_T"):
        read_cnv(FORMATS / "cnvkit.cw-tr-log2.excerpt.seg")


def test_the_chosen_sample_only_and_chromosome_23_is_x():
    result = read_cnv(FORMATS / "cnvkit.cw-tr-log2.excerpt.seg", sample="TR_06_T")
    assert result.format == "seg" and result.sample == "TR_06_T"
    assert [(c.chrom, c.start, c.log2) for c in result.calls][-1] == ("X", 2925000, 0.2087)
    assert {c.sample for c in result.calls} == {"TR_06_T"}


@pytest.mark.parametrize("name,sample", [("met-amplified.seg", "P01_T"), ("gatk.called.seg", None)])
def test_focal_met_segment_is_met_amplification(name, sample):
    report = annotate(cnv=FORMATS / name, sample=sample, build="GRCh37")
    assert [a.name for a in report.alterations] == ["MET amplification (CN 10.0)"]
    assert report.sample_id == "P01_T"


def test_another_sample_of_the_same_file_has_no_amplification():
    assert annotate(cnv=FORMATS / "met-amplified.seg", sample="P02_T", build="GRCh37").alterations == []


def test_purity_given_corrects_the_copy_number():
    result = read_cnv(FORMATS / "met-amplified.seg", sample="P01_T", purity=0.5)
    from alkannot.classify.cnv import copy_number_of

    met = next(c for c in result.calls if c.start == 116300000)
    assert copy_number_of(met) == pytest.approx((2 * 2**2.32 - 1) / 0.5, rel=1e-3)


def test_a_cohort_lists_every_sample_of_a_seg_file():
    from alkannot.cohort.tables import cnv_samples

    assert cnv_samples(FORMATS / "met-amplified.seg") == ["P01_T", "P02_T"]
