"""Evidence of a build read from a small-variant input's content: whether its ALK REF alleles agree
with one build's embedded sequence and not the other's (only after reading: a header outranks it)."""

from __future__ import annotations

from ..genome.builds import FITTED, BuildEvidence, fitted
from ..genome.hgvs import RefMismatch, annotate as annotate_variant
from ..genome.transcripts import Transcript
from ..model import SmallVariant


def _ref_agreement(variants: list[SmallVariant], models: dict[str, Transcript]) -> dict[str, tuple[int, int]]:
    """Per build: how many REF alleles could be checked against the embedded sequence, and how many agree."""
    verdicts = {}
    for build, tx in models.items():
        checked = agree = 0
        for var in variants:
            try:
                cons = annotate_variant(tx, var.pos, var.ref, var.alt)
            except RefMismatch:
                checked += 1
                continue
            if cons is not None and cons.verified:
                checked += 1
                agree += 1
        verdicts[build] = (checked, agree)
    return verdicts


def ref_evidence(source: str, variants: list[SmallVariant], models: dict[str, Transcript]) -> list[BuildEvidence]:
    """The build under which every checkable ALK REF allele agrees with the embedded sequence, when one
    build does and the other does not."""
    verdicts = _ref_agreement(variants, models)
    fits = fitted({b: (int(bool(checked) and checked == agree),) for b, (checked, agree) in verdicts.items()})
    if fits is None:
        return []
    others = "; ".join(
        f"none can be placed on {b}'s ALK coding sequence"
        if not checked
        else f"{checked - agree} of {checked} disagree with {b}'s"
        for b, (checked, agree) in sorted(verdicts.items())
        if b != fits
    )
    return [
        BuildEvidence(
            source,
            fits,
            FITTED,
            "REF alleles agree with this build's ALK sequence",
            f"its REF alleles ({verdicts[fits][1]} ALK REF allele(s) match {fits}'s sequence; {others})",
        )
    ]
