"""`alkannot annotate-maf`: a MAF, fusion table or copy-number table with the columns OncoKB's
annotator appends (and cBioPortal and downstream pipelines already parse), filled from alkannot's
knowledge base, plus alkannot's own per-drug call columns — for every row, every sample.

Column names, their order and the level spelling follow oncokb/oncokb-annotator's AnnotatorCore.py
(`get_oncokb_annotation_column_headers`, `get_highest_tx_level`, read at commit 1cbdfb2b of
2025-07-16): `LEVEL_1`, `LEVEL_2`, `LEVEL_3A`, `LEVEL_3B`, `LEVEL_4`, `LEVEL_R1`, `LEVEL_R2` (in that,
sorted, order) each list the treatments at that level, `,`-separated, a combination's drugs joined
with `+`; `HIGHEST_LEVEL` is the first filled level in the order R1, 1, 2, 3A, 3B, 4, R2;
`HIGHEST_SENSITIVE_LEVEL` the first of 1 … 4; `HIGHEST_RESISTANCE_LEVEL` the first of R1, R2;
`TX_CITATIONS` the PMIDs, `;`-separated. `ANNOTATED` is `True` on a row alkannot read. The
annotator's oncogenicity, mutation-effect, diagnostic and prognostic columns are not written:
alkannot's knowledge base does not hold those facts.

The levels are alkannot's knowledge base's (OncoKB's therapeutic scale, curated for ALK-inhibitor
resistance), not OncoKB's own data. A row's drugs are those the knowledge base names for the row's
alteration, and the sample's per-drug calls that the alteration drives.

Input rows are copied byte for byte (comment lines too) and the new cells appended, written under
the TSV cell policy of `report/tsv.py`; a column the input already has is filled in place. Each
sample is annotated once through the same `annotate()` as a report, the table itself read once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .errors import InputError, require_file, utf8_text
from .knowledge.base import KnowledgeBase
from .model import Alteration, Report
from .report.tsv import cell

if TYPE_CHECKING:
    from .api import BuildName, FusionFormat

LEVEL_COLUMNS = (
    "LEVEL_1",
    "LEVEL_2",
    "LEVEL_3A",
    "LEVEL_3B",
    "LEVEL_4",
    "LEVEL_R1",
    "LEVEL_R2",
)  # sorted(levels), as the annotator writes them
HIGHEST_ORDER = (
    "LEVEL_R1",
    "LEVEL_1",
    "LEVEL_2",
    "LEVEL_3A",
    "LEVEL_3B",
    "LEVEL_4",
    "LEVEL_R2",
)  # the annotator's `levels`
SENSITIVE = ("LEVEL_1", "LEVEL_2", "LEVEL_3A", "LEVEL_3B", "LEVEL_4")
RESISTANCE = ("LEVEL_R1", "LEVEL_R2")
ONCOKB_COLUMNS = (
    "ANNOTATED",
    *LEVEL_COLUMNS,
    "HIGHEST_LEVEL",
    "HIGHEST_SENSITIVE_LEVEL",
    "HIGHEST_RESISTANCE_LEVEL",
    "TX_CITATIONS",
)
OWN_COLUMNS = ("ALKANNOT_ALTERATION", "ALKANNOT_CATEGORY", "ALKANNOT_EVIDENCE", "ALKANNOT_REPORT_ID")
CALL_PREFIX = "ALKANNOT_CALL_"
CNA_EVENTS = {
    "2": "Amplification",
    "-2": "Deletion",
    "-1.5": "Deletion",
}  # the annotator's cnaEventMap, events it annotates

_SAMPLE_COLUMNS = ("tumor_sample_barcode", "sample_id", "sample")
_PROTEIN_COLUMNS = ("hgvsp_short", "protein_change", "alteration", "amino_acid_change", "hgvsp")


@dataclass
class TableResult:
    kind: str
    rows: int
    samples: int


def call_column(drug: str) -> str:
    """'tpx-0131' → 'ALKANNOT_CALL_TPX_0131'."""
    return CALL_PREFIX + re.sub(r"[^A-Z0-9]+", "_", drug.upper()).strip("_")


def _oncokb_level(level: str | None) -> str | None:
    if not level:
        return None
    name = "LEVEL_" + level.strip().upper().removeprefix("LEVEL_")
    return name if name in LEVEL_COLUMNS else None


# ---------------------------------------------------------------- reading the table once


def _read(path: Path) -> tuple[list[str], int, list[str], list[list[str]]]:
    """(lines before the header, header index, header cells, data rows as cells); rows keep their text."""
    require_file(path, "a table")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    text = utf8_text(path, raw)
    lines = text.splitlines() if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    start = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None)
    if start is None:
        raise InputError(path, "no header line")
    header = lines[start].split("\t")
    return lines[:start], start, header, [line.split("\t") for line in lines[start + 1 :]]


def _kind(path: Path, header: list[str]) -> str:
    names = {h.strip().lower() for h in header}
    if "fusion" in names:
        return "fusions"
    if {"genea", "geneb"} <= names or {"gene1", "gene2"} <= names:
        return "sv"  # the annotator's structural-variant table (GeneA, GeneB, Sv_Type)
    if "copy_number_alteration" in names:
        return "cna-long"
    if "hugo_symbol" in names and names & {
        "hgvsp_short",
        "variant_classification",
        "start_position",
        "hgvsp",
        "protein_change",
        "alteration",
    }:
        return "maf"
    if header and header[0].strip().lower() in ("hugo_symbol", "gene symbol"):
        return "cna-matrix"
    raise InputError(
        path,
        "not a MAF, fusion table (a Fusion column), structural-variant table (GeneA, GeneB) or "
        "copy-number table (Copy_Number_Alteration, or a Hugo_Symbol × sample matrix)",
    )


def _index(header: list[str], names: tuple[str, ...]) -> int | None:
    lower = [h.strip().lower() for h in header]
    return next((lower.index(n) for n in names if n in lower), None)


def _matrix_first_sample(header: list[str]) -> int:
    """The annotator's getfirstcolumnofsampleingisticdata: after Hugo_Symbol, Entrez_Gene_Id/Locus ID, Cytoband."""
    lower = [h.strip().lower() for h in header]
    if len(lower) < 2 or lower[1] not in ("entrez_gene_id", "locus id"):
        return 1
    if len(lower) < 3 or lower[2] != "cytoband":
        return 2
    return 3


# ---------------------------------------------------------------- one row's cells


def _drugs_of(alts: list[Alteration], report: Report) -> dict[str, tuple[str, str | None, list[str]]]:
    """drug → (call, level, citations) for the row's alterations: the knowledge base's evidence for them,
    else a sample call they drive (not the not-applicable/unknown ones)."""
    out: dict[str, tuple[str, str | None, list[str]]] = {}
    for alt in alts:
        for ev in alt.evidence:
            if ev.drug and ev.call and ev.drug not in out:
                out[ev.drug] = (ev.call, ev.level, list(ev.citations))
    ids = {a.id for a in alts}
    for t in report.therapies:
        if t.drug not in out and ids & set(t.driven_by) and t.call not in ("not_applicable", "unknown"):
            out[t.drug] = (t.call, t.level, list(t.citations))
    return out


def _levels(by_drug: dict[str, tuple[str, str | None, list[str]]]) -> dict[str, list[str]]:
    """OncoKB level column → the drugs at that level, in the row's drug order."""
    levels: dict[str, list[str]] = {c: [] for c in LEVEL_COLUMNS}
    for drug, (_call, level, _citations) in by_drug.items():
        column = _oncokb_level(level)
        if column and drug not in levels[column]:
            levels[column].append(drug)
    return levels


def _pmids(by_drug: dict[str, tuple[str, str | None, list[str]]]) -> list[str]:
    """The PMIDs the row's drugs cite, each once, in order (other identifiers are not TX_CITATIONS)."""
    pmids: list[str] = []
    for _call, _level, citations in by_drug.values():
        for c in citations:
            kind, _, value = c.partition(":")
            if kind.upper() == "PMID" and value.strip() and value.strip() not in pmids:
                pmids.append(value.strip())
    return pmids


_HIGHEST = {
    "HIGHEST_LEVEL": HIGHEST_ORDER,
    "HIGHEST_SENSITIVE_LEVEL": SENSITIVE,
    "HIGHEST_RESISTANCE_LEVEL": RESISTANCE,
}
"""each HIGHEST_ column: the levels it takes the first filled one of"""


def _cells(alts: list[Alteration], report: Report, drugs: list[str]) -> dict[str, str]:
    by_drug = _drugs_of(alts, report)
    levels = _levels(by_drug)
    values: dict[str, Any] = {c: ",".join(levels[c]) for c in LEVEL_COLUMNS}
    values["ANNOTATED"] = "True"
    for column, order in _HIGHEST.items():
        values[column] = next((c for c in order if levels[c]), "")
    values["TX_CITATIONS"] = ";".join(_pmids(by_drug))
    values["ALKANNOT_ALTERATION"] = "; ".join(a.name for a in alts)
    values["ALKANNOT_CATEGORY"] = ";".join(dict.fromkeys(a.category for a in alts))
    values["ALKANNOT_EVIDENCE"] = ";".join(f"{d}={c}:{lv or ''}" for d, (c, lv, _) in by_drug.items())
    values["ALKANNOT_REPORT_ID"] = report.report_id or ""
    for drug in drugs:
        values[call_column(drug)] = by_drug[drug][0] if drug in by_drug else ""
    return {k: cell(v) for k, v in values.items()}


# ---------------------------------------------------------------- matching rows to the sample's alterations


def _short_protein(text: str) -> str:
    value = text.strip()
    if ":" in value:
        value = value.split(":")[-1]
    return value.removeprefix("p.")


def _maf_matches(row: dict[str, str], alts: list[Alteration]) -> list[Alteration]:
    gene = row.get("hugo_symbol", "").strip()
    protein = next(
        (_short_protein(row[c]) for c in _PROTEIN_COLUMNS if row.get(c, "").strip() not in ("", ".", "NA")), ""
    )
    pos, ref, alt_allele = (
        row.get("start_position", "").strip(),
        row.get("reference_allele", "").strip(),
        row.get("tumor_seq_allele2", "").strip(),
    )
    hits = []
    for a in alts:
        v = a.variant
        if v is None or a.gene != gene:
            continue
        same_place = (
            pos.isdigit() and int(pos) == v.pos and ref.upper() == v.ref.upper() and alt_allele.upper() == v.alt.upper()
        )
        same_protein = bool(protein) and protein in (v.protein_change, (v.hgvs_p or "").removeprefix("p."))
        if same_place or same_protein:
            hits.append(a)
    return hits


def _genes(text: str) -> set[str]:
    name = re.sub(r"\s+fusion$", "", text.strip(), flags=re.IGNORECASE)
    return {g for g in re.split(r"::|--|-|/", name) if g}


def _fusion_matches(row: dict[str, str], alts: list[Alteration]) -> list[Alteration]:
    if "fusion" in row:
        genes = _genes(row["fusion"])
    else:  # a structural-variant row: GeneA/GeneB (or GENE1/GENE2); one gene twice is an intragenic event, not a fusion
        pair = [row.get(a, row.get(b, "")).strip() for a, b in (("genea", "gene1"), ("geneb", "gene2"))]
        genes = set(pair) if len(set(pair)) == 2 else set()
    return [a for a in alts if a.fusion and {a.fusion.five_prime_gene, a.fusion.three_prime_gene} == genes]


def _cna_matches(gene: str, alts: list[Alteration]) -> list[Alteration]:
    return [a for a in alts if a.copy_number and a.gene == gene.strip()]


def _cna_long_matches(row: dict[str, str], alts: list[Alteration]) -> list[Alteration]:
    return _cna_matches(row.get("hugo_symbol", ""), alts)


_MATCHERS = {"maf": _maf_matches, "fusions": _fusion_matches, "sv": _fusion_matches, "cna-long": _cna_long_matches}
"""table kind → the row's alterations among the sample's (a copy-number matrix is matched by gene)"""

_ARGUMENT = {"maf": "maf", "fusions": "fusions", "sv": "fusions", "cna-long": "cnv", "cna-matrix": "cnv"}
"""table kind → the `annotate()` input it is given as"""


# ---------------------------------------------------------------- the command


@dataclass
class _Table:
    """The input table, read once: the lines before its header, the header, the data rows, its kind."""

    path: Path
    comments: list[str]
    header: list[str]
    rows: list[list[str]]
    kind: str

    @property
    def lower(self) -> list[str]:
        return [h.strip().lower() for h in self.header]


def annotate_table(
    path: str | Path, destination: str, kb: KnowledgeBase, build: str = "auto", fusion_format: str = "auto"
) -> TableResult:
    """Read the table once, annotate each of its samples once, write every row with the new columns."""
    from .outputs import write_atomic

    p = Path(path)
    comments, _start, header, rows = _read(p)
    table = _Table(p, comments, header, rows, _kind(p, header))
    samples, isample = _samples(table)
    reports = {sample: _annotate_sample(table, sample, kb, build, fusion_format) for sample in samples}
    drugs = list(dict.fromkeys(t.drug for r in reports.values() for t in r.therapies)) or [d.name for d in kb.drugs]
    if isample is None:
        body = _matrix_lines(table, samples, reports, drugs)
    else:
        body = _row_lines(table, isample, reports, drugs)
    write_atomic(destination, "\n".join([*comments, *body]) + "\n")
    return TableResult(table.kind, len(rows), len(samples))


def _samples(table: _Table) -> tuple[list[str], int | None]:
    """The table's samples in order of appearance, and the column that names a row's sample (None for a
    copy-number matrix, whose columns are the samples)."""
    if table.kind == "cna-matrix":
        return [s for s in table.header[_matrix_first_sample(table.header) :] if s.strip()], None
    isample = _index(table.header, _SAMPLE_COLUMNS)
    if isample is None:
        raise InputError(
            table.path, "no sample column (Tumor_Sample_Barcode or SAMPLE_ID): cannot tell whose rows are whose"
        )
    named = (r[isample].strip() for r in table.rows if len(r) > isample and not r[0].startswith("#"))
    return list(dict.fromkeys(name for name in named if name)), isample


def _annotate_sample(table: _Table, sample: str, kb: KnowledgeBase, build: str, fusion_format: str) -> Report:
    """One sample of the table through the same `annotate()` as a report."""
    from .api import annotate

    inputs: dict[str, Any] = {_ARGUMENT[table.kind]: table.path}
    return annotate(
        **inputs,
        sample=sample,
        kb=kb,
        build=cast("BuildName", build),
        fusion_format=cast("FusionFormat", fusion_format if table.kind in ("fusions", "sv") else "auto"),
    )


def _new_columns(drugs: list[str]) -> list[str]:
    return [*ONCOKB_COLUMNS, *OWN_COLUMNS, *(call_column(d) for d in drugs)]


def _matrix_lines(table: _Table, samples: list[str], reports: dict[str, Report], drugs: list[str]) -> list[str]:
    """The annotator's long output of a copy-number matrix: one row per sample and amplified or deleted gene."""
    new = _new_columns(drugs)
    out = ["\t".join(["SAMPLE_ID", "HUGO_SYMBOL", "ALTERATION", *new])]
    for sample in samples:
        col = table.header.index(sample)
        report = reports[sample]
        for r in table.rows:
            if len(r) <= col or r[0].startswith("#") or r[col].strip() not in CNA_EVENTS:
                continue
            gene = r[0].strip()
            cells = _cells(_cna_matches(gene, report.alterations), report, drugs)
            out.append("\t".join([cell(sample), cell(gene), CNA_EVENTS[r[col].strip()], *(cells[c] for c in new)]))
    return out


def _row_lines(table: _Table, isample: int, reports: dict[str, Report], drugs: list[str]) -> list[str]:
    """Every row as given with the new cells: filled in place where the input has the column, appended
    after it otherwise; blank and comment lines pass through."""
    new = _new_columns(drugs)
    lower = table.lower
    extra = [c for c in new if c.lower() not in lower]
    in_place = [(lower.index(c.lower()), c) for c in new if c.lower() in lower]
    out = ["\t".join(table.header + extra)]
    for r in table.rows:
        if not any(x.strip() for x in r) or r[0].startswith("#"):
            out.append("\t".join(r))
            continue
        named = {lower[i]: r[i] for i in range(min(len(r), len(lower)))}
        report = reports.get(named.get(lower[isample], "").strip())
        if report is None:
            cells = {c: "" for c in new} | {"ANNOTATED": "False"}
        else:
            cells = _cells(_MATCHERS[table.kind](named, report.alterations), report, drugs)
        row = list(r) + [""] * max(0, len(table.header) - len(r))
        for i, c in in_place:
            row[i] = cells[c]
        out.append("\t".join(row + [cells[c] for c in extra]))
    return out
