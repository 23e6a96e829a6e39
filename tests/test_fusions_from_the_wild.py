"""Public fusion-caller outputs (../shared/realworld/fusion/): every file is read or refused in one
line, never a traceback; and the partners, junctions and drivers a pathologist would name."""

from __future__ import annotations

import json

import pytest

from conftest import assert_read_or_refused, REALWORLD, run_cli, shared_path

FUSION = REALWORLD / "fusion"


def _files() -> list[str]:
    if not FUSION.exists():
        return []
    return [str(p.relative_to(FUSION)) for p in sorted(FUSION.rglob("*")) if p.is_file()]


def _report(*parts: str, option: str = "--fusions", extra: tuple[str, ...] = ()) -> dict:
    result = run_cli("annotate", option, str(shared_path("realworld", "fusion", *parts)), *extra, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _alk(report: dict) -> dict[str, str]:
    return {a["name"]: a["fusion"]["role"] for a in report["alterations"] if a["category"] == "alk_fusion"}


@pytest.mark.skipif(not FUSION.exists(), reason="../shared/realworld is not beside the project")
@pytest.mark.parametrize("name", _files())
def test_real_fusion_file_is_read_or_refused_cleanly(tmp_path, name):
    assert_read_or_refused(tmp_path, "--sv-vcf" if name.endswith(".vcf") else "--fusions", FUSION / name)


H2228_DRIVER_CALLERS = [
    ("STAR_FUSION_GRCh37v19_FL3_v51b3df4__star-fusion.fusion_candidates.final.abridged", "EML4::ALK v3b (E6b;A20)"),
    ("CHIMPIPE__chimericJunctions_chimpipe.txt", "EML4::ALK v3b (E6b;A20)"),
    ("JAFFA_ASSEMBLY__jaffa_results.csv", "EML4::ALK v3b (E6b;A20)"),
    ("JAFFA_HYBRID__jaffa_results.csv", "EML4::ALK v3b (E6b;A20)"),
    ("SOAP_FUSE__sample.final.Fusion.specific.for.genes", "EML4::ALK v3b (E6b;A20)"),
    ("FUSION_CATCHER_V0994e__final-list_candidate-fusion-genes.txt", "EML4::ALK v3b (E6b;A20)"),
    ("ERICSCRIPT__MyEric.results.filtered.tsv", "EML4::ALK v3b (E6b;A20)"),
    ("CHIMERASCAN__chimeras.bedpe", "EML4::ALK v3a (E6a;A20)"),
]


@pytest.mark.parametrize("name,driver", H2228_DRIVER_CALLERS)
def test_h2228_is_eml4_alk_variant_3_with_a_reciprocal_alk_ptpn3(name, driver):
    """NCI-H2228 carries EML4-ALK variant 3 (callers see v3b's cryptic exon 6b junction, ChimeraScan's
    annotation-bound clusters v3a) and ALK-PTPN3, where ALK is 5′."""
    roles = _alk(_report("H2228", name))
    assert roles[driver] == "driver"
    assert [r for r in roles.values() if r == "driver"] == ["driver"]
    if name.startswith(("STAR", "SOAP", "FUSION_CATCHER", "ERIC", "CHIMERA")):
        assert roles["ALK::PTPN3 (A11;P3)"] == "reciprocal"


@pytest.mark.parametrize(
    "name",
    [
        "DEFUSE__results.filtered.tsv",
        "NFUSE__rna.results.tsv",
        "INFUSION_CF3__fusions.txt",
        "JAFFA_DIRECT__jaffa_results.csv",
    ],
)
def test_h2228_callers_that_only_see_alk_ptpn3_report_no_driver(name):
    report = _report("H2228", name)
    assert _alk(report) == {"ALK::PTPN3 (A11;P3)": "reciprocal"}
    assert "no_alk_fusion" in {w["code"] for w in report["warnings"]}


@pytest.mark.parametrize(
    "name,message",
    [
        ("FUSIONHUNTER__FusionHunter.fusion", "the file is empty"),
        ("TOPHAT_FUSION__result.txt", "cannot tell the fusion format"),
        ("MAPSPLICE__fusions_well_annotated.txt", "cannot tell the fusion format"),
    ],
)
def test_h2228_outputs_without_a_header_are_refused(name, message):
    result = run_cli("annotate", "--fusions", str(shared_path("realworld", "fusion", "H2228", name)))
    assert result.exit_code == 2 and message in result.stderr


def test_prada_header_only_is_no_fusion():
    report = _report("H2228", "PRADA__prada.fus.summary.txt")
    assert _alk(report) == {}


def test_moalmanac_name_that_disagrees_with_the_genes_warns():
    report = _report("star-fusion", "moalmanac.example_patient.rna.star.fusions.txt")
    assert _alk(report) == {}
    messages = [w["message"] for w in report["warnings"] if w["code"] == "fusion_name_disagrees"]
    assert any("EML4--ALK" in m and "CD2AP" in m and "C11orf80" in m for m in messages)


def test_pcgr_missing_partner_row_is_skipped_with_a_warning():
    report = _report("pcgr", "pcgr.T001-COAD.grch37.fusions.tsv")
    assert _alk(report) == {"EML4::ALK v1 (E13;A20)": "driver"}
    assert report["genome_build"] == "GRCh37"
    skipped = [w["message"] for w in report["warnings"] if w["code"] == "fusion_row_skipped"]
    assert any("--ALK" in m and "no 5′ partner" in m for m in skipped)
    assert {a["name"] for a in report["alterations"] if a["category"] == "bypass"} >= {
        "KIAA1549::BRAF fusion",
        "CCDC6::RET fusion",
    }


def test_pcgr_grch38_is_detected_from_breakpoints():
    report = _report("pcgr", "pcgr.T001-COAD.grch38.fusions.tsv")
    assert report["genome_build"] == "GRCh38" and _alk(report) == {"EML4::ALK v1 (E13;A20)": "driver"}


def test_long_read_jaffal_breakpoints_4bp_off_get_their_junction():
    report = _report("jaffal", "SeraCarev4Fusion.IsoSeq_jaffal_results.csv.gz")
    assert _alk(report) == {"EML4::ALK v1 (E13;A20)": "driver"}
    assert "fusion_low_confidence" in {w["code"] for w in report["warnings"]}
    truth = _report("truth", "SeraCare_fusion_targets.tsv")
    assert _alk(truth) == {"EML4::ALK v1 (E13;A20)": "driver"}
    ctat = _report("ctat-lr-fusion", "SeraCarev4Fusion.IsoSeq.ctat-LR-fusion.fusion_predictions.tsv.gz")
    assert _alk(ctat) == {"EML4::ALK v1 (E13;A20)": "driver"}
    bypass = {a["name"] for a in ctat["alterations"] if a["category"] == "bypass"}
    assert {"KIF5B::RET fusion", "CD74::ROS1 fusion", "SLC34A2::ROS1 fusion", "SLC45A3::BRAF fusion"} <= bypass


@pytest.mark.parametrize(
    "parts",
    [
        ("jaffal", "DepMap_KIJK_jaffal_results.csv.gz"),
        ("ctat-lr-fusion", "DepMap_KIJK.ctat-LR-fusion.fusion_predictions.tsv.gz"),
    ],
)
def test_ki_jk_is_npm1_alk(parts):
    roles = _alk(_report(*parts))
    assert roles["NPM1::ALK (N4;A20)"] == "driver"
    assert [n for n, r in roles.items() if r == "driver"] == ["NPM1::ALK (N4;A20)"]  # FAM172A / CLEC2D decoys are not


def test_fusioncatcher_tsv_and_vcf_agree():
    tsv = _report("fusioncatcher", "final-list_candidate-fusion-genes.txt")
    vcf = _report("fusioncatcher", "final-list_candidate-fusion-genes.vcf", option="--sv-vcf")
    assert _alk(tsv) == _alk(vcf) == {"EML4::ALK (E14;A20)": "driver", "NPM1::ALK (N4;A20)": "driver"}
    names = lambda r: {a["name"] for a in r["alterations"] if a["category"] == "bypass"}  # noqa: E731
    assert names(tsv) == names(vcf) and "AKAP9::BRAF fusion" in names(tsv)
    assert tsv["genome_build"] == vcf["genome_build"] == "GRCh38"


@pytest.mark.parametrize(
    "parts",
    [
        ("star-fusion", "A-673.star-fusion.fusion_candidates.final.abridged"),
        ("jaffa", "DMS_454.JAFFA_HYBRID.jaffa_results.csv"),
    ],
)
def test_decoys_are_not_drivers(parts):
    roles = _alk(_report(*parts))
    assert roles and "driver" not in roles.values() and set(roles.values()) == {"non_canonical"}


def test_oncokb_example_alk_eml4_is_read_as_eml4_alk():
    path = shared_path("realworld", "oncokb-annotator", "example_fusions.txt")
    refused = run_cli("annotate", "--fusions", str(path))
    assert refused.exit_code == 2 and "TCGA-02-0033-01, TCGA-05-4417-01, TCGA-06-0155-01" in refused.stderr
    result = run_cli("annotate", "--fusions", str(path), "--sample", "TCGA-05-4417-01", "-o", "-")
    report = json.loads(result.stdout)
    assert _alk(report) == {"EML4::ALK": "driver"} and report["sample_id"] == "TCGA-05-4417-01"
    assert "fusion_order" in {w["code"] for w in report["warnings"]}


def test_cbioportal_sv_file_names_e6b_and_e13():
    path = shared_path("realworld", "cbioportal", "study_es_0.data_structural_variants.txt")
    result = run_cli("annotate", "--fusions", str(path), "-o", "-")
    assert result.exit_code == 2 and "choose one with --sample" in result.stderr
