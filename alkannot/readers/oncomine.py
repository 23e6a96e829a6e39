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
from typing import TYPE_CHECKING, NamedTuple

from .sniff import is_ion_reporter

if TYPE_CHECKING:
    from ..model import Breakpoint, FusionCall, ReportWarning
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
    from ..model import ReportWarning
    from .fusions import FusionReadResult
    from .fusions.lines import _Lines

    p = Path(path)
    reading = _Reading(p)
    with open(p, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    for n, line in enumerate(_Lines(p, gz), 1):
        if line.startswith("#") or "SVTYPE=" not in line:
            continue
        cells = line.split("\t")
        if len(cells) < 8:
            raise InputError(p, f"{len(cells)} column(s) where a VCF record has at least 8", line=n)
        info = _info(cells[7])
        kind = info.get("SVTYPE", "")
        if kind == "5p3pAssays":
            reading.imbalance(n, cells, info)
        elif kind == "Fusion":
            reading.fusion(n, cells, info)
    if reading.absent or reading.failed:
        reading.warnings.append(
            ReportWarning(
                code="fusion_targets_not_detected",
                message=f"{p}: {reading.records} targeted fusion record(s) assessed; {reading.failed} failed the "
                f"panel's filters (FILTER not PASS) and {reading.absent} have no reads: not detected, not findings",
            )
        )
    return FusionReadResult(str(p), "oncomine", LABEL, reading.calls(), reading.warnings, [], None, reading.records)


class _Isoform(NamedTuple):
    """One targeted isoform's passed records merged: the first one's line, its ID's genes and exons,
    the most reads either record has, and each gene's junction."""

    line: int
    match: re.Match[str]
    reads: int
    breakpoints: dict[str, Breakpoint]


class _Reading:
    """The records of one file as they are read: the isoforms by ID, the counts and the warnings."""

    def __init__(self, p: Path) -> None:
        self.p = p
        self.isoforms: dict[str, _Isoform] = {}
        self.warnings: list[ReportWarning] = []
        self.records = self.absent = self.failed = 0

    def imbalance(self, n: int, cells: list[str], info: dict[str, str]) -> None:
        """A `5p3pAssays` record: a passed ALK 5′/3′ imbalance is a warning, never a call."""
        from ..model import ReportWarning

        if cells[6] in {"PASS", "."} and info.get("GENE_NAME") == "ALK":
            self.warnings.append(
                ReportWarning(
                    code="alk_expression_imbalance",
                    message=f"{self.p}:{n}: Ion Reporter reports an ALK 5′/3′ expression imbalance "
                    f"(5P_3P_ASSAYS={info.get('5P_3P_ASSAYS', '?')}): it suggests an ALK rearrangement but names "
                    "no partner; not counted as a fusion (confirm by FISH, IHC or a fusion assay)",
                )
            )

    def fusion(self, n: int, cells: list[str], info: dict[str, str]) -> None:
        """A `Fusion` record: counted; merged into its isoform when it passed with reads."""
        from ..model import Breakpoint, ReportWarning
        from .fusions.values import _int

        self.records += 1
        reads = _int((info.get("READ_COUNT") or "").split(",")[0])
        if cells[6] not in {"PASS", "."}:
            self.failed += 1
            return
        if not reads:
            self.absent += 1
            return
        m = re.match(_ID, cells[2])
        if m is None:
            self.warnings.append(
                ReportWarning(
                    code="fusion_row_skipped",
                    message=f"{self.p}:{n}: fusion record ID {cells[2][:60]!r} does not name GENE-GENE.E#E#; "
                    "record skipped",
                )
            )
            return
        key = cells[2].rsplit("_", 1)[0] if re.search(r"_\d+$", cells[2]) else cells[2]
        here = Breakpoint(chrom=_contig(cells[0]), pos=int(cells[1]))
        mate = re.search(_MATE, cells[4])
        there = Breakpoint(chrom=_contig(mate["chrom"]), pos=int(mate["pos"])) if mate else None
        entry = self.isoforms.setdefault(key, _Isoform(n, m, reads, {}))
        self.isoforms[key] = entry._replace(reads=max(entry.reads, reads))
        gene = info.get("GENE_NAME")
        if gene:
            entry.breakpoints.setdefault(gene, here)
            other = m["g3"] if gene == m["g5"] else m["g5"]
            if there is not None and other != gene:
                entry.breakpoints.setdefault(other, there)

    def calls(self) -> list[FusionCall]:
        """One call per isoform, 5′ gene first as its ID names them (no breakpoints for an intragenic one)."""
        from ..model import FusionCall

        calls = []
        for key, entry in self.isoforms.items():
            m, bps = entry.match, entry.breakpoints
            five, three = m["g5"], m["g3"]
            calls.append(
                FusionCall(
                    file=str(self.p),
                    line=entry.line,
                    format="oncomine",
                    caller=LABEL,
                    name_as_given=key,
                    five_prime_gene=five,
                    three_prime_gene=three,
                    oriented=True,
                    five_prime_breakpoint=bps.get(five) if five != three else None,
                    three_prime_breakpoint=bps.get(three) if five != three else None,
                    five_prime_exon_given=m["e5"],
                    three_prime_exon_given=m["e3"],
                    supporting_reads=entry.reads,
                )
            )
        return calls
