"""A no-call genotype (./. or .) is not a mutation; a record without a usable genotype counts only
if the sample's own allele fraction or alt reads (a copy number, for a segment) are above zero.

What broke: a tumour genotype './.' with no alt reads was reported as a mutation, from small-variant
VCFs, SV VCFs and copy-number VCFs alike. The rule is now one function every reader calls
(readers/presence.py); callers that write './.' on every record they do call (HMF ESVEE for SVs,
Ion Reporter for CNVs) are read from their measure."""

from __future__ import annotations

import pytest
from conftest import annotate_json, write_vcf

from alkannot.readers.cnv import read_cnv
from alkannot.readers.presence import HOM_REF, NO_CALL, ZERO
from alkannot.readers.sv import read_sv_vcf

GRCH37 = "##contig=<ID=chr2,length=243199373>"
G1202R = "chr2\t29443613\t.\tC\tT\t.\tPASS\tDP=300"  # GRCh37


def _vcf(tmp_path, fmt: str, value: str, name: str = "v.vcf"):
    return write_vcf(tmp_path / name, [f"{G1202R}\t{fmt}\t{value}"], contig=GRCH37)


@pytest.mark.parametrize(
    "fmt,value,reason",
    [
        ("GT:AD", "./.:300,0", NO_CALL),
        ("GT:AD", ".:300,0", NO_CALL),
        ("GT", "./.", NO_CALL),  # a no-call and nothing else: not a finding
        ("AD:AF", "300,0:0", ZERO),  # no genotype: the measure is zero
    ],
)
def test_not_reported_but_counted(tmp_path, fmt, value, reason):
    report = annotate_json("--vcf", str(_vcf(tmp_path, fmt, value)))
    assert report["alterations"] == []
    assert [(c["gene"], c["reason"], c["count"]) for c in report["other_variants_counted"]] == [("ALK", reason, 1)]


@pytest.mark.parametrize(
    "fmt,value",
    [
        ("GT:AD", "./.:200,100"),  # no usable genotype, but alt reads in the sample
        ("AD", "200,100"),  # a caller that writes no GT (Strelka-like)
        ("DP", "300"),  # no GT and no measure: the caller's call as written
    ],
)
def test_read_from_the_measure_when_there_is_no_usable_genotype(tmp_path, fmt, value):
    report = annotate_json("--vcf", str(_vcf(tmp_path, fmt, value)))
    assert [a["name"] for a in report["alterations"]] == ["ALK p.G1202R"]


def test_the_text_fallback_follows_the_same_rule(tmp_path):
    path = _vcf(tmp_path, "GT:AD", "./.:300,0")
    lines = path.read_text().splitlines()  # spaces between columns: htslib refuses, pyvcf3 reads it
    path.write_text("\n".join(ln if ln.startswith("##") else ln.replace("\t", " ") for ln in lines) + "\n")
    report = annotate_json("--vcf", str(path))
    assert "vcf_lenient_parser" in {w["code"] for w in report["warnings"]}
    assert report["alterations"] == [] and report["other_variants_counted"][0]["reason"] == NO_CALL


SV_HEADER = [
    "##fileformat=VCFv4.2",
    "##contig=<ID=2,length=243199373>",
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">',
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="m">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="g">',
    '##FORMAT=<ID=AF,Number=1,Type=Float,Description="a">',
    '##FORMAT=<ID=VF,Number=1,Type=Integer,Description="v">',
]


def _sv(tmp_path, tumour: str):
    lines = SV_HEADER + [
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR",
        f"2\t42522656\tb1\tG\tG[2:29446394[\t.\tPASS\tSVTYPE=BND;MATEID=b2\tGT:AF:VF\t{tumour}",
        f"2\t29446394\tb2\tT\t]2:42522656]T\t.\tPASS\tSVTYPE=BND;MATEID=b1\tGT:AF:VF\t{tumour}",
    ]
    path = tmp_path / "sv.vcf"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_sv_records_follow_the_rule(tmp_path):
    assert len(read_sv_vcf(_sv(tmp_path, "./.:0.22:29")).calls) == 1  # ESVEE writes ./. on every call
    for tumour, reason in (("./.:0:0", NO_CALL), ("0/0:0:0", HOM_REF)):
        res = read_sv_vcf(_sv(tmp_path, tumour))
        assert res.calls == [] and {s.reason for s in res.set_aside} == {reason}


CNV_HEADER = [
    "##fileformat=VCFv4.2",
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">',
    '##INFO=<ID=END,Number=1,Type=Integer,Description="e">',
    '##INFO=<ID=GENE,Number=1,Type=String,Description="g">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="g">',
    '##FORMAT=<ID=CN,Number=1,Type=Float,Description="c">',
]


def test_cnv_records_follow_the_rule(tmp_path):
    def read(gt: str):
        path = tmp_path / "cnv.vcf"
        path.write_text(
            "\n".join(
                CNV_HEADER
                + [
                    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1",
                    f"chr7\t116672195\t.\tN\t<CNV>\t.\tPASS\tSVTYPE=CNV;END=116798377;GENE=MET\tGT:CN\t{gt}:9.5",
                ]
            )
            + "\n"
        )
        return read_cnv(path)

    assert [c.copy_number for c in read("./.").calls] == [
        9.5
    ]  # Ion Reporter writes ./. on every CNV record: the CN is the call
    assert [c.copy_number for c in read("0/1").calls] == [9.5]
    hom_ref = read("0/0")
    assert hom_ref.calls == [] and [(s.gene, s.reason) for s in hom_ref.set_aside] == [("MET", HOM_REF)]
