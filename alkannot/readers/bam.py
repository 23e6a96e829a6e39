"""Read-backed phasing from a BAM or CRAM: count the reads and read pairs that cover two positions
and carry both, one or neither alternate base. Knows alignments, not biology."""

from __future__ import annotations

from pathlib import Path

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
        lengths = dict(zip(self._bam.references, self._bam.lengths))
        chr2 = self.contigs.get("2")
        if chr2 is not None:
            expected = CONTIG_LENGTHS["2"].get(build)
            if expected and lengths[chr2] != expected:
                other = next((b for b, n in CONTIG_LENGTHS["2"].items() if n == lengths[chr2]), "another build")
                raise InputError(
                    self.path, f"alignments are on {other} (chr2 length {lengths[chr2]}) but the variants are {build}"
                )

    def close(self) -> None:
        try:
            self._bam.close()
        except OSError:  # htslib reports a truncated file again on closing; the read already said so
            pass

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
        seen: dict[str, dict[int, str | None]] = {}
        reads = 0
        for read in self._bam.fetch(contig, lo - 1, hi):
            if (
                read.is_unmapped
                or read.is_duplicate
                or read.is_secondary
                or read.is_supplementary
                or read.is_qcfail
                or read.mapping_quality < self.min_mapq
            ):
                continue
            reads += 1
            quals = read.query_qualities
            seq = read.query_sequence or ""
            calls = seen.setdefault(read.query_name, {})
            for ref_pos0_wanted, site in ((first.pos - 1, first), (second.pos - 1, second)):
                if not read.reference_start <= ref_pos0_wanted < (read.reference_end or 0):
                    continue
                for qpos, rpos in read.get_aligned_pairs(matches_only=True):
                    if rpos != ref_pos0_wanted:
                        continue
                    if quals is not None and quals[qpos] < self.min_baseq:
                        break
                    base = seq[qpos].upper()
                    allele = "alt" if base == site.alt else "ref" if base == site.ref else None
                    key = site.pos
                    if key in calls and calls[key] != allele:
                        calls[key] = None  # the mates disagree: no call for this template
                    else:
                        calls[key] = allele
                    break
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
