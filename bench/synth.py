"""Synthetic inputs for the benchmarks (GRCh38, one tumour sample): a panel VCF with a chosen ALK
kinase-domain mutation and ~1,000 background records, an EML4::ALK fusion table, a clinical file, a
WGS-size bgzipped VCF, and a cohort manifest with one such sample per row.

REF alleles inside ALK's exons come from the embedded ALK model, so every file passes alkannot's REF
check; background records avoid ALK's exons and the knowledge base's bypass-gene spans."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "knowledgebase"
CONTIGS = {  # GRCh38 primary assembly lengths
    "chr1": 248956422,
    "chr2": 242193529,
    "chr3": 198295559,
    "chr4": 190214555,
    "chr5": 181538259,
    "chr6": 170805979,
    "chr7": 159345973,
    "chr8": 145138636,
    "chr9": 138394717,
    "chr10": 133797422,
    "chr11": 135086622,
    "chr12": 133275309,
    "chr13": 114364328,
    "chr14": 107043718,
    "chr15": 101991189,
    "chr16": 90338345,
    "chr17": 83257441,
    "chr18": 80373285,
    "chr19": 58617616,
    "chr20": 64444167,
    "chr21": 46709983,
    "chr22": 50818468,
    "chrX": 156040895,
}
ALK_REGION = "chr2:29190000-29930000"  # the GRCh38 ALK locus as `bcftools view -t` takes it
HOTSPOTS = {  # GRCh38 bypass hotspots as listed in knowledgebase/hotspots.yaml
    "KRAS G12C": ("chr12", 25245351, "C", "A"),
    "BRAF V600E": ("chr7", 140753336, "A", "T"),
}
_BASES = "ACGT"


@lru_cache(maxsize=1)
def _alk_model():
    from alkannot.genome.transcripts import transcripts_from_kb

    return transcripts_from_kb(yaml.safe_load((KB / "transcripts" / "ALK.yaml").read_text()))["GRCh38"]


@lru_cache(maxsize=None)
def alk_snv(change: str) -> tuple[str, int, str, str]:
    """VCF (chrom, pos, ref, alt) of a one-letter ALK protein change, the fewest-base change of the codon."""
    from alkannot.genome.code import CODON_TABLE, revcomp

    tx = _alk_model()
    residue, alt_aa = int(change[1:-1]), change[-1]
    codon = tx.codon_known(residue)
    best = min(
        (c for c, aa in CODON_TABLE.items() if aa == alt_aa),
        key=lambda c: (sum(a != b for a, b in zip(c, codon, strict=False)), c),
    )
    diff = [i for i in range(3) if best[i] != codon[i]]
    assert len(diff) == 1, change
    c = 3 * residue - 2 + diff[0]
    return "chr2", tx.genomic(c), revcomp(codon[diff[0]]), revcomp(best[diff[0]])


def _forbidden() -> dict[str, list[tuple[int, int]]]:
    """Spans background records keep out of: ALK's exons (±50) and every bypass gene span (both builds)."""
    tx = _alk_model()
    out: dict[str, list[tuple[int, int]]] = {"chr2": [(s - 50, e + 50) for s, e in tx.exons]}
    spans = yaml.safe_load((KB / "hotspots.yaml").read_text())["hotspots"]["gene_spans"]
    for builds in spans.values():
        for chrom, start, end in builds.values():
            out.setdefault(f"chr{chrom}", []).append((start - 1000, end + 1000))
    return out


def _allowed(chrom: str, pos: int, forbidden: dict[str, list[tuple[int, int]]]) -> bool:
    return not any(s <= pos <= e for s, e in forbidden.get(chrom, ()))


def header(sample: str = "TUMOR") -> str:
    lines = ["##fileformat=VCFv4.2", "##source=alkannot bench (synthetic)", "##reference=GRCh38"]
    lines += [f"##contig=<ID={c},length={n}>" for c, n in CONTIGS.items()]
    lines += [
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", sample]),
    ]
    return "\n".join(lines) + "\n"


def record(chrom: str, pos: int, ref: str, alt: str, *, depth: int, alt_reads: int) -> str:
    return (
        f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t50\tPASS\tDP={depth}\tGT:AD:AF:DP\t"
        f"0/1:{depth - alt_reads},{alt_reads}:{alt_reads / depth:.3f}:{depth}\n"
    )


def background(n: int, seed: int = 1) -> list[tuple[str, int, str]]:
    """n sorted background records (chrom, pos, line) spread over the genome like a panel's calls."""
    rng = random.Random(seed)
    forbidden = _forbidden()
    total = sum(CONTIGS.values())
    out = []
    for chrom, length in CONTIGS.items():
        k = max(1, round(n * length / total))
        positions = set()
        while len(positions) < k:
            pos = rng.randrange(10_000, length - 10_000)
            if _allowed(chrom, pos, forbidden):
                positions.add(pos)
        for pos in sorted(positions):
            ref = rng.choice(_BASES)
            alt = rng.choice(_BASES.replace(ref, ""))
            depth = rng.randrange(80, 900)
            out.append((chrom, pos, record(chrom, pos, ref, alt, depth=depth, alt_reads=rng.randrange(4, depth // 2))))
    return out


def panel_vcf(
    path: Path,
    findings: Iterable[str] = ("G1202R",),
    n_background: int = 1000,
    seed: int = 1,
    bg: list[tuple[str, int, str]] | None = None,
) -> Path:
    """A panel VCF: `n_background` background records plus one record per finding (an ALK change such
    as 'G1202R', or a HOTSPOTS key such as 'KRAS G12C')."""
    rng = random.Random(seed)
    rows = list(bg if bg is not None else background(n_background, seed))
    for finding in findings:
        chrom, pos, ref, alt = HOTSPOTS[finding] if finding in HOTSPOTS else alk_snv(finding)
        depth = rng.randrange(200, 800)
        rows.append((chrom, pos, record(chrom, pos, ref, alt, depth=depth, alt_reads=rng.randrange(20, depth // 2))))
    order = {c: i for i, c in enumerate(CONTIGS)}
    rows.sort(key=lambda r: (order[r[0]], r[1]))
    path.write_text(header() + "".join(line for _, _, line in rows))
    return path


def fusion_table(path: Path, reads: int = 12) -> Path:
    """STAR-Fusion output with EML4::ALK v1 (E13;A20) on GRCh38."""
    path.write_text(
        "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\tLeftBreakpoint\tRightGene\tRightBreakpoint\n"
        f"EML4--ALK\t{reads}\t{reads // 3}\tONLY_REF_SPLICE\tEML4^E\tchr2:42295516:+\tALK^A\tchr2:29223528:-\n"
    )
    return path


def clinical(path: Path, patient: str, sample: str, treatments: list[str], histology: str | None = None) -> Path:
    """A clinical context; the last drug of `treatments` stopped for progression, the others for 'other'."""
    doc: dict = {
        "patient_id": patient,
        "sample_id": sample,
        "specimen": "tissue",
        "alk_status": {"result": "positive", "method": "IHC"},
        "treatments": [],
    }
    if histology:
        doc["histology"] = histology
    for i, drug in enumerate(treatments, 1):
        doc["treatments"].append(
            {"drug": drug, "line": i, "stop_reason": "progression" if i == len(treatments) else "other"}
        )
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def wgs_vcf(path: Path, n_records: int = 4_000_000, seed: int = 7) -> Path:
    """A bgzipped WGS-size VCF (no index) with G1202R among `n_records` records spread over the genome."""
    rng = random.Random(seed)
    forbidden = _forbidden()
    total = sum(CONTIGS.values())
    special = alk_snv("G1202R")
    bgzip = shutil.which("bgzip")
    if bgzip:
        sink = open(path, "wb")  # noqa: SIM115  bgzip writes to it; closed once bgzip has exited
        proc = subprocess.Popen([bgzip, "-c", "-@", "2"], stdin=subprocess.PIPE, stdout=sink)
        out = proc.stdin
    else:
        import pysam

        proc = None
        out = pysam.BGZFile(str(path), "wb")
    assert out is not None
    out.write(header().encode())
    for chrom, length in CONTIGS.items():
        k = round(n_records * length / total)
        step = length / (k + 1)
        chunk = []
        for i in range(1, k + 1):
            pos = int(i * step) + rng.randrange(0, max(1, int(step) - 1))
            if not _allowed(chrom, pos, forbidden):
                continue
            if special is not None and chrom == special[0] and pos >= special[1]:
                chunk.append(record(*special, depth=400, alt_reads=90))
                special = None  # type: ignore[assignment]
            bits = rng.getrandbits(24)  # varied fields, so the file compresses like a real one
            depth, alt_reads = 10 + (bits >> 4) % 60, 1 + (bits >> 12) % 9
            chunk.append(
                f"{chrom}\t{pos}\t.\t{_BASES[bits & 3]}\t{_BASES[~bits & 3]}\t{(bits >> 16) % 99 + 1}\tPASS\t"
                f"DP={depth}\t"
                f"GT:AD:AF:DP\t0/1:{depth - alt_reads},{alt_reads}:{alt_reads / depth:.3f}:{depth}\n"
            )
            if len(chunk) >= 100_000:
                out.write("".join(chunk).encode())
                chunk = []
        out.write("".join(chunk).encode())
    out.close()
    if proc is not None:
        proc.wait()
        sink.close()
    return path


MECHANISMS = [  # (share of the cohort, ALK/bypass findings, histology)
    (0.27, ["G1202R"], None),
    (0.12, ["L1196M"], None),
    (0.10, ["I1171N"], None),
    (0.08, ["F1174L"], None),
    (0.05, ["KRAS G12C"], None),
    (0.03, ["BRAF V600E"], None),
    (0.05, [], "squamous_transformation"),
    (0.30, [], None),
]
LAST_TKIS = [
    ["crizotinib", "alectinib"],
    ["alectinib"],
    ["brigatinib"],
    ["crizotinib", "ceritinib"],
    ["alectinib", "lorlatinib"],
]


def cohort(folder: Path, n_samples: int, n_background: int = 1000) -> Path:
    """`folder/manifest.tsv` and one sample per row (panel VCF, fusion table, clinical file) with a mix
    of mechanisms and last TKIs; background records are shared, findings and depths differ."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    bg = background(n_background, seed=3)
    fusions = fusion_table(folder / "fusions.tsv")
    rows = ["patient_id\tsample_id\tvcf\tsv_vcf\tfusions\tcnv\tmaf\tclinical\tbam"]
    weights = [m[0] for m in MECHANISMS]
    for i in range(n_samples):
        _, findings, histology = rng.choices(MECHANISMS, weights)[0]
        patient, sample = f"P{i:05d}", f"P{i:05d}-T1"
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        vcf = panel_vcf(sub / f"{sample}.vcf", findings, seed=i, bg=bg)
        clin = clinical(sub / f"{sample}.clinical.yaml", patient, sample, rng.choice(LAST_TKIS), histology)
        rows.append(
            "\t".join(
                [
                    patient,
                    sample,
                    str(vcf.relative_to(folder)),
                    "",
                    fusions.name,
                    "",
                    "",
                    str(clin.relative_to(folder)),
                    "",
                ]
            )
        )
    manifest = folder / "manifest.tsv"
    manifest.write_text("\n".join(rows) + "\n")
    return manifest


MAF_COLUMNS = (
    "Hugo_Symbol",
    "Chromosome",
    "Start_Position",
    "End_Position",
    "Reference_Allele",
    "Tumor_Seq_Allele2",
    "HGVSp_Short",
    "t_alt_count",
    "t_ref_count",
    "Tumor_Sample_Barcode",
    "NCBI_Build",
)
MAF_BACKGROUND_GENES = (
    "TP53",
    "APC",
    "ARID1A",
    "KMT2D",
    "LRP1B",
    "NOTCH1",
    "BRCA2",
    "ATM",
    "SMARCA4",
    "KEAP1",
    "STK11",
    "NF1",
    "RB1",
)
"""genes outside the knowledge base's small-variant genes: rows the reader skips, as most rows of a real MAF"""


def cohort_maf(path: Path, n_samples: int, rows_per_sample: int = 50) -> Path:
    """A GENIE-like multi-sample MAF: `rows_per_sample` background rows per sample, plus the ALK or
    KRAS finding of the sample's mechanism (same mix as `cohort`)."""
    rng = random.Random(5)
    weights = [m[0] for m in MECHANISMS]
    lines = ["\t".join(MAF_COLUMNS)]
    for i in range(n_samples):
        sample = f"GENIE-{i:06d}"
        for _ in range(rows_per_sample):
            pos = rng.randint(1_000_000, 100_000_000)
            lines.append(
                f"{rng.choice(MAF_BACKGROUND_GENES)}\t{rng.randint(1, 22)}\t{pos}\t{pos}\tC\tT\t"
                f"p.R{rng.randint(10, 900)}W\t{rng.randint(5, 60)}\t{rng.randint(60, 600)}\t{sample}\tGRCh38"
            )
        for finding in rng.choices(MECHANISMS, weights)[0][1]:
            if finding in HOTSPOTS:
                gene, change = finding.split()
                chrom, pos, ref, alt = HOTSPOTS[finding]
            else:
                gene, change = "ALK", finding
                chrom, pos, ref, alt = alk_snv(finding)
            lines.append(
                f"{gene}\t{chrom[3:]}\t{pos}\t{pos}\t{ref}\t{alt}\tp.{change}\t{rng.randint(10, 80)}\t"
                f"{rng.randint(100, 600)}\t{sample}\tGRCh38"
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def cohort_cna_matrix(path: Path, n_samples: int, n_genes: int = 500) -> Path:
    """A cBioPortal-style gene × sample matrix of GISTIC values (-2..2): MET and the other bypass genes
    among `n_genes` rows, one column per sample."""
    rng = random.Random(6)
    genes = ["MET", "EGFR", "KRAS", "BRAF", "ERBB2", "MYC", "CDKN2A"] + [f"GENE{i}" for i in range(n_genes - 7)]
    samples = [f"CNA-{i:06d}" for i in range(n_samples)]
    with open(path, "w") as fh:
        fh.write("Hugo_Symbol\t" + "\t".join(samples) + "\n")
        for gene in genes:
            fh.write(gene + "\t" + "\t".join(rng.choice("0000-112") for _ in samples) + "\n")
    return path


def cohort_clincnv(path: Path, n_samples: int, segments_per_sample: int = 20) -> Path:
    """A ClinCNV somatic table of many tumour-normal pairs (a `sample` column): random segments, and in
    one pair in seven a MET gain spanning MET's GRCh38 span (`hotspots.yaml`) at 3 to 12 copies."""
    rng = random.Random(8)
    kb = yaml.safe_load((ROOT / "knowledgebase" / "hotspots.yaml").read_text())
    chrom, start, end = kb["hotspots"]["gene_spans"]["MET"]["GRCh38"]
    columns = (
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
    )
    lines = ["##ANALYSISTYPE=CLINCNV_TUMOR_NORMAL_PAIR", "##ploidy: 2.0", "##GENOME_BUILD=GRCh38", "\t".join(columns)]
    for i in range(n_samples):
        pair = f"T{i:06d}-N{i:06d}"
        for j in range(segments_per_sample):
            if j == 0 and i % 7 == 0:
                seg, cn, genes = (f"chr{chrom}", start - 1000, end + 1000), rng.choice((3, 5, 12)), "MET,CAPZA2"
            else:
                at = rng.randint(1, 100_000_000)
                seg, cn, genes = (f"chr{rng.randint(1, 22)}", at, at + 128_000), rng.choice((1, 3, 4)), ""
            lines.append(
                f"{seg[0]}\t{seg[1]}\t{seg[2]}\t{pair}\t{seg[2] - seg[1] + 1}\t{cn}\t{'AMP' if cn > 2 else 'DEL'}\t"
                f"{cn - 1}\t1\t0.8\t{cn}\t{genes}"
            )
    path.write_text("\n".join(lines) + "\n")
    return path
