"""Long-read fusion callers (pbfusion, FusionSeeker, FLAIR-fusion, LongGF) and Hartwig LINX: each is
recognised from its content, and gives the ALK fusion a pathologist would read from it, with its
support; failed or unreported calls give no finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from alkannot import annotate
from alkannot.errors import InputError
from alkannot.readers.fusions import read_fusions

FORMATS = Path(__file__).parent / "formats"


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("fusionseeker.confident_genefusion.txt", "fusionseeker"),
        ("longgf.log", "longgf"),
        ("pbfusion.breakpoints.groups.bed", "pbfusion"),
        ("flair-fusion.Fusions.tsv", "flair-fusion"),
        ("linx.fusion.tsv", "linx"),
    ],
)
def test_format_is_recognised_from_its_content(name, fmt):
    assert read_fusions(FORMATS / name).format == fmt


@pytest.mark.parametrize(
    "name",
    [
        "fusionseeker.confident_genefusion.txt",
        "longgf.log",
        "pbfusion.breakpoints.groups.bed",
        "flair-fusion.Fusions.tsv",
    ],
)
def test_long_read_callers_give_eml4_alk_v1_as_the_driver(name):
    report = annotate(fusions=FORMATS / name, build="GRCh38")
    drivers = [a for a in report.alterations if a.fusion is not None and a.fusion.role == "driver"]
    assert [a.name for a in drivers][:1] == ["EML4::ALK v1 (E13;A20)"]
    assert drivers[0].fusion.supporting_reads and drivers[0].fusion.supporting_reads >= 26


def test_pbfusion_trans_splicing_class_is_still_a_fusion():
    """pbfusion labels KI-JK's NPM1::ALK 'PotentialTransSplicing' (both breakpoints on exon edges)."""
    names = {a.name for a in annotate(fusions=FORMATS / "pbfusion.breakpoints.groups.bed", build="GRCh38").alterations}
    assert "NPM1::ALK (N4;A20)" in names


def test_linx_reported_fusion_is_read_with_its_exons():
    report = annotate(fusions=FORMATS / "linx.fusion.tsv", build="GRCh37")
    alk = [a for a in report.alterations if a.category == "alk_fusion"]
    assert [(a.name, a.fusion.role) for a in alk] == [("EML4::ALK v1 (E13;A20)", "driver")]
    skipped = [w.message for w in report.warnings if w.code == "fusion_row_skipped"]
    assert len(skipped) == 2 and all("not reported by LINX" in m for m in skipped)


def test_linx_public_test_run_has_no_finding_from_unreported_fusions():
    path = shared_path("realworld", "fusion", "linx", "hmftools-orange.tumor_sample.linx.fusion.tsv")
    report = annotate(fusions=path, build="GRCh37")
    assert report.alterations == []
    assert any(w.code == "fusion_row_skipped" for w in report.warnings)


def test_linx_breakend_table_is_refused_with_a_pointer_to_the_fusion_table(tmp_path):
    path = tmp_path / "tumor.linx.breakend.tsv"
    path.write_text(
        "id\tsvId\tisStart\tgene\ttranscriptId\tcanonical\tgeneOrientation\tdisruptive\n0\t0\ttrue\tGDAP2\tENST1\ttrue\tDownstream\tfalse\n"
    )
    with pytest.raises(InputError, match=r"linx\.fusion\.tsv"):
        read_fusions(path)


def test_longgf_log_without_summary_lines_gives_nothing_and_says_so(tmp_path):
    path = tmp_path / "run.log"
    path.write_text("x_sort.bam genes.gtf 100 50 100 0\nOpen sam file (x_sort.bam).\n")
    result = read_fusions(path)
    assert result.format == "longgf" and result.calls == []
    assert [w.code for w in result.warnings] == ["fusion_input_empty"]
