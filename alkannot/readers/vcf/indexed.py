"""Region queries through a `.csi`/`.tbi` index beside a bgzip VCF or BCF: the index is used only once
it is shown to fit the file (readers/index.py) and htslib opens it; a query htslib refuses makes the
caller read the file without it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from ...genome.builds import normalize_contig
from ...model import ReportWarning
from .records import Region

INDEX_SUFFIXES = (".csi", ".tbi")
"""what htslib looks for beside a bgzip VCF or BCF, in its order"""


def windows(contigs: list[str], regions: list[Region]) -> dict[str, list[list[int]]]:
    """Per contig name (as the file or its index writes it), the merged 1-based windows of `regions`
    on it: overlapping regions (ALK in both builds) are read once, as when streaming."""
    out: dict[str, list[list[int]]] = {}
    for contig in contigs:
        for region in regions:
            if normalize_contig(contig) == region.chrom:
                out.setdefault(contig, []).append([region.start, region.end])
    for contig, spans in out.items():
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out[contig] = merged
    return out


def fetch(indexed: Any, regions: list[Region]) -> list[Any] | None:
    """Every record of `regions` through the index, in order, each once; None when htslib refuses a
    query (the caller then reads the file without the index)."""
    contigs = list(indexed.index) if indexed.index is not None else []
    out: list[Any] = []
    for contig, merged in windows(contigs, regions).items():
        previous_end = 0
        for start, end in merged:
            try:
                fetched = indexed.fetch(contig, start - 1, end)
            except (ValueError, KeyError):
                return None
            for rec in fetched:
                if rec.start < previous_end:  # a long record also in the previous window: already read
                    continue
                out.append(rec)
            previous_end = end
    return out


def _unusable(warnings: list[ReportWarning], message: str) -> None:
    warnings.append(ReportWarning(code="vcf_index_unusable", message=message))


def verified_index(
    vf: Any, path: Path, kind: str, regions: list[Region], warnings: list[ReportWarning]
) -> tuple[Any, str] | None:
    """The file opened with the first index beside it that fits it (readers/index.py) and that htslib
    opens, and that index's name; each one that does not is a warning, and without one the file is
    read without an index (None)."""
    from .. import index as vcf_index

    found = [Path(str(path) + ext) for ext in INDEX_SUFFIXES if Path(str(path) + ext).is_file()]
    if not found:
        return None
    if kind not in {"bgzf", "bcf"}:
        _unusable(
            warnings,
            f"{path}: {found[0].name} is beside a file that is not bgzip-compressed, so it cannot index it; "
            "the file is read without it",
        )
        return None
    header_ids = {name: c.id for name, c in vf.header.contigs.items()}
    windows_of, covered = _query_plan(regions)
    for candidate in found:
        problem = vcf_index.verify(path, candidate, kind, windows_of=windows_of, header_ids=header_ids, covered=covered)
        if problem is None and candidate == found[0] and vf.index is not None:
            return vf, candidate.name  # the index htslib loaded when it opened the file (it looks in the same order)
        opened = open_indexed(path, candidate) if problem is None else None
        if opened is not None:
            return opened, candidate.name
        problem = problem or "cannot be opened by htslib"
        _unusable(warnings, f"{path}: the index {candidate.name} {problem}; the file is read without it")
    return None


def _query_plan(
    regions: list[Region],
) -> tuple[Callable[[list[str]], dict[str, list[tuple[int, int]]]], Callable[[list[str]], bool]]:
    """What an index is checked against: per contig name, the 0-based half-open windows queried; and
    whether a list of names holds every contig of `regions`."""

    def windows_of(names: list[str]) -> dict[str, list[tuple[int, int]]]:
        return {c: [(s - 1, e) for s, e in ws] for c, ws in windows(names, regions).items()}

    def covered(names: list[str]) -> bool:
        return {r.chrom for r in regions} <= {normalize_contig(n) for n in names}

    return windows_of, covered


def open_indexed(path: Path, index: Path) -> Any:
    """The file opened by htslib with `index`, or None when htslib cannot load the index."""
    import pysam

    try:
        vf = pysam.VariantFile(str(path), index_filename=str(index))
    except (ValueError, OSError):
        return None
    if vf.index is None:
        close_quietly(vf)
        return None
    return vf


def close_quietly(vf: Any) -> None:
    """Close a pysam file; htslib's complaint on closing a damaged file ('Closing failed') must not
    replace the error that names the damage."""
    with suppress(OSError):
        vf.close()
