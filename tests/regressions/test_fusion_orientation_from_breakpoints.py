"""Fusions turned round: tables that list the two genes in no fixed order (FusionSeeker writes
`ALK EML4 … chr2 29223529 chr2 42295519` for EML4::ALK v1, LongGF `ALK:NPM1`) were read in the
file's column order — ALK::EML4, "reciprocal", so "no ALK driver fusion". The 5′/3′ genes and the
exons now come from the breakpoints (exon end = 5′, exon start = 3′, a few bases' tolerance for
long reads) wherever they are given, and from the column order only when they are not."""

from __future__ import annotations

from pathlib import Path

from alkannot import annotate

FORMATS = Path(__file__).parent.parent / "formats"


def _alk(report):
    return {a.name: a.fusion.role for a in report.alterations if a.category == "alk_fusion"}


def test_fusionseeker_alk_eml4_reads_as_eml4_alk_v1_driver():
    report = annotate(fusions=FORMATS / "fusionseeker.confident_genefusion.txt", build="GRCh38")
    assert _alk(report) == {"EML4::ALK v1 (E13;A20)": "driver"}
    assert not any(w.code == "no_alk_fusion" for w in report.warnings)


def test_longgf_alk_npm1_reads_as_npm1_alk_driver():
    roles = _alk(annotate(fusions=FORMATS / "longgf.log", build="GRCh38"))
    assert roles.get("NPM1::ALK (N4;A20)") == "driver"
    assert not any(name.startswith("ALK::") for name in roles)


def test_a_table_that_states_an_order_yields_to_its_breakpoints(tmp_path):
    """A gene1/gene2 table (stated 5′ first) with the genes turned round: the coordinates win, with a warning."""
    path = tmp_path / "fusions.tsv"
    path.write_text(
        "gene1\tgene2\tbreakpoint1\tbreakpoint2\tsupporting_reads\nALK\tEML4\tchr2:29223529\tchr2:42295519\t26\n"
    )
    report = annotate(fusions=path, build="GRCh38")
    assert _alk(report) == {"EML4::ALK v1 (E13;A20)": "driver"}
    assert any(w.code == "fusion_order_from_coordinates" for w in report.warnings)


def test_without_breakpoints_the_stated_order_is_kept(tmp_path):
    path = tmp_path / "fusions.tsv"
    path.write_text("gene1\tgene2\tsupporting_reads\nALK\tPTPN3\t12\n")
    assert _alk(annotate(fusions=path, build="GRCh38")) == {"ALK::PTPN3": "reciprocal"}


def test_the_edge_tolerance_is_the_knowledge_base_convention(tmp_path):
    """FusionSeeker's EML4 breakpoint sits 3 bases past exon 13's end: snapped to the exon edge
    under the shipped 5-base convention, not under a 1-base one."""
    import shutil

    from alkannot.knowledge import load_knowledgebase

    shipped = Path(__file__).resolve().parents[2] / "knowledgebase"
    strict = tmp_path / "kb"
    shutil.copytree(shipped, strict)
    text = (strict / "fusions.yaml").read_text()
    marker = "breakpoint_edge_tolerance:\n    value: 5"
    assert marker in text
    (strict / "fusions.yaml").write_text(text.replace(marker, "breakpoint_edge_tolerance:\n    value: 1"))

    def eml4_location(kb):
        report = annotate(fusions=FORMATS / "fusionseeker.confident_genefusion.txt", build="GRCh38", kb=kb)
        fusion = next(a.fusion for a in report.alterations if a.category == "alk_fusion")
        return next(b.location for b in fusion.breakpoints if b.gene == "EML4")

    assert eml4_location(None) == "exon_edge"
    assert eml4_location(load_knowledgebase(strict)) != "exon_edge"
