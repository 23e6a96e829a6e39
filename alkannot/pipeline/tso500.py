"""A TSO500 CombinedVariantOutput: every section of it — [Small Variants] classified as a VCF's,
[Gene Amplifications] as copy number, [Fusions] and [Splice Variants] with the fusion tables."""

from __future__ import annotations

from ..model import InputFile
from ..options import PathLike
from .build_evidence import ref_evidence
from .partial import Partial, Run
from .small_variants import classify_small_variants


def read_tso500_step(path: PathLike, run: Run, _found: Partial) -> Partial:
    from ..readers.tso500 import read_tso500

    tso = read_tso500(path, run.options.sample)
    fusions = (
        [
            InputFile(
                kind="fusions",
                path=str(path),
                format="tso500: [Fusions] and [Splice Variants]",
                sha256=run.digests[path],
                sample=tso.sample,
            )
        ]
        if tso.fusions is not None
        else []
    )

    def classify(run: Run, build: str | None, found: Partial) -> Partial:
        from ..classify.cnv import classify_copy_number

        assert build is not None
        small = classify_small_variants(run, tso.variants, build, found)
        sha = run.digests[tso.path]
        read = Partial(
            inputs=[
                InputFile(kind="vcf", path=tso.path, format="tso500: [Small Variants]", sha256=sha, sample=tso.sample),
                InputFile(
                    kind="cnv", path=tso.path, format="tso500: [Gene Amplifications]", sha256=sha, sample=tso.sample
                ),
            ],
            alterations=classify_copy_number(tso.copy_number, build, run.kb),
        )
        return small.merge(read)

    return Partial(
        warnings=list(tso.warnings),
        sample=tso.sample,
        evidence=ref_evidence(str(path), tso.variants, run.alk_models),
        placed=[str(path)] if tso.variants or tso.copy_number else [],
        embedded=[tso.fusions] if tso.fusions is not None else [],
        inputs=fusions,
        later=[classify],
        small_input=True,
        cn_input=True,
        needs_build=True,
    )
