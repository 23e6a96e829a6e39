"""What a report carries of its knowledge base so that it renders on its own: the sources it cites
(as a reader knows them: first author, journal and year, identifiers), the definitions of the
evidence levels it uses and the names of the kinase-domain regions its alterations lie in.

Filled once, when the pipeline makes the report (`with_sources`); every writer then reads them from
the report alone, so a saved JSON renders again to the same bytes (`alkannot render`).
Standard library only: the JSON-only path stays light."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import LevelDefinition, Reference, RegionDefinition, Report

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase
    from ..knowledge.models import Reference as KBReference

_AUTHOR = re.compile(r"^([A-Z][A-Za-z'\-]+(?: [A-Z][a-z][A-Za-z'\-]+)?)(?: [A-Z]{1,3})?(,| et al\b| and\b|\.)")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_EDITORIAL = (  # what the knowledge base's curators note about their reading, not part of the citation
    re.compile(r"\s*\([^()]*(?:retrieved|dossier|DOSSIER|as read|seed)[^()]*\)"),
    re.compile(r",?\s*as (?:cited|summarised|summarized) in (?:the )?(?:DOSSIER\.md|dossier)[^.;]*"),
    re.compile(r"\s*[^.]*\bnot retrieved\b[^.]*\."),
)
SEED_NAME = re.compile(
    r"\bseed[ -]?(\d{3})\b(?:'s)?", re.IGNORECASE
)  # 'seed 001', 'SEED001': a reference key said in words
KEY_NAME = re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b")  # a word that may be a reference key ('LIN17')
# Sections of a report whose texts the interpreter and the knowledge base wrote (and the writers reword
# with `view.plain`); the observations inside an alteration are what an input file said and are skipped.
_WORDED_SECTIONS = (
    "summary",
    "alk_driver",
    "resistance_setting",
    "alterations",
    "therapies",
    "recommendations",
    "clinical_findings",
)
_OBSERVATIONS = frozenset({"variant", "fusion", "copy_number"})


def citation_text(citation: str) -> str:
    """A reference's citation line without the curators' notes on what they could read."""
    text = " ".join(citation.split())
    for pattern in _EDITORIAL:
        text = pattern.sub("", text)
    return text.strip()


def _sentences(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"\.\s+", text.rstrip(".")) if x.strip()]


def _after_authors(sentences: list[str], surname: str) -> list[str]:
    """The sentences after the author list (the title, the journal): the first sentence is the list
    unless it is 'Surname et al' alone; else every sentence that does not start with the surname."""
    if len(sentences) > 1 and not sentences[0].startswith(surname + " et al"):
        return sentences[1:]
    return [x for x in sentences if not x.startswith(surname)]


def _journal(sentences: list[str]) -> str | None:
    """The journal and year, which close a citation; else a short last sentence."""
    for sentence in reversed(sentences):
        y = _YEAR.search(sentence)
        if y:
            return sentence[: y.end()].strip(" ,;(")
    return sentences[-1] if sentences and len(sentences[-1]) <= 40 else None


def short_source(citation: str, fallback: str) -> str:
    """'Lin JJ, Riely GJ, Shaw AT. Targeting ALK … Cancer Discov 2017;7(2):137-55.' → 'Lin et al., Cancer Discov 2017';
    a citation without authors → its journal and year; nothing to go on → `fallback` (an identifier)."""
    text = citation_text(citation)
    sentences = _sentences(text)
    author = None
    m = _AUTHOR.match(text)
    if m:
        author = m.group(1) + (" et al." if m.group(2) in (",", " et al") else "")
        sentences = _after_authors(sentences, m.group(1))
    journal = _journal(sentences)
    if author and journal:
        return f"{author}, {journal}"
    return author or journal or fallback


def identifiers(ref: Reference | KBReference) -> list[str]:
    """'PMID:…', 'DOI:…', 'PMCID:…' of a reference (the knowledge base's or the report's), in that order."""
    ids = []
    for kind, attr in (("PMID", "pmid"), ("DOI", "doi"), ("PMCID", "pmcid")):
        value = getattr(ref, attr, None)
        if value:
            ids.append(f"{kind}:{value}")
    return ids


def reference(key: str, ref: KBReference) -> Reference:
    """The report's record of a knowledge-base reference."""
    ids = identifiers(ref)
    return Reference(
        key=key,
        label=short_source(ref.citation, ids[0].replace(":", " ", 1) if ids else key),
        citation=citation_text(ref.citation),
        pmid=ref.pmid,
        doi=ref.doi,
        pmcid=ref.pmcid,
        url=ref.url,
    )


def _strings(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from _strings(v, skip)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, skip)


def _citations(value: Any) -> Iterator[str]:
    """Every identifier in a `citations` list anywhere in the report."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "citations" and isinstance(v, list):
                yield from (c for c in v if isinstance(c, str))
            else:
                yield from _citations(v)
    elif isinstance(value, list):
        for v in value:
            yield from _citations(v)


def names_used(report: Report) -> set[str]:
    """What the report names a source by, upper-cased: its citation identifiers ('PMID:123', 'LIN17') and
    the reference keys its worded texts say ('LIN17', 'seed 001' → 'SEED001')."""
    data = report.model_dump(mode="json", include=set(_WORDED_SECTIONS))
    used = {c.upper() for c in _citations(data)}
    for text in _strings(data, _OBSERVATIONS):
        used.update(m.group(0) for m in KEY_NAME.finditer(text))
        used.update(f"SEED{m.group(1)}" for m in SEED_NAME.finditer(text))
    return used


def levels_used(report: Report) -> set[str | None]:
    return (
        {t.level for t in report.therapies}
        | {r.level for r in report.recommendations}
        | {e.level for a in report.alterations for e in a.evidence}
    )


def with_sources(report: Report, kb: KnowledgeBase) -> Report:
    """The report with the references it cites, the level definitions it uses and the region names of
    its alterations, copied from the knowledge base (references sorted by key, the rest in its order)."""
    used = names_used(report)
    references = [
        reference(key, ref)
        for key, ref in sorted(kb.references.items())
        if key.upper() in used or any(i.upper() in used for i in identifiers(ref))
    ]
    levels = levels_used(report)
    definitions = [
        LevelDefinition(level=lv.level, definition=" ".join(lv.definition.split()))
        for lv in kb.definitions.evidence_levels
        if lv.level in levels
    ]
    regions = {a.region for a in report.alterations}
    named = [RegionDefinition(id=r.id, label=r.label) for r in kb.definitions.regions if r.id in regions]
    return report.model_copy(
        update={"references": references, "level_definitions": definitions, "region_definitions": named}
    )
