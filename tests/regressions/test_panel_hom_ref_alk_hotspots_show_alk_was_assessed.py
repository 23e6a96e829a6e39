"""A panel VCF whose ALK hotspots are all hom-ref (Ion Reporter writes every hotspot it tested, absent
ones GT 0/0) assessed ALK: the report must say "ALK assessed, no resistance mutation", not "ALK not
assessed". What broke when the genotype rule and the assessed classes met: the ALK records were set
aside as absent before they could show that ALK was sequenced, so the class read not assessed and the
no-mutation warning said whether ALK was sequenced is unknown."""

from __future__ import annotations

from conftest import ROOT

import alkannot

ONCOMINE = ROOT / "tests" / "data" / "oncomine_hotspots.GRCh37.vcf"


def _without_carried_alk(tmp_path):
    lines = ONCOMINE.read_text().splitlines(keepends=True)
    kept = [line for line in lines if line.startswith("#") or not (line.startswith("chr2\t") and "\t0/1:" in line)]
    assert len(kept) < len(lines)  # the carried G1202R record is gone; the hom-ref ALK hotspots stay
    path = tmp_path / "alk_all_hom_ref.vcf"
    path.write_text("".join(kept))
    return path


def _alk_class(report):
    return next(a for a in report.assessed if a.alteration_class == "alk_kinase_domain_mutation")


def test_hom_ref_alk_hotspots_count_as_alk_assessed(tmp_path):
    report = alkannot.annotate(vcf=_without_carried_alk(tmp_path))
    assert not [a for a in report.alterations if a.gene == "ALK"]
    assert _alk_class(report).assessed
    warning = next(w for w in report.warnings if w.code == "no_alk_mutation")
    assert "not assessed" not in warning.message


def test_a_vcf_with_no_alk_record_still_leaves_alk_not_assessed(tmp_path):
    lines = [line for line in ONCOMINE.read_text().splitlines(keepends=True) if not line.startswith("chr2\t")]
    path = tmp_path / "no_alk.vcf"
    path.write_text("".join(lines))
    assert not _alk_class(alkannot.annotate(vcf=path)).assessed
