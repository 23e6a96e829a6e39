"""`alkannot annotate` end to end: the bundled examples, the report contract, and every bad input
(exit 2, one line naming the file and the problem, nothing written)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ALK_POSITIVE, EXAMPLES, ROOT, annotate_json, run_cli, write_vcf

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P02 = EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"
P03 = EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"
P04 = EXAMPLES / "P04_no_alk_mutation.GRCh38.bcf"


def _alteration(report: dict, name: str) -> dict:
    return next(a for a in report["alterations"] if a["name"] == name)


def _therapy(report: dict, drug: str) -> dict:
    return next(t for t in report["therapies"] if t["drug"] == drug)


def test_p01_g1202r_report(tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("annotate", "--vcf", str(P01), "--clinical", str(ALK_POSITIVE), "--patient", "P01", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    report = json.loads(out.read_text())
    g = _alteration(report, "ALK p.G1202R")
    assert g["category"] == "alk_kinase_domain_mutation" and g["region"] == "solvent_front"
    v = g["variant"]
    assert (v["hgvs_c"], v["hgvs_p"], v["protein_change"], v["vaf"], v["depth"]) == (
        "c.3604G>A",
        "p.Gly1202Arg",
        "G1202R",
        0.183,
        311,
    )
    assert v["hgvs_g"] == "NC_000002.12:g.29220747C>T"
    assert report["genome_build"] == "GRCh38" and report["sample_id"] == "P01_TUMOR" and report["patient_id"] == "P01"
    # every ALK TKI gets a call for it, with level and citations where the KB has evidence
    tkis = {"crizotinib", "ceritinib", "alectinib", "brigatinib", "ensartinib", "lorlatinib"}
    assert tkis <= {t["drug"] for t in report["therapies"]}
    assert _therapy(report, "alectinib")["call"] == "resistant"
    lor = _therapy(report, "lorlatinib")
    assert lor["call"] == "sensitive" and lor["level"] and lor["citations"] and lor["driven_by"] == [g["id"]]
    assert _therapy(report, "ensartinib")["call"] == "unknown"
    # the synonymous change is set aside with its reason; the filtered record is not read
    assert [o["hgvs_p"] for o in report["other_variants"]] == ["p.Asp1203="]
    assert "R1275Q" not in json.dumps(report)


def test_p01_include_filtered_flags_the_record():
    report = annotate_json("--vcf", str(P01), "--include-filtered")
    vus = _alteration(report, "ALK p.R1275Q")
    assert vus["category"] == "vus" and vus["variant"]["filters"] == ["weak_evidence"]
    assert any(w["code"] == "filtered_variant_included" for w in report["warnings"])


def test_p02_two_mutations_and_the_limiting_call():
    report = annotate_json("--vcf", str(P02), "--clinical", str(ALK_POSITIVE))
    assert report["genome_build"] == "GRCh37"
    names = {a["name"]: a for a in report["alterations"]}
    assert set(names) == {"ALK p.I1171N", "ALK p.D1203N", "ALK p.I1171N + p.D1203N (cis)"}
    assert names["ALK p.I1171N"]["variant"]["phase_set"] == 29443610
    compound = names["ALK p.I1171N + p.D1203N (cis)"]
    assert compound["members"] == [names["ALK p.I1171N"]["id"], names["ALK p.D1203N"]["id"]]
    assert compound["phase_evidence"]["method"] == "vcf_phase_set" and compound["compound_group"] == "I1171-based"
    lor = _therapy(report, "lorlatinib")  # the compound entry (seed 001) speaks for the cis pair
    assert lor["call"] == "resistant" and lor["driven_by"] == [compound["id"]]
    cer = _therapy(report, "ceritinib")  # I1171N sensitive, D1203N without a sourced profile
    assert cer["call"] == "unknown" and "worst member ALK p.D1203N" in cer["rationale"]
    assert _therapy(report, "alectinib")["call"] == "resistant"


def test_p03_build_from_ref_alleles_and_vus():
    report = annotate_json("--vcf", str(P03))
    assert report["genome_build"] == "GRCh37" and "REF alleles" in report["build_evidence"]
    assert _alteration(report, "ALK p.L1196M")["category"] == "alk_kinase_domain_mutation"
    assert _alteration(report, "ALK p.R1275Q")["category"] == "vus"
    assert "annotation_disagrees" not in {w["code"] for w in report["warnings"]}


def test_p04_bcf_with_no_alk_mutation():
    report = annotate_json("--vcf", str(P04))
    # no fusion input and no clinical ALK status: the calls stand on assumed ALK positivity, and say so
    assert report["alterations"] == [] and report["alk_driver"]["status"] == "not_assessed"
    assert all("assumed_alk_positive" in t["conventions"] for t in report["therapies"])
    assert report["inputs"][0]["format"] == "bcf"
    assert "no_alk_mutation" in {w["code"] for w in report["warnings"]}


def test_reports_are_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        assert run_cli("annotate", "--vcf", str(P02), "-o", str(out)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_annotation_disagreement_is_a_warning(tmp_path):
    hdr = [
        '##INFO=<ID=CSQ,Number=.,Type=String,Description="VEP. Format: Allele|Consequence|SYMBOL|Feature|HGVSc|HGVSp">'
    ]
    rec = "chr2\t29220747\t.\tC\tT\t.\tPASS\tCSQ=T|missense_variant|ALK|NM_004304.5|c.3604G>A|p.Gly1202Lys\tGT\t0/1"
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "csq.vcf", [rec], header=hdr)))
    assert _alteration(report, "ALK p.G1202R")
    assert any(w["code"] == "annotation_disagrees" and "p.Gly1202Lys" in w["message"] for w in report["warnings"])


def _refused(tmp_path, *args: str, expect: str) -> str:
    out = tmp_path / "out.json"
    result = run_cli("annotate", *args, "-o", str(out))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alkannot: error: "), result.stderr
    assert expect in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".out.json.*"))
    return lines[0]


def test_bad_inputs_exit_2_with_one_line(tmp_path):
    _refused(tmp_path, "--vcf", str(tmp_path / "missing.vcf"), expect="missing.vcf: no such file")
    garbage = tmp_path / "garbage.vcf"
    garbage.write_bytes(bytes(range(256)) * 8)
    _refused(tmp_path, "--vcf", str(garbage), expect="not a VCF")
    nochrom = tmp_path / "nochrom.vcf"
    nochrom.write_text("##fileformat=VCFv4.2\nchr2\t1\t.\tA\tC\t.\tPASS\t.\n")
    _refused(tmp_path, "--vcf", str(nochrom), expect="no '#CHROM' header line")
    trunc = tmp_path / "trunc.vcf.gz"
    trunc.write_bytes(P01.read_bytes()[:300])
    _refused(tmp_path, "--vcf", str(trunc), expect="truncated or corrupt")
    _refused(tmp_path, "--vcf", str(P02), "--build", "hg17", expect="unknown genome build 'hg17'")
    _refused(
        tmp_path, "--vcf", str(P02), "--sample", "NOPE", expect="sample 'NOPE' is not in the file (samples: P02-T2)"
    )
    _refused(tmp_path, "--vcf", str(P02), "--build", "GRCh38", expect="is the file GRCh37?")


def test_ref_disagreeing_with_the_build_names_position_bases_and_other_build(tmp_path):
    rec = "chr2\t29220747\t.\tG\tT\t.\tPASS\tDP=50\tGT\t0/1"  # GRCh38 has C here (c.3604G)
    line = _refused(
        tmp_path, "--vcf", str(write_vcf(tmp_path / "wrongref.vcf", [rec])), expect="REF disagrees with GRCh38"
    )
    assert "chr2:29220747" in line and "c.3604" in line and "expected C, found G" in line and "GRCh37" in line
    assert "wrongref.vcf:" in line


def test_unwritable_output_and_output_equal_to_input(tmp_path):
    result = run_cli("annotate", "--vcf", str(P02), "-o", str(tmp_path / "no" / "such" / "dir" / "r.json"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    copy = tmp_path / "in.vcf"
    copy.write_bytes(P02.read_bytes())
    result = run_cli("annotate", "--vcf", str(copy), "-o", str(copy))
    assert result.exit_code == 2 and "also an input" in result.stderr
    assert copy.read_bytes() == P02.read_bytes()


def test_schema_command_prints_the_report_schema():
    result = run_cli("schema", "report")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Report" and "alterations" in schema["properties"]


def test_console_script_runs_as_a_module(tmp_path):
    """A real process: exit statuses and streams as a pipeline sees them."""
    ok = subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", "--vcf", str(P01)], capture_output=True, text=True, cwd=ROOT
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["alterations"]
    bad = subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", "--vcf", "nope.vcf"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and bad.stdout == ""


def test_internal_error_exits_1_without_traceback(monkeypatch):
    import alkannot.pipeline

    def boom(**_: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(alkannot.pipeline, "annotate", boom)
    result = run_cli("annotate", "--vcf", str(P02))
    assert result.exit_code == 1
    assert "internal error: RuntimeError: simulated bug" in result.stderr and "Traceback" not in result.stderr


def test_reports_get_the_permissions_a_plain_open_would_give(tmp_path):
    """Regression: the atomic write's temporary file (mkstemp, 0600) left reports unreadable to the group."""
    import os

    old = os.umask(0o022)
    try:
        out = tmp_path / "r.json"
        assert run_cli("annotate", "--vcf", str(P04), "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("in_thread_from", [None, 0], ids=["hashed-at-once", "hashed-in-a-thread"])
def test_each_input_is_named_with_the_sha256_of_its_bytes(monkeypatch, in_thread_from):
    """Small inputs are hashed at once, large ones (here: any) in a background thread; same digests."""
    import hashlib

    from alkannot import digests

    if in_thread_from is not None:
        monkeypatch.setattr(digests.Digests, "IN_THREAD_FROM", in_thread_from)
    fusions, clinical = EXAMPLES / "P01.fusions.txt", EXAMPLES / "P01.clinical.yaml"
    report = annotate_json("--vcf", str(P01), "--fusions", str(fusions), "--clinical", str(clinical))
    got = {i["kind"]: (i["path"], i["sha256"]) for i in report["inputs"]}
    assert got == {
        kind: (str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        for kind, path in (("vcf", P01), ("fusions", fusions), ("clinical", clinical))
    }
