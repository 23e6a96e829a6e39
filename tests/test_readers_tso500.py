"""TSO500 CombinedVariantOutput.tsv: one input, every section classified — fusions and MET exon 14
skipping from the RNA sections, gene amplifications and small variants from the DNA sections — as
--tso500 or recognised when given as --vcf or --fusions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alkannot import annotate
from alkannot.errors import InputError
from alkannot.readers.tso500 import is_combined_variant_output, read_tso500

from conftest import run_cli

FORMATS = Path(__file__).parent / "formats"
RNA = FORMATS / "tso500.rna.CombinedVariantOutput.tsv"
DNA = FORMATS / "tso500.dna.CombinedVariantOutput.tsv"


def test_rna_sections_give_the_alk_driver_exon14_skipping_and_bypass_fusions():
    report = annotate(tso500=RNA)
    names = {a.name: a for a in report.alterations}
    assert names["EML4::ALK v1 (E13;A20)"].fusion.role == "driver"
    assert names["EML4::ALK v1 (E13;A20)"].fusion.supporting_reads == 75
    assert "MET exon 14 skipping (RNA: exon 13::exon 15 junction)" in names
    assert {"KIF5B::RET fusion", "CD74::ROS1 fusion", "SLC45A3::BRAF fusion"} <= set(names)
    assert report.genome_build == "GRCh37" and report.sample_id == "21M81042-1"


def test_dna_sections_give_copy_number_and_read_the_small_variants():
    result = read_tso500(DNA)
    assert [c.gene for c in result.copy_number] == ["MYCN", "MET", "MYC"]
    assert len(result.variants) == 7 and result.variants[0].chrom == "chr1"
    report = annotate(tso500=DNA, build="GRCh37")
    assert [a.name for a in report.alterations] == ["MET gain (CN 4.3; below the amplification threshold)"]
    assert {i.format for i in report.inputs} >= {"tso500: [Small Variants]", "tso500: [Gene Amplifications]"}


@pytest.mark.parametrize("option", ["--vcf", "--fusions", "--tso500"])
def test_recognised_whichever_option_names_it(option):
    result = run_cli("annotate", option, str(RNA), "-o", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["alk_driver"]["status"] == "established"


def test_a_sample_the_file_does_not_name_is_refused():
    with pytest.raises(InputError, match="21M81042-1"):
        read_tso500(RNA, sample="OTHER")


def test_an_ordinary_table_is_not_taken_for_tso500(tmp_path):
    path = tmp_path / "fusions.tsv"
    path.write_text("gene1\tgene2\nEML4\tALK\n")
    assert not is_combined_variant_output(path)
