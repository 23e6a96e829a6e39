"""The knowledge base as the rest of alkannot sees it: `KBFiles`, every file validated into one
document, and `KnowledgeBase`, that document with the transcript and gene models it names and the
look-ups the classifier, interpreter and report use. Build one with `loading.load_knowledgebase()`."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from .bypass_models import (
    AmplificationRule,
    Bypass,
    ClinicalRules,
    ExonSkippingRule,
    Hotspots,
    Mechanism,
    Recommendations,
)
from .fusion_models import (
    AlkKinaseExon,
    BypassFact,
    ExonNumbering,
    FusionPartner,
    Fusions,
    FusionVariant,
)
from .models import (
    CompoundEntry,
    CompoundGroup,
    Compounds,
    Convention,
    Definitions,
    Drug,
    KBMeta,
    KBRecord,
    MutationEntry,
    PhasingRule,
    Reference,
    Region,
    UncuratedResistance,
)

if TYPE_CHECKING:
    from ..genome.gene_models import GeneModels


class KBFiles(KBRecord):
    """The whole knowledge base as one document; its JSON Schema is what `alkannot schema kb` prints."""

    kb: KBMeta
    drugs: list[Drug]
    references: dict[str, Reference]
    definitions: Definitions
    mutations: list[MutationEntry]
    resistance_without_profile: list[MutationEntry] = Field(
        default_factory=list,
        description=(
            "mutations.yaml's second list: ALK changes the sources report as resistance mutations (or at a resistance "
            "residue) without a per-drug profile; every drug reads unknown for them, and they are never a VUS"
        ),
    )
    compounds: Compounds
    fusions: Fusions
    bypass: Bypass
    hotspots: Hotspots
    recommendations: Recommendations
    conventions: dict[str, Convention]
    uncurated_resistance: list[UncuratedResistance]


class KnowledgeBase:
    """A validated knowledge base with look-ups. Build it with `load_knowledgebase()`."""

    LOADED = ("files", "sha256", "transcripts", "fusion_genes", "bypass_models")
    """What the compiled cache keeps: the loaded parts; look-ups and gene models are derived again."""

    def __init__(
        self,
        path: Path,
        files: KBFiles,
        sha256: str,
        transcripts: dict[str, dict[str, Any]],
        *,
        fusion_genes: dict[str, dict[str, Any]] | None = None,
        bypass_models: dict[str, dict[str, Any]] | None = None,
    ):
        self.path = path
        self.files = files
        self.sha256 = sha256
        self.transcripts = transcripts
        self.fusion_genes = fusion_genes or {}
        """gene → exon-model document from fusions.gene_models (transcripts/fusion_genes.yaml)"""
        self.bypass_models = bypass_models or {}
        """gene → transcript document from bypass.transcript_models (transcripts/bypass_genes.yaml)"""

    @property
    def version(self) -> str:
        return self.files.kb.version

    @property
    def release_date(self) -> str:
        return self.files.kb.release_date

    @property
    def definitions(self) -> Definitions:
        return self.files.definitions

    # named parts of the document, so that callers need not reach into `files.<file>.<field>`

    @property
    def drugs(self) -> list[Drug]:
        """Every drug of drugs.yaml, in KB order."""
        return self.files.drugs

    @property
    def gene_spans(self) -> dict[str, dict[str, tuple[str, int, int]]]:
        """gene → build → (chrom, start, end) of the genes read for bypass variants and copy number (hotspots.yaml)."""
        return self.files.hotspots.gene_spans

    @property
    def phasing(self) -> PhasingRule:
        """The read-backed phasing floors of compounds.yaml (conventions)."""
        return self.files.compounds.phasing

    @property
    def exon_skipping(self) -> list[ExonSkippingRule]:
        """Which variants and fusions count as skipping an exon (bypass.yaml; conventions)."""
        return self.files.bypass.exon_skipping

    @property
    def clinical_rules(self) -> ClinicalRules:
        """The MET IHC and PD-L1 TPS rules of bypass.yaml."""
        return self.files.bypass.clinical

    @property
    def alk_kinase_exon(self) -> AlkKinaseExon:
        """The ALK exon a canonical fusion starts at, and its transcript (fusions.yaml)."""
        return self.files.fusions.alk_kinase_exon

    @property
    def recommendations(self) -> Recommendations:
        """recommendations.yaml: the approval baseline, the bypass limit and the situation rules."""
        return self.files.recommendations

    @cached_property
    def _drug_index(self) -> dict[str, Drug]:
        index: dict[str, Drug] = {}
        for drug in self.files.drugs:
            for name in (drug.id, drug.name, *drug.aliases):
                index[norm_name(name)] = drug
        return index

    def drug(self, name: str) -> Drug | None:
        """The drug for an INN, brand or code name (aliases resolved), or None."""
        return self._drug_index.get(norm_name(name))

    @cached_property
    def alk_tkis(self) -> list[Drug]:
        return [d for d in self.files.drugs if d.kind == "alk_tki"]

    @cached_property
    def _mutation_index(self) -> dict[tuple[str, str], MutationEntry]:
        """Entries with a per-drug profile and those without (resistance_without_profile): both are
        resistance mutations, never a VUS; the second kind has no calls, so every drug reads unknown."""
        return {(m.gene, m.change): m for m in (*self.files.resistance_without_profile, *self.files.mutations)}

    def without_profile(self, gene: str, change: str) -> MutationEntry | None:
        """The resistance_without_profile entry for a change, if the change is listed there."""
        return next((m for m in self.files.resistance_without_profile if (m.gene, m.change) == (gene, change)), None)

    def mutation(self, gene: str, change: str) -> MutationEntry | None:
        return self._mutation_index.get((gene, change))

    @cached_property
    def _compound_index(self) -> dict[tuple[str, frozenset[str]], CompoundEntry]:
        return {(c.gene, c.key): c for c in self.files.compounds.entries}

    def convention(self, key: str) -> Convention:
        return self.files.conventions[key]

    def uncurated_resistance(self, gene: str, change: str | None, residue: str | None) -> UncuratedResistance | None:
        """The entry naming this exact change, else one naming its residue (e.g. G1202 for G1202del)."""
        entries = [u for u in self.files.uncurated_resistance if u.gene == gene]
        return next((u for u in entries if change and u.change == change), None) or next(
            (u for u in entries if residue and u.residue == residue), None
        )

    def compound(self, gene: str, members: list[str]) -> CompoundEntry | None:
        return self._compound_index.get((gene, frozenset(members)))

    def compound_group(self, residues: list[int]) -> CompoundGroup | None:
        """The first group (in KB order) whose anchor residue is among the members'."""
        return next((g for g in self.files.compounds.groups if g.residue in residues), None)

    @cached_property
    def _fusion_variant_index(self) -> dict[str, FusionVariant]:
        return {v.junction: v for v in self.files.fusions.eml4_alk_variants}

    def fusion_variant(self, junction: str) -> FusionVariant | None:
        """The EML4::ALK variant entry for a junction such as 'E13;A20'."""
        return self._fusion_variant_index.get(junction)

    def fusion_partner(self, gene: str) -> FusionPartner | None:
        return next((p for p in self.files.fusions.partners if p.gene == gene), None)

    def bypass_fusion_side(self, gene: str) -> str | None:
        """'5p'/'3p': the side a bypass kinase gene must take in a fusion; None if not a bypass gene."""
        return self.files.fusions.bypass_genes.genes.get(gene)

    def bypass_facts(self, gene: str) -> list[BypassFact]:
        return [f for f in self.files.fusions.bypass_facts if f.gene == gene]

    @cached_property
    def _mechanism_index(self) -> dict[str, Mechanism]:
        return {m.id: m for m in self.files.bypass.mechanisms}

    def mechanism(self, mech_id: str) -> Mechanism | None:
        return self._mechanism_index.get(mech_id)

    def mechanisms_for(self, gene: str, kind: str) -> list[Mechanism]:
        return [m for m in self.files.bypass.mechanisms if m.gene == gene and m.kind == kind]

    @cached_property
    def _hotspot_index(self) -> dict[tuple[str, str, int, str, str], tuple[str, str]]:
        return {(b, c, p, r, a): (g, ch) for b, c, p, r, a, g, ch in self.files.hotspots.rows}

    def hotspot(self, build: str, chrom: str, pos: int, ref: str, alt: str) -> tuple[str, str] | None:
        """(gene, protein change) of a listed hotspot allele; chrom normalized ('7'), ref/alt as the MAF trims them."""
        return self._hotspot_index.get((build, chrom, pos, ref, alt))

    @cached_property
    def small_variant_genes(self) -> set[str]:
        """Genes whose small variants can be findings: ALK, the hotspot genes and every gene a mechanism names."""
        return {
            "ALK",
            *self.files.hotspots.gene_spans,
            *(m.gene for m in self.files.bypass.mechanisms if m.gene and m.kind == "small_variant"),
        }

    def bypass_gene_at(self, build: str, chrom: str, pos: int) -> str | None:
        for gene, spans in self.files.hotspots.gene_spans.items():
            span = spans.get(build)
            if span and span[0] == chrom and span[1] <= pos <= span[2]:
                return gene
        return None

    def amplification_rule(self, gene: str) -> AmplificationRule:
        rules = {r.gene: r for r in self.files.bypass.copy_number}
        return rules.get(gene) or rules["*"]

    def copy_number_tier(self, alt: Any) -> str | None:
        """The named copy-number tier (bypass.yaml `tiers`) an alteration's copy number reaches, or None."""
        cn = getattr(alt, "copy_number", None)
        if cn is None or cn.copy_number is None:
            return None
        tier = self.amplification_rule(alt.gene).tier_of(cn.copy_number, cn.ratio_to_ploidy)
        return tier.tier if tier else None

    def region_of(self, residue: int) -> Region | None:
        for region in self.definitions.regions:
            if residue in region.residues:
                return region
        return None

    def in_kinase_domain(self, gene: str, residue: int) -> bool:
        kd = self.definitions.kinase_domain
        return gene == kd.gene and kd.start <= residue <= kd.end

    def cite(self, keys: list[str]) -> list[str]:
        """Reference keys → sorted, de-duplicated PMID:/DOI: identifiers for the report."""
        out: set[str] = set()
        for key in keys:
            out.update(self.files.references[key].identifiers())
        return sorted(out)

    def find(self, query: str) -> list[dict[str, Any]]:
        """Entries whose id, change, drug name or alias matches `query` (case-insensitive)."""
        q = query.strip().upper().removeprefix("ALK").strip(" :").removeprefix("P.")
        hits: list[dict[str, Any]] = []
        for m in self.files.mutations:
            if q in {m.change.upper(), m.id.upper()}:
                hits.append({"type": "mutation", **m.model_dump(exclude_none=True)})
        for m in self.files.resistance_without_profile:
            if q in {m.change.upper(), m.id.upper()}:
                hits.append({"type": "mutation without a per-drug profile", **m.model_dump(exclude_none=True)})
        for c in self.files.compounds.entries:
            if q.replace(" ", "") in {"+".join(c.members).upper(), "+".join(reversed(c.members)).upper(), c.id.upper()}:
                hits.append({"type": "compound", **c.model_dump(exclude_none=True)})
        drug = self.drug(query)
        if drug:
            hits.append({"type": "drug", **drug.model_dump(exclude_none=True)})
        if query in self.files.references:
            hits.append(
                {"type": "reference", "key": query, **self.files.references[query].model_dump(exclude_none=True)}
            )
        return hits

    @cached_property
    def gene_models(self) -> "GeneModels":
        """Every embedded gene model (ALK, fusion genes, bypass genes), each family built once per
        knowledge base on first use and never pickled: the genome code that builds them is not in the
        cache key."""
        from ..genome.gene_models import GeneModels

        return GeneModels(self.transcripts["ALK"], self.fusion_genes, self.bypass_models)

    # named look-ups, so that callers need not reach into `files.<file>.<field>` (issue 20)

    @property
    def references(self) -> dict[str, Reference]:
        """references.yaml: key → reference."""
        return self.files.references

    @property
    def fusions(self) -> Fusions:
        """fusions.yaml: partners, EML4::ALK variants, the ALK kinase exon, bypass genes and thresholds."""
        return self.files.fusions

    @property
    def bypass(self) -> Bypass:
        """bypass.yaml: mechanisms, copy-number rules and the germline and focal-length thresholds."""
        return self.files.bypass

    @property
    def compound_groups(self) -> list[CompoundGroup]:
        """compounds.yaml `groups`, in KB order."""
        return self.files.compounds.groups

    def compound_group_by_id(self, group_id: str) -> CompoundGroup | None:
        return next((g for g in self.files.compounds.groups if g.id == group_id), None)

    def uncurated_by_id(self, entry_id: str | None) -> UncuratedResistance | None:
        """The uncurated_resistance entry with this id (a resistance residue or mutation), or None."""
        return next((u for u in self.files.uncurated_resistance if u.id == entry_id), None)

    def fusion_variant_by_label(self, label: str) -> FusionVariant | None:
        """The EML4::ALK variant entry whose label this is ('v3a', any case), or None."""
        return next((v for v in self.files.fusions.eml4_alk_variants if v.label.lower() == label.lower()), None)

    @cached_property
    def exon_numbering_aliases(self) -> dict[str, ExonNumbering]:
        """Another numbering's ALK exon (as a file gives it, e.g. '19') → how fusions.yaml reads it."""
        return {str(n.given): n for n in self.files.fusions.alk_exon_numbering}

    @property
    def min_supporting_reads(self) -> int:
        """The reads an ALK fusion needs to count as the driver (fusions.yaml)."""
        return self.files.fusions.min_supporting_reads.value

    @property
    def min_supporting_reads_bypass(self) -> int:
        """The reads a bypass fusion needs (fusions.yaml; the ALK minimum when unset)."""
        rule = self.files.fusions.min_supporting_reads_bypass
        return rule.value if rule is not None else self.min_supporting_reads

    @property
    def breakpoint_edge_tolerance(self) -> int | None:
        """fusions.yaml's snapping distance to an exon edge, or None (the genome layer's default applies)."""
        rule = self.files.fusions.breakpoint_edge_tolerance
        return rule.value if rule is not None else None

    def fusion_variant_by_id(self, entry_id: str) -> FusionVariant | None:
        """The EML4::ALK variant entry with this id (fusions.yaml)."""
        return next((v for v in self.files.fusions.eml4_alk_variants if v.id == entry_id), None)

    @property
    def bypass_genes_basis(self) -> str:
        """Why a bypass kinase gene's fusion counts as off-target (fusions.yaml `bypass_genes`, a convention)."""
        return self.files.fusions.bypass_genes.basis


def norm_name(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.lower())
