"""Issue 18 item 8: the mutation-directed option always quoted seed 001's post-second-generation
figure (PFS 8.6 vs 2.7 months), also after crizotinib; the PD-L1 >= 1% threshold was pinned on seed
002, which states none (it comes from seed 000). A rationale quotes a source only for the setting it
studied, and a threshold for the source that defines it."""

from __future__ import annotations

import alkannot

from ._patients import AFTER_ALECTINIB, fusion, record, text, vcf

AFTER_CRIZOTINIB = "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: crizotinib, line: 1, stop_reason: progression}\n"


def option(report, drug):
    return next(
        r for r in report.recommendations if r.drugs == [drug] and r.rule == "alk_tki_active_on_resistance_mutation"
    )


def seed(n: str) -> set[str]:
    return set(alkannot.load_knowledgebase().cite([f"SEED00{n}"]))


def test_seed_001_is_quoted_after_a_second_generation_tki_only(tmp_path):
    after_alectinib = alkannot.annotate(
        vcf=vcf(tmp_path, record("G1202R")),
        clinical=text(tmp_path, "a.yaml", AFTER_ALECTINIB),
        fusions=fusion(tmp_path),
    )
    after_crizotinib = alkannot.annotate(
        vcf=vcf(tmp_path, record("L1196M")),
        clinical=text(tmp_path, "c.yaml", AFTER_CRIZOTINIB),
        fusions=fusion(tmp_path),
    )
    second = option(after_alectinib, "lorlatinib")
    first = option(after_crizotinib, "lorlatinib")
    assert "8.6 vs 2.7 months" in second.rationale and seed("1") <= set(second.citations)
    assert "8.6" not in first.rationale and not seed("1") & set(first.citations)
    assert "seed 004" in first.rationale


def test_the_pdl1_threshold_is_attributed_to_seed_000(tmp_path):
    ctx = text(tmp_path, "p.yaml", AFTER_ALECTINIB + "ihc: {PD-L1: {tps: 5}}\n")
    report = alkannot.annotate(clinical=ctx, fusions=fusion(tmp_path))
    io = next(r for r in report.recommendations if r.rule == "immunotherapy_pdl1_positive_after_tki_resistance")
    assert "TPS >= 1% as seed 000 defines it" in io.rationale and "gives no cut-off" in io.rationale
    assert "(TPS >= 1%) tumours" not in io.rationale
    assert seed("0") <= set(io.citations)
