"""Every gene model the knowledge base embeds, built from its documents in one place: the ALK
transcripts, the exon models of the fusion partners and bypass kinase genes, and the transcript
models of the bypass and co-alteration genes. `KnowledgeBase.gene_models` builds them once."""

from __future__ import annotations

from typing import Any, NamedTuple

from .partners import GeneModel, gene_models
from .transcripts import Transcript, transcripts_from_kb


class GeneModels(NamedTuple):
    """The embedded models, keyed by build first (read-only: callers must not modify the mappings)."""

    alk: dict[str, Transcript]
    """build → the ALK transcript (transcripts/ALK.yaml)"""
    fusion: dict[str, dict[str, GeneModel]]
    """build → gene → exon model, for ALK and every gene of fusions.gene_models"""
    bypass: dict[str, dict[str, Transcript]]
    """build → gene → transcript model, for every gene of bypass.transcript_models"""


def build_gene_models(
    alk_doc: dict[str, Any], fusion_genes: dict[str, dict[str, Any]], bypass_docs: dict[str, dict[str, Any]]
) -> GeneModels:
    """The models of one knowledge base, from its ALK document, fusion-gene and bypass-gene documents."""
    alk = transcripts_from_kb(alk_doc)
    bypass: dict[str, dict[str, Transcript]] = {}
    for gene, doc in bypass_docs.items():
        for build, tx in transcripts_from_kb(doc).items():
            bypass.setdefault(build, {})[gene] = tx
    return GeneModels(alk, gene_models(fusion_genes, alk, alk_doc), bypass)
