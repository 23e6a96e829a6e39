"""Which sample an input's calls are for: one rule for every reader and for `cohort`.

Inputs name samples in two shapes:

- **columns** (VCF, BCF, SV and copy-number VCFs): one patient's tumour and, often, its matched normal
  side by side. With `--sample`, that sample (it must be there); else the tumour the header declares
  (`##tumor_sample=`, or `##PEDIGREE=<Derived=…>`), else the one sample named like a tumour, else the
  only sample (or the one not named like a normal); else exit 2 naming them. The matched normal the
  header declares (`##normal_sample=`, `##PEDIGREE=<…,Original=…>`) is never the tumour, not even
  when asked for: its calls would be read as the tumour's and the tumour's as germline.
- **rows** (MAF, fusion and copy-number tables with a per-row sample column): a table that pools
  samples, usually of different patients. With `--sample`, only its rows (it must be there); else the
  only sample; else exit 2 naming them. Names are never guessed here: two rows' samples are not a
  tumour/normal pair.

A file that names no sample at all (a caller's single-sample output, a sites-only VCF) cannot refuse
a requested one and is taken as that sample's. Sample names are compared exactly here; whether two
names can be one sample (the report's identity, not the choice) is `alkannot.identity`'s."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import InputError, option

TUMOUR_NAME = re.compile(r"(tumou?r|(^|[_\-.])T\d?$)", re.IGNORECASE)
"""a sample name that says tumour: 'TUMOR', 'P01_tumour', 'P01-T', 'P01.T2'"""
NORMAL_NAME = re.compile(r"(normal|germline|(^|[_\-.])N\d?$)", re.IGNORECASE)
"""a sample name that says normal: 'NORMAL', 'blood_germline', 'P01-N'"""

SAMPLE_COLUMNS = (
    "tumor_sample_barcode",
    "sample_id",
    "sample",
    "sample_name",
    "samplename",
    "sample_barcode",
    "tumor_sample",
)
"""per-row sample columns of tables, as compared (lower case, '#' stripped, spaces and dashes as '_'):
MAF/OncoKB `Tumor_Sample_Barcode`, cBioPortal `Sample_Id`, FusionInspector `#sample`, JAFFA `sample` …"""

MAX_LISTED = 10
"""sample names a message lists before it says how many there are in all"""

_TUMOUR_KEYS = {"tumor_sample", "tumour_sample", "tumor_sample_name", "tumour_sample_name"}
_NORMAL_KEYS = {"normal_sample", "normal_sample_name", "germline_sample"}
_PEDIGREE = re.compile(r"(?P<key>Derived|Original)\s*=\s*(?P<value>[^,>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class SampleRoles:
    """What a VCF header says of its samples."""

    tumour: str | None = None
    """the sample the header declares as the tumour"""
    normals: frozenset[str] = field(default_factory=frozenset)
    """the samples the header declares as the matched normal"""
    said: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """sample → the header line that declares its role, for messages"""


def roles_from_meta(meta: Iterable[tuple[str, Any]]) -> SampleRoles:
    """Roles from '##key=value' pairs. A value may be text (`##tumor_sample=T`, `##PEDIGREE=<Derived=T,Original=N>`),
    a mapping (a parser's structured line) or a list of either (pyvcf3's metadata)."""
    declared = _Declared()
    for key, raw in meta:
        k = (key or "").strip().lower()
        for value in raw if isinstance(raw, (list, tuple)) else [raw]:
            if k == "pedigree":
                declared.pedigree(_pedigree_pairs(value))
            elif isinstance(value, str) and value.strip():
                declared.line(key, k, value.strip())
    normal_set = frozenset(n for n in declared.normals if n != declared.tumour)
    return SampleRoles(declared.tumour, normal_set, declared.said)


def _pedigree_pairs(value: Any) -> dict[str, str]:
    """A ##PEDIGREE line's keys (lower case) and values, from a parser's mapping or the line's text."""
    if isinstance(value, Mapping):
        return {str(a).lower(): str(b) for a, b in value.items()}
    return {m["key"].lower(): m["value"] for m in _PEDIGREE.finditer(str(value))}


@dataclass
class _Declared:
    """The roles a header's lines declare, read line after line: the first tumour declared is the tumour."""

    tumour: str | None = None
    normals: list[str] = field(default_factory=list)
    said: dict[str, str] = field(default_factory=dict)

    def pedigree(self, pairs: dict[str, str]) -> None:
        derived, original = pairs.get("derived", "").strip(), pairs.get("original", "").strip()
        if derived and self.tumour is None:
            self.tumour, self.said[derived] = derived, f"##PEDIGREE=<Derived={derived},Original={original}>"
        if original:
            self.normals.append(original)
            self.said.setdefault(original, f"##PEDIGREE=<Derived={derived},Original={original}>")

    def line(self, key: str, k: str, name: str) -> None:
        """`##key=name`, `k` being the key as compared (lower case)."""
        if k in _TUMOUR_KEYS and self.tumour is None:
            self.tumour, self.said[name] = name, f"##{key}={name}"
        elif k in _NORMAL_KEYS:
            self.normals.append(name)
            self.said.setdefault(name, f"##{key}={name}")


def roles_from_pysam(header: Any) -> SampleRoles:
    """Roles from a pysam VariantHeader (plain '##key=value' lines and structured ##PEDIGREE lines)."""
    pairs: list[tuple[str, Any]] = []
    for rec in header.records:
        if not rec.key:
            continue
        if rec.type == "GENERIC":
            pairs.append((rec.key, str(rec.value)))
        elif rec.key.upper() == "PEDIGREE":
            pairs.append((rec.key, dict(rec.items())))
    return roles_from_meta(pairs)


def listed(samples: Collection[str]) -> str:
    """'A, B, C' — at most MAX_LISTED names, then how many there are in all; 'none' for none."""
    names = list(islice(samples, MAX_LISTED))
    if not names:
        return "none"
    more = f", … ({len(samples)} in all)" if len(samples) > MAX_LISTED else ""
    return ", ".join(names) + more


def unknown_sample(path: str | Path, requested: str, samples: Collection[str], line: int | None = None) -> InputError:
    """The refusal of a requested sample the file does not name."""
    return InputError(path, f"sample {requested!r} is not in the file (samples: {listed(samples)})", line=line)


def choose_column(
    path: str | Path,
    samples: Sequence[str],
    requested: str | None,
    roles: SampleRoles | None = None,
    line: int | None = None,
) -> str | None:
    """The tumour sample of a file whose samples are columns (see the module docstring); None when the
    file names no sample (a requested one is not refused: the report keeps it). `line`: the #CHROM
    line, named when it gives a sample twice."""
    roles = roles or SampleRoles()
    dupes = sorted({s for s in samples if samples.count(s) > 1})
    if dupes:
        raise InputError(path, f"duplicate sample name(s) in the #CHROM line: {', '.join(dupes)}", line=line)
    if requested is not None:
        _check_requested(path, samples, requested, roles)
        return requested if samples else None  # no column to read; the caller keeps the requested name
    if not samples:
        return None
    return _tumour_column(path, samples, roles)


def _check_requested(path: str | Path, samples: Sequence[str], requested: str, roles: SampleRoles) -> None:
    """A requested sample must be in the file (when it names any) and not be the declared matched normal."""
    if samples and requested not in samples:
        raise unknown_sample(path, requested, samples)
    if requested in roles.normals:
        tumours = [s for s in candidates(samples, roles) if s != requested]
        hint = f"; the tumour is {' or '.join(tumours)}" if tumours else ""
        raise InputError(
            path,
            f"sample {requested!r} is the matched normal ({roles.said.get(requested, 'declared in the header')}), "
            f"not a tumour: it cannot be annotated as one{hint}",
        )


def _tumour_column(path: str | Path, samples: Sequence[str], roles: SampleRoles) -> str:
    """With no sample requested: the declared tumour, else the only candidate, else the one named like a
    tumour, else the one not named like a normal."""
    if roles.tumour is not None and roles.tumour in samples:
        return roles.tumour
    left = candidates(samples, roles)
    if not left:
        raise InputError(
            path,
            f"the file's only sample{'s are' if len(samples) > 1 else ' is'} the matched normal "
            f"({', '.join(roles.said.get(s, s) for s in samples)}); there is no tumour sample to annotate",
        )
    if len(left) == 1:
        return left[0]
    for named in ([s for s in left if TUMOUR_NAME.search(s)], [s for s in left if not NORMAL_NAME.search(s)]):
        if len(named) == 1:
            return named[0]
    raise InputError(
        path, f"several samples and none is marked as the tumour: {listed(left)}; choose one with {option('sample')}"
    )


def candidates(samples: Iterable[str], roles: SampleRoles | None) -> list[str]:
    """The samples that may be annotated as a tumour: all but the declared matched normal (what `cohort`
    makes one report each of)."""
    normals = roles.normals if roles else frozenset()
    return [s for s in samples if s not in normals]


def matched_normal(samples: Sequence[str], roles: SampleRoles | None, tumour: str | None) -> str | None:
    """The chosen tumour's matched normal: the one the header declares, else, in a two-sample file, the other sample."""
    if tumour is None:
        return None
    declared = [s for s in samples if roles and s in roles.normals and s != tumour]
    if len(declared) == 1:
        return declared[0]
    others = [s for s in samples if s != tumour]
    return others[0] if len(samples) == 2 and len(others) == 1 else None


def choose_row(
    path: str | Path, samples: Collection[str], requested: str | None, line: int | None = None
) -> str | None:
    """The sample of a table with a per-row sample column (see the module docstring). `samples`: the
    names in table order; pass an ordered set (a dict) when a cohort asks for many of them, so that a
    look-up is no scan. None when no row names a sample."""
    if requested is not None:
        if requested not in samples:
            raise unknown_sample(path, requested, samples, line)
        return requested
    if len(samples) > 1:
        raise InputError(path, f"several samples ({listed(samples)}); choose one with {option('sample')}", line=line)
    return next(iter(samples), None)


def normalise_column(name: str) -> str:
    """A column name as compared: lower case, BOM, quotes and '#' stripped, spaces and dashes as '_'."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip('"').strip().lstrip("#").strip()).lower()


def sample_column(columns: Sequence[str], preferred: str | None = None) -> int | None:
    """The index of a table's per-row sample column (`preferred` first, then SAMPLE_COLUMNS), or None."""
    norm = [normalise_column(c) for c in columns]
    for name in (preferred, *SAMPLE_COLUMNS):
        if name and name in norm:
            return norm.index(name)
    return None
