"""KB 1.4.0 had no entry for ALK G1202del: the deletion was reported as a VUS, the report said no ALK
resistance mutation was found, and the no-mutation options of seed 001 were listed. KB 2.0.0 lists it
(with D1203N, T1151M, F1174I, L1198H, C1156F, R1192P) under `resistance_without_profile`."""

from __future__ import annotations

from conftest import write_vcf

import alkannot
from alkannot.genome.code import revcomp

AFTER_ALECTINIB = "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n"


def test_g1202del_is_a_resistance_mutation_without_a_profile(tmp_path, alk):
    tx = alk["GRCh38"]
    # delete codon 1202 (c.3604_3606) with c.3607 as the VCF anchor base (ALK is on the minus strand)
    pos, ref, alt = tx.genomic(3607), revcomp(tx.known_coding(3604, 3607)), revcomp(tx.known_coding(3607, 3607))
    vcf = write_vcf(tmp_path / "del.vcf", [f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=200\tGT:AF\t0/1:0.2"])
    ctx = tmp_path / "clinical.yaml"
    ctx.write_text(AFTER_ALECTINIB)
    report = alkannot.annotate(vcf=vcf, clinical=ctx)
    alt_ = next(
        a for a in report.alterations if a.gene == "ALK" and a.variant and a.variant.protein_change == "G1202del"
    )
    assert alt_.category == "alk_kinase_domain_mutation" and alt_.kb_entry == "ALK_G1202del"
    assert "no_alk_mutation_after_second_generation" not in {r.rule for r in report.recommendations}
    # no per-drug profile: no drug is called sensitive or resistant on the strength of G1202del
    assert all(e.call is None for e in alt_.evidence)
