"""Copy number → amplification or gain, by the knowledge base's thresholds, relative to ploidy."""

from __future__ import annotations

import pytest

from conftest import annotate_json, shared_path


def _cn(report: dict) -> dict[str, dict]:
    return {a["gene"]: a for a in report["alterations"] if a.get("copy_number")}


@pytest.mark.parametrize(
    "cn,expected", [(7.2, "amplification"), (5, "amplification"), (4.5, "gain"), (3.0, "gain"), (2.4, None)]
)
def test_met_thresholds_without_ploidy(tmp_path, cn, expected):
    table = tmp_path / "genes.tsv"
    table.write_text(f"gene\tcopy_number\nMET\t{cn}\n")
    report = annotate_json("--cnv", str(table))
    found = _cn(report).get("MET")
    assert (found["copy_number"]["call"] if found else None) == expected
    if expected == "amplification":
        assert found["category"] == "bypass" and found["name"] == f"MET amplification (CN {cn:.1f})"
        assert found["evidence"][0]["citations"]
    elif expected == "gain":
        assert found["category"] == "co_alteration" and "below the amplification threshold" in found["name"]


def test_focal_met_amplification_in_cnvkit():
    report = annotate_json("--cnv", str(shared_path("realworld", "cnv", "cnvkit", "amplicon.cns")))
    met = _cn(report)["MET"]
    assert met["copy_number"]["call"] == "amplification" and met["category"] == "bypass"
    assert report["genome_build"] == "GRCh37"  # the segments that name MET overlap MET's GRCh37 span


def test_purple_cn4_at_ploidy_3_1_is_not_an_amplification():
    report = annotate_json(
        "--cnv",
        str(shared_path("realworld", "cnv", "purple", "hmftools-orange.tumor_sample.purple.cnv.somatic.tsv")),
        "--build",
        "GRCh37",
    )
    met = _cn(report)["MET"]
    assert met["copy_number"]["call"] == "gain" and met["category"] == "co_alteration"
    assert met["copy_number"]["ploidy"] == pytest.approx(3.1, abs=0.01) and met["copy_number"]["ratio_to_ploidy"] < 2
    assert met["copy_number"]["focal"] is False


def test_clincnv_arm_level_gain_is_context():
    report = annotate_json(
        "--cnv", str(shared_path("realworld", "cnv", "clincnv", "megSAP.vc_clincnv_somatic_out.tsv"))
    )
    assert {g: a["copy_number"]["call"] for g, a in _cn(report).items()}["MET"] == "gain"
    assert not [a for a in report["alterations"] if a["category"] == "bypass"]


def test_oncokb_cna_matrix_sample_has_met_amplification():
    report = annotate_json(
        "--cnv", str(shared_path("realworld", "oncokb-annotator", "example_cna.txt")), "--sample", "TCGA-05-4417-01"
    )
    assert _cn(report)["MET"]["copy_number"]["call"] == "amplification" and _cn(report)["MET"]["category"] == "bypass"


def test_ploidy_ratio_decides(tmp_path):
    seg = tmp_path / "s.purple.cnv.somatic.tsv"
    seg.write_text("chromosome\tstart\tend\tcopyNumber\n7\t116000000\t117000000\t6.0\n")
    (tmp_path / "s.purple.purity.tsv").write_text(
        "purity\tnormFactor\tscore\tdiploidProportion\tploidy\n0.9\t1\t1\t0.1\t4.0\n"
    )
    report = annotate_json("--cnv", str(seg), "--build", "GRCh37")
    met = _cn(report)["MET"]["copy_number"]
    assert (met["call"], met["ratio_to_ploidy"]) == ("gain", 1.5)
