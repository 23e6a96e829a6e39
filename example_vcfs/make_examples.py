"""Writes the bundled example VCFs: small, realistic patient scenarios on both builds.

Positions and REF bases come from alkannot's embedded ALK model (NM_004304), so every REF agrees
with the build it claims. Run from the project root: `python example_vcfs/make_examples.py`."""

from __future__ import annotations

from pathlib import Path

import pysam
import yaml

from alkannot.genome.code import revcomp
from alkannot.genome.transcripts import transcripts_from_kb

HERE = Path(__file__).resolve().parent
MODELS = transcripts_from_kb(yaml.safe_load((HERE.parent / "knowledgebase/transcripts/ALK.yaml").read_text()))
CHR2 = {"GRCh37": 243199373, "GRCh38": 242193529}


def snv(build: str, c: int, alt_coding: str) -> tuple[int, str, str]:
    tx = MODELS[build]
    return tx.genomic(c), revcomp(tx.known_coding(c, c)), revcomp(alt_coding)


def header(build: str, samples: list[str], extra: list[str], chrom: str = "chr2", lengths: bool = True) -> str:
    lines = ["##fileformat=VCFv4.2", "##source=alkannot example (synthetic patient scenario)"]
    lines += extra
    contig = f"##contig=<ID={chrom},length={CHR2[build]}>" if lengths else f"##contig=<ID={chrom}>"
    lines += [contig,
              '##FILTER=<ID=PASS,Description="All filters passed">',
              '##FILTER=<ID=weak_evidence,Description="Low support">',
              '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
              '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">']
    lines.append("\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", *samples]))
    return "\n".join(lines) + "\n"


def body(rows: list[str]) -> str:
    return "".join(sorted(rows, key=lambda r: int(r.split("\t")[1])))


def row(chrom: str, pos: int, ref: str, alt: str, filt: str, info: str, fmt: str, *calls: str) -> str:
    return "\t".join([chrom, str(pos), ".", ref, alt, ".", filt, info, fmt, *calls]) + "\n"


def p01() -> None:
    """Tumour/normal pair, GRCh38, bgzipped and indexed, VEP-annotated: G1202R after alectinib."""
    b = "GRCh38"
    csq = ('##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
           'Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp">')
    text = header(b, ["P01_NORMAL", "P01_TUMOR"], ["##reference=GRCh38.fa", csq])
    rows = []
    pos, ref, alt = snv(b, 3604, "A")
    rows.append(row("chr2", pos, ref, alt, "PASS",
                f"DP=612;CSQ={alt}|missense_variant|MODERATE|ALK|ENSG00000171094|Transcript|ENST00000389048.3|protein_coding|23/29||"
                "ENST00000389048.3:c.3604G>A|ENSP00000373700.3:p.Gly1202Arg",
                "GT:AD:AF:DP", "0/0:301,0:0:301", "0/1:254,57:0.183:311"))
    pos, ref, alt = snv(b, 3609, "T")  # synonymous D1203=
    rows.append(row("chr2", pos, ref, alt, "PASS",
                f"DP=600;CSQ={alt}|synonymous_variant|LOW|ALK|ENSG00000171094|Transcript|ENST00000389048.3|protein_coding|23/29||"
                "ENST00000389048.3:c.3609C>T|ENSP00000373700.3:p.Asp1203%3D",
                "GT:AD:AF:DP", "0/0:300,0:0:300", "0/1:270,30:0.1:300"))
    pos, ref, alt = snv(b, 3824, "A")  # kinase-domain change with no resistance entry, filtered by the caller
    rows.append(row("chr2", pos, ref, alt, "weak_evidence", "DP=420", "GT:AD:AF:DP", "0/0:210,0:0:210", "0/1:205,5:0.024:210"))
    text += body(rows)
    out = HERE / "P01_G1202R_after_alectinib.GRCh38.vcf"
    out.write_text(text)
    pysam.tabix_index(str(out), preset="vcf", force=True)  # writes .vcf.gz and .vcf.gz.tbi, removes the .vcf


def p02() -> None:
    """Tumour-only, GRCh37 plain VCF with phased calls: I1171N + D1203N at lorlatinib progression."""
    b = "GRCh37"
    text = header(b, ["P02-T2"], ["##reference=file:///refs/hg19/ucsc.hg19.fasta"], lengths=False)
    rows = []
    pos, ref, alt = snv(b, 3512, "A")
    rows.append(row("chr2", pos, ref, alt, "PASS", "DP=505", "GT:AD:AF:DP:PS", "0|1:396,109:0.216:505:29443610"))
    pos, ref, alt = snv(b, 3607, "A")
    rows.append(row("chr2", pos, ref, alt, "PASS", "DP=498", "GT:AD:AF:DP:PS", "0|1:400,98:0.197:498:29443610"))
    text += body(rows)
    (HERE / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf").write_text(text)


def p03() -> None:
    """SnpEff-annotated GRCh37 VCF without any build in its header: L1196M after crizotinib, plus a VUS."""
    b = "GRCh37"
    ann = ('##INFO=<ID=ANN,Number=.,Type=String,Description="Functional annotations: \'Allele | Annotation | '
           'Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | '
           'cDNA.pos / cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / INFO\'">')
    text = header(b, ["TUMOR"], ["##tumor_sample=TUMOR", ann], chrom="2", lengths=False)
    rows = []
    pos, ref, alt = snv(b, 3824, "A")
    rows.append(row("2", pos, ref, alt, "PASS",
                    f"DP=380;ANN={alt}|missense_variant|MODERATE|ALK|ALK|transcript|NM_004304.4|protein_coding|25/29|c.3824G>A|p.Arg1275Gln||||||",
                    "GT:AD:DP", "0/1:350,30:380"))
    pos, ref, alt = snv(b, 3586, "A")
    rows.append(row("2", pos, ref, alt, "PASS",
                    f"DP=402;ANN={alt}|missense_variant|MODERATE|ALK|ALK|transcript|NM_004304.4|protein_coding|23/29|c.3586C>A|p.Leu1196Met||||||",
                    "GT:AD:DP", "0/1:317,85:402"))
    text += body(rows)
    (HERE / "P03_L1196M_after_crizotinib.GRCh37.vcf").write_text(text)


def p04() -> None:
    """BCF, GRCh38, tumour-only: no ALK kinase-domain mutation (only a synonymous change)."""
    b = "GRCh38"
    text = header(b, ["P04_T"], ["##reference=GRCh38"])
    pos, ref, alt = snv(b, 3585, "T")
    text += row("chr2", pos, ref, alt, "PASS", "DP=350", "GT:AD:AF:DP", "0/1:320,30:0.086:350")
    tmp = HERE / "_p04.vcf"
    tmp.write_text(text)
    with pysam.VariantFile(str(tmp)) as src, pysam.VariantFile(str(HERE / "P04_no_alk_mutation.GRCh38.bcf"), "wb", header=src.header) as dst:
        for rec in src:
            dst.write(rec)
    tmp.unlink()


if __name__ == "__main__":
    p01(); p02(); p03(); p04()
