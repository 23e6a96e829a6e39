"""`alkannot annotate-maf`: the OncoKB annotator's columns on every row of a MAF, fusion table and
copy-number table (run on the annotator's own example files in ../shared/realworld/oncokb-annotator/),
with alkannot's per-drug calls, every sample of a multi-sample file annotated once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

EXAMPLES = ROOT.parent / "shared" / "realworld" / "oncokb-annotator"
needs_examples = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/realworld/oncokb-annotator is absent")

# As oncokb/oncokb-annotator's AnnotatorCore.py writes them (get_oncokb_annotation_column_headers:
# `for level in sorted(levels)`, then the three HIGHEST_* columns and TX_CITATIONS), commit 1cbdfb2b.
ANNOTATOR_COLUMNS = [
    "ANNOTATED",
    "LEVEL_1",
    "LEVEL_2",
    "LEVEL_3A",
    "LEVEL_3B",
    "LEVEL_4",
    "LEVEL_R1",
    "LEVEL_R2",
    "HIGHEST_LEVEL",
    "HIGHEST_SENSITIVE_LEVEL",
    "HIGHEST_RESISTANCE_LEVEL",
    "TX_CITATIONS",
]
LEVELS = {"", "LEVEL_1", "LEVEL_2", "LEVEL_3A", "LEVEL_3B", "LEVEL_4", "LEVEL_R1", "LEVEL_R2"}


def annotate(tmp_path: Path, table: Path) -> tuple[list[str], list[dict[str, str]], str]:
    out = tmp_path / f"annotated_{table.name}"
    result = run_cli("annotate-maf", str(table), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    return list(reader.fieldnames or []), list(reader), text


def _data_lines(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line and not line.startswith("#")]


@needs_examples
@pytest.mark.parametrize(
    "name",
    [
        "example_maf.txt",
        "example_maf_grch38.txt",
        "example_fusions.txt",
        "example_sv.txt",
        "example_individual_cna.txt",
    ],
)
def test_every_row_gets_the_annotator_columns_and_keeps_its_own(tmp_path, name):
    table = EXAMPLES / name
    header, rows, text = annotate(tmp_path, table)
    given = _data_lines(table)
    n_given = len(given[0].split("\t"))
    assert header[:n_given] == given[0].split("\t")  # the input's columns first, unchanged
    assert header[n_given : n_given + len(ANNOTATOR_COLUMNS)] == ANNOTATOR_COLUMNS
    assert [c for c in header if c.startswith("ALKANNOT_CALL_")], "no per-drug call columns"
    assert len(rows) == len(given) - 1  # every row, none dropped or added
    out_lines = _data_lines(Path(tmp_path / f"annotated_{name}"))
    for original, written in zip(given[1:], out_lines[1:], strict=False):
        assert written.startswith(
            original.rstrip("\t") if original.endswith("\t") else original
        )  # the row's own cells byte for byte
    for row in rows:
        assert row["ANNOTATED"] == "True"
        for column in ("HIGHEST_LEVEL", "HIGHEST_SENSITIVE_LEVEL", "HIGHEST_RESISTANCE_LEVEL"):
            assert row[column] in LEVELS


@needs_examples
def test_the_alk_fusion_row_carries_the_alk_tki_levels_and_calls(tmp_path):
    header, rows, _ = annotate(tmp_path, EXAMPLES / "example_fusions.txt")
    alk = [r for r in rows if r["Fusion"] == "ALK-EML4"]
    assert len(alk) == 1 and alk[0]["ALKANNOT_ALTERATION"].startswith("EML4::ALK")
    row = alk[0]
    assert row["HIGHEST_SENSITIVE_LEVEL"] == "LEVEL_1" and row["HIGHEST_LEVEL"] == "LEVEL_1"
    assert "lorlatinib" in row["LEVEL_1"].split(",") and row["ALKANNOT_CALL_LORLATINIB"] == "sensitive"
    for other in rows:
        if other is not row:
            assert not any(other[c] for c in ANNOTATOR_COLUMNS[1:]), other[
                "Fusion"
            ]  # no level invented for TMPRSS2-ERG …


@needs_examples
def test_the_structural_variant_table_carries_the_alk_fusion(tmp_path):
    _, rows, _ = annotate(tmp_path, EXAMPLES / "example_sv.txt")
    alk = [r for r in rows if {r["GeneA"], r["GeneB"]} == {"ALK", "EML4"}]
    assert (
        len(alk) == 1
        and alk[0]["HIGHEST_SENSITIVE_LEVEL"] == "LEVEL_1"
        and alk[0]["ALKANNOT_CALL_ALECTINIB"] == "sensitive"
    )
    assert all(not r["ALKANNOT_ALTERATION"] for r in rows if r is not alk[0])  # MLL2 deletion, TMPRSS2-ERG …


@needs_examples
def test_a_gene_by_sample_matrix_becomes_the_annotators_long_table(tmp_path):
    header, rows, _ = annotate(tmp_path, EXAMPLES / "example_cna.txt")
    assert (
        header[:3] == ["SAMPLE_ID", "HUGO_SYMBOL", "ALTERATION"]
        and header[3 : 3 + len(ANNOTATOR_COLUMNS)] == ANNOTATOR_COLUMNS
    )
    events = {(r["SAMPLE_ID"], r["HUGO_SYMBOL"], r["ALTERATION"]) for r in rows}
    assert ("TCGA-05-4417-01", "MET", "Amplification") in events and (
        "TCGA-02-0033-01",
        "MET",
        "Amplification",
    ) in events
    assert ("TCGA-05-4417-01", "CDK4", "Deletion") in events
    assert all(
        r["ALTERATION"] in ("Amplification", "Deletion") for r in rows
    )  # gains and losses are not events the annotator lists
    met = [r for r in rows if r["HUGO_SYMBOL"] == "MET"]
    assert all(
        r["ALKANNOT_ALTERATION"].startswith("MET amplification") and r["ALKANNOT_CATEGORY"] == "bypass" for r in met
    )


MAF = """#version 2.4
Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification
ALK\tS1\tp.G1202R\tMissense_Mutation
KRAS\tS1\tp.G12C\tMissense_Mutation
ALK\tS2\tp.L1196M\tMissense_Mutation
TTN\tS2\tp.A1V\tMissense_Mutation
ALK\tS3\tp.G1202R\tMissense_Mutation
"""


def test_resistance_mutations_get_levels_per_drug_and_each_sample_is_annotated_once(tmp_path, monkeypatch):
    import alkannot.api

    calls: list[str | None] = []
    real = alkannot.api.annotate

    def counting(*args, **kwargs):
        calls.append(kwargs.get("sample"))
        return real(*args, **kwargs)

    monkeypatch.setattr(alkannot.api, "annotate", counting)
    table = tmp_path / "cohort.maf"
    table.write_text(MAF)
    header, rows, text = annotate(tmp_path, table)
    assert text.startswith("#version 2.4\n")
    assert sorted(calls) == ["S1", "S2", "S3"]  # one annotation per sample, not per row
    g1202r = rows[0]
    assert g1202r["ALKANNOT_ALTERATION"] == "ALK p.G1202R" and g1202r["HIGHEST_RESISTANCE_LEVEL"] in (
        "LEVEL_R1",
        "LEVEL_R2",
    )
    resistant = g1202r[g1202r["HIGHEST_RESISTANCE_LEVEL"]].split(",")
    assert "alectinib" in resistant and g1202r["ALKANNOT_CALL_ALECTINIB"] == "resistant"
    assert "alectinib=resistant:" in g1202r["ALKANNOT_EVIDENCE"] and g1202r["TX_CITATIONS"]
    assert (
        rows[4]["ALKANNOT_CALL_ALECTINIB"] == "resistant"
        and rows[4]["ALKANNOT_REPORT_ID"] != g1202r["ALKANNOT_REPORT_ID"]
    )
    assert rows[2]["ALKANNOT_CALL_CRIZOTINIB"] == "resistant"  # L1196M, the gatekeeper
    ttn = rows[3]
    assert (
        ttn["ANNOTATED"] == "True"
        and not any(ttn[c] for c in ANNOTATOR_COLUMNS[1:])
        and ttn["ALKANNOT_ALTERATION"] == ""
    )


def test_a_table_without_a_sample_column_is_refused(tmp_path):
    table = tmp_path / "x.maf"
    table.write_text("Hugo_Symbol\tHGVSp_Short\nALK\tp.G1202R\n")
    out = tmp_path / "o.maf"
    result = run_cli("annotate-maf", str(table), "-o", str(out))
    assert result.exit_code == 2 and "sample column" in result.stderr and not out.exists()
