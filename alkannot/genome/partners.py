"""Fusion partners by coordinate, exon junctions from breakpoints and the reading frame across them.

Pure functions over the embedded exon models (`knowledgebase/transcripts/fusion_genes.yaml` for the
partners and bypass kinase genes, `ALK.yaml` for ALK), so a breakpoint from any caller — RNA splice
junctions, long-read alignments a few bases off, DNA breakpoints inside an intron — is named the same
way. Exons are numbered on one reference transcript per gene (named in the YAML)."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from .builds import fitted, normalize_contig
from .transcripts import Transcript

EDGE_TOLERANCE = 5
"""Bases a breakpoint may sit from an exon edge and still be read as that splice site: long-read
callers (JAFFAL, CTAT-LR-Fusion) and discordant-pair clusters report junctions a few bases off."""

Side = Literal["5p", "3p"]


class CrypticExon(NamedTuple):
    """An exon the sources name that the reference transcript lacks (EML4 exon 6b of variant 3b)."""

    name: str
    after_exon: int
    reference_exon_name: str
    span: tuple[int, int]


class GeneModel(NamedTuple):
    """One gene on one build: its span over all transcripts and the transcript exons are numbered on."""

    gene: str
    build: str
    chrom: str
    gene_span: tuple[int, int]
    transcript: Transcript
    accession: str
    cryptic: tuple[CrypticExon, ...] = ()

    @property
    def coding(self) -> bool:
        return self.transcript.cds_length > 0

    def contains(self, chrom: str, pos: int) -> bool:
        return normalize_contig(chrom) == self.chrom and self.gene_span[0] <= pos <= self.gene_span[1]


class ExonHit(NamedTuple):
    """Where a breakpoint falls for one side of a fusion."""

    exon: str | None
    number: int | None
    location: str
    offset: int | None
    junction_pos: int | None
    """the genomic base the spliced junction uses on this side (an exon edge, or the breakpoint itself inside an
    exon)"""
    extra_bases: int = 0
    """coding bases a cryptic exon adds after the numbered exon (33 for EML4 exon 6b)"""


# ----------------------------------------------------------------------------- loading


def _transcript(gene: str, doc: dict[str, Any], build: str, b: dict[str, Any]) -> Transcript:
    acc = str(doc["transcript"])
    cds = b.get("cds_span")
    return Transcript(
        gene=gene,
        refseq=acc if not acc.startswith("ENST") else "",
        ensembl=acc if acc.startswith("ENST") else None,
        build=build,
        chrom=str(b["chrom"]),
        refseq_chrom=None,
        strand=str(doc["strand"]),
        exons=tuple((int(s), int(e)) for s, e in b["exons"]),
        cds_span=(int(cds[0]), int(cds[1])) if cds else (0, 0),
        cds_length=int(doc.get("cds_length") or 0),
        known_cds="",
        known_cds_start=1,
        protein="",
    )


def gene_models(
    fusion_genes: dict[str, Any], alk: dict[str, Transcript], alk_doc: dict[str, Any]
) -> dict[str, dict[str, GeneModel]]:
    """build → gene → model, from fusion_genes.yaml's `genes` mapping and the ALK transcripts."""
    out: dict[str, dict[str, GeneModel]] = {}
    for build, tx in alk.items():
        span = alk_doc["builds"][build].get("transcript_span") or tx.span
        out.setdefault(build, {})["ALK"] = GeneModel(
            "ALK", build, tx.chrom, (int(span[0]), int(span[1])), tx, tx.refseq
        )
    for gene, doc in (fusion_genes or {}).items():
        for build, b in doc["builds"].items():
            cryptic = tuple(
                CrypticExon(
                    str(c["name"]),
                    int(c["after_exon"]),
                    str(c["reference_exon_name"]),
                    (int(c["builds"][build][0]), int(c["builds"][build][1])),
                )
                for c in doc.get("cryptic_exons") or []
                if build in c["builds"]
            )
            tx = _transcript(gene, doc, build, b)
            out.setdefault(build, {})[gene] = GeneModel(
                gene,
                build,
                str(b["chrom"]),
                (int(b["gene_span"][0]), int(b["gene_span"][1])),
                tx,
                str(doc["transcript"]),
                cryptic,
            )
    return out


# ----------------------------------------------------------------------------- look-ups


def genes_at(models: dict[str, GeneModel], chrom: str, pos: int) -> list[str]:
    """Embedded genes whose span holds the position (sorted; usually zero or one)."""
    return sorted(g for g, m in models.items() if m.contains(chrom, pos))


def _donor(tx: Transcript, k: int) -> int:
    """Genomic position of the last base of exon k (1-based, transcript order)."""
    s, e = tx.exons[k - 1]
    return s if tx.strand == "-" else e


def _acceptor(tx: Transcript, k: int) -> int:
    s, e = tx.exons[k - 1]
    return e if tx.strand == "-" else s


def _downstream(tx: Transcript, a: int, b: int) -> int:
    """Signed distance from a to b along the transcript (positive when b lies 3' of a)."""
    return (a - b) if tx.strand == "-" else (b - a)


def _edge_hit(model: GeneModel, pos: int, side: Side, tolerance: int) -> ExonHit | None:
    """The exon whose donor (5′ side; a cryptic exon's end first) or acceptor (3′ side) the breakpoint sits at."""
    tx = model.transcript
    n = len(tx.exons)
    if side == "3p":
        return next(
            (
                ExonHit(str(k), k, "exon_edge", abs(pos - _acceptor(tx, k)), _acceptor(tx, k))
                for k in range(2, n + 1)
                if abs(pos - _acceptor(tx, k)) <= tolerance
            ),
            None,
        )
    for c in model.cryptic:
        end = c.span[0] if tx.strand == "-" else c.span[1]
        if abs(pos - end) <= tolerance:
            return ExonHit(
                c.name,
                c.after_exon,
                "exon_edge",
                abs(pos - end),
                _donor(tx, c.after_exon),
                extra_bases=c.span[1] - c.span[0] + 1,
            )
    return next(
        (
            ExonHit(_named(model, k), k, "exon_edge", abs(pos - _donor(tx, k)), _donor(tx, k))
            for k in range(1, n)
            if abs(pos - _donor(tx, k)) <= tolerance
        ),
        None,
    )


def _outside(tx: Transcript, pos: int, side: Side) -> ExonHit:
    """A breakpoint beyond the transcript: the first exon (3′ side, upstream) or the last (5′ side, downstream)."""
    n = len(tx.exons)
    if _downstream(tx, _acceptor(tx, 1), pos) < 0:  # before the transcript's first base
        if side == "3p":
            return ExonHit("1", 1, "upstream", abs(pos - _acceptor(tx, 1)), _acceptor(tx, 1))
        return ExonHit(None, None, "upstream", None, None)
    if side == "5p":
        return ExonHit(str(n), n, "downstream", abs(pos - _donor(tx, n)), None)
    return ExonHit(None, None, "downstream", None, None)


def exon_for(model: GeneModel, pos: int, side: Side, tolerance: int = EDGE_TOLERANCE) -> ExonHit:
    """The exon a fusion uses on one side. 5' side: the exon whose end (donor) the breakpoint sits at,
    else the exon before the breakpoint in transcript order (DNA breakpoints inside an intron); 3' side:
    the exon whose start (acceptor) it sits at, else the exon after it."""
    hit = _edge_hit(model, pos, side, tolerance)
    if hit is not None:
        return hit
    tx = model.transcript
    number = tx.exon_number(pos)
    if number is not None:
        edge = _donor(tx, number) if side == "5p" else _acceptor(tx, number)
        return ExonHit(str(number), number, "exon", abs(pos - edge), pos)
    intron = tx.intron_number(pos)
    if intron is not None:
        k = intron if side == "5p" else intron + 1
        edge = _donor(tx, k) if side == "5p" else _acceptor(tx, k)
        return ExonHit(str(k), k, "intron", abs(pos - edge), edge)
    return _outside(tx, pos, side)


def _named(model: GeneModel, k: int) -> str:
    """Exon k's name: the sources' name ('6a') when a cryptic exon follows it, else its number."""
    for c in model.cryptic:
        if c.after_exon == k:
            return c.reference_exon_name
    return str(k)


def splice_edge(model: GeneModel, pos: int, tolerance: int = EDGE_TOLERANCE) -> Literal["donor", "acceptor"] | None:
    """Whether a position sits at an exon end (donor: the gene is 5′ of the junction) or an exon start
    (acceptor: the gene is 3′), for tables that do not say which gene is 5′; None when not clear."""
    tx = model.transcript
    n = len(tx.exons)
    donor = any(abs(pos - _donor(tx, k)) <= tolerance for k in range(1, n)) or any(
        abs(pos - (c.span[0] if tx.strand == "-" else c.span[1])) <= tolerance for c in model.cryptic
    )
    acceptor = any(abs(pos - _acceptor(tx, k)) <= tolerance for k in range(2, n + 1))
    if donor == acceptor:
        return None
    return "donor" if donor else "acceptor"


def strand_role(model: GeneModel, retained: Literal["left", "right"]) -> Side:
    """DNA-level join: a gene keeps its 5′ end when the retained side is upstream on its strand."""
    keeps_start = (retained == "left") == (model.transcript.strand == "+")
    return "5p" if keeps_start else "3p"


# ----------------------------------------------------------------------------- reading frame


def _coding_before(tx: Transcript, pos: int) -> int | None:
    """Coding bases strictly 5′ of an exonic position inside the CDS, in transcript order."""
    lo, hi = tx.cds_span
    if not (lo <= pos <= hi) or tx.exon_number(pos) is None:
        return None
    count = 0
    for s, e in tx.exons:
        a, b = max(s, lo), min(e, hi)
        if a > b:
            continue
        if s <= pos <= e:
            count += (b - pos) if tx.strand == "-" else (pos - a)
            return count
        count += b - a + 1
    return None


def junction_frame(five: GeneModel, five_hit: ExonHit, three: GeneModel, three_hit: ExonHit) -> bool | None:
    """In frame when the 5′ exon's end phase equals the 3′ exon's start phase; None when either side
    has no CDS model or the junction lies outside a CDS (UTR joins)."""
    if not (five.coding and three.coding) or five_hit.junction_pos is None or three_hit.junction_pos is None:
        return None
    before5 = _coding_before(five.transcript, five_hit.junction_pos)
    before3 = _coding_before(three.transcript, three_hit.junction_pos)
    if before5 is None or before3 is None:
        return None
    return (before5 + 1 + five_hit.extra_bases) % 3 == before3 % 3


# ----------------------------------------------------------------------------- build


def build_votes(
    points: list[tuple[str | None, str, int]], by_build: dict[str, dict[str, GeneModel]]
) -> dict[str, tuple[int, int]]:
    """Per build: (breakpoints inside the named gene's span, breakpoints at one of its exon edges),
    over (gene name or None, chrom, pos) triples whose gene has a model in every build."""
    votes = {}
    for build, models in by_build.items():
        inside = edges = 0
        for gene, chrom, pos in points:
            if gene is None or any(gene not in m for m in by_build.values()):
                continue
            model = models[gene]
            if model.contains(chrom, pos):
                inside += 1
                if splice_edge(model, pos, tolerance=1):
                    edges += 1
        votes[build] = (inside, edges)
    return votes


def build_from_votes(votes: dict[str, tuple[int, int]]) -> str | None:
    """The one build that places more breakpoints inside their genes (then more at exon edges); the
    decision is builds.fitted's, as for every kind of content evidence."""
    return fitted(votes)
