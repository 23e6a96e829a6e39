"""Read-backed phasing: the interface between the compound classifier, which asks whether two
substitutions sit on one template, and the alignment reader that answers (readers/bam.py): classify
depends on this, not on the reader."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Site:
    """One substitution to look for: 1-based position, reference and alternate base (+ strand)."""

    pos: int
    ref: str
    alt: str


@dataclass(frozen=True)
class PairCounts:
    both: int
    first_only: int
    second_only: int
    neither: int
    templates_covering_both: int
    reads_seen: int


class Phaser(Protocol):
    """Counts, per template (a read, or both mates of a pair), which alternate bases it carries at two sites."""

    def count(self, chrom: str, first: Site, second: Site) -> PairCounts: ...

    def close(self) -> None: ...
