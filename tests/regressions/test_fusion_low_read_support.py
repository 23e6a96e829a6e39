"""Read support ignored: the read-count columns of long-read callers were not read, so 18 BRAF
fusions backed by one or two reads each were reported as bypass events. Every format's support
column is now read; a bypass fusion below the knowledge base's `min_supporting_reads_bypass`
convention is set aside with a warning, and an ALK fusion below `min_supporting_reads` is
`low_support`, never the driver."""

from __future__ import annotations

from pathlib import Path

import pytest

from alkannot import annotate

FORMATS = Path(__file__).parent.parent / "formats"


@pytest.mark.parametrize(
    "name",
    [
        "fusionseeker.confident_genefusion.txt",
        "longgf.log",
        "pbfusion.breakpoints.groups.bed",
        "flair-fusion.Fusions.tsv",
    ],
)
def test_one_and_two_read_braf_fusions_are_not_bypass_findings(name):
    report = annotate(fusions=FORMATS / name, build="GRCh38")
    braf = [a for a in report.alterations if a.category == "bypass" and a.gene == "BRAF"]
    assert all(a.fusion.supporting_reads >= 3 for a in braf)
    assert any(w.code == "fusion_bypass_set_aside" and "BRAF" in w.message for w in report.warnings)


def test_a_well_supported_braf_fusion_is_still_reported():
    report = annotate(fusions=FORMATS / "fusionseeker.confident_genefusion.txt", build="GRCh38")
    assert "SLC45A3::BRAF fusion" in {a.name for a in report.alterations}


def test_a_one_read_alk_fusion_is_low_support_not_the_driver(tmp_path):
    path = tmp_path / "x.confident_genefusion.txt"
    path.write_text(
        "ID\tGene1\tGene2\tNumSupp\tChrom1\tBreakpoint1\tChrom2\tBreakpoint2\tSupportingReads\n"
        "GF1\tALK\tEML4\t1\tchr2\t29223529\tchr2\t42295519\tread1\n"
    )
    report = annotate(fusions=path, build="GRCh38")
    assert [a.fusion.role for a in report.alterations if a.category == "alk_fusion"] == ["low_support"]
    assert any(w.code == "no_alk_fusion" for w in report.warnings)
