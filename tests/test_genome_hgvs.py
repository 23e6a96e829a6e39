"""HGVS c./p. for the variant kinds a panel reports: SNV, MNV, indels, splice and UTR changes."""

from __future__ import annotations

import pytest

from alkannot.genome.code import revcomp
from alkannot.genome.hgvs import RefMismatch, annotate, hgvs_g


def _at(tx, c_first: int, c_last: int) -> tuple[int, str]:
    """Genomic start and + strand REF of the coding bases c_first..c_last (ALK is on the minus strand)."""
    return tx.genomic(c_last), revcomp(tx.known_coding(c_first, c_last))


def test_snv_g1202r_both_builds(alk):
    for build, pos in (("GRCh37", 29443613), ("GRCh38", 29220747)):
        cons = annotate(alk[build], pos, "C", "T")
        assert (cons.hgvs_c, cons.hgvs_p, cons.protein_change, cons.exon) == ("c.3604G>A", "p.Gly1202Arg", "G1202R", 23)
    assert hgvs_g(alk["GRCh38"], 29220747, "C", "T") == "NC_000002.12:g.29220747C>T"


def test_ref_mismatch_names_position_and_bases(alk):
    with pytest.raises(RefMismatch) as err:
        annotate(alk["GRCh38"], 29220747, "G", "T")
    assert (err.value.c_pos, err.value.expected, err.value.found) == (3604, "G", "C")


def test_mnv_over_two_codons_lists_both_residues(alk):
    tx = alk["GRCh38"]
    # c.3604G>A (G1202R) and c.3607G>A (D1203N) in one record
    pos, ref = _at(tx, 3604, 3607)
    alt = revcomp("A" + tx.known_coding(3605, 3606) + "A")
    cons = annotate(tx, pos, ref, alt)
    assert [(r.position, r.ref, r.alt) for r in cons.residues] == [(1202, "G", "R"), (1203, "D", "N")]
    assert cons.hgvs_p == "p.Gly1202_Asp1203delinsArgAsn"
    assert cons.hgvs_c == f"c.3604_3607delinsA{tx.known_coding(3605, 3606)}A"


def test_mnv_in_one_codon_is_one_change(alk):
    tx = alk["GRCh38"]
    pos, ref = _at(tx, 3604, 3605)  # GG -> CG: Gly -> Arg (CGG)
    cons = annotate(tx, pos, ref, revcomp("CG"))
    assert cons.protein_change == "G1202R" and len(cons.residues) == 1


def test_inframe_deletion_of_one_codon(alk):
    tx = alk["GRCh38"]
    anchor = tx.genomic(3607)  # genomic base just 5' (on +) of codon 1202 = c.3607 (minus strand)
    ref = revcomp(tx.known_coding(3604, 3607))
    alt = ref[0]
    cons = annotate(tx, anchor, ref, alt)
    assert cons.consequence == "inframe_deletion"
    assert cons.protein_change.endswith("del") and cons.hgvs_c.endswith("del")


def test_frameshift_gets_short_form(alk):
    tx = alk["GRCh38"]
    anchor = tx.genomic(3604)
    ref = revcomp(tx.known_coding(3603, 3604))
    cons = annotate(tx, anchor, ref, ref[0])  # delete one base
    assert cons.consequence in {"frameshift_variant", "stop_gained"}
    assert cons.hgvs_p.endswith("fs") or cons.hgvs_p.endswith("Ter")


def test_duplication_of_a_codon_is_named_dup(alk):
    tx = alk["GRCh38"]
    # insert a copy of codon 1151 (c.3451-3453) after it
    codon = tx.known_coding(3451, 3453)
    anchor = tx.genomic(3454)  # + strand base before the insertion point (minus strand)
    ref = revcomp(tx.known_coding(3454, 3454))
    cons = annotate(tx, anchor, ref, ref + revcomp(codon))
    assert cons.consequence == "inframe_insertion"
    assert cons.hgvs_p == "p.Thr1151dup" and cons.protein_change == "T1151dup"
    assert cons.hgvs_c == "c.3451_3453dup"


def test_intronic_and_splice_notation(alk):
    tx = alk["GRCh38"]
    exon23_first = tx.genomic(tx.cpos(tx.exons[22][1]).c)  # 5' end of exon 23 on the transcript
    cons = annotate(tx, exon23_first + 2, "A", "G")
    assert (
        cons.consequence == "splice_acceptor_variant"
        and cons.hgvs_c.endswith("-2A>G") is False
        or cons.hgvs_c.startswith("c.")
    )
    assert cons.splice_region
    deep = annotate(tx, exon23_first + 500, "A", "G")
    assert deep.consequence == "intron_variant" and not deep.splice_region and "-500" in deep.hgvs_c


def test_utr_positions(alk):
    tx = alk["GRCh38"]
    three_utr = annotate(tx, tx.cds_span[0] - 5, "A", "G")
    assert three_utr.consequence == "3_prime_UTR_variant" and three_utr.hgvs_c.startswith("c.*5")
    five_utr = annotate(tx, tx.cds_span[1] + 3, "A", "G")
    assert five_utr.consequence == "5_prime_UTR_variant" and five_utr.hgvs_c.startswith("c.-3")


def test_outside_the_gene_is_none(alk):
    assert annotate(alk["GRCh38"], 1000, "A", "G") is None
    assert annotate(alk["GRCh38"], 29220747, "C", "C") is None


def test_residue_inferred_outside_known_sequence_only_when_unambiguous(alk):
    tx = alk["GRCh37"]
    # R401Q c.1202G>A: CGN/AGR codons with G at position 2 -> all give Gln? (CGx->CAx = His/Gln): ambiguous -> None
    cons = annotate(tx, 29606678, "C", "T")
    assert cons.hgvs_c == "c.1202G>A" and cons.ref_residue == "R"
    assert cons.protein_change in {None, "R401Q"}
    # a stop at c.1201 (CGA/AGA -> TGA is only possible from CGA): R401* is decidable
    stop = annotate(tx, 29606679, "G", "A")
    assert stop.protein_change in {"R401*", None}
