"""Bypass and co-alteration small variants (hotspots in both builds, annotations, germline and
synonymous traps) and the MAF reader."""

from __future__ import annotations

import csv

import pytest

from conftest import annotate_json, run_cli, shared_path, write_vcf

MAF_HEADER = "Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tReference_Allele\tTumor_Seq_Allele2\tHGVSp_Short\tt_alt_count\tt_ref_count\tTumor_Sample_Barcode\tNCBI_Build"


def _names(report: dict) -> dict[str, str]:
    return {a["name"]: a["category"] for a in report["alterations"]}


def test_embedded_hotspots_equal_the_reference_table(kb):
    rows = csv.DictReader(
        shared_path("reference", "bypass_hotspots.GRCh37_GRCh38.tsv").read_text().splitlines(), delimiter="\t"
    )
    expected = {
        (
            r["build"],
            r["chrom"],
            int(r["pos"]),
            r["ref"].replace("-", ""),
            r["alt"].replace("-", ""),
            r["gene"],
            r["hgvsp"][2:],
        )
        for r in rows
    }
    assert set(kb.files.hotspots.rows) == expected
    assert len(kb.files.hotspots.rows) == len(expected)


@pytest.mark.parametrize(
    "build,row,name",
    [
        ("GRCh38", "chr7\t140753336\t.\tA\tT", "BRAF p.V600E"),
        ("GRCh37", "chr12\t25398285\t.\tC\tA", "KRAS p.G12C"),
        ("GRCh38", "chr12\t25245351\t.\tC\tA", "KRAS p.G12C"),
        ("GRCh38", "chr7\t55191822\t.\tT\tG", "EGFR p.L858R"),
    ],
)
def test_hotspots_in_both_builds(tmp_path, build, row, name):
    contig = "##contig=<ID=chr2,length=" + ("242193529" if build == "GRCh38" else "243199373") + ">"
    vcf = write_vcf(tmp_path / "h.vcf", [row + "\t.\tPASS\tDP=100\tGT:AD\t0/1:70,30"], contig=contig)
    report = annotate_json("--vcf", str(vcf))
    assert report["genome_build"] == build
    alteration = next(a for a in report["alterations"] if a["name"] == name)
    assert alteration["category"] == "bypass" and alteration["variant"]["vaf"] == 0.3
    assert alteration["evidence"] and alteration["evidence"][0]["citations"]


def test_met_exon14_splice_donor_hotspot(tmp_path):
    row = "chr7\t116412043\t.\tG\tT\t.\tPASS\tDP=100\tGT\t0/1"  # GRCh37 MET D1010Y (exon 14 last base)
    report = annotate_json(
        "--vcf", str(write_vcf(tmp_path / "met.vcf", [row], contig="##contig=<ID=chr2,length=243199373>"))
    )
    assert _names(report) == {"MET exon 14 skipping (D1010Y)": "bypass"}


def test_annotation_names_a_co_alteration_and_synonymous_is_set_aside(tmp_path):
    hdr = [
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="VEP. Format: Allele|Consequence|SYMBOL|Feature|HGVSc|HGVSp">'
    ]
    rows = [
        "chr17\t7674220\t.\tC\tT\t.\tPASS\tCSQ=T|missense_variant|TP53|NM_000546.6|c.743G>A|p.Arg248Gln\tGT\t0/1",
        "chr17\t7674249\t.\tA\tG\t.\tPASS\tCSQ=G|synonymous_variant|TP53|NM_000546.6|c.714T>C|p.Cys238%3D\tGT\t0/1",
    ]
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "tp53.vcf", rows, header=hdr)))
    assert _names(report) == {"TP53 p.R248Q": "co_alteration"}
    assert [o["reason"] for o in report["other_variants"]] == ["synonymous: no change to the protein"]


def test_germline_in_the_matched_normal_is_not_a_finding(tmp_path):
    row = "chr7\t140753336\t.\tA\tT\t.\tPASS\tDP=100\tGT:AD\t0/1:50,50\t0/1:48,52"
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "g.vcf", [row], samples=["NORMAL", "TUMOR"])))
    assert report["alterations"] == []
    assert report["other_variants"][0]["reason"].startswith("germline: present in the matched normal")


def test_real_vcfs_bypass_findings():
    pcgr = annotate_json("--vcf", str(shared_path("realworld", "vcf", "pcgr.T001-COAD.grch38.vcf.gz")))
    assert _names(pcgr) == {
        "BRAF p.V600E": "bypass",
        "TP53 p.V73fs": "co_alteration",
    }  # TP53 c.216del: raw record, named by the embedded model
    megsap = annotate_json(
        "--vcf", str(shared_path("realworld", "vcf", "megSAP.an_vcf_out_som_vicc.vcf")), "--sample", "DX000001_01"
    )
    assert _names(megsap)["KRAS p.G12V"] == "bypass"
    kras = next(a for a in megsap["alterations"] if a["name"] == "KRAS p.G12V")
    assert kras["variant"]["vaf"] == pytest.approx(0.45, abs=0.01)  # Strelka tier counts
    germline = annotate_json(
        "--vcf", str(shared_path("realworld", "vcf", "hmftools-orange.tumor_sample.purple.germline.vcf"))
    )
    assert germline["alterations"] == []
    assert {o["reason"].split(":")[0] for o in germline["other_variants"]} == {"germline"}
    umccr = annotate_json(
        "--vcf", str(shared_path("realworld", "vcf", "umccr-gpgr.SEQCII-HCC1395.purple.somatic.vcf.gz"))
    )
    assert not [a for a in umccr["alterations"] if a["gene"] == "ALK"]  # 15 intronic ALK records are not findings


def test_maf_with_and_without_coordinates(tmp_path):
    maf = tmp_path / "p.maf"
    maf.write_text(
        "#version 2.4\n" + MAF_HEADER + "\n"
        "ALK\t2\t29443613\t29443613\tC\tT\tp.G1202R\t30\t70\tS1\tGRCh37\n"
        "KRAS\t\t\t\t\t\tG12C\t\t\tS1\tGRCh37\n"
        "TP53\t17\t7577538\t7577538\tC\tT\tp.R248Q\t10\t90\tS1\tGRCh37\n"
        "NF2\t22\t30057000\t30057000\tC\tT\tp.R57*\t10\t90\tS1\tGRCh37\n"
    )
    report = annotate_json("--maf", str(maf))
    names = _names(report)
    assert names == {
        "ALK p.G1202R": "alk_kinase_domain_mutation",
        "KRAS p.G12C": "bypass",
        "TP53 p.R248Q": "co_alteration",
        "NF2 p.R57*": "bypass",
    }
    g = next(a for a in report["alterations"] if a["name"] == "ALK p.G1202R")
    assert (g["variant"]["hgvs_c"], g["variant"]["vaf"]) == ("c.3604G>A", 0.3)
    assert report["genome_build"] == "GRCh37" and report["sample_id"] == "S1"


def test_maf_several_samples_need_sample(tmp_path):
    maf = tmp_path / "multi.maf"
    maf.write_text(
        MAF_HEADER
        + "\nKRAS\t12\t25398285\t25398285\tC\tA\tp.G12C\t5\t5\tA\tGRCh37\nKRAS\t12\t25398285\t25398285\tC\tA\tp.G12C\t5\t5\tB\tGRCh37\n"
    )
    refused = run_cli("annotate", "--maf", str(maf))
    assert refused.exit_code == 2 and "several samples (A, B); choose one with --sample" in refused.stderr
    assert run_cli("annotate", "--maf", str(maf), "--sample", "C").exit_code == 2
    assert "KRAS p.G12C" in run_cli("annotate", "--maf", str(maf), "--sample", "B").stdout


@pytest.mark.parametrize(
    "content,message",
    [
        ("", "empty"),
        ("foo\tbar\n1\t2\n", "no Hugo_Symbol column"),
        ("Hugo_Symbol\tfoo\nKRAS\t1\n", "neither a protein-change column"),
    ],
)
def test_bad_maf(tmp_path, content, message):
    maf = tmp_path / "bad.maf"
    maf.write_text(content)
    result = run_cli("annotate", "--maf", str(maf), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2 and message in result.stderr and "bad.maf" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_oncokb_example_sample_has_kras_g12c():
    report = annotate_json(
        "--maf", str(shared_path("realworld", "oncokb-annotator", "example_maf.txt")), "--sample", "TCGA-05-4417-01"
    )
    assert _names(report)["KRAS p.G12C"] == "bypass"


@pytest.mark.parametrize(
    "name",
    [
        "maf/genome-nexus.data_mutations_extended_100.mskcc.txt",
        "maf/vcf2maf.test_output.vep_isoforms.maf",
        "maf/maftools.coad.maf.gz",
        "cbioportal/study_es_0.data_mutations_extended.maf",
        "maf/moalmanac.example_patient.capture.somatic.snvs.maf",
        "maf/celline-targetedseq/A549.maf",
    ],
)
def test_real_mafs_read_or_refused_cleanly(name):
    result = run_cli("annotate", "--maf", str(shared_path("realworld", *name.split("/"))))
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert "several samples" in result.stderr and len(result.stderr.strip().splitlines()) == 1
