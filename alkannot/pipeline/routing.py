"""Which reader reads each given file: a TSO500 CombinedVariantOutput given as a VCF or a fusion table
is read as what it is (every section), and an Ion Reporter VCF's fusion and <CNV> records are read
too. Decided from the files' first lines (standard library only), before any reader opens them."""

from __future__ import annotations

from dataclasses import dataclass
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
    sv_vcf: PathLike | None
    """the structural-variant VCF read by the SV reader (None when it is an Ion Reporter VCF)"""
    ion_vcf: bool
    """the VCF is Ion Reporter's: its fusion and <CNV> records are read too"""
    ion_sv: PathLike | None
    """an Ion Reporter VCF given as the SV VCF: its fusion records, with their READ_COUNT and panel FILTER"""

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
    from ..readers.sniff import is_combined_variant_output, is_ion_reporter

    tso500 = [inputs.tso500] if inputs.tso500 is not None else []
    vcf = inputs.vcf
    if vcf is not None and is_combined_variant_output(vcf):
        tso500, vcf = [*tso500, vcf], None
    tso500 += [p for p in inputs.fusions if is_combined_variant_output(p)]
    ion_sv = inputs.sv_vcf is not None and is_ion_reporter(inputs.sv_vcf)
    return Routed(
        given=inputs,
        vcf=vcf,
        fusions=[p for p in inputs.fusions if p not in tso500],
        tso500=tso500,
        sv_vcf=None if ion_sv else inputs.sv_vcf,
        ion_vcf=vcf is not None and is_ion_reporter(vcf),
        ion_sv=inputs.sv_vcf if ion_sv else None,
    )
