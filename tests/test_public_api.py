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
    assert report.genome_build == "GRCh37" and report.build_evidence == "declared with --build"


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
