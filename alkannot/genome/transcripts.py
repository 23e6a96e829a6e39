"""Transcript models (exons, CDS, known coding sequence, protein) for one build, and the mapping
between genomic positions and HGVS `c.` positions. Strand-aware; the coding sequence may be known
in one stretch (ALK exons 20-28) or several (the bypass genes of `transcripts/bypass_genes.yaml`)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any, NamedTuple

from .code import revcomp, translate


class CPos(NamedTuple):
    """An HGVS c. position: `c` on the CDS (≤0 is 5′ UTR, >cds_length is 3′ UTR) plus an intronic offset."""

    c: int
    offset: int = 0
    cds_length: int = 0

    def __str__(self) -> str:
        if self.c <= 0:
            base = f"-{1 - self.c}"
        elif self.cds_length and self.c > self.cds_length:
            base = f"*{self.c - self.cds_length}"
        else:
            base = str(self.c)
        if self.offset > 0:
            return f"{base}+{self.offset}"
        if self.offset < 0:
            return f"{base}{self.offset}"
        return base


class Transcript(NamedTuple):
    """One gene's transcript on one build. Exons are 1-based inclusive, in transcript order."""

    gene: str
    refseq: str
    ensembl: str | None
    build: str
    chrom: str
    refseq_chrom: str | None
    strand: str
    exons: tuple[tuple[int, int], ...]
    cds_span: tuple[int, int]
    cds_length: int
    known_cds: str
    known_cds_start: int
    protein: str
    """one letter per codon; 'X' where the residue is not known (outside the embedded coding sequence)"""
    known_more: tuple[tuple[int, str], ...] = ()
    """further known coding-strand stretches as (first c. position, bases), for genes known in pieces"""

    # -- genomic <-> transcript -------------------------------------------------

    @property
    def span(self) -> tuple[int, int]:
        """First and last genomic base of the exons."""
        return _exon_layout(self.exons)[1]

    def exon_distance(self, lo: int, hi: int) -> int:
        """Bases from genomic span [lo, hi] to the nearest exon; 0 when they overlap. (Asked of every
        variant of a WGS file in the gene, hence the bisection.)"""
        ordered = _exon_layout(self.exons)[0]
        i = bisect_right(ordered, (hi, float("inf")))  # exons starting at or before hi
        best = ordered[i][0] - hi if i < len(ordered) else None
        if i:
            start, end = ordered[i - 1]
            if lo <= end:
                return 0
            best = lo - end if best is None else min(best, lo - end)
        return best if best is not None else 0

    def _tx_coord(self, pos: int) -> int | None:
        """1-based position in the spliced transcript, or None when `pos` is not exonic."""
        before = 0
        for start, end in self.exons:
            if start <= pos <= end:
                return before + (end - pos + 1 if self.strand == "-" else pos - start + 1)
            before += end - start + 1
        return None

    @property
    def _cds_tx_start(self) -> int:
        first = self.cds_span[1] if self.strand == "-" else self.cds_span[0]
        coord = self._tx_coord(first)
        assert coord is not None
        return coord

    def genomic(self, c: int) -> int:
        """The genomic position of an exonic c. position (inverse of `cpos` for offset 0)."""
        tx = c + self._cds_tx_start - 1
        before = 0
        for start, end in self.exons:
            length = end - start + 1
            if before < tx <= before + length:
                k = tx - before - 1
                return end - k if self.strand == "-" else start + k
            before += length
        raise ValueError(f"c.{c} lies outside {self.refseq}")

    def exon_number(self, pos: int) -> int | None:
        for number, (start, end) in enumerate(self.exons, 1):
            if start <= pos <= end:
                return number
        return None

    def intron_number(self, pos: int) -> int | None:
        for number in range(1, len(self.exons)):
            a, b = self.exons[number - 1], self.exons[number]
            lo, hi = (b[1], a[0]) if self.strand == "-" else (a[1], b[0])
            if lo < pos < hi:
                return number
        return None

    def cpos(self, pos: int) -> CPos | None:
        """The c. position of a genomic position inside the transcript span, else None."""
        tx = self._tx_coord(pos)
        if tx is not None:
            return CPos(tx - self._cds_tx_start + 1, 0, self.cds_length)
        intron = self.intron_number(pos)
        if intron is None:
            return None
        up, down = self.exons[intron - 1], self.exons[intron]
        # the last base of the upstream exon and the first of the downstream exon, genomically
        up_edge, down_edge = (up[0], down[1]) if self.strand == "-" else (up[1], down[0])
        d_up, d_down = abs(pos - up_edge), abs(pos - down_edge)
        if d_up <= d_down:
            base = self.cpos(up_edge)
            assert base is not None
            return CPos(base.c, d_up, self.cds_length)
        base = self.cpos(down_edge)
        assert base is not None
        return CPos(base.c, -d_down, self.cds_length)

    def distance_to_exon_edge(self, pos: int) -> int | None:
        """For exonic `pos`: bases to the nearest internal exon edge (0 = the edge base itself)."""
        number = self.exon_number(pos)
        if number is None:
            return None
        start, end = self.exons[number - 1]
        edges = []
        first, last = number == 1, number == len(self.exons)
        # transcript ends are not splice sites
        if self.strand == "-":
            if not first:
                edges.append(end - pos)
            if not last:
                edges.append(pos - start)
        else:
            if not first:
                edges.append(pos - start)
            if not last:
                edges.append(end - pos)
        return min(edges) if edges else None

    # -- sequence -----------------------------------------------------------------

    @property
    def known_segments(self) -> tuple[tuple[int, str], ...]:
        """Every known coding-strand stretch as (first c. position, bases)."""
        first = ((self.known_cds_start, self.known_cds),) if self.known_cds else ()
        return first + self.known_more

    def known_coding(self, c_start: int, c_end: int) -> str | None:
        """Coding-strand reference bases c_start..c_end (inclusive) if one embedded stretch covers them."""
        for start, bases in self.known_segments:
            lo = c_start - start
            hi = c_end - start + 1
            if lo < 0 or hi > len(bases) or lo >= hi:
                continue
            return bases[lo:hi]
        return None

    def codon_known(self, codon: int) -> str | None:
        return self.known_coding(3 * codon - 2, 3 * codon)

    def genomic_bases_to_coding(self, bases: str) -> str:
        return revcomp(bases) if self.strand == "-" else bases

    @property
    def known_codons(self) -> tuple[int, int]:
        """First and last codon wholly covered by the first embedded stretch (`known_cds`)."""
        return _whole_codons(self.known_cds_start, len(self.known_cds))

    def known_codons_around(self, c: int) -> tuple[int, int] | None:
        """First and last codon wholly covered by the embedded stretch holding c. position `c`."""
        for start, bases in self.known_segments:
            if start <= c < start + len(bases):
                return _whole_codons(start, len(bases))
        return None


def _whole_codons(c_start: int, length: int) -> tuple[int, int]:
    first = (c_start + 1) // 3 + 1 if (c_start - 1) % 3 else (c_start + 2) // 3
    last = (c_start + length - 1) // 3
    return first, last


@lru_cache(maxsize=64)
def _exon_layout(exons: tuple[tuple[int, int], ...]) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    """A transcript's exons in genomic order (minus-strand transcripts list them descending) and their
    span: asked of every variant read in a gene, so computed once per transcript (a NamedTuple has no
    per-instance cache)."""
    ordered = sorted(exons)
    return ordered, (ordered[0][0], max(end for _, end in ordered))


def transcripts_from_kb(data: dict[str, Any]) -> dict[str, Transcript]:
    """Build-specific Transcript objects from one gene's document (`knowledgebase/transcripts/ALK.yaml`,
    or one entry of a multi-gene file such as `bypass_genes.yaml`).

    The coding sequence is `cds_sequence` (one stretch) or `cds_sequences` (a list of stretches, each
    with `c_start` and `sequence`). Without a stored `protein`, the protein is the translation of the
    known stretches, with 'X' for every residue they do not cover."""
    segments: list[tuple[int, str]] = []
    if data.get("cds_sequence"):
        segments.append(_segment(data["cds_sequence"]))
    segments += [_segment(s) for s in data.get("cds_sequences") or []]
    cds_length = int(data["cds_length"])
    protein = "".join(str(data.get("protein", "")).split()) or _protein_from(segments, cds_length)
    first = segments[0] if segments else (1, "")
    out: dict[str, Transcript] = {}
    for build, b in data["builds"].items():
        out[build] = Transcript(
            gene=data["gene"],
            refseq=data["refseq"],
            ensembl=data.get("ensembl"),
            build=build,
            chrom=str(b["chrom"]),
            refseq_chrom=b.get("refseq_chrom"),
            strand=data["strand"],
            exons=tuple((int(s), int(e)) for s, e in b["exons"]),
            cds_span=(int(b["cds_span"][0]), int(b["cds_span"][1])),
            cds_length=cds_length,
            known_cds=first[1],
            known_cds_start=first[0],
            protein=protein,
            known_more=tuple(segments[1:]),
        )
    return out


def _segment(doc: dict[str, Any]) -> tuple[int, str]:
    return int(doc.get("c_start", 1)), "".join(str(doc.get("sequence", "")).split()).upper()


def _protein_from(segments: list[tuple[int, str]], cds_length: int) -> str:
    """Residues 1..cds_length/3 - 1 (the stop codon left out): translated where a stretch covers the whole
    codon, 'X' elsewhere. Empty when nothing is known."""
    if not segments:
        return ""
    residues = ["X"] * (cds_length // 3 - 1)
    for start, bases in segments:
        first, last = _whole_codons(start, len(bases))
        first, last = max(first, 1), min(last, len(residues))
        if first <= last:  # one translate call per stretch: this runs for every gene model at start-up
            lo = 3 * first - 2 - start
            residues[first - 1 : last] = translate(bases[lo : lo + 3 * (last - first + 1)])
    return "".join(residues)
