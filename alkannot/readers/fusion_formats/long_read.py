"""Long-read fusion callers: pbfusion (`*.breakpoints.groups.bed`), FusionSeeker
(`confident_genefusion.txt`), FLAIR-fusion (`*Fusions.tsv`) and LongGF (the log it writes, whose
`SumGF` lines summarise each gene pair).

None of them lists the two genes in a reliable 5′→3′ order — FusionSeeker writes `ALK EML4` for
EML4::ALK, LongGF `RET:KIF5B` and FLAIR-fusion `RET--KIF5B` for KIF5B::RET — so every call is read
with `oriented=False` except pbfusion's (its source→sink order follows the read), and the classifier
takes the 5′ gene from the breakpoints. Each gives one read count (`supporting_reads`), which the
classifier holds against the knowledge base's minimum support. Positions are 1-based; pbfusion's
BED starts are converted."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ...model import FusionCall, ReportWarning
from ..fusions.dialects import Dialect, Row
from ..fusions.result import FusionReadResult
from ..fusions.values import _bp, _gene, _int, _text


class LineFormat(NamedTuple):
    """A format recognised from its lines rather than a header of column names."""

    format: str
    label: str
    sniff: Callable[[list[str]], bool]
    """the first lines (up to 200) → whether the file is this format"""
    read: Callable[[Path, Iterable[str]], FusionReadResult]


# ----------------------------------------------------------------------------- FusionSeeker


def _fusionseeker(r: Row) -> dict[str, Any]:
    return dict(
        five_prime_gene=_gene(r("gene1")),
        three_prime_gene=_gene(r("gene2")),
        oriented=False,
        five_prime_breakpoint=_bp(r("chrom1"), r("breakpoint1")),
        three_prime_breakpoint=_bp(r("chrom2"), r("breakpoint2")),
        supporting_reads=_int(r("numsupp")),
    )


# ----------------------------------------------------------------------------- FLAIR-fusion

_FLAIR_SIDE = r"^(?P<end>[35])'-(?P<gene>.+)-(?P<chrom>[^-\s]+)-(?P<pos>\d+)-(?P<frac>[0-9.eE+\-]+)$"


def _flair_side(text: str | None) -> tuple[str | None, Any]:
    m = re.match(_FLAIR_SIDE, _text(text) or "")
    if not m:
        return None, None
    return _gene(m["gene"]), _bp(m["chrom"], m["pos"])


def _flair(r: Row) -> dict[str, Any]:
    gene5, bp5 = _flair_side(r("5' breakpoint"))
    gene3, bp3 = _flair_side(r("3' breakpoint"))
    return dict(
        name_as_given=_text(r("name")),
        five_prime_gene=gene5,
        three_prime_gene=gene3,
        oriented=False,
        five_prime_breakpoint=bp5,
        three_prime_breakpoint=bp3,
        supporting_reads=_int(r("spanning reads")),
    )


# ----------------------------------------------------------------------------- pbfusion


def _info(text: str | None) -> dict[str, str]:
    out = {}
    for item in (_text(text) or "").split(";"):
        key, _, value = item.partition("=")
        if key:
            out[key.strip()] = value.strip()
    return out


_NOT_FUSIONS = {"READTHROUGH", "SENSEANTISENSE"}
"""pbfusion classes that are not gene fusions; `PotentialTransSplicing` is kept (pbfusion gives it to
NPM1::ALK of KI-JK, both breakpoints at exon edges), as are `Fusion` and `Unannotated`"""


def _pbfusion(r: Row) -> dict[str, Any] | None:
    info = _info(r("info"))
    kind = info.get("CL", "").split(":")[0].upper()
    if kind in _NOT_FUSIONS:
        return None  # a read-through or sense-antisense cluster of neighbouring genes is not a gene fusion
    genes = [g for g in info.get("GN", "").split(",") if g and g.upper() != "N/A"]
    end1, end2 = _int(r("end1")), _int(r("end2"))  # BED: 0-based start, the breakpoint base is the end
    return dict(
        name_as_given=info.get("GN") or None,
        five_prime_gene=_gene(genes[0]) if genes else None,
        three_prime_gene=_gene(genes[-1]) if len(genes) > 1 else None,
        five_prime_breakpoint=_bp(r("chr1"), end1, r("strand1")),
        three_prime_breakpoint=_bp(r("chr2"), end2, r("strand2")),
        supporting_reads=_int(info.get("RC")),
        caller_confidence=_text(r("score")),
    )


# ----------------------------------------------------------------------------- LongGF

_SUMGF = r"^SumGF\t(?P<pair>\S+)\s+(?P<n>\d+)\s+(?P<c1>[^\s:]+):(?P<p1>\d+)\s+(?P<c2>[^\s:]+):(?P<p2>\d+)\s*$"


def _is_longgf(head: list[str]) -> bool:
    return any(line.startswith("SumGF\t") or line.startswith("Open sam file (") for line in head) or bool(
        head and re.match(r"^\S+\.(?:bam|sam)\s+\S+\.gtf(?:\.gz)?\s", head[0])
    )


def _read_longgf(p: Path, lines: Iterable[str]) -> FusionReadResult:
    calls: list[FusionCall] = []
    warnings: list[ReportWarning] = []
    label = "LongGF log (SumGF lines)"
    for n, line in enumerate(lines, 1):
        if not line.startswith("SumGF"):
            continue
        m = re.match(_SUMGF, line)
        pair = m["pair"].split(":") if m else []
        if m is None or len(pair) != 2 or not all(pair):
            warnings.append(
                ReportWarning(
                    code="fusion_row_skipped",
                    message=f"{p}:{n}: not a LongGF SumGF line "
                    "(expected 'SumGF<TAB>GENE1:GENE2 READS chrA:pos chrB:pos'); line skipped",
                )
            )
            continue
        calls.append(
            FusionCall(
                file=str(p),
                line=n,
                format="longgf",
                caller=label,
                name_as_given=m["pair"],
                five_prime_gene=_gene(pair[0]),
                three_prime_gene=_gene(pair[1]),
                oriented=False,
                five_prime_breakpoint=_bp(m["c1"], m["p1"]),
                three_prime_breakpoint=_bp(m["c2"], m["p2"]),
                supporting_reads=int(m["n"]),
            )
        )
    if not calls and not warnings:
        warnings.append(
            ReportWarning(
                code="fusion_input_empty",
                message=f"{p}: a LongGF log without SumGF summary lines (the run may not have finished); "
                "no fusion read",
            )
        )
    return FusionReadResult(str(p), "longgf", label, calls, warnings, [], None, len(calls))


DIALECTS: tuple[Dialect, ...] = (
    Dialect(
        "pbfusion",
        "pbfusion breakpoints.groups.bed",
        ("chr1", "start1", "end1", "chr2", "start2", "end2", "strand1", "strand2", "info"),
        _pbfusion,
    ),
    Dialect(
        "fusionseeker",
        "FusionSeeker confident_genefusion.txt",
        ("gene1", "gene2", "numsupp", "chrom1", "breakpoint1", "chrom2", "breakpoint2"),
        _fusionseeker,
    ),
    Dialect(
        "flair-fusion", "FLAIR-fusion Fusions.tsv", ("name", "spanning reads", "3' breakpoint", "5' breakpoint"), _flair
    ),
)
LINE_FORMATS: tuple[LineFormat, ...] = (LineFormat("longgf", "LongGF log (SumGF lines)", _is_longgf, _read_longgf),)
