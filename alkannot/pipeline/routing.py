"""Which reader reads each given file: a TSO500 CombinedVariantOutput given as a VCF or a fusion table
is read as what it is (every section), and an Ion Reporter VCF's fusion and <CNV> records are read
too. Decided from the files' first lines (standard library only), before any reader opens them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import require_file
from ..options import Inputs, PathLike


@dataclass(frozen=True)
class Routed:
    """The inputs as they are read."""

    given: Inputs
    vcf: PathLike | None
    """the small-variant VCF (None when what was given as one is a TSO500 file)"""
    fusions: list[PathLike]
    """the fusion tables and notation files"""
    tso500: list[PathLike]

    # Whether a VCF is Ion Reporter's is asked where the original reading order asked it (after the
    # VCF is read; before the TSO500 files are): a damaged file is then refused by the reader that
    # would have refused it first, not by the sniffing.

    @cached_property
    def ion_vcf(self) -> bool:
        """The VCF is Ion Reporter's: its fusion and <CNV> records are read too."""
        from ..readers.sniff import is_ion_reporter

        return self.vcf is not None and is_ion_reporter(self.vcf)

    @cached_property
    def ion_sv(self) -> PathLike | None:
        """An Ion Reporter VCF given as the SV VCF: its fusion records, with their READ_COUNT and panel FILTER."""
        from ..readers.sniff import is_ion_reporter

        sv = self.given.sv_vcf
        return sv if sv is not None and is_ion_reporter(sv) else None

    @property
    def sv_vcf(self) -> PathLike | None:
        """The structural-variant VCF read by the SV reader (None when it is an Ion Reporter VCF)."""
        return None if self.ion_sv is not None else self.given.sv_vcf

    def digested(self) -> list[PathLike]:
        """Every file the report names, in the order they are hashed."""
        g = self.given
        paths = (self.vcf, g.maf, *self.fusions, g.sv_vcf, g.cnv, g.clinical, g.bam, *self.tso500, g.targets)
        return [p for p in paths if p is not None]


_WHAT = {
    "vcf": "a VCF",
    "maf": "a MAF",
    "sv_vcf": "a VCF",
    "cnv": "a copy-number file",
    "clinical": "a clinical context file",
    "bam": "a BAM/CRAM",
    "tso500": "a TSO500 CombinedVariantOutput",
    "targets": "a BED file of the panel's targets",
}


def check_files(inputs: Inputs) -> None:
    """Every given path is a regular file, before anything opens it: hashing a device or a FIFO would
    never end, or consume it."""
    given = [
        (inputs.vcf, _WHAT["vcf"]),
        (inputs.maf, _WHAT["maf"]),
        *((f, "a fusion table") for f in inputs.fusions),
        *((getattr(inputs, name), _WHAT[name]) for name in ("sv_vcf", "cnv", "clinical", "bam", "tso500", "targets")),
    ]
    for path, what in given:
        if path is not None:
            require_file(Path(path), what)


def route(inputs: Inputs) -> Routed:
    """The inputs as they are read (see the module docstring)."""
    from ..readers.sniff import is_combined_variant_output

    tso500 = [inputs.tso500] if inputs.tso500 is not None else []
    vcf = inputs.vcf
    if vcf is not None and is_combined_variant_output(vcf):
        tso500, vcf = [*tso500, vcf], None
    tso500 += [p for p in inputs.fusions if is_combined_variant_output(p)]
    return Routed(given=inputs, vcf=vcf, fusions=[p for p in inputs.fusions if p not in tso500], tso500=tso500)
