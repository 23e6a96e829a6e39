"""Variants deep in an intron (more than DEEP_INTRON bases from every exon of the embedded model) are
counted per gene and reason, not listed one by one: a WGS VCF holds about a thousand in ALK alone.
Intronic variants nearer an exon, where splicing changes sit, are still listed with their reason."""

from __future__ import annotations

import json

from alkannot.classify.bypass import transcript_models
from alkannot.classify.mutations import DEEP_INTRON
from conftest import annotate_json, run_cli, write_vcf

ALK_REASON = f"deep intron (more than {DEEP_INTRON} bases from an exon): not a kinase-domain change"
GRCH37 = "##contig=<ID=chr2,length=243199373>"  # the build is told by chr2's length


def _rows(chrom: str, positions: list[int]) -> list[str]:
    return [f"{chrom}\t{pos}\t.\tA\tG\t.\tPASS\tDP=100\tGT:AD\t0/1:70,30" for pos in positions]


def _intron_after(tx, exon_index: int) -> tuple[int, int]:
    """The genomic first and last base of the intron that follows exon `exon_index` in transcript order."""
    (s1, e1), (s2, e2) = tx.exons[exon_index], tx.exons[exon_index + 1]
    return (e2 + 1, s1 - 1) if tx.strand == "-" else (e1 + 1, s2 - 1)


def _long_intron(tx) -> tuple[int, int]:
    """The first intron longer than 2 kb."""
    introns = (_intron_after(tx, i) for i in range(len(tx.exons) - 1))
    return next((first, last) for first, last in introns if last - first > 2000)


def test_exon_distance_counts_bases_to_the_nearest_exon(alk):
    tx = alk["GRCh38"]
    first, last = _long_intron(tx)
    assert tx.exon_distance(first, first) == 1 and tx.exon_distance(last, last) == 1
    assert tx.exon_distance(first + 60, first + 60) == 61
    assert tx.exon_distance(first - 1, first - 1) == 0  # the exon's own last base
    assert tx.exon_distance(first - 5, first + 5) == 0  # a deletion across the exon edge


def test_alk_variants_deep_in_an_intron_are_counted_and_near_ones_listed(tmp_path, alk):
    tx = alk["GRCh38"]
    first, last = _long_intron(tx)
    deep = [first + DEEP_INTRON, first + 200, last - 300]  # 51, 201 and 301 bases from an exon
    near = [first + DEEP_INTRON - 1, last - 10]  # 50 and 11 bases
    vcf = write_vcf(tmp_path / "wgs_like.vcf", _rows("chr2", sorted(deep + near)))
    out, html = tmp_path / "r.json", tmp_path / "r.html"
    result = run_cli("annotate", "--vcf", str(vcf), "-o", str(out), "--html", str(html))
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["other_variants_counted"] == [{"gene": "ALK", "reason": ALK_REASON, "count": 3}]
    assert sorted(o["pos"] for o in report["other_variants"]) == sorted(near)
    assert {o["reason"] for o in report["other_variants"]} == {"intron: not a kinase-domain change"}
    assert f"ALK: 3 variants counted, not listed ({ALK_REASON})" in html.read_text()


def test_a_report_without_deep_intronic_variants_has_no_counts(tmp_path, alk):
    tx = alk["GRCh38"]
    first, _ = _long_intron(tx)
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "v.vcf", _rows("chr2", [first + 3]))))
    assert report["other_variants_counted"] == [] and len(report["other_variants"]) == 1


def test_bypass_gene_variants_deep_in_an_intron_are_counted(tmp_path, kb):
    met = transcript_models(kb, "GRCh37")["MET"]
    deep_first, _ = _long_intron(met)
    _, last = _intron_after(met, 12)  # intron 13, before exon 14
    rows = _rows("chr7", [deep_first + 500, last - 32])  # deep, and where exon-14 skipping deletions sit
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "met.vcf", rows, contig=GRCH37)))
    reason = f"deep intron (more than {DEEP_INTRON} bases from an exon): no MET mechanism in the knowledge base"
    assert report["other_variants_counted"] == [{"gene": "MET", "reason": reason, "count": 1}]
    (listed,) = report["other_variants"]
    assert listed["pos"] == last - 32 and listed["reason"].startswith(
        "no MET mechanism in the knowledge base matches c.2888-"
    )
