"""Copy number (a copy-number file, or an Ion Reporter VCF's <CNV> records): read with the evidence of
its build (a header naming it, or segments that overlap the genes they name in one build only), then
classified on the run's build."""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from ..genome.builds import FITTED, NAMED, BuildEvidence
from ..model import InputFile
from ..options import PathLike
from .partial import Partial, Run

if TYPE_CHECKING:
    from ..readers.cnv import CnvResult


def read_cnv_step(path: PathLike, run: Run, _found: Partial) -> Partial:
    from ..classify.cnv import build_from_named_segments
    from ..readers.cnv import read_cnv

    result = read_cnv(path, sample=run.options.sample, genes=set(run.kb.gene_spans), cache=run.cache)
    evidence = []
    if result.build:
        evidence.append(
            BuildEvidence(
                str(path),
                result.build,
                NAMED,
                f"copy-number file header ({result.format})",
                f"its header ({result.format})",
            )
        )
    named = build_from_named_segments(result.calls, run.kb)
    if named:
        evidence.append(
            BuildEvidence(
                str(path),
                named,
                FITTED,
                "copy-number segments overlap the genes they name in this build",
                f"the genes its segments name (they overlap them in {named} only)",
            )
        )
    return Partial(
        warnings=list(result.warnings),
        sample=result.sample,
        evidence=evidence,
        placed=[str(path)] if any(c.chrom and not c.gene for c in result.calls) else [],
        later=[partial(_classify, path, result)],
        cn_input=True,
        needs_build=True,
    )


def _classify(path: PathLike, result: CnvResult, run: Run, build: str | None, _found: Partial) -> Partial:
    from ..classify.cnv import classify_copy_number

    assert build is not None
    given = InputFile(kind="cnv", path=str(path), format=result.format, sha256=run.digests[path], sample=result.sample)
    return Partial(
        alterations=classify_copy_number(result.calls, build, run.kb),
        counted=Counter((s.gene, s.reason) for s in result.set_aside),
        inputs=[given],
    )
