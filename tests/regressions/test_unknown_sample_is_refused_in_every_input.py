"""`--sample NOPE` used to be ignored where a reader did not check it: `--sv-vcf F --sample NOPE` on a
one-sample SV VCF exited 0 and wrote `sample_id: "NOPE"`, and a fusion table read by a caller's
dialect (STAR-Fusion, FusionInspector, JAFFA) never looked at its sample column. Every input that
names samples now refuses a sample it does not name (exit 2, naming the samples there); an input
that names none (a caller's single-sample table) cannot refuse one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, shared_path

POOLED_FI = ROOT / "tests" / "data" / "samples" / "fusioninspector_pooled.tsv"


def _refused(*args: str, names: list[str], out: Path) -> str:
    result = run_cli("annotate", *args, "--sample", "NOPE", "-o", str(out))
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "sample 'NOPE' is not in the file" in line
    assert all(name in line for name in names), line
    assert not out.exists()
    return line


@pytest.mark.parametrize(
    "option, parts, names",
    [
        ("--sv-vcf", ("realworld", "sv", "manta", "megSAP.vc_manta_out1.vcf.gz"), ["vc_manta_in1_temp"]),  # one sample
        ("--sv-vcf", ("realworld", "sv", "delly", "vcf2maf.test_delly.vcf"), ["TUMOR", "NORMAL"]),
        (
            "--fusions",
            ("realworld", "fusion", "H2228", "JAFFA_HYBRID__jaffa_results.csv"),
            ["jaffa-direct"],
        ),  # JAFFA's own sample column
        ("--fusions", ("realworld", "cbioportal", "cbioportal-core.data_structural_variants.txt"), ["TCGA-A1-A0SB-01"]),
        ("--maf", ("realworld", "oncokb-annotator", "example_maf.txt"), ["TCGA-05-4417-01"]),
        ("--cnv", ("realworld", "cbioportal", "cbioportal-core.data_cna_discrete_long.txt"), ["TCGA-A1-A0SO-01"]),
    ],
)
def test_real_files_refuse_a_sample_they_do_not_name(tmp_path, option, parts, names):
    _refused(option, str(shared_path(*parts)), names=names, out=tmp_path / "r.json")


def test_a_pooled_fusioninspector_table_refuses_an_unknown_sample(tmp_path):
    _refused("--fusions", str(POOLED_FI), names=["P01_RNA", "P02_RNA", "P03_RNA"], out=tmp_path / "r.json")


def test_a_file_naming_no_sample_takes_the_requested_one(tmp_path):
    arriba = shared_path("realworld", "fusion", "arriba", "arriba-test.fusions.tsv")
    result = run_cli("annotate", "--fusions", str(arriba), "--sample", "P01_RNA", "-o", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["sample_id"] == "P01_RNA" and report["inputs"][0]["sample"] is None
