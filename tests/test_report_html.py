"""The HTML report (`--html`): structure, escaping, self-containment, print CSS, the CLI's output
rules, and a render in headless Chromium (skipped when /usr/bin/chromium is absent)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run_cli

P01 = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
P02 = EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WINDOW = (1240, 1754)  # A4 at 150 dpi
HOSTILE_ID = '<script>alert("x")</script>'

CLINICAL = """\
patient_id: P02
sample_id: P02-T2
specimen: tissue
tumor_fraction: 0.4
alk_status: {result: positive, method: IHC}
histology: adenocarcinoma
ihc: {PD-L1: {tps: 60}}
treatments:
  - {drug: crizotinib, line: 1, start: 2017-03, end: 2019-04, stop_reason: progression}
  - {drug: alectinib, line: 2, start: 2019-05, end: 2022-11, stop_reason: progression}
"""


# ---------------------------------------------------------------- reports to render


def rich_report():
    """A report with every section filled, built by hand so it does not depend on the interpreter."""
    from alkannot.knowledge import load_knowledgebase
    from alkannot.model import (
        AlkDriverStatus,
        AlkStatus,
        Alteration,
        ClinicalContext,
        ClinicalFinding,
        CopyNumberDetail,
        DrugHistory,
        Evidence,
        FusionDetail,
        Ihc,
        InputFile,
        KnowledgeBaseInfo,
        MetIhc,
        OtherVariant,
        PdL1Ihc,
        PhaseEvidence,
        Recommendation,
        Report,
        ReportWarning,
        ResistanceSetting,
        TherapyCall,
        ToolInfo,
        Treatment,
        VariantDetail,
    )

    kb = load_knowledgebase()
    lin17, linjto = "DOI:10.1158/2159-8290.CD-16-1123", ["PMID:29935304", "DOI:10.1016/j.jtho.2018.06.005"]

    def variant(change, hgvs_c, hgvs_p, pos, vaf, depth):
        return VariantDetail(
            chrom="chr2",
            pos=pos,
            ref="C",
            alt="T",
            transcript="NM_004304.5",
            hgvs_g=f"NC_000002.12:g.{pos}C>T",
            hgvs_c=hgvs_c,
            hgvs_p=hgvs_p,
            protein_change=change,
            consequence="missense_variant",
            vaf=vaf,
            depth=depth,
            alt_depth=round(vaf * depth),
            phase_set=29220747,
        )

    alterations = [
        Alteration(
            id="EML4::ALK:E13;A20",
            category="alk_fusion",
            gene="ALK",
            name="EML4::ALK v1 (E13;A20)",
            kb_entry="EML4::ALK v1",
            fusion=FusionDetail(
                five_prime_gene="EML4",
                three_prime_gene="ALK",
                five_prime_exon="13",
                three_prime_exon="20",
                junction="E13;A20",
                variant="v1",
                supporting_reads=57,
                in_frame=True,
                role="driver",
                role_reason="ALK 3′ from exon 20, in frame",
                orientation="from the caller's strands",
            ),
            evidence=[Evidence(note="EML4::ALK v1 = E13;A20", citations=["DOI:10.1016/j.jtho.2021.11.010"])],
        ),
        Alteration(
            id="ALK:G1202R",
            category="alk_kinase_domain_mutation",
            gene="ALK",
            name="ALK p.G1202R",
            region="solvent_front",
            kb_entry="ALK_G1202R",
            variant=variant("G1202R", "c.3604G>A", "p.Gly1202Arg", 29220747, 0.183, 311),
            evidence=[
                Evidence(drug="alectinib", call="resistant", level="R2", citations=[lin17]),
                Evidence(drug="brigatinib", call="intermediate", level="R2", citations=linjto, status="unconfirmed"),
                Evidence(drug="lorlatinib", call="sensitive", level="3A", citations=[lin17]),
            ],
        ),
        Alteration(
            id="ALK:L1196M",
            category="alk_kinase_domain_mutation",
            gene="ALK",
            name="ALK p.L1196M",
            region="gatekeeper",
            kb_entry="ALK_L1196M",
            variant=variant("L1196M", "c.3586C>A", "p.Leu1196Met", 29220765, 0.091, 290),
            evidence=[
                Evidence(drug="alectinib", call="sensitive", level="3A", citations=[lin17]),
                Evidence(drug="lorlatinib", call="sensitive", level="3A", citations=[lin17]),
            ],
        ),
        Alteration(
            id="ALK:G1202R+L1196M",
            category="alk_compound_mutation",
            gene="ALK",
            name="ALK p.G1202R + p.L1196M (cis)",
            members=["ALK:G1202R", "ALK:L1196M"],
            phase="cis",
            phase_evidence=PhaseEvidence(method="vcf_phase_set", summary="phased genotypes 0|1 and 0|1 in PS 29220747"),
            evidence=[
                Evidence(drug="lorlatinib", call="resistant", level="R2", citations=["PMID:1"], note="one patient")
            ],
        ),
        Alteration(
            id="MET:amp",
            category="bypass",
            gene="MET",
            name="MET amplification (CN 7.2)",
            copy_number=CopyNumberDetail(
                call="amplification",
                copy_number=7.2,
                ploidy=2.1,
                focal=True,
                rule="CN >= 5 (knowledge base)",
                source_format="cnvkit-cns",
            ),
        ),
        Alteration(
            id="TP53:R273H",
            category="co_alteration",
            gene="TP53",
            name="TP53 p.R273H",
            variant=VariantDetail(
                chrom="chr17",
                pos=7673802,
                ref="C",
                alt="T",
                hgvs_p="p.Arg273His",
                consequence="missense_variant",
                vaf=0.41,
                depth=350,
            ),
        ),
    ]
    history = DrugHistory(
        lines=[2],
        stop_reason="progression",
        most_recent=True,
        summary="given in line 2 (2019-05 to 2022-11), stopped for progression",
    )
    therapies = [
        TherapyCall(
            drug="crizotinib",
            call="not_applicable",
            rationale="Not considered after a second-generation ALK TKI in this sketch.",
        ),
        TherapyCall(
            drug="alectinib",
            call="resistant",
            level="R2",
            driven_by=["ALK:G1202R"],
            citations=[lin17],
            drug_kind="alk_tki",
            rationale="ALK p.G1202R: reported resistant to alectinib (level R2).",
            history=history,
            explains_progression=["ALK:G1202R"],
        ),
        TherapyCall(
            drug="brigatinib",
            call="intermediate",
            level="R2",
            driven_by=["ALK:G1202R"],
            citations=linjto,
            status="unconfirmed",
            rationale="ALK p.G1202R: some activity reported (level R2), from a single source marked unconfirmed.",
        ),
        TherapyCall(
            drug="lorlatinib",
            call="resistant",
            level="R2",
            driven_by=["ALK:G1202R+L1196M"],
            citations=["PMID:1"],
            rationale="ALK p.G1202R + p.L1196M (cis): reported resistant to lorlatinib (level R2).",
        ),
        TherapyCall(
            drug="ensartinib",
            call="unknown",
            driven_by=["ALK:G1202R", "ALK:L1196M"],
            rationale="The knowledge base holds no evidence on ensartinib for these findings.",
        ),
    ]
    recommendations = [
        Recommendation(
            rank=1,
            option="MET inhibitor combined with an ALK TKI",
            level="3B",
            rule="bypass_met_amplification",
            drugs=["crizotinib"],
            driven_by=["MET:amp"],
            citations=[lin17],
            rationale="MET amplification is a reported bypass after ALK TKIs.",
        ),
        Recommendation(
            rank=2,
            option="Clinical trial",
            level="4",
            rule="trial",
            driven_by=["ALK:G1202R+L1196M"],
            rationale="No approved ALK TKI has reported activity against this compound.",
            status="unconfirmed",
        ),
    ]
    return Report(
        tool=ToolInfo(version="0.1.0"),
        knowledgebase=KnowledgeBaseInfo(version=kb.version, sha256=kb.sha256, release_date=kb.release_date),
        patient_id="P-RICH",
        sample_id="P-RICH-T3",
        genome_build="GRCh38",
        build_evidence="declared with --build",
        inputs=[
            InputFile(kind="vcf", path="tumour.vcf.gz", format="vcf", sha256="a" * 64, sample="TUMOR"),
            InputFile(kind="clinical", path="clinical.yaml", format="yaml", sha256="b" * 64),
        ],
        context=ClinicalContext(
            patient_id="P-RICH",
            specimen="plasma",
            tumor_fraction=0.25,
            alk_status=AlkStatus(result="positive", method="IHC"),
            histology="adenocarcinoma",
            ihc=Ihc(MET=MetIhc(score="3+", percent=70), PD_L1=PdL1Ihc(tps=60)),
            treatments=[
                Treatment(drug="crizotinib", line=1, start="2016-02", end="2018-06", stop_reason="toxicity"),
                Treatment(drug="alectinib", line=2, start="2019-05", end="2022-11", stop_reason="progression"),
                Treatment(drug="lorlatinib", line=3, start="2022-12-05", stop_reason="ongoing"),
            ],
        ),
        clinical_findings=[
            ClinicalFinding(
                code="pdl1_tps_category",
                label="PD-L1 tumour proportion score",
                value="high (>=50%)",
                rule="TPS 60%",
                citations=["PMID:40673075"],
            )
        ],
        warnings=[
            ReportWarning(code="plasma_uninformative", message="Tumour fraction 25%: a subclonal change may be missed.")
        ],
        alterations=alterations,
        other_variants=[
            OtherVariant(
                gene="ALK", chrom="chr2", pos=29220744, ref="G", alt="A", hgvs_p="p.Asp1203=", reason="synonymous"
            )
        ],
        summary="A plasma sample taken on lorlatinib after alectinib; ALK p.G1202R and p.L1196M are on one allele, and MET is amplified.",
        alk_driver=AlkDriverStatus(
            status="established", basis="EML4::ALK v1 (E13;A20) seen in this sample", fusions=["EML4::ALK:E13;A20"]
        ),
        resistance_setting=ResistanceSetting(
            label="after a second-generation ALK TKI (alectinib)",
            last_alk_tki="alectinib",
            generation=2,
            stop_reason="progression",
            prior_alk_tkis=["crizotinib", "alectinib"],
            explained_by=["ALK:G1202R"],
        ),
        therapies=therapies,
        recommendations=recommendations,
    )


def annotated_example(tmp_path: Path):
    """The bundled P02 (I1171N + D1203N in cis) with a clinical file and an EML4-ALK notation, through the real pipeline."""
    import alkannot

    clinical = tmp_path / "clinical.yaml"
    clinical.write_text(CLINICAL)
    fusions = tmp_path / "fusions.txt"
    fusions.write_text("EML4(13)-ALK(20)\n")
    return alkannot.annotate(vcf=P02, clinical=clinical, fusions=fusions)


def render(report, with_kb: bool = True) -> str:
    """The page of a report built here; `with_kb` first gives it the sources and level definitions
    the pipeline copies from the knowledge base into every report it makes."""
    from alkannot.knowledge import load_knowledgebase
    from alkannot.report.html import render_html
    from alkannot.report.sources import with_sources

    return render_html(with_sources(report, load_knowledgebase()) if with_kb else report)


# ---------------------------------------------------------------- a small DOM for structural checks

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in (n.attrs.get("class") or "").split())
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, *args, **kwargs) -> Node:
        hits = self.find_all(*args, **kwargs)
        assert hits, (args, kwargs)
        return hits[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- structure


@pytest.fixture(scope="module")
def rich():
    report = rich_report()
    return report, render(report)


def test_every_section_is_present(rich):
    report, html = rich
    dom = parse(html)
    ids = {n.attrs.get("id") for n in dom.iter()}
    for section in (
        "patient",
        "summary",
        "warnings",
        "alterations",
        "sensitivity",
        "therapies",
        "recommendations",
        "timeline",
        "limits",
        "provenance",
        "references",
    ):
        assert section in ids, section
    header = squash(dom.find("table", id="patient").text())
    assert (
        "P-RICH" in header
        and "P-RICH-T3" in header
        and "plasma" in header
        and "25%" in header
        and "PD-L1 TPS 60%" in header
    )
    assert squash(dom.find("p", cls="summary").text()) == report.summary
    setting = squash(dom.find("dl", cls="setting").text())
    assert "established" in setting and "after a second-generation ALK TKI (alectinib)" in setting
    provenance = squash(dom.find("section", id="provenance").text())
    for needed in (
        report.knowledgebase.version,
        report.knowledgebase.sha256,
        "alkannot 0.1.0",
        "tumour.vcf.gz",
        "a" * 64,
        "clinical.yaml",
    ):
        assert needed in provenance, needed
    warnings = dom.find("section", id="warnings").text()
    assert (
        "subclonal change may be missed" in warnings and "plasma_uninformative" not in warnings
    )  # codes stay in the JSON
    # a plasma specimen brings the plasma limit; the disclaimer is stated
    limits = squash(dom.find("section", id="limits").text())
    assert "negative plasma result does not rule out" in limits and report.disclaimer in limits


def test_one_row_per_alteration_with_hgvs_vaf_junction_and_phase(rich):
    report, html = rich
    rows = parse(html).find("section", id="alterations").find_all("tr", cls="alteration")
    assert [r.attrs["data-id"] for r in rows] == [a.id for a in report.alterations]
    text = {r.attrs["data-id"]: squash(r.text()) for r in rows}
    assert "c.3604G>A" in text["ALK:G1202R"] and "p.Gly1202Arg" in text["ALK:G1202R"] and "18.3%" in text["ALK:G1202R"]
    assert "E13;A20" in text["EML4::ALK:E13;A20"] and "57 reads" in text["EML4::ALK:E13;A20"]
    assert "cis" in text["ALK:G1202R+L1196M"] and "ALK p.L1196M" in text["ALK:G1202R+L1196M"]
    assert "CN 7.2" in text["MET:amp"] and "focal" in text["MET:amp"]


def test_sensitivity_grid_cells_carry_call_text_and_pattern(rich):
    report, html = rich
    grid = parse(html).find("table", cls="grid")
    columns = [th.attrs["data-id"] for th in grid.find_all("th", cls="col-alt")]
    # every alteration that drives a call or has a drug's evidence, plus the bypass; not the co-alteration or the fusion
    assert columns == ["ALK:G1202R", "ALK:L1196M", "ALK:G1202R+L1196M", "MET:amp"]
    rows = grid.find_all("tr", cls="grid-row")
    assert [r.attrs["data-drug"] for r in rows] == [t.drug for t in report.therapies]
    by_id = {a.id: a for a in report.alterations}
    for row, therapy in zip(rows, report.therapies, strict=False):
        cells = row.find_all("td")
        assert len(cells) == len(columns) + 1
        for cell, alt_id in zip(cells, columns, strict=False):
            ev = next((e for e in by_id[alt_id].evidence if e.drug == therapy.drug), None)
            # a finding with no entry of its own that limits the drug shows the limit it places
            expected = ev.call if ev else therapy.call if alt_id in therapy.driven_by else "none"
            assert cell.attrs["data-call"] == expected
            assert ("drives" in cell.attrs["class"].split()) == (alt_id in therapy.driven_by)
            label = {"none": "no entry", "not_applicable": "not applicable"}.get(expected, expected)
            assert label in squash(cell.text())  # the call in words, not only in colour
        combined = cells[-1]
        assert (
            combined.attrs["data-call"] == therapy.call
            and f"call-{therapy.call.replace('_', '-')}" in combined.attrs["class"]
        )
    alectinib = squash(rows[1].text())
    assert "R resistant R2" in alectinib
    brigatinib = rows[2].find_all("td")[0]
    assert "†" in brigatinib.text()  # unconfirmed source marked
    # the patterns that keep the calls apart in greyscale are in the stylesheet
    css = parse(html).find("style").text()
    assert "td.call-resistant" in css and "repeating-linear-gradient" in css and "radial-gradient" in css


def test_recommendations_ranked_with_levels(rich):
    report, html = rich
    rows = parse(html).find("table", cls="recommendations").find_all("tr", cls="recommendation")
    assert [squash(r.find("td", cls="rank").text()) for r in rows] == ["1", "2"]
    assert "MET inhibitor combined with an ALK TKI" in rows[0].text() and "3B" in rows[0].text()
    assert "MET amplification (CN 7.2)" in rows[0].text()  # driven_by shown by name
    assert "unconfirmed" in rows[1].text()


def test_timeline_draws_each_course_with_its_stop_reason(rich):
    report, html = rich
    svg = parse(html).find("svg", cls="timeline")
    courses = svg.find_all("g", cls="course")
    assert [c.attrs["data-drug"] for c in courses] == ["crizotinib", "alectinib", "lorlatinib"]
    assert len(svg.find_all("rect")) == 3 and svg.find_all("text", cls="ticklabel")
    texts = [squash(c.text()) for c in courses]
    assert "toxicity" in texts[0] and "progression" in texts[1] and "ongoing" in texts[2]
    assert "open" in courses[2].find("rect").attrs["class"]  # no end date: drawn open


def test_timeline_without_dates_is_drawn_in_line_order():
    from alkannot.model import Treatment

    report = rich_report()
    ctx = report.context.model_copy(
        update={
            "treatments": [
                Treatment(drug="crizotinib", line=1, stop_reason="progression"),
                Treatment(drug="alectinib", line=2),
            ]
        }
    )
    dom = parse(render(report.model_copy(update={"context": ctx})))
    svg = dom.find("svg", cls="timeline")
    assert not svg.find_all("line", cls="axis")
    xs = [float(r.attrs["x"]) for r in svg.find_all("rect")]
    assert xs == sorted(xs) and len(xs) == 2
    assert "not to scale" in dom.find("section", id="timeline").text()


def test_citations_link_to_pubmed_and_doi(rich):
    report, html = rich
    dom = parse(html)
    refs = dom.find("ol", cls="references").find_all("li")
    hrefs = [a.attrs["href"] for li in refs for a in li.find_all("a")]
    assert (
        "https://pubmed.ncbi.nlm.nih.gov/29935304/" in hrefs and "https://doi.org/10.1158/2159-8290.CD-16-1123" in hrefs
    )
    assert (
        "https://pubmed.ncbi.nlm.nih.gov/1/" in hrefs
    )  # an identifier the knowledge base does not list is still linked
    # one entry for one paper: LINJTO18's PMID and DOI are merged, with the title from the knowledge base
    linjto = next(squash(li.text()) for li in refs if "29935304" in li.text())
    assert "10.1016/j.jtho.2018.06.005" in linjto and "Brigatinib in patients with alectinib-refractory" in linjto
    # each inline number points at the same place as the reference list
    for a in dom.find("table", cls="therapies").find_all("a"):
        number = int(a.text())
        assert a.attrs["href"] == refs[number - 1].find("a").attrs["href"]


def test_without_the_kb_identifiers_are_still_linked(rich):
    report, _ = rich
    dom = parse(render(report, with_kb=False))
    hrefs = {a.attrs["href"] for a in dom.find_all("a")}
    assert {"https://pubmed.ncbi.nlm.nih.gov/29935304/", "https://doi.org/10.1016/j.jtho.2018.06.005"} <= hrefs


def test_the_page_is_self_contained(rich):
    _, html = rich
    dom = parse(html)
    assert (
        not dom.find_all("script")
        and not dom.find_all("link")
        and not dom.find_all("img")
        and not dom.find_all("iframe")
    )
    for node in dom.iter():
        assert "src" not in node.attrs, node.tag
        if "href" in node.attrs:
            assert node.tag == "a" and re.match(
                r"^(https://(pubmed\.ncbi\.nlm\.nih\.gov|doi\.org|www\.ncbi\.nlm\.nih\.gov/pmc)/|#)", node.attrs["href"]
            )
        assert not any(k.startswith("on") for k in node.attrs), node.tag
    css = " ".join(s.text() for s in dom.find_all("style"))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    csp = dom.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp


def test_print_css_sets_a4_and_keeps_rows_whole(rich):
    _, html = rich
    css = parse(html).find("style").text()
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    assert "@media print" in css and re.search(r"tr[^{]*{[^}]*page-break-inside:\s*avoid", css)


def test_input_values_are_escaped():
    from alkannot.model import Treatment

    report = rich_report()
    ctx = report.context.model_copy(
        update={"treatments": [Treatment(drug='<img src=x onerror="alert(1)">', line=1, start="2020-01")]}
    )
    report = report.model_copy(
        update={
            "patient_id": HOSTILE_ID,
            "sample_id": "S&<b>1</b>",
            "context": ctx,
            "summary": "</p><script>alert(2)</script>",
        }
    )
    html = render(report)
    dom = parse(html)
    assert not dom.find_all("script") and not dom.find_all("img") and not dom.find_all("b")
    assert dom.find("td", cls="pid").text() == HOSTILE_ID  # shown as text
    assert dom.find("td", cls="sid").text() == "S&<b>1</b>"
    assert HOSTILE_ID in dom.find("title").text()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<img src=x onerror="alert(1)">' in dom.find("g", cls="course").text()


def test_an_empty_report_renders_every_section_gracefully():
    from alkannot.model import KnowledgeBaseInfo, Report, ToolInfo

    report = Report(tool=ToolInfo(version="0.1.0"), knowledgebase=KnowledgeBaseInfo(version="1", sha256="0" * 64))
    dom = parse(render(report))
    text = squash(dom.text())
    assert "No summary was produced." in text
    assert (
        "No alteration was reported" in text
        and "No option was ranked" in text
        and "No treatment history was given" in text
    )
    assert (
        not dom.find_all("table", cls="grid") and not dom.find_all(id="warnings") and not dom.find_all(id="references")
    )


def test_summary_is_never_composed_by_the_writer(rich):
    report, _ = rich
    html = render(report.model_copy(update={"summary": None}))
    assert squash(parse(html).find("section", id="summary").find("p").text()) == "No summary was produced."


def test_rendering_is_deterministic(rich):
    report, html = rich
    assert render(report) == html


def test_import_alkannot_and_a_json_run_do_not_load_jinja2(tmp_path):
    code = (
        "import sys, alkannot\n"
        "from alkannot.cli import cli\n"
        "from click.testing import CliRunner\n"
        f"r = CliRunner().invoke(cli, ['annotate', '--vcf', {str(P01)!r}, '-o', {str(tmp_path / 'r.json')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('jinja2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- the CLI


def test_cli_writes_html_tsv_and_md_together(tmp_path):
    paths = {ext: tmp_path / f"report.{ext}" for ext in ("json", "html", "tsv", "md")}
    result = run_cli(
        "annotate",
        "--vcf",
        str(P01),
        "--patient",
        "P01",
        "-o",
        str(paths["json"]),
        "--html",
        str(paths["html"]),
        "--tsv",
        str(paths["tsv"]),
        "--md",
        str(paths["md"]),
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(paths["json"].read_text())
    dom = parse(paths["html"].read_text())
    assert dom.find("td", cls="pid").text() == "P01"
    assert len(dom.find_all("tr", cls="alteration")) == len(report["alterations"])
    assert len(paths["tsv"].read_text().splitlines()) == 1 + len(report["alterations"])
    assert paths["md"].read_text().startswith("# alkannot report: P01")
    assert not list(tmp_path.glob(".*.tmp"))


def test_cli_html_to_stdout(tmp_path):
    result = run_cli("annotate", "--vcf", str(P01), "-o", str(tmp_path / "r.json"), "--html", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "-", "--html", "-"], "only one output can be standard output"),  # -o given as stdout too
        (["-o", "{tmp}/a", "--html", "-", "--md", "-"], "only one output can be standard output"),
        (["-o", "{tmp}/a", "--html", "{tmp}/x", "--md", "{tmp}/x"], "name the same file"),
        (["-o", "{tmp}/a", "--html", "{tmp}/missing/report.html"], "does not exist"),
        (["-o", "{tmp}/a", "--tsv", "{vcf}"], "also an input"),
    ],
)
def test_cli_refuses_bad_outputs_before_any_work(tmp_path, args, message):
    args = [a.format(tmp=tmp_path, vcf=P01) for a in args]
    before = P01.read_bytes()
    result = run_cli("annotate", "--vcf", str(P01), *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written, not even the JSON
    assert P01.read_bytes() == before


def test_cli_writes_nothing_when_a_writer_fails(tmp_path, monkeypatch):
    from alkannot.report import markdown

    def broken(*_args, **_kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr(markdown, "render_markdown", broken)
    from alkannot.cli import cli
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli,
        [
            "annotate",
            "--vcf",
            str(P01),
            "-o",
            str(tmp_path / "r.json"),
            "--html",
            str(tmp_path / "r.html"),
            "--md",
            str(tmp_path / "r.md"),
        ],
    )
    assert result.exit_code == 1
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- headless Chromium


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def chromium(tmp: Path, page: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    env = {**os.environ, "HOME": str(tmp)}
    return subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def console_messages(stderr: str) -> list[str]:
    """Console output of the page (errors, CSP refusals, failed loads); the page has no script, so any is a fault."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (Debian package 'chromium'; .ci/run installs it as root)"
)


@needs_chromium
def test_console_check_catches_a_faulty_page(tmp_path):
    """The console check is not vacuous: a page that breaks the policy is caught."""
    page = tmp_path / "bad.html"
    html = render(rich_report()).replace(
        "</body>", '<img src="https://example.org/x.png"><script>nosuch()</script></body>'
    )
    page.write_text(html, encoding="utf-8")
    result = chromium(tmp_path, page, f"--screenshot={tmp_path / 'bad.png'}", "--window-size=800,600")
    assert console_messages(result.stderr)


@needs_chromium
@pytest.mark.parametrize("which", ["rich", "example"])
def test_chromium_renders_the_page(tmp_path, which):
    report = rich_report() if which == "rich" else annotated_example(tmp_path)
    page = tmp_path / f"{which}.html"
    page.write_text(render(report), encoding="utf-8")
    png = tmp_path / f"{which}.png"
    start = time.perf_counter()
    result = chromium(tmp_path, page, f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.exists() and png.stat().st_size > 20_000, "an empty screenshot"
    assert png_size(png) == WINDOW
    assert console_messages(result.stderr) == []
    print(f"{which}: {page.stat().st_size} bytes of HTML, rendered to {png} in {elapsed:.1f} s")
    # the DOM Chromium built holds every section
    dom = chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0
    for section in ('id="summary"', 'id="alterations"', 'id="sensitivity"', 'id="timeline"', 'id="references"'):
        assert section in dom.stdout, section
    assert console_messages(dom.stderr) == []
