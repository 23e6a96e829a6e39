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
from typing import Any

from ..errors import InputError, require_file
from ..model import Breakpoint, FusionCall
from .presence import SetAside, measured, presence
from .samples import choose_column, roles_from_pysam
from . import limits

_BND = re.compile(r"^(?P<pre>[A-Za-z.*]*)(?P<b>[\[\]])(?P<chrom>[^:\[\]]+):(?P<pos>\d+)(?P=b)(?P<post>[A-Za-z.*]*)$")


@dataclass
class SvReadResult:
    path: str
    format: str
    calls: list[FusionCall]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    sample: str | None = None
    records: int = 0
    set_aside: list[SetAside] = field(
        default_factory=list
    )  # records not read (FILTER) or absent in the sample, with the reason


def _contig(name: str) -> str:
    return name[3:] if name.lower().startswith("chr") else name


def _info(rec: Any, key: str) -> Any:
    try:
        value = rec.info[key] if key in rec.info else None
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
    import pysam

    p = Path(path)
    require_file(p, "a VCF")
    if p.stat().st_size == 0:
        raise InputError(p, "the file is empty (not a VCF)")
    with open(p, "rb") as fh:
        head = fh.read(4096)
    if not (head.startswith((b"##fileformat=VCF", b"\x1f\x8b", b"BCF"))):
        raise InputError(p, "not a VCF: the first line is not a '##fileformat=VCF…' header", line=1)
    pysam.set_verbosity(0)
    plain_gzip = head[:2] == b"\x1f\x8b" and not (len(head) >= 16 and head[3] & 4 and head[12:14] == b"BC")
    source = _gunzip_to_temp(p) if plain_gzip else p  # htslib cannot stream plain gzip through pysam
    try:
        vf = pysam.VariantFile(str(source))
    except (ValueError, OSError, NotImplementedError) as exc:
        if "does not have valid header" in str(exc):  # pysam's text repeats the path as bytes
            raise InputError(p, "not a VCF: htslib finds no valid VCF header") from None
        raise InputError(p, f"htslib cannot read this VCF ({' '.join(str(exc).split())[:160]})") from None
    finally:
        if plain_gzip:
            source.unlink(missing_ok=True)  # htslib holds it open
    warnings: list[tuple[str, str]] = []
    if plain_gzip:
        warnings.append(("sv_not_bgzip", f"{p}: compressed with gzip, not bgzip; read as a stream"))
    calls: list[FusionCall] = []
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
        seen_ids: set[str] = set()
        filtered = singles = records = 0
        set_aside: list[SetAside] = []
        try:
            for n, rec in enumerate(vf, 1):
                records += 1
                filters = [f for f in rec.filter.keys() if f != "PASS"]
                if filters:
                    filtered += 1
                    reason = (
                        "not read: empty FILTER column"
                        if "" in filters
                        else f"not read: failed the caller's FILTER ({';'.join(sorted(filters))})"
                    )
                    set_aside.append(SetAside(rec.chrom, rec.pos, reason))
                    continue
                state = _presence(rec, chosen)
                if state.contradiction:
                    warnings.append(
                        (
                            "genotype_contradiction",
                            f"{p}: record {n} ({rec.chrom}:{rec.pos}): the genotype of {chosen} and its "
                            "read counts or allele fraction disagree; the genotype decides (check the caller's output)",
                        )
                    )
                if not state.present:
                    set_aside.append(SetAside(rec.chrom, rec.pos, state.reason or ""))
                    continue
                made = _calls_from(rec, p, n, chosen, fmt, seen_ids)
                if made is None:
                    singles += 1
                    continue
                calls.extend(made)
        except (ValueError, OSError, NotImplementedError) as exc:
            raise InputError(
                p, f"htslib cannot read a record ({' '.join(str(exc).split())[:160]})", line=None
            ) from None
    if filtered:
        warnings.append(("sv_filtered", f"{p}: {filtered} record(s) failed the caller's FILTER and were not read"))
    if singles:
        warnings.append(
            ("sv_unpaired", f"{p}: {singles} record(s) are single breakends or lack a mate position; set aside")
        )
    return SvReadResult(str(p), fmt, calls, warnings, chosen, records, set_aside)


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


def _calls_from(rec: Any, p: Path, n: int, sample: str | None, fmt: str, seen: set[str]) -> list[FusionCall] | None:
    svtype = str(_info(rec, "SVTYPE") or "").upper()
    alt = (rec.alts or ("",))[0] or ""
    rid = rec.id or f"{rec.chrom}:{rec.pos}"
    mate = _info(rec, "MATEID")
    if rid in seen:
        return []
    split = _int(_info(rec, "SR")) if _info(rec, "SR") is not None else _alt_count(rec, sample, "SR")
    pairs = _int(_info(rec, "SP") if _info(rec, "SP") is not None else _info(rec, "PE"))
    if pairs is None:
        pairs = _alt_count(rec, sample, "PR")
    common = dict(
        file=str(p),
        line=n,
        format=fmt,
        caller="FusionCatcher VCF" if fmt == "fusioncatcher-vcf" else "SV VCF",
        sample=sample,
        split_reads=split,
        spanning_reads=pairs,
        name_as_given=_info(rec, "FUSION") or _info(rec, "EVENT"),
    )
    chrom = _contig(rec.chrom)
    m = _BND.match(alt)
    if m:
        if mate:
            seen.add(str(mate))
        seen.add(rid)
        here = Breakpoint(chrom=chrom, pos=rec.pos, retained="left" if m["pre"] else "right")
        there = Breakpoint(chrom=_contig(m["chrom"]), pos=int(m["pos"]), retained="right" if m["b"] == "[" else "left")
        return [_pair(rec, here, there, fmt, common)]
    if svtype in {"DEL", "DUP", "INV"} or alt.upper().startswith(("<DEL", "<DUP", "<INV")):
        kind = svtype or alt.strip("<>").split(":")[0].upper()
        end = rec.stop if rec.stop and rec.stop > rec.pos else _int(_info(rec, "END"))
        chrom2 = _contig(str(_info(rec, "CHR2") or rec.chrom))
        if end is None or chrom2 != chrom:
            return None
        seen.add(rid)
        if kind == "DEL":
            sides = [("left", "right")]
        elif kind == "DUP":
            sides = [("right", "left")]
        else:
            ct = str(_info(rec, "CT") or "")
            if ct == "3to3" or _info(rec, "INV3"):
                sides = [("left", "left")]
            elif ct == "5to5" or _info(rec, "INV5"):
                sides = [("right", "right")]
            else:  # a balanced inversion makes both junctions
                sides = [("left", "left"), ("right", "right")]
        return [
            FusionCall(
                **common,
                five_prime_breakpoint=Breakpoint(chrom=chrom, pos=rec.pos, retained=a),  # type: ignore[arg-type]
                three_prime_breakpoint=Breakpoint(chrom=chrom2, pos=end, retained=b),
                oriented=False,
                dna_level=True,
            )  # type: ignore[arg-type]
            for a, b in sides
        ]
    if svtype == "BND" and _info(rec, "CHR2") and _int(_info(rec, "END")):
        ct = str(_info(rec, "CT") or "")
        if len(ct) == 4 and ct[1:3] == "to":
            seen.add(rid)
            here = Breakpoint(chrom=chrom, pos=rec.pos, retained="left" if ct[0] == "3" else "right")
            there = Breakpoint(
                chrom=_contig(str(_info(rec, "CHR2"))),
                pos=int(_info(rec, "END")),
                retained="left" if ct[3] == "3" else "right",
            )
            return [_pair(rec, here, there, fmt, common)]
    return None


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
