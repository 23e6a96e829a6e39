"""The copy-number reader: format detection, every format from hand-made files, samples of
multi-sample inputs, ploidy and purity, unusable values, clear refusals of bad input, and the real
files of ../shared/realworld/ (CNVkit, PURPLE, ClinCNV, PCGR, cBioPortal, OncoKB, Oncomine)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import REALWORLD, shared_path

from alkannot.errors import AlkannotError, InputError, UsageError
from alkannot.readers.cnv import FORMATS, CnvResult, detect_format, read_cnv
from alkannot.readers.presence import HOM_REF


def _write(path: Path, lines: list[str], gz: bool = False) -> Path:
    text = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(path, "wt") as fh:
            fh.write(text)
    else:
        path.write_text(text)
    return path


def _tsv(*rows: tuple) -> list[str]:
    return ["\t".join(str(c) for c in row) for row in rows]


CNS = _tsv(
    ("chromosome", "start", "end", "gene", "log2", "probes"),
    ("chr2", 29415993, 29921586, "ALK;ALKintron17ENST00000389048,ALK", -0.1, 40),
    ("chr7", 116312458, 116438440, "MET", 3.2, 19),
    ("chr15", 20000500, 102520892, "ALK2_CGH,LTK,-,Antitarget", 0.05, 300),
)
CALL_CNS = _tsv(
    ("chromosome", "start", "end", "gene", "log2", "cn", "depth", "probes", "weight"),
    ("chr7", 116312458, 116438440, "MET", 2.1, 9, 200.5, 19, 18.2),
    ("chr12", 25205245, 25250929, "KRAS", 0.0, 2, 100.0, 8, 7.1),
)
CNR = _tsv(
    ("chromosome", "start", "end", "gene", "log2", "depth", "weight"),
    ("chr7", 116339000, 116339300, "MET", 3.5, 800.2, 0.9),
    ("chr7", 116400000, 116500000, "Antitarget", 0.2, 1.1, 0.4),
)
PURPLE_GENE = _tsv(
    ("chromosome", "start", "end", "gene", "minCopyNumber", "maxCopyNumber", "somaticRegions"),
    ("7", 116312459, 116438440, "MET", 9.81, 12.4, 2),
    ("2", 29415640, 30144432, "ALK", 2.02, 3.9, 3),
)
PURPLE_SOMATIC = _tsv(
    ("chromosome", "start", "end", "copyNumber", "bafCount", "majorAlleleCopyNumber"),
    ("7", 1, 110394460, 3.01, 100, 2.0),
    ("7", 110394461, 125746123, 8.7, 40, 6.0),
)
PURITY = _tsv(("purity", "normFactor", "ploidy", "gender"), ("0.6400", "0.9", "2.4100", "MALE"))
CLINCNV = [
    "##ANALYSISTYPE=CLINCNV_TUMOR_NORMAL_PAIR",
    "##ploidy: 2.3",
    "##GENOME_BUILD=GRCh38",
    *_tsv(
        (
            "#chr",
            "start",
            "end",
            "sample",
            "size",
            "tumor_CN_change",
            "state",
            "major_CN_allele",
            "minor_CN_allele",
            "tumor_clonality",
            "CN_change",
            "genes",
        ),
        ("chr7", 116672000, 116800000, "T1-N1", 128001, 12, "AMP", 10, 2, 0.8, 9.9, "MET,CAPZA2"),
        ("chr2", 0, 100000, "T1-N1", 100001, 1, "DEL", 1, 0, 0.8, 1.2, ""),
    ),
]
PCGR = _tsv(("Chromosome", "Start", "End", "nMajor", "nMinor"), (7, 116672196, 116798377, 7, 1), (2, 1, 1000, 1, 1))
MATRIX = [
    "# a comment line",
    *_tsv(
        ("Hugo_Symbol", "Entrez_Gene_Id", "S1", "S2", "S3"),
        ("MET", 4233, 2, 0, -1),
        ("KRAS|TEST", 3845, 1, 2, 0),
        ("", 673, 2, 2, 2),
        ("BRAF", 673, -1.5, 1, 0),
        ("EGFR", 1956, "NA", 2, 0),
        ("ERBB2", 2064, 3, 0, 0),
    ),
]
LONG = _tsv(
    ("Tumor_Sample_Barcode", "Hugo_Symbol", "Copy_Number_Alteration"),
    ("S1", "MET", 2),
    ("S1", "KRAS", "Amplification"),
    ("S2", "MET", 0),
    ("S1", "BRAF", 0.5),
)
GENE_TABLE = _tsv(("gene", "copy_number", "log2"), ("MET", 10.5, 2.4), ("ALK", "nan", 0.1), ("KRAS", -1, ""))
MOALMANAC = _tsv(("gene", "call"), ("MET", "Amplification"), ("TP53", "Deletion"), ("BLM", "Wild type"))
VCF_HEADER = [
    "##fileformat=VCFv4.2",
    "##reference=GRCh38",
    "##contig=<ID=chr7,length=159345973>",
    "##contig=<ID=chr2,length=242193529>",
    '##ALT=<ID=DUP,Description="Duplication">',
    '##ALT=<ID=DEL,Description="Deletion">',
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End">',
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type">',
    '##INFO=<ID=GENE,Number=.,Type=String,Description="Genes">',
    '##INFO=<ID=FOLD_CHANGE_LOG,Number=1,Type=Float,Description="log2">',
    '##INFO=<ID=PROBES,Number=1,Type=Integer,Description="Probes">',
    '##FILTER=<ID=LowQual,Description="Low quality">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=CN,Number=1,Type=Float,Description="Copy number">',
]
VCF_RECORDS = [
    "chr7\t116672195\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=116798377;GENE=MET;FOLD_CHANGE_LOG=2.5;PROBES=19\tGT:CN\t0/1:11",
    "chr2\t29192773\t.\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=29200000\tGT:CN\t0/1:1",
    "chr2\t29220747\t.\tC\tT\t.\tPASS\t.\tGT\t0/1",
    "chr2\t29300000\t.\tN\t<DUP>\t.\tLowQual\tSVTYPE=DUP;END=29400000\tGT:CN\t0/1:5",
]


def _vcf(path: Path, records: list[str] = VCF_RECORDS, samples: tuple[str, ...] = ("TUMOR",)) -> Path:
    cols = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", *samples]
    return _write(path, [*VCF_HEADER, "\t".join(cols), *records])


def _codes(res: CnvResult) -> set[str]:
    return {w.code for w in res.warnings}


# ----------------------------------------------------------------------------- API and detection


def test_format_ids_are_the_documented_ones():
    assert list(FORMATS) == [
        "cnvkit-cns",
        "cnvkit-cnr",
        "purple-gene",
        "purple-somatic",
        "clincnv",
        "gene-table",
        "gistic-matrix",
        "cna-long",
        "pcgr-segments",
        "seg",
        "gatk-seg",
        "vcf",
    ]
    assert all(isinstance(v, str) and v and "\n" not in v for v in FORMATS.values())


@pytest.mark.parametrize(
    "name,lines,expected",
    [
        ("s.cns", CNS, "cnvkit-cns"),
        ("s.call.cns", CALL_CNS, "cnvkit-cns"),
        ("s.cnr", CNR, "cnvkit-cnr"),
        ("bins.tsv", CNR, "cnvkit-cnr"),  # no extension: depth + weight and no probes
        ("segs.tsv", CNS, "cnvkit-cns"),  # no extension: probes
        ("t.purple.cnv.gene.tsv", PURPLE_GENE, "purple-gene"),
        ("t.purple.cnv.somatic.tsv", PURPLE_SOMATIC, "purple-somatic"),
        ("clincnv.tsv", CLINCNV, "clincnv"),
        ("pcgr.cna.tsv", PCGR, "pcgr-segments"),
        ("data_cna.txt", MATRIX, "gistic-matrix"),
        ("individual_cna.txt", LONG, "cna-long"),
        ("genes.tsv", GENE_TABLE, "gene-table"),
        ("called.cna.txt", MOALMANAC, "gene-table"),
        ("cnv.vcf", [*VCF_HEADER, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"], "vcf"),
    ],
)
def test_detect_format(tmp_path, name, lines, expected):
    assert detect_format(_write(tmp_path / name, lines)) == expected
    assert detect_format(_write(tmp_path / (name + ".gz"), lines, gz=True)) == expected


def test_undetectable_file_names_the_formats_and_the_closest_missing_columns(tmp_path):
    path = _write(tmp_path / "odd.tsv", _tsv(("chromosome", "start", "end", "copy"), (7, 1, 2, 3)))
    with pytest.raises(InputError) as exc:
        detect_format(path)
    message = exc.value.one_line()
    assert str(path) in message and "unknown copy-number format" in message
    assert all(fmt in message for fmt in FORMATS)
    assert "missing" in message and "copyNumber" in message
    assert "\n" not in str(exc.value)


def test_maf_is_not_a_matrix(tmp_path):
    maf = _tsv(
        (
            "Hugo_Symbol",
            "Entrez_Gene_Id",
            "Chromosome",
            "Start_Position",
            "Variant_Classification",
            "Tumor_Sample_Barcode",
        ),
        ("KRAS", 3845, 12, 25398284, "Missense_Mutation", "S1"),
    )
    with pytest.raises(InputError, match="MAF"):
        read_cnv(_write(tmp_path / "x.maf", maf))


def test_purity_table_is_not_a_copy_number_file(tmp_path):
    path = _write(tmp_path / "t.purple.purity.tsv", PURITY)
    with pytest.raises(InputError, match="purity file"):
        read_cnv(path)


# ----------------------------------------------------------------------------- CNVkit


def test_cnvkit_segments_are_1_based_with_clean_gene_lists(tmp_path):
    res = read_cnv(_write(tmp_path / "s.cns", CNS))
    assert res.format == "cnvkit-cns" and res.samples == [] and res.sample is None
    alk, met, chr15 = res.calls
    assert (alk.chrom, alk.start, alk.end, alk.genes, alk.gene) == ("2", 29415994, 29921586, ["ALK"], "ALK")
    assert (met.log2, met.probes, met.copy_number, met.line) == (3.2, 19, None, 3)
    assert chr15.genes == ["ALK2_CGH", "LTK"] and chr15.gene is None  # ALK2_CGH is not ALK
    assert all(c.format == "cnvkit-cns" and c.file == str(tmp_path / "s.cns") for c in res.calls)


def test_cnvkit_call_cns_gives_absolute_copy_number(tmp_path):
    res = read_cnv(_write(tmp_path / "s.call.cns", CALL_CNS))
    assert [(c.gene, c.copy_number, c.log2) for c in res.calls] == [("MET", 9.0, 2.1), ("KRAS", 2.0, 0.0)]


def test_cnvkit_bins_drop_antitarget_labels(tmp_path):
    res = read_cnv(_write(tmp_path / "s.cnr", CNR))
    assert res.format == "cnvkit-cnr"
    assert [(c.start, c.genes, c.gene) for c in res.calls] == [(116339001, ["MET"], "MET"), (116400001, [], None)]


def test_declared_format_with_missing_columns_names_them(tmp_path):
    path = _write(tmp_path / "s.cns", CNS)
    with pytest.raises(InputError) as exc:
        read_cnv(path, fmt="purple-somatic")
    assert "copyNumber" in str(exc.value) and str(path) in str(exc.value) and exc.value.line == 1


def test_unknown_declared_format_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cnvkit-cns"):
        read_cnv(_write(tmp_path / "s.cns", CNS), fmt="cnvkit")


# ----------------------------------------------------------------------------- PURPLE, ploidy and purity


def test_purple_gene_uses_min_copy_number_and_the_purity_file_beside_it(tmp_path):
    _write(tmp_path / "T1.purple.purity.tsv", PURITY)
    _write(tmp_path / "OTHER.purple.purity.tsv", _tsv(("purity", "ploidy"), (0.3, 3.9)))
    res = read_cnv(_write(tmp_path / "T1.purple.cnv.gene.tsv", PURPLE_GENE))
    assert res.format == "purple-gene" and (res.ploidy, res.purity) == (2.41, 0.64)
    met = res.calls[0]
    assert (met.gene, met.genes, met.chrom, met.start, met.end, met.copy_number) == (
        "MET",
        ["MET"],
        "7",
        116312459,
        116438440,
        9.81,
    )
    assert all((c.ploidy, c.purity) == (2.41, 0.64) for c in res.calls)
    assert res.warnings == []


def test_purple_somatic_segments_and_explicit_purity_file(tmp_path):
    purity = _write(tmp_path / "elsewhere.tsv", PURITY)
    res = read_cnv(_write(tmp_path / "T2.purple.cnv.somatic.tsv", PURPLE_SOMATIC), purity_file=purity)
    assert [(c.start, c.end, c.copy_number, c.ploidy) for c in res.calls] == [
        (1, 110394460, 3.01, 2.41),
        (110394461, 125746123, 8.7, 2.41),
    ]


def test_purity_file_of_another_sample_is_not_used(tmp_path):
    _write(tmp_path / "OTHER.purple.purity.tsv", PURITY)
    res = read_cnv(_write(tmp_path / "T3.purple.cnv.somatic.tsv", PURPLE_SOMATIC))
    assert res.ploidy is None and res.calls[0].ploidy is None
    assert "cnv_purity_not_found" in _codes(res)


def test_given_ploidy_and_purity_win_with_a_warning(tmp_path):
    _write(tmp_path / "T4.purple.purity.tsv", PURITY)
    res = read_cnv(_write(tmp_path / "T4.purple.cnv.somatic.tsv", PURPLE_SOMATIC), ploidy=2.0, purity=0.5)
    assert (res.ploidy, res.purity, res.calls[1].ploidy, res.calls[1].purity) == (2.0, 0.5, 2.0, 0.5)
    assert "cnv_value_overridden" in _codes(res)
    res = read_cnv(_write(tmp_path / "s.cns", CNS), ploidy=3.0)
    assert {c.ploidy for c in res.calls} == {3.0}
    with pytest.raises(UsageError):
        read_cnv(tmp_path / "s.cns", purity=1.5)


def test_missing_purity_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_cnv(_write(tmp_path / "T.purple.cnv.somatic.tsv", PURPLE_SOMATIC), purity_file=tmp_path / "nope.tsv")


# ----------------------------------------------------------------------------- ClinCNV and PCGR


def test_clincnv_reads_tumour_copy_number_genes_ploidy_and_build(tmp_path):
    res = read_cnv(_write(tmp_path / "clincnv.tsv", CLINCNV))
    assert res.format == "clincnv" and res.samples == ["T1-N1"] and res.sample == "T1-N1"
    assert (res.ploidy, res.build) == (2.3, "GRCh38")
    met, chr2 = res.calls
    assert (met.chrom, met.start, met.end, met.copy_number, met.call, met.genes, met.line) == (
        "7",
        116672000,
        116800000,
        12.0,
        "AMP",
        ["MET", "CAPZA2"],
        5,
    )
    assert (chr2.start, chr2.genes, chr2.gene) == (1, [], None)  # ClinCNV's start 0 is the first base
    assert read_cnv(tmp_path / "clincnv.tsv", sample="T1").sample == "T1"
    with pytest.raises(InputError, match="T1-N1"):
        read_cnv(tmp_path / "clincnv.tsv", sample="T9")


def test_clincnv_header_purity_and_germline_cn_column(tmp_path):
    lines = [
        "##ploidy: 2.0",
        "##tumor content: 45",
        *_tsv(("#chr", "start", "end", "CN_change", "loglikelihood", "genes"), ("chr7", 100, 200, 6, 50, "MET")),
    ]
    res = read_cnv(_write(tmp_path / "germline_clincnv.tsv", lines))
    assert (res.format, res.ploidy, res.purity, res.samples) == ("clincnv", 2.0, 0.45, [])
    assert [(c.gene, c.copy_number, c.purity) for c in res.calls] == [("MET", 6.0, 0.45)]


def test_single_sample_formats_take_the_requested_sample_on_trust(tmp_path):
    res = read_cnv(_write(tmp_path / "s.cns", CNS), sample="P01-T2")
    assert (res.sample, res.samples, res.calls[0].sample) == ("P01-T2", [], None)


def test_pcgr_copy_number_is_major_plus_minor(tmp_path):
    res = read_cnv(_write(tmp_path / "pcgr.cna.tsv", PCGR))
    assert [(c.chrom, c.start, c.copy_number) for c in res.calls] == [("7", 116672196, 8.0), ("2", 1, 2.0)]


# ----------------------------------------------------------------------------- matrices and long tables


def test_matrix_keeps_one_sample_and_skips_bad_rows_with_warnings(tmp_path):
    path = _write(tmp_path / "data_cna.txt", MATRIX)
    res = read_cnv(path, sample="S1")
    assert res.format == "gistic-matrix" and res.samples == ["S1", "S2", "S3"] and res.sample == "S1"
    assert [(c.gene, c.discrete, c.sample) for c in res.calls] == [("MET", 2, "S1"), ("KRAS", 1, "S1")]
    messages = " ".join(w.message for w in res.warnings)
    assert {"cnv_gene_missing", "cnv_bad_value"} <= _codes(res)
    assert "-1.5" in messages and "'3'" in messages and f"{path}:5" in messages
    assert [(c.gene, c.discrete) for c in read_cnv(path, sample="S2").calls] == [
        ("MET", 0),
        ("KRAS", 2),
        ("BRAF", 1),
        ("EGFR", 2),
        ("ERBB2", 0),
    ]


def test_matrix_with_several_samples_needs_one(tmp_path):
    path = _write(tmp_path / "data_cna.txt", MATRIX)
    with pytest.raises(InputError) as exc:
        read_cnv(path)
    assert "S1, S2, S3" in str(exc.value) and str(path) in str(exc.value) and "\n" not in str(exc.value)
    with pytest.raises(InputError, match="available|samples: S1, S2, S3"):
        read_cnv(path, sample="S9")


def test_single_sample_matrix_needs_no_sample(tmp_path):
    path = _write(tmp_path / "m.txt", _tsv(("Gene Symbol", "Locus ID", "Cytoband", "ONLY"), ("MET", 0, 0, 2)))
    res = read_cnv(path)
    assert res.sample == "ONLY" and [(c.gene, c.discrete) for c in res.calls] == [("MET", 2)]


def test_header_only_matrix_is_zero_calls(tmp_path):
    res = read_cnv(_write(tmp_path / "m.txt", ["Hugo_Symbol\tS1"]))
    assert res.calls == [] and res.samples == ["S1"]


def test_long_form_numbers_and_words(tmp_path):
    path = _write(tmp_path / "individual_cna.txt", LONG)
    res = read_cnv(path, sample="S1")
    assert res.format == "cna-long" and res.samples == ["S1", "S2"]
    assert [(c.gene, c.discrete, c.call) for c in res.calls] == [("MET", 2, None), ("KRAS", None, "Amplification")]
    assert "cnv_bad_value" in _codes(res)  # BRAF 0.5
    with pytest.raises(InputError, match="S1, S2"):
        read_cnv(path)
    with pytest.raises(InputError, match="S1, S2"):
        read_cnv(path, sample="S3")


def test_gene_table_values_and_unusable_numbers(tmp_path):
    res = read_cnv(_write(tmp_path / "genes.tsv", GENE_TABLE))
    assert [(c.gene, c.copy_number, c.log2) for c in res.calls] == [("MET", 10.5, 2.4), ("ALK", None, 0.1)]
    assert {"cnv_bad_value", "cnv_negative_copy_number"} <= _codes(res)
    res = read_cnv(_write(tmp_path / "called.cna.txt", MOALMANAC))
    assert [(c.gene, c.call) for c in res.calls] == [
        ("MET", "Amplification"),
        ("TP53", "Deletion"),
        ("BLM", "Wild type"),
    ]


def test_gene_table_with_a_sample_column(tmp_path):
    path = _write(
        tmp_path / "genes.tsv", _tsv(("sample", "gene", "cn"), ("A", "MET", 9), ("B", "MET", 2), ("A", "KRAS", 2))
    )
    res = read_cnv(path, sample="A")
    assert (res.samples, [(c.sample, c.gene, c.copy_number) for c in res.calls]) == (
        ["A", "B"],
        [("A", "MET", 9.0), ("A", "KRAS", 2.0)],
    )
    with pytest.raises(InputError, match="A, B"):
        read_cnv(path)


def test_crlf_and_comma_separated_tables(tmp_path):
    path = tmp_path / "genes.csv"
    path.write_bytes(b"gene,cn\r\nMET,8\r\nKRAS,2")
    assert [(c.gene, c.copy_number) for c in read_cnv(path).calls] == [("MET", 8.0), ("KRAS", 2.0)]


def test_large_gzip_matrix_is_streamed(tmp_path):
    samples = [f"S{i}" for i in range(200)]
    rows = ["Hugo_Symbol\tEntrez_Gene_Id\t" + "\t".join(samples)]
    rows += [f"G{g}\t{g}\t" + "\t".join(str((g + i) % 5 - 2) for i in range(200)) for g in range(5000)]
    res = read_cnv(_write(tmp_path / "big.txt.gz", rows, gz=True), sample="S7")
    assert len(res.calls) == 5000 and res.calls[3].discrete == (3 + 7) % 5 - 2


# ----------------------------------------------------------------------------- VCF


def test_vcf_copy_number_records(tmp_path):
    res = read_cnv(_vcf(tmp_path / "cnv.vcf"))
    assert res.format == "vcf" and res.samples == ["TUMOR"] and res.sample == "TUMOR" and res.build == "GRCh38"
    assert [(c.chrom, c.start, c.end, c.gene, c.copy_number, c.log2, c.call, c.probes, c.line) for c in res.calls] == [
        ("7", 116672196, 116798377, "MET", 11.0, 2.5, "DUP", 19, 16),
        ("2", 29192774, 29200000, None, 1.0, None, "DEL", None, 17),
    ]
    assert "cnv_filtered_skipped" in _codes(res)  # the LowQual record; the SNV is not a copy-number record


@pytest.mark.parametrize("kind", ["bgzip", "gzip", "bcf"])
def test_vcf_compressed_and_binary_read_the_same(tmp_path, kind):
    import pysam

    plain = _vcf(tmp_path / "cnv.vcf")
    if kind == "bgzip":
        pysam.tabix_compress(str(plain), str(tmp_path / "cnv.vcf.gz"))
        path = tmp_path / "cnv.vcf.gz"
    elif kind == "gzip":
        path = tmp_path / "cnv.vcf.gz"
        path.write_bytes(gzip.compress(plain.read_bytes()))
    else:
        path = tmp_path / "cnv.bcf"
        with pysam.VariantFile(str(plain)) as src, pysam.VariantFile(str(path), "wb", header=src.header) as dst:
            for rec in src:
                dst.write(rec)
    assert detect_format(path) == "vcf"
    res = read_cnv(path)
    assert [(c.gene, c.start, c.end, c.copy_number) for c in res.calls] == [
        ("MET", 116672196, 116798377, 11.0),
        (None, 29192774, 29200000, 1.0),
    ]


def test_truncated_bgzip_vcf_is_refused(tmp_path):
    import pysam

    records = [
        f"chr7\t{i * 1000 + 1}\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END={i * 1000 + 500}\tGT:CN\t0/1:5"
        for i in range(20000)
    ]
    plain = _vcf(tmp_path / "big.vcf", records)
    pysam.tabix_compress(str(plain), str(tmp_path / "big.vcf.gz"))
    data = (tmp_path / "big.vcf.gz").read_bytes()
    (tmp_path / "cut.vcf.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt") as exc:
        read_cnv(tmp_path / "cut.vcf.gz")
    assert "cut.vcf.gz" in str(exc.value)


def test_vcf_samples(tmp_path):
    rec = "chr7\t116672195\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=116798377\tGT:CN\t0/1:11\t0/0:2"
    path = _vcf(tmp_path / "two.vcf", [rec], samples=("S1", "S2"))
    with pytest.raises(InputError, match="S1, S2"):
        read_cnv(path)
    s2 = read_cnv(path, sample="S2")  # S2's genotype is 0/0: assessed, no change there, counted not read
    assert (s2.sample, s2.calls, [a.reason for a in s2.set_aside]) == ("S2", [], [HOM_REF])
    with pytest.raises(InputError, match="S1, S2"):
        read_cnv(path, sample="S3")
    paired = _vcf(tmp_path / "paired.vcf", [rec], samples=("PT1_TUMOR", "PT1_NORMAL"))
    res = read_cnv(paired)  # the tumour is recognised, as the small-variant reader does
    assert (res.sample, res.samples, res.calls[0].copy_number) == ("PT1_TUMOR", ["PT1_TUMOR", "PT1_NORMAL"], 11.0)


def test_vcf_breakends_and_junctions_are_not_copy_number_records(tmp_path):
    records = [
        "chr7\t100\tbnd1\tA\tA[chr2:29446394[\t.\tPASS\tSVTYPE=BND\tGT:CN\t0/1:3",
        "chr7\t200\t.\tA\t<INV>\t.\tPASS\tSVTYPE=INV;END=900\tGT:CN\t0/1:19",
        "chr7\t300\t.\tA\tA.\t.\tPASS\tSVTYPE=DUP\tGT:CN\t0/1:4",
        "chr7\t400\t.\tA\t<DUP:TANDEM>\t.\tPASS\tSVTYPE=DUP;END=800\tGT\t0/1",
    ]
    res = read_cnv(_vcf(tmp_path / "sv.vcf", records))
    assert [(c.start, c.end, c.copy_number, c.call) for c in res.calls] == [(401, 800, None, "DUP")]


@pytest.mark.parametrize("case", ["duplicate FORMAT tag", "spaces between columns"])
def test_vcf_htslib_refuses_then_text_fallback(tmp_path, case):
    if case == "duplicate FORMAT tag":
        rec = "chr7\t116672195\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=116798377\tGT:CN:CN\t0/1:11:11"
        path = _vcf(tmp_path / "dup.vcf", [rec])
    else:
        rec = "chr7\t116672195\t.\tN\t<DUP>\t.\tPASS\tSVTYPE=DUP;END=116798377\tGT:CN\t0/1:11"
        path = _vcf(tmp_path / "spaces.vcf", [rec])
        lines = path.read_text().splitlines()
        path.write_text("\n".join(ln if ln.startswith("##") else ln.replace("\t", " ") for ln in lines) + "\n")
    res = read_cnv(path)
    assert "cnv_vcf_lenient_parser" in _codes(res)
    assert [(c.start, c.end, c.copy_number) for c in res.calls] == [(116672196, 116798377, 11.0)]


def test_not_a_vcf_declared_as_vcf(tmp_path):
    with pytest.raises(InputError, match="not a VCF"):
        read_cnv(_write(tmp_path / "s.cns", CNS), fmt="vcf")
    with pytest.raises(InputError, match="not a VCF"):
        read_cnv(_write(tmp_path / "x.vcf", ["hello", "world"]))


# ----------------------------------------------------------------------------- bad input


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "a_directory").mkdir()
    (tmp / "empty.cns").write_bytes(b"")
    (tmp / "blank.tsv").write_text("\n\n")
    (tmp / "comments.txt").write_text("# only\n# comments\n")
    (tmp / "binary.cns").write_bytes(bytes(range(256)) * 10)
    (tmp / "latin.cns").write_bytes(b"\xff\xfe\xfa" * 2000)
    good = gzip.compress(("\n".join(CALL_CNS * 200) + "\n").encode())
    (tmp / "truncated.cns.gz").write_bytes(good[: len(good) // 2])
    (tmp / "notgzip.cns.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    return {
        "missing": tmp / "missing.cns",
        "directory": tmp / "a_directory",
        "empty": tmp / "empty.cns",
        "blank": tmp / "blank.tsv",
        "comments": tmp / "comments.txt",
        "binary": tmp / "binary.cns",
        "latin": tmp / "latin.cns",
        "truncated": tmp / "truncated.cns.gz",
        "notgzip": tmp / "notgzip.cns.gz",
    }


@pytest.mark.parametrize(
    "case,pattern",
    [
        ("missing", "no such file"),
        ("directory", "directory"),
        ("empty", "empty"),
        ("blank", "empty"),
        ("comments", "only comment"),
        ("binary", "binary"),
        ("latin", "binary"),
        ("truncated", "truncated or corrupt"),
        ("notgzip", "truncated or corrupt"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path, case, pattern):
    path = _bad_inputs(tmp_path)[case]
    for call in (lambda: read_cnv(path), lambda: detect_format(path)):
        with pytest.raises(InputError, match=pattern) as exc:
            call()
        assert str(path) in str(exc.value) and "\n" not in str(exc.value)


def test_header_only_and_short_rows(tmp_path):
    assert read_cnv(_write(tmp_path / "h.cns", CNS[:1])).calls == []
    res = read_cnv(_write(tmp_path / "short.cns", [CNS[0], "chr7\t1\t2", CNS[2]]))
    assert len(res.calls) == 1 and "cnv_row_skipped" in _codes(res)


def test_bad_numbers_never_crash(tmp_path):
    rows = _tsv(
        ("chromosome", "start", "end", "gene", "log2", "cn", "probes"),
        ("chr7", "x", 10, "MET", "inf", "NaN", "?"),
        ("chr7", 1, 10, "MET", "", "-3", 2),
    )
    res = read_cnv(_write(tmp_path / "bad.call.cns", rows))
    first, second = res.calls
    assert (first.start, first.log2, first.copy_number, first.probes) == (None, None, None, None)
    assert (second.log2, second.copy_number) == (None, None)
    assert {"cnv_bad_value", "cnv_negative_copy_number"} <= _codes(res)


def test_many_bad_values_are_summarised(tmp_path):
    rows = [GENE_TABLE[0]] + [f"G{i}\tnan\t1" for i in range(100)]
    res = read_cnv(_write(tmp_path / "genes.tsv", rows))
    assert len(res.calls) == 100 and len(res.warnings) == 21 and "80 more" in res.warnings[-1].message


def test_every_error_is_an_alkannot_error(tmp_path):
    for path in _bad_inputs(tmp_path).values():
        with pytest.raises(AlkannotError):
            read_cnv(path)


# ----------------------------------------------------------------------------- real files


def _real_files() -> list[str]:
    if not REALWORLD.exists():
        return []
    files = [p for p in sorted((REALWORLD / "cnv").rglob("*")) if p.is_file()]
    files += sorted((REALWORLD / "cbioportal").glob("*cna*"))
    files += sorted((REALWORLD / "oncokb-annotator").glob("*cna*.txt"))
    files += sorted((REALWORLD / "vcf" / "oncomine").glob("*.vcf*"))
    return [str(p.relative_to(REALWORLD)) for p in files]


REAL_EXPECTED = {
    "cnv/clincnv/megSAP.vc_clincnv_somatic_out.tsv": "clincnv",
    "cnv/cnvkit/amplicon.cnr": "cnvkit-cnr",
    "cnv/cnvkit/amplicon.cns": "cnvkit-cns",
    "cnv/cnvkit/nv3.cns": "cnvkit-cns",
    "cnv/cnvkit/regression_p2-9_2.call.cns": "cnvkit-cns",
    "cnv/cnvkit/tr95t.cns": "cnvkit-cns",
    "cnv/moalmanac.example_patient.capture.somatic.called.cna.txt": "gene-table",
    "cnv/pcgr/pcgr.T001-COAD.grch38.cna.tsv": "pcgr-segments",
    "cnv/purple/hmftools-orange.tumor_sample.purple.cnv.somatic.tsv": "purple-somatic",
    "cnv/purple/hmftools-orange.tumor_sample.purple.driver.catalog.somatic.tsv": "purple-gene",
    "cnv/purple/hmftools-orange.tumor_sample.purple.purity.tsv": None,  # not copy numbers: refused
    "cnv/purple/umccr-gpgr.purple.cnv.gene.tsv": "purple-gene",
    "cnv/purple/umccr-gpgr.purple.cnv.somatic.tsv": "purple-somatic",
    "cbioportal/cbioportal-core.data_cna_discrete.txt": "gistic-matrix",
    "cbioportal/cbioportal-core.data_cna_discrete_long.txt": "cna-long",
    "oncokb-annotator/example_cna.txt": "gistic-matrix",
    "oncokb-annotator/example_individual_cna.txt": "cna-long",
    "vcf/oncomine/ncimatch.all_data_types.vcf": "vcf",
    "vcf/oncomine/ncimatch.input_0.1.5.vcf": "vcf",
}
SAMPLE_OF = {"cbioportal": "TCGA-A1-A0SO-01", "oncokb-annotator": "TCGA-05-4417-01"}


@pytest.mark.skipif(not REALWORLD.exists(), reason="../shared/realworld is not beside the project")
@pytest.mark.parametrize("name", _real_files())
def test_real_file_is_read_or_refused_cleanly(name):
    path = shared_path("realworld", *name.split("/"))
    expected = REAL_EXPECTED.get(name, "unlisted")
    assert expected != "unlisted", f"{name}: new real file, add its expected format"
    if expected is None:
        with pytest.raises(InputError) as exc:
            read_cnv(path)
        assert path.name in str(exc.value) and "\n" not in str(exc.value)
        return
    assert detect_format(path) == expected
    res = read_cnv(path, sample=SAMPLE_OF.get(name.split("/")[0]))
    assert res.format == expected and res.calls
    assert all(c.file == str(path) and c.format == expected for c in res.calls)


def test_real_cnvkit_amplicon_met_amplification():
    res = read_cnv(shared_path("realworld", "cnv", "cnvkit", "amplicon.cns"))
    met = [c for c in res.calls if c.gene == "MET"]
    assert [round(c.log2, 2) for c in met] == [2.96, 3.81]
    assert all(c.chrom == "7" and 116_300_000 < c.start < c.end < 116_450_000 for c in met)
    assert [c.line for c in met] == [35, 36]
    assert len(res.calls) == 88


def test_real_cnvkit_nv3_alk2_is_not_alk():
    res = read_cnv(shared_path("realworld", "cnv", "cnvkit", "nv3.cns"))
    with_alk = [c for c in res.calls if "ALK" in c.genes]
    assert [(c.chrom, c.line) for c in with_alk] == [("2", 4)]  # ALK;ALKintron… tokens on chr2 only
    chr15 = next(c for c in res.calls if c.line == 48)  # the file's token is 'GALK2_CGH' (PROVENANCE says 'ALK2_CGH')
    assert "GALK2_CGH" in chr15.genes and not {"ALK", "ALK2", "GALK2"} & set(chr15.genes)
    assert not any(";" in g for c in res.calls for g in c.genes)


def test_real_cnvkit_call_cns_copy_numbers():
    res = read_cnv(shared_path("realworld", "cnv", "cnvkit", "regression_p2-9_2.call.cns"))
    alk = [c for c in res.calls if "ALK" in c.genes]
    assert [c.line for c in alk] == [26, 27, 28] and {c.copy_number for c in alk} == {2.0}


def test_real_purple_somatic_met_segment_with_ploidy():
    res = read_cnv(shared_path("realworld", "cnv", "purple", "hmftools-orange.tumor_sample.purple.cnv.somatic.tsv"))
    assert (res.ploidy, res.purity) == (3.1, 0.99)
    seg = next(c for c in res.calls if c.chrom == "7" and c.start <= 116_339_000 <= c.end)
    assert (seg.start, seg.end, seg.line) == (110394461, 125746123, 70)
    assert seg.copy_number == pytest.approx(4.03, abs=0.01) and seg.ploidy == 3.1
    assert "cnv_negative_copy_number" in _codes(res)  # a real -0.0117 on chr16


def test_real_purple_files_of_another_sample_get_no_ploidy():
    res = read_cnv(shared_path("realworld", "cnv", "purple", "umccr-gpgr.purple.cnv.somatic.tsv"))
    assert res.ploidy is None and "cnv_purity_not_found" in _codes(res)


def test_real_clincnv_chr7_gain():
    res = read_cnv(shared_path("realworld", "cnv", "clincnv", "megSAP.vc_clincnv_somatic_out.tsv"))
    assert (res.ploidy, res.build, res.samples) == (1.8434, "GRCh38", ["DX000019_01-DX000019_02"])
    met = [c for c in res.calls if "MET" in c.genes]
    assert [(c.chrom, c.start, c.end, c.copy_number, c.call, c.line) for c in met] == [
        ("7", 64692913, 158757394, 3.0, "AMP", 16)
    ]


def test_real_pcgr_erbb2_amplicon():
    res = read_cnv(shared_path("realworld", "cnv", "pcgr", "pcgr.T001-COAD.grch38.cna.tsv"))
    seg = next(c for c in res.calls if c.line == 221)
    assert (seg.chrom, seg.copy_number) == ("17", 9.0)


def test_real_cbioportal_matrix_and_long_form_kras():
    matrix = read_cnv(
        shared_path("realworld", "cbioportal", "cbioportal-core.data_cna_discrete.txt"), sample="TCGA-A1-A0SO-01"
    )
    long = read_cnv(
        shared_path("realworld", "cbioportal", "cbioportal-core.data_cna_discrete_long.txt"), sample="TCGA-A1-A0SO-01"
    )
    for res in (matrix, long):
        calls = {c.gene: c.discrete for c in res.calls}
        assert calls["KRAS"] == 2 and calls["AKT2"] == -1  # 'AKT2|TEST' → AKT2
        assert "cnv_gene_missing" in _codes(res)
        assert res.samples == ["TCGA-XX-0800-01", "TCGA-AB-CDEF-10-BLOOD_DERIVED_NORMAL", "TCGA-A1-A0SO-01"]
    other = read_cnv(
        shared_path("realworld", "cbioportal", "cbioportal-core.data_cna_discrete.txt"), sample="TCGA-XX-0800-01"
    )
    assert "BRCA2" not in {c.gene for c in other.calls} and "cnv_bad_value" in _codes(other)  # -1.5


@pytest.mark.parametrize(
    "name",
    [
        "cbioportal/cbioportal-core.data_cna_discrete.txt",
        "oncokb-annotator/example_cna.txt",
        "oncokb-annotator/example_individual_cna.txt",
    ],
)
def test_real_multi_sample_files_need_a_sample(name):
    path = shared_path("realworld", *name.split("/"))
    with pytest.raises(InputError) as exc:
        read_cnv(path)
    assert path.name in str(exc.value) and "TCGA-" in str(exc.value) and "\n" not in str(exc.value)


def test_real_oncokb_met_amplification_for_tcga_05_4417():
    matrix = read_cnv(shared_path("realworld", "oncokb-annotator", "example_cna.txt"), sample="TCGA-05-4417-01")
    assert [(c.gene, c.discrete, c.line) for c in matrix.calls if c.gene == "MET"] == [("MET", 2, 2)]
    assert [c.discrete for c in matrix.calls if c.gene == "CDK4"] == [-2, -1]  # duplicate rows both kept
    long = read_cnv(
        shared_path("realworld", "oncokb-annotator", "example_individual_cna.txt"), sample="TCGA-05-4417-01"
    )
    assert [(c.discrete, c.call, c.line) for c in long.calls if c.gene == "MET"] == [
        (2, None, 2),
        (None, "Amplification", 10),
    ]
    assert {c.sample for c in long.calls} == {"TCGA-05-4417-01"}


def test_real_moalmanac_called_table():
    res = read_cnv(shared_path("realworld", "cnv", "moalmanac.example_patient.capture.somatic.called.cna.txt"))
    assert ("BRAF", "Amplification") in [(c.gene, c.call) for c in res.calls] and len(res.calls) == 6


def test_real_oncomine_cnv_records():
    res = read_cnv(shared_path("realworld", "vcf", "oncomine", "ncimatch.all_data_types.vcf"))
    assert res.build == "GRCh37"
    assert [(c.gene, c.start, c.end, c.copy_number, c.call, c.probes, c.line) for c in res.calls] == [
        ("MYCL", 40361593, 40366428, 2.1, "CNV", 18, 138),
        (None, 11184540, 11217311, 2.3, "CNV", 4, 141),
    ]
    res = read_cnv(shared_path("realworld", "vcf", "oncomine", "ncimatch.input_0.1.5.vcf"))
    assert [(c.gene, c.copy_number, c.sample) for c in res.calls] == [("MCL1", 1.5, "GENOTYPE")]
