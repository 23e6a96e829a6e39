"""Real public VCFs (../shared/realworld/): read without a traceback; refusals are one clear line."""

from __future__ import annotations

import json

import pytest

from alkannot.genome.builds import CONTIG_LENGTHS
from alkannot.readers.vcf import Region, read_vcf
from conftest import assert_read_or_refused, REALWORLD, run_cli, shared_path


def _vcfs() -> list[str]:
    if not REALWORLD.exists():
        return []
    files = [
        p for sub in ("vcf", "edgecases/vcf", "edgecases/oncomine") for p in sorted((REALWORLD / sub).rglob("*.vcf*"))
    ]
    return [str(p.relative_to(REALWORLD)) for p in files]


@pytest.mark.skipif(not REALWORLD.exists(), reason="../shared/realworld is not beside the project")
@pytest.mark.parametrize("name", _vcfs())
def test_real_vcf_is_read_or_refused_cleanly(tmp_path, name):
    assert_read_or_refused(tmp_path, "--vcf", REALWORLD / name)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("vcf/vcf2maf.test_varscan.vcf", "TUMOR"),
        ("vcf/umccr-gpgr.SEQCII-HCC1395.purple.somatic.vcf.gz", None),
    ],
)
def test_tumour_sample_is_found_in_caller_output(name, expected):
    res = read_vcf(shared_path("realworld", name), [Region("2", 29192000, 30145000)])
    if expected:
        assert res.sample == expected
    else:
        assert res.sample and "normal" not in res.sample.lower()


def test_duplicate_sample_names_in_megsap_output_are_refused():
    result = run_cli(
        "annotate", "--vcf", str(shared_path("realworld", "vcf", "megSAP.an_somatic_cancerhotspots_out1.vcf"))
    )
    assert result.exit_code == 2 and "duplicate sample name(s) in the #CHROM line: DX0000000_01" in result.stderr


def test_multi_sample_file_needs_sample_and_then_reads():
    path = shared_path("realworld", "vcf", "megSAP.an_vcf_out_som_vicc.vcf")
    refused = run_cli("annotate", "--vcf", str(path))
    assert refused.exit_code == 2 and "DX000002_01, DX000001_01" in refused.stderr
    ok = run_cli("annotate", "--vcf", str(path), "--sample", "DX000002_01")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["genome_build"] == "GRCh38"


@pytest.mark.parametrize(
    "name,build",
    [
        ("vcf/hmftools-orange.tumor_sample.purple.germline.vcf", "GRCh37"),
        ("vcf/oncomine/ncimatch.input_0.1.5.vcf", "GRCh37"),
        ("vcf/megSAP.an_vcf_out_som_vicc.vcf", "GRCh38"),
        ("vcf/umccr-gpgr.SEQCII-HCC1395.purple.somatic.vcf.gz", "GRCh38"),
    ],
)
def test_build_is_detected_from_real_headers(name, build):
    """Also checks the embedded chr2 lengths against real ##contig lines."""
    res = read_vcf(
        shared_path("realworld", name), [Region("2", 1, 2)], sample="DX000002_01" if "megSAP" in name else None
    )
    assert res.header.build == build
    chr2 = {n: length for n, length in res.header.contigs.items() if n in {"2", "chr2"}}
    assert list(chr2.values()) == [CONTIG_LENGTHS["2"][build]]
