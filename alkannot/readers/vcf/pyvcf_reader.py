"""The lenient fallback: a plain-text (or plain gzip) VCF read with pyvcf3, for what htslib refuses
or cannot stream (columns separated by spaces, a record htslib cannot parse, gzip that is not bgzip).
Records the lenient parser reads but htslib would refuse (POS 0) are set aside with a warning."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...model import ReportWarning, SmallVariant
from ..samples import choose_column, roles_from_meta
from .alleles import Reading, alleles
from .opening import open_text
from .records import Raw, Request, VcfHeader, VcfResult, in_regions, make_header, short


def read_with_pyvcf(
    path: Path,
    kind: str,
    request: Request,
    header_lines: int,
    warnings: list[ReportWarning],
    *,
    strict_whitespace: bool = True,
) -> VcfResult:
    import vcf as pyvcf  # PyVCF3

    try:
        fh = open_text(path, kind)
        reader = pyvcf.Reader(fh, compressed=False, strict_whitespace=strict_whitespace)
    except Exception as exc:  # pyvcf raises bare exceptions of many kinds on bad headers
        raise InputError(path, f"not a readable VCF ({short(exc)})") from None
    with fh:
        hdr = _header(reader, header_lines)
        chosen = choose_column(path, hdr.samples, request.sample, hdr.roles, line=hdr.header_lines or None)
        reading = Reading(path, hdr, chosen, request.include_filtered, request.genes, False, warnings)
        variants: list[SmallVariant] = []
        n = 0
        try:
            for n, rec in enumerate(reader, 1):
                raw = _raw(reading, rec, header_lines + n, request)
                if raw is not None:
                    variants.extend(alleles(reading, raw))
        except InputError:
            raise
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(path, f"truncated or corrupt compressed file ({exc.__class__.__name__})") from None
        except Exception as exc:
            raise InputError(path, f"malformed record ({short(exc)})", line=header_lines + n + 1) from None
    fmt = "vcf.gz (gzip, not bgzip)" if kind == "gzip" else "vcf"
    return VcfResult(str(path), fmt, hdr, chosen, variants, warnings, n, reading.set_aside)


def _header(reader: Any, header_lines: int) -> VcfHeader:
    meta = [(k, str(v)) for k, vals in reader.metadata.items() for v in (vals if isinstance(vals, list) else [vals])]
    contigs = {name: c.length for name, c in reader.contigs.items()}
    descriptions = {key: reader.infos[key].desc or "" for key in ("CSQ", "ANN") if key in reader.infos}
    hdr = make_header(list(reader.samples), meta, contigs, descriptions, header_lines)
    hdr.roles = roles_from_meta(reader.metadata.items())
    return hdr


def _raw(reading: Reading, rec: Any, line: int, request: Request) -> Raw | None:
    """The record on file line `line` when it lies in the regions; None when it does not, or when
    its POS is not a position (warned and set aside)."""
    if rec.POS is None or rec.POS < 1:  # htslib refuses these; the lenient parser reads them
        reading.warn(
            "record_not_read", f"{reading.path}:{line}: POS {rec.POS} is not a position on {rec.CHROM}; record not read"
        )
        reading.put_aside(rec.CHROM, rec.POS or 0, "not read: POS is not a position (zero or negative)", line)
        return None
    if not in_regions(rec.CHROM, rec.POS, len(rec.REF or ""), request.regions):
        return None
    alts = tuple(str(a) if a is not None else "." for a in (rec.ALT or []))
    filters = [f for f in (rec.FILTER or []) if f != "PASS"]
    fmt: dict[str, Any] = {}
    if reading.sample is not None:
        fmt = _call_fields(rec, reading.sample)
        if reading.normal is not None:
            fmt["_normal"] = _call_fields(rec, reading.normal)
    return Raw(rec.CHROM, rec.POS, rec.REF or "", alts, filters, dict(rec.INFO), fmt, line)


def _call_fields(rec: Any, sample: str) -> dict[str, Any]:
    """A sample's FORMAT values of a pyvcf3 record."""
    call = rec.genotype(sample)
    return {k: getattr(call.data, k, None) for k in call.data._fields}
