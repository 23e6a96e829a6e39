"""Read-backed phasing from a BAM or CRAM: count the reads and read pairs that cover two positions
and carry both, one or neither alternate base. Knows alignments, not biology."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from ..errors import InputError, require_file
from ..genome.builds import CONTIG_LENGTHS, normalize_contig
from ..model import PairCounts, Site  # the phasing interface (model.Phaser) this reader implements


class BamPhaser:
    """An open, checked alignment file; `count()` may be called for several pairs of sites. Implements
    `model.Phaser`, the interface the compound classifier asks (it never imports this reader)."""

    def __init__(self, path: str | Path, build: str, min_mapq: int, min_baseq: int) -> None:
        import pysam

        self.path = Path(path)
        self.min_mapq, self.min_baseq = min_mapq, min_baseq
        require_file(self.path, "a BAM/CRAM")
        if (
            not any(Path(str(self.path) + ext).exists() for ext in (".bai", ".csi", ".crai"))
            and not Path(str(self.path.with_suffix("")) + ".bai").exists()
        ):
            raise InputError(
                self.path, "no index beside the alignment file (.bai, .csi or .crai); create one with 'samtools index'"
            )
        pysam.set_verbosity(0)
        try:
            self._bam = pysam.AlignmentFile(str(self.path), "rc" if self.path.suffix == ".cram" else "rb")
        except (ValueError, OSError) as exc:
            raise InputError(self.path, f"not a readable BAM/CRAM ({' '.join(str(exc).split())[:160]})") from None
        try:
            self._bam.check_index()
        except (ValueError, AttributeError):
            self._bam.close()
            raise InputError(self.path, "the index could not be opened; re-create it with 'samtools index'") from None
        self.contigs = {normalize_contig(name): name for name in self._bam.references}
        lengths = dict(zip(self._bam.references, self._bam.lengths, strict=False))
        chr2 = self.contigs.get("2")
        if chr2 is not None:
            expected = CONTIG_LENGTHS["2"].get(build)
            if expected and lengths[chr2] != expected:
                other = next((b for b, n in CONTIG_LENGTHS["2"].items() if n == lengths[chr2]), "another build")
                raise InputError(
                    self.path, f"alignments are on {other} (chr2 length {lengths[chr2]}) but the variants are {build}"
                )

    def close(self) -> None:
        with suppress(OSError):  # htslib reports a truncated file again on closing; the read already said so
            self._bam.close()

    def count(self, chrom: str, first: Site, second: Site) -> PairCounts:
        """Per template (a read, or both mates of a pair): which alternate bases it carries at the two sites."""
        contig = self.contigs.get(normalize_contig(chrom))
        if contig is None:
            return PairCounts(0, 0, 0, 0, 0, 0)
        lo, hi = min(first.pos, second.pos), max(first.pos, second.pos)
        try:
            return self._count(contig, lo, hi, first, second)
        except (OSError, ValueError) as exc:
            raise InputError(
                self.path, f"truncated or corrupt alignment file ({' '.join(str(exc).split())[:160]})"
            ) from None

    def _count(self, contig: str, lo: int, hi: int, first: Site, second: Site) -> PairCounts:
        seen: dict[str | None, dict[int, str | None]] = {}  # template name → site → 'alt', 'ref' or None
        reads = 0
        for read in self._bam.fetch(contig, lo - 1, hi):
            if any(getattr(read, flag) for flag in _SKIPPED) or read.mapping_quality < self.min_mapq:
                continue
            reads += 1
            calls = seen.setdefault(read.query_name, {})
            for site in (first, second):
                called, allele = self._allele_at(read, site)
                if not called:
                    continue
                if site.pos in calls and calls[site.pos] != allele:
                    calls[site.pos] = None  # the mates disagree: no call for this template
                else:
                    calls[site.pos] = allele
        return _tally(seen, first, second, reads)

    def _allele_at(self, read: Any, site: Site) -> tuple[bool, str | None]:
        """(whether the read calls a base at the site, 'alt', 'ref' or None for another base); no call
        where the read does not cover the site, skips it (a deletion) or its base is of low quality."""
        wanted = site.pos - 1
        if not read.reference_start <= wanted < (read.reference_end or 0):
            return False, None
        for qpos, rpos in read.get_aligned_pairs(matches_only=True):
            if rpos != wanted:
                continue
            quals = read.query_qualities
            if quals is not None and quals[qpos] < self.min_baseq:
                return False, None
            base = (read.query_sequence or "")[qpos].upper()
            return True, "alt" if base == site.alt else "ref" if base == site.ref else None
        return False, None


_SKIPPED = ("is_unmapped", "is_duplicate", "is_secondary", "is_supplementary", "is_qcfail")
"""reads that are not evidence of the template's bases, whatever their mapping quality"""


def _tally(seen: dict[str | None, dict[int, str | None]], first: Site, second: Site, reads: int) -> PairCounts:
    """The templates called at both sites, by which alternate bases they carry."""
    both = first_only = second_only = neither = covering = 0
    for calls in seen.values():
        a, b = calls.get(first.pos), calls.get(second.pos)
        if a is None or b is None:
            continue
        covering += 1
        if a == "alt" and b == "alt":
            both += 1
        elif a == "alt":
            first_only += 1
        elif b == "alt":
            second_only += 1
        else:
            neither += 1
    return PairCounts(both, first_only, second_only, neither, covering, reads)
