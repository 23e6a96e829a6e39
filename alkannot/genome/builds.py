"""Genome builds: names, contig aliases, the evidence an input gives of its build, and the one
resolver that decides a run's build from --build and every input's evidence.

The chr2 lengths are assembly constants (GRCh37 243199373, GRCh38 242193529); tests check them
against the `##contig` lines of real GRCh37 and GRCh38 VCFs in ../shared/realworld/."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

BUILDS = ("GRCh37", "GRCh38")
CONTIG_LENGTHS: dict[str, dict[str, int]] = {
    "2": {"GRCh37": 243199373, "GRCh38": 242193529},
}
REFSEQ_CHROMOSOMES: dict[str, tuple[str, str]] = {
    "NC_000002.11": ("2", "GRCh37"),
    "NC_000002.12": ("2", "GRCh38"),
}
_BUILD_WORDS = [
    (re.compile(r"grch38|hg38|hs38|assembly38|b38|GCA_000001405\.15|GCF_000001405\.(?:2[6-9]|[34]\d)", re.I), "GRCh38"),
    (
        re.compile(r"grch37|hg19|hs37|b37|human_g1k_v37|GCA_000001405\.1\b|GCF_000001405\.(?:1\d|2[0-5])", re.I),
        "GRCh37",
    ),
]
_ALIASES = {
    "grch37": "GRCh37",
    "hg19": "GRCh37",
    "b37": "GRCh37",
    "37": "GRCh37",
    "grch38": "GRCh38",
    "hg38": "GRCh38",
    "b38": "GRCh38",
    "38": "GRCh38",
}


def normalize_build(name: str) -> str | None:
    """'hg19' → 'GRCh37' …; None when the name is not a build alkannot knows."""
    return _ALIASES.get(name.strip().lower())


@lru_cache(maxsize=4096)  # asked of every record read; a file names few contigs
def normalize_contig(name: str) -> str:
    """'chr2', '2', 'NC_000002.12' → '2'; 'chrX' → 'X'; 'chrM'/'MT' → 'MT'; others unchanged."""
    if name in REFSEQ_CHROMOSOMES:
        return REFSEQ_CHROMOSOMES[name][0]
    m = re.fullmatch(r"NC_0000(\d\d)\.\d+", name)
    if m:
        number = int(m.group(1))
        return {23: "X", 24: "Y"}.get(number, str(number))
    bare = name[3:] if name.lower().startswith("chr") else name
    if bare.upper() in {"M", "MT"}:
        return "MT"
    return bare.upper() if bare.lower() in {"x", "y"} else bare


def build_from_words(text: str) -> str | None:
    for pattern, build in _BUILD_WORDS:
        if pattern.search(text):
            return build
    return None


def detect_from_header(meta: list[tuple[str, str]], contigs: dict[str, int | None]) -> tuple[str | None, str]:
    """The build a VCF header states most strongly (see `header_evidence`). Returns (build or None, evidence)."""
    found = header_evidence("", meta, contigs, what="header")
    if not found:
        return None, "no build stated in the header"
    return found[0].build, found[0].detail.removeprefix("header: ")


# ----------------------------------------------------------------------------- one resolver

DEFAULT_BUILD = "GRCh38"
EXACT, NAMED, FITTED = 3, 2, 1
"""How strongly a piece of evidence tells the build: EXACT, an assembly constant (chr2's length, a
RefSeq chromosome accession); NAMED, a build written by the tool that made the file (##reference,
##assembly, MAF NCBI_Build, ClinCNV ##GENOME_BUILD); FITTED, the content fits one build and not the
other (REF alleles against the embedded ALK sequence, breakpoints inside the genes they name,
segments over the genes they name)."""


class BuildEvidence(NamedTuple):
    """What one input says of its build."""

    source: str  # the input's path
    build: str
    rank: int  # EXACT, NAMED or FITTED
    detail: str  # for the report: 'VCF header: ##contig chr2 length 242193529'
    basis: str  # for a refusal: 'its VCF header (##contig chr2 length 242193529)'


class BuildResolution(NamedTuple):
    build: str
    evidence: str  # recorded once in the report (build_evidence)
    warnings: list[tuple[str, str]]  # (code, message): the genome layer stays free of the report model


def header_evidence(
    source: str, meta: list[tuple[str, str]], contigs: dict[str, int | None], what: str = "VCF header"
) -> list[BuildEvidence]:
    """Every build a VCF-style header states: chr2's length or a RefSeq contig name (EXACT), then
    `##reference`/`##assembly` text (NAMED)."""
    found: list[BuildEvidence] = []
    for name, length in contigs.items():
        if name in REFSEQ_CHROMOSOMES:
            found.append(
                BuildEvidence(
                    source, REFSEQ_CHROMOSOMES[name][1], EXACT, f"{what}: contig {name}", f"its {what} (contig {name})"
                )
            )
            break
        norm = normalize_contig(name)
        if length and norm in CONTIG_LENGTHS:
            by_length = next((b for b, known in CONTIG_LENGTHS[norm].items() if known == length), None)
            if by_length:
                found.append(
                    BuildEvidence(
                        source,
                        by_length,
                        EXACT,
                        f"{what}: ##contig {name} length {length}",
                        f"its {what} (##contig {name} length {length})",
                    )
                )
                break
    for key, value in meta:
        if key in {"reference", "assembly"}:
            named = build_from_words(value)
            if named:
                found.append(
                    BuildEvidence(source, named, NAMED, f"{what}: ##{key}={value}", f"its {what} (##{key}={value})")
                )
                break
    return found


def fitted(votes: Mapping[str, tuple[int, ...]]) -> str | None:
    """The one build whose tally is larger (compared in order: (inside, at exon edges), or a count);
    None when no build scores or the top two tie."""
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) < 2 or not any(ranked[0][1]) or ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _strongest(source: str, evidence: list[BuildEvidence], warnings: list[tuple[str, str]]) -> BuildEvidence:
    """One input's strongest evidence; a weaker NAMED build it contradicts is a warning, an equally strong
    contradicting one an InputError."""
    from ..errors import InputError

    items = sorted(evidence, key=lambda e: -e.rank)
    top = items[0]
    for other in items[1:]:
        if other.build == top.build:
            continue
        if other.rank == top.rank:
            raise InputError(
                source,
                f"the file states two genome builds: {top.build} by {top.basis} and {other.build} by {other.basis}",
            )
        if other.rank == NAMED:
            warnings.append(
                (
                    "build_conflict",
                    f"{source}: {other.detail} names {other.build}, but {top.detail} is {top.build}'s; "
                    f"{top.build} is used",
                )
            )
    return top


def resolve_build(declared: str | None, evidence: list[BuildEvidence], placed: list[str]) -> BuildResolution:
    """The run's one build, from --build and what every input says; `placed` names the inputs whose
    coordinates need a build (they are warned about when it is assumed).

    - An input's strongest evidence speaks for it; a NAMED build its EXACT evidence contradicts is a
      warning (a stale ##reference line), two EXACT ones that disagree are an InputError.
    - A declared build that an input's evidence contradicts is an InputError naming both builds.
    - Inputs whose evidence names different builds are an InputError naming both inputs.
    - With no evidence, GRCh38 is assumed, with a warning for each input it places."""
    warnings: list[tuple[str, str]] = []
    best = {
        source: _strongest(source, [e for e in evidence if e.source == source], warnings)
        for source in dict.fromkeys(e.source for e in evidence)
    }
    from ..errors import InputError, option

    if declared is not None:
        for e in best.values():
            if e.build != declared:
                raise InputError(
                    e.source,
                    f"{option('build')} {declared} contradicts the file, which is {e.build} by {e.basis}; "
                    f"is the file {e.build}?",
                )
        return BuildResolution(declared, "declared by the build parameter", warnings)
    ranked = sorted(best.values(), key=lambda e: -e.rank)
    if ranked:
        first = ranked[0]
        for e in ranked[1:]:
            if e.build != first.build:
                raise InputError(
                    e.source,
                    f"the file is {e.build} by {e.basis}, but {first.source} is {first.build} by {first.basis}; "
                    "the inputs of one run must be on one genome build (lift one over, or annotate them separately)",
                )
        return BuildResolution(first.build, "; ".join(e.detail for e in ranked), warnings)
    for source in placed:
        warnings.append(
            (
                "build_assumed",
                f"{source}: genome build not stated and not decidable from its content; {DEFAULT_BUILD} assumed "
                "(declare it with the build parameter)",
            )
        )
    return BuildResolution(
        DEFAULT_BUILD, "assumed: no input states the build and none of their contents tells it", warnings
    )
