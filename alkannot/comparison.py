"""Baseline → progression: two reports of one patient compared alteration by alteration.

Alterations are matched by identity (their `id`, e.g. `ALK:G1202R`, `MET:amplification`,
`EML4::ALK:E13;A20`), never by label text; an ALK fusion written without exons in one report
matches the same partner pair in the other. An alteration absent at progression is `lost` only when
the progression sample was tested for it: absent from plasma it is `not_detected_in_plasma` (a
negative plasma test is not a negative tumour), and absent because no input of that kind was given
it is `not_assessed`."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from . import __version__
from .errors import InputError, require_file
from .identity import comparison_warnings
from .model import (
    Alteration,
    AlterationChange,
    Comparison,
    ComparisonEvent,
    Report,
    ReportRef,
    ReportWarning,
    ToolInfo,
)

MAX_REPORT_BYTES = 256 << 20
"""a report is a few hundred kB (one with 100,000 other variants, some tens of MB)"""


def load_report(path: str | Path, schema: bool = False) -> Report:
    """An alkannot JSON report, or InputError naming the file (and line) and what is wrong.
    `schema`: check it against the shipped report schema first (as every report is before it is written)."""
    require_file(Path(path), "an alkannot report")
    if Path(path).stat().st_size > MAX_REPORT_BYTES:
        raise InputError(path, f"larger than {MAX_REPORT_BYTES:,} bytes: not an alkannot report")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            path, f"cannot read the report ({getattr(exc, 'strerror', None) or exc.__class__.__name__})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict) or "schema_version" not in data or "alterations" not in data:
        raise InputError(path, "not an alkannot report (no schema_version / alterations)")
    if data["schema_version"] != Report.model_fields["schema_version"].default:
        raise InputError(
            path,
            f"report schema version {data['schema_version']!r} is not the version this alkannot reads "
            f"({Report.model_fields['schema_version'].default})",
        )
    if schema:
        from .report.json_writer import schema_problem

        problem = schema_problem(data, quote=False)
        if problem is not None:
            raise InputError(path, f"not a valid alkannot report: it breaks the report schema {problem}")
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise InputError(path, f"not a valid alkannot report: {where}: {first['msg']}") from None


def compare(baseline: Report | str | Path, progression: Report | str | Path) -> Comparison:
    """Acquired, persistent and lost alterations between two reports of the same patient.

    Refuses (InputError) reports of different patients or of different knowledge-base major versions."""
    a, base_path = _read(baseline)
    b, prog_path = _read(progression)
    _refuse_unrelated(a, b, prog_path or "progression report")
    warnings = _provenance_warnings(a, b)
    changes = _changes(a, b)
    return Comparison(
        tool=ToolInfo(version=__version__),
        patient_id=a.patient_id or b.patient_id,
        baseline=_ref(a, base_path),
        progression=_ref(b, prog_path),
        acquired=_sorted(changes["acquired"]),
        persistent=_sorted(changes["persistent"]),
        lost=_sorted(changes["lost"]),
        not_detected_in_plasma=_sorted(changes["not_detected_in_plasma"]),
        not_assessed=_sorted(changes["not_assessed"]),
        not_assessed_at_baseline=_sorted(changes["not_assessed_at_baseline"]),
        events=_events(a, changes),
        warnings=warnings,
    )


def _read(report: Report | str | Path) -> tuple[Report, str | None]:
    """The report, and the path it was read from (None for a report given as an object)."""
    if isinstance(report, Report):
        return report, None
    return load_report(report), str(report)


_STATUSES = ("acquired", "persistent", "lost", "not_detected_in_plasma", "not_assessed", "not_assessed_at_baseline")


def _changes(a: Report, b: Report) -> dict[str, list[AlterationChange]]:
    """status → the changes of that status: the progression's new alterations in its order, then the
    baseline's in its order (the events name them in that order; the comparison sorts them)."""
    matches = _match(a.alterations, b.alterations)
    matched_b = set(matches.values())
    by_id_b = {x.id: x for x in b.alterations}
    changes = [_new_at_progression(x, a) for x in b.alterations if x.id not in matched_b]
    for x in a.alterations:
        found = x.id in matches
        changes.append(_change(x, "persistent", x, by_id_b[matches[x.id]]) if found else _absent_at_progression(x, b))
    return {status: [c for c in changes if c.status == status] for status in _STATUSES}


def _new_at_progression(x: Alteration, a: Report) -> AlterationChange:
    """New at progression is acquired only where the baseline `a` assessed the class; elsewhere it was not
    looked for."""
    if _assessed_in(a, x):
        return _change(x, "acquired", None, x)
    return _change(x, "not_assessed_at_baseline", None, x, _not_assessed_note(a, x))


def _refuse_unrelated(a: Report, b: Report, where: str) -> None:
    """InputError for reports of two patients, or made with knowledge bases of different major versions."""
    if a.patient_id and b.patient_id and a.patient_id != b.patient_id:
        raise InputError(
            where,
            f"patient {b.patient_id!r} differs from the baseline's patient {a.patient_id!r}; "
            "refusing to compare reports of different patients",
        )
    major_a, major_b = a.knowledgebase.version.split(".")[0], b.knowledgebase.version.split(".")[0]
    if major_a != major_b:
        raise InputError(
            where,
            f"knowledge base {b.knowledgebase.version} differs in major version from the baseline's "
            f"{a.knowledgebase.version}; re-annotate both with one knowledge base",
        )


def _provenance_warnings(a: Report, b: Report) -> list[ReportWarning]:
    """What limits the comparison without refusing it: an unchecked patient, identities that do not fit
    one patient, another knowledge base of the same major version, another genome build."""
    warnings: list[ReportWarning] = []
    if not (a.patient_id and b.patient_id):
        warnings.append(
            ReportWarning(
                code="patient_not_checked",
                message="a report names no patient: that both are of one patient is not checked",
            )
        )
    warnings.extend(comparison_warnings(a, b))
    if a.knowledgebase.sha256 != b.knowledgebase.sha256:
        warnings.append(
            ReportWarning(
                code="kb_differs",
                message=(
                    f"the reports use knowledge bases {a.knowledgebase.version} and {b.knowledgebase.version} "
                    "(same major version): evidence may differ, alterations are still compared"
                ),
            )
        )
    if a.genome_build and b.genome_build and a.genome_build != b.genome_build:
        warnings.append(
            ReportWarning(
                code="build_differs",
                message=f"genome builds differ ({a.genome_build} → {b.genome_build}); identities are build-independent",
            )
        )
    return warnings


def _absent_at_progression(x: Alteration, b: Report) -> AlterationChange:
    """A baseline alteration the progression report `b` does not hold: not assessed when `b` had no input
    of a kind that finds it, not detected in plasma when `b` is a plasma sample, else lost."""
    if not _kinds_that_find(x) & {i.kind for i in b.inputs}:
        kinds = "/".join(sorted(_kinds_that_find(x)))
        return _change(x, "not_assessed", x, None, f"the progression sample had no {kinds} input")
    if (b.context.specimen if b.context else None) == "plasma":
        note = "not detected in a plasma sample; a negative plasma test is not a negative tumour"
        return _change(x, "not_detected_in_plasma", x, None, note)
    return _change(x, "lost", x, None)


def _match(base: list[Alteration], prog: list[Alteration]) -> dict[str, str]:
    """baseline id → progression id: the same id, else (ALK fusions only) the same partner pair where
    one report lacks the exons."""
    prog_ids = {x.id for x in prog}
    out = {x.id: x.id for x in base if x.id in prog_ids}
    for x in base:
        if x.id in out or x.fusion is None:
            continue
        pair = (x.fusion.five_prime_gene, x.fusion.three_prime_gene)
        for y in prog:
            if (
                y.fusion is None
                or y.id in out.values()
                or (y.fusion.five_prime_gene, y.fusion.three_prime_gene) != pair
            ):
                continue
            if x.fusion.junction is None or y.fusion.junction is None:
                out[x.id] = y.id
                break
    return out


def _kinds_that_find(x: Alteration) -> set[str]:
    """Input kinds that could have reported this alteration."""
    if x.fusion is not None or x.category == "alk_fusion_loss":
        return {"fusions", "sv_vcf"}
    if x.copy_number is not None:
        return {"cnv"}
    if x.category == "histologic_transformation":
        return {"clinical"}
    return {"vcf", "maf"}


def _alteration_class(x: Alteration) -> str:
    """The report's `assessed` class an alteration belongs to."""
    if x.fusion is not None or x.category == "alk_fusion_loss":
        return "alk_fusion" if x.category in {"alk_fusion", "alk_fusion_loss"} else "bypass_fusion"
    if x.copy_number is not None:
        return "copy_number"
    if x.category == "histologic_transformation":
        return "histology"
    if x.category in {"alk_kinase_domain_mutation", "alk_compound_mutation", "vus"}:
        return "alk_kinase_domain_mutation"
    return "bypass_small_variant"


def _assessed_in(r: Report, x: Alteration) -> bool:
    """Whether report `r` assessed the class of `x`: its `assessed` list where it has one, else its input kinds."""
    cls = _alteration_class(x)
    entry = next((c for c in r.assessed if c.alteration_class == cls), None)
    if entry is not None:
        return entry.assessed and x.gene not in entry.genes_not_assessed
    return bool(_kinds_that_find(x) & {i.kind for i in r.inputs})


def _not_assessed_note(r: Report, x: Alteration) -> str:
    entry = next((c for c in r.assessed if c.alteration_class == _alteration_class(x)), None)
    why = entry.basis if entry is not None else f"the baseline had no {'/'.join(sorted(_kinds_that_find(x)))} input"
    return f"new at progression; not assessed at baseline ({why}), so not shown to be acquired"


def _vaf(x: Alteration | None) -> float | None:
    return x.variant.vaf if x is not None and x.variant is not None else None


def _change(
    x: Alteration, status: str, before: Alteration | None, after: Alteration | None, note: str | None = None
) -> AlterationChange:
    v0, v1 = _vaf(before), _vaf(after)
    delta = round(v1 - v0, 4) if v0 is not None and v1 is not None else None
    return AlterationChange(
        id=x.id,
        category=x.category,
        gene=x.gene,
        name=(after or x).name,
        status=status,
        baseline_vaf=v0,
        progression_vaf=v1,
        vaf_change=delta,
        note=note,
    )


def _sorted(changes: list[AlterationChange]) -> list[AlterationChange]:
    return sorted(changes, key=lambda c: (c.category, c.gene, c.id))


def _ref(r: Report, path: str | None) -> ReportRef:
    return ReportRef(
        path=path,
        sample_id=r.sample_id,
        specimen=r.context.specimen if r.context else None,
        knowledgebase_version=r.knowledgebase.version,
        inputs=sorted({i.kind for i in r.inputs}),
    )


_ACQUIRED_EVENTS = (
    ("alk_compound_mutation", "acquired_compound_mutation", "new compound ALK mutation"),
    ("alk_kinase_domain_mutation", "acquired_resistance_mutation", "new ALK kinase-domain mutation"),
    ("bypass", "acquired_bypass", "new ALK-independent (bypass) alteration"),
    ("histologic_transformation", "acquired_transformation", "histologic transformation at progression"),
)
"""(category of an acquired alteration, the event code, the words of its message), in the events' order"""


def _events(a: Report, changes: dict[str, list[AlterationChange]]) -> list[ComparisonEvent]:
    """What the changes mean, in order: the ALK driver fusion lost or not detected in plasma, each
    class of acquired alteration, and what is new in a class the baseline did not assess."""
    events = _driver_events(a, changes) + _acquired_events(changes["acquired"])
    unseen_before = changes["not_assessed_at_baseline"]
    if unseen_before:
        names = ", ".join(c.name for c in unseen_before)
        events.append(
            ComparisonEvent(
                code="new_not_assessed_at_baseline",
                alterations=[c.id for c in unseen_before],
                message=(
                    f"seen at progression, of a class the baseline did not assess: {names}; "
                    "whether it was present before is not known"
                ),
            )
        )
    return events


def _driver_events(a: Report, changes: dict[str, list[AlterationChange]]) -> list[ComparisonEvent]:
    """The baseline's ALK driver fusion lost, or not detected in a plasma sample at progression."""
    drivers = {
        x.id for x in a.alterations if x.fusion is not None and x.category == "alk_fusion" and x.fusion.role == "driver"
    }
    events = []
    gone = [c for c in changes["lost"] if c.id in drivers]
    if gone:
        events.append(
            ComparisonEvent(
                code="alk_fusion_loss",
                alterations=[c.id for c in gone],
                message=(
                    f"{', '.join(c.name for c in gone)}, seen at baseline, is not detected at progression "
                    "in a sample tested for fusions: loss of the ALK driver fusion, or a sampling difference"
                ),
            )
        )
    missed = [c for c in changes["not_detected_in_plasma"] if c.id in drivers]
    if missed:
        events.append(
            ComparisonEvent(
                code="alk_fusion_not_detected_in_plasma",
                alterations=[c.id for c in missed],
                message=(
                    f"{', '.join(c.name for c in missed)} is not detected in the plasma sample at progression; "
                    "a fusion not detected in plasma is not shown to be lost from the tumour"
                ),
            )
        )
    return events


def _acquired_events(acquired: list[AlterationChange]) -> list[ComparisonEvent]:
    events = []
    for category, code, words in _ACQUIRED_EVENTS:
        new = [c for c in acquired if c.category == category]
        if new:
            events.append(
                ComparisonEvent(
                    code=code,
                    alterations=[c.id for c in new],
                    message=f"{words}: {', '.join(c.name for c in new)}",
                )
            )
    return events


def dumps(comparison: Comparison) -> str:
    """Same reports → same bytes."""
    return json.dumps(comparison.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
