"""Fusion readers: every format and notation from hand-made files, format detection, and the bad
inputs that must be refused with one clear line (never a traceback)."""

from __future__ import annotations

import gzip
import json

import pytest

from alkannot.errors import InputError
from alkannot.model import ReportWarning
from alkannot.readers.fusions import parse_notation, read_fusions
from alkannot.readers.sv import read_sv_vcf
from conftest import run_cli

STAR_HEADER = "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint"
ARRIBA_HEADER = (
    "#gene1\tgene2\tstrand1(gene/fusion)\tstrand2(gene/fusion)\tbreakpoint1\tbreakpoint2\tsite1\tsite2\ttype\t"
    "split_reads1\tsplit_reads2\tdiscordant_mates\tcoverage1\tcoverage2\tconfidence\treading_frame"
)
FC_HEADER = (
    "Gene_1_symbol(5end_fusion_partner)\tGene_2_symbol(3end_fusion_partner)\tFusion_description\tCounts_of_common_mapping_reads\t"
    "Spanning_pairs\tSpanning_unique_reads\tLongest_anchor_found\tFusion_finding_method\tFusion_point_for_gene_1(5end_fusion_partner)\t"
    "Fusion_point_for_gene_2(3end_fusion_partner)\tGene_1_id(5end_fusion_partner)\tGene_2_id(3end_fusion_partner)\tPredicted_effect"
)


def _write(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "text,first,second,e5,e3,variant,oriented",
    [
        ("EML4-ALK", "EML4", "ALK", None, None, None, False),
        ("ALK-EML4", "ALK", "EML4", None, None, None, False),
        ("EML4::ALK", "EML4", "ALK", None, None, None, True),
        ("EML4--ALK", "EML4", "ALK", None, None, None, True),
        ("EML4(13)-ALK(20)", "EML4", "ALK", "13", "20", None, False),
        ("EML4 exon13::ALK exon20", "EML4", "ALK", "13", "20", None, True),
        ("E13:A20", "EML4", "ALK", "13", "20", None, True),
        ("E6a/b;A20", "EML4", "ALK", "6a/b", "20", None, True),
        ("E14:A21", "EML4", "ALK", "14", "21", None, True),
        ("EML4-ALK (E6b;A20)", "EML4", "ALK", "6b", "20", None, False),
        ("EML4-ALK v1", "EML4", "ALK", None, None, "v1", False),
        ("KIF5B::ALK (K15;A20)", "KIF5B", "ALK", "15", "20", None, True),
        ("NR2F1-AS1--ALK", "NR2F1-AS1", "ALK", None, None, None, True),
        ("EML4-ALK.E6bA20.AB374362", "EML4", "ALK", "6b", "20", None, False),
    ],
)
def test_notations_as_panels_print_them(text, first, second, e5, e3, variant, oriented):
    n = parse_notation(text)
    assert (n.first, n.second, n.first_exon, n.second_exon, n.variant, n.oriented) == (
        first,
        second,
        e5,
        e3,
        variant,
        oriented,
    )


@pytest.mark.parametrize(
    "text", ["hello world", "Very short summary of found candidate fusion genes", "chr13~chr13", ""]
)
def test_text_that_is_not_a_notation(text):
    assert parse_notation(text) is None


def test_notation_file_is_detected_and_read(tmp_path):
    path = _write(tmp_path, "panel.txt", ["# panel report", "EML4-ALK", "E6a/b;A20", "", "ALK-EML4"])
    res = read_fusions(path)
    assert res.format == "notation" and [c.line for c in res.calls] == [2, 3, 5]
    assert res.calls[1].five_prime_exon_given == "6a/b"


def test_notation_file_with_a_bad_line_names_it(tmp_path):
    path = _write(tmp_path, "panel.txt", ["EML4-ALK", "not a fusion at all"])
    with pytest.raises(InputError, match=r"panel.txt:2: not a fusion notation"):
        read_fusions(path, "notation")


def test_star_fusion_and_gzip(tmp_path):
    rows = [
        STAR_HEADER,
        "EML4--ALK\t5\t1\tONLY_REF_SPLICE\tEML4^ENSG00000143924.14\tchr2:42492091:+\tALK^ENSG00000171094.11\tchr2:29446394:-",
    ]
    path = tmp_path / "sf.tsv.gz"
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    res = read_fusions(path)
    call = res.calls[0]
    assert res.format == "star-fusion" and (call.five_prime_gene, call.three_prime_gene) == ("EML4", "ALK")
    assert (call.five_prime_breakpoint.chrom, call.five_prime_breakpoint.pos, call.five_prime_breakpoint.strand) == (
        "2",
        42492091,
        "+",
    )
    assert (call.split_reads, call.spanning_reads, call.line) == (5, 1, 2)


def test_star_fusion_name_that_disagrees_with_the_genes_warns(tmp_path):
    path = _write(
        tmp_path,
        "sf.tsv",
        [STAR_HEADER, "EML4--ALK\t10\t0\tONLY_REF_SPLICE\tCD2AP^ENSG1\t6:47471176:+\tC11orf80^ENSG2\t11:66563752:+"],
    )
    res = read_fusions(path, "star-fusion")
    assert (res.calls[0].five_prime_gene, res.calls[0].three_prime_gene) == ("CD2AP", "C11orf80")
    assert [w.code for w in res.warnings] == ["fusion_name_disagrees"]


def test_arriba_with_leading_comment(tmp_path):
    path = _write(
        tmp_path,
        "fusions.tsv",
        [
            "##source=arriba v2.5.1",
            ARRIBA_HEADER,
            "EML4\tALK\t+/+\t-/-\t2:42522656\t2:29446394\tsplice-site\tsplice-site\tinversion\t7\t5\t3\t10\t10\thigh\tin-frame",
        ],
    )
    call = read_fusions(path).calls[0]
    assert (
        call.format == "arriba"
        and call.split_reads == 12
        and call.spanning_reads == 3
        and call.caller_frame == "in-frame"
    )
    assert call.five_prime_breakpoint.strand == "+" and call.three_prime_breakpoint.strand == "-"


def test_fusioncatcher(tmp_path):
    path = _write(
        tmp_path,
        "final-list_candidate-fusion-genes.txt",
        [
            FC_HEADER,
            "EML4\tALK\tknown\t0\t4\t4\t33\tBOWTIE\t2:42301391:+\t2:29223587:-\tENSG00000143924\tENSG00000171094\tCDS(truncated)/intronic",
        ],
    )
    call = read_fusions(path).calls[0]
    assert call.format == "fusioncatcher" and (call.split_reads, call.spanning_reads) == (4, 4)


def test_jaffa_csv(tmp_path):
    path = _write(
        tmp_path,
        "jaffa_results.csv",
        [
            '"sample","fusion genes","chrom1","base1","chrom2","base2","gap (kb)","spanning pairs","spanning reads","inframe","aligns","rearrangement","contig","contig break","classification","known"',
            '"s","EML4:ALK","chr2",42492091,"chr2",29446394,13045.695,"1",6,TRUE,TRUE,TRUE,"c",974,"HighConfidence","Yes"',
        ],
    )
    call = read_fusions(path).calls[0]
    assert call.format == "jaffa" and call.caller_frame == "in-frame" and call.caller_confidence == "HighConfidence"
    assert call.five_prime_breakpoint.chrom == "2" and call.split_reads == 6


def test_generic_gene_columns(tmp_path):
    path = _write(
        tmp_path,
        "calls.tsv",
        [
            "gene1\tgene2\tbreakpoint1\tbreakpoint2\tsplit_reads\tspanning_reads",
            "KIF5B\tALK\tchr10:32306071\tchr2:29446394\t8\t2",
        ],
    )
    res = read_fusions(path)
    assert res.format == "generic" and res.dialect == "gene1/gene2 columns" and res.calls[0].split_reads == 8


def test_oncokb_table_needs_a_sample_when_several(tmp_path):
    path = _write(
        tmp_path,
        "fusions.txt",
        ["Tumor_Sample_Barcode\tFusion", "S1\tALK-EML4", "S2\tTMPRSS2-ERG", "S1\tEGFR-intragenic"],
    )
    with pytest.raises(InputError, match=r"several samples \(S1, S2\); choose one with `sample`"):
        read_fusions(path)
    res = read_fusions(path, sample="S1")
    assert [(c.five_prime_gene, c.three_prime_gene, c.oriented) for c in res.calls] == [("ALK", "EML4", False)]
    with pytest.raises(InputError, match="sample 'S9' is not in the file"):
        read_fusions(path, sample="S9")


def test_missing_partner_row_is_skipped_with_a_warning(tmp_path):
    path = _write(
        tmp_path,
        "pcgr.tsv",
        [
            "FusionGene\tLeftBreakpoint\tRightBreakpoint\tSplitReads",
            "EML4--ALK\t2:42522694\t2:29446394\t100",
            "--ALK\t2:29955249\t2:29717697\t50",
        ],
    )
    res = read_fusions(path)
    assert len(res.calls) == 1
    assert res.warnings == [
        ReportWarning(code="fusion_row_skipped", message=f"{path}:3: --ALK names no 5′ partner of ALK; row skipped")
    ]


def test_header_only_means_no_fusion(tmp_path):
    res = read_fusions(_write(tmp_path, "sf.tsv", [STAR_HEADER]))
    assert res.format == "star-fusion" and res.calls == []


@pytest.mark.parametrize(
    "content,fmt,message",
    [
        (b"", "auto", "the file is empty"),
        (b"\x00\x01\x02garbage\xff\xfe", "auto", "not a text table"),
        (b"\xff\xfe\xfa\xfb not utf8\n", "auto", "not a UTF-8 text table"),
        (
            b"alpha\tbeta\tgamma\n1\t2\t3\n",
            "auto",
            "cannot tell the fusion format from the header line; known formats: arriba",
        ),
        (b"#FusionName\tLeftGene\tRightGene\n", "star-fusion", "missing column(s) leftbreakpoint, rightbreakpoint"),
        (b"gene1\tgene2\n", "arriba", "not Arriba fusions.tsv: missing column(s)"),
        (b"##fileformat=VCFv4.2\n#CHROM\tPOS\n", "auto", "give structural-variant and fusion VCFs with `sv_vcf`"),
    ],
)
def test_bad_inputs_are_refused(tmp_path, content, fmt, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_fusions(path, fmt)
    assert message in str(info.value)


@pytest.mark.parametrize(
    "content,args",
    [
        (b"", []),
        (b"\x00\x01binary", []),
        (b"alpha\tbeta\n", []),
        (b"gene1\tgene2\n", ["--fusion-format", "star-fusion"]),
    ],
)
def test_cli_refusals_are_one_line_and_write_nothing(tmp_path, content, args):
    path = tmp_path / "in.tsv"
    path.write_bytes(content)
    out = tmp_path / "r.json"
    result = run_cli("annotate", "--fusions", str(path), *args, "-o", str(out))
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: ") and "in.tsv" in lines[0]
    assert not out.exists()


def test_cli_header_only_exits_0_with_no_fusion(tmp_path):
    path = _write(tmp_path, "sf.tsv", [STAR_HEADER])
    result = run_cli("annotate", "--fusions", str(path), "-o", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["alterations"] == [] and "no_alk_fusion" in {w["code"] for w in report["warnings"]}
    assert report["inputs"][0]["kind"] == "fusions" and len(report["inputs"][0]["sha256"]) == 64


# ----------------------------------------------------------------------------- SV VCFs

SV_HEADER = [
    "##fileformat=VCFv4.2",
    "##contig=<ID=2,length=243199373>",
    "##contig=<ID=chr2,length=243199373>",
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">',
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="m">',
    '##INFO=<ID=END,Number=1,Type=Integer,Description="e">',
    '##INFO=<ID=SR,Number=1,Type=Integer,Description="s">',
    '##INFO=<ID=PE,Number=1,Type=Integer,Description="p">',
    '##INFO=<ID=CT,Number=1,Type=String,Description="c">',
    '##FILTER=<ID=LowQual,Description="l">',
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
]


def test_sv_vcf_bnd_pair_inversion_and_filtered(tmp_path):
    path = _write(
        tmp_path,
        "sv.vcf",
        SV_HEADER
        + [
            "2\t42492500\tb1\tN\tN]2:29446500]\t.\tPASS\tSVTYPE=BND;MATEID=b2;SR=4;PE=3",
            "2\t29446500\tb2\tN\tN]2:42492500]\t.\tPASS\tSVTYPE=BND;MATEID=b1;SR=4;PE=3",
            "chr2\t29446600\tinv1\tN\t<INV>\t.\tPASS\tSVTYPE=INV;END=42492600;CT=3to3",
            "2\t100\tlow\tN\t<DEL>\t.\tLowQual\tSVTYPE=DEL;END=200",
        ],
    )
    res = read_sv_vcf(path)
    assert len(res.calls) == 2 and res.warnings[0].code == "sv_filtered"
    bnd, inv = res.calls
    assert (bnd.five_prime_breakpoint.pos, bnd.five_prime_breakpoint.retained, bnd.three_prime_breakpoint.retained) == (
        42492500,
        "left",
        "left",
    )
    assert bnd.dna_level and not bnd.oriented and (bnd.split_reads, bnd.spanning_reads) == (4, 3)
    assert (inv.five_prime_breakpoint.chrom, inv.three_prime_breakpoint.pos) == ("2", 42492600)


@pytest.mark.parametrize("content,message", [(b"", "the file is empty"), (b"gene1\tgene2\n", "not a VCF")])
def test_sv_vcf_refusals(tmp_path, content, message):
    path = tmp_path / "x.vcf"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_sv_vcf(path)
