"""A record's ALT alleles as `SmallVariant`s of the tumour sample: the FILTER and allele checks that
set a record aside, the genotype that says whether the sample carries the allele, the matched
normal's measure, and the VEP CSQ / SnpEff ANN annotations of the allele."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ...model import ReportWarning, SmallVariant, TranscriptAnnotation
from ..presence import SetAside, measured, presence
from ..samples import matched_normal
from .records import Raw, VcfHeader, where
from .values import genotype, physical_phase, sample_fields, vaf_depth

_BASES = re.compile(r"[ACGTNacgtn]+")
_ANNOTATION_KEYS = (
    ("CSQ", ("Allele", "SYMBOL", "Feature", "Consequence", "HGVSc", "HGVSp")),
    ("ANN", ("Allele", "Gene_Name", "Feature_ID", "Annotation", "HGVS.c", "HGVS.p")),
)
"""per annotation INFO key, its subfields read: allele, gene, transcript, consequence, HGVS c. and p."""


@dataclass
class Reading:
    """One file's reading: what each record is read against, and what it collects besides variants."""

    path: Path
    hdr: VcfHeader
    sample: str | None
    """the tumour sample chosen (None: the file names no sample)"""
    include_filtered: bool
    genes: set[str] | None
    """the genes whose annotations are kept (None: every gene)"""
    pysam_rec: bool
    """records come from htslib (Raw.fmt holds the pysam record) rather than pyvcf3"""
    warnings: list[ReportWarning]
    set_aside: list[SetAside] = field(default_factory=list)
    normal: str | None = field(init=False)
    """the tumour's matched normal: the one the header declares, else the other of two samples"""

    def __post_init__(self) -> None:
        self.normal = matched_normal(self.hdr.samples, self.hdr.roles, self.sample)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(ReportWarning(code=code, message=message))

    def put_aside(self, chrom: str, pos: int, reason: str, line: int | None) -> None:
        self.set_aside.append(SetAside(chrom, pos, reason, line))


class _Calls(NamedTuple):
    """A record's FORMAT values for the tumour and its matched normal, and the tumour's genotype."""

    fields: dict[str, Any]
    normal_fields: dict[str, Any]
    gt: str | None
    phased: bool
    phase_set: int | None


def alleles(reading: Reading, raw: Raw) -> list[SmallVariant]:
    """The record's ALT alleles present in the sample; the others are set aside with the reason."""
    if not _filter_passed(reading, raw):
        return []
    fields = sample_fields(raw, reading.sample, reading.pysam_rec)
    normal_fields: dict[str, Any] = {}
    if reading.normal:
        normal_fields = (
            sample_fields(raw, reading.normal, pysam_rec=True) if reading.pysam_rec else raw.fmt.get("_normal", {})
        )
    calls = _Calls(fields, normal_fields, *genotype(fields))
    out = []
    for i, alt in enumerate(raw.alts):
        variant = _allele(reading, raw, calls, i, alt)
        if variant is not None:
            out.append(variant)
    return out


def _filter_passed(reading: Reading, raw: Raw) -> bool:
    """Whether the record is read at all: an empty FILTER never, a failed one only when asked for."""
    if "" in raw.filters:  # neither PASS, '.' nor a filter name: the record's state is unknown
        reading.warn("record_not_read", f"{where(reading.path, raw)} has an empty FILTER column; record not read")
        reading.put_aside(raw.chrom, raw.pos, "not read: empty FILTER column", raw.line)
        return False
    if raw.filters and not reading.include_filtered:
        failed = ";".join(sorted(raw.filters))
        reading.put_aside(raw.chrom, raw.pos, f"not read: failed the caller's FILTER ({failed})", raw.line)
        return False
    return True


def _allele_refused(reading: Reading, raw: Raw, alt: str) -> bool:
    """Whether ALT `alt` is not a small variant of DNA bases (warned and set aside)."""
    at = f"{reading.path}: {raw.chrom}:{raw.pos}"
    if not alt or alt in {".", "*", "<*>", "<NON_REF>"} or alt.startswith("<") or "[" in alt or "]" in alt:
        reading.warn("symbolic_allele_skipped", f"{at} ALT {alt!r} is not a small variant; skipped")
        reading.put_aside(
            raw.chrom, raw.pos, "not read: symbolic or breakend ALT allele (not a small variant)", raw.line
        )
        return True
    if not _BASES.fullmatch(alt) or not _BASES.fullmatch(raw.ref or ""):
        reading.warn("malformed_allele_skipped", f"{at} REF/ALT {raw.ref!r}/{alt!r} are not DNA bases; skipped")
        reading.put_aside(raw.chrom, raw.pos, "not read: REF/ALT are not DNA bases", raw.line)
        return True
    return False


def _allele(reading: Reading, raw: Raw, calls: _Calls, i: int, alt: str) -> SmallVariant | None:
    """ALT number `i` + 1 as a variant of the sample, or None (set aside) when it is not read or absent."""
    if _allele_refused(reading, raw, alt):
        return None
    fields, sample = calls.fields, reading.sample
    vaf, depth, alt_depth, problem = vaf_depth(fields, raw.info, i, raw.ref, alt)
    if problem:
        reading.warn("bad_value_ignored", f"{reading.path}: {raw.chrom}:{raw.pos}: {problem}; value ignored")
    # the sample's own measure: INFO AF speaks for the sample only in a file without samples
    own_vaf = vaf if sample is None or "AF" not in raw.info else vaf_depth(fields, {}, i, raw.ref, alt)[0]
    state = presence(fields.get("GT") if sample is not None else None, i + 1, measured(own_vaf, alt_depth))
    if state.contradiction:
        _warn_contradiction(reading, raw, alt, calls.gt, own_vaf=own_vaf, alt_depth=alt_depth, present=state.present)
    if not state.present:
        reading.put_aside(raw.chrom, raw.pos, state.reason or "", raw.line)
        return None
    normal_vaf, _, normal_alt, _ = (
        vaf_depth(calls.normal_fields, {}, i, raw.ref, alt) if calls.normal_fields else (None, None, None, None)
    )
    return SmallVariant(
        file=str(reading.path),
        line=raw.line,
        chrom=raw.chrom,
        pos=raw.pos,
        ref=raw.ref.upper(),
        alt=alt.upper(),
        filters=sorted(raw.filters),
        sample=sample,
        genotype=calls.gt,
        phased=calls.phased,
        phase_set=calls.phase_set,
        **physical_phase(fields),
        vaf=vaf,
        depth=depth,
        alt_depth=alt_depth,
        normal_vaf=normal_vaf,
        normal_alt_depth=normal_alt,
        annotations=transcript_annotations(reading, raw, alt),
    )


def _warn_contradiction(
    reading: Reading, raw: Raw, alt: str, gt: str | None, *, own_vaf: float | None, alt_depth: int | None, present: bool
) -> None:
    """The genotype and the sample's own measure disagree: the genotype decides, and the report says so."""
    shown = ", ".join(
        x
        for x in (
            f"allele fraction {own_vaf:g}" if own_vaf is not None else "",
            f"{alt_depth} alt reads" if alt_depth is not None else "",
        )
        if x
    )
    verdict = "read as present" if present else "not read"
    reading.warn(
        "genotype_contradiction",
        f"{where(reading.path, raw)} {raw.ref}>{alt}: genotype {gt} in {reading.sample} but {shown}; "
        f"{verdict}, as the genotype says (check the caller's output)",
    )


def transcript_annotations(reading: Reading, raw: Raw, alt: str) -> list[TranscriptAnnotation]:
    """The CSQ/ANN entries of ALT `alt` (in a multi-allelic record, those naming it) for the genes kept."""
    out: list[TranscriptAnnotation] = []
    hdr = reading.hdr
    for source, keys in _ANNOTATION_KEYS:
        names = hdr.csq_fields if source == "CSQ" else hdr.ann_fields
        value = raw.info.get(source)
        if not names or value in (None, "."):
            continue
        entries = value if isinstance(value, (list, tuple)) else str(value).split(",")
        positions = [names.index(k) if k in names else None for k in keys]
        for entry in entries:
            allele, gene, transcript, consequence, hgvs_c, hgvs_p = _subfields(str(entry).split("|"), positions)
            if len(raw.alts) > 1 and not _allele_matches(allele or "", raw.ref, alt):
                continue
            if reading.genes is not None and gene not in reading.genes:
                continue
            out.append(
                TranscriptAnnotation(
                    source=source,
                    allele=allele or "",
                    gene=gene,
                    transcript=transcript,
                    consequence=consequence,
                    hgvs_c=_strip_prefix(hgvs_c),
                    hgvs_p=_strip_prefix(hgvs_p, protein=True),
                )
            )
    return out


def _subfields(parts: list[str], positions: list[int | None]) -> list[str | None]:
    """The subfields at `positions` of one annotation entry (None: absent or empty)."""
    return [(parts[idx] if idx is not None and idx < len(parts) else "") or None for idx in positions]


def _allele_matches(allele: str, ref: str, alt: str) -> bool:
    if allele == alt:
        return True
    if ref and alt and ref[0] == alt[0]:
        return allele == (alt[1:] or "-")
    return False


def _strip_prefix(value: str | None, protein: bool = False) -> str | None:
    if not value:
        return None
    value = value.split(":", 1)[-1] if ":" in value else value
    return value.replace("%3D", "=") if protein else value
