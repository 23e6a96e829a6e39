"""`--fhir F`: an HL7 FHIR R4 Bundle per the Genomics Reporting IG, validated with the fhir.resources
models (its R4B package: fhir.resources 7 and later ship R5 by default, with R4B and STU3 as
sub-packages; R4B keeps R4's Bundle, DiagnosticReport and Observation structure)."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, run_cli
from test_report_html import rich_report

fhir_bundle = pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources is a test dependency")
P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
IG = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"


def validated(document: dict) -> dict:
    from fhir.resources.R4B import get_fhir_model_class

    fhir_bundle.Bundle.model_validate(document)
    for entry in document["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return document


def _codes(resource: dict) -> dict[str, dict]:
    return {c["code"]["coding"][0]["code"]: c for c in resource.get("component", [])}


def _with_breakpoints():
    from alkannot.model import FusionBreakpoint
    from alkannot.report.identity import identify

    report = rich_report()
    alts = list(report.alterations)
    fusion = alts[0].fusion.model_copy(
        update={
            "breakpoints": [
                FusionBreakpoint(gene="EML4", chrom="chr2", pos=42522656, exon="13"),
                FusionBreakpoint(gene="ALK", chrom="chr2", pos=29223528, exon="20"),
            ]
        }
    )
    alts[0] = alts[0].model_copy(update={"fusion": fusion})
    return identify(report.model_copy(update={"alterations": alts}), "2026-12-03")


def test_bundle_validates_and_holds_the_report_its_variants_and_implications():
    from alkannot.report.fhir import bundle

    report = _with_breakpoints()
    doc = validated(bundle(report))
    resources = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    reports = [r for r in resources.values() if r["resourceType"] == "DiagnosticReport"]
    assert len(reports) == 1
    dr = reports[0]
    assert dr["meta"]["profile"] == [IG + "genomic-report"] and dr["code"]["coding"][0]["code"] == "51969-4"
    assert dr["identifier"][0]["value"] == report.report_id and dr["effectiveDateTime"] == "2026-12-03"
    assert all(ref["reference"] in resources for ref in dr["result"])  # every result resolves inside the Bundle
    variants = {
        r["identifier"][0]["value"]: r
        for r in resources.values()
        if r.get("meta", {}).get("profile") == [IG + "variant"]
    }
    g = _codes(variants["ALK:G1202R"])
    assert g["48004-6"]["valueCodeableConcept"]["coding"][0]["code"] == "NM_004304.5:c.3604G>A"
    assert g["48005-3"]["valueCodeableConcept"]["coding"][0]["code"] == "p.Gly1202Arg"
    assert g["81290-9"]["valueCodeableConcept"]["coding"][0]["code"] == "NC_000002.12:g.29220747C>T"
    assert (
        g["81254-5"]["valueRange"]["low"]["value"] == 29220747
        and g["69547-8"]["valueString"] == "C"
        and g["69551-0"]["valueString"] == "T"
    )
    assert (
        g["62374-4"]["valueCodeableConcept"]["coding"][0]["code"] == "LA26806-2"
        and g["81258-6"]["valueQuantity"]["value"] == 0.183
    )
    fusion = variants["EML4::ALK:E13;A20"]
    genes = [
        c["valueCodeableConcept"]["text"] for c in fusion["component"] if c["code"]["coding"][0]["code"] == "48018-6"
    ]
    positions = [
        c["valueRange"]["low"]["value"] for c in fusion["component"] if c["code"]["coding"][0]["code"] == "81254-5"
    ]
    assert genes == ["EML4", "ALK"] and positions == [42522656, 29223528]
    implications = [
        r for r in resources.values() if r.get("meta", {}).get("profile") == [IG + "therapeutic-implication"]
    ]
    by_drug = {_codes(r)["51963-7"]["valueCodeableConcept"]["text"]: r for r in implications}
    assert set(by_drug) == {t.drug for t in report.therapies if t.call in ("sensitive", "intermediate", "resistant")}
    alectinib = by_drug["alectinib"]
    assert (
        _codes(alectinib)["therapeutic-implication"]["valueCodeableConcept"]["coding"][0]["code"] == "LA6676-6"
    )  # Resistant
    assert "R2" in _codes(alectinib)["93044-6"]["valueCodeableConcept"]["text"]
    assert [d["reference"] for d in alectinib["derivedFrom"]] == [
        next(u for u, r in resources.items() if r.get("identifier", [{}])[0].get("value") == "ALK:G1202R")
    ]
    assert {a["valueRelatedArtifact"]["url"] for a in alectinib["extension"]} == {
        "https://doi.org/10.1158/2159-8290.CD-16-1123"
    }
    lorlatinib = by_drug["lorlatinib"]  # rests on a compound: derived from its member variants
    assert len(lorlatinib["derivedFrom"]) == 2


def test_an_invalid_resource_is_caught_by_the_validation():
    from alkannot.report.fhir import bundle

    doc = bundle(_with_breakpoints())
    doc["entry"][0]["resource"]["subject"] = "Patient/1"  # a string where R4 wants a Reference
    with pytest.raises(ValueError):
        validated(doc)


def test_cli_writes_the_bundle_deterministically(tmp_path):
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = run_cli(
            "annotate",
            "--vcf",
            str(P01),
            "--report-date",
            "2026-12-03",
            "-o",
            str(tmp_path / "r.json"),
            "--fhir",
            str(out),
        )
        assert result.exit_code == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    doc = validated(json.loads(outs[0]))
    report = json.loads((tmp_path / "r.json").read_text())
    assert doc["identifier"]["value"] == report["report_id"]
    assert any(e["resource"].get("identifier", [{}])[0].get("value") == "ALK:G1202R" for e in doc["entry"])


def test_each_citation_names_its_source_and_links_it(kb):
    """A therapeutic implication's citations carry the source's short name and a link, from the
    references the report carries: a reference key ('LIN17') is linked to its PubMed/DOI page too."""
    from alkannot.report.fhir import bundle
    from alkannot.report.sources import with_sources

    report = with_sources(rich_report(), kb)
    known = {
        k.upper(): r
        for r in report.references
        for k in (r.key, *(f"{t}:{v}" for t, v in (("PMID", r.pmid), ("DOI", r.doi)) if v))
    }
    document = validated(bundle(report))
    artifacts = [
        e["valueRelatedArtifact"] for entry in document["entry"] for e in entry["resource"].get("extension", [])
    ]
    named = [a for a in artifacts if a["citation"].upper() in known]
    assert named, "the example cites sources the knowledge base holds"
    for artifact in named:
        ref = known[artifact["citation"].upper()]
        assert artifact["display"] == ref.label and artifact["url"].startswith(
            ("https://pubmed.ncbi.nlm.nih.gov/", "https://doi.org/")
        )
