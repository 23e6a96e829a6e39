"""Contig aliases and build names as callers and panels write them."""

from __future__ import annotations

import pytest

from alkannot.genome.builds import detect_from_header, normalize_build, normalize_contig
from conftest import annotate_json, write_vcf


@pytest.mark.parametrize(
    "name,expected",
    [
        ("chr2", "2"),
        ("2", "2"),
        ("NC_000002.11", "2"),
        ("NC_000002.12", "2"),
        ("chrX", "X"),
        ("NC_000023.11", "X"),
        ("chrM", "MT"),
        ("GL000192.1", "GL000192.1"),
    ],
)
def test_contig_aliases(name, expected):
    assert normalize_contig(name) == expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("hg19", "GRCh37"),
        ("GRCh37", "GRCh37"),
        ("b37", "GRCh37"),
        ("hg38", "GRCh38"),
        ("grch38", "GRCh38"),
        ("hg18", None),
        ("auto", None),
    ],
)
def test_build_names(name, expected):
    assert normalize_build(name) == expected


def test_header_evidence_order():
    assert detect_from_header([], {"NC_000002.11": None})[0] == "GRCh37"
    assert detect_from_header([("reference", "/refs/hs37d5.fa")], {"chr2": None})[0] == "GRCh37"
    assert detect_from_header([("assembly", "GRCh38")], {})[0] == "GRCh38"
    # a stated length beats a misleading file name
    assert detect_from_header([("reference", "hg19.fa")], {"2": 242193529})[0] == "GRCh38"
    assert detect_from_header([], {})[0] is None


def test_refseq_contig_names_are_read(tmp_path):
    rec = "NC_000002.11\t29443613\t.\tC\tT\t.\tPASS\tDP=80\tGT\t0/1"
    vcf = write_vcf(tmp_path / "refseq.vcf", [rec], contig="##contig=<ID=NC_000002.11>")
    report = annotate_json("--vcf", str(vcf))
    assert report["genome_build"] == "GRCh37"
    assert report["alterations"][0]["variant"]["hgvs_g"] == "NC_000002.11:g.29443613C>T"


def test_outside_kinase_domain_keeps_the_reference_residue(tmp_path):
    rec = "2\t29519851\t.\tC\tA\t.\tPASS\tDP=80\tGT\t0/1"  # ALK c.1720G>T, residue G574 (GRCh37)
    vcf = write_vcf(tmp_path / "g574.vcf", [rec], contig="##contig=<ID=2,length=243199373>")
    report = annotate_json("--vcf", str(vcf))
    assert report["alterations"] == []
    other = report["other_variants"][0]
    assert (other["hgvs_c"], other["reference_residue"]) == ("c.1720G>T", "G574")
    assert "outside the ALK kinase domain" in other["reason"]
