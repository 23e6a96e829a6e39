"""Free-text fusion notations as panels and reports print them (`EML4-ALK`, `EML4::ALK`, `EML4--ALK`,
`EML4(13)-ALK(20)`, `EML4 exon13::ALK exon20`, `E13:A20`, `E6a/b;A20`, `EML4-ALK v1` …) → `Notation`,
and `notation` files of one fusion per line → `FusionCall`s."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from ...errors import InputError, key_excerpt
from ...model import FusionCall
from .result import FusionReadResult

NOTATION_EXAMPLES = "EML4::ALK, EML4-ALK, EML4(13)-ALK(20), EML4 exon13::ALK exon20, E13:A20"


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
    t, e5, e3, variant = _without_tail(t)
    sides = _sides(t)
    if sides is None:
        return None
    left, right, sep = sides
    x5 = left["x1"] or left["x2"] or e5
    return Notation(left["g"], right["g"], x5.lower() if x5 else None, right["x1"] or right["x2"] or e3, variant, sep)


def _without_tail(t: str) -> tuple[str, str | None, str | None, str | None]:
    """The text without a trailing junction ('E13;A20') or variant label ('v3a'), and what it gave:
    (text, 5′ exon, 3′ exon, variant)."""
    tail = _TAIL.search(t)
    if not tail:
        return t, None, None, None
    head = t[: tail.start()].strip()
    if tail["v"]:
        return head, None, None, f"v{tail['v'].lower()}"
    return head, tail["e5"].lower(), tail["e3"], None


def _sides(t: str) -> tuple[re.Match[str], re.Match[str], str] | None:
    """The two gene sides of a notation and the separator between them, trying the stating ones first."""
    for sep in ("::", "--", "/", ":", "-"):
        if sep not in t:
            continue
        parts = _split_pair(t, sep)
        if parts is None:
            continue
        left, right = (_SIDE.match(p.strip()) for p in parts)
        if left and right:
            return left, right, sep
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


def from_notation(n: Notation, text: str) -> dict[str, Any]:
    """The `FusionCall` fields a notation gives, the text kept as the name given."""
    return dict(
        name_as_given=text,
        five_prime_gene=n.first,
        three_prime_gene=n.second,
        oriented=n.oriented,
        five_prime_exon_given=n.first_exon,
        three_prime_exon_given=n.second_exon,
        variant_given=n.variant,
    )


def looks_like_notations(lines: Iterable[str]) -> bool:
    """Whether the first (up to 50) non-comment lines are all fusion notations: a headerless list."""
    body = list(islice((line for line in lines if line.strip() and not line.lstrip().startswith("#")), 50))
    return bool(body) and all(parse_notation(line) is not None for line in body)


def read_notations(p: Path, lines: Iterable[str]) -> FusionReadResult:
    """A `notation` file: every non-comment line a fusion notation, or an InputError naming the line."""
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
            FusionCall(file=str(p), line=n, format="notation", caller="notation", **from_notation(notation, text))
        )
    return FusionReadResult(str(p), "notation", "fusion notations", calls, [], [], None, len(calls))
