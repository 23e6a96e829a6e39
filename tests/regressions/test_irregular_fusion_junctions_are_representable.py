"""KB 1.4.0 could hold only plain exon junctions (E13;A20), so the IASLC atlas's irregular junctions
(E14;del49A20, E2;ins117A20, E15del19;del20A20) had no place, and a variant label given without exons was
turned back into exons by cutting the junction text. KB 2.0.0 represents them, and a label resolves to its
junction's own exons."""

from __future__ import annotations

import pytest

from alkannot.classify.fusions import classify_fusions
from alkannot.knowledge import FusionVariant
from alkannot.model import FusionCall


@pytest.mark.parametrize(
    "junction,five,three,irregular",
    [
        ("E13;A20", "13", "20", False),
        ("E14;del49A20", "14", "20", True),
        ("E2;ins117A20", "2", "20", True),
        ("E15del19;del20A20", "15", "20", True),
        ("E6a;A20", "6a", "20", False),
    ],
)
def test_junctions_parse(junction, five, three, irregular):
    v = FusionVariant(id="x", junction=junction, label="x", citations=["IASLC13"])
    assert (v.five_prime_exon, v.three_prime_exon, v.irregular) == (five, three, irregular)


def test_a_label_given_without_exons_takes_its_junctions_exons(kb):
    call = FusionCall(
        file="f.txt",
        format="notation",
        five_prime_gene="EML4",
        three_prime_gene="ALK",
        variant_given="v5b",
        name_as_given="EML4-ALK v5b",
    )
    res = classify_fusions([call], "GRCh37", kb)
    alt = res.alterations[0]
    assert alt.fusion.junction == "E2;ins117A20"
    assert (alt.fusion.five_prime_exon, alt.fusion.three_prime_exon) == ("2", "20") and alt.fusion.role == "driver"
