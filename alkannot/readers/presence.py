"""The one genotype rule of every reader of VCF-like records (small-variant VCF/BCF and its text
fallback, SV VCFs, copy-number VCFs), and the record of what a reader read but did not pass on.

Why one rule: panel pipelines write every hotspot they assess, present or not (Ion Reporter /
Oncomine writes each with FILTER=PASS, GT 0/0 and AF 0 when it is absent), and a tumour/normal or
joint-called file holds records of variants the chosen sample does not carry. A record is a finding
of the chosen sample only if

- its genotype there carries the ALT allele in question (for a multi-allelic record, the ALT the GT
  names: `0/2` carries the second ALT, not the first); or
- with no usable genotype (no GT field, or a no-call `./.`/`.`), the sample's own measure is above
  zero: allele fraction or alt reads for a small variant or a breakend, a copy number for a
  copy-number segment. A record with no GT and no measure at all (a sites-only file) is the caller's
  call as written; a no-call with no measure is not.

Records that fail the rule are not listed but counted as "assessed, not detected" (the report's
`other_variants_counted`); a genotype and a measure that contradict each other (GT 0/0 with AF 0.3)
are the caller's, and are reported as a warning by the reader, which knows the line."""

from __future__ import annotations

from typing import Any, NamedTuple

HOM_REF = "assessed, not detected: homozygous-reference genotype in the sample"
NO_CALL = "assessed, not detected: no-call genotype and no alt reads in the sample"
OTHER_ALT = "assessed, not detected: the sample's genotype carries another ALT allele of the record"
ZERO = "assessed, not detected: no genotype, and allele fraction 0 with no alt reads in the sample"


class SetAside(NamedTuple):
    """A record a reader read and did not pass on, with the reason the report counts it under."""

    chrom: str
    pos: int
    reason: str
    line: int | None = None
    gene: str | None = None  # when the file names it (a copy-number record's GENE); else placed by position


class Presence(NamedTuple):
    present: bool
    reason: str | None = None  # why not present: one of the reasons above
    contradiction: bool = False  # the genotype and the sample's measure disagree


def alleles(gt: Any) -> tuple[int | None, ...] | None:
    """The GT as allele indices (None for a missing allele): htslib's tuple or the text '0/1', '1|0',
    './.'; None when there is no GT at all."""
    if gt is None:
        return None
    if isinstance(gt, (tuple, list)):
        return tuple(a if isinstance(a, int) and not isinstance(a, bool) and a >= 0 else None for a in gt)
    text = str(gt).strip()
    if not text:
        return None
    out: list[int | None] = []
    for part in text.replace("|", "/").split("/"):
        out.append(int(part) if part.isdigit() else None)
    return tuple(out)


def measured(fraction: float | None, alt_reads: int | None) -> bool | None:
    """A small variant's or breakend's own measure in the sample: True above zero, False when what is
    given is zero, None when nothing is given."""
    if (fraction is not None and fraction > 0) or (alt_reads is not None and alt_reads > 0):
        return True
    if fraction is None and alt_reads is None:
        return None
    return False


def presence(gt: Any, allele: int | None, evidence: bool | None) -> Presence:
    """Whether ALT number `allele` (1-based; None: any ALT) is present in the sample whose GT is `gt`,
    `evidence` being the sample's own measure (see `measured`)."""
    called = alleles(gt)
    known = [a for a in called if a is not None] if called is not None else []
    if not known:  # no GT, or a no-call: the sample's measure decides
        return _by_measure(no_call=called is not None, evidence=evidence)
    carries = any(a > 0 for a in known) if allele is None else allele in known
    if carries:
        return Presence(True, contradiction=evidence is False)
    if all(a == 0 for a in known):  # of the reference: whole, or half a call ('0/.')
        return Presence(False, HOM_REF if len(known) == len(called or ()) else NO_CALL, contradiction=bool(evidence))
    return Presence(False, OTHER_ALT, contradiction=bool(evidence))


def _by_measure(*, no_call: bool, evidence: bool | None) -> Presence:
    """With no usable genotype: present when the measure is above zero, or when there is neither a GT
    nor a measure (a sites-only record, or a caller that writes neither)."""
    if evidence or (evidence is None and not no_call):
        return Presence(True)
    return Presence(False, NO_CALL if no_call else ZERO)
