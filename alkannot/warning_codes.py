"""The registry of warning codes: every `ReportWarning.code` alkannot emits, each with what it means.

A warning's `code` is the stable part a pipeline filters on (its `message` is for people and names the
file, line and values); so the codes are a closed set, defined here once. `ReportWarning.code` is typed
`WarningCode`: a code not registered here is refused when the warning is built, and the JSON still
carries the plain string. Each member's text (its `description`, also its `__doc__`) says when the code
is raised and what the reader should do; the README's "Warning codes" table and the report schema are
made from it (tests keep both equal, and check that every code is emitted somewhere and every code
emitted is here). After `MAX_WARNINGS_PER_CODE` warnings of one code, a report counts the rest in one
last warning of that code ("… and N more").

Add a member here before emitting a new code; never rename one (pipelines match on the string)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic_core import CoreSchema


class WarningCode(StrEnum):
    """A warning's stable code (for pipelines to match on): one of the registered values, each with when
    it is raised and what to do."""

    description: str

    def __new__(cls, value: str, description: str) -> WarningCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        member.__doc__ = description  # the member's docstring: help() and documentation tools show it
        return member

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        """The schema's definition lists the codes (`enum`) and says what each means (`oneOf` of
        `const` + `description`)."""
        reference = handler(core_schema)
        definition = handler.resolve_ref_schema(reference)
        definition["oneOf"] = [{"const": code.value, "description": code.description} for code in cls]
        return reference

    ALK_DRIVER_ASSUMED = (
        "alk_driver_assumed",
        "No fusion input, and the clinical context states no ALK status (or an equivocal one): the therapy calls "
        "assume ALK-positive disease. Confirm ALK positivity (IHC, FISH or a fusion assay) before acting on them.",
    )
    ALK_DRIVER_NOT_DETECTED = (
        "alk_driver_not_detected",
        "The fusion input(s) hold no ALK driver fusion, or the clinical context states ALK negative, and "
        "nothing states positivity: ALK TKI calls are not applicable. Check the fusion assay and the ALK status.",
    )
    ALK_EXPRESSION_IMBALANCE = (
        "alk_expression_imbalance",
        "An Ion Reporter VCF reports a passed ALK 5′/3′ expression imbalance: it suggests an ALK rearrangement "
        "but names no partner, so it is not counted as a fusion. Confirm by FISH, IHC or a fusion assay.",
    )
    ALK_FUSION_NOT_SEEN = (
        "alk_fusion_not_seen",
        "The ALK driver is established by the clinical context (ALK-positive), but no ALK driver fusion was "
        "seen in this sample; the calls stand on the clinical status. Check that the fusion assay covered ALK.",
    )
    ANNOTATION_DISAGREES = (
        "annotation_disagrees",
        "An upstream annotator (VEP CSQ, SnpEff ANN, a MAF) names a different HGVS change on the same transcript "
        "than the embedded transcript model; the embedded translation is reported. Check the annotator's version.",
    )
    BAD_VALUE_IGNORED = (
        "bad_value_ignored",
        "A number in a VCF, MAF or fusion table (AD, DP, allele fraction, read counts) is negative, non-finite, "
        "text or exceeds the depth; that value is ignored and the record kept. Check the caller's output.",
    )
    BUILD_ASSUMED = (
        "build_assumed",
        "An input's genome build is neither stated nor decidable from its content, so GRCh38 is assumed for "
        "its coordinates. Declare the build (the `build` option) if the file is GRCh37.",
    )
    BUILD_CONFLICT = (
        "build_conflict",
        "A file's weaker build evidence (e.g. a stale ##reference line) names another build than its stronger "
        "evidence; the stronger one is used. Check the file's header.",
    )
    BUILD_DIFFERS = (
        "build_differs",
        "`compare`: the two reports are on different genome builds; alterations are still matched by their "
        "build-independent identities. No action needed unless the builds are unexpected.",
    )
    CNV_BAD_COORDINATES = (
        "cnv_bad_coordinates",
        "A copy-number segment ends before it starts; the segment is kept as the file states it. Check the "
        "file's coordinates.",
    )
    CNV_BAD_VALUE = (
        "cnv_bad_value",
        "A copy-number value is not a (finite, whole, in-range) number: a log2 ratio beyond the plausible "
        "range, a discrete value outside -2..2, an implausible ploidy or a purity outside 0–1; it is ignored "
        "(a matrix row is skipped). Check the file.",
    )
    CNV_COPY_NUMBER_MISSING = (
        "cnv_copy_number_missing",
        "A copy-number VCF record has no CN but a RAW_CN (not adjusted for cellularity), which is not used. "
        "Export adjusted copy numbers if the record matters.",
    )
    CNV_DUPLICATE_GENE = (
        "cnv_duplicate_gene",
        "A gene-level copy-number table or matrix lists a gene on more than one row; every row is kept. Check "
        "that the table is one sample's.",
    )
    CNV_FILTERED_SKIPPED = (
        "cnv_filtered_skipped",
        "A copy-number VCF record failed the caller's FILTER; it is skipped and listed as set aside. Review it "
        "if the caller's filters are stricter than needed.",
    )
    CNV_GENE_MISSING = (
        "cnv_gene_missing",
        "A row of a gene-level copy-number table names no gene symbol; the row is skipped. Check the file.",
    )
    CNV_NEGATIVE_COPY_NUMBER = (
        "cnv_negative_copy_number",
        "A copy number is negative; the value is ignored. Check the file.",
    )
    CNV_PURITY_NOT_FOUND = (
        "cnv_purity_not_found",
        "Beside a PURPLE table the only purple.purity.tsv files are another sample's, so none is used (no "
        "stated purity or ploidy). Give the purity file explicitly.",
    )
    CNV_PURITY_UNREADABLE = (
        "cnv_purity_unreadable",
        "The PURPLE purity file beside a PURPLE table cannot be read, so it is not used; the message says why. "
        "Fix it or give the purity file explicitly.",
    )
    CNV_ROW_SKIPPED = (
        "cnv_row_skipped",
        "A copy-number row or record is unusable (fewer fields than the header, fewer than 8 VCF columns, a POS "
        "that is not a number, a TSO500 amplification without a gene and a positive fold change); it is skipped.",
    )
    CNV_VALUE_OVERRIDDEN = (
        "cnv_value_overridden",
        "The ploidy or purity given to the run differs from the one stated with the copy-number file; the given "
        "value is used. Check which one is right.",
    )
    CNV_VCF_LENIENT_PARSER = (
        "cnv_vcf_lenient_parser",
        "htslib refused a copy-number VCF, so it is read as plain text. Check the file with `bcftools view`.",
    )
    DUPLICATE_FINDING = (
        "duplicate_finding",
        "The same off-target (bypass) change is listed more than once in one input; it is reported once. No "
        "action needed; check the input if that is unexpected.",
    )
    EXON_NUMBERING = (
        "exon_numbering",
        "An ALK exon is given in another numbering (e.g. A19/A20 of an older transcript); the message says how "
        "it is read on the knowledge base's ALK transcript. Check the junction if it matters.",
    )
    FILTERED_VARIANT_INCLUDED = (
        "filtered_variant_included",
        "An ALK variant that failed the caller's filters is reported because filtered variants were asked for "
        "(include_filtered). Weigh it as the caller's filter suggests.",
    )
    FUSION_BYPASS_SET_ASIDE = (
        "fusion_bypass_set_aside",
        "A bypass fusion or exon-skipping call has fewer supporting reads than the bypass minimum, is out of "
        "frame or is rated low by the caller; it is not reported as a bypass alteration. Confirm it if it matters.",
    )
    FUSION_BYPASS_SIDE = (
        "fusion_bypass_side",
        "A bypass kinase gene is on the side of the fusion that does not keep its kinase domain; not counted as "
        "a bypass alteration.",
    )
    FUSION_EXON_DISAGREES = (
        "fusion_exon_disagrees",
        "The file's exon for a fusion partner differs from the exon its breakpoint lies at; the coordinates are "
        "used. Check the caller's exon numbering.",
    )
    FUSION_GENE_BY_COORDINATE = (
        "fusion_gene_by_coordinate",
        "A fusion breakpoint lies in another gene than the file names; the gene at the coordinates is used. "
        "Check the build and the caller's gene annotation.",
    )
    FUSION_INPUT_EMPTY = (
        "fusion_input_empty",
        "A LongGF log holds no SumGF summary line (the run may not have finished); no fusion is read from it. "
        "Check that the run completed.",
    )
    FUSION_INTRAGENIC = (
        "fusion_intragenic",
        "Both breakpoints of a fusion call lie in ALK: an intragenic rearrangement, not reported as a fusion.",
    )
    FUSION_LOW_CONFIDENCE = (
        "fusion_low_confidence",
        "The caller rates an ALK fusion low, but it is reported as the driver because its partner is known to "
        "the knowledge base and the junction is canonical. Confirm it.",
    )
    FUSION_LOW_SUPPORT = (
        "fusion_low_support",
        "An ALK fusion has fewer supporting reads than the knowledge base's minimum; it is not counted as the "
        "driver. Confirm it by another assay.",
    )
    FUSION_NAME_DISAGREES = (
        "fusion_name_disagrees",
        "A fusion row's name disagrees with its gene columns; the gene columns (and coordinates) are used. "
        "Check the row.",
    )
    FUSION_ORDER = (
        "fusion_order",
        "A notation or OncoKB-style input writes ALK first with a partner the knowledge base knows; it is read as "
        "PARTNER::ALK, the known fusion (these inputs write the genes in either order).",
    )
    FUSION_ORDER_FROM_COORDINATES = (
        "fusion_order_from_coordinates",
        "The file lists a fusion's genes in one order but the breakpoints show the other gene is 5′; the "
        "breakpoints decide. No action needed.",
    )
    FUSION_ORIENTATION_UNKNOWN = (
        "fusion_orientation_unknown",
        "Which gene of a fusion call is 5′ cannot be established (the message says why), so it is not counted "
        "as the driver. Give breakpoints or an oriented notation (GENE1::GENE2).",
    )
    FUSION_OUTSIDE_MODEL = (
        "fusion_outside_model",
        "A fusion breakpoint lies outside the embedded model of the gene the file names; its exon is not named. "
        "Check the build and the coordinates.",
    )
    FUSION_ROW_SKIPPED = (
        "fusion_row_skipped",
        "A fusion row or record is not read: cut short, not a finding of the format (e.g. LINX reported=false), "
        "an unreadable notation, ID or LongGF line, no 5′ or 3′ partner, or no sample named in a table that names "
        "samples.",
    )
    FUSION_TARGETS_NOT_DETECTED = (
        "fusion_targets_not_detected",
        "An Ion Reporter VCF's targeted fusion records that failed the panel's filters or have no reads are "
        "counted as assessed and not detected, not as findings. No action needed.",
    )
    FUSION_VARIANT_DISAGREES = (
        "fusion_variant_disagrees",
        "The EML4::ALK variant label the input gives differs from the label of its junction; the junction is "
        "used. Check the input's label.",
    )
    FUSION_VARIANT_UNKNOWN = (
        "fusion_variant_unknown",
        "An EML4::ALK variant label has no sourced junction in the knowledge base; it is reported as given. Give "
        "the exons or breakpoints if the variant matters.",
    )
    GENOTYPE_CONTRADICTION = (
        "genotype_contradiction",
        "A sample's genotype and its read counts or allele fraction disagree (VCF or SV VCF); the genotype "
        "decides whether the record is present. Check the caller's output.",
    )
    KB_DIFFERS = (
        "kb_differs",
        "`compare`: the reports use knowledge bases of the same major version with different contents; evidence "
        "may differ, alterations are still compared. Re-annotate both with one knowledge base for like evidence.",
    )
    MAF_ROW_SKIPPED = (
        "maf_row_skipped",
        "A MAF row has fewer columns than its header needs; the row is skipped. Check the file.",
    )
    MALFORMED_ALLELE_SKIPPED = (
        "malformed_allele_skipped",
        "A VCF record's REF or ALT is not DNA bases; the allele is skipped and listed as set aside. Check the file.",
    )
    NO_ALK_FUSION = (
        "no_alk_fusion",
        "The fusion inputs hold no ALK driver fusion; the message lists the ALK fusion calls read and why each is "
        "not the driver.",
    )
    NO_ALK_MUTATION = (
        "no_alk_mutation",
        "No known ALK kinase-domain resistance mutation is in the variants read; the message says whether ALK "
        "was assessed at all (if not, a negative result says nothing).",
    )
    PATIENT_NOT_CHECKED = (
        "patient_not_checked",
        "`compare`: a report names no patient, so that both reports are of one patient is not checked. Give "
        "patient_id in the clinical files.",
    )
    PLASMA_UNINFORMATIVE = (
        "plasma_uninformative",
        "A plasma sample's tumour fraction is below the knowledge base's floor and nothing found explains the "
        "progression: a negative result is uninformative. Consider a tissue biopsy or a repeat.",
    )
    RECORD_NOT_READ = (
        "record_not_read",
        "A VCF record has an empty FILTER column or a POS that is not a position; it is not read and listed as "
        "set aside. Check the caller's output.",
    )
    SAMPLE_IDENTITY = (
        "sample_identity",
        "`compare`: the two reports may not be one patient's baseline and progression (both name one sample, a "
        "sample does not name the patient, or a report warns of a sample mismatch). Check the files.",
    )
    SAMPLE_MISMATCH = (
        "sample_mismatch",
        "The clinical file's (or cohort manifest's) sample id and the samples the data name do not fit each "
        "other: a possible sample swap. Check that the inputs are one sample's.",
    )
    SV_FILTERED = (
        "sv_filtered",
        "SV VCF records failed the caller's FILTER and were not read (listed as set aside). Review them if the "
        "filters are stricter than needed.",
    )
    SV_NOT_BGZIP = (
        "sv_not_bgzip",
        "An SV VCF is compressed with gzip, not bgzip; it is read as a stream. bgzip it to silence this.",
    )
    SV_UNPAIRED = (
        "sv_unpaired",
        "SV VCF records are single breakends or lack a mate position, so they cannot make a fusion; they are set "
        "aside.",
    )
    SYMBOLIC_ALLELE_SKIPPED = (
        "symbolic_allele_skipped",
        "A small-variant VCF record has a symbolic, breakend or spanning-deletion ALT (e.g. `<DEL>`); it is not a "
        "small variant and is set aside. Give structural variants as an SV VCF.",
    )
    VARIANT_ROW_SKIPPED = (
        "variant_row_skipped",
        "A TSO500 [Small Variants] row has no position or REF/ALT alleles; the row is skipped.",
    )
    VCF_INDEX_UNUSABLE = (
        "vcf_index_unusable",
        "The index beside a VCF is corrupt, empty, truncated, stale, beside a file that is not bgzip-compressed, "
        "or a query through it failed; the whole file is read without it. Re-index it (tabix, bcftools index).",
    )
    VCF_LENIENT_PARSER = (
        "vcf_lenient_parser",
        "A plain-text VCF has spaces for tabs or htslib refused it, so it is read with the lenient pyvcf3 "
        "parser. Check the file with `bcftools view`.",
    )
    VCF_NOT_BGZIP = (
        "vcf_not_bgzip",
        "A VCF is compressed with gzip, not bgzip; it is read as a stream. bgzip and index it for region queries.",
    )
