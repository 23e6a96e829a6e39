"""Genome builds: names, contig aliases and detection from a VCF header.

The chr2 lengths are assembly constants (GRCh37 243199373, GRCh38 242193529); tests check them
against the `##contig` lines of real GRCh37 and GRCh38 VCFs in ../shared/realworld/."""

from __future__ import annotations

import re
from functools import lru_cache

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
    (re.compile(r"grch37|hg19|hs37|b37|human_g1k_v37|GCA_000001405\.1\b|GCF_000001405\.(?:1\d|2[0-5])", re.I), "GRCh37"),
]
_ALIASES = {"grch37": "GRCh37", "hg19": "GRCh37", "b37": "GRCh37", "37": "GRCh37",
            "grch38": "GRCh38", "hg38": "GRCh38", "b38": "GRCh38", "38": "GRCh38"}


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
    """The build a VCF header states: chr2's length first, then RefSeq contig names, then
    `##reference`/`##assembly` text. Returns (build or None, evidence)."""
    for name, length in contigs.items():
        norm = normalize_contig(name)
        if name in REFSEQ_CHROMOSOMES:
            return REFSEQ_CHROMOSOMES[name][1], f"contig {name}"
        if length and norm in CONTIG_LENGTHS:
            for build, known in CONTIG_LENGTHS[norm].items():
                if known == length:
                    return build, f"##contig {name} length {length}"
    for key, value in meta:
        if key in {"reference", "assembly"}:
            build = build_from_words(value)
            if build:
                return build, f"##{key}={value}"
    return None, "no build stated in the header"
