"""The clinical context (YAML or JSON) and the panel's design (BED): what the sequencing data do not
say. The clinical file is read last, once the data are classified: its histology may add a
transformation, and its findings enter the interpretation."""

from __future__ import annotations

from pathlib import Path

from ..model import InputFile
from .partial import Partial, Run


def read_targets_step(run: Run, _found: Partial) -> Partial:
    """The panel's design: genes outside it are not assessed."""
    from ..readers.targets import read_targets

    path = run.inputs.given.targets
    assert path is not None
    design = read_targets(path)

    def listed(run: Run, _build: str | None, _found: Partial) -> Partial:  # hashed while the data are read
        return Partial(
            inputs=[InputFile(kind="targets", path=design.path, format="bed", sha256=run.digests[design.path])]
        )

    return Partial(design=design, later=[listed])


def clinical_step(_run: Run, _found: Partial) -> Partial:
    """Nothing to read before the build is known: the clinical file is read after the data."""
    return Partial(later=[_read_clinical])


def _read_clinical(run: Run, _build: str | None, _found: Partial) -> Partial:
    from ..classify.clinical import clinical_findings, transformation
    from ..readers.clinical import read_clinical

    path = run.inputs.given.clinical
    assert path is not None
    kb = run.kb
    context = read_clinical(path, lambda name: d.id if (d := kb.drug(name)) else None)
    given = InputFile(
        kind="clinical",
        path=str(path),
        format=Path(path).suffix.lstrip(".") or "yaml",
        sha256=run.digests[path],
        sample=context.sample_id,
    )
    return Partial(
        context=context,
        inputs=[given],
        alterations=transformation(context, kb),
        findings=clinical_findings(context, kb),
    )
