"""Fusion tables and free-text fusion notations → `FusionCall`s.

Formats: Arriba `fusions.tsv`; STAR-Fusion `star-fusion.fusion_predictions(.abridged).tsv` and
`.fusion_candidates.final.abridged` (also CTAT-LR-Fusion's long-read table and STAR-Fusion-style
truth tables); FusionCatcher `final-list_candidate-fusion-genes.txt`; JAFFA / JAFFAL
`jaffa_results.csv`; `generic` tables (OncoKB annotator `Tumor_Sample_Barcode` + `Fusion`, OncoKB SV
`GeneA GeneB Sv_Type`, cBioPortal structural variants, PCGR `FusionGene`, `gene1 gene2 breakpoint1
breakpoint2` columns, and the column sets of ChimeraScan, ChimPipe, deFuse/nFuse, EricScript,
InFusion, PRADA and SOAPfuse); and `notation` files with one fusion per line as panels and reports
print them (`EML4-ALK`, `EML4::ALK`, `EML4--ALK`, `EML4(13)-ALK(20)`, `EML4 exon13::ALK exon20`,
`E13:A20`, `E6a/b;A20`, `EML4-ALK v1` …).

`auto` recognises the format from the header line. The reader knows formats only: which gene is 5′
when the format says so, where the breakpoints and read counts are; partners, junctions and roles
are the classifier's. Bad input is an `InputError` naming the file and, where known, the line."""

from __future__ import annotations

import csv
import gzip
import math
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from . import FUSION_FORMATS, limits
from ..errors import InputError, key_excerpt, require_file
from ..model import Breakpoint, FusionCall
from ..runcache import NO_CACHE, RunCache
from .samples import choose_row, sample_column

FORMATS = FUSION_FORMATS
NOTATION_EXAMPLES = "EML4::ALK, EML4-ALK, EML4(13)-ALK(20), EML4 exon13::ALK exon20, E13:A20"


class FusionReadResult(NamedTuple):
    path: str
    format: str
    dialect: str
    calls: list[FusionCall]
    warnings: list[tuple[str, str]]
    samples: list[str]
    sample: str | None
    rows: int


# ----------------------------------------------------------------------------- notation


class Notation(NamedTuple):
    """A fusion written as text: genes in the written order, exons and a variant label if given."""

    first: str
    second: str
    first_exon: str | None
    second_exon: str | None
    variant: str | None
    separator: str

    @property
    def oriented(self) -> bool:
        """'::' (HGNC), '--' (STAR-Fusion) and ':' (JAFFA) state 5′ first; a hyphen or slash does not
        reliably (OncoKB writes ALK-EML4 and EML4-ALK alike)."""
        return self.separator in {"::", "--", ":", "junction"}


_EXON = r"\d+(?:a/b|[ab])?"
_JUNCTION_ONLY = re.compile(rf"^E(?P<e5>{_EXON})\s*[:;_\-]?\s*A(?P<e3>\d+)$", re.I)
_TAIL = re.compile(
    rf"(?:\s+|\s*[(.]\s*|\s*_)(?:(?P<l5>[A-Z])(?P<e5>{_EXON})\s*[:;]?\s*(?P<l3>[A-Z])(?P<e3>\d+)"
    rf"|v(?:ariant)?\s*(?P<v>\d+(?:a/b|[ab])?))\s*\)?(?:\.\S*)?$",
    re.I,
)
_SIDE = re.compile(  # a gene symbol (upper case first, as HGNC writes them), then an optional exon
    rf"^(?P<g>[A-Z0-9](?:[A-Za-z0-9.@\-]*[A-Za-z0-9.@])?)\s*"
    rf"(?:\(\s*(?:exon\s*|ex\s*|e)?(?P<x1>{_EXON})\s*\)|\s+(?:exon|ex|e)\s*(?P<x2>{_EXON}))?$",
    re.I,
)


def parse_notation(text: str) -> Notation | None:
    """One fusion notation → Notation, or None when the text is not one. 'E13:A20' and the like
    imply EML4 and ALK (the E/A letters of EML4::ALK junction names)."""
    t = text.strip().strip('"').strip()
    t = re.sub(r"\s+(fusion|rearrangement|translocation)$", "", t, flags=re.I).strip()
    if not t:
        return None
    m = _JUNCTION_ONLY.match(t)
    if m:
        return Notation("EML4", "ALK", m["e5"].lower(), m["e3"], None, "junction")
    variant = e5 = e3 = None
    tail = _TAIL.search(t)
    if tail:
        if tail["v"]:
            variant = f"v{tail['v'].lower()}"
        else:
            e5, e3 = tail["e5"].lower(), tail["e3"]
        t = t[: tail.start()].strip()
    for sep in ("::", "--", "/", ":", "-"):
        if sep not in t:
            continue
        parts = _split_pair(t, sep)
        if parts is None:
            continue
        left, right = (_SIDE.match(p.strip()) for p in parts)
        if not (left and right):
            continue
        x5 = left["x1"] or left["x2"]
        x3 = right["x1"] or right["x2"]
        return Notation(left["g"], right["g"], (x5 or e5 or None) and (x5 or e5).lower(), x3 or e3, variant, sep)
    return None


def _split_pair(text: str, sep: str) -> tuple[str, str] | None:
    """Split at the separator; with several hyphens prefer a split that leaves ALK whole on one side."""
    pieces = text.split(sep)
    if len(pieces) == 2:
        return pieces[0], pieces[1]
    if sep != "-":
        return None
    candidates = [(sep.join(pieces[:i]), sep.join(pieces[i:])) for i in range(1, len(pieces))]
    for a, b in candidates:
        if "ALK" in {_bare(a).upper(), _bare(b).upper()}:
            return a, b
    return None


def _bare(side: str) -> str:
    m = _SIDE.match(side.strip())
    return m["g"] if m else side


# ----------------------------------------------------------------------------- values


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    v = value.strip().strip('"')
    if not v or v.upper() in {"NA", "N/A", ".", "-", "NONE", "NAN"}:
        return None
    try:
        number = int(float(v))
    except (ValueError, OverflowError):  # 'inf' and '1e400' overflow int()
        return None
    return number if number >= 0 else None  # read counts and positions are never negative


def _unusable_number(cell: str) -> bool:
    """A cell that is a number no count or position can be: negative, infinite or NaN (written as a number)."""
    v = cell.strip().strip('"')
    if not v or v[0] not in "-+.0123456789iInN" or v.upper() in {"NA", "N/A", "NONE", "-", "."}:
        return False
    try:
        number = float(v)
    except ValueError:
        return False
    return number < 0 or not math.isfinite(number)


def _sum(*values: int | None) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().strip('"').strip()
    return v if v and v.upper() not in {"NA", "N/A", ".", "NONE", "NAN"} else None


def _gene(value: str | None) -> str | None:
    """'ALK^ENSG00000171094.11' → 'ALK'; '', 'NA', '.' → None. Names with a comma or a distance in
    parentheses (Arriba's intergenic 'A(1234),B(56)') → 'intergenic'."""
    v = _text(value)
    if v is None:
        return None
    v = v.split("^")[0].strip()
    if "(" in v or "," in v:
        return "intergenic"
    return v or None


_BP = re.compile(r"^(?:chr)?(?P<chrom>[^:\s]+):(?P<pos>\d+)(?::(?P<strand>[+\-]))?$", re.I)


def _breakpoint(text: str | None, strand: str | None = None) -> Breakpoint | None:
    """'chr2:42492091:+' / '2:42492091' → Breakpoint (contig as written, without a 'chr' prefix)."""
    v = _text(text)
    if v is None:
        return None
    m = _BP.match(v)
    if not m:
        return None
    s = m["strand"] or (strand if strand in {"+", "-"} else None)
    return Breakpoint(chrom=m["chrom"], pos=int(m["pos"]), strand=s)  # type: ignore[arg-type]


def _bp(chrom: str | None, pos: str | int | None, strand: str | None = None) -> Breakpoint | None:
    c = _text(chrom)
    p = pos if isinstance(pos, int) else _int(pos)
    if c is None or p is None or p <= 0:
        return None
    c = c[3:] if c.lower().startswith("chr") else c
    s = _text(strand)
    s = {"1": "+", "-1": "-"}.get(s or "", s)
    return Breakpoint(chrom=c, pos=p, strand=s if s in {"+", "-"} else None)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- dialects

Row = Callable[[str], str | None]
"""A row accessor: normalised column name → cell text (None when the column is absent)."""


class Dialect(NamedTuple):
    format: str
    label: str
    required: tuple[str, ...]
    parse: Callable[[Row], dict[str, Any] | None]
    sample_column: str | None = None
    """the format's own per-row sample column, looked for before the shared names (`samples.SAMPLE_COLUMNS`):
    every table format honours a sample column, whichever dialect reads it"""


def table_sample_column(dialect: Dialect, columns: list[str]) -> int | None:
    """Where a fusion table names each row's sample (FusionInspector `#sample`, pooled STAR-Fusion, cBioPortal
    `Sample_Id`, OncoKB `Tumor_Sample_Barcode`, JAFFA `sample` …), whatever the dialect; None: one sample."""
    return sample_column(columns, dialect.sample_column)


def _arriba(r: Row) -> dict[str, Any]:
    def strand(col: str) -> str | None:
        v = _text(r(col)) or ""
        return v.split("/")[-1] if "/" in v else None

    fusion_strands = (strand("strand1(gene/fusion)"), strand("strand2(gene/fusion)"))
    return dict(
        five_prime_gene=_gene(r("gene1")),
        three_prime_gene=_gene(r("gene2")),
        name_as_given=None,
        oriented=all(
            s in {"+", "-"} for s in fusion_strands
        ),  # Arriba lists 5′ first only when it knows the transcript's strand
        five_prime_breakpoint=_breakpoint(r("breakpoint1"), strand("strand1(gene/fusion)")),
        three_prime_breakpoint=_breakpoint(r("breakpoint2"), strand("strand2(gene/fusion)")),
        split_reads=_sum(_int(r("split_reads1")), _int(r("split_reads2"))),
        spanning_reads=_int(r("discordant_mates")),
        caller_confidence=_text(r("confidence")),
        caller_frame=_text(r("reading_frame")),
    )


def _star_fusion(r: Row) -> dict[str, Any]:
    return dict(
        name_as_given=_text(r("fusionname")),
        five_prime_gene=_gene(r("leftgene")),
        three_prime_gene=_gene(r("rightgene")),
        five_prime_breakpoint=_breakpoint(r("leftbreakpoint")),
        three_prime_breakpoint=_breakpoint(r("rightbreakpoint")),
        split_reads=_int(r("junctionreadcount") or r("junctionreads") or r("num_lr")),
        spanning_reads=_int(r("spanningfragcount")),
        caller_frame=_text(r("prot_fusion_type")),
    )


def _fusioncatcher(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("gene_1_symbol(5end_fusion_partner)")),
        three_prime_gene=_gene(r("gene_2_symbol(3end_fusion_partner)")),
        five_prime_breakpoint=_breakpoint(r("fusion_point_for_gene_1(5end_fusion_partner)")),
        three_prime_breakpoint=_breakpoint(r("fusion_point_for_gene_2(3end_fusion_partner)")),
        split_reads=_int(r("spanning_unique_reads")),
        spanning_reads=_int(r("spanning_pairs")),
        caller_frame=_text(r("predicted_effect")),
    )


def _jaffa(r: Row) -> dict[str, Any] | None:
    name = _text(r("fusion genes"))
    genes = name.split(":") if name else []
    frame = {"TRUE": "in-frame", "FALSE": "out-of-frame"}.get((_text(r("inframe")) or "").upper())
    return dict(
        name_as_given=name,
        five_prime_gene=_gene(genes[0]) if len(genes) == 2 else None,
        three_prime_gene=_gene(genes[1]) if len(genes) == 2 else None,
        five_prime_breakpoint=_bp(r("chrom1"), r("base1"), r("strand1")),
        three_prime_breakpoint=_bp(r("chrom2"), r("base2"), r("strand2")),
        split_reads=_int(r("spanning reads")),
        spanning_reads=_int(r("spanning pairs")),
        caller_confidence=_text(r("classification")),
        caller_frame=frame,
    )


def _oncokb_fusion(r: Row) -> dict[str, Any] | None:
    text = _text(r("fusion"))
    if text is None or re.search(r"-intragenic$", text, re.I):
        return None  # intragenic rearrangements are not fusions of two genes
    n = parse_notation(text)
    if n is None:
        return dict(name_as_given=text, unparsed=True)
    return _from_notation(n, text)


def _from_notation(n: Notation, text: str) -> dict[str, Any]:
    return dict(
        name_as_given=text,
        five_prime_gene=n.first,
        three_prime_gene=n.second,
        oriented=n.oriented,
        five_prime_exon_given=n.first_exon,
        three_prime_exon_given=n.second_exon,
        variant_given=n.variant,
    )


def _oncokb_sv(r: Row) -> dict[str, Any] | None:
    if (_text(r("sv_type")) or "").upper() != "FUSION":
        return None
    return dict(five_prime_gene=_gene(r("genea")), three_prime_gene=_gene(r("geneb")), oriented=False)


_EVENT_JUNCTION = re.compile(r"[.\s_]E(?P<e5>\d+[ab]?)A(?P<e3>\d+)(?:[.\s_]|$)")


def _cbioportal(r: Row) -> dict[str, Any] | None:
    event = _text(r("event_info"))
    m = _EVENT_JUNCTION.search(event or "")

    def exon(col: str, region: str) -> str | None:
        return _text(r(col)) if (_text(r(region)) or "").upper() == "EXON" else None

    return dict(
        name_as_given=event,
        five_prime_gene=_gene(r("site1_hugo_symbol")),
        three_prime_gene=_gene(r("site2_hugo_symbol")),
        five_prime_breakpoint=_bp(r("site1_chromosome"), r("site1_position")),
        three_prime_breakpoint=_bp(r("site2_chromosome"), r("site2_position")),
        five_prime_exon_given=m["e5"] if m else exon("site1_region_number", "site1_region"),
        three_prime_exon_given=m["e3"] if m else exon("site2_region_number", "site2_region"),
        split_reads=_int(r("tumor_split_read_count")),
        spanning_reads=_int(r("tumor_paired_end_read_count")),
        caller_frame=_text(r("site2_effect_on_frame")),
    )


def _pcgr(r: Row) -> dict[str, Any] | None:
    name = _text(r("fusiongene")) or ""
    genes = name.split("--") if "--" in name else [name, ""]
    return dict(
        name_as_given=name or None,
        five_prime_gene=_gene(genes[0]),
        three_prime_gene=_gene(genes[1]),
        five_prime_breakpoint=_breakpoint(r("leftbreakpoint")),
        three_prime_breakpoint=_breakpoint(r("rightbreakpoint")),
        split_reads=_int(r("splitreads")),
        spanning_reads=_int(r("spanningreads")),
    )


def _gene_columns(r: Row) -> dict[str, Any]:
    return dict(
        name_as_given=_text(r("fusion") or r("fusion_name") or r("name")),
        five_prime_gene=_gene(r("gene1")),
        three_prime_gene=_gene(r("gene2")),
        five_prime_breakpoint=_breakpoint(r("breakpoint1")) or _bp(r("chrom1"), r("pos1"), r("strand1")),
        three_prime_breakpoint=_breakpoint(r("breakpoint2")) or _bp(r("chrom2"), r("pos2"), r("strand2")),
        five_prime_exon_given=_text(r("exon1")),
        three_prime_exon_given=_text(r("exon2")),
        split_reads=_int(r("split_reads")),
        spanning_reads=_int(r("spanning_reads") or r("discordant_reads")),
        supporting_reads=_int(r("supporting_reads") or r("reads")),
    )


def _chimerascan(r: Row) -> dict[str, Any]:
    s5, s3 = _text(r("strand5p")), _text(r("strand3p"))
    # BEDPE: 0-based starts; the junction is the 3' end of the 5' region and the 5' end of the 3' region
    pos5 = _int(r("end5p")) if s5 == "+" else (_int(r("start5p")) or 0) + 1
    pos3 = (_int(r("start3p")) or 0) + 1 if s3 == "+" else _int(r("end3p"))
    return dict(
        five_prime_gene=_gene(r("genes5p")),
        three_prime_gene=_gene(r("genes3p")),
        five_prime_breakpoint=_bp(r("chrom5p"), pos5, s5),
        three_prime_breakpoint=_bp(r("chrom3p"), pos3, s3),
        split_reads=_int(r("spanning_frags")),
        spanning_reads=(_int(r("total_frags")) or 0) - (_int(r("spanning_frags")) or 0)
        if _int(r("total_frags")) is not None
        else None,
    )


_JUNC = re.compile(r"^(?P<c1>[^_]+)_(?P<p1>\d+)_(?P<s1>[+\-.]):(?P<c2>[^_]+)_(?P<p2>\d+)_(?P<s2>[+\-.])$")


def _chimpipe(r: Row) -> dict[str, Any]:
    m = _JUNC.match(_text(r("junccoord")) or "")
    return dict(
        five_prime_gene=_gene(r("gnnamesa")),
        three_prime_gene=_gene(r("gnnamesb")),
        five_prime_breakpoint=_bp(m["c1"], m["p1"], m["s1"]) if m else None,
        three_prime_breakpoint=_bp(m["c2"], m["p2"], m["s2"]) if m else None,
        split_reads=_int(r("nbspanningreads")),
        spanning_reads=_int(r("nbconsistentpe")),
    )


def _ericscript(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("genename1")),
        three_prime_gene=_gene(r("genename2")),
        oriented=False,
        five_prime_breakpoint=_bp(r("chr1"), r("breakpoint1"), r("strand1")),
        three_prime_breakpoint=_bp(r("chr2"), r("breakpoint2"), r("strand2")),
        split_reads=_int(r("spanningreads")),
        spanning_reads=_int(r("crossingreads")),
    )


def _infusion(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("genes_1")),
        three_prime_gene=_gene(r("genes_2")),
        oriented=False,
        five_prime_breakpoint=_bp(r("ref1"), r("break_pos1")),
        three_prime_breakpoint=_bp(r("ref2"), r("break_pos2")),
        split_reads=_int(r("num_span")),
        spanning_reads=_int(r("num_paired")),
    )


def _defuse(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("gene_name1")),
        three_prime_gene=_gene(r("gene_name2")),
        oriented=False,
        five_prime_breakpoint=_bp(r("gene_chromosome1"), r("genomic_break_pos1")),
        three_prime_breakpoint=_bp(r("gene_chromosome2"), r("genomic_break_pos2")),
        split_reads=_int(r("splitr_count")),
        spanning_reads=_int(r("span_count")),
    )


def _soapfuse(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("up_gene")),
        three_prime_gene=_gene(r("dw_gene")),
        five_prime_breakpoint=_bp(r("up_chr"), r("up_genome_pos"), r("up_strand")),
        three_prime_breakpoint=_bp(r("dw_chr"), r("dw_genome_pos"), r("dw_strand")),
        split_reads=_int(r("junc_reads_num")),
        spanning_reads=_int(r("span_reads_num")),
        caller_frame=_text(r("down_fusion_part_frame-shift_or_not")),
    )


_PRADA_JUNCTION = re.compile(r"^[^:]+:(?P<c1>[^:]+):(?P<p1>\d+)_[^:]+:(?P<c2>[^:]+):(?P<p2>\d+)")


def _prada(r: Row) -> dict[str, Any]:
    m = _PRADA_JUNCTION.match(_text(r("junction")) or "")
    return dict(
        five_prime_gene=_gene(r("gene_a")),
        three_prime_gene=_gene(r("gene_b")),
        five_prime_breakpoint=_bp(m["c1"], m["p1"]) if m else None,
        three_prime_breakpoint=_bp(m["c2"], m["p2"]) if m else None,
        split_reads=_int(r("jsr_n")),
        spanning_reads=_int(r("discordant_n")),
    )


DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        "arriba",
        "Arriba fusions.tsv",
        ("gene1", "gene2", "breakpoint1", "breakpoint2", "split_reads1", "split_reads2", "discordant_mates"),
        _arriba,
    ),
    Dialect(
        "star-fusion",
        "STAR-Fusion predictions",
        ("fusionname", "leftgene", "leftbreakpoint", "rightgene", "rightbreakpoint"),
        _star_fusion,
    ),
    Dialect(
        "fusioncatcher",
        "FusionCatcher final-list_candidate-fusion-genes",
        (
            "gene_1_symbol(5end_fusion_partner)",
            "gene_2_symbol(3end_fusion_partner)",
            "fusion_point_for_gene_1(5end_fusion_partner)",
            "fusion_point_for_gene_2(3end_fusion_partner)",
        ),
        _fusioncatcher,
    ),
    Dialect("jaffa", "JAFFA/JAFFAL results", ("fusion genes", "chrom1", "base1", "chrom2", "base2"), _jaffa),
    Dialect(
        "generic",
        "cBioPortal structural-variant columns",
        ("site1_hugo_symbol", "site2_hugo_symbol"),
        _cbioportal,
        "sample_id",
    ),
    Dialect(
        "generic", "OncoKB annotator SV columns", ("genea", "geneb", "sv_type"), _oncokb_sv, "tumor_sample_barcode"
    ),
    Dialect("generic", "PCGR fusion columns", ("fusiongene", "leftbreakpoint", "rightbreakpoint"), _pcgr),
    Dialect(
        "generic",
        "ChimeraScan columns",
        ("genes5p", "genes3p", "chrom5p", "start5p", "end5p", "chrom3p", "start3p", "end3p", "strand5p", "strand3p"),
        _chimerascan,
    ),
    Dialect("generic", "ChimPipe columns", ("junccoord", "gnnamesa", "gnnamesb"), _chimpipe),
    Dialect(
        "generic",
        "EricScript columns",
        ("genename1", "genename2", "chr1", "breakpoint1", "chr2", "breakpoint2"),
        _ericscript,
    ),
    Dialect(
        "generic", "InFusion columns", ("genes_1", "genes_2", "ref1", "break_pos1", "ref2", "break_pos2"), _infusion
    ),
    Dialect(
        "generic",
        "deFuse/nFuse columns",
        (
            "gene_name1",
            "gene_name2",
            "gene_chromosome1",
            "gene_chromosome2",
            "genomic_break_pos1",
            "genomic_break_pos2",
        ),
        _defuse,
    ),
    Dialect(
        "generic",
        "SOAPfuse columns",
        ("up_gene", "dw_gene", "up_chr", "up_genome_pos", "dw_chr", "dw_genome_pos"),
        _soapfuse,
    ),
    Dialect("generic", "PRADA columns", ("gene_a", "gene_b", "a_chr", "b_chr", "junction"), _prada),
    Dialect("generic", "gene1/gene2 columns", ("gene1", "gene2"), _gene_columns, "sample"),
    Dialect("generic", "OncoKB annotator Fusion column", ("fusion",), _oncokb_fusion, "tumor_sample_barcode"),
)
_FORMAT_LABELS = {
    "arriba": "Arriba fusions.tsv",
    "star-fusion": "STAR-Fusion / CTAT-LR-Fusion predictions",
    "fusioncatcher": "FusionCatcher final-list_candidate-fusion-genes.txt",
    "jaffa": "JAFFA / JAFFAL jaffa_results.csv",
    "generic": "a generic fusion table",
    "notation": "fusion notations, one per line",
}


@lru_cache(maxsize=1)
def _formats() -> tuple[tuple[Dialect, ...], tuple[Any, ...], tuple[tuple[tuple[str, ...], str], ...], dict[str, str]]:
    """Every table dialect (the tool-family modules of `fusion_formats` before the generic column
    sets, which are looser), the line formats, the refusals and the labels. Imported on first use:
    those modules read with this module's value helpers."""
    from . import fusion_formats as more

    first_generic = next(i for i, d in enumerate(DIALECTS) if d.format == "generic")
    dialects = (*DIALECTS[:first_generic], *more.DIALECTS, *DIALECTS[first_generic:])
    return dialects, more.LINE_FORMATS, more.REFUSALS, {**_FORMAT_LABELS, **more.LABELS}


def known_formats() -> str:
    """The format names, for a refusal: one short line (the README's format table says what each is)."""
    return ", ".join(FORMATS)


# ----------------------------------------------------------------------------- reading


class _Lines:
    """The lines of a plain or gzip text file, without their ends, read from disk again on every
    iteration so that no reader holds the whole file; bad bytes and truncation are InputErrors."""

    def __init__(self, p: Path, gz: bool) -> None:
        self.p, self.gz = p, gz

    def __iter__(self) -> Iterator[str]:
        n = 0
        try:
            with limits.open_text(self.p, errors="strict") if self.gz else open(self.p, encoding="utf-8") as fh:
                for n, line in enumerate(limits.lines(fh, self.p), 1):
                    yield line.rstrip("\r\n")
        except UnicodeDecodeError:
            raise InputError(self.p, f"not a UTF-8 text table (an undecodable byte near line {n + 1})") from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(self.p, f"truncated or corrupt gzip file ({exc.__class__.__name__})") from None
        except OSError as exc:
            raise InputError(self.p, f"cannot be read ({exc.strerror or exc})") from None


def _read_text(p: Path) -> _Lines:
    require_file(p, "a fusion table")
    try:
        with open(p, "rb") as fh:
            gz = fh.read(2) == b"\x1f\x8b"
        with gzip.open(p, "rb") if gz else open(p, "rb") as fh:
            head = fh.read(65536)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(p, f"truncated or corrupt gzip file ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in head:
        raise InputError(p, "not a text table (binary content)")
    return _Lines(p, gz)


def _norm(col: str) -> str:
    return col.strip().strip('"').strip().lstrip("#").strip().lower()


def _split(line: str, delimiter: str) -> list[str]:
    if delimiter == ",":
        return next(csv.reader([line]), [])
    return line.split(delimiter)


def read_fusions(
    path: str | Path, fmt: str = "auto", sample: str | None = None, *, cache: RunCache = NO_CACHE
) -> FusionReadResult:
    """Read one fusion file; `fmt` is one of FORMATS or 'auto'. A cohort run's `cache` keeps a table
    its samples share parsed, once per worker."""
    p = Path(path)
    fmt = (fmt or "auto").lower()
    if fmt not in {"auto", *FORMATS}:
        raise InputError(p, f"unknown fusion format {fmt!r} (known: auto, {', '.join(FORMATS)})")
    lines = _read_text(p)
    first, header, line0, blank = None, "", "", True
    for i, line in enumerate(lines):
        line0 = line if i == 0 else line0
        blank = blank and not line.strip()
        if line.strip() and not line.startswith("##"):
            first, header = i, line
            break
    if first is None and blank:
        raise InputError(
            p,
            "the file is empty: no header line, so no fusion format can be recognised (a caller that found no fusion still writes its header)",
        )
    if first is None:
        raise InputError(p, "no header line: only '##' comment lines")
    if line0.startswith("##fileformat=VCF"):
        raise InputError(
            p, "this is a VCF, not a fusion table: give structural-variant and fusion VCFs with --sv-vcf", line=1
        )
    if fmt == "notation":
        return _read_notations(p, lines)
    delimiter = "\t" if "\t" in header else ("," if "," in header else None)
    columns = [_norm(c) for c in _split(header, delimiter)] if delimiter else [_norm(header)]
    if any(re.fullmatch(r"[\d.,~:+\-]+", c) for c in columns):  # numbers where a header should be: data
        columns = []
    have = set(columns)
    # the short-read callers' own headers first: the other families (fusion_formats) are imported only when needed
    dialect = next(
        (d for d in DIALECTS if d.format != "generic" and fmt in {"auto", d.format} and set(d.required) <= have), None
    )
    if dialect is not None:
        return _read_table(p, lines, first, columns, delimiter or "\t", dialect, sample, cache)
    dialects, line_formats, refusals, labels = _formats()
    head = list(islice(lines, 200))
    for lf in line_formats:
        if fmt == lf.format or (fmt == "auto" and lf.sniff(head)):
            return lf.read(p, lines)
    for needed, refusal in refusals:
        if set(needed) <= have:
            raise InputError(p, refusal, line=first + 1)
    candidates = [d for d in dialects if fmt in {"auto", d.format}]
    dialect = next((d for d in candidates if set(d.required) <= have), None)
    if dialect is None:
        if fmt == "auto" and _looks_like_notations(lines):
            return _read_notations(p, lines)
        if fmt == "auto":
            near = min(dialects, key=lambda d: (len(set(d.required) - have) / len(d.required), -len(d.required)))
            lacking = sorted(set(near.required) - have)
            closest = (
                f" (closest: {near.label}, missing {', '.join(lacking)})"
                if len(lacking) <= len(near.required) // 2 and len(near.required) > 1
                else ""
            )
            raise InputError(
                p,
                f"cannot tell the fusion format from the header line{closest}; known formats: {known_formats()} "
                "(see the README's format table); set one with --fusion-format",
                line=first + 1,
            )
        missing = min((sorted(set(d.required) - have) for d in candidates), key=len)
        shown = ", ".join(c for c in columns[:12] if c) + (" …" if len(columns) > 12 else "")
        raise InputError(
            p,
            f"not {labels[fmt]}: missing column(s) {', '.join(missing)} (the header has: {shown or 'nothing'})",
            line=first + 1,
        )
    return _read_table(p, lines, first, columns, delimiter or "\t", dialect, sample, cache)


def _looks_like_notations(lines: Iterable[str]) -> bool:
    body = list(islice((line for line in lines if line.strip() and not line.lstrip().startswith("#")), 50))
    return bool(body) and all(parse_notation(line) is not None for line in body)


def _read_notations(p: Path, lines: Iterable[str]) -> FusionReadResult:
    calls = []
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        notation = parse_notation(text)
        if notation is None:
            raise InputError(
                p, f"not a fusion notation: {key_excerpt(text)!r} (expected e.g. {NOTATION_EXAMPLES})", line=n
            )
        calls.append(
            FusionCall(file=str(p), line=n, format="notation", caller="notation", **_from_notation(notation, text))
        )
    return FusionReadResult(str(p), "notation", "fusion notations", calls, [], [], None, len(calls))


class _Table(NamedTuple):
    """Every data row of a fusion table, parsed once and grouped by the sample it names (None: the
    table has no sample column, or the row names none)."""

    sample_column: str | None
    samples: list[str]
    """every sample the table names, in order; handed to each sample's result as it is (within a run
    the results share it: a copy per sample of a 100,000-sample list was 1.4 ms)"""
    known: dict[str, None]
    """the same names as an ordered set, for the look-up a cohort makes per sample"""
    calls: dict[str | None, list[FusionCall]]
    warnings: dict[str | None, list[tuple[str, str]]]
    rows: int


def _read_table(
    p: Path,
    lines: Iterable[str],
    first: int,
    columns: list[str],
    delimiter: str,
    dialect: Dialect,
    sample: str | None,
    cache: RunCache,
) -> FusionReadResult:
    """One sample's calls. The table is parsed whole; with a cohort run's `cache` once per worker."""
    table = cache.kept(
        ("fusion-table", str(p), dialect.format, delimiter, first),
        lambda: _parse_table(p, lines, first, columns, delimiter, dialect),
    )
    chosen = choose_row(p, table.known, sample) if table.sample_column is not None else None
    warnings = [
        *table.warnings.get(None, []),
        *(table.warnings.get(chosen, []) if chosen is not None else []),
    ]  # the table's, then the sample's
    unowned = len(table.calls.get(None, [])) if chosen is not None else 0
    if unowned:  # in a table that names samples, a row naming none is no one's: never attributed to the chosen one
        warnings.append(
            (
                "fusion_row_skipped",
                f"{p}: {unowned} fusion row(s) name no sample in the {table.sample_column!r} column; not read for {chosen}",
            )
        )
    return FusionReadResult(
        str(p),
        dialect.format,
        dialect.label,
        list(table.calls.get(chosen, [])),
        warnings,
        table.samples,
        chosen,
        table.rows,
    )


def _parse_table(
    p: Path, lines: Iterable[str], first: int, columns: list[str], delimiter: str, dialect: Dialect
) -> _Table:
    index = {c: i for i, c in reversed(list(enumerate(columns)))}
    i_sample = table_sample_column(dialect, columns)
    samples: dict[str, None] = {}
    calls: dict[str | None, list[FusionCall]] = {}
    said: dict[str | None, list[tuple[str, str]]] = {}
    n_rows = 0
    for n, line in enumerate(lines):
        if n <= first or not line.strip() or line.startswith("#"):
            continue
        n += 1  # 1-based line number
        cells = _split(line, delimiter)
        n_rows += 1
        if any(
            index[c] >= len(cells) for c in dialect.required
        ):  # cut short: not even its sample cell is to be trusted
            said.setdefault(None, []).append(
                (
                    "fusion_row_skipped",
                    f"{p}:{n}: {len(cells)} column(s) where the header has {len(columns)}; row skipped",
                )
            )
            continue
        owner = None
        if i_sample is not None:
            owner = _text(cells[i_sample]) if i_sample < len(cells) else None
            if owner:
                samples.setdefault(owner)
        warnings = said.setdefault(owner, [])

        odd: list[str] = []

        def get(col: str, cells: list[str] = cells, odd: list[str] = odd) -> str | None:
            i = index.get(col)
            cell = cells[i] if i is not None and i < len(cells) else None
            if cell is not None and "strand" not in col and _unusable_number(cell):
                odd.append(f"{col} {cell.strip()[:20]!r}")
            return cell

        values = dialect.parse(get)
        if values is None:
            continue
        if odd:
            warnings.append(
                ("bad_value_ignored", f"{p}:{n}: {', '.join(odd)}: a negative or non-finite number; value ignored")
            )
        skip = values.pop("skip", None)
        if skip:
            warnings.append(("fusion_row_skipped", f"{p}:{n}: {skip}; row skipped"))
            continue
        if values.pop("unparsed", False):
            warnings.append(
                (
                    "fusion_row_skipped",
                    f"{p}:{n}: {values.get('name_as_given')!r} is not a fusion notation alkannot reads; row skipped",
                )
            )
            continue
        five, three = values.get("five_prime_gene"), values.get("three_prime_gene")
        name = values.get("name_as_given")
        if five is None or three is None:
            have = three or five
            warnings.append(
                (
                    "fusion_row_skipped",
                    f"{p}:{n}: {name or 'the row'!s} names no {'5′' if five is None else '3′'} partner"
                    f"{f' of {have}' if have else ''}; row skipped",
                )
            )
            continue
        _check_name(p, n, values, warnings)
        calls.setdefault(owner, []).append(
            FusionCall(file=str(p), line=n, format=dialect.format, caller=dialect.label, sample=owner, **values)
        )
    return _Table(columns[i_sample] if i_sample is not None else None, list(samples), samples, calls, said, n_rows)


def _check_name(p: Path, n: int, values: dict[str, Any], warnings: list[tuple[str, str]]) -> None:
    """A fusion name that disagrees with the gene columns: the gene columns are used, with a warning."""
    name = values.get("name_as_given")
    if not name or values.get("five_prime_gene") == "intergenic":
        return
    sep = next((s for s in ("::", "--") if s in name), None)
    if sep is not None and name.count(sep) == 1:
        said = {g.strip().upper() for g in name.split(sep)}
    else:
        notation = parse_notation(name)
        if notation is None:
            return
        said = {notation.first.upper(), notation.second.upper()}
    genes = {str(values["five_prime_gene"]).upper(), str(values["three_prime_gene"]).upper()}
    if said != genes:
        warnings.append(
            (
                "fusion_name_disagrees",
                f"{p}:{n}: the name says {name} but the gene columns say "
                f"{values['five_prime_gene']} and {values['three_prime_gene']}; the gene columns (and coordinates) are used",
            )
        )
