"""`alkannot compare` / `alkannot.compare`: baseline → progression, matched by identity; loss of
the ALK fusion told apart from a fusion not detected in plasma; refusals for different patients and
knowledge-base major versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import alkannot
from alkannot.report.json_writer import dumps
from conftest import EXAMPLES, run_cli

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P02 = EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"
P03 = EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"
P04 = EXAMPLES / "P04_no_alk_mutation.GRCh38.bcf"


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def report_file(tmp_path: Path, name: str, specimen: str = "tissue", patient: str = "PX", **inputs) -> Path:
    ctx = write(tmp_path / f"{name}.clinical.yaml", f"patient_id: {patient}\nsample_id: {name}\nspecimen: {specimen}\n")
    report = alkannot.annotate(clinical=ctx, **inputs)
    return write(tmp_path / f"{name}.json", dumps(report))


@pytest.fixture
def fusion(tmp_path: Path) -> Path:
    return write(tmp_path / "fusion.txt", "EML4(13)-ALK(20)\n")


@pytest.fixture
def other_fusion(tmp_path: Path) -> Path:
    return write(tmp_path / "ret.txt", "KIF5B::RET\n")


def test_acquired_mutation_and_persistent_fusion(tmp_path, fusion):
    base = report_file(tmp_path, "T1", vcf=P04, fusions=fusion)
    prog = report_file(tmp_path, "T2", vcf=P01, fusions=fusion)
    cmp = alkannot.compare(base, prog)
    assert [c.id for c in cmp.acquired] == ["ALK:G1202R"] and cmp.acquired[0].progression_vaf == 0.183
    assert [c.id for c in cmp.persistent] == ["EML4::ALK:E13;A20"] and cmp.lost == []
    assert [e.code for e in cmp.events] == ["acquired_resistance_mutation"]
    assert cmp.patient_id == "PX" and (cmp.baseline.sample_id, cmp.progression.sample_id) == (
        "T1",
        "T2",
    )  # the clinical files' sample_id


def test_vaf_change_of_a_persistent_mutation(tmp_path, fusion):
    base = alkannot.annotate(vcf=P01, fusions=fusion)
    prog_data = json.loads(dumps(base))
    prog_data["alterations"][next(i for i, a in enumerate(prog_data["alterations"]) if a["id"] == "ALK:G1202R")][
        "variant"
    ]["vaf"] = 0.35
    prog = alkannot.Report.model_validate(prog_data)
    cmp = alkannot.compare(base, prog)
    g = next(c for c in cmp.persistent if c.id == "ALK:G1202R")
    assert (g.baseline_vaf, g.progression_vaf, g.vaf_change) == (0.183, 0.35, 0.167)


def test_loss_of_the_alk_fusion_in_tissue_is_a_driver_loss_event(tmp_path, fusion, other_fusion):
    base = report_file(tmp_path, "T1", fusions=fusion)
    prog = report_file(tmp_path, "T2", fusions=other_fusion)
    cmp = alkannot.compare(base, prog)
    assert [c.id for c in cmp.lost] == ["EML4::ALK:E13;A20"]
    event = next(e for e in cmp.events if e.code == "alk_fusion_loss")
    assert event.alterations == ["EML4::ALK:E13;A20"] and "loss of the ALK driver fusion" in event.message
    assert [c.gene for c in cmp.acquired] == ["RET"] and "acquired_bypass" in {e.code for e in cmp.events}


def test_a_fusion_not_detected_in_plasma_is_not_called_lost(tmp_path, fusion, other_fusion):
    base = report_file(tmp_path, "T1", fusions=fusion)
    prog = report_file(tmp_path, "P2", specimen="plasma", fusions=other_fusion)
    cmp = alkannot.compare(base, prog)
    assert cmp.lost == [] and [c.id for c in cmp.not_detected_in_plasma] == ["EML4::ALK:E13;A20"]
    assert "alk_fusion_loss" not in {e.code for e in cmp.events}
    assert "alk_fusion_not_detected_in_plasma" in {e.code for e in cmp.events}


def test_an_alteration_the_progression_sample_was_not_tested_for_is_not_assessed(tmp_path, fusion):
    base = report_file(tmp_path, "T1", vcf=P01, fusions=fusion)
    prog = report_file(tmp_path, "T2", vcf=P01)
    cmp = alkannot.compare(base, prog)
    assert [c.id for c in cmp.not_assessed] == ["EML4::ALK:E13;A20"] and cmp.lost == []
    assert "fusions/sv_vcf" in cmp.not_assessed[0].note


def test_a_new_compound_is_an_event(tmp_path, fusion):
    # the baseline sequenced ALK (P03: a GRCh37 VCF with ALK records), so a compound new at progression is acquired
    base = report_file(tmp_path, "T1", vcf=P03, fusions=write(tmp_path / "f37.txt", "EML4::ALK\n"))
    prog = report_file(tmp_path, "T2", vcf=P02, fusions=write(tmp_path / "f37b.txt", "EML4::ALK\n"))
    cmp = alkannot.compare(base, prog)
    compound = next(e for e in cmp.events if e.code == "acquired_compound_mutation")
    assert compound.alterations == ["ALK:I1171N+D1203N"]


def test_a_fusion_written_without_exons_matches_by_its_partners(tmp_path, fusion):
    base = report_file(tmp_path, "T1", fusions=fusion)
    prog = report_file(tmp_path, "T2", fusions=write(tmp_path / "plain.txt", "EML4-ALK\n"))
    cmp = alkannot.compare(base, prog)
    assert len(cmp.persistent) == 1 and cmp.lost == [] and cmp.acquired == []


def test_cli_writes_the_comparison_and_is_deterministic(tmp_path, fusion):
    base = report_file(tmp_path, "T1", vcf=P04, fusions=fusion)
    prog = report_file(tmp_path, "T2", vcf=P01, fusions=fusion)
    out = tmp_path / "cmp.json"
    assert run_cli("compare", str(base), str(prog), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    assert run_cli("compare", str(base), str(prog), "-o", str(out)).exit_code == 0
    assert out.read_bytes() == first and json.loads(first)["acquired"][0]["id"] == "ALK:G1202R"


def test_refuses_reports_of_different_patients(tmp_path, fusion):
    base = report_file(tmp_path, "T1", fusions=fusion, patient="PA")
    prog = report_file(tmp_path, "T2", fusions=fusion, patient="PB")
    out = tmp_path / "cmp.json"
    result = run_cli("compare", str(base), str(prog), "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    line = result.stderr.strip()
    assert line.count("\n") == 0 and "T2.json" in line and "'PB'" in line and "'PA'" in line


def test_refuses_different_kb_major_versions(tmp_path, fusion):
    base = report_file(tmp_path, "T1", fusions=fusion)
    data = json.loads(base.read_text())
    other = f"{int(data['knowledgebase']['version'].split('.')[0]) + 1}.0.0"  # another major than the packaged KB's
    data["knowledgebase"]["version"] = other
    prog = write(tmp_path / "T2.json", json.dumps(data))
    result = run_cli("compare", str(base), str(prog))
    assert result.exit_code == 2 and f"knowledge base {other} differs in major version" in result.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "not JSON"),
        ('{"hello": 1}', "not an alkannot report"),
        ('{"schema_version": 99, "alterations": []}', "report schema version 99"),
        ('{"schema_version": 1, "alterations": [{"id": 3}]}', "not a valid alkannot report"),
    ],
)
def test_refuses_what_is_not_a_report(tmp_path, fusion, content, message):
    good = report_file(tmp_path, "T1", fusions=fusion)
    bad = write(tmp_path / "bad.json", content)
    result = run_cli("compare", str(good), str(bad))
    assert result.exit_code == 2 and message in result.stderr and "bad.json" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_an_output_that_is_an_input(tmp_path, fusion):
    base = report_file(tmp_path, "T1", fusions=fusion)
    before = base.read_bytes()
    result = run_cli("compare", str(base), str(base), "-o", str(base))
    assert result.exit_code == 2 and base.read_bytes() == before
