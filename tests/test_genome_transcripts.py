"""The embedded ALK model (knowledgebase/transcripts/ALK.yaml) checked against ../shared/reference/."""

from __future__ import annotations

import csv

import pytest

from alkannot.genome.code import translate
from alkannot.genome.hgvs import annotate
from conftest import shared_path


def _refgene_row(filename: str, accession: str) -> list[str]:
    for line in shared_path("reference", filename).read_text().splitlines():
        cols = line.split("\t")
        if cols[1] == accession:
            return cols
    raise AssertionError(f"{accession} not in {filename}")


@pytest.mark.parametrize(
    "build,filename",
    [("GRCh37", "ucsc_refGene.hg19.ALK_partners_bypass.txt"), ("GRCh38", "ucsc_refGene.hg38.ALK_partners_bypass.txt")],
)
def test_exons_and_cds_equal_refgene(alk, build, filename):
    cols = _refgene_row(filename, "NM_004304")
    starts = [int(x) + 1 for x in cols[9].strip(",").split(",")]
    ends = [int(x) for x in cols[10].strip(",").split(",")]
    tx = alk[build]
    assert cols[3] == tx.strand == "-"
    assert sorted(tx.exons) == sorted(zip(starts, ends, strict=False))
    assert tx.cds_span == (int(cols[6]) + 1, int(cols[7]))
    assert len(tx.exons) == 29
    cds = sum(
        min(e, tx.cds_span[1]) - max(s, tx.cds_span[0]) + 1
        for s, e in tx.exons
        if e >= tx.cds_span[0] and s <= tx.cds_span[1]
    )
    assert cds == tx.cds_length == 4863


def test_builds_differ_by_the_constant_offset(alk):
    for (s37, e37), (s38, e38) in zip(alk["GRCh37"].exons, alk["GRCh38"].exons, strict=False):
        if (s37, e37) == alk["GRCh37"].exons[0]:
            continue  # exon 1 holds the 5' UTR end, which differs between the snapshots
        assert s37 - s38 == e37 - e38 == 222866


def _fasta(name: str) -> str:
    return "".join(
        line.strip() for line in shared_path("reference", name).read_text().splitlines() if not line.startswith(">")
    )


def test_known_coding_sequence_and_protein_equal_reference(alk):
    tx = alk["GRCh38"]
    assert tx.known_cds == _fasta("ALK_NM_004304_CDS_c3173-c4164.exons20-28.fasta")
    assert tx.known_cds_start == 3173
    assert tx.protein == _fasta("ALK_Q9UM73_wt_protein.bimm143_extract.fasta")
    first, last = tx.known_codons
    assert (first, last) == (1059, 1388)
    assert translate(tx.known_coding(3 * first - 2, 3 * last)) == tx.protein[first - 1 : last]


def test_genomic_is_the_inverse_of_cpos(alk):
    for tx in alk.values():
        for c in (1, 2, 3172, 3173, 3604, 4164, 4165, 4863):
            pos = tx.genomic(c)
            assert tx.cpos(pos).c == c and tx.cpos(pos).offset == 0


def _records():
    path = shared_path("reference", "ALK_variant_records.GRCh37_GRCh38.tsv")
    with open(path) as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_reference_record_translates(alk):
    """All 74 public/derived ALK rows: c. always; p. wherever the embedded data can decide it."""
    rows = _records()
    assert len(rows) == 74
    decided = 0
    for row in rows:
        cons = annotate(alk[row["build"]], int(row["pos"]), row["ref"], row["alt"])
        expected_p = row["hgvsp"].removeprefix("p.")
        if row["hgvsc"]:
            assert cons.hgvs_c == row["hgvsc"].split(":")[1], row
        pos = int("".join(ch for ch in expected_p[1:] if ch.isdigit()))
        assert cons.first_residue == pos and cons.ref_residue == expected_p[0], row
        if cons.protein_change is not None:
            decided += 1
            assert cons.protein_change == expected_p, row
        else:  # outside exons 20-28 the alternate residue may be ambiguous: never guessed
            assert pos < 1059 or pos > 1388, row
    assert decided >= 64


def test_kinase_domain_rows_are_checked_against_the_sequence(alk):
    for row in _records():
        cons = annotate(alk[row["build"]], int(row["pos"]), row["ref"], row["alt"])
        if 1059 <= cons.first_residue <= 1388:
            assert cons.verified, row
