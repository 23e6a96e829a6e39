"""The VCF reader: formats, region queries, sample choice, VAF and depth, filters, CSQ/ANN,
the pyvcf3 fallback, and clear refusals."""

from __future__ import annotations

import gzip
import shutil

import pysam
import pytest

from alkannot.errors import InputError
from alkannot.readers.vcf import Region, read_vcf
from conftest import EXAMPLES, write_vcf

ALK38 = [Region("2", 29192000, 29922000)]
G1202R_38 = "chr2\t29220747\t.\tC\tT\t.\tPASS\tDP=100"


def _fmt(*fields: str) -> str:
    return "\t" + "\t".join(fields)


def test_plain_bgzip_bcf_and_gzip_read_the_same(tmp_path):
    vcf = write_vcf(tmp_path / "a.vcf", [G1202R_38 + _fmt("GT:AD:DP", "0/1:80,20:100")])
    pysam.tabix_compress(str(vcf), str(tmp_path / "a.vcf.gz"))
    with pysam.VariantFile(str(vcf)) as src, pysam.VariantFile(str(tmp_path / "a.bcf"), "wb", header=src.header) as dst:
        for rec in src:
            dst.write(rec)
    with open(vcf, "rb") as fin, gzip.open(tmp_path / "plain.vcf.gz", "wb") as fout:
        shutil.copyfileobj(fin, fout)
    results = {name: read_vcf(tmp_path / name, ALK38) for name in ("a.vcf", "a.vcf.gz", "a.bcf", "plain.vcf.gz")}
    for name, res in results.items():
        assert [(v.pos, v.ref, v.alt, v.vaf, v.depth) for v in res.variants] == [(29220747, "C", "T", 0.2, 100)], name
    assert results["a.bcf"].format == "bcf"
    assert any(w.code == "vcf_not_bgzip" for w in results["plain.vcf.gz"].warnings)


def test_indexed_file_is_queried_by_region(tmp_path):
    far = "chr2\t100\t.\tA\tG\t.\tPASS\tDP=10"
    vcf = write_vcf(tmp_path / "b.vcf", [far + _fmt("GT", "0/1"), G1202R_38 + _fmt("GT", "0/1")])
    pysam.tabix_index(str(vcf), preset="vcf")
    res = read_vcf(str(vcf) + ".gz", ALK38)
    assert res.records_read == 1  # only the ALK record was fetched through the index
    assert [v.pos for v in res.variants] == [29220747]


def test_multiallelic_records_are_split_with_per_allele_vaf(tmp_path):
    rec = "chr2\t29220747\t.\tC\tT,G\t.\tPASS\tDP=100" + _fmt("GT:AD:AF", "1/2:50,30,20:0.3,0.2")
    res = read_vcf(write_vcf(tmp_path / "m.vcf", [rec]), ALK38)
    assert [(v.alt, v.vaf, v.alt_depth) for v in res.variants] == [("T", 0.3, 30), ("G", 0.2, 20)]


def test_vaf_from_ad_then_info(tmp_path):
    recs = [
        "chr2\t29220747\t.\tC\tT\t.\tPASS\tDP=100;AF=0.07" + _fmt("GT:AD", "0/1:75,25"),
        "chr2\t29220748\t.\tC\tG\t.\tPASS\tDP=100;AF=0.07" + _fmt("GT", "0/1"),
    ]
    res = read_vcf(write_vcf(tmp_path / "v.vcf", recs), ALK38)
    assert [v.vaf for v in res.variants] == [0.25, 0.07]
    assert res.variants[0].depth == 100


def test_nonpass_records_are_skipped_unless_asked(tmp_path):
    vcf = write_vcf(tmp_path / "f.vcf", ["chr2\t29220747\t.\tC\tT\t.\tLowQual\tDP=9" + _fmt("GT", "0/1")])
    assert read_vcf(vcf, ALK38).variants == []
    kept = read_vcf(vcf, ALK38, include_filtered=True).variants
    assert kept[0].filters == ["LowQual"]


def test_symbolic_alleles_are_skipped_with_a_warning(tmp_path):
    recs = [
        "chr2\t29220747\t.\tC\t<DEL>\t.\tPASS\tDP=9" + _fmt("GT", "0/1"),
        "chr2\t29220750\t.\tC\tC[2:321682[\t.\tPASS\tDP=9" + _fmt("GT", "0/1"),
    ]
    res = read_vcf(write_vcf(tmp_path / "s.vcf", recs), ALK38)
    assert res.variants == []
    assert [w.code for w in res.warnings] == ["symbolic_allele_skipped"] * 2


@pytest.mark.parametrize(
    "samples,header,expected",
    [
        (["NORMAL", "TUMOR"], [], "TUMOR"),
        (["P1_N", "P1_T"], [], "P1_T"),
        (["blood", "lung"], ["##tumor_sample=lung"], "lung"),
        (["only"], [], "only"),
        (["germline_1", "case_1"], [], "case_1"),
    ],
)
def test_tumour_sample_choice(tmp_path, samples, header, expected):
    rec = G1202R_38 + _fmt("GT", *["0/1"] * len(samples))
    res = read_vcf(write_vcf(tmp_path / "t.vcf", [rec], samples=samples, header=header), ALK38)
    assert res.sample == expected


def test_ambiguous_samples_are_refused_naming_them(tmp_path):
    vcf = write_vcf(tmp_path / "amb.vcf", [G1202R_38 + _fmt("GT", "0/1", "0/1")], samples=["S1", "S2"])
    with pytest.raises(InputError, match="S1, S2; choose one with `sample`"):
        read_vcf(vcf, ALK38)
    with pytest.raises(InputError, match=r"sample 'S3' is not in the file \(samples: S1, S2\)"):
        read_vcf(vcf, ALK38, sample="S3")
    assert read_vcf(vcf, ALK38, sample="S2").sample == "S2"


def test_duplicate_sample_names_are_refused(tmp_path):
    vcf = write_vcf(tmp_path / "dup.vcf", [G1202R_38 + _fmt("GT", "0/1", "0/1")], samples=["X", "X"])
    with pytest.raises(InputError, match="duplicate sample name"):
        read_vcf(vcf, ALK38)


def test_phase_and_genotype(tmp_path):
    res = read_vcf(write_vcf(tmp_path / "p.vcf", [G1202R_38 + _fmt("GT:PS", "0|1:123")]), ALK38)
    v = res.variants[0]
    assert (v.genotype, v.phased, v.phase_set) == ("0|1", True, 123)


def test_bad_values_are_dropped_with_a_warning(tmp_path):
    res = read_vcf(write_vcf(tmp_path / "n.vcf", [G1202R_38 + _fmt("GT:AF:DP", "0/1:1.7:-5")]), ALK38)
    v = res.variants[0]
    assert v.vaf is None and v.depth is None
    assert {w.code for w in res.warnings} == {"bad_value_ignored"}


def test_vep_csq_is_read_for_alk():
    res = read_vcf(EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz", ALK38)
    g1202r = next(v for v in res.variants if v.pos == 29220747)
    ann = g1202r.annotations[0]
    assert (ann.source, ann.gene, ann.hgvs_c, ann.hgvs_p) == ("CSQ", "ALK", "c.3604G>A", "p.Gly1202Arg")
    assert res.sample == "P01_TUMOR" and res.header.build == "GRCh38"


def test_snpeff_ann_is_read():
    res = read_vcf(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf", [Region("2", 29415000, 30145000)])
    assert {a.hgvs_p for v in res.variants for a in v.annotations} == {"p.Leu1196Met", "p.Arg1275Gln"}
    assert res.sample == "TUMOR"


def test_lenient_fallback_for_a_file_htslib_refuses(tmp_path):
    # no ##fileformat line: htslib refuses the header, pyvcf3 reads it
    path = tmp_path / "lenient.vcf"
    path.write_text("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr2\t29220747\t.\tC\tT\t.\tPASS\tDP=12\n")
    res = read_vcf(path, ALK38)
    assert [v.pos for v in res.variants] == [29220747]
    assert [w.code for w in res.warnings] == ["vcf_lenient_parser"]


def test_space_separated_columns_are_read_leniently(tmp_path):
    path = tmp_path / "spaces.vcf"
    path.write_text("##fileformat=VCFv4.2\n#CHROM POS ID REF ALT QUAL FILTER INFO\nchr2 29220747 . C T . PASS DP=12\n")
    res = read_vcf(path, ALK38)
    assert [v.pos for v in res.variants] == [29220747]
    assert "spaces" in res.warnings[0].message


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "empty"),
        (b"\x00\x01binary garbage\xff" * 20, "not a VCF"),
        (b"##fileformat=VCFv4.2\nchr2\t1\t.\tA\tC\t.\tPASS\t.\n", "no '#CHROM' header line"),
        (b"hello world\n", "not a VCF"),
    ],
)
def test_not_a_vcf_is_refused(tmp_path, content, message):
    path = tmp_path / "bad.vcf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_vcf(path, ALK38)
    assert str(path) in str(err.value)


def test_truncated_bgzip_is_refused(tmp_path):
    data = (EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz").read_bytes()
    path = tmp_path / "trunc.vcf.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_vcf(path, ALK38)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_vcf(tmp_path / "nope.vcf", ALK38)
    with pytest.raises(InputError, match="is a directory"):
        read_vcf(tmp_path, ALK38)
