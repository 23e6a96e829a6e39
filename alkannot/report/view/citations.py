"""The page's numbered reference list: each citation of the report numbered once, in the order the
page shows it, with the PubMed, DOI and PMC links of its identifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from ...model import Reference
from ..sources import identifiers as reference_ids


def citation_url(identifier: str) -> str | None:
    """'PMID:123' → PubMed, 'DOI:10.x/y' → doi.org, 'PMCID:PMC1' → PMC; anything else → None."""
    kind, _, value = identifier.partition(":")
    value = value.strip()
    kind = kind.strip().upper()
    if not value:
        return None
    if kind == "PMID" and value.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"
    if kind == "DOI" and value.startswith("10."):
        return "https://doi.org/" + quote(value, safe="/:;()._-")
    if kind == "PMCID" and re.fullmatch(r"(PMC)?\d+", value):
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{value if value.startswith('PMC') else 'PMC' + value}/"
    return None


@dataclass
class Source:
    """One numbered entry of the reference list: a reference the report carries, or a lone identifier."""

    number: int
    text: str
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (label, url or None)

    @property
    def url(self) -> str | None:
        return next((u for _, u in self.links if u), None)


def _reference_source(number: int, ref: Reference) -> Source:
    """The entry of a reference the report carries: its citation line and every identifier's link
    (its own link when none of its identifiers has one)."""
    links = [(i.replace(":", " ", 1), citation_url(i)) for i in reference_ids(ref)]
    if ref.url and not any(u for _, u in links):
        links.append(("link", ref.url))
    return Source(number, ref.citation, links)


class Citations:
    """Numbers the report's citations in document order, merging the identifiers of one reference (its
    PMID and DOI) into one entry when the report carries that reference."""

    def __init__(self, references: list[Reference] | None = None) -> None:
        self._by_id: dict[str, tuple[str, Reference]] = {}
        for ref in sorted(references or [], key=lambda r: r.key):
            for ident in reference_ids(ref):
                self._by_id.setdefault(ident.upper(), (ref.key, ref))
            self._by_id.setdefault(ref.key.upper(), (ref.key, ref))
        self._number: dict[str, int] = {}
        self.sources: list[Source] = []

    def _entry(self, ident: str) -> Source:
        """The entry an identifier belongs to, numbered the first time it is cited."""
        hit = self._by_id.get(ident.upper())
        group = f"ref:{hit[0]}" if hit else f"id:{ident}"
        if group not in self._number:
            self._number[group] = len(self.sources) + 1
            number = self._number[group]
            # a lone identifier (the report carries no reference for it) is its own entry, without text
            source = (
                _reference_source(number, hit[1])
                if hit
                else Source(number, "", [(ident.replace(":", " ", 1), citation_url(ident))])
            )
            self.sources.append(source)
        return self.sources[self._number[group] - 1]

    def add(self, identifiers: list[str]) -> list[Source]:
        """Register identifiers; return their entries, each once, in the order given."""
        out: list[Source] = []
        for ident in identifiers:
            source = self._entry(ident)
            if source not in out:
                out.append(source)
        return sorted(out, key=lambda s: s.number)
