"""The three lines at the top of the page, formatted from what the report already holds (alteration
names, per-drug calls, ranked options): it composes no clinical statement of its own."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Report


@dataclass
class Headline:
    """The three lines at the top of the page: what was found, what it means for the ALK TKIs, the first options."""

    found: str
    meaning: str
    options: str


HEADLINE_CATEGORIES = (
    "alk_fusion",
    "alk_kinase_domain_mutation",
    "alk_compound_mutation",
    "bypass",
    "histologic_transformation",
    "alk_fusion_loss",
)
HEADLINE_CALLS = (
    ("sensitive", "sensitive"),
    ("intermediate", "intermediate"),
    ("resistant", "resistant"),
    ("unknown", "no evidence"),
)
MAX_HEADLINE_ITEMS = 4


def _listed(items: list[str], limit: int = MAX_HEADLINE_ITEMS) -> str:
    shown = items[:limit]
    return ", ".join(shown) + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _found(report: Report) -> str:
    """The findings of the headline's categories (a compound's members and a reciprocal fusion are
    said by the compound and the driver), else every finding but a VUS."""
    members = {m for a in report.alterations for m in (a.members or [])}
    found = [
        a.name
        for a in report.alterations
        if a.category in HEADLINE_CATEGORIES
        and a.id not in members
        and not (a.fusion and a.fusion.role in ("reciprocal",))
    ]
    if not found:
        found = [a.name for a in report.alterations if a.category != "vus"]
    return _listed(found) if found else "No alteration was reported from the inputs read."


def _meaning(report: Report) -> str:
    """The ALK TKIs by call."""
    tkis = [t for t in report.therapies if t.drug_kind in (None, "alk_tki")]
    parts = []
    for call, label in HEADLINE_CALLS:
        drugs = [t.drug for t in tkis if t.call == call]
        if drugs:
            parts.append(f"{label}: {', '.join(drugs)}")
    return "; ".join(parts) if parts else "No per-drug call was made."


def _options(report: Report) -> str:
    """The first two ranked options."""
    ranked = sorted(report.recommendations, key=lambda r: r.rank)[:2]
    if not ranked:
        return "No option was ranked for this report."
    return "; ".join(f"{r.rank}. {r.option}" + (f" (level {r.level})" if r.level else "") for r in ranked)


def headline(report: Report) -> Headline:
    """Formatting of what the report already holds (alteration names, per-drug calls, ranked options):
    it composes no clinical statement of its own."""
    return Headline(_found(report), _meaning(report), _options(report))
