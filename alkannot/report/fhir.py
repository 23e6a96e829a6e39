"""`--fhir F`: the report as an HL7 FHIR R4 (4.0.1) Bundle following the Genomics Reporting
implementation guide (HL7/genomics-reporting, read at commit 1dbfb09b of 2026-01-30: profiles in
input/fsh/CGGeneral.fsh, CGFindings.fsh, CGImplications.fsh; codes from its examples).

- one `DiagnosticReport` (profile genomic-report, LOINC 51969-4 "Genetic analysis report", category
  v2-0074 GE), its identifier the report id, its conclusion the summary;
- one `Observation` (profile variant, LOINC 69548-6 "Genetic variant assessment", value LA9633-4
  "Present") per small variant (gene, c./p./g. HGVS, transcript, build, chromosome, 1-based
  start-end, REF/ALT, VAF, depth), per fusion (both genes, the fusion's name, each breakpoint's
  chromosome and position) and per copy-number finding (copy number);
- one `Observation` (profile therapeutic-implication) per drug whose call is sensitive, intermediate
  or resistant: the call (LA6677-4 "Responsive", LA6676-6 "Resistant", or the word), the drug, the
  evidence level, the treatment context, the alterations it rests on (`derivedFrom`) and every
  citation as a relatedArtifact (with the source's short name and link, from the report's references).
No RxNorm or HGNC codes are invented: drugs and genes are given by name where alkannot holds no code.
Same report → same bytes (identifiers are UUID-5s of the report id). Standard library only."""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..model import Alteration, CopyNumberDetail, FusionDetail, Reference, Report, TherapyCall, VariantDetail
from .sources import identifiers
from .view.citations import citation_url

IG = "http://hl7.org/fhir/uv/genomics-reporting"
LOINC = "http://loinc.org"
HGVS = "http://varnomen.hgvs.org"
TBD = f"{IG}/CodeSystem/tbd-codes-cs"
RELATED_ARTIFACT = "http://hl7.org/fhir/StructureDefinition/workflow-relatedArtifact"
ALKANNOT_ID = "urn:alkannot:report-id"
ASSEMBLY = {"GRCh37": ("LA14029-5", "GRCh37"), "GRCh38": ("LA26806-2", "GRCh38")}
IMPLICATION = {"sensitive": ("LA6677-4", "Responsive"), "resistant": ("LA6676-6", "Resistant")}
NSCLC = {
    "coding": [{"system": "http://snomed.info/sct", "code": "254637007", "display": "Non-small cell lung cancer"}],
    "text": "ALK-positive non-small cell lung cancer",
}
_NAMESPACE = uuid.UUID("6f1f3f0e-7a1c-5a0b-9a51-2a4b1d0c0a11")


def _loinc(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code, "display": display}]}


def _component(code: str, display: str, **value: Any) -> dict[str, Any]:
    return {"code": _loinc(code, display), **value}


def _text(text: str) -> dict[str, Any]:
    return {"text": text}


def _categories() -> list[dict[str, Any]]:
    return [
        {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]},
        {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "GE", "display": "Genetics"}]},
    ]


class _Ids:
    def __init__(self, report: Report) -> None:
        self.seed = report.report_id or json.dumps(report.model_dump(mode="json"), sort_keys=True)

    def __call__(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, self.seed + '|' + key)}"


def _one_based() -> dict[str, Any]:
    return _component(
        "92822-6", "Genomic coord system", valueCodeableConcept=_loinc("LA30102-0", "1-based character counting")
    )


_UNITLESS = {"system": "http://unitsofmeasure.org", "code": "1"}


def _hgvs(code: str, display: str, value: str) -> dict[str, Any]:
    return _component(code, display, valueCodeableConcept={"coding": [{"system": HGVS, "code": value}]})


def _small_variant_components(alt: Alteration, v: VariantDetail) -> list[dict[str, Any]]:
    """Gene, c./p./g. HGVS, transcript, chromosome, 1-based start-end, REF/ALT, VAF and depth."""
    out = [_component("48018-6", "Gene studied [ID]", valueCodeableConcept=_text(alt.gene))]
    if v.hgvs_c:
        out.append(_hgvs("48004-6", "DNA change (c.HGVS)", f"{v.transcript}:{v.hgvs_c}" if v.transcript else v.hgvs_c))
    if v.hgvs_p:
        out.append(_hgvs("48005-3", "Amino acid change (pHGVS)", v.hgvs_p))
    if v.hgvs_g:
        out.append(_hgvs("81290-9", "Genomic DNA change (gHGVS)", v.hgvs_g))
    if v.transcript:
        refseq = {"coding": [{"system": "http://www.ncbi.nlm.nih.gov/refseq", "code": v.transcript}]}
        out.append(_component("51958-7", "Transcript reference sequence [ID]", valueCodeableConcept=refseq))
    out += [
        _component("48000-4", "Chromosome", valueCodeableConcept=_text(v.chrom)),
        _one_based(),
        _component(
            "81254-5",
            "Genomic allele start-end",
            valueRange={"low": {"value": v.pos}, "high": {"value": v.pos + max(len(v.ref), 1) - 1}},
        ),
        _component("69547-8", "Genomic ref allele [ID]", valueString=v.ref),
        _component("69551-0", "Genomic alt allele [ID]", valueString=v.alt),
    ]
    if v.vaf is not None:
        out.append(_component("81258-6", "Sample VAF", valueQuantity={"value": v.vaf, **_UNITLESS}))
    if v.depth is not None:
        out.append(_component("82121-5", "Allelic read depth", valueQuantity={"value": v.depth, **_UNITLESS}))
    return out


def _fusion_components(alt: Alteration, f: FusionDetail) -> list[dict[str, Any]]:
    """The fusion's name, both genes, and each breakpoint's chromosome and position."""
    out = [_component("81252-9", "Discrete genetic variant", valueCodeableConcept=_text(alt.name))]
    for gene in dict.fromkeys((f.five_prime_gene, f.three_prime_gene)):
        out.append(_component("48018-6", "Gene studied [ID]", valueCodeableConcept=_text(gene)))
    for bp in f.breakpoints:
        out.append(_component("48000-4", "Chromosome", valueCodeableConcept=_text(bp.chrom)))
        out.append(
            _component(
                "81254-5", "Genomic allele start-end", valueRange={"low": {"value": bp.pos}, "high": {"value": bp.pos}}
            )
        )
    if f.breakpoints:
        out.append(_one_based())
    return out


def _copy_number_components(alt: Alteration, cn: CopyNumberDetail) -> list[dict[str, Any]]:
    out = [
        _component("48018-6", "Gene studied [ID]", valueCodeableConcept=_text(alt.gene)),
        _component("81252-9", "Discrete genetic variant", valueCodeableConcept=_text(alt.name)),
    ]
    if cn.copy_number is not None:
        out.append(
            _component("82155-3", "Genomic structural variant copy number", valueQuantity={"value": cn.copy_number})
        )
    return out


def _observed_components(alt: Alteration) -> list[dict[str, Any]] | None:
    """The components of what was observed (a small variant, a fusion or a copy number), or None."""
    if alt.variant is not None:
        return _small_variant_components(alt, alt.variant)
    if alt.fusion is not None:
        return _fusion_components(alt, alt.fusion)
    if alt.copy_number is not None:
        return _copy_number_components(alt, alt.copy_number)
    return None


def _variant_observation(alt: Alteration, report: Report, subject: dict[str, str]) -> dict[str, Any] | None:
    observed = _observed_components(alt)
    if observed is None:
        return None
    components: list[dict[str, Any]] = [
        _component("48002-0", "Genomic source class", valueCodeableConcept=_loinc("LA6684-0", "Somatic")),
    ]
    if report.genome_build in ASSEMBLY:
        code, name = ASSEMBLY[report.genome_build]
        components.append(
            _component("62374-4", "Human reference sequence assembly version", valueCodeableConcept=_loinc(code, name))
        )
    return {
        "resourceType": "Observation",
        "meta": {"profile": [f"{IG}/StructureDefinition/variant"]},
        "identifier": [{"system": "urn:alkannot:alteration-id", "value": alt.id}],
        "status": "final",
        "category": _categories(),
        "code": _loinc("69548-6", "Genetic variant assessment"),
        "subject": subject,
        "valueCodeableConcept": _loinc("LA9633-4", "Present"),
        "method": _loinc("LA26398-0", "Sequencing"),
        "component": components + observed,
    }


def _references(report: Report) -> dict[str, Reference]:
    """Identifier or key (upper-cased) → the reference the report carries for it."""
    out: dict[str, Reference] = {}
    for ref in sorted(report.references, key=lambda r: r.key):
        for ident in [*identifiers(ref), ref.key]:
            out.setdefault(ident.upper(), ref)
    return out


def _citations(ids: list[str], references: dict[str, Reference]) -> list[dict[str, Any]]:
    """One relatedArtifact per citation: the identifier, the source's short name when the report
    carries it, and a link (the identifier's own, else the source's PubMed/DOI link)."""
    out = []
    for ident in ids:
        artifact: dict[str, Any] = {"type": "citation", "citation": ident}
        ref = references.get(ident.upper())
        if ref is not None:
            artifact["display"] = ref.label
        url = citation_url(ident)
        if url is None and ref is not None:  # a reference key ('LIN17'): the source's own link
            url = next((u for u in map(citation_url, identifiers(ref)) if u), None) or ref.url
        if url:
            artifact["url"] = url
        out.append({"url": RELATED_ARTIFACT, "valueRelatedArtifact": artifact})
    return out


def _implication(
    t: TherapyCall, derived: list[dict[str, str]], subject: dict[str, str], report: Report
) -> dict[str, Any]:
    code = IMPLICATION.get(t.call)
    value = _loinc(*code) | {"text": t.call} if code else {"text": t.call}
    components = [
        {
            "code": {
                "coding": [{"system": TBD, "code": "therapeutic-implication", "display": "Therapeutic Implication"}]
            },
            "valueCodeableConcept": value,
        },
        _component("51963-7", "Medication assessed", valueCodeableConcept=_text(t.drug)),
        _component("81259-4", "Associated phenotype", valueCodeableConcept=NSCLC),
    ]
    if t.level:
        components.append(
            _component(
                "93044-6", "Level of evidence", valueCodeableConcept=_text(f"OncoKB therapeutic level {t.level}")
            )
        )
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "meta": {"profile": [f"{IG}/StructureDefinition/therapeutic-implication"]},
        "status": "final",
        "category": _categories(),
        "code": {"coding": [{"system": TBD, "code": "therapeutic-implication", "display": "Therapeutic Implication"}]},
        "subject": subject,
        "derivedFrom": derived,
        "component": components,
        "note": [{"text": t.rationale}],
    }
    citations = _citations(t.citations, _references(report))
    if citations:
        resource["extension"] = citations
    if report.report_date:
        resource["effectiveDateTime"] = report.report_date
    return resource


Entry = dict[str, Any]  # a Bundle entry: {"fullUrl": …, "resource": …}


def _patient(report: Report, url: str) -> Entry:
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if report.patient_id:
        patient["identifier"] = [{"system": "urn:alkannot:patient-id", "value": report.patient_id}]
    return {"fullUrl": url, "resource": patient}


def _specimen(report: Report, url: str, subject: dict[str, str]) -> Entry:
    specimen: dict[str, Any] = {
        "resourceType": "Specimen",
        "identifier": [{"system": "urn:alkannot:sample-id", "value": report.sample_id}],
        "subject": subject,
    }
    if report.context and report.context.specimen:
        specimen["type"] = _text(report.context.specimen)
    return {"fullUrl": url, "resource": specimen}


def _variant_entries(
    report: Report, ids: _Ids, subject: dict[str, str], specimen: dict[str, str] | None
) -> list[tuple[str, Entry]]:
    """(alteration id, entry) of each alteration observed (a small variant, a fusion, a copy number)."""
    out = []
    for alt in report.alterations:
        obs = _variant_observation(alt, report, subject)
        if obs is None:
            continue
        if specimen:
            obs["specimen"] = specimen
        if report.report_date:
            obs["effectiveDateTime"] = report.report_date
        out.append((alt.id, {"fullUrl": ids(f"alteration:{alt.id}"), "resource": obs}))
    return out


def _implication_entries(
    report: Report, ids: _Ids, subject: dict[str, str], observation_of: dict[str, str]
) -> list[Entry]:
    """One therapeutic implication per drug called sensitive, intermediate or resistant that rests on an
    observed alteration (a compound rests on its members' observations)."""
    members = {a.id: a.members or [] for a in report.alterations}
    out = []
    for t in report.therapies:
        if t.call not in ("sensitive", "intermediate", "resistant"):
            continue
        rests_on = [i for d in t.driven_by for i in ([d] if d in observation_of else members.get(d, []))]
        derived = [{"reference": observation_of[i]} for i in dict.fromkeys(rests_on) if i in observation_of]
        if derived:
            out.append({"fullUrl": ids(f"therapy:{t.drug}"), "resource": _implication(t, derived, subject, report)})
    return out


def _diagnostic_report(
    report: Report, subject: dict[str, str], results: list[dict[str, str]], specimen: dict[str, str] | None
) -> dict[str, Any]:
    diagnostic: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "meta": {"profile": [f"{IG}/StructureDefinition/genomic-report"]},
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "GE", "display": "Genetics"}
                ]
            }
        ],
        "code": _loinc("51969-4", "Genetic analysis report"),
        "subject": subject,
        "result": results,
    }
    if report.report_id:
        diagnostic["identifier"] = [{"system": ALKANNOT_ID, "value": report.report_id}]
    if report.report_date:
        diagnostic["effectiveDateTime"] = report.report_date
    if specimen:
        diagnostic["specimen"] = [specimen]
    if report.summary:
        diagnostic["conclusion"] = report.summary
    return diagnostic


def bundle(report: Report) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict: the DiagnosticReport, the Patient, the Specimen, the variant
    Observations, then the therapeutic implications."""
    ids = _Ids(report)
    patient_url = ids("patient")
    subject = {"reference": patient_url}
    entries = [_patient(report, patient_url)]
    specimen_ref = None
    if report.sample_id:
        specimen_url = ids("specimen")
        entries.append(_specimen(report, specimen_url, subject))
        specimen_ref = {"reference": specimen_url}
    variants = _variant_entries(report, ids, subject, specimen_ref)
    observation_of = {alt_id: entry["fullUrl"] for alt_id, entry in variants}
    results = [entry for _, entry in variants] + _implication_entries(report, ids, subject, observation_of)
    entries += results
    diagnostic = _diagnostic_report(report, subject, [{"reference": e["fullUrl"]} for e in results], specimen_ref)
    entries.insert(0, {"fullUrl": ids("report"), "resource": diagnostic})
    out: dict[str, Any] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if report.report_id:
        out["identifier"] = {"system": ALKANNOT_ID, "value": report.report_id}
    return out


def render_fhir(report: Report) -> str:
    """The Bundle as JSON text: sorted keys, a final newline (same report → same bytes)."""
    return json.dumps(bundle(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
