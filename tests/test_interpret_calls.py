"""One call per drug across all alterations: the ALK-driver gate, the approval baseline, bypass
limits, the treatment history and the resistance setting. Each rule of alkannot/interpret/calls.py
and history.py is exercised through `alkannot.annotate`, as a pipeline would call it."""

from __future__ import annotations

from pathlib import Path

import pytest

import alkannot
from alkannot.interpret.calls import CALL_SEVERITY, Finding, worst
from alkannot.model import Evidence
from conftest import ALK_POSITIVE, EXAMPLES, change_to_vcf, write_vcf

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P02 = EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"
P04 = EXAMPLES / "P04_no_alk_mutation.GRCh38.bcf"
APPROVED = ["crizotinib", "ceritinib", "alectinib", "brigatinib", "ensartinib", "lorlatinib"]


def clinical(tmp_path: Path, text: str, name: str = "clinical.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def fusion_file(tmp_path: Path, text: str = "EML4(13)-ALK(20)\n") -> Path:
    path = tmp_path / "fusions.txt"
    path.write_text(text)
    return path


def met_amplified(tmp_path: Path, cn: float = 8) -> Path:
    path = tmp_path / "genes.cnv.tsv"
    path.write_text(f"gene\tcopy_number\nMET\t{cn}\n")
    return path


def calls(report) -> dict[str, object]:
    return {t.drug: t for t in report.therapies}


# ---------------------------------------------------------------- the ALK-driver gate


def test_without_a_fusion_input_or_clinical_alk_status_the_calls_stand_on_assumed_alk_positivity():
    report = alkannot.annotate(vcf=P01)
    assert report.alk_driver.status == "not_assessed" and "assumed_alk_positive" in report.alk_driver.conventions
    lor = calls(report)["lorlatinib"]
    assert lor.call == "sensitive" and calls(report)["alectinib"].call == "resistant"
    assert all("assumed_alk_positive" in t.conventions for t in report.therapies)
    warning = next(w for w in report.warnings if w.code == "alk_driver_assumed")
    assert "confirm ALK positivity" in warning.message
    assert [r.option for r in report.recommendations][:1] == ["Lorlatinib"]


def test_a_fusion_input_without_an_alk_driver_makes_every_call_not_applicable(tmp_path):
    report = alkannot.annotate(vcf=P01, fusions=fusion_file(tmp_path, "KIF5B::RET\n"))
    assert report.alk_driver.status == "not_detected"
    assert {t.call for t in report.therapies} == {"not_applicable"}
    lor = calls(report)["lorlatinib"]
    assert lor.rationale.startswith("Not applicable") and "would read" in lor.rationale
    assert "alk_driver_not_detected" in {w.code for w in report.warnings}
    assert report.recommendations == []


def test_clinical_alk_positivity_lets_the_calls_stand_with_a_warning():
    report = alkannot.annotate(vcf=P01, clinical=ALK_POSITIVE)
    assert (
        report.alk_driver.status == "established"
        and not report.alk_driver.fusions
        and "by IHC" in report.alk_driver.basis
    )
    assert calls(report)["lorlatinib"].call == "sensitive" and calls(report)["alectinib"].call == "resistant"
    warning = next(w for w in report.warnings if w.code == "alk_fusion_not_seen")
    assert "not seen in this sample" in warning.message and "no fusion input was given" in warning.message


def test_a_driver_fusion_establishes_the_driver_without_a_warning(tmp_path):
    report = alkannot.annotate(vcf=P01, fusions=fusion_file(tmp_path))
    assert report.alk_driver.status == "established" and report.alk_driver.fusions == ["EML4::ALK:E13;A20"]
    assert not {"alk_fusion_not_seen", "alk_driver_not_detected", "alk_driver_assumed"} & {
        w.code for w in report.warnings
    }


def test_a_fusion_missing_from_plasma_is_said_to_be_not_detected_in_plasma(tmp_path):
    ctx = clinical(tmp_path, "specimen: plasma\nalk_status: {result: positive, method: FISH}\n")
    report = alkannot.annotate(vcf=P01, fusions=fusion_file(tmp_path, "KIF5B::RET\n"), clinical=ctx)
    assert report.alk_driver.status == "established" and not report.alk_driver.fusions
    assert "plasma" in report.alk_driver.basis and "by FISH" in report.alk_driver.basis


def test_a_negative_clinical_status_is_named(tmp_path):
    ctx = clinical(tmp_path, "alk_status: {result: negative, method: IHC}\n")
    report = alkannot.annotate(vcf=P01, clinical=ctx)
    assert report.alk_driver.status == "not_detected" and "ALK negative" in report.alk_driver.basis
    assert {t.call for t in report.therapies} == {"not_applicable"}


# ---------------------------------------------------------------- combining findings


def test_the_worst_call_limits_a_drug():
    def f(call: str | None) -> Finding:
        return Finding(call or "none", call or "none", Evidence(drug="x", call=call) if call else None)

    assert worst([f("sensitive"), f("resistant"), f("intermediate")])[0] == "resistant"
    assert worst([f("sensitive"), f(None)])[0] == "unknown"  # a finding with no evidence keeps a drug from sensitive
    assert [x.id for x in worst([f("sensitive"), f("sensitive")])[1]] == ["sensitive", "sensitive"]
    assert max(CALL_SEVERITY, key=CALL_SEVERITY.get) == "resistant"


def test_approval_baseline_for_a_tki_naive_driver(tmp_path):
    report = alkannot.annotate(fusions=fusion_file(tmp_path))
    by_drug = calls(report)
    for drug in APPROVED:
        assert by_drug[drug].call == "sensitive" and by_drug[drug].level == "1", drug
        assert by_drug[drug].status == "unconfirmed" and by_drug[drug].driven_by == ["EML4::ALK:E13;A20"]
        assert "approved for ALK-positive NSCLC" in by_drug[drug].rationale
    assert by_drug["neladalkib"].call == "unknown"  # investigational: no approval to lean on


def test_no_approval_baseline_after_an_alk_tki_progression(tmp_path):
    ctx = clinical(tmp_path, "treatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n")
    report = alkannot.annotate(fusions=fusion_file(tmp_path), clinical=ctx)
    assert {calls(report)[d].call for d in APPROVED} == {"unknown"}
    assert "after a recorded ALK TKI progression" in calls(report)["lorlatinib"].rationale


def test_met_amplification_limits_alk_only_drugs_and_names_what_acts_on_it(tmp_path):
    report = alkannot.annotate(fusions=fusion_file(tmp_path), cnv=met_amplified(tmp_path))
    met = next(a for a in report.alterations if a.gene == "MET")
    assert met.category == "bypass"
    by_drug = calls(report)
    for drug in ["ceritinib", "alectinib", "brigatinib", "ensartinib", "lorlatinib"]:
        assert by_drug[drug].call == "resistant" and by_drug[drug].driven_by == [met.id], drug
        assert by_drug[drug].level == "R2" and f"{drug} does not act on" in by_drug[drug].rationale
        assert "bypass_limit" in by_drug[drug].conventions
    assert by_drug["crizotinib"].call == "sensitive"  # crizotinib acts on MET: not limited by it
    # what acts on it is an option of its own, not a clause repeated in every drug's rationale
    assert any(
        r.option.startswith("Dual ALK and MET inhibition") and r.level is None for r in report.recommendations
    )  # KB 2.0.0: 2 patients, no level


def test_a_gain_below_the_amplification_threshold_limits_nothing(tmp_path):
    report = alkannot.annotate(fusions=fusion_file(tmp_path), cnv=met_amplified(tmp_path, cn=4.2))
    assert next(a for a in report.alterations if a.gene == "MET").category == "co_alteration"
    assert calls(report)["lorlatinib"].call == "sensitive"


def test_a_bypass_outweighs_on_target_sensitivity(tmp_path):
    report = alkannot.annotate(vcf=P01, fusions=fusion_file(tmp_path), cnv=met_amplified(tmp_path))
    lor = calls(report)["lorlatinib"]
    assert lor.call == "resistant" and lor.driven_by == ["MET:amplification"]
    assert "ALK p.G1202R sensitive (4)" in lor.rationale  # the on-target reading is kept in view


def test_transformation_limits_every_alk_tki(tmp_path):
    ctx = clinical(tmp_path, "histology: small_cell_transformation\n")
    report = alkannot.annotate(fusions=fusion_file(tmp_path), clinical=ctx)
    assert {calls(report)[d].call for d in APPROVED} == {"resistant"}


def test_met_overexpression_is_noted_on_alectinib_not_counted(tmp_path):
    ctx = clinical(tmp_path, "ihc: {MET: {score: '3+', percent: 70}}\n")
    report = alkannot.annotate(fusions=fusion_file(tmp_path), clinical=ctx)
    alc = calls(report)["alectinib"]
    assert alc.call == "sensitive" and "shorter first-line alectinib PFS" in alc.rationale
    assert "shorter first-line alectinib PFS" not in calls(report)["lorlatinib"].rationale


# ---------------------------------------------------------------- treatment history


def test_history_marks_drugs_given_and_what_explains_the_progression():
    report = alkannot.annotate(vcf=P01, fusions=EXAMPLES / "P01.fusions.txt", clinical=EXAMPLES / "P01.clinical.yaml")
    alc = calls(report)["alectinib"]
    assert alc.history.lines == [1] and alc.history.stop_reason == "progression" and alc.history.most_recent
    assert alc.explains_progression == ["ALK:G1202R"] and "explain that progression" in alc.rationale
    assert calls(report)["lorlatinib"].history is None
    setting = report.resistance_setting
    assert setting.label == "after a second-generation ALK TKI (alectinib)"
    assert setting.explained_by == ["ALK:G1202R"] and "the ALK TKI the patient progressed on" in setting.explanation


def test_after_lorlatinib_setting_and_the_compound_explaining_it(tmp_path):
    ctx = clinical(
        tmp_path,
        """\
alk_status: {result: positive, method: IHC}
treatments:
  - {drug: crizotinib, line: 1, start: 2016-02, end: 2017-06, stop_reason: progression}
  - {drug: CH5424802, line: 2, start: 2017-07, end: 2017-10, stop_reason: progression}
  - {drug: lorlatinib, line: 3, start: 2017-11, end: 2020-01, stop_reason: progression}
""",
    )
    report = alkannot.annotate(vcf=P02, clinical=ctx)
    setting = report.resistance_setting
    assert setting.label == "after lorlatinib (a third-generation ALK TKI)"
    assert setting.prior_alk_tkis == ["crizotinib", "alectinib", "lorlatinib"]
    compound = next(a for a in report.alterations if a.category == "alk_compound_mutation")
    assert setting.explained_by == [compound.id]
    assert calls(report)["alectinib"].history.summary == "given in line 2 (2017-07 to 2017-10), stopped for progression"


def test_unexplained_progression_is_said_to_be_unexplained(tmp_path):
    ctx = clinical(tmp_path, "treatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n")
    report = alkannot.annotate(vcf=P04, fusions=fusion_file(tmp_path), clinical=ctx)
    assert report.resistance_setting.explained_by == []
    assert "not explained" in report.resistance_setting.explanation


@pytest.mark.parametrize(
    "course,label",
    [
        ("{drug: gilteritinib, line: 1, stop_reason: other}", "ALK TKI-naive (no ALK TKI in the treatment history)"),
        (
            "{drug: crizotinib, line: 1, stop_reason: toxicity}",
            "after crizotinib (a first-generation ALK TKI), stopped for toxicity, not for progression",
        ),
        ("{drug: brigatinib, line: 1, stop_reason: ongoing}", "on brigatinib (a second-generation ALK TKI), ongoing"),
        ("{drug: lorlatinib, line: 1}", "after lorlatinib (a third-generation ALK TKI); how it ended is not stated"),
    ],
)
def test_setting_labels(tmp_path, course, label):
    report = alkannot.annotate(
        fusions=fusion_file(tmp_path), clinical=clinical(tmp_path, f"treatments:\n  - {course}\n")
    )
    assert report.resistance_setting.label == label


def test_no_history_no_setting(tmp_path):
    report = alkannot.annotate(fusions=fusion_file(tmp_path), clinical=clinical(tmp_path, "specimen: tissue\n"))
    assert report.resistance_setting is None and "comes with no treatment history" in report.summary


def test_summary_reads_in_plain_words():
    report = alkannot.annotate(vcf=P01, fusions=EXAMPLES / "P01.fusions.txt", clinical=EXAMPLES / "P01.clinical.yaml")
    text = report.summary
    assert text.startswith("This tissue sample was taken after a second-generation ALK TKI (alectinib).")
    assert "ALK p.G1202R (VAF 18.3%)" in text and "reported sensitive: lorlatinib" in text
    assert text.endswith("Decision support: the evidence is stated, not a prescription.")


def test_vcf_only_history_uses_mutation_ids_that_match_single_alterations(tmp_path, alk):
    pos, ref, alt = change_to_vcf(alk["GRCh38"], "I1171N")
    vcf = write_vcf(tmp_path / "i.vcf", [f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=200\tGT:AF\t0/1:0.2"])
    ctx = clinical(
        tmp_path,
        "alk_status: {result: positive, method: IHC}\ntreatments:\n  - {drug: alectinib, line: 1, stop_reason: progression}\n",
    )
    report = alkannot.annotate(vcf=vcf, clinical=ctx)
    assert calls(report)["alectinib"].explains_progression == ["ALK:I1171N"]
