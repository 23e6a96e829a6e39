"""Every gene model the knowledge base embeds, built from its documents in one place: the ALK
transcripts, the exon models of the fusion partners and bypass kinase genes, and the transcript
models of the bypass and co-alteration genes. `KnowledgeBase.gene_models` holds one `GeneModels`;
each family is built the first time it is asked for (a VCF-only run never builds the fusion
partners' models), then kept."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from .partners import GeneModel, gene_models
from .transcripts import Transcript, transcripts_from_kb


class GeneModels:
    """The embedded models, keyed by build first (read-only: callers must not modify the mappings)."""

    def __init__(
        self, alk_doc: dict[str, Any], fusion_genes: dict[str, dict[str, Any]], bypass_docs: dict[str, dict[str, Any]]
    ) -> None:
        self._alk_doc = alk_doc
        self._fusion_genes = fusion_genes
        self._bypass_docs = bypass_docs

    @cached_property
    def alk(self) -> dict[str, Transcript]:
        """build → the ALK transcript (transcripts/ALK.yaml)"""
        return transcripts_from_kb(self._alk_doc)

    @cached_property
    def fusion(self) -> dict[str, dict[str, GeneModel]]:
        """build → gene → exon model, for ALK and every gene of fusions.gene_models"""
        return gene_models(self._fusion_genes, self.alk, self._alk_doc)

    @cached_property
    def bypass(self) -> dict[str, dict[str, Transcript]]:
        """build → gene → transcript model, for every gene of bypass.transcript_models"""
        by_build: dict[str, dict[str, Transcript]] = {}
        for gene, doc in self._bypass_docs.items():
            for build, tx in transcripts_from_kb(doc).items():
                by_build.setdefault(build, {})[gene] = tx
        return by_build
