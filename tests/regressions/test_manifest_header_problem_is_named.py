"""A manifest with a comma-separated header, or without a sample_id column, was refused as "no header
line" (issue 22). The refusal now names the delimiter it found, or the missing column."""

from __future__ import annotations

import pytest

from alkannot.cohort.manifest import read_manifest
from alkannot.errors import InputError


@pytest.mark.parametrize(
    "header, expected",
    [
        ("sample_id,vcf,clinical", "separated by commas"),
        ("sample_id;vcf", "separated by semicolons"),
        ("sample_id   vcf", "separated by spaces"),
        ("patient_id\tvcf\tclinical", "no sample_id column (it has patient_id, vcf, clinical)"),
    ],
)
def test_the_header_problem_is_named(tmp_path, header, expected):
    manifest = tmp_path / "m.tsv"
    manifest.write_text(header + "\nS1\tx.vcf\n")
    with pytest.raises(InputError) as info:
        read_manifest(manifest)
    assert expected in str(info.value) and ":1:" in str(info.value)


def test_a_line_of_other_content_is_not_quoted(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("root:$6$secret:19000:0:99999:7:::\n")
    with pytest.raises(InputError) as info:
        read_manifest(manifest)
    assert "secret" not in str(info.value) and "no header line" in str(info.value)
