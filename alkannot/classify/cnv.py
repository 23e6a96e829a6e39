"""Copy-number records → amplification (a bypass mechanism where the knowledge base names one) or
gain (context, not a resistance mechanism), by the KB's thresholds, relative to ploidy where known."""

from __future__ import annotations

from ..genome.builds import fitted, normalize_contig
from ..knowledge.base import KnowledgeBase
from ..knowledge.bypass_models import AmplificationRule
from ..model import Alteration, CopyNumberCall, CopyNumberDetail

REFERENCE_PLOIDY = 2.0  # log2 ratios are against a diploid reference


def build_from_named_segments(calls: list[CopyNumberCall], kb: KnowledgeBase) -> str | None:
    """The build under which segments that name a gene actually overlap that gene (CNVkit writes both)."""
    spans = kb.gene_spans
    votes = {"GRCh37": 0, "GRCh38": 0}
    for call in calls:
        if not (call.chrom and call.start is not None and call.end is not None):
            continue
        for gene in set(call.genes) & set(spans):
            for build, (chrom, start, end) in spans[gene].items():
                if normalize_contig(call.chrom) == chrom and call.start <= end and call.end >= start:
                    votes[build] += 1
    return fitted({build: (n,) for build, n in votes.items()})


def copy_number_of(call: CopyNumberCall) -> float | None:
    """Absolute copy number: as given, else from log2 (purity-corrected when the purity is known)."""
    if call.copy_number is not None:
        return call.copy_number
    if call.log2 is None:
        return None
    raw = REFERENCE_PLOIDY * 2**call.log2
    if call.purity:
        raw = (raw - REFERENCE_PLOIDY * (1 - call.purity)) / call.purity
    return max(raw, 0.0)


def _covers(call: CopyNumberCall, gene: str, span: tuple[str, int, int] | None) -> bool:
    if call.gene == gene or gene in call.genes:
        return True
    if span and call.chrom and call.start is not None and call.end is not None and not call.gene:
        return normalize_contig(call.chrom) == span[0] and call.start <= span[2] and call.end >= span[1]
    return False


def classify_copy_number(calls: list[CopyNumberCall], build: str, kb: KnowledgeBase) -> list[Alteration]:
    out = []
    spans = kb.gene_spans
    focal_limit = kb.bypass.focal_max_length
    for gene in sorted(spans):
        span = spans[gene].get(build)
        hits = [c for c in calls if _covers(c, gene, span)]
        if not hits:
            continue
        best = max(hits, key=lambda c: (copy_number_of(c) or 0, c.discrete or 0))
        detail = _decide(gene, best, kb, focal_limit)
        if detail is None:
            continue
        mech = next(iter(kb.mechanisms_for(gene, "amplification")), None)
        amplified = detail.call == "amplification"
        cn_text = (
            f"CN {detail.copy_number:.1f}"
            if detail.copy_number is not None
            else (f"GISTIC {detail.discrete}" if detail.discrete is not None else "caller's call")
        )
        name = (
            f"{gene} amplification ({cn_text})"
            if amplified
            else f"{gene} gain ({cn_text}; below the amplification threshold)"
        )
        out.append(
            Alteration(
                id=f"{gene}:{detail.call}",
                category="bypass" if amplified and mech else "co_alteration",
                gene=gene,
                name=name,
                kb_entry=mech.id if amplified and mech else None,
                copy_number=detail,
            )
        )
    return out


def _rule_text(rule: AmplificationRule, above: float) -> str:
    return (
        f"amplification: CN >= {rule.amplification_cn:g}"
        + (f" and CN/ploidy >= {rule.amplification_ratio:g} when ploidy is known" if rule.amplification_ratio else "")
        + f"; gain: CN >= {rule.gain_cn:g} or >= {above:g} copy above the ploidy"
        + (" (thresholds by analogy with MET, unconfirmed)" if rule.status == "unconfirmed" else "")
    )


def _by_copy_number(
    cn: float, ratio: float | None, call: CopyNumberCall, rule: AmplificationRule, above: float
) -> str | None:
    if cn >= rule.amplification_cn and (
        ratio is None or rule.amplification_ratio is None or ratio >= rule.amplification_ratio
    ):
        return "amplification"
    if cn >= rule.gain_cn or cn >= (call.ploidy or REFERENCE_PLOIDY) + above:
        return "gain"
    return None


def _by_caller(call: CopyNumberCall) -> tuple[str | None, str] | None:
    """(verdict, how) from a GISTIC-style discrete value or the caller's own label; None when neither says."""
    label = (call.call or "").strip().lower()
    if call.discrete is not None:
        return (
            {2: "amplification", 1: "gain"}.get(call.discrete),
            "GISTIC-style discrete value: 2 = amplification, 1 = gain (the caller's thresholds)",
        )
    if label in {"amplification", "amp", "high_amplification"}:
        return "amplification", f"the caller's own call ({call.call})"
    if label in {"gain", "dup"}:
        return "gain", f"the caller's own call ({call.call})"
    return None


def _with_interval(
    verdict: str | None, text: str, cn: float | None, call: CopyNumberCall, rule: AmplificationRule
) -> tuple[str | None, str]:
    """The caller's confidence interval noted; an amplification whose interval reaches below the threshold
    is read as a gain, never more than the caller shows."""
    low, high = call.copy_number_low, call.copy_number_high
    if low is None:
        return verdict, text
    if verdict == "amplification" and cn is not None and low < rule.amplification_cn:
        return "gain", (
            f"{text}; the caller's confidence interval (CN {low:g}–{high:g}) reaches below "
            f"CN {rule.amplification_cn:g}, so it is read as a gain"
        )
    return verdict, f"{text}; the caller's confidence interval: CN {low:g}–{high:g}"


def _decide(gene: str, call: CopyNumberCall, kb: KnowledgeBase, focal_limit: int) -> CopyNumberDetail | None:
    rule = kb.amplification_rule(gene)
    cn = copy_number_of(call)
    ratio = round(cn / call.ploidy, 2) if cn is not None and call.ploidy else None
    text = _rule_text(rule, kb.bypass.gain_above_ploidy)
    verdict: str | None = None
    if cn is not None:
        verdict = _by_copy_number(cn, ratio, call, rule, kb.bypass.gain_above_ploidy)
    elif (by_caller := _by_caller(call)) is not None:
        verdict, text = by_caller
    verdict, text = _with_interval(verdict, text, cn, call, rule)
    if verdict is None:
        return None
    tier = rule.tier_of(cn, ratio)  # the KB's named tiers (e.g. MET high-level amplification), with their source
    if tier is not None:
        text += f"; tier: {tier.tier.replace('_', ' ')} ({' '.join(tier.statement.split())})"
    length = (call.end - call.start + 1) if call.start is not None and call.end is not None and not call.gene else None
    return CopyNumberDetail(
        call=verdict,
        copy_number=round(cn, 2) if cn is not None else None,
        log2=call.log2,
        discrete=call.discrete,
        ploidy=call.ploidy,
        ratio_to_ploidy=ratio,
        focal=(length <= focal_limit) if length is not None else None,
        segment=f"{call.chrom}:{call.start}-{call.end}" if length is not None else None,
        rule=text,
        source_format=call.format,
    )
