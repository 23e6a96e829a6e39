"""Hartwig LINX `*.linx.fusion.tsv`: the fusions LINX predicts from the somatic structural variants
of the pipeline whose PURPLE copy number `readers/cnv.py` reads. Genes are 5′ (`geneStart`) and 3′
(`geneEnd`) as LINX states them; the fused exons (`fusedExonUp`/`fusedExonDown`, on the canonical
Ensembl transcripts) are given; the table holds no coordinates (those are in the breakend table,
which names breakends, not fusions). A fusion LINX did not report (`reported=false`: it failed
LINX's own known-fusion and likelihood rules) is not a finding: the row is skipped with a warning."""

from __future__ import annotations

from typing import Any

from ..fusions.dialects import Dialect, Row
from ..fusions.values import _gene, _text

_FRAME = {"INFRAME": "in-frame", "OUT_OF_FRAME": "out-of-frame"}


def _exon(value: str | None) -> str | None:
    v = _text(value)
    return v if v and v.isdigit() and v != "0" else None


def _linx(r: Row) -> dict[str, Any]:
    five, three = _gene(r("genestart")), _gene(r("geneend"))
    name = _text(r("name"))
    if (_text(r("reported")) or "").lower() != "true":
        return dict(
            skip=f"{name or f'{five}_{three}'}: not reported by LINX "
            f"(reported={_text(r('reported')) or 'empty'}), so not a finding"
        )
    return dict(
        name_as_given=name,
        five_prime_gene=five,
        three_prime_gene=three,
        five_prime_exon_given=_exon(r("fusedexonup")),
        three_prime_exon_given=_exon(r("fusedexondown")),
        caller_frame=_FRAME.get((_text(r("phased")) or "").upper()),
        caller_confidence=_text(r("reportedtype")),
        dna_level=True,
    )


DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        "linx",
        "Hartwig LINX linx.fusion.tsv",
        ("fiveprimebreakendid", "threeprimebreakendid", "name", "reported", "genestart", "geneend"),
        _linx,
    ),
)
LINE_FORMATS: tuple = ()  # LINX writes tables only
REFUSALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("svid", "isstart", "gene", "transcriptid", "geneorientation"),
        "a LINX breakend table names breakends, not fusions: give the *.linx.fusion.tsv written beside it",
    ),
)
