"""Illumina TruSight Oncology 500 `CombinedVariantOutput.tsv` (Local App and DRAGEN TSO 500): one file
of `[Section]`s — `[Analysis Details]` (Pair ID, DNA and RNA Sample IDs), `[Gene Amplifications]`
(Gene, Fold Change), `[Splice Variants]` (Gene, Affected Exon, Breakpoint 1/2, Splice Supporting
Reads), `[Fusions]` (Gene Pair, Breakpoint 1/2, Fusion Supporting Reads), `[Small Variants]` (Gene,
Chromosome, Genomic Position, Reference/Alternative Call, Allele Frequency, Depth, …) and sections
this tool does not use (TMB, MSI, exon-level CNVs …), each a header row and one row per call, `NA`
for none, lines padded with tabs.

Every section is read into the observations the other readers give: small variants (classified
from their coordinates, as a VCF's), copy-number calls (fold change as a log2 ratio, so the
classifier's copy number is 2 × fold change, purity-corrected where purity is known), fusion calls
and, for the splice variants, intragenic junctions (MET `14/21`: exon 13 joined to exon 15, which
the fusion classifier names MET exon 14 skipping). The file states no build (the Local App is
GRCh37); the breakpoints and REF alleles tell it, as for any input."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .sniff import is_combined_variant_output

if TYPE_CHECKING:
    from ..model import Breakpoint, CopyNumberCall, FusionCall, ReportWarning, SmallVariant
    from .fusions import FusionReadResult

__all__ = ["Tso500Result", "is_combined_variant_output", "read_tso500"]

LABEL = "TSO500 CombinedVariantOutput"
_SECTION = r"^\[(?P<name>[^\]]+)\]\s*$"  # patterns as text: compiled (and cached by re) on first use, not at import


class Tso500Result(NamedTuple):
    path: str
    sample: str | None
    samples: list[str]
    variants: list[SmallVariant]
    copy_number: list[CopyNumberCall]
    fusions: FusionReadResult
    sections: list[str]
    """the sections the file holds, in order"""
    warnings: list[ReportWarning]


def _sections(p: Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Section name → its rows (line number, cells without the tab padding), header row first."""
    from ..errors import InputError

    out: dict[str, list[tuple[int, list[str]]]] = {}
    current: list[tuple[int, list[str]]] | None = None
    try:
        with open(p, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                cells = line.rstrip("\r\n").split("\t")
                while cells and not cells[-1].strip():
                    cells.pop()
                m = re.match(_SECTION, cells[0].strip()) if cells else None
                if m:
                    current = out.setdefault(m["name"].strip(), [])
                    continue
                if not cells:  # a blank line ends a section that has begun
                    current = None if current else current
                    continue
                if current is not None:
                    current.append((n, [c.strip() for c in cells]))
    except UnicodeDecodeError:
        raise InputError(p, "not a UTF-8 text file") from None
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    return out


def _table(rows: list[tuple[int, list[str]]]) -> list[tuple[int, dict[str, str]]]:
    """A section's rows as dicts by the lower-cased header; a row saying only NA (none) is dropped."""
    if not rows:
        return []
    header = [h.lower() for h in rows[0][1]]
    body = [
        (n, cells) for n, cells in rows[1:] if cells and cells[0].upper() != "NA" or len(cells) > 1 and any(cells[1:])
    ]
    return [(n, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}) for n, cells in body]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _bp(text: str) -> tuple[str, int] | None:
    m = re.match(r"^(?:chr)?([^:\s]+):(\d+)$", text.strip(), re.I)
    return (m[1], int(m[2])) if m else None


def _skipped_exons(text: str) -> tuple[int, int] | None:
    """'14/21' → (14, 14); '2-7/28' → (2, 7); '' → None (a cryptic exon: not an annotated skip)."""
    m = re.match(r"^(\d+)(?:-(\d+))?(?:/\d+)?$", text.strip())
    return (int(m[1]), int(m[2] or m[1])) if m else None


def read_tso500(path: str | Path, sample: str | None = None) -> Tso500Result:
    """Every section of one CombinedVariantOutput, for its one pair of DNA and RNA samples."""
    from ..errors import InputError, require_file
    from .fusions import FusionReadResult

    p = Path(path)
    require_file(p, "a TSO500 CombinedVariantOutput.tsv")
    if not is_combined_variant_output(p):
        raise InputError(
            p,
            "not a TSO500 CombinedVariantOutput.tsv (no 'TruSight Oncology 500' title or [Analysis Details] section)",
            line=1,
        )
    sections = _sections(p)
    samples, chosen = _sample(p, sections.get("Analysis Details", []), sample)
    variants, variant_warnings = _small_variants(p, _table(sections.get("Small Variants", [])), chosen)
    copy_number, cnv_warnings = _amplifications(p, _table(sections.get("Gene Amplifications", [])), chosen)
    calls = [
        *_fusions(p, _table(sections.get("Fusions", [])), chosen),
        *_splice_variants(p, _table(sections.get("Splice Variants", [])), chosen),
    ]
    fusions = FusionReadResult(str(p), "tso500", LABEL, calls, [], samples, chosen, len(calls))
    return Tso500Result(
        str(p), chosen, samples, variants, copy_number, fusions, list(sections), variant_warnings + cnv_warnings
    )


_Rows = list[tuple[int, dict[str, str]]]
"""a section's rows: (line number, header name → cell)"""


def _sample(p: Path, details: list[tuple[int, list[str]]], sample: str | None) -> tuple[list[str], str | None]:
    """The samples [Analysis Details] names (Pair ID, DNA and RNA Sample IDs) and the one read: the one
    asked for (which must be among them), else the pair's, the DNA's or the RNA's."""
    from ..errors import InputError

    fields = {cells[0]: (cells[1] if len(cells) > 1 else "") for _, cells in details}
    names = {
        k: v
        for k, v in fields.items()
        if k in {"Pair ID", "DNA Sample ID", "RNA Sample ID"} and v and v.upper() != "NA"
    }
    samples = list(dict.fromkeys(names.values()))
    if sample is not None and samples and sample not in samples:
        raise InputError(
            p, f"sample {sample!r} is not in the file (it names {', '.join(f'{k} {v}' for k, v in names.items())})"
        )
    return samples, sample or names.get("Pair ID") or names.get("DNA Sample ID") or names.get("RNA Sample ID")


def _small_variants(p: Path, rows: _Rows, chosen: str | None) -> tuple[list[SmallVariant], list[ReportWarning]]:
    """[Small Variants] → variants placed by chromosome, position and alleles; a row without them is skipped."""
    from ..model import ReportWarning, SmallVariant

    variants: list[SmallVariant] = []
    warnings: list[ReportWarning] = []
    for n, row in rows:
        pos, ref, alt = (
            _number(row.get("genomic position", "")),
            row.get("reference call", ""),
            row.get("alternative call", ""),
        )
        chrom = row.get("chromosome", "")
        if pos is None or not chrom or not re.fullmatch(r"[ACGTN]+", ref) or not re.fullmatch(r"[ACGTN]+", alt):
            warnings.append(
                ReportWarning(
                    code="variant_row_skipped",
                    message=f"{p}:{n}: [Small Variants] row without a position and REF/ALT alleles; skipped",
                )
            )
            continue
        depth = _number(row.get("depth", ""))
        variants.append(
            SmallVariant(
                file=str(p),
                line=n,
                chrom=chrom,
                pos=int(pos),
                ref=ref,
                alt=alt,
                sample=chosen,
                vaf=_number(row.get("allele frequency", "")),
                depth=int(depth) if depth is not None else None,
            )
        )
    return variants, warnings


def _amplifications(p: Path, rows: _Rows, chosen: str | None) -> tuple[list[CopyNumberCall], list[ReportWarning]]:
    """[Gene Amplifications] → amplification calls, the fold change as a log2 ratio."""
    from ..model import CopyNumberCall, ReportWarning

    copy_number: list[CopyNumberCall] = []
    warnings: list[ReportWarning] = []
    for n, row in rows:
        gene, fold = row.get("gene", ""), _number(row.get("fold change", ""))
        if not gene or fold is None or fold <= 0:
            warnings.append(
                ReportWarning(
                    code="cnv_row_skipped",
                    message=f"{p}:{n}: [Gene Amplifications] row without a gene and a positive fold change; skipped",
                )
            )
            continue
        copy_number.append(
            CopyNumberCall(
                file=str(p),
                line=n,
                format="tso500",
                sample=chosen,
                gene=gene,
                genes=[gene],
                log2=round(math.log2(fold), 6),
                call="amplification",
            )
        )
    return copy_number, warnings


def _fusions(p: Path, rows: _Rows, chosen: str | None) -> list[FusionCall]:
    """[Fusions] → fusion calls, the genes in the Gene Pair's order."""
    from ..model import FusionCall
    from .fusions.values import _gene

    calls: list[FusionCall] = []
    for n, row in rows:
        pair = row.get("gene pair", "")
        genes = [g.split(";")[0].split("/")[0] for g in _split_pair(pair)]
        reads = _number(row.get("fusion supporting reads", ""))
        calls.append(
            FusionCall(
                file=str(p),
                line=n,
                format="tso500",
                caller=f"{LABEL} [Fusions]",
                sample=chosen,
                name_as_given=pair or None,
                five_prime_gene=_gene(genes[0]) if genes else None,
                three_prime_gene=_gene(genes[1]) if len(genes) > 1 else None,
                **_breakpoints(row),
                supporting_reads=int(reads) if reads is not None else None,
            )
        )
    return calls


def _splice_variants(p: Path, rows: _Rows, chosen: str | None) -> list[FusionCall]:
    """[Splice Variants] → intragenic junctions: the exons either side of the skipped ones."""
    from ..model import FusionCall

    calls: list[FusionCall] = []
    for n, row in rows:
        gene, skipped = row.get("gene", ""), _skipped_exons(row.get("affected exon", ""))
        reads = _number(row.get("splice supporting reads", ""))
        if not gene:
            continue
        calls.append(
            FusionCall(
                file=str(p),
                line=n,
                format="tso500",
                caller=f"{LABEL} [Splice Variants]",
                sample=chosen,
                name_as_given=f"{gene} exon {row.get('affected exon') or '?'} skipping",
                five_prime_gene=gene,
                three_prime_gene=gene,
                five_prime_exon_given=str(skipped[0] - 1) if skipped else None,
                three_prime_exon_given=str(skipped[1] + 1) if skipped else None,
                **_breakpoints(row),
                supporting_reads=int(reads) if reads is not None else None,
            )
        )
    return calls


def _breakpoints(row: dict[str, str]) -> dict[str, Breakpoint | None]:
    """Breakpoint 1 and 2 as the 5′ and 3′ breakpoints (None where a cell is not chrom:pos)."""
    from ..model import Breakpoint

    bp1, bp2 = _bp(row.get("breakpoint 1", "")), _bp(row.get("breakpoint 2", ""))
    return {
        "five_prime_breakpoint": Breakpoint(chrom=bp1[0], pos=bp1[1]) if bp1 else None,
        "three_prime_breakpoint": Breakpoint(chrom=bp2[0], pos=bp2[1]) if bp2 else None,
    }


def _split_pair(pair: str) -> list[str]:
    """'EML4-ALK' → [EML4, ALK]; a hyphenated gene name stays whole when the other side is ALK or
    the split at the last hyphen is the only one that leaves two names."""
    if "-" not in pair:
        return [pair] if pair else []
    pieces = pair.split("-")
    if len(pieces) == 2:
        return pieces
    for i in range(1, len(pieces)):
        left, right = "-".join(pieces[:i]), "-".join(pieces[i:])
        if "ALK" in {left, right.split(";")[0]}:
            return [left, right]
    return ["-".join(pieces[:-1]), pieces[-1]]
