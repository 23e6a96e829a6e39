"""Inputs of one run whose evidence names different genome builds are refused (exit 2, naming both
inputs and builds); the build is decided once, from every input, and recorded once in the report.

What broke: the build was decided in four branches of `annotate` in input order: a GRCh38 VCF and a
MAF stating GRCh37 were caught only for the MAF, fusion breakpoints fitting GRCh37 beside a GRCh38
VCF were read as GRCh37 in a report that said GRCh38, and a file assumed GRCh38 said so only in JSON."""

from __future__ import annotations

from conftest import annotate_json, run_cli, shared_path, write_vcf

G1202R_38 = "chr2\t29220747\t.\tC\tT\t.\tPASS\tDP=311\tGT:AD\t0/1:254,57"
MAF_COLUMNS = [
    "Hugo_Symbol",
    "NCBI_Build",
    "Chromosome",
    "Start_Position",
    "End_Position",
    "Reference_Allele",
    "Tumor_Seq_Allele2",
    "Tumor_Sample_Barcode",
    "HGVSp_Short",
    "t_ref_count",
    "t_alt_count",
]


def _maf(tmp_path, build: str):
    path = tmp_path / f"{build}.maf"
    row = ["KRAS", build, "12", "25398285", "25398285", "C", "A", "S1", "p.G12C", "80", "20"]
    path.write_text("\t".join(MAF_COLUMNS) + "\n" + "\t".join(row) + "\n")
    return path


def _refused(tmp_path, *args: str) -> str:
    out = tmp_path / "r.json"
    result = run_cli("annotate", *args, "-o", str(out))
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: ") and not out.exists()
    return lines[0]


def test_vcf_header_and_maf_build_disagree(tmp_path):
    vcf = write_vcf(tmp_path / "t.vcf", [G1202R_38])
    line = _refused(tmp_path, "--vcf", str(vcf), "--maf", str(_maf(tmp_path, "37")))
    assert "37.maf" in line and "t.vcf" in line and "GRCh37" in line and "GRCh38" in line


def test_vcf_header_and_fusion_breakpoints_disagree(tmp_path):
    vcf = write_vcf(tmp_path / "t.vcf", [G1202R_38])
    fusions = shared_path("realworld", "fusion", "pcgr", "pcgr.T001-COAD.grch37.fusions.tsv")
    line = _refused(tmp_path, "--vcf", str(vcf), "--fusions", str(fusions))
    assert "grch37.fusions.tsv" in line and "t.vcf" in line and "GRCh37" in line and "GRCh38" in line


def test_agreeing_inputs_record_their_evidence_once(tmp_path):
    vcf = write_vcf(tmp_path / "t.vcf", [G1202R_38])
    report = annotate_json("--vcf", str(vcf), "--maf", str(_maf(tmp_path, "GRCh38")))
    assert report["genome_build"] == "GRCh38"
    assert "##contig chr2 length 242193529" in report["build_evidence"] and "NCBI_Build" in report["build_evidence"]
    assert "build_conflict" not in {w["code"] for w in report["warnings"]}
