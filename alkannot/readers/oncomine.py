"""Ion Reporter / Oncomine VCFs: the fusion and expression records beside the small variants and the
`<CNV>` records (read by `readers/cnv.py`) of one VCF.

Ion Reporter writes every targeted fusion isoform as a pair of breakend records (`SVTYPE=Fusion`,
IDs `EML4-ALK.E13A20.COSF1062_1` / `_2`, `GENE_NAME`, `EXON_NUM`, `READ_COUNT`), present or not: an
absent isoform has `READ_COUNT=0` and `FILTER=FAIL`. The ID names the 5′ gene first and the exons
(`E13A20`: EML4 exon 13, ALK exon 20); each record's POS is its gene's junction. Only a record that
passed (`FILTER` PASS or `.`) with reads is a call; the rest are counted as assessed, not detected.
`5p3pAssays` records (a gene's 3′/5′ expression imbalance) and `ExprControl` records are not fusions;
a passed ALK imbalance is a warning, never a finding (it names no partner). `MET-MET.M13M15` (exon 13
joined to exon 15) is how the panels report MET exon 14 skipping; the classifier names it so."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .sniff import is_ion_reporter

if TYPE_CHECKING:
    from .fusions import FusionReadResult

__all__ = ["is_ion_reporter", "read_oncomine_fusions"]

_ID = (
    r"^(?P<g5>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)-(?P<g3>[A-Za-z0-9]+)\.(?P<l5>[A-Za-z])(?P<e5>\d+[ab]?)"
    r"(?:ins\d+)?(?P<l3>[A-Za-z])(?P<e3>\d+)(?P<rest>[._].*)?$"
)
_MATE = r"[\[\]](?P<chrom>[^:\[\]]+):(?P<pos>\d+)[\[\]]"  # patterns as text: compiled on first use, not at import
LABEL = "Ion Reporter / Oncomine VCF fusion records"


def _info(text: str) -> dict[str, str]:
    out = {}
    for item in text.split(";"):
        key, _, value = item.partition("=")
        out[key] = value
    return out


def _contig(name: str) -> str:
    return name[3:] if name.lower().startswith("chr") else name


def read_oncomine_fusions(path: str | Path) -> FusionReadResult:
    """The fusion calls of an Ion Reporter VCF (one per isoform, its two records merged)."""
    from ..errors import InputError
    from ..model import Breakpoint, FusionCall
    from .fusions import FusionReadResult, _int, _Lines

    p = Path(path)
    by_id: dict[str, dict[str, object]] = {}
    warnings: list[tuple[str, str]] = []
    absent = failed = records = 0
    with open(p, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    lines = _Lines(p, gz)
    for n, line in enumerate(lines, 1):
        if line.startswith("#") or "SVTYPE=" not in line:
            continue
        cells = line.split("\t")
        if len(cells) < 8:
            raise InputError(p, f"{len(cells)} column(s) where a VCF record has at least 8", line=n)
        info = _info(cells[7])
        kind = info.get("SVTYPE", "")
        if kind == "5p3pAssays":
            if cells[6] in {"PASS", "."} and info.get("GENE_NAME") == "ALK":
                warnings.append(
                    (
                        "alk_expression_imbalance",
                        f"{p}:{n}: Ion Reporter reports an ALK 5′/3′ expression imbalance "
                        f"(5P_3P_ASSAYS={info.get('5P_3P_ASSAYS', '?')}): it suggests an ALK rearrangement but names no partner; "
                        "not counted as a fusion (confirm by FISH, IHC or a fusion assay)",
                    )
                )
            continue
        if kind != "Fusion":
            continue
        records += 1
        reads = _int((info.get("READ_COUNT") or "").split(",")[0])
        if cells[6] not in {"PASS", "."}:
            failed += 1
            continue
        if not reads:
            absent += 1
            continue
        m = re.match(_ID, cells[2])
        if m is None:
            warnings.append(
                (
                    "fusion_row_skipped",
                    f"{p}:{n}: fusion record ID {cells[2][:60]!r} does not name GENE-GENE.E#E#; record skipped",
                )
            )
            continue
        key = cells[2].rsplit("_", 1)[0] if re.search(r"_\d+$", cells[2]) else cells[2]
        here = Breakpoint(chrom=_contig(cells[0]), pos=int(cells[1]))
        mate = re.search(_MATE, cells[4])
        there = Breakpoint(chrom=_contig(mate["chrom"]), pos=int(mate["pos"])) if mate else None
        entry = by_id.setdefault(key, {"line": n, "match": m, "reads": reads, "bps": {}})
        entry["reads"] = max(int(entry["reads"]), reads)  # type: ignore[call-overload]
        gene = info.get("GENE_NAME")
        bps: dict[str, Breakpoint] = entry["bps"]  # type: ignore[assignment]
        if gene:
            bps.setdefault(gene, here)
            other = m["g3"] if gene == m["g5"] else m["g5"]
            if there is not None and other != gene:
                bps.setdefault(other, there)
    calls = []
    for key, entry in by_id.items():
        m = entry["match"]
        bps = entry["bps"]
        five, three = m["g5"], m["g3"]  # type: ignore[index]
        calls.append(
            FusionCall(
                file=str(p),
                line=int(entry["line"]),
                format="oncomine",
                caller=LABEL,
                name_as_given=key,  # type: ignore[call-overload]
                five_prime_gene=five,
                three_prime_gene=three,
                oriented=True,
                five_prime_breakpoint=bps.get(five) if five != three else None,  # type: ignore[union-attr]
                three_prime_breakpoint=bps.get(three) if five != three else None,  # type: ignore[union-attr]
                five_prime_exon_given=m["e5"],
                three_prime_exon_given=m["e3"],
                supporting_reads=int(entry["reads"]),
            )
        )  # type: ignore[index, call-overload]
    if absent or failed:
        warnings.append(
            (
                "fusion_targets_not_detected",
                f"{p}: {records} targeted fusion record(s) assessed; {failed} failed the "
                f"panel's filters (FILTER not PASS) and {absent} have no reads: not detected, not findings",
            )
        )
    return FusionReadResult(str(p), "oncomine", LABEL, calls, warnings, [], None, records)
