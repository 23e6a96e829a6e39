"""Constructed patients for the interpretation regressions (issue 18): small VCFs, clinical contexts
and fusion files written into a test's tmp_path, built from the embedded ALK model so that every
change is placed as the pipeline reads it."""

from __future__ import annotations

from pathlib import Path

from conftest import change_to_vcf, write_vcf

import alkannot
from alkannot.genome.code import revcomp
from alkannot.genome.transcripts import transcripts_from_kb

KRAS_G12A = ("chr12", 25245350, "C", "G")  # GRCh38, as hotspots.yaml lists it
AFTER_ALECTINIB = "alk_status: {result: positive, method: IHC}\nspecimen: tissue\ntreatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n"
AFTER_LORLATINIB = (
    "alk_status: {result: positive, method: IHC}\nspecimen: tissue\ntreatments:\n"
    "  - {drug: alectinib, line: 1, stop_reason: progression}\n  - {drug: lorlatinib, line: 2, stop_reason: progression}\n"
)


def alk_tx():
    return transcripts_from_kb(alkannot.load_knowledgebase().transcripts["ALK"])["GRCh38"]


def record(change: str, vaf: float = 0.2, gt: str = "0/1", ps: int | None = None) -> str:
    pos, ref, alt = change_to_vcf(alk_tx(), change)
    fmt, val = ("GT:AF:PS", f"{gt}:{vaf}:{ps}") if ps else ("GT:AF", f"{gt}:{vaf}")
    return f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=500\t{fmt}\t{val}"


def codon_deletion(codon: int, vaf: float = 0.2) -> str:
    """An in-frame deletion of one ALK codon (minus strand: anchored on the base 5' of it on the genome)."""
    tx = alk_tx()
    first = 3 * codon - 2
    low = min(tx.genomic(c) for c in range(first, first + 3))
    anchor = revcomp(tx.known_coding(first + 3, first + 3))
    ref = anchor + revcomp(tx.known_coding(first, first + 2))
    return f"chr2\t{low - 1}\t.\t{ref}\t{anchor}\t.\tPASS\tDP=500\tGT:AF\t0/1:{vaf}"


def kras_g12a(vaf: float) -> str:
    chrom, pos, ref, alt = KRAS_G12A
    return f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=500\tGT:AF\t0/1:{vaf}"


def vcf(tmp_path: Path, *records: str, name: str = "sample.vcf") -> Path:
    def key(r: str) -> tuple[str, int]:
        chrom, pos = r.split("\t")[:2]
        return chrom, int(pos)

    return write_vcf(
        tmp_path / name,
        sorted(records, key=key),
        contig="##contig=<ID=chr2,length=242193529>\n##contig=<ID=chr12,length=133275309>",
    )


def text(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content)
    return path


def fusion(tmp_path: Path) -> Path:
    return text(tmp_path, "fusions.txt", "EML4(13)-ALK(20)\n")


def calls(report) -> dict:
    return {t.drug: t for t in report.therapies}
