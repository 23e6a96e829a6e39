"""What one step of the pipeline found (`Partial`), merged once into what the run found so far, and
the run every step reads from (`Run`).

A step reads or classifies one input and returns one `Partial`; it never appends to lists it was
given. The order of merging is the order of the report's lists (its warnings, inputs, alterations),
so the orchestrator's order of steps is the report's order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..model import Alteration, ClinicalContext, ClinicalFinding, InputFile, OtherVariant, ReportWarning

if TYPE_CHECKING:
    from ..digests import Digests
    from ..genome.builds import BuildEvidence
    from ..genome.transcripts import Transcript
    from ..knowledge.base import KnowledgeBase
    from ..options import AnnotateOptions
    from ..readers.fusions import FusionReadResult
    from ..readers.targets import Targets
    from ..runcache import RunCache
    from .routing import Routed

REGION_PADDING = 10  # bases read beyond a transcript's ends, so edge indels are seen


class Run(NamedTuple):
    """What every step of one `annotate()` reads: the routed inputs, the options, the knowledge base,
    the ALK gene models of each build, the inputs' digests and the run's cache."""

    inputs: Routed
    options: AnnotateOptions
    kb: KnowledgeBase
    alk_models: dict[str, Transcript]
    digests: Digests
    cache: RunCache


Classify = Callable[[Run, "str | None", "Partial"], "Partial"]
"""A step that needs the run's build: (run, build, what was found so far) → what it adds."""


class Partial(NamedTuple):
    """What one step found. `merge` appends another's lists after this one's and keeps the first
    sample, clinical context and panel design found. A value record (a NamedTuple, cheap to define
    at import): its lists are never changed in place, only merged into new ones."""

    warnings: list[ReportWarning] = []
    inputs: list[InputFile] = []
    alterations: list[Alteration] = []
    other_variants: list[OtherVariant] = []
    counted: Counter[tuple[str | None, str]] = Counter()
    """(gene, reason) → records set aside without a line each"""
    sample: str | None = None
    """the sample the data name (the first input's that names one)"""
    evidence: list[BuildEvidence] = []
    """what each input says of its build, resolved once by the orchestrator"""
    placed: list[str] = []
    """the inputs whose coordinates need a build"""
    alk_records: int = 0
    """records read in ALK, found or not: whether the small-variant inputs covered ALK at all"""
    embedded: list[FusionReadResult] = []
    """fusion records of inputs of another kind (an Ion Reporter VCF, a TSO500 file), classified with the tables"""
    later: list[Classify] = []
    """what to do with what was read once the build is known, in this order"""
    design: Targets | None = None
    context: ClinicalContext | None = None
    findings: list[ClinicalFinding] = []
    small_input: bool = False
    """a small-variant input was read (ALK mutations assessed)"""
    cn_input: bool = False
    """a copy-number input was read"""
    needs_build: bool = False
    """an input whose coordinates are placed on a build was given, even if it placed nothing"""

    def merge(self, other: Partial) -> Partial:
        counted = Counter(self.counted)
        counted.update(other.counted)
        return self._replace(
            warnings=[*self.warnings, *other.warnings],
            inputs=[*self.inputs, *other.inputs],
            alterations=[*self.alterations, *other.alterations],
            other_variants=[*self.other_variants, *other.other_variants],
            counted=counted,
            sample=self.sample or other.sample,
            evidence=[*self.evidence, *other.evidence],
            placed=[*self.placed, *other.placed],
            alk_records=self.alk_records + other.alk_records,
            embedded=[*self.embedded, *other.embedded],
            later=[*self.later, *other.later],
            design=self.design or other.design,
            context=self.context or other.context,
            findings=[*self.findings, *other.findings],
            small_input=self.small_input or other.small_input,
            cn_input=self.cn_input or other.cn_input,
            needs_build=self.needs_build or other.needs_build,
        )
