"""How much of the knowledge base rests on sources a curator read: the share of drug calls backed by
a statement from a read source, file by file, and the mutations × drugs grid of `kb show --coverage`
(each cell: call, level, status). The figures are the ones knowledgebase/README.md reports."""

from __future__ import annotations

from dataclasses import dataclass

from .base import KnowledgeBase
from .curation import call_contexts
from .models import DrugCall

ABBREVIATION = {"sensitive": "S", "intermediate": "I", "resistant": "R"}


@dataclass(frozen=True)
class FileCoverage:
    file: str
    calls: int
    backed: int
    established: int

    @property
    def percent(self) -> float:
        return 100.0 * self.backed / self.calls if self.calls else 100.0


def backed(kb: KnowledgeBase, call: DrugCall) -> bool:
    """A call one of whose evidence items comes from a source marked read."""
    refs = kb.files.references
    return any(e.source in refs and refs[e.source].is_read for e in call.evidence)


def coverage(kb: KnowledgeBase) -> list[FileCoverage]:
    """Per file (in KB order), then the total: drug calls, those backed by a read statement, those established."""
    per: dict[str, list[DrugCall]] = {}
    for file, _name, calls in call_contexts(kb.files):
        per.setdefault(file, []).extend(calls)
    rows = [
        FileCoverage(f, len(c), sum(backed(kb, x) for x in c), sum(x.status == "established" for x in c))
        for f, c in per.items()
    ]
    rows.append(
        FileCoverage("all", sum(r.calls for r in rows), sum(r.backed for r in rows), sum(r.established for r in rows))
    )
    return rows


def grid(kb: KnowledgeBase) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(drugs, rows): one row per single mutation, compound and compound group (then the mutations
    without a per-drug profile), one cell per drug: 'S 4', 'R R2 ?' (? = unconfirmed), '-' for no call."""
    entries: list[tuple[str, list[DrugCall]]] = [(m.change, list(m.calls)) for m in kb.files.mutations]
    entries += [(" + ".join(c.members), list(c.calls)) for c in kb.files.compounds.entries]
    entries += [(f"{g.id} (group)", list(g.calls)) for g in kb.files.compounds.groups]
    used = {c.drug for _, calls in entries for c in calls}
    drugs = [d.id for d in kb.files.drugs if d.id in used]
    rows = []
    for name, calls in entries:
        by = {c.drug: c for c in calls}
        rows.append((name, [_cell(by[d]) if d in by else "-" for d in drugs]))
    rows += [
        (f"{m.change} (no per-drug profile: every drug unknown)", [""] * len(drugs))
        for m in kb.files.resistance_without_profile
    ]
    return drugs, rows


def _cell(call: DrugCall) -> str:
    return f"{ABBREVIATION[call.call]} {call.level}" + (" ?" if call.status == "unconfirmed" else "")


def render(kb: KnowledgeBase) -> str:
    """The text `alkannot kb show --coverage` prints."""
    drugs, rows = grid(kb)
    first = max(len("alteration"), *(len(n) for n, _ in rows))
    widths = [max(len(d), *(len(r[1][i]) for r in rows)) for i, d in enumerate(drugs)]
    title = (
        f"alkannot-kb {kb.version}: calls per alteration and drug "
        "(S/I/R = sensitive/intermediate/resistant, then the level; ? = unconfirmed; - = no call)"
    )
    lines = [title, ""]
    lines.append(
        "  ".join([f"{'alteration':<{first}}", *(f"{d:<{w}}" for d, w in zip(drugs, widths, strict=False))]).rstrip()
    )
    for name, cells in rows:
        lines.append(
            "  ".join([f"{name:<{first}}", *(f"{c:<{w}}" for c, w in zip(cells, widths, strict=False))]).rstrip()
        )
    lines += ["", "Drug calls backed by a statement from a source that was read:"]
    for row in coverage(kb):
        lines.append(
            f"  {row.file:<16} {row.backed:>4} of {row.calls:<4} ({row.percent:.0f}%); established {row.established}"
        )
    return "\n".join(lines)
