"""Broken and hostile inputs for every reader, and the real edge-case fixtures of
../shared/realworld/edgecases/: each with the exact outcome expected from the CLI.

What must be refused exits 2 with ONE line on stderr, `alkannot: error: <file>[:<line>]: …`, no
traceback and no output file (nor a temporary one) left behind. What can be read exits 0 and the
report says what was set aside (a warning code) or shows what was found.

Hand-made text cases live in tests/hostile/; compressed, binary, non-UTF-8, very long and
knowledge-base cases are generated into a temporary folder by tests/hostile/make_corpus.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REALWORLD, ROOT, run_cli

HOSTILE = Path(__file__).resolve().parent / "hostile"
EDGE = REALWORLD / "edgecases"
sys.path.insert(0, str(HOSTILE))
from make_corpus import make_corpus  # noqa: E402


def _kb_line(file: str, after: str | None = None) -> int:
    """The line make_corpus's broken copy of knowledgebase/FILE reports: the line after the first one
    holding AFTER (a repeated key), or the first line past the end (text appended to the file)."""
    lines = (ROOT / "knowledgebase" / file).read_text().splitlines()
    if after is None:
        return len(lines) + 1
    return next(i for i, line in enumerate(lines, 1) if line.strip() == after) + 1


@dataclass(frozen=True)
class Case:
    """`alkannot annotate <option> <file> [extra …] -o OUT` → exit status and what must be seen.

    file: 'h:NAME' (tests/hostile), 'g:NAME' (generated), 'e:PATH' (../shared/realworld/edgecases).
    expect: for exit 2, a substring of the one error line; for exit 0, 'warning:CODE' (a warning in
    the report), 'found:TEXT' (an alteration name contains TEXT) or 'read' (a report, nothing more)."""

    option: str
    file: str
    exit: int
    expect: str
    extra: tuple[str, ...] = ()
    line: int | None = None  # the line number the error must name

    @property
    def id(self) -> str:
        return f"{self.option.lstrip('-')}:{self.file.split(':', 1)[1]}" + (
            f"[{' '.join(self.extra)}]" if self.extra else ""
        )


L1196M = "found:ALK p.L1196M"
UNPHASED = ("--vcf", "h:bam_companion_unphased.vcf")
# the corpus appends its deep line after the packaged drugs.yaml's last line
DEEP_LINE = len((ROOT / "knowledgebase" / "drugs.yaml").read_bytes().splitlines()) + 1
CRLF_VCF = ("--vcf", "h:vcf_crlf.vcf")

CASES = [
    # ---------------------------------------------------------------- --vcf (small variants)
    Case("--vcf", "h:vcf_crlf.vcf", 0, L1196M),
    Case(
        "--vcf", "h:vcf_no_chrom_header.vcf", 2, "not a VCF: no '#CHROM' header line before the first record", line=10
    ),
    Case("--vcf", "h:vcf_no_fileformat.vcf", 0, "warning:vcf_lenient_parser"),
    Case("--vcf", "h:vcf_duplicate_samples.vcf", 2, "duplicate sample name(s) in the #CHROM line: TUMOR", line=10),
    Case("--vcf", "h:vcf_negative_nan_depth_af.vcf", 0, "warning:bad_value_ignored"),
    Case("--vcf", "h:vcf_symbolic_breakend_alleles.vcf", 0, "warning:symbolic_allele_skipped"),
    Case("--vcf", "h:vcf_contig_without_length.vcf", 0, L1196M),
    Case("--vcf", "h:vcf_non_dna_ref.vcf", 0, "warning:malformed_allele_skipped"),
    Case("--vcf", "h:vcf_bad_pos.vcf", 2, "malformed record", line=11),
    Case("--vcf", "h:vcf_header_only.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "h:vcf_is_arriba.vcf", 2, "not a VCF", line=2),
    Case(
        "--vcf", "g:vcf_truncated_bgzip.vcf.gz", 2, "truncated"
    ),  # htslib: "file may be truncated"; the header scan: "truncated or corrupt compressed file"
    Case("--vcf", "g:vcf_truncated_gzip.vcf.gz", 2, "truncated or corrupt compressed file"),
    Case("--vcf", "g:vcf_gzip_magic_then_garbage.vcf.gz", 2, "truncated or corrupt compressed file"),
    Case("--vcf", "g:vcf_truncated.bcf", 2, "file may be truncated"),
    Case("--vcf", "g:vcf_binary_garbage.vcf", 2, "not a VCF", line=1),
    Case("--vcf", "g:vcf_non_utf8.vcf", 0, L1196M),
    Case("--vcf", "g:vcf_very_long_line.vcf", 0, L1196M),
    # issue 17: an index that does not fit its file is a warning, and the file is read without it
    Case("--vcf", "g:vcf_empty_index.vcf.gz", 0, "found:ALK p.G1202R"),
    Case("--vcf", "g:vcf_empty_index.vcf.gz", 0, "warning:vcf_index_unusable"),
    Case("--vcf", "g:vcf_truncated_index.vcf.gz", 0, "found:ALK p.G1202R"),
    Case("--vcf", "g:vcf_garbage_csi.vcf.gz", 0, "found:ALK p.G1202R"),
    Case("--vcf", "g:vcf_stale_index.vcf.gz", 0, "found:ALK p.G1202R"),
    Case("--vcf", "g:vcf_stale_index.vcf.gz", 0, "warning:vcf_index_unusable"),
    Case("--vcf", "g:vcf_plain_with_index.vcf", 0, "found:ALK p.G1202R"),
    Case("--vcf", "g:vcf_damaged_block.vcf.gz", 2, "corrupt"),
    Case("--vcf", "g:vcf_newline_bomb.vcf.gz", 2, "alkannot's limit for a compressed input"),
    Case("--vcf", "g:vcf_million_samples.vcf", 2, "the #CHROM line names 1,000,000 samples", line=2),
    # ---------------------------------------------------------------- --sv-vcf
    Case("--sv-vcf", "h:sv_breakend_unknown_contig.vcf", 0, "warning:no_alk_fusion"),
    Case("--sv-vcf", "h:sv_contig_without_length.vcf", 0, "warning:no_alk_fusion"),
    Case("--sv-vcf", "h:sv_malformed_brackets_and_end.vcf", 0, "warning:sv_unpaired"),
    Case("--sv-vcf", "h:sv_negative_counts.vcf", 0, "warning:no_alk_fusion"),
    Case("--sv-vcf", "h:sv_is_maf.vcf", 2, "not a VCF", line=1),
    Case("--sv-vcf", "g:sv_truncated_bgzip.vcf.gz", 2, "file may be truncated"),
    Case("--sv-vcf", "g:sv_binary_garbage.vcf", 2, "not a VCF: htslib finds no valid VCF header"),
    Case("--sv-vcf", "g:sv_newline_bomb.vcf.gz", 2, "alkannot's limit for a compressed input"),
    # ---------------------------------------------------------------- --fusions (each format)
    Case("--fusions", "h:fusions_star_crlf.tsv", 0, "found:EML4::ALK"),
    Case(
        "--fusions",
        "h:fusions_star_as_arriba.tsv",
        2,
        "not Arriba fusions.tsv: missing column(s)",
        ("--fusion-format", "arriba"),
        line=1,
    ),
    Case("--fusions", "h:fusions_arriba_negative_counts.tsv", 0, "warning:bad_value_ignored"),
    Case("--fusions", "h:fusions_arriba_short_rows.tsv", 0, "warning:fusion_row_skipped"),
    Case("--fusions", "h:fusions_arriba_unknown_contig.tsv", 0, "warning:fusion_outside_model"),
    Case("--fusions", "h:fusions_fusioncatcher_header_only.txt", 0, "warning:no_alk_fusion"),
    Case("--fusions", "h:fusions_notation_garbage_line.txt", 2, "cannot tell the fusion format", line=1),
    Case(
        "--fusions",
        "h:fusions_notation_garbage_line.txt",
        2,
        "not a fusion notation: 'this is not a fusion'",
        ("--fusion-format", "notation"),
        line=3,
    ),
    Case("--fusions", "h:fusions_jaffa_broken_quotes.csv", 0, "warning:fusion_row_skipped"),
    Case("--fusions", "h:fusions_is_vcf.tsv", 2, "this is a VCF, not a fusion table", line=1),
    Case("--fusions", "h:fusions_comment_only.tsv", 2, "no header line"),
    Case("--fusions", "h:fusions_oncokb_two_samples.txt", 2, "several samples (S1, S2); choose one with --sample"),
    Case("--fusions", "h:fusions_oncokb_two_samples.txt", 0, "found:KIF5B", ("--sample", "S2")),
    Case("--fusions", "g:fusions_truncated_gzip.tsv.gz", 2, "truncated or corrupt gzip file"),
    Case("--fusions", "g:fusions_binary_garbage.tsv", 2, "not a text table (binary content)"),
    Case("--fusions", "g:fusions_non_utf8.tsv", 2, "not a UTF-8 text table"),
    Case("--fusions", "g:fusions_very_long_line.txt", 2, "cannot tell the fusion format", line=1),
    Case(
        "--fusions",
        "g:fusions_newline_bomb.txt.gz",
        2,
        "alkannot's limit for a compressed input",
        ("--fusion-format", "notation"),
    ),
    Case("--fusions", "g:fusions_line_over_limit.txt", 2, "a line longer than 16,777,216 characters", line=1),
    # ---------------------------------------------------------------- --cnv (several formats)
    Case("--cnv", "h:cnv_cns_nan_negative.cns", 0, "warning:cnv_negative_copy_number"),
    Case("--cnv", "h:cnv_cns_nan_negative.cns", 0, "warning:cnv_bad_value"),
    Case("--cnv", "h:cnv_gene_table_crlf.tsv", 0, "found:MET amplification"),
    Case("--cnv", "h:cnv_is_maf.txt", 2, "this looks like a MAF of mutations", line=1),
    Case("--cnv", "h:cnv_purity_table.tsv", 2, "this is a purity/ploidy table", line=1),
    Case("--cnv", "h:cnv_matrix_duplicate_samples.txt", 2, "duplicate sample column(s): S1", line=1),
    Case("--cnv", "h:cnv_matrix_two_samples.txt", 2, "several samples (S1, S2); choose one with --sample", line=1),
    Case("--cnv", "h:cnv_vcf_negative_cn.vcf", 0, "warning:cnv_negative_copy_number"),
    Case("--cnv", "h:cnv_clincnv_no_values.tsv", 0, "warning:cnv_bad_value"),
    Case("--cnv", "h:cnv_header_only.cns", 0, "read"),
    Case("--cnv", "h:cnv_declared_as_vcf.txt", 2, "unknown copy-number format", line=1),
    Case("--cnv", "g:cnv_truncated_gzip.cns.gz", 2, "truncated or corrupt compressed file"),
    Case("--cnv", "g:cnv_binary_garbage.cns", 2, "binary content, not a text copy-number file"),
    Case("--cnv", "g:cnv_non_utf8.tsv", 0, "read"),
    Case("--cnv", "g:cnv_very_long_line.tsv", 0, "warning:cnv_bad_value"),
    Case("--cnv", "g:cnv_newline_bomb.cns.gz", 2, "alkannot's limit for a compressed input"),
    Case("--cnv", "g:cnv_log2_overflow.cns", 0, "warning:cnv_bad_value"),
    # ---------------------------------------------------------------- --maf
    Case("--maf", "h:maf_crlf.maf", 0, L1196M),
    Case("--maf", "h:maf_negative_nan_counts.maf", 0, "warning:bad_value_ignored"),
    Case("--maf", "h:maf_two_samples.maf", 2, "several samples (T1, T2); choose one with --sample"),
    Case("--maf", "h:maf_mixed_builds.maf", 2, "rows from several genome builds (GRCh37, GRCh38)"),
    Case("--maf", "h:maf_no_header.maf", 2, "not a MAF: no Hugo_Symbol column in the header", line=1),
    Case("--maf", "h:maf_is_vcf.maf", 2, "this is a VCF, not a MAF", line=1),
    Case("--maf", "h:maf_symbolic_alleles.maf", 0, "warning:no_alk_mutation"),
    Case("--maf", "h:maf_ragged_rows.maf", 0, "warning:maf_row_skipped"),
    Case("--maf", "g:maf_truncated_gzip.maf.gz", 2, "truncated or corrupt file"),
    Case("--maf", "g:maf_binary_garbage.maf", 2, "not a MAF", line=1),
    Case("--maf", "g:maf_non_utf8.maf", 0, L1196M),
    Case("--maf", "g:maf_very_long_line.maf", 0, L1196M),
    Case("--maf", "g:maf_newline_bomb.maf.gz", 2, "alkannot's limit for a compressed input"),
    # ---------------------------------------------------------------- --clinical
    Case(
        "--clinical",
        "h:clinical_python_tag.yaml",
        2,
        "not valid YAML (could not determine a constructor for the tag",
        line=2,
    ),
    Case("--clinical", "h:clinical_python_name_tag.yaml", 2, "python/name:os.system", line=1),
    Case("--clinical", "h:clinical_unknown_drug.yaml", 2, "treatments[0].drug: unknown drug 'unobtainium'"),
    Case("--clinical", "h:clinical_impossible_date.yaml", 2, "treatments[0].start: '2021-02-30' is not a real date"),
    Case("--clinical", "h:clinical_end_before_start.yaml", 2, "treatments[0].end: 2019-01-15 is before start 2022-06"),
    Case("--clinical", "h:clinical_future_year.yaml", 2, "treatments[0].start: '99999-01' is not a date"),
    Case("--clinical", "h:clinical_date_as_number.yaml", 2, "treatments[0].start: '20190501' is not a date"),
    Case("--clinical", "h:clinical_unknown_key.yaml", 2, "shoe_size: unknown key"),
    Case("--clinical", "h:clinical_billion_laughs.yaml", 2, "a: unknown key"),
    Case("--clinical", "h:clinical_bad_json.json", 2, "not valid JSON", line=1),
    Case("--clinical", "h:clinical_crlf.yaml", 0, "read"),
    Case("--clinical", "h:clinical_nan_fraction.yaml", 2, "tumor_fraction:"),
    Case("--clinical", "h:clinical_negative_tps.yaml", 2, "ihc.PD-L1.tps: -5 is too small (must be at least 0)"),
    Case("--clinical", "h:clinical_top_level_list.yaml", 2, "expected a mapping of keys"),
    Case("--clinical", "h:clinical_is_vcf.yaml", 2, "expected a mapping of keys"),
    Case("--clinical", "h:clinical_duplicate_keys.yaml", 2, "duplicate key 'specimen'", line=3),
    Case("--clinical", "h:clinical_treatment_not_mapping.yaml", 2, "treatments[0]: expected a mapping"),
    Case("--clinical", "h:clinical_bool_drug.yaml", 2, "treatments[0].drug: unknown drug 'True'"),
    Case("--clinical", "h:clinical_laughs_in_patient_id.yaml", 2, "patient_id: expected text, not a list"),
    Case("--clinical", "g:clinical_binary_garbage.yaml", 2, "not UTF-8 text"),
    Case("--clinical", "g:clinical_non_utf8.yaml", 2, "not UTF-8 text (byte 13)"),
    Case("--clinical", "g:clinical_deeply_nested.yaml", 2, "nested more than 64 levels deep", line=1),
    Case("--clinical", "g:clinical_deeply_nested_block.yaml", 2, "nested more than 64 levels deep", line=1),
    Case("--clinical", "g:clinical_deeply_nested.json", 2, "nested too deeply to be a clinical context"),
    Case("--clinical", "g:clinical_too_large.yaml", 2, "larger than 1048576 bytes"),
    Case("--clinical", "g:clinical_huge_integer.json", 2, "a value cannot be read"),
    Case("--clinical", "g:clinical_lone_surrogate.json", 2, "lone surrogate"),
    Case("--clinical", "g:clinical_password_file.yaml", 2, "root:…: unknown key"),
    # ---------------------------------------------------------------- --bam (read-backed phasing)
    Case("--bam", "g:bam_text_not_bam.bam", 2, "not a readable BAM/CRAM", UNPHASED),
    Case("--bam", "g:bam_no_index.bam", 2, "no index beside the alignment file", UNPHASED),
    Case("--bam", "g:bam_truncated.bam", 2, "file may be truncated", UNPHASED),
    Case("--bam", "g:bam_cut_with_eof.bam", 2, "truncated or corrupt alignment file", UNPHASED),
    Case("--bam", "h:vcf_crlf.vcf", 2, "no index beside the alignment file", UNPHASED),
    # ---------------------------------------------------------------- --kb
    Case("--kb", "g:kb_python_tag", 2, "kb.yaml line 3: not valid YAML (could not determine a constructor", CRLF_VCF),
    Case(
        "--kb",
        "g:kb_deeply_nested",
        2,
        f"drugs.yaml line {_kb_line('drugs.yaml')}: not valid YAML (nested more than 64 levels deep)",
        CRLF_VCF,
    ),
    Case("--kb", "g:kb_missing_file", 2, "references.yaml: file is missing", CRLF_VCF),
    Case("--kb", "g:kb_non_utf8", 2, "references.yaml: cannot be read", CRLF_VCF),
    Case("--kb", "g:kb_binary_garbage", 2, "mutations.yaml: cannot be read", CRLF_VCF),
    Case(
        "--kb",
        "g:kb_duplicate_key",
        2,
        f"mutations.yaml line {_kb_line('mutations.yaml', 'call: resistant')}: not valid YAML (duplicate key 'call')",
        CRLF_VCF,
    ),
    Case(
        "--kb",
        "g:kb_contradiction",
        2,
        "contradiction: ALK G1202R with lorlatinib is called resistant and sensitive",
        CRLF_VCF,
    ),
    Case("--kb", "g:kb_malformed_citation", 2, "malformed PMID 'PMID:", CRLF_VCF),
]

# The real fixtures of ../shared/realworld/edgecases/ (PROVENANCE.md), each with its exact outcome.
SEVERAL = "several samples and none is marked as the tumour: "
EDGE_CASES = [
    Case("--vcf", "e:vcf/cnvkit.blank.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/cnvkit.format-no-sample.vcf", 0, "warning:vcf_lenient_parser"),
    Case("--vcf", "e:vcf/cnvkit.gatk-emptyalt.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/cnvkit.nosample.vcf", 0, "warning:no_alk_mutation"),
    Case(
        "--vcf",
        "e:vcf/cyvcf2.decomposed.vcf",
        2,
        SEVERAL + "sample1, sample2, sample3, sample4, sample5; choose one with --sample",
    ),
    Case("--vcf", "e:vcf/cyvcf2.decomposed.vcf", 0, "warning:no_alk_mutation", ("--sample", "sample1")),
    Case("--vcf", "e:vcf/cyvcf2.empty.vcf", 2, "the file is empty (not a VCF)"),
    Case("--vcf", "e:vcf/cyvcf2.no-seq-len.vcf", 2, SEVERAL + "sample1, sample2"),
    Case("--vcf", "e:vcf/cyvcf2.no-seq-len.vcf", 0, "warning:no_alk_mutation", ("--sample", "sample2")),
    Case("--vcf", "e:vcf/cyvcf2.no-seq-names.vcf", 2, SEVERAL + "sample1, sample2"),
    Case("--vcf", "e:vcf/cyvcf2.no-seq-names.vcf", 0, "warning:no_alk_mutation", ("--sample", "sample3")),
    Case(
        "--vcf", "e:vcf/cyvcf2.test-alt-repr.vcf", 2, SEVERAL + "samplea, sampleb, samplec, sampled, samplee, samplef"
    ),
    Case("--vcf", "e:vcf/cyvcf2.test-invalid-header.vcf", 0, "warning:vcf_lenient_parser"),
    Case("--vcf", "e:vcf/cyvcf2.test-no-genotypes.vcf", 2, SEVERAL + "samplea, sampleb"),
    Case("--vcf", "e:vcf/cyvcf2.test.mnp.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/cyvcf2.test.snpeff.vcf", 2, SEVERAL + "1094PC0005, 1094PC0009, 1094PC0012, 1094PC0013"),
    Case("--vcf", "e:vcf/cyvcf2.test.snpeff.vcf", 0, "warning:no_alk_mutation", ("--sample", "1094PC0005")),
    Case("--vcf", "e:vcf/htslib.formatmissing.vcf", 2, SEVERAL + "S1, S2, S3"),
    Case("--vcf", "e:vcf/htslib.formatmissing.vcf", 0, "warning:no_alk_mutation", ("--sample", "S1")),
    Case(
        "--vcf", "e:vcf/htslib.noroundtrip.vcf", 2, "malformed record (Encountered duplicate field name: 'GT')", line=6
    ),
    Case("--vcf", "e:vcf/htslib.test-vcf-hdr-in.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/htslib.vcf44_1.vcf", 2, SEVERAL + "HG00096, HG00097"),
    Case("--vcf", "e:vcf/htslib.vcf44_1.vcf", 0, "warning:no_alk_mutation", ("--sample", "HG00096")),
    Case("--vcf", "e:vcf/htslib.vcf_meta_meta.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/htslib.weird-chr-names.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.contig_idonly.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.example-4.1-sv.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.full_vcf43_no_samples.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.info-type-character.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.parse-meta-line.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.samples-space.vcf", 2, SEVERAL + "NA 00001, NA 00002, NA 00003"),
    Case("--vcf", "e:vcf/vcfpy.samples-space.vcf", 0, "warning:no_alk_mutation", ("--sample", "NA 00002")),
    Case(
        "--vcf",
        "e:vcf/vcfpy.strelka.vcf",
        2,
        SEVERAL + "NORMAL.variant, NORMAL.variant2, TUMOR.variant, TUMOR.variant2",
    ),
    Case("--vcf", "e:vcf/vcfpy.strelka.vcf", 0, "warning:vcf_lenient_parser", ("--sample", "TUMOR.variant")),
    Case("--vcf", "e:vcf/vcfpy.string_as_flag.vcf", 0, "warning:no_alk_mutation"),
    Case("--vcf", "e:vcf/vcfpy.uncalled_genotypes.vcf", 2, SEVERAL + "AB00001, AB00002, AB00003"),
    Case("--vcf", "e:oncomine/ncimatch.input_bad.vcf", 0, "warning:no_alk_mutation"),
    Case("--sv-vcf", "e:vcf/vcfpy.example-4.1-sv.vcf", 0, "warning:sv_unpaired"),
    Case("--sv-vcf", "e:vcf/htslib.weird-chr-names.vcf", 0, "warning:sv_unpaired"),
    Case("--sv-vcf", "e:vcf/cyvcf2.test-invalid-header.vcf", 2, "not a VCF: htslib finds no valid VCF header"),
    Case("--cnv", "e:vcf/vcfpy.example-4.1-sv.vcf", 0, "warning:build_assumed"),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_duplicate_entry.txt",
        2,
        "several samples (TCGA-A2-A04P-01, TCGA-A1-A0SB-01)",
    ),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_duplicate_entry.txt",
        0,
        "found:EML4::ALK",
        ("--sample", "TCGA-A1-A0SB-01"),
    ),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_missing_columns.txt",
        2,
        "cannot tell the fusion format from the header line (closest: cBioPortal structural-variant columns, missing site2_hugo_symbol)",
        line=1,
    ),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_missing_values.txt",
        2,
        "several samples (TCGA-A2-A04P-01, TCGA-A1-A0SB-01)",
    ),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_missing_values.txt",
        0,
        "found:EML4::ALK v3b (E6b;A20)",
        ("--sample", "TCGA-A2-A04P-01"),
    ),
    Case(
        "--fusions",
        "e:cbioportal-sv/data_structural_variants_missing_values.txt",
        0,
        "warning:fusion_row_skipped",
        ("--sample", "TCGA-A1-A0SB-01"),
    ),
]


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    make_corpus(folder)
    return folder


def _path(ref: str, generated: Path) -> Path:
    kind, name = ref.split(":", 1)
    if kind == "h":
        return HOSTILE / name
    if kind == "g":
        return generated / name
    if not EDGE.exists():
        pytest.skip(f"{EDGE} is not available (the project's shared folder is absent)")
    return EDGE / name


def _argv(case: Case, generated: Path, out: Path) -> tuple[list[str], Path]:
    culprit = _path(case.file, generated)
    extra = [str(_path(x, generated)) if x[:2] in {"h:", "g:", "e:"} else x for x in case.extra]
    return ["annotate", case.option, str(culprit), *extra, "-o", str(out)], culprit


def check_outcome(case: Case, generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    argv, culprit = _argv(case, generated, out)
    result = run_cli(*argv)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.exit_code == case.exit, (result.exit_code, result.stderr)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers, leftovers
    if case.exit == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        line = lines[0]
        where = f"{culprit}:{case.line}: " if case.line else f"{culprit}: "
        assert line.startswith(f"alkannot: error: {where}"), line
        assert case.expect in line, line
        assert not out.exists()
        return
    report = json.loads(out.read_text())
    assert any(Path(i["path"]) == culprit for i in report["inputs"]) or case.option == "--kb"
    kind, _, what = case.expect.partition(":")
    if kind == "warning":
        assert what in {w["code"] for w in report["warnings"]}, report["warnings"]
    elif kind == "found":
        assert any(what in a["name"] for a in report["alterations"]), [a["name"] for a in report["alterations"]]
    else:
        assert case.expect == "read"


def test_corpus_is_big_enough_and_covers_every_reader():
    options = {c.option for c in CASES}
    assert {"--vcf", "--sv-vcf", "--fusions", "--cnv", "--maf", "--clinical", "--bam", "--kb"} <= options
    assert len(CASES) >= 40
    on_disk = {p.name for p in HOSTILE.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    used = {c.file[2:] for c in CASES if c.file.startswith("h:")} | {
        x[2:] for c in CASES for x in c.extra if x.startswith("h:")
    }
    assert on_disk <= used, f"hand-made files no case uses: {sorted(on_disk - used)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input(case, generated, tmp_path):
    check_outcome(case, generated, tmp_path)


@pytest.mark.skipif(not EDGE.exists(), reason="../shared/realworld/edgecases is not beside the project")
def test_every_edge_case_fixture_has_an_expected_outcome():
    covered = {c.file[2:] for c in EDGE_CASES}
    on_disk = {str(p.relative_to(EDGE)) for p in EDGE.rglob("*") if p.is_file()}
    assert on_disk <= covered, sorted(on_disk - covered)


@pytest.mark.parametrize("case", EDGE_CASES, ids=lambda c: c.id)
def test_real_edge_case(case, generated, tmp_path):
    check_outcome(case, generated, tmp_path)


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if c.file
        in {"g:vcf_truncated.bcf", "g:bam_cut_with_eof.bam", "g:clinical_deeply_nested.yaml", "g:kb_deeply_nested"}
    ],
    ids=lambda c: c.id,
)
def test_refusal_is_one_line_from_a_real_process(case, generated, tmp_path):
    """Outside click's test runner: htslib writes to file descriptor 2 itself, and a C stack overflow
    (deep YAML) would kill the process; the real stderr must still be one line."""
    out = tmp_path / "report.json"
    argv, culprit = _argv(case, generated, out)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "alkannot", *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"alkannot: error: {culprit}"), proc.stderr
    assert not out.exists()


def test_kb_validate_lists_every_problem_of_a_broken_kb(generated):
    result = run_cli("kb", "validate", str(generated / "kb_contradiction"))
    assert result.exit_code == 2
    assert (
        "duplicate entry for ALK G1202R" in result.stderr
        and "contradiction: ALK G1202R with lorlatinib" in result.stderr
    )


def test_corpus_generation_is_deterministic(generated, tmp_path):
    again = make_corpus(tmp_path / "again")
    for name, path in again.items():
        if path.is_file() and "bam" not in name:  # BAM headers carry the writer's version
            assert path.read_bytes() == (generated / name).read_bytes(), name


# ----------------------------------------------------------------------------- memory

BIG = 100_000  # lines, each padded to some 70 bytes
PAD = "x" * 40


def _big(path: Path, header: str, row) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header + "\n")
        fh.writelines(row(i) + "\n" for i in range(BIG))
    return path


def _peak(read) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("reader", ["fusions", "maf", "cnv", "vcf", "clinical"])
def test_large_input_is_streamed(reader, tmp_path):
    """A 100 000-line, 7 MB file whose rows the reader keeps none of (other genes, other samples, regions
    not asked for): peak memory stays far below the file's size, so nothing reads the whole file.
    (A reader's result still grows with what it keeps: every CNVkit bin, every fusion row.)"""
    from alkannot.readers.clinical import read_clinical
    from alkannot.readers.cnv import read_cnv
    from alkannot.readers.fusions import read_fusions
    from alkannot.readers.maf import read_maf
    from alkannot.readers.vcf import Region, read_vcf
    from alkannot.errors import InputError

    if reader == "fusions":  # OncoKB SV rows that are not fusions; the sample column makes it two passes
        path = _big(
            tmp_path / "sv.txt",
            "Tumor_Sample_Barcode\tGeneA\tGeneB\tSv_Type",
            lambda i: f"S1\tGENE{i}{PAD}\tOTHER{i}\tDELETION",
        )
        run = lambda: read_fusions(path)  # noqa: E731
    elif reader == "maf":
        path = _big(
            tmp_path / "big.maf",
            "Hugo_Symbol\tChromosome\tStart_Position\tReference_Allele\tTumor_Seq_Allele2\tTumor_Sample_Barcode",
            lambda i: f"GENE{i}{PAD}\t1\t{1000 + i}\tA\tG\tT1",
        )
        run = lambda: read_maf(path, {"ALK"})  # noqa: E731
    elif reader == "cnv":  # rows of another sample than the one asked for
        path = _big(
            tmp_path / "cna.txt",
            "Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration",
            lambda i: f"S{2 + i % 2}\tGENE{i}{PAD}\t2",
        )
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("S1\tMET\t2\n")
        run = lambda: read_cnv(path, sample="S1")  # noqa: E731
    elif reader == "vcf":
        path = _big(
            tmp_path / "big.vcf",
            "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
            lambda i: f"1\t{1000 + i}\trs{i}{PAD}\tA\tG\t.\tPASS\t.",
        )
        run = lambda: read_vcf(path, [Region("2", 29192774, 30144432)])  # noqa: E731
    else:  # a clinical context is a few lines: a big one is refused by its size before it is read
        path = _big(tmp_path / "ctx.yaml", "patient_id: P1", lambda i: f"note_{i}: {PAD}")

        def run() -> None:
            with pytest.raises(InputError, match="larger than"):
                read_clinical(path, lambda name: None)

    size = path.stat().st_size
    assert size > 5_000_000
    assert _peak(run) < size / 4, f"{reader}: peak memory is a large part of the {size}-byte file"
