"""Structural-variant and fusion VCFs (Manta, DELLY, GRIDSS, Arriba's VCF export, FusionCatcher's
VCF) → `FusionCall`s, one per joined pair of breakends.

BND mates are paired through MATEID (or EVENT) and read from the ALT bracket notation, which says
which side of each breakend stays in the joined molecule; DEL, DUP and INV records give both ends
with END (DELLY's CT or Manta's INV3/INV5 tell which inversion junction). Single breakends and
records that failed the caller's FILTER are set aside with a count. Which joined side is a gene's
5′ part is the classifier's business: it needs the gene's strand."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ..errors import InputError, require_file
from ..model import Breakpoint, FusionCall, ReportWarning
from .presence import SetAside, measured, presence
from .samples import choose_column, roles_from_pysam
from . import limits

Retained = Literal["left", "right"]

_BND = re.compile(r"^(?P<pre>[A-Za-z.*]*)(?P<b>[\[\]])(?P<chrom>[^:\[\]]+):(?P<pos>\d+)(?P=b)(?P<post>[A-Za-z.*]*)$")


@dataclass
class SvReadResult:
    path: str
    format: str
    calls: list[FusionCall]
    warnings: list[ReportWarning] = field(default_factory=list)
    sample: str | None = None
    records: int = 0
    set_aside: list[SetAside] = field(
        default_factory=list
    )  # records not read (FILTER) or absent in the sample, with the reason


def _contig(name: str) -> str:
    return name[3:] if name.lower().startswith("chr") else name


def _info(rec: Any, key: str) -> Any:
    try:
        if key not in rec.info:  # pysam's info.get() differs: an absent flag is False, not None
            return None
        value = rec.info[key]
    except (KeyError, ValueError):
        return None
    if isinstance(value, tuple):
        value = value[0] if value else None
    return value


def _int(value: Any) -> int | None:
    try:
        number = int(value) if value is not None else None
    except (TypeError, ValueError, OverflowError):  # NaN, 'inf', text
        return None
    return number if number is None or number >= 0 else None  # counts and positions are never negative


def _alt_count(rec: Any, sample: str | None, key: str) -> int | None:
    """The alternate-allele count of a FORMAT pair such as Manta's SR/PR ('ref,alt')."""
    if sample is None or key not in rec.format:
        return None
    try:
        value = rec.samples[sample][key]
    except (KeyError, ValueError):
        return None
    if isinstance(value, tuple) and len(value) >= 2:
        return _int(value[1])
    return None


def read_sv_vcf(path: str | Path, sample: str | None = None) -> SvReadResult:
    """Every PASS joined pair of breakends in the file, as FusionCalls (genes named only when the file
    names them: FusionCatcher's GENE5/GENE3, Arriba's GENE_NAME)."""
    p = Path(path)
    vf, plain_gzip = _open(p)
    warnings: list[ReportWarning] = []
    if plain_gzip:
        warnings.append(
            ReportWarning(code="sv_not_bgzip", message=f"{p}: compressed with gzip, not bgzip; read as a stream")
        )
    with vf:
        try:
            samples = list(vf.header.samples)
            limits.check_samples(p, len(samples))
            source = " ".join(str(r.value) for r in vf.header.records if r.key == "source" and r.value).lower()
            roles = roles_from_pysam(vf.header)
        except ValueError as exc:  # UnicodeDecodeError: header bytes that are not UTF-8
            raise InputError(p, f"the VCF header cannot be read ({' '.join(str(exc).split())[:160]})") from None
        chosen = choose_column(p, samples, sample, roles)
        fmt = "fusioncatcher-vcf" if "fusioncatcher" in source else "sv-vcf"
        read = _read_records(p, vf, chosen, fmt)
    warnings += read.warnings
    if read.filtered:
        warnings.append(
            ReportWarning(
                code="sv_filtered",
                message=f"{p}: {read.filtered} record(s) failed the caller's FILTER and were not read",
            )
        )
    if read.singles:
        warnings.append(
            ReportWarning(
                code="sv_unpaired",
                message=f"{p}: {read.singles} record(s) are single breakends or lack a mate position; set aside",
            )
        )
    return SvReadResult(str(p), fmt, read.calls, warnings, chosen, read.records, read.set_aside)


def _open(p: Path) -> tuple[Any, bool]:
    """The file opened with pysam, and whether it is plain gzip (decompressed to a temporary file first:
    htslib cannot stream plain gzip through pysam). Not a VCF, or unreadable: an InputError."""
    import pysam

    require_file(p, "a VCF")
    if p.stat().st_size == 0:
        raise InputError(p, "the file is empty (not a VCF)")
    with open(p, "rb") as fh:
        head = fh.read(4096)
    if not (head.startswith((b"##fileformat=VCF", b"\x1f\x8b", b"BCF"))):
        raise InputError(p, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    pysam.set_verbosity(0)
    plain_gzip = head[:2] == b"\x1f\x8b" and not (len(head) >= 16 and head[3] & 4 and head[12:14] == b"BC")
    source = _gunzip_to_temp(p) if plain_gzip else p
    try:
        return pysam.VariantFile(str(source)), plain_gzip
    except (ValueError, OSError, NotImplementedError) as exc:
        if "does not have valid header" in str(exc):  # pysam's text repeats the path as bytes
            raise InputError(p, "not a VCF: htslib finds no valid VCF header") from None
        raise InputError(p, f"htslib cannot read this VCF ({' '.join(str(exc).split())[:160]})") from None
    finally:
        if plain_gzip:
            source.unlink(missing_ok=True)  # htslib holds it open


@dataclass
class _Records:
    """What the records of one file gave for the chosen sample."""

    calls: list[FusionCall] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    records: int = 0
    filtered: int = 0
    singles: int = 0


def _read_records(p: Path, vf: Any, chosen: str | None, fmt: str) -> _Records:
    """Every record: set aside when it failed the FILTER or is absent in the sample, else its calls."""
    out = _Records()
    seen_ids: set[str] = set()
    try:
        for n, rec in enumerate(vf, 1):
            out.records += 1
            failed = _failed_filter(rec)
            if failed is not None:
                out.filtered += 1
                out.set_aside.append(SetAside(rec.chrom, rec.pos, failed))
                continue
            state = _presence(rec, chosen)
            if state.contradiction:
                out.warnings.append(
                    ReportWarning(
                        code="genotype_contradiction",
                        message=f"{p}: record {n} ({rec.chrom}:{rec.pos}): the genotype of {chosen} and its "
                        "read counts or allele fraction disagree; the genotype decides (check the caller's output)",
                    )
                )
            if not state.present:
                out.set_aside.append(SetAside(rec.chrom, rec.pos, state.reason or ""))
                continue
            made = _calls_from(rec, _Where(p, n, chosen, fmt), seen_ids)
            if made is None:
                out.singles += 1
                continue
            out.calls.extend(made)
    except (ValueError, OSError, NotImplementedError) as exc:
        raise InputError(p, f"htslib cannot read a record ({' '.join(str(exc).split())[:160]})", line=None) from None
    return out


def _failed_filter(rec: Any) -> str | None:
    """Why a record is not read for its FILTER column (empty, or a filter other than PASS), else None."""
    filters = [str(f) for f in rec.filter if f != "PASS"]
    if not filters:
        return None
    if "" in filters:
        return "not read: empty FILTER column"
    return f"not read: failed the caller's FILTER ({';'.join(sorted(filters))})"


def _presence(rec: Any, sample: str | None) -> Any:
    """The shared genotype rule (readers/presence.py) for the chosen sample: its GT, else its allele
    fraction (ESVEE's AF) or alt-supporting reads (Manta's PR/SR, DELLY's DV/RV, GRIDSS/ESVEE VF)."""
    if sample is None:
        return presence(None, None, None)
    try:
        data = rec.samples[sample]
    except (KeyError, IndexError, ValueError):
        return presence(None, None, None)
    keys = set(rec.format)

    def value(key: str) -> Any:
        try:
            return data[key] if key in keys else None
        except (KeyError, ValueError, TypeError):
            return None

    fraction = value("AF")
    fraction = fraction[0] if isinstance(fraction, tuple) and fraction else fraction
    fraction = float(fraction) if isinstance(fraction, (int, float)) and not isinstance(fraction, bool) else None
    reads = [n for key in ("PR", "SR") if (n := _alt_count(rec, sample, key)) is not None]
    reads += [n for key in ("DV", "RV", "VF") if (n := _int(value(key))) is not None]
    return presence(value("GT") if "GT" in keys else None, None, measured(fraction, sum(reads) if reads else None))


def _gunzip_to_temp(p: Path) -> Path:
    """A plain-gzip file decompressed, block by block, into a temporary file the caller removes."""
    fd, name = tempfile.mkstemp(prefix="alkannot-sv-", suffix=".vcf")
    try:
        with limits.open_binary(p) as src, os.fdopen(fd, "wb") as dst:  # bounded by its decompressed size
            shutil.copyfileobj(src, dst, 1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        Path(name).unlink(missing_ok=True)
        raise InputError(p, f"truncated or corrupt gzip file ({exc.__class__.__name__})") from None
    except InputError:  # beyond the decompressed-size limit
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


class _Where(NamedTuple):
    """A record's place and how the file is read: path, record number, chosen sample, format."""

    p: Path
    n: int
    sample: str | None
    fmt: str


def _calls_from(rec: Any, where: _Where, seen: set[str]) -> list[FusionCall] | None:
    """A record's calls: [] for the mate of a pair already read, None for a single breakend or a
    record without a mate position. `seen` collects the ids of the records read."""
    rid = rec.id or f"{rec.chrom}:{rec.pos}"
    if rid in seen:
        return []
    svtype = str(_info(rec, "SVTYPE") or "").upper()
    alt = (rec.alts or ("",))[0] or ""
    common = _common(rec, where)
    m = _BND.match(alt)
    if m:
        mate = _info(rec, "MATEID")
        if mate:
            seen.add(str(mate))
        calls: list[FusionCall] | None = [_bracket_pair(rec, m, where.fmt, common)]
    elif svtype in {"DEL", "DUP", "INV"} or alt.upper().startswith(("<DEL", "<DUP", "<INV")):
        calls = _interval_calls(rec, svtype or alt.strip("<>").split(":")[0].upper(), common)
    elif svtype == "BND":
        calls = _connection_pair(rec, where.fmt, common)
    else:
        calls = None
    if calls is not None:
        seen.add(rid)
    return calls


def _common(rec: Any, where: _Where) -> dict[str, Any]:
    """The FusionCall fields every call of a record shares: where it is, the caller and the read support."""
    split = _int(_info(rec, "SR")) if _info(rec, "SR") is not None else _alt_count(rec, where.sample, "SR")
    pairs = _int(_info(rec, "SP") if _info(rec, "SP") is not None else _info(rec, "PE"))
    if pairs is None:
        pairs = _alt_count(rec, where.sample, "PR")
    return dict(
        file=str(where.p),
        line=where.n,
        format=where.fmt,
        caller="FusionCatcher VCF" if where.fmt == "fusioncatcher-vcf" else "SV VCF",
        sample=where.sample,
        split_reads=split,
        spanning_reads=pairs,
        name_as_given=_info(rec, "FUSION") or _info(rec, "EVENT"),
    )


def _bracket_pair(rec: Any, m: re.Match[str], fmt: str, common: dict[str, Any]) -> FusionCall:
    """A BND record in ALT bracket notation: the brackets say which side of each breakend is retained."""
    here = Breakpoint(chrom=_contig(rec.chrom), pos=rec.pos, retained="left" if m["pre"] else "right")
    there = Breakpoint(chrom=_contig(m["chrom"]), pos=int(m["pos"]), retained="right" if m["b"] == "[" else "left")
    return _pair(rec, here, there, fmt, common)


_SIDES: dict[str, list[tuple[Retained, Retained]]] = {"DEL": [("left", "right")], "DUP": [("right", "left")]}
"""the retained sides (first end, second end) of the junction a deletion or a tandem duplication makes"""


def _interval_calls(rec: Any, kind: str, common: dict[str, Any]) -> list[FusionCall] | None:
    """A DEL, DUP or INV record: both ends on one contig (None without an END there); an inversion of
    unknown junction (no CT, INV3 or INV5) makes both junctions."""
    chrom = _contig(rec.chrom)
    end = rec.stop if rec.stop and rec.stop > rec.pos else _int(_info(rec, "END"))
    chrom2 = _contig(str(_info(rec, "CHR2") or rec.chrom))
    if end is None or chrom2 != chrom:
        return None
    return [
        FusionCall(
            **common,
            five_prime_breakpoint=Breakpoint(chrom=chrom, pos=rec.pos, retained=a),
            three_prime_breakpoint=Breakpoint(chrom=chrom2, pos=end, retained=b),
            oriented=False,
            dna_level=True,
        )
        for a, b in _SIDES.get(kind) or _inversion_sides(rec)
    ]


def _inversion_sides(rec: Any) -> list[tuple[Retained, Retained]]:
    ct = str(_info(rec, "CT") or "")
    if ct == "3to3" or _info(rec, "INV3"):
        return [("left", "left")]
    if ct == "5to5" or _info(rec, "INV5"):
        return [("right", "right")]
    return [("left", "left"), ("right", "right")]  # a balanced inversion makes both junctions


def _connection_pair(rec: Any, fmt: str, common: dict[str, Any]) -> list[FusionCall] | None:
    """A DELLY BND record without bracket notation: CHR2/END give the mate, CT ('3to5' …) the retained sides."""
    if not (_info(rec, "CHR2") and _int(_info(rec, "END"))):
        return None
    ct = str(_info(rec, "CT") or "")
    if not (len(ct) == 4 and ct[1:3] == "to"):
        return None
    here = Breakpoint(chrom=_contig(rec.chrom), pos=rec.pos, retained="left" if ct[0] == "3" else "right")
    there = Breakpoint(
        chrom=_contig(str(_info(rec, "CHR2"))),
        pos=int(_info(rec, "END")),
        retained="left" if ct[3] == "3" else "right",
    )
    return [_pair(rec, here, there, fmt, common)]


def _pair(rec: Any, here: Breakpoint, there: Breakpoint, fmt: str, common: dict[str, Any]) -> FusionCall:
    """One call per mate pair. FusionCatcher names the 5′ and 3′ genes (END=5 marks the 5′ record);
    Arriba's VCF names only this record's gene; other callers name none."""
    gene5, gene3 = _info(rec, "GENE5"), _info(rec, "GENE3")
    if gene5 and gene3:
        suffix = re.search(r"__([35])(?:__\d+)?$", str(rec.id or ""))
        five_is_here = suffix is None or suffix.group(1) == "5"
        if _info(rec, "FUSION") is None:
            common["name_as_given"] = f"{gene5}--{gene3}"
        bp5, bp3 = (here, there) if five_is_here else (there, here)
        return FusionCall(
            **common,
            five_prime_gene=str(gene5),
            three_prime_gene=str(gene3),
            oriented=True,
            five_prime_breakpoint=bp5.model_copy(update={"retained": None}),
            three_prime_breakpoint=bp3.model_copy(update={"retained": None}),
            dna_level=False,
        )
    return FusionCall(
        **common,
        five_prime_gene=_info(rec, "GENE_NAME"),
        three_prime_gene=None,
        oriented=False,
        five_prime_breakpoint=here,
        three_prime_breakpoint=there,
        dna_level=fmt != "fusioncatcher-vcf",
    )
