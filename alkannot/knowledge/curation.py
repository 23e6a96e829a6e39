"""The curation rules of knowledge base 2.0, which `kb validate` applies beside the cross-file checks
of `validate.py`: every call carries evidence items (a statement and an evidence type per source), a
source marked read has its statement, a level is one its evidence types can support (definitions.yaml
`evidence_types`), a call no read source backs is unconfirmed, and a compound's members are entries.
An older release (before 2.0) is read without them (`validate_knowledgebase(curation=False)`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .base import KBFiles
from .models import DrugCall, EvidenceItem


class _Curated(NamedTuple):
    """One call, strategy, rule option or fact the curation rules apply to."""

    where: str
    level: str | None
    status: str
    citations: list[str]
    evidence: list[EvidenceItem]
    need_items: bool


def check_curation(files: KBFiles, problems: list[str]) -> None:
    _check_evidence(files, problems)
    _check_compound_members(files, problems)


def call_contexts(files: KBFiles) -> list[tuple[str, str, list[DrugCall]]]:
    """(file, entry name, calls) for every place the knowledge base makes per-drug calls."""
    out: list[tuple[str, str, list[DrugCall]]] = [("mutations.yaml", m.id, list(m.calls)) for m in files.mutations]
    out += [("compounds.yaml", c.id, list(c.calls)) for c in files.compounds.entries]
    out += [("compounds.yaml", f"group {g.id}", list(g.calls)) for g in files.compounds.groups]
    out += [("fusions.yaml", f"partner {p.gene}", list(p.calls)) for p in files.fusions.partners]
    return out


def _level_types(files: KBFiles) -> dict[str, set[str]]:
    return {lv.level: set(lv.evidence_types) for lv in files.definitions.evidence_levels}


def _evidence_problems(item: _Curated, files: KBFiles) -> list[str]:
    """The 2.0 curation rules for one call, strategy or rule: every read source has its statement, the
    level is one the evidence types can support, and a call no read source backs is unconfirmed."""
    where, level, status, citations, evidence, need_items = item
    out = _statement_problems(where, citations, evidence, files, need_items)
    out += _level_problems(where, level, status, evidence, files)
    refs = files.references
    read = [k for k in citations if k in refs and refs[k].is_read]
    if citations and not read and status == "established":
        out.append(f"{where}: established, but none of its sources was read (mark it unconfirmed)")
    return out


def _statement_problems(
    where: str, citations: list[str], evidence: list[EvidenceItem], files: KBFiles, need_items: bool
) -> list[str]:
    """Each evidence item comes from a cited source, and each cited source marked read has an item."""
    refs = files.references
    out = []
    sources = [e.source for e in evidence]
    for source in sources:
        if source not in citations:
            out.append(f"{where}: evidence item from {source!r}, which is not among its citations")
    for key in citations:
        ref = refs.get(key)
        if ref is not None and ref.is_read and key not in sources:
            out.append(
                f"{where}: no statement from {key}, whose text is marked read ({ref.read}); add an evidence item"
            )
    if need_items and not evidence:
        out.append(f"{where}: no evidence item (a statement and an evidence type for at least one source)")
    return out


def _level_problems(
    where: str, level: str | None, status: str, evidence: list[EvidenceItem], files: KBFiles
) -> list[str]:
    """The level is one the evidence types can support (definitions.yaml `evidence_types`), and an
    established one rests on a read source of such a type."""
    refs = files.references
    allowed = _level_types(files).get(level or "", set())
    types = {e.evidence_type for e in evidence}
    if not (level and allowed and types):
        return []
    if not types & allowed:
        definition = next(
            (" ".join(lv.definition.split()) for lv in files.definitions.evidence_levels if lv.level == level), ""
        )
        return [
            (
                f"{where}: level {level} ({definition}) needs {' or '.join(sorted(allowed))} evidence, "
                f"but its evidence is {', '.join(sorted(types))}"
            )
        ]
    read_types = {e.evidence_type for e in evidence if e.source in refs and refs[e.source].is_read}
    if not read_types & allowed and status == "established":
        return [
            f"{where}: established at level {level}, but only sources that were not read support that level "
            "(mark it unconfirmed)"
        ]
    return []


def _entry_items(files: KBFiles) -> Iterator[_Curated]:
    """The per-drug calls, then the mutation and compound entries that cite sources."""
    for file, name, calls in call_contexts(files):
        for call in calls:
            yield _Curated(f"{file}: {name}: {call.drug}", call.level, call.status, call.citations, call.evidence, True)
    for entry in (*files.mutations, *files.resistance_without_profile):
        if entry.citations:
            where = f"mutations.yaml: {entry.id}"
            yield _Curated(where, None, entry.status, entry.citations, entry.evidence, not entry.calls)
    for compound in files.compounds.entries:
        if compound.citations:
            where = f"compounds.yaml: {compound.id}"
            yield _Curated(where, None, "unconfirmed", compound.citations, compound.evidence, not compound.calls)


def _fact_items(files: KBFiles) -> Iterator[_Curated]:
    """Mechanisms and their strategies, recommendation options, fusion variants and partners, drug trials."""
    for mech in files.bypass.mechanisms:
        yield _Curated(f"bypass.yaml: {mech.id}", None, mech.status, mech.citations, mech.evidence, False)
        for st in mech.strategies:
            where = f"bypass.yaml: {mech.id}: {st.option!r}"
            yield _Curated(where, st.level, st.status, st.citations, st.evidence, False)
    for rule in files.recommendations.rules:
        for opt in rule.options:
            where = f"recommendations.yaml: {rule.id}: {opt.option!r}"
            yield _Curated(where, opt.level, opt.status, rule.citations, rule.evidence, False)
    for v in files.fusions.eml4_alk_variants:
        yield _Curated(f"fusions.yaml: {v.id}", None, v.status, v.citations, v.evidence, False)
    for partner in files.fusions.partners:
        where = f"fusions.yaml: partner {partner.gene}"
        yield _Curated(where, None, partner.status, partner.citations, partner.evidence, False)
    for drug in files.drugs:
        for trial in drug.trials:
            where = f"drugs.yaml: {drug.id}: trial {trial.name}"
            yield _Curated(where, None, trial.status, trial.citations, trial.evidence, True)


def _check_evidence(files: KBFiles, problems: list[str]) -> None:
    for level in files.definitions.evidence_levels:
        if not level.evidence_types:
            problems.append(f"definitions.yaml: evidence level {level.level} names no evidence_types")
    for item in (*_entry_items(files), *_fact_items(files)):
        problems.extend(_evidence_problems(item, files))


def _check_compound_members(files: KBFiles, problems: list[str]) -> None:
    """A compound's members are entries themselves (with a profile or in resistance_without_profile):
    a curator who adds a compound says what is known of each member alone."""
    known = {(m.gene, m.change) for m in (*files.mutations, *files.resistance_without_profile)}
    for entry in files.compounds.entries:
        for member in entry.members:
            if (entry.gene, member) not in known:
                problems.append(
                    f"compounds.yaml: {entry.id}: member {member} is not an entry of mutations.yaml "
                    "(add it to mutations or to resistance_without_profile)"
                )
