"""Cohort summary: which resistance mechanisms each sample shows and how often, by the last ALK TKI
the patient progressed on (the shape of Figure 2 of seed 001: on-target ALK kinase-domain mutations
25/44, G1202R 12/44 …), and an alterations × samples table.

`sample_summary` works on one report (as its JSON document) and needs nothing heavy, so workers run
it; the tables are built with pandas, imported only here, in the process that gathers the cohort."""

from __future__ import annotations

import math
from pathlib import Path
from typing import IO, Any

from ..knowledge.base import KnowledgeBase

MECHANISMS_FILE = "cohort_mechanisms.tsv"
CALLS_FILE = "cohort_calls.tsv"
SUMMARY_HTML = "cohort_summary.html"
NOT_ESTABLISHED = "alk_driver_not_established"
COUNTED_DRIVERS = (
    "established",
    "not_assessed",
    None,
)  # established, assumed (no fusion input, nothing stated), or a report without the field
ALTERATIONS_TSV = "cohort_alterations.tsv"
ALTERATIONS_PARQUET = "cohort_alterations.parquet"
NOT_STATED = "not stated"
FIXED_BEFORE = ("on_target", "G1202R", "compound")
FIXED_AFTER = ("transformation", "none_found")
_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


def mechanisms(alterations: list[dict[str, Any]]) -> list[str]:
    """A sample's mechanisms, from its report's alterations (not exclusive: a sample can have several):
    on_target (an ALK kinase-domain resistance mutation, single or compound), G1202R, compound (a
    compound mutation not shown to be in trans), bypass:<GENE> per bypass gene, transformation, and
    none_found when there is none of these."""
    categories = {a.get("category") for a in alterations}
    found = _on_target(alterations)
    found += [
        f"bypass:{gene}"
        for gene in sorted({a.get("gene") or "?" for a in alterations if a.get("category") == "bypass"})
    ]
    if "histologic_transformation" in categories:
        found.append("transformation")
    return found or ["none_found"]


def _on_target(alterations: list[dict[str, Any]]) -> list[str]:
    """on_target, G1202R and compound, as they apply."""
    single = [a for a in alterations if a.get("category") == "alk_kinase_domain_mutation"]
    compound = [a for a in alterations if a.get("category") == "alk_compound_mutation" and a.get("phase") != "trans"]
    found = ["on_target"] if single or compound else []
    if any((a.get("variant") or {}).get("protein_change") == "G1202R" for a in single):
        found.append("G1202R")
    return [*found, "compound"] if compound else found


def last_tki(context: dict[str, Any] | None, kb: KnowledgeBase) -> tuple[str, str]:
    """(drug, generation label) of the last ALK TKI course that ended in progression, in the order the
    clinical context gives its treatments (by line where every course numbers one); NOT_STATED twice
    when the context names none."""
    courses = list((context or {}).get("treatments") or [])
    if courses and all(t.get("line") is not None for t in courses):
        courses.sort(key=lambda t: t["line"])
    for course in reversed(courses):
        drug = kb.drug(str(course.get("drug", "")))
        if drug is not None and drug.kind == "alk_tki" and course.get("stop_reason") == "progression":
            generation = (
                f"{_ORDINAL.get(drug.generation, f'{drug.generation}th')}-generation" if drug.generation else NOT_STATED
            )
            return drug.id, generation
    return NOT_STATED, NOT_STATED


def alteration_label(alt: dict[str, Any]) -> str:
    """A row label that is the same across samples: 'ALK p.G1202R', 'MET amplification', the fusion name."""
    variant, cn = alt.get("variant") or {}, alt.get("copy_number") or {}
    if variant.get("protein_change") and alt.get("category") != "alk_compound_mutation":
        return f"{alt.get('gene')} p.{variant['protein_change']}"
    if cn.get("call"):
        return f"{alt.get('gene')} {cn['call']}"
    return str(alt.get("name"))


def sample_summary(doc: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """What the cohort tables need from one report document."""
    alterations = doc.get("alterations") or []
    drug, generation = last_tki(doc.get("context"), kb)
    return {
        "sample_id": doc.get("sample_id"),
        "patient_id": doc.get("patient_id"),
        "alk_driver": (doc.get("alk_driver") or {}).get("status"),
        "calls": {t.get("drug"): t.get("call") for t in doc.get("therapies") or [] if t.get("drug")},
        "last_tki": drug,
        "generation": generation,
        "mechanisms": mechanisms(alterations),
        "alterations": sorted(
            {(a.get("category") or "", a.get("gene") or "", alteration_label(a)) for a in alterations}
        ),
    }


# ----------------------------------------------------------------------------- tables (pandas)


def counted(summary: dict[str, Any]) -> bool:
    """Whether a sample's mechanisms are counted: only where its ALK driver is established (a fusion
    seen) or assumed (ALK positivity stated clinically). A cell line or tumour with no ALK driver
    would otherwise show its KRAS mutation as an ALK-TKI bypass."""
    return summary.get("alk_driver") in COUNTED_DRIVERS


def mechanism_table(summaries: list[dict[str, Any]]) -> Any:
    """Long table: grouping (all / last_tki / generation), group, samples in the group, mechanism,
    count, percent of the group, and for G1202R and compound the percent of the group's on-target
    samples. Percentages are rounded to one decimal. Only samples whose ALK driver is established or
    assumed are counted (`counted`); the others are one row of their own per group,
    `alk_driver_not_established`, its percent of every sample in the group."""
    import pandas as pd

    bypass = sorted({m for s in summaries for m in s["mechanisms"] if m.startswith("bypass:")})
    order = [*FIXED_BEFORE, *bypass, *FIXED_AFTER]
    rows = []
    groupings = [
        ("all", lambda _s: "all"),
        ("last_tki", lambda s: s["last_tki"]),
        ("generation", lambda s: s["generation"]),
    ]
    for grouping, key in groupings:
        groups: dict[str, list[dict[str, Any]]] = {}
        for s in summaries:
            groups.setdefault(key(s), []).append(s)
        for group in sorted(groups, key=lambda g: (g == NOT_STATED, g)):
            rows += _group_rows(grouping, group, groups[group], order)
    columns = ["grouping", "group", "samples", "mechanism", "count", "percent", "percent_of_on_target"]
    return pd.DataFrame(rows, columns=columns)


def _group_rows(grouping: str, group: str, everyone: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """One group's rows: each mechanism among its counted samples, then those not counted."""
    members = [s for s in everyone if counted(s)]
    n = len(members)
    counts = {m: sum(m in s["mechanisms"] for s in members) for m in order}
    rows = []
    for mech in order:
        of_on_target = (
            round(100 * counts[mech] / counts["on_target"], 1)
            if mech in ("G1202R", "compound") and counts["on_target"]
            else None
        )
        rows.append(
            {
                "grouping": grouping,
                "group": group,
                "samples": n,
                "mechanism": mech,
                "count": counts[mech],
                "percent": round(100 * counts[mech] / n, 1) if n else 0.0,
                "percent_of_on_target": of_on_target,
            }
        )
    others = len(everyone) - n
    if others:
        rows.append(
            {
                "grouping": grouping,
                "group": group,
                "samples": n,
                "mechanism": NOT_ESTABLISHED,
                "count": others,
                "percent": round(100 * others / len(everyone), 1),
                "percent_of_on_target": None,
            }
        )
    return rows


def _presence(summaries: list[dict[str, Any]]) -> tuple[list[tuple[str, str, str]], list[str], Any]:
    """(alterations in order, sample ids in cohort order, alterations × samples int8 array: 1 = has it)."""
    import numpy as np

    keys = sorted({tuple(a) for s in summaries for a in s["alterations"]})
    index = {k: i for i, k in enumerate(keys)}
    present = np.zeros((len(keys), len(summaries)), dtype=np.int8)
    for j, s in enumerate(summaries):
        for a in s["alterations"]:
            present[index[tuple(a)], j] = 1
    return keys, [str(s["sample_id"]) for s in summaries], present


def alteration_matrix(summaries: list[dict[str, Any]]) -> Any:
    """Alterations × samples: one row per alteration (category, gene, alteration), one column per sample
    in cohort order, 1 where the sample has it."""
    return _frame(*_presence(summaries))


def _frame(keys: list[tuple[str, str, str]], samples: list[str], present: Any) -> Any:
    import pandas as pd

    rows = pd.DataFrame(
        {"category": [k[0] for k in keys], "gene": [k[1] for k in keys], "alteration": [k[2] for k in keys]}
    )
    return pd.concat([rows, pd.DataFrame(present, columns=samples)], axis=1)


def _write_matrix_tsv(fh: IO[str], keys: list[tuple[str, str, str]], samples: list[str], present: Any) -> None:
    """The alterations × samples TSV as pandas' to_csv writes it, a row at a time: the 0/1 cells of a
    row are laid out by numpy, not formatted one by one (pandas took 12 s for 20,000 samples × 2,000
    alterations and held the whole text)."""
    import numpy as np

    from ..report.tsv import (
        tsv_line as line,
    )  # the cell policy of every alkannot TSV: pandas' quoting for ordinary names,
    # control characters shown and formula-like sample names written as text (report/tsv.py)

    fh.write(line(["category", "gene", "alteration", *samples]) + "\n")
    cells = np.full(2 * len(samples), ord("\t"), dtype=np.uint8)  # '0' or '1', then a tab; the last one a newline
    if len(samples):
        cells[-1] = ord("\n")
    for key, row in zip(keys, present, strict=False):
        cells[0::2] = row + ord("0")
        fh.write(line(list(key)) + ("\t" + cells.tobytes().decode("ascii") if len(samples) else "\n"))


def calls_table(summaries: list[dict[str, Any]]) -> Any:
    """Samples × drugs: one row per sample (sample_id, patient_id, alk_driver), one column per drug
    (in the order the reports call them), the report's call for that drug; empty where none."""
    import pandas as pd

    drugs = list(dict.fromkeys(d for s in summaries for d in s.get("calls", {})))
    rows = [
        {
            "sample_id": s["sample_id"],
            "patient_id": s.get("patient_id"),
            "alk_driver": s.get("alk_driver"),
            **{d: s.get("calls", {}).get(d) for d in drugs},
        }
        for s in summaries
    ]
    return pd.DataFrame(rows, columns=["sample_id", "patient_id", "alk_driver", *drugs])


def _tsv(frame: Any) -> str:
    """A frame as TSV under the cell policy every alkannot TSV follows (report/tsv.py)."""
    from ..report.tsv import tsv_line

    lines = [tsv_line(list(frame.columns))]
    for row in frame.itertuples(index=False):
        lines.append(tsv_line([None if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in row]))
    return "\n".join(lines) + "\n"


def write_summary(summaries: list[dict[str, Any]], out_dir: str | Path) -> list[Path]:
    """The cohort tables and the summary page in `out_dir` (each written atomically); returns their paths."""
    from ..outputs import atomic_file, write_atomic
    from .page import render_summary_page

    out = Path(out_dir)
    paths = [
        out / MECHANISMS_FILE,
        out / ALTERATIONS_TSV,
        out / ALTERATIONS_PARQUET,
        out / CALLS_FILE,
        out / SUMMARY_HTML,
    ]
    mechanism_frame = mechanism_table(summaries)
    calls_frame = calls_table(summaries)
    write_atomic(str(paths[0]), mechanism_frame.to_csv(sep="\t", index=False, lineterminator="\n"))
    write_atomic(str(paths[3]), _tsv(calls_frame))
    write_atomic(str(paths[4]), render_summary_page(mechanism_frame, calls_frame))
    keys, samples, present = _presence(summaries)
    with atomic_file(str(paths[1])) as fh:
        _write_matrix_tsv(fh, keys, samples, present)
    with atomic_file(str(paths[2]), binary=True) as fh:
        _write_matrix_parquet(fh, keys, samples, present)
    return paths


def _write_matrix_parquet(fh: IO[bytes], keys: list[tuple[str, str, str]], samples: list[str], present: Any) -> None:
    """The same table as Parquet, built column by column with pyarrow. Through pandas, 100,000 sample
    columns of an 8-row table took 8.7 s and 0.9 GB and wrote 52 MB, most of it per-column metadata
    (pandas' own schema note and min/max statistics); here 2.9 s and 21 MB, statistics kept for the
    three label columns only. pandas reads it back as the same frame."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    labels = ["category", "gene", "alteration"]
    arrays = [pa.array([k[i] for k in keys], pa.string()) for i in range(3)]
    arrays += [pa.array(present[:, j]) for j in range(len(samples))]
    pq.write_table(pa.Table.from_arrays(arrays, names=labels + samples), fh, write_statistics=labels)
