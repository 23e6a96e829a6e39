"""Compound ALK mutations: two kinase-domain mutations in one sample, and whether they share an
allele (cis), sit on different alleles (trans) or cannot be told apart (unknown).

Phase comes from the VCF (one record, phased GT with one PS, GATK PGT/PID, HP) and, when a BAM or
CRAM is given, from the reads. VAF arithmetic is offered as a hint only, never as proof."""

from __future__ import annotations

import re
from itertools import combinations

from ..knowledge.base import KnowledgeBase
from ..knowledge.models import PhasingRule
from ..model import Alteration, PairCounts, PhaseEvidence, Phaser, Site, SmallVariant

VAF_TOLERANCE = 0.05  # allowance for sampling noise when comparing VAF sums with allele limits


def _haplotypes(genotype: str | None) -> set[int] | None:
    """Indices of the phased haplotypes that carry an alternate allele ('0|1' → {1})."""
    if not genotype or "|" not in genotype:
        return None
    parts = genotype.split("|")
    return {i for i, allele in enumerate(parts) if allele not in {"0", "."}}


def _same_record(a: SmallVariant, b: SmallVariant, distance: int) -> tuple[str, PhaseEvidence] | None:
    if (a.chrom, a.pos, a.ref, a.alt) != (b.chrom, b.pos, b.ref, b.alt):
        return None
    return "cis", PhaseEvidence(
        method="same_vcf_record",
        distance=distance,
        summary="both changes are carried by one VCF record (an MNV or delins): one allele",
    )


def _by_pgt_pid(a: SmallVariant, b: SmallVariant, distance: int) -> tuple[str, PhaseEvidence] | None:
    """GATK's physical phasing (PGT/PID)."""
    if not (a.pid and a.pid == b.pid and a.pgt and b.pgt):
        return None
    ha, hb = _haplotypes(a.pgt), _haplotypes(b.pgt)
    if ha is None or hb is None:
        return None
    return "cis" if ha & hb else "trans", PhaseEvidence(
        method="vcf_pgt_pid",
        distance=distance,
        summary=f"physical phasing PID {a.pid}: PGT {a.pgt} and {b.pgt}",
    )


def _by_phase_set(a: SmallVariant, b: SmallVariant, distance: int) -> tuple[str, PhaseEvidence] | None:
    """Phased genotypes (or HP haplotypes) in one phase set."""
    if not (a.phased and b.phased and a.phase_set == b.phase_set):
        return None
    ha, hb = _haplotypes(a.genotype), _haplotypes(b.genotype)
    if a.haplotype is not None and b.haplotype is not None:
        ha, hb = {a.haplotype}, {b.haplotype}
    if not (ha and hb):
        return None
    ps = f"PS {a.phase_set}" if a.phase_set is not None else "no PS (one phase set, as the VCF specification reads)"
    return "cis" if ha & hb else "trans", PhaseEvidence(
        method="vcf_phase_set",
        distance=distance,
        summary=f"phased genotypes {a.genotype} and {b.genotype} in {ps}",
    )


def phase_from_vcf(a: SmallVariant, b: SmallVariant) -> tuple[str, PhaseEvidence] | None:
    """Phase stated by the VCF itself, or None when it says nothing."""
    distance = abs(a.pos - b.pos)
    return _same_record(a, b, distance) or _by_pgt_pid(a, b, distance) or _by_phase_set(a, b, distance)


def phase_from_reads(counts: PairCounts, rule: PhasingRule, distance: int) -> tuple[str, PhaseEvidence]:
    single = counts.first_only + counts.second_only
    noise = rule.trans_noise_reads if single >= rule.trans_noise_floor else 0
    text = (
        f"cis: >= {rule.min_reads} reads or pairs carry both changes; trans: at most {noise} carry both while >= "
        f"{rule.min_reads} carry each alone; otherwise unknown. Reads with MAPQ < {rule.min_mapping_quality}, "
        f"bases with quality < {rule.min_base_quality}, duplicates, secondary, supplementary and QC-failed reads "
        "are not counted."
    )
    tally = (
        f"{counts.both} with both, {counts.first_only} with the first only, {counts.second_only} with the second only, "
        f"{counts.neither} with neither, of {counts.templates_covering_both} reads or pairs covering both positions"
    )
    evidence = dict(
        method="read_backed",
        rule=text,
        reads_both=counts.both,
        reads_first_only=counts.first_only,
        reads_second_only=counts.second_only,
        reads_neither=counts.neither,
        distance=distance,
    )
    if counts.templates_covering_both == 0:
        return "unknown", PhaseEvidence(
            summary=f"no read or read pair covers both positions ({distance} bp apart)", **evidence
        )
    if counts.both >= rule.min_reads:
        mixed = (
            " (reads with a single change also exist: more than one clone)"
            if min(counts.first_only, counts.second_only) >= rule.min_reads
            else ""
        )
        return "cis", PhaseEvidence(summary=f"read-backed: {tally}{mixed}", **evidence)
    if counts.both <= noise and counts.first_only >= rule.min_reads and counts.second_only >= rule.min_reads:
        return "trans", PhaseEvidence(summary=f"read-backed: {tally}", **evidence)
    return "unknown", PhaseEvidence(summary=f"read-backed, too few informative reads: {tally}", **evidence)


def vaf_hints(a: SmallVariant, b: SmallVariant) -> list[str]:
    """What the two VAFs allow, stated as hints (copy number and purity can change every limit)."""
    if a.vaf is None or b.vaf is None:
        return []
    total = a.vaf + b.vaf
    hints = []
    if total > 1 + VAF_TOLERANCE:
        hints.append(
            f"VAFs {a.vaf:g} + {b.vaf:g} = {total:.2f} exceed 1: some molecules must carry both changes "
            "(a hint of cis, assuming no copy-number change)"
        )
    elif total > 0.5 + VAF_TOLERANCE:
        hints.append(
            f"VAFs {a.vaf:g} + {b.vaf:g} = {total:.2f} exceed 0.5, what one allele of a diploid locus allows: "
            "they cannot sit on one allele in separate cells, so either cis or on different alleles "
            "(a hint only, assuming a diploid locus without allele gain)"
        )
    low, high = sorted((a.vaf, b.vaf))
    if low > 0 and high / low >= 3:
        hints.append(
            f"VAFs differ {high / low:.1f}-fold: if cis, the lower-VAF change is in a subclone of the cells carrying "
            "the other"
        )
    return hints


def _phase(a: SmallVariant, b: SmallVariant, rule: PhasingRule, phaser: Phaser | None) -> tuple[str, PhaseEvidence]:
    """The VCF's phase, else the reads' (single-base substitutions), else unknown with why."""
    distance = abs(a.pos - b.pos)
    stated = phase_from_vcf(a, b)
    if stated is not None:
        return stated
    if phaser is not None:
        if len(a.ref) == len(a.alt) == 1 and len(b.ref) == len(b.alt) == 1:
            counts = phaser.count(a.chrom, Site(a.pos, a.ref, a.alt), Site(b.pos, b.ref, b.alt))
            return phase_from_reads(counts, rule, distance)
        return "unknown", PhaseEvidence(
            method="none", distance=distance, summary="read-backed phasing counts single-base substitutions only"
        )
    reach = (
        f"{distance} bp apart: beyond what a short read or pair spans, so only long reads could phase them"
        if distance > rule.short_read_span
        else f"{distance} bp apart; the VCF carries no phase for them and no BAM/CRAM was given (the bam parameter)"
    )
    return "unknown", PhaseEvidence(method="none", distance=distance, summary=reach)


def find_compounds(
    mutations: list[Alteration],
    sources: dict[str, SmallVariant],
    kb: KnowledgeBase,
    phaser: Phaser | None = None,
) -> list[Alteration]:
    """One `alk_compound_mutation` per pair of ALK kinase-domain mutations, phased as well as the data allow."""
    singles = sorted(
        (m for m in mutations if m.category == "alk_kinase_domain_mutation" and m.variant and m.variant.protein_change),
        key=lambda m: _residue(m),
    )
    out = []
    for first, second in combinations(singles, 2):
        if _residue(first) == _residue(second):
            continue  # two changes in one codon are one change, not a compound
        a, b = sources[first.id], sources[second.id]
        phase, evidence = _phase(a, b, kb.phasing, phaser)
        evidence = evidence.model_copy(update={"hints": vaf_hints(a, b)})
        changes = [_change(first), _change(second)]
        entry = kb.compound(first.gene, changes)
        group = kb.compound_group([_residue(first), _residue(second)])
        out.append(
            Alteration(
                id=f"{first.gene}:{'+'.join(changes)}",
                category="alk_compound_mutation",
                gene=first.gene,
                name=f"{first.gene} " + " + ".join(f"p.{c}" for c in changes) + f" ({phase})",
                kb_entry=entry.id if entry else None,
                members=[first.id, second.id],
                phase=phase,
                phase_evidence=evidence,
                compound_group=group.id if group else None,
            )
        )
    return out


def _change(alt: Alteration) -> str:
    """The protein change of a kinase-domain mutation (find_compounds keeps only those that name one)."""
    return alt.variant.protein_change or "" if alt.variant else ""


def _residue(alt: Alteration) -> int:
    match = re.search(r"\d+", alt.variant.protein_change or "") if alt.variant else None
    return int(match.group()) if match else 0
