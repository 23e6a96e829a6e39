"""Reading a fusion table with its `Dialect`: every data row parsed once (checked for cells cut short,
unusable numbers, missing partners and a name that disagrees with the gene columns) and grouped by the
sample it names; one sample's calls and warnings taken from it. A cohort run's cache keeps the parsed
table, so that the samples sharing it read it once per worker."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from ...model import FusionCall, ReportWarning
from ...runcache import RunCache
from ..samples import choose_row
from .dialects import Dialect, table_sample_column
from .header import Header
from .lines import _split
from .notation import parse_notation
from .result import FusionReadResult
from .values import _text, _unusable_number


class _Table(NamedTuple):
    """Every data row of a fusion table, parsed once and grouped by the sample it names (None: the
    table has no sample column, or the row names none)."""

    sample_column: str | None
    samples: list[str]
    """every sample the table names, in order; handed to each sample's result as it is (within a run
    the results share it: a copy per sample of a 100,000-sample list was 1.4 ms)"""
    known: dict[str, None]
    """the same names as an ordered set, for the look-up a cohort makes per sample"""
    calls: dict[str | None, list[FusionCall]]
    warnings: dict[str | None, list[ReportWarning]]
    rows: int


def _read_table(
    p: Path, lines: Iterable[str], header: Header, dialect: Dialect, *, sample: str | None, cache: RunCache
) -> FusionReadResult:
    """One sample's calls. The table is parsed whole; with a cohort run's `cache` once per worker."""
    table = cache.kept(
        ("fusion-table", str(p), dialect.format, header.delimiter, header.first),
        lambda: _parse_table(p, lines, header, dialect),
    )
    chosen = choose_row(p, table.known, sample) if table.sample_column is not None else None
    warnings = [
        *table.warnings.get(None, []),
        *(table.warnings.get(chosen, []) if chosen is not None else []),
    ]  # the table's, then the sample's
    unowned = len(table.calls.get(None, [])) if chosen is not None else 0
    if unowned:  # in a table that names samples, a row naming none is no one's: never attributed to the chosen one
        warnings.append(
            ReportWarning(
                code="fusion_row_skipped",
                message=f"{p}: {unowned} fusion row(s) name no sample in the {table.sample_column!r} column; "
                f"not read for {chosen}",
            )
        )
    return FusionReadResult(
        str(p),
        dialect.format,
        dialect.label,
        list(table.calls.get(chosen, [])),
        warnings,
        table.samples,
        chosen,
        table.rows,
    )


def _parse_table(p: Path, lines: Iterable[str], header: Header, dialect: Dialect) -> _Table:
    """Every data row after the header line → calls and warnings by sample."""
    first, columns, delimiter = header
    index = {c: i for i, c in reversed(list(enumerate(columns)))}
    i_sample = table_sample_column(dialect, columns)
    samples: dict[str, None] = {}
    calls: dict[str | None, list[FusionCall]] = {}
    said: dict[str | None, list[ReportWarning]] = {}
    n_rows = 0
    for n, line in enumerate(lines, 1):  # n: the 1-based line number
        if n <= first + 1 or not line.strip() or line.startswith("#"):
            continue
        cells = _split(line, delimiter)
        n_rows += 1
        if any(index[c] >= len(cells) for c in dialect.required):  # cut short: not even its sample cell is trusted
            said.setdefault(None, []).append(
                ReportWarning(
                    code="fusion_row_skipped",
                    message=f"{p}:{n}: {len(cells)} column(s) where the header has {len(columns)}; row skipped",
                )
            )
            continue
        owner = (_text(cells[i_sample]) if i_sample < len(cells) else None) if i_sample is not None else None
        if owner:
            samples.setdefault(owner)
        warnings = said.setdefault(owner, [])
        call = _row_call(_Cells(p, n, index, cells), dialect, owner, warnings)
        if call is not None:
            calls.setdefault(owner, []).append(call)
    return _Table(columns[i_sample] if i_sample is not None else None, list(samples), samples, calls, said, n_rows)


class _Cells(NamedTuple):
    """One data row: where it is and its cells by column name."""

    p: Path
    n: int
    columns: dict[str, int]
    """column name → its index"""
    cells: list[str]


def _row_call(row: _Cells, dialect: Dialect, owner: str | None, warnings: list[ReportWarning]) -> FusionCall | None:
    """One row → its call, or None (a row the dialect passes over, or one skipped with a warning)."""
    p, n = row.p, row.n
    odd: list[str] = []

    def get(col: str) -> str | None:
        i = row.columns.get(col)
        cell = row.cells[i] if i is not None and i < len(row.cells) else None
        if cell is not None and "strand" not in col and _unusable_number(cell):
            odd.append(f"{col} {cell.strip()[:20]!r}")
        return cell

    values = dialect.parse(get)
    if values is None:
        return None
    if odd:
        warnings.append(
            ReportWarning(
                code="bad_value_ignored",
                message=f"{p}:{n}: {', '.join(odd)}: a negative or non-finite number; value ignored",
            )
        )
    skipped = _skipped(values)
    if skipped is not None:
        warnings.append(ReportWarning(code="fusion_row_skipped", message=f"{p}:{n}: {skipped}; row skipped"))
        return None
    _check_name(p, n, values, warnings)
    return FusionCall(file=str(p), line=n, format=dialect.format, caller=dialect.label, sample=owner, **values)


def _skipped(values: dict[str, Any]) -> str | None:
    """Why a parsed row is not a call (the dialect's reason, a notation not read, a partner missing), or None.
    Takes the dialect's `skip` and `unparsed` markers out of `values`."""
    skip = values.pop("skip", None)
    if skip:
        return str(skip)
    if values.pop("unparsed", False):
        return f"{values.get('name_as_given')!r} is not a fusion notation alkannot reads"
    five, three = values.get("five_prime_gene"), values.get("three_prime_gene")
    if five is None or three is None:
        have = three or five
        name = values.get("name_as_given")
        return f"{name or 'the row'!s} names no {'5′' if five is None else '3′'} partner{f' of {have}' if have else ''}"
    return None


def _check_name(p: Path, n: int, values: dict[str, Any], warnings: list[ReportWarning]) -> None:
    """A fusion name that disagrees with the gene columns: the gene columns are used, with a warning."""
    name = values.get("name_as_given")
    if not name or values.get("five_prime_gene") == "intergenic":
        return
    sep = next((s for s in ("::", "--") if s in name), None)
    if sep is not None and name.count(sep) == 1:
        said = {g.strip().upper() for g in name.split(sep)}
    else:
        notation = parse_notation(name)
        if notation is None:
            return
        said = {notation.first.upper(), notation.second.upper()}
    genes = {str(values["five_prime_gene"]).upper(), str(values["three_prime_gene"]).upper()}
    if said != genes:
        warnings.append(
            ReportWarning(
                code="fusion_name_disagrees",
                message=f"{p}:{n}: the name says {name} but the gene columns say "
                f"{values['five_prime_gene']} and {values['three_prime_gene']}; "
                "the gene columns (and coordinates) are used",
            )
        )
