"""A tumour/normal VCF whose header names the matched normal (`##normal_sample=`, or
`##PEDIGREE=<Derived=…,Original=…>`) could be annotated as the normal with `--sample`: the tumour's
G1202R then read as "germline: present in the matched normal". The declared normal is refused
(exit 2, naming the tumour), and without `--sample` the tumour is chosen however the columns are
named or ordered, by the small-variant, SV and copy-number VCF readers alike, and a cohort makes no
report of the normal."""

from __future__ import annotations

import json

import pytest

from conftest import change_to_vcf, run_cli, write_vcf

DECLARATIONS = {
    "mutect2": ["##tumor_sample=S2", "##normal_sample=S1"],
    "normal only": ["##normal_sample=S1"],
    "pedigree": ["##PEDIGREE=<Derived=S2,Original=S1>"],
}


def _pair(tmp_path, alk, header: list[str]):
    """Normal first (S1: no ALT read), tumour second (S2: G1202R); names that say nothing of either."""
    pos, ref, alt = change_to_vcf(alk["GRCh38"], "G1202R")
    record = f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=400\tGT:AD:DP\t0/0:200,0:200\t0/1:150,50:200"
    return write_vcf(tmp_path / "pair.vcf", [record], samples=["S1", "S2"], header=header)


@pytest.mark.parametrize("declared", DECLARATIONS)
def test_the_declared_normal_is_refused(tmp_path, alk, declared):
    vcf = _pair(tmp_path, alk, DECLARATIONS[declared])
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--vcf", str(vcf), "--sample", "S1", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "'S1' is the matched normal" in line and "the tumour is S2" in line


@pytest.mark.parametrize("declared", DECLARATIONS)
def test_without_sample_the_tumour_is_read_and_the_normal_is_the_germline_check(tmp_path, alk, declared):
    result = run_cli("annotate", "--vcf", str(_pair(tmp_path, alk, DECLARATIONS[declared])), "-o", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["sample_id"] == "S2" and report["inputs"][0]["sample"] == "S2"
    g1202r = [a for a in report["alterations"] if a["name"] == "ALK p.G1202R"]
    assert len(g1202r) == 1 and g1202r[0]["variant"]["vaf"] == 0.25


def test_sv_and_copy_number_vcfs_refuse_the_declared_normal(tmp_path):
    header = (
        "##fileformat=VCFv4.2\n##tumor_sample=T_X\n##normal_sample=N_X\n##contig=<ID=chr7,length=159345973>\n"
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">\n##INFO=<ID=END,Number=1,Type=Integer,Description="e">\n'
        '##FORMAT=<ID=CN,Number=1,Type=Float,Description="c">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN_X\tT_X\n'
    )
    cnv = tmp_path / "cn.vcf"
    cnv.write_text(header + "chr7\t116672196\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=116798377\tCN\t2\t9\n")
    for option in ("--sv-vcf", "--cnv"):
        result = run_cli("annotate", option, str(cnv), "--sample", "N_X", "-o", str(tmp_path / "r.json"))
        assert result.exit_code == 2 and "'N_X' is the matched normal (##normal_sample=N_X)" in result.stderr, (
            option,
            result.stderr,
        )
        chosen = json.loads(run_cli("annotate", option, str(cnv), "-o", "-").stdout)
        assert chosen["sample_id"] == "T_X" and chosen["inputs"][0]["sample"] == "T_X", option
    from alkannot.cohort.tables import cnv_samples
    from alkannot.readers.cnv import read_cnv

    assert read_cnv(cnv).sample == "T_X" and [c.copy_number for c in read_cnv(cnv).calls] == [9.0]
    assert cnv_samples(cnv) == ["T_X"]  # a cohort reports the tumour, not the normal
