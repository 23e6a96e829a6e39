"""Small-variant VCF reader (.vcf, .vcf.gz bgzip or gzip, .bcf) on pysam/htslib, with pyvcf3 as the
lenient fallback for plain-text files htslib refuses.

It knows the format and nothing of biology: it yields one `SmallVariant` per ALT allele of the
records inside the requested regions, for the tumour sample, with VAF, depth, genotype, phase and
any VEP CSQ / SnpEff ANN annotations. Bad input is an `InputError` naming the file and line.

One module per part: `opening` (what kind of file, its text header checked), `reader` (`read_vcf`:
which parser reads it), `pysam_reader` and `indexed` (htslib, with a verified index or a BGZF block
scan), `pyvcf_reader` (the lenient fallback), `alleles` and `values` (a record's alleles and FORMAT
values as `SmallVariant` fields), `records` (the types they share)."""

from __future__ import annotations

from .indexed import INDEX_SUFFIXES
from .opening import sniff
from .reader import read_vcf
from .records import Region, VcfHeader, VcfResult

__all__ = ["INDEX_SUFFIXES", "Region", "VcfHeader", "VcfResult", "read_vcf", "sniff"]
