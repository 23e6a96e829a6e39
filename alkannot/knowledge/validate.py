"""The cross-file checks of `kb validate`, over a knowledge base whose files each validated: every
citation resolves and is well formed, ids and names are unique, a mutation's residue is the one the
protein has and lies in the kinase domain, calls name known drugs at a level that fits the call,
conventions the interpreter applies are defined, established facts rest on a PMID or DOI, no two calls
contradict each other, and the fusion and bypass sections agree with the gene models they name. The
curation rules of KB 2.0 (statements and evidence types) are in `curation.py`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .base import KBFiles, norm_name
from .fusion_models import JUNCTION
from .models import (
    LEVELS,
    PROTEIN_CHANGE,
    RESISTANCE_LEVELS,
    SENSITIVITY_LEVELS,
    DrugCall,
    MutationEntry,
    Reference,
)

# the conventions the interpreter applies (conventions.yaml must define each; those with a number need one)
CONVENTIONS_USED = {
    "assumed_alk_positive": False,
    "subclonal_vaf_ratio": True,
    "plasma_tumour_fraction_min": True,
    "plasma_vaf_caveat": True,
    "progression_rule": False,
    "uncurated_compound": False,
    "compound_arose_on_drug": False,
    "ranking": False,
    "bypass_limit": False,
}
PMID = re.compile(r"^\d{1,9}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMCID = re.compile(r"^PMC\d{1,9}$")
URL = re.compile(r"^https?://[^\s/$.?#]\S*$")

CheckCitations = Callable[[str, list[str]], None]
"""check_citations(where, keys): every key is in references.yaml, and none is listed twice"""


def cross_check(
    files: KBFiles, transcripts: dict[str, dict[str, Any]], problems: list[str], curation: bool = True
) -> None:
    """Every cross-file check but those of fusions.yaml and the bypass gene models (see `check_fusions`
    and `check_bypass_models`); curation=False leaves out the curation rules of KB 2.0 (kb diff)."""
    _check_references(files, problems)
    check_citations = _citation_checker(files, problems)
    _check_drugs(files, problems, check_citations)
    drug_ids = {d.id for d in files.drugs}
    region_ids = _check_definitions(files, problems, check_citations, curation)
    proteins = {gene: t.get("protein", "") for gene, t in transcripts.items()}
    _check_mutations(files, proteins, drug_ids, region_ids, problems=problems, check_citations=check_citations)
    _check_compounds(files, proteins, drug_ids, problems, check_citations)
    if curation or files.conventions:  # an old release (kb diff) has no conventions.yaml
        _check_conventions(files, problems, check_citations)
    _check_bypass(files, problems, check_citations)
    _check_recommendations(files, drug_ids, problems, check_citations)
    _check_citability(files, problems)
    _check_contradictions(files, problems)
    if curation:  # the curation rules of KB 2.0: statements, evidence types, compound members
        from .curation import check_curation

        check_curation(files, problems)


def _check_references(files: KBFiles, problems: list[str]) -> None:
    refs = files.references
    for key, ref in refs.items():
        if not (ref.pmid or ref.doi or ref.pmcid or ref.url):
            problems.append(
                f"references.yaml: {key}: a reference needs a PMID, a DOI, a PMCID or (for a source with none) a URL"
            )
        if ref.pmid and not PMID.fullmatch(ref.pmid):
            problems.append(f"references.yaml: {key}: malformed PMID {ref.pmid!r}")
        if ref.doi and (not DOI.fullmatch(ref.doi) or ref.doi[-1] in ".,;"):
            problems.append(f"references.yaml: {key}: malformed DOI {ref.doi!r}")
        problems.extend(f"references.yaml: {key}: {problem}" for problem in _citation_problems(key, ref))


def _citation_checker(files: KBFiles, problems: list[str]) -> CheckCitations:
    refs = files.references

    def check_citations(where: str, keys: list[str]) -> None:
        for key in keys:
            if key not in refs:
                problems.append(f"{where}: unknown citation {key!r} (not in references.yaml)")
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"{where}: citation {key!r} is listed twice")

    return check_citations


def _check_drugs(files: KBFiles, problems: list[str], check_citations: CheckCitations) -> None:
    names: dict[str, str] = {}
    for drug in files.drugs:
        if drug.id != drug.id.lower():
            problems.append(f"drugs.yaml: {drug.id}: drug ids are lower-case INNs")
        check_citations(f"drugs.yaml: {drug.id}", drug.citations)
        for name in (drug.id, drug.name, *drug.aliases):
            other = names.setdefault(norm_name(name), drug.id)
            if other != drug.id:
                problems.append(f"drugs.yaml: name {name!r} is used by both {other} and {drug.id}")


def _check_definitions(
    files: KBFiles, problems: list[str], check_citations: CheckCitations, curation: bool
) -> set[str]:
    """definitions.yaml: citations, unique regions, a definition for every level; returns the region ids."""
    defs = files.definitions
    check_citations("definitions.yaml: kinase_domain", defs.kinase_domain.citations)
    check_citations("definitions.yaml: evidence_scale_citations", defs.evidence_scale_citations)
    region_ids: set[str] = set()
    for region in defs.regions:
        check_citations(f"definitions.yaml: region {region.id}", region.citations)
        if region.id in region_ids:
            problems.append(f"definitions.yaml: duplicate region {region.id}")
        region_ids.add(region.id)
    known_levels = {lv.level for lv in defs.evidence_levels}
    for level in LEVELS:
        if level not in known_levels and (curation or level in {"1", "2", "3A", "3B", "4", "R1", "R2"}):
            problems.append(f"definitions.yaml: evidence level {level} has no definition")
    return region_ids


def _check_mutations(
    files: KBFiles,
    proteins: dict[str, str],
    drug_ids: set[str],
    region_ids: set[str],
    *,
    problems: list[str],
    check_citations: CheckCitations,
) -> None:
    """mutations.yaml, both lists: unique ids and changes, known drugs and regions, the residue the
    protein has, inside the kinase domain, and calls that name known drugs at fitting levels."""
    seen_ids: set[str] = set()
    seen_changes: set[tuple[str, str]] = set()
    profiled = [(e, False) for e in files.mutations] + [(e, True) for e in files.resistance_without_profile]
    for entry, without_profile in profiled:
        where = f"mutations.yaml: {entry.id}"
        for agent in entry.investigational_agents:
            if agent not in drug_ids:
                problems.append(f"{where}: unknown drug {agent!r}")
        if without_profile and entry.calls:
            problems.append(
                f"{where}: an entry of resistance_without_profile has no per-drug calls (move it to mutations)"
            )
        if entry.id in seen_ids:
            problems.append(f"{where}: duplicate entry id")
        seen_ids.add(entry.id)
        if (entry.gene, entry.change) in seen_changes:
            problems.append(f"{where}: duplicate entry for {entry.gene} {entry.change}")
        seen_changes.add((entry.gene, entry.change))
        if not entry.citations and not entry.calls:
            problems.append(f"{where}: an entry needs at least one citation (entry-level or on a call)")
        check_citations(where, entry.citations)
        if entry.region and entry.region not in region_ids:
            problems.append(f"{where}: unknown region {entry.region!r}")
        problems.extend(_residue_problems(where, entry, proteins.get(entry.gene, ""), files))
        _check_calls(where, entry.calls, drug_ids, problems, check_citations)


def _residue_problems(where: str, entry: MutationEntry, protein: str, files: KBFiles) -> list[str]:
    """The residue a change names is the one the gene's protein has there, inside the kinase domain."""
    match = PROTEIN_CHANGE.match(entry.change)
    if not (match and protein):
        return []
    out = []
    kd = files.definitions.kinase_domain
    pos = int(match["pos"])
    if not 1 <= pos <= len(protein) or protein[pos - 1] != match["ref"]:
        found = protein[pos - 1] if 1 <= pos <= len(protein) else "nothing"
        out.append(
            f"{where}: {entry.change} names residue {match['ref']}{pos} but the {entry.gene} protein has {found} there"
        )
    if entry.gene == kd.gene and not kd.start <= pos <= kd.end:
        out.append(f"{where}: residue {pos} lies outside the kinase domain")
    return out


def _check_conventions(files: KBFiles, problems: list[str], check_citations: CheckCitations) -> None:
    for key, numbered in CONVENTIONS_USED.items():
        conv = files.conventions.get(key)
        if conv is None:
            problems.append(f"conventions.yaml: {key}: missing (the interpreter applies it)")
        elif numbered and conv.value is None:
            problems.append(f"conventions.yaml: {key}: needs a value")
    _check_uncurated(files, problems, check_citations)


def _check_uncurated(files: KBFiles, problems: list[str], check_citations: CheckCitations) -> None:
    """uncurated_resistance.yaml: a residue or a change (not both), not curated elsewhere, citable if established."""
    curated = {(m.gene, m.change) for m in files.mutations}
    for entry in files.uncurated_resistance:
        where = f"uncurated_resistance.yaml: {entry.id}"
        check_citations(where, entry.citations)
        if (entry.residue is None) == (entry.change is None):
            problems.append(f"{where}: give exactly one of residue and change")
        if entry.change and (entry.gene, entry.change) in curated:
            problems.append(f"{where}: {entry.change} has its own entry in mutations.yaml")
        if entry.change and not PROTEIN_CHANGE.match(entry.change):
            problems.append(f"{where}: malformed protein change {entry.change!r}")
        if entry.status == "established" and not any(
            files.references[k].citable for k in entry.citations if k in files.references
        ):
            problems.append(
                f"{where}: established, but cited only to references without a PMID or DOI (mark it unconfirmed)"
            )


def _citation_problems(key: str, ref: Reference) -> list[str]:
    """What is malformed in one reference beyond its PMID and DOI: the key, the text, a PMCID, a URL."""
    out = []
    if not key or any(c.isspace() for c in key):
        out.append(f"malformed citation key {key!r} (empty or with white space)")
    if not ref.citation.strip():
        out.append("empty citation text")
    if ref.pmcid and not PMCID.fullmatch(ref.pmcid):
        out.append(f"malformed PMCID {ref.pmcid!r} (expected e.g. PMC1234567)")
    if ref.url and not URL.fullmatch(ref.url):
        out.append(f"malformed URL {ref.url!r}")
    return out


def _check_contradictions(files: KBFiles, problems: list[str]) -> None:
    """Two calls for one alteration and one drug that disagree (sensitive / intermediate / resistant),
    wherever they sit: two entries for one mutation, a drug repeated in one entry, a compound given
    again with its members in another order, a fusion partner listed twice, a drug named once by its
    INN and once by an alias. The knowledge base has no way to state that one call takes precedence
    over another, so every such pair is refused: keep the call the sources support."""
    alias = {norm_name(n): d.id for d in files.drugs for n in (d.id, d.name, *d.aliases)}
    seen: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def add(alteration: str, where: str, calls: list[DrugCall]) -> None:
        for call in calls:
            drug = alias.get(norm_name(call.drug), call.drug)
            seen.setdefault((alteration, drug), []).append((call.call, where))

    for m in files.mutations:
        add(f"{m.gene} {m.change}", f"mutations.yaml: {m.id}", m.calls)
    for c in files.compounds.entries:
        add(f"{c.gene} {' + '.join(sorted(c.members))}", f"compounds.yaml: {c.id}", c.calls)
    for p in files.fusions.partners:
        add(f"{p.gene}::ALK fusion", f"fusions.yaml: partner {p.gene}", p.calls)
    for (alteration, drug), calls in seen.items():
        verdicts = sorted({verdict for verdict, _ in calls})
        if len(verdicts) > 1:
            said = "; ".join(f"{verdict} in {where}" for verdict, where in calls)
            problems.append(
                f"contradiction: {alteration} with {drug} is called {' and '.join(verdicts)} ({said}) "
                "and no precedence between the calls is stated; keep one"
            )


def _check_compounds(
    files: KBFiles, proteins: dict[str, str], drug_ids: set[str], problems: list[str], check_citations: CheckCitations
) -> None:
    comp = files.compounds
    for group in comp.groups:
        where = f"compounds.yaml: group {group.id}"
        check_citations(where, group.citations)
        for agent in group.investigational_agents:
            if agent not in drug_ids:
                problems.append(f"{where}: unknown drug {agent!r}")
        _check_calls(where, group.calls, drug_ids, problems, check_citations)
    seen: set[frozenset[str]] = set()
    for entry in comp.entries:
        where = f"compounds.yaml: {entry.id}"
        if entry.key in seen:
            problems.append(f"{where}: duplicate compound {' + '.join(entry.members)}")
        seen.add(entry.key)
        if len(entry.key) != len(entry.members):
            problems.append(f"{where}: a member is listed twice")
        if not entry.citations and not entry.calls:
            problems.append(f"{where}: an entry needs at least one citation (entry-level or on a call)")
        check_citations(where, entry.citations)
        protein = proteins.get(entry.gene, "")
        residues = []
        for change in entry.members:
            m = PROTEIN_CHANGE.match(change)
            if m and protein:
                pos = int(m["pos"])
                residues.append(pos)
                if not 1 <= pos <= len(protein) or protein[pos - 1] != m["ref"]:
                    problems.append(f"{where}: {change} does not match the {entry.gene} protein")
        if len(set(residues)) != len(residues):
            problems.append(f"{where}: two members in one codon are one change, not a compound")
        _check_calls(where, entry.calls, drug_ids, problems, check_citations)


def _check_bypass(files: KBFiles, problems: list[str], check_citations: CheckCitations) -> None:
    """bypass.yaml: copy-number rules and their tiers, mechanisms and their strategies, clinical rules."""
    byp = files.bypass
    tiers = _check_copy_number(files, problems, check_citations)
    ids: set[str] = set()
    for mech in byp.mechanisms:
        where = f"bypass.yaml: {mech.id}"
        if mech.id in ids:
            problems.append(f"{where}: duplicate mechanism id")
        ids.add(mech.id)
        check_citations(where, mech.citations)
        if mech.kind in {"small_variant", "amplification", "fusion"} and not mech.gene:
            problems.append(f"{where}: a {mech.kind} mechanism needs a gene")
        for strategy in mech.strategies:
            check_citations(f"{where}: strategy {strategy.option!r}", strategy.citations)
            for tier in strategy.tiers:
                if tier not in tiers:
                    problems.append(
                        f"{where}: strategy {strategy.option!r}: no copy-number rule defines the tier {tier!r}"
                    )
            if strategy.level is not None and strategy.level not in LEVELS:
                problems.append(f"{where}: strategy {strategy.option!r}: unknown evidence level {strategy.level!r}")
    check_citations("bypass.yaml: clinical: met_overexpression", byp.clinical.met_overexpression.citations)
    check_citations("bypass.yaml: clinical: pdl1_citations", byp.clinical.pdl1_citations)


def _check_copy_number(files: KBFiles, problems: list[str], check_citations: CheckCitations) -> set[str]:
    """bypass.copy_number: one rule per gene and a default, tiers highest first; returns the tier names."""
    byp = files.bypass
    genes = [r.gene for r in byp.copy_number]
    if "*" not in genes:
        problems.append("bypass.yaml: copy_number needs a default rule (gene '*')")
    if len(set(genes)) != len(genes):
        problems.append("bypass.yaml: two copy-number rules for one gene")
    tiers: set[str] = {t.tier for r in byp.copy_number for t in r.tiers}
    for rule in byp.copy_number:
        check_citations(f"bypass.yaml: copy_number {rule.gene}", rule.citations)
        for t in rule.tiers:
            check_citations(f"bypass.yaml: copy_number {rule.gene} tier {t.tier}", t.citations)
        if [t.min_cn for t in rule.tiers] != sorted((t.min_cn for t in rule.tiers), reverse=True):
            problems.append(f"bypass.yaml: copy_number {rule.gene}: tiers must be listed highest first")
        if rule.gain_cn > rule.amplification_cn:
            problems.append(f"bypass.yaml: copy_number {rule.gene}: gain threshold above the amplification threshold")
    return tiers


def _check_recommendations(
    files: KBFiles, drug_ids: set[str], problems: list[str], check_citations: CheckCitations
) -> None:
    recs = files.recommendations
    for where, level in (
        ("approval_baseline", recs.approval_baseline.level),
        ("bypass_limit", recs.bypass_limit.level),
        ("bypass_limit", recs.bypass_limit.level_without_clinical or recs.bypass_limit.level),
    ):
        if level not in LEVELS:
            problems.append(f"recommendations.yaml: {where}: unknown evidence level {level!r}")
    ids: set[str] = set()
    for rule in recs.rules:
        where = f"recommendations.yaml: {rule.id}"
        if rule.id in ids:
            problems.append(f"{where}: duplicate rule id")
        ids.add(rule.id)
        check_citations(where, rule.citations)
        for extra in rule.by_setting:
            check_citations(f"{where}: by_setting", extra.citations)
        if rule.options and not rule.citations:
            problems.append(f"{where}: options need the rule's citations")
        for option in rule.options:
            if option.level is not None and option.level not in SENSITIVITY_LEVELS:
                problems.append(f"{where}: {option.option!r}: {option.level!r} is not a sensitivity level")
            for drug in option.drugs:
                if drug not in drug_ids:
                    problems.append(f"{where}: {option.option!r}: unknown drug {drug!r}")


def _cited_calls(files: KBFiles) -> Iterator[tuple[str, str, list[str]]]:
    """(where, status, citation keys) of every per-drug call."""
    for m in files.mutations:
        yield from ((f"mutations.yaml: {m.id}: {c.drug}", c.status, c.citations) for c in m.calls)
    for c in files.compounds.entries:
        yield from ((f"compounds.yaml: {c.id}: {k.drug}", k.status, k.citations) for k in c.calls)
    for g in files.compounds.groups:
        yield from ((f"compounds.yaml: group {g.id}: {k.drug}", k.status, k.citations) for k in g.calls)


def _cited_facts(files: KBFiles) -> Iterator[tuple[str, str, list[str]]]:
    """(where, status, citation keys) of entries without a profile, partner calls, mechanisms and options."""
    for m in files.resistance_without_profile:
        yield f"mutations.yaml: {m.id}", m.status, m.citations
    for p in files.fusions.partners:
        yield from ((f"fusions.yaml: partner {p.gene}: {k.drug}", k.status, k.citations) for k in p.calls)
    for mech in files.bypass.mechanisms:
        yield f"bypass.yaml: {mech.id}", mech.status, mech.citations
        yield from ((f"bypass.yaml: {mech.id}: {s.option!r}", s.status, s.citations) for s in mech.strategies)
    for rule in files.recommendations.rules:
        yield from ((f"recommendations.yaml: {rule.id}: {o.option!r}", o.status, rule.citations) for o in rule.options)


def _check_citability(files: KBFiles, problems: list[str]) -> None:
    """An established fact needs a citation with a PMID or DOI; a PMCID alone only carries unconfirmed facts."""
    refs = files.references
    for where, status, keys in (*_cited_calls(files), *_cited_facts(files)):
        if status == "established" and keys and not any(refs[k].citable for k in keys if k in refs):
            problems.append(
                f"{where}: established, but cited only to references without a PMID or DOI (mark it unconfirmed)"
            )


def _check_calls(
    where: str, calls: list[DrugCall], drug_ids: set[str], problems: list[str], check_citations: CheckCitations
) -> None:
    drugs_called: set[str] = set()
    for call in calls:
        if call.drug not in drug_ids:
            problems.append(f"{where}: unknown drug {call.drug!r}")
        if call.drug in drugs_called:
            problems.append(f"{where}: two calls for {call.drug}")
        drugs_called.add(call.drug)
        check_citations(f"{where}: {call.drug}", call.citations)
        if call.level not in LEVELS:
            problems.append(f"{where}: {call.drug}: unknown evidence level {call.level!r}")
        elif call.call == "resistant" and call.level not in RESISTANCE_LEVELS:
            problems.append(f"{where}: {call.drug}: a resistant call needs an R-level, not {call.level}")
        elif call.call == "sensitive" and call.level not in SENSITIVITY_LEVELS:
            problems.append(f"{where}: {call.drug}: a sensitive call needs a sensitivity level, not {call.level}")


def check_fusions(files: KBFiles, gene_models: dict[str, dict[str, Any]], problems: list[str]) -> None:
    """fusions.yaml: citations resolve, partner genes have exon models (`gene_models`, read from
    fusions.gene_models), junctions are unique and end at the ALK kinase exon, drugs and levels known."""
    fus = files.fusions
    refs = files.references

    def cited(where: str, keys: list[str]) -> None:
        for key in keys:
            if key not in refs:
                problems.append(f"fusions.yaml: {where}: unknown citation {key!r} (not in references.yaml)")

    cited("naming", fus.naming.citations)
    cited("alk_kinase_exon", fus.alk_kinase_exon.citations)
    for alias in fus.alk_exon_numbering:
        cited(f"alk_exon_numbering {alias.given}", alias.citations)
        if alias.reads_as != fus.alk_kinase_exon.exon:
            problems.append(
                f"fusions.yaml: alk_exon_numbering {alias.given}: reads as exon {alias.reads_as}, "
                f"not the canonical exon {fus.alk_kinase_exon.exon}"
            )
    seen: set[str] = set()
    for v in fus.eml4_alk_variants:
        cited(v.id, v.citations)
        if v.junction in seen:
            problems.append(f"fusions.yaml: {v.id}: duplicate junction {v.junction}")
        seen.add(v.junction)
        m = JUNCTION.match(v.junction)
        if m and (m["five"], m["three"], m["three_exon"]) != ("E", "A", str(fus.alk_kinase_exon.exon)):
            problems.append(
                f"fusions.yaml: {v.id}: an EML4::ALK junction reads E<exon>;A{fus.alk_kinase_exon.exon}, "
                f"not {v.junction}"
            )
    _check_partners(files, set(gene_models) | {"ALK", "intergenic"}, problems, cited)
    for f in fus.bypass_facts:
        cited(f"bypass fact {f.gene}", f.citations)
        if f.gene not in fus.bypass_genes.genes:
            problems.append(f"fusions.yaml: bypass fact {f.gene}: not one of bypass_genes")


def _check_partners(files: KBFiles, known_genes: set[str], problems: list[str], cited: CheckCitations) -> None:
    fus = files.fusions
    drugs = {d.id for d in files.drugs}
    partners: set[str] = set()
    for p in fus.partners:
        cited(f"partner {p.gene}", p.citations)
        if p.gene in partners:
            problems.append(f"fusions.yaml: partner {p.gene}: listed twice")
        partners.add(p.gene)
        if p.gene not in known_genes:
            problems.append(f"fusions.yaml: partner {p.gene}: no exon model in {fus.gene_models}")
        # a partner's calls are checked as every other call (drugs, duplicates, citations, levels)
        _check_calls(
            f"fusions.yaml: partner {p.gene}",
            p.calls,
            drugs,
            problems,
            lambda where, keys: cited(where.removeprefix("fusions.yaml: "), keys),
        )


def check_bypass_models(files: KBFiles, models: dict[str, dict[str, Any]], problems: list[str]) -> None:
    """bypass.exon_skipping: each rule names a mechanism change class, a transcript of `models` (read
    from bypass.transcript_models) and one of its exons."""
    byp = files.bypass
    rel = byp.transcript_models
    classes = {c for m in byp.mechanisms for c in m.changes}
    for rule in byp.exon_skipping:
        where = f"bypass.yaml: exon_skipping {rule.change_class}"
        if rule.change_class not in classes:
            problems.append(f"{where}: no mechanism lists the change class {rule.change_class!r}")
        doc = models.get(rule.gene)
        if doc is None or doc.get("refseq") != rule.transcript:
            problems.append(f"{where}: no {rule.gene} {rule.transcript} model in {rel or 'transcript_models (unset)'}")
        elif any(len(b.get("exons") or []) < rule.exon for b in doc["builds"].values() if isinstance(b, dict)):
            problems.append(f"{where}: {rule.transcript} has no exon {rule.exon}")
