"""The report contract: the shipped schema equals the model's, and every example validates."""

from __future__ import annotations

import jsonschema
import pytest

from alkannot.report.json_writer import ReportSchemaError, generated_schema, report_schema, validate
from conftest import EXAMPLES, annotate_json


def test_shipped_schema_matches_the_model():
    """If this fails the contract moved: regenerate with `python -m alkannot.report.json_writer`."""
    assert report_schema() == generated_schema()


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in {".vcf", ".gz", ".bcf"}))
def test_every_example_gives_a_schema_valid_report(example):
    report = annotate_json("--vcf", str(EXAMPLES / example))
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    for key in (
        "schema_version",
        "tool",
        "knowledgebase",
        "genome_build",
        "inputs",
        "warnings",
        "alterations",
        "therapies",
        "recommendations",
    ):
        assert key in report
    assert report["knowledgebase"]["sha256"] and len(report["inputs"][0]["sha256"]) == 64


def test_an_invalid_document_is_refused():
    report = annotate_json("--vcf", str(EXAMPLES / "P04_no_alk_mutation.GRCh38.bcf"))
    report["alterations"] = [{"id": "x", "category": "not_a_category"}]
    with pytest.raises(ReportSchemaError, match="schema validation"):
        validate(report)


def test_list_fields_default_to_a_new_list_per_record():
    """Report records fill list fields from a factory (model._new_list, not the builtin: see its
    docstring); every record must still get its own list, or one report's warning would show in the next."""
    from alkannot.model import SmallVariant

    first = SmallVariant(file="a.vcf", chrom="2", pos=1, ref="A", alt="C")
    second = SmallVariant(file="a.vcf", chrom="2", pos=2, ref="A", alt="C")
    first.filters.append("LowQual")
    assert second.filters == [] and first.filters is not second.filters
