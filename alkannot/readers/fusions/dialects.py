"""The table formats of fusion callers as `Dialect`s: the columns that identify a format and a row
parser to `FusionCall` fields. The short-read callers (Arriba, STAR-Fusion and CTAT-LR-Fusion,
FusionCatcher, JAFFA / JAFFAL) are tried first, then the tool families of `readers.fusion_formats`,
then the looser `generic` column sets (cBioPortal, OncoKB annotator, PCGR, ChimeraScan, ChimPipe,
EricScript, InFusion, deFuse/nFuse, SOAPfuse, PRADA, gene1/gene2 columns, an OncoKB `Fusion` column).
A parser states what the row says; partners, junctions and roles are the classifier's."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from .. import FUSION_FORMATS
from ..samples import sample_column
from .notation import from_notation, parse_notation
from .values import _bp, _breakpoint, _gene, _int, _sum, _text

FORMATS = FUSION_FORMATS

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
    return from_notation(n, text)


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
    those modules import this package (its dialect and value helpers)."""
    from .. import fusion_formats as more

    first_generic = next(i for i, d in enumerate(DIALECTS) if d.format == "generic")
    dialects = (*DIALECTS[:first_generic], *more.DIALECTS, *DIALECTS[first_generic:])
    return dialects, more.LINE_FORMATS, more.REFUSALS, {**_FORMAT_LABELS, **more.LABELS}


def known_formats() -> str:
    """The format names, for a refusal: one short line (the README's format table says what each is)."""
    return ", ".join(FORMATS)
