"""The Python API is a contract: these names exist and `annotate` returns a pydantic Report."""

from __future__ import annotations

import alkannot
from conftest import EXAMPLES


def test_public_names_exist():
    for name in alkannot.__all__:
        assert getattr(alkannot, name) is not None, name


def test_annotate_returns_a_report():
    report = alkannot.annotate(vcf=EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf", build="GRCh37")
    assert isinstance(report, alkannot.Report)
    assert {a.variant.protein_change for a in report.alterations if a.variant} == {"I1171N", "D1203N"}
    assert [a.phase for a in report.alterations if a.category == "alk_compound_mutation"] == ["cis"]
    assert report.genome_build == "GRCh37" and report.build_evidence == "declared by the build parameter"


def test_errors_share_one_base():
    assert issubclass(alkannot.InputError, alkannot.AlkannotError)
    assert issubclass(alkannot.KnowledgeBaseError, alkannot.AlkannotError)
    assert issubclass(alkannot.UsageError, alkannot.AlkannotError)


def test_import_is_light():
    import subprocess
    import sys

    code = "import alkannot, sys; print(int('pysam' in sys.modules), int('pandas' in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "0"]


def test_annotate_without_input_refuses_as_the_cli_does():
    import pytest

    with pytest.raises(alkannot.UsageError, match="nothing to annotate"):
        alkannot.annotate()
    with pytest.raises(alkannot.UsageError, match="nothing to annotate"):
        alkannot.annotate(bam="tumour.bam", fusions=[])


def test_wrong_argument_types_are_alkannot_errors_naming_the_argument():
    import pytest

    for kwargs, name in (
        ({"fusions": 123}, "fusions"),
        ({"vcf": 1.5}, "vcf"),
        ({"fusions": ["a.tsv", 7]}, "fusions[1]"),
        ({"vcf": EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf", "sample": 3}, "sample"),
        ({"clinical": "x.yaml", "kb": 42}, "kb"),
    ):
        with pytest.raises(alkannot.UsageError) as info:
            alkannot.annotate(**kwargs)
        assert f"annotate(): {name} " in str(info.value), info.value
    with pytest.raises(alkannot.UsageError, match="unknown fusion_format 'vcf'"):
        alkannot.annotate(fusions="x.tsv", fusion_format="vcf")


def test_build_and_fusion_format_are_literals():
    import typing

    hints = typing.get_type_hints(alkannot.annotate)
    builds = {a for arg in typing.get_args(hints["build"]) for a in (typing.get_args(arg) or [arg])}
    assert {"auto", "GRCh37", "GRCh38"} <= builds
    assert set(typing.get_args(hints["fusion_format"])) >= {"auto", "arriba", "star-fusion", "fusioncatcher", "generic"}


def test_the_models_a_caller_reads_have_docstrings():
    import pydoc

    for model in (alkannot.Report, alkannot.Alteration, alkannot.TherapyCall):
        text = pydoc.render_doc(model)
        assert model.__doc__ and len(model.__doc__.split()) > 8 and model.__doc__.split()[0] in text
    assert "report_id" in alkannot.Report.__doc__ and "annotate" in alkannot.Report.__doc__


def test_writers_are_exported_beside_annotate():
    import json

    report = alkannot.annotate(vcf=EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf", report_date="2026-12-03")
    assert report.report_id and report.report_date == "2026-12-03"
    assert json.loads(alkannot.render_json(report))["report_id"] == report.report_id
    assert "<!DOCTYPE html>" in alkannot.render_html(report)
    assert alkannot.render_markdown(report).startswith("# alkannot report")
    assert alkannot.render_tsv(report).startswith("patient_id\t")
    assert json.loads(alkannot.render_fhir(report))["resourceType"] == "Bundle"
    assert callable(alkannot.render_pdf)


def test_the_fusion_format_literal_names_every_reader_format():
    """annotate()'s `fusion_format` Literal offers exactly the formats the readers know, and "auto"."""
    from typing import get_args

    from alkannot.api import FusionFormat
    from alkannot.readers import FUSION_FORMATS

    assert set(get_args(FusionFormat)) == {"auto", *FUSION_FORMATS}
