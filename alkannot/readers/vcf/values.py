"""A sample's FORMAT values as the report reads them: allele fraction and depth (from whichever
field the caller writes), genotype, phase set and physical phase. Values come typed from htslib or
as text from pyvcf3; both are read the same way."""

from __future__ import annotations

import math
from typing import Any

from .records import Raw

SAMPLE_KEYS = frozenset(
    ("GT", "AF", "AD", "DP", "PS", "VAF", "FREQ", "AO", "RO", "PGT", "PID", "HP", "AU", "CU", "GU", "TU", "TAR", "TIR")
)
"""the FORMAT fields any reading of depth, allele fraction, genotype or phase looks at"""


def sample_fields(raw: Raw, sample: str | None, pysam_rec: bool) -> dict[str, Any]:
    """`sample`'s FORMAT values of the record ({} when there is no sample or its columns are cut short)."""
    if sample is None:
        return {}
    if not pysam_rec:
        return raw.fmt
    rec = raw.fmt["_rec"]
    try:
        data = rec.samples[sample]
    except (IndexError, KeyError):  # a record cut short before its sample columns
        return {}
    out: dict[str, Any] = {}
    for key in rec.format:  # the record's few FORMAT keys, not each key a caller might write
        if key in SAMPLE_KEYS:
            try:
                out[key] = data[key]
            except (KeyError, ValueError, TypeError):
                out[key] = None
    out["_phased"] = bool(getattr(data, "phased", False))
    return out


def first(value: Any, index: int) -> Any:
    """Per-allele value for ALT `index` from a scalar or a tuple (Number=A)."""
    if isinstance(value, (list, tuple)):
        return value[index] if index < len(value) else None
    return value


def number(value: Any) -> float | None:
    """A finite number from a typed or text value ('12.5%' too); None for missing or not a number."""
    if type(value) is int or type(value) is float:  # what htslib hands back for typed fields: no text round trip
        result = float(value)
    elif value is None or value in (".", "") or isinstance(value, bool):
        return None
    else:
        try:
            result = float(str(value).rstrip("%"))
        except (TypeError, ValueError):
            return None
    if math.isnan(result) or math.isinf(result):
        return None
    return result


def strelka_ad(fields: dict[str, Any], ref: str, alt: str) -> tuple[int, int] | None:
    """Strelka2 writes tier counts instead of AD: {A,C,G,T}U for SNVs, TAR/TIR for indels (tier 1)."""

    def tier1(key: str) -> int | None:
        value = fields.get(key)
        value = value[0] if isinstance(value, (list, tuple)) and value else value
        count = number(value)
        return int(count) if count is not None and count >= 0 else None

    if len(ref) == len(alt) == 1:
        r, a = tier1(f"{ref.upper()}U"), tier1(f"{alt.upper()}U")
    else:
        r, a = tier1("TAR"), tier1("TIR")
    return (r, a) if r is not None and a is not None else None


def vaf_depth(
    fields: dict[str, Any], info: dict[str, Any], i: int, ref: str = "", alt: str = ""
) -> tuple[float | None, int | None, int | None, str | None]:
    """VAF from FORMAT AF, else AD (or Strelka tier counts), else INFO AF; depth from DP, else the AD
    sum. Returns (VAF, depth, alt reads, the problem with a value that was ignored)."""
    ad_problem = None
    alt_depth = ad_total = None
    counts = _allele_counts(fields, i, ref, alt)
    if counts is not None:
        if min(counts) < 0:
            ad_problem = "negative AD"
        else:
            alt_depth, ad_total = counts[i + 1], sum(counts)
    depth, depth_problem = _depth(fields, info, ad_total)
    vaf = _allele_fraction(fields, info, i, alt_depth, ad_total)
    vaf_problem = None
    if vaf is not None and not 0 <= vaf <= 1:
        vaf_problem = f"allele fraction {vaf:g} outside 0–1"
        vaf = None
    problem = vaf_problem or depth_problem or ad_problem  # the last value read that was wrong
    return (round(vaf, 4) if vaf is not None else None), depth, alt_depth, problem


def _allele_counts(fields: dict[str, Any], i: int, ref: str, alt: str) -> list[int] | None:
    """The read counts per allele (REF first) from AD or Strelka's tier counts, when they reach ALT `i`."""
    ad = fields.get("AD")
    if ad is None and alt and (strelka := strelka_ad(fields, ref, alt)) is not None:
        ad = (strelka[0],) + (0,) * i + (strelka[1],)
    if not isinstance(ad, (list, tuple)) or len(ad) <= i + 1:
        return None
    if all(type(x) is int for x in ad):  # what htslib hands back: no conversion needed
        return list(ad)
    if all(number(x) is not None for x in ad):
        return [int(number(x) or 0) for x in ad]
    return None


def _depth(fields: dict[str, Any], info: dict[str, Any], ad_total: int | None) -> tuple[int | None, str | None]:
    """Depth from FORMAT DP, else the AD sum, else INFO DP; and 'negative depth' when it is below zero."""
    raw = number(fields.get("DP"))
    if raw is None:
        raw = float(ad_total) if ad_total is not None else number(info.get("DP"))
    if raw is None:
        return None, None
    if raw < 0:
        return None, "negative depth"
    return int(raw), None


def _allele_fraction(
    fields: dict[str, Any], info: dict[str, Any], i: int, alt_depth: int | None, ad_total: int | None
) -> float | None:
    """The first allele fraction written: FORMAT AF, the AD ratio, VAF, VarScan's FREQ (a percentage), INFO AF."""
    vaf = number(first(fields.get("AF"), i))
    if vaf is None and alt_depth is not None and ad_total:
        vaf = alt_depth / ad_total
    if vaf is None:
        vaf = number(first(fields.get("VAF"), i))
    if vaf is None:
        freq = fields.get("FREQ")  # VarScan writes a percentage string
        if freq not in (None, "."):
            f = number(first(freq, i))
            vaf = f / 100 if f is not None else None
    if vaf is None:
        vaf = number(first(info.get("AF"), i))
    return vaf


def genotype(fields: dict[str, Any]) -> tuple[str | None, bool, int | None]:
    """(GT as written, whether it is phased, the phase set PS) of a sample's fields."""
    gt = fields.get("GT")
    phased = bool(fields.get("_phased"))
    if gt is None:
        return None, False, None
    if isinstance(gt, tuple):
        sep = "|" if phased else "/"
        text = sep.join("." if a is None else str(a) for a in gt)
    else:
        text = str(gt)
        phased = "|" in text
    ps = fields.get("PS")
    ps_int = int(ps) if isinstance(ps, (int, float)) and not isinstance(ps, bool) and math.isfinite(ps) else None
    if ps_int is None and isinstance(ps, str) and ps.isdigit():
        ps_int = int(ps)
    return text, phased, ps_int


def physical_phase(fields: dict[str, Any]) -> dict[str, Any]:
    """GATK's PGT/PID and a caller's HP haplotype tag, when written."""
    out: dict[str, Any] = {}
    pgt, pid, hp = fields.get("PGT"), fields.get("PID"), fields.get("HP")
    if pgt not in (None, ".") and pid not in (None, "."):
        out["pgt"], out["pid"] = str(pgt), str(pid)
    hp = hp[0] if isinstance(hp, (list, tuple)) and hp else hp
    if isinstance(hp, int) or (isinstance(hp, str) and hp.isdigit()):
        out["haplotype"] = int(hp)
    return out
