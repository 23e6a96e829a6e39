"""What changed between two knowledge bases, call by call, and the version bump the change needs
(knowledgebase/README.md: a changed or removed call is major, an addition minor, the rest patch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .base import KnowledgeBase

BUMPS = ("patch", "minor", "major")


@dataclass
class KbDiff:
    old: str
    new: str
    lines: list[str] = field(default_factory=list)
    needed: str = "patch"

    def note(self, bump: str, line: str) -> None:
        self.lines.append(line)
        if BUMPS.index(bump) > BUMPS.index(self.needed):
            self.needed = bump

    @property
    def given(self) -> str:
        """The bump the version numbers show."""
        a, b = (tuple(int(x) for x in v.split(".")[:3]) for v in (self.old, self.new))
        return "major" if b[0] > a[0] else "minor" if b[:2] > a[:2] else "patch" if b > a else "none"

    @property
    def enough(self) -> bool:
        return self.given != "none" and BUMPS.index(self.given) >= BUMPS.index(self.needed) if self.lines else True


def _calls(kb: KnowledgeBase) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(entry, drug) → (call, level, status) over single, compound and fusion-partner entries."""
    out: dict[tuple[str, str], tuple[Any, ...]] = {}
    entries = [(f"mutation {m.gene} {m.change}", m.calls) for m in kb.files.mutations]
    entries += [(f"compound {' + '.join(c.members)}", c.calls) for c in kb.files.compounds.entries]
    entries += [(f"compound group {g.id}", getattr(g, "calls", [])) for g in kb.files.compounds.groups]
    entries += [(f"partner {p.gene}", p.calls) for p in kb.files.fusions.partners]
    for name, calls in entries:
        for c in calls:
            out[(name, c.drug)] = (c.call, c.level, c.status)
    return out


def _options(kb: KnowledgeBase) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(rule, option) → (level, status) of the fixed options of recommendations.yaml."""
    return {(r.id, o.option): (o.level, o.status) for r in kb.files.recommendations.rules for o in r.options}


def _entries(kb: KnowledgeBase) -> set[str]:
    """Single-mutation entries, with or without a per-drug profile, and compounds."""
    out = {f"{m.gene} {m.change}" for m in kb.files.mutations}
    out |= {f"{m.gene} {m.change} (no per-drug profile)" for m in getattr(kb.files, "resistance_without_profile", [])}
    out |= {f"{c.gene} {' + '.join(c.members)} (compound)" for c in kb.files.compounds.entries}
    return out


def diff(old: KnowledgeBase, new: KnowledgeBase) -> KbDiff:
    """Every difference a reader of reports would see, each noted with the bump it needs."""
    d = KbDiff(old.version, new.version)
    _diff_drugs(d, old, new)
    _diff_calls(d, old, new)
    _diff_entries(d, old, new)
    _diff_mechanisms(d, old, new)
    _diff_options(d, old, new)
    _diff_references(d, old, new)
    if old.sha256 != new.sha256 and not d.lines:
        d.note("patch", "~ wording, notes or conventions changed (no call, entry, drug or reference added or removed)")
    return d


def _diff_drugs(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    old_drugs, new_drugs = {x.id for x in old.files.drugs}, {x.id for x in new.files.drugs}
    for drug in sorted(old_drugs - new_drugs):
        d.note("major", f"- drug {drug} removed")
    for drug in sorted(new_drugs - old_drugs):
        d.note("minor", f"+ drug {drug} added")


def _diff_calls(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    a, b = _calls(old), _calls(new)
    for key in sorted(a.keys() - b.keys()):
        d.note("major", f"- {key[0]}: {key[1]} {a[key][0]} ({a[key][1]}) removed")
    for key in sorted(b.keys() - a.keys()):
        d.note("minor", f"+ {key[0]}: {key[1]} {b[key][0]} ({b[key][1]}) added")
    for key in sorted(a.keys() & b.keys()):
        if a[key] != b[key]:
            d.note("major", f"~ {key[0]}: {key[1]} {'/'.join(map(str, a[key]))} → {'/'.join(map(str, b[key]))}")


def _diff_entries(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    a_ids, b_ids = _entries(old), _entries(new)
    for e in sorted(a_ids - b_ids):
        d.note("major", f"- mutation entry {e} removed")
    for e in sorted(b_ids - a_ids):
        d.note("minor", f"+ mutation entry {e} added")


def _diff_mechanisms(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    old_mech = {m.id: m for m in old.files.bypass.mechanisms}
    new_mech = {m.id: m for m in new.files.bypass.mechanisms}
    for mid in sorted(old_mech.keys() - new_mech.keys()):
        d.note("major", f"- mechanism {mid} removed")
    for mid in sorted(new_mech.keys() - old_mech.keys()):
        d.note("minor", f"+ mechanism {mid} added")
    for mid in sorted(old_mech.keys() & new_mech.keys()):
        x, y = old_mech[mid], new_mech[mid]
        if x.limits_alk_tkis != y.limits_alk_tkis:
            d.note("major", f"~ mechanism {mid}: limits_alk_tkis {x.limits_alk_tkis} → {y.limits_alk_tkis}")
        for what in ("status", "category", "changes"):
            if getattr(x, what) != getattr(y, what):
                d.note("major", f"~ mechanism {mid}: {what} {getattr(x, what)} → {getattr(y, what)}")
        sx = {(s.option, s.level, s.status) for s in x.strategies}
        sy = {(s.option, s.level, s.status) for s in y.strategies}
        for s in sorted(sx - sy):
            d.note("major", f"- mechanism {mid}: strategy {s[0]!r} ({s[1]}) removed or changed")
        for s in sorted(sy - sx):
            d.note("minor", f"+ mechanism {mid}: strategy {s[0]!r} ({s[1]}) added")


def _diff_options(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    a_opts, b_opts = _options(old), _options(new)
    for key in sorted(a_opts.keys() - b_opts.keys()):
        d.note("major", f"- rule {key[0]}: option {key[1]!r} ({a_opts[key][0]}) removed")
    for key in sorted(b_opts.keys() - a_opts.keys()):
        d.note("minor", f"+ rule {key[0]}: option {key[1]!r} ({b_opts[key][0]}) added")
    for key in sorted(a_opts.keys() & b_opts.keys()):
        if a_opts[key] != b_opts[key]:
            d.note(
                "major",
                f"~ rule {key[0]}: option {key[1]!r} {'/'.join(map(str, a_opts[key]))} → "
                f"{'/'.join(map(str, b_opts[key]))}",
            )


def _diff_references(d: KbDiff, old: KnowledgeBase, new: KnowledgeBase) -> None:
    old_refs, new_refs = set(old.files.references), set(new.files.references)
    for ref in sorted(new_refs - old_refs):
        d.note("minor", f"+ reference {ref} added")
    for ref in sorted(old_refs - new_refs):
        d.note("major", f"- reference {ref} removed")
