"""Records a reader drops (negative POS, empty FILTER, FILTER not PASS, symbolic or malformed
alleles) are counted in the report with the reason, never dropped silently.

What broke: a record with a negative POS or an empty FILTER column vanished without a word, and
records that failed the caller's FILTER were not counted anywhere. The counts are the report's one
place for records read and not listed (`other_variants_counted`); malformed ones are also warned
about, naming the line."""

from __future__ import annotations

from conftest import annotate_json, write_vcf

GRCH38 = "##contig=<ID=chr2,length=242193529>"
G1202R = "chr2\t29220747\t.\tC\tT\t.\t{filter}\tDP=311\tGT:AD\t0/1:254,57"  # GRCh38


def _counts(report: dict) -> dict[tuple[str | None, str], int]:
    return {(c["gene"], c["reason"]): c["count"] for c in report["other_variants_counted"]}


def test_failed_filter_is_counted(tmp_path):
    report = annotate_json(
        "--vcf", str(write_vcf(tmp_path / "f.vcf", [G1202R.format(filter="LowQual")], contig=GRCH38))
    )
    assert report["alterations"] == []
    assert _counts(report) == {("ALK", "not read: failed the caller's FILTER (LowQual)"): 1}


def test_empty_filter_is_counted_and_warned(tmp_path):
    path = write_vcf(tmp_path / "e.vcf", [G1202R.format(filter="")], contig=GRCH38)
    line = len(path.read_text().splitlines())
    report = annotate_json("--vcf", str(path))
    assert _counts(report) == {("ALK", "not read: empty FILTER column"): 1}
    warned = [w["message"] for w in report["warnings"] if w["code"] == "record_not_read"]
    assert len(warned) == 1 and "empty FILTER" in warned[0] and "chr2:29220747" in warned[0]
    assert f"e.vcf:{line}: chr2:29220747" in warned[0]


def test_negative_pos_is_counted_and_warned(tmp_path):
    rows = ["chr2\t-5\t.\tC\tT\t.\tPASS\tDP=50\tGT:AD\t0/1:40,10", G1202R.format(filter="PASS")]
    path = write_vcf(tmp_path / "n.vcf", rows, contig=GRCH38)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("chr2\t-5"))
    report = annotate_json("--vcf", str(path))
    assert [a["name"] for a in report["alterations"]] == ["ALK p.G1202R"]  # the rest of the file is still read
    assert _counts(report) == {(None, "not read: POS is not a position (zero or negative)"): 1}
    warned = [w["message"] for w in report["warnings"] if w["code"] == "record_not_read"]
    assert warned == [f"{path}:{line}: POS -5 is not a position on chr2; record not read"]


def test_symbolic_alleles_are_counted(tmp_path):
    rows = ["chr2\t29220747\t.\tC\t<DEL>\t.\tPASS\tDP=50\tGT\t0/1"]
    report = annotate_json("--vcf", str(write_vcf(tmp_path / "s.vcf", rows, contig=GRCH38)))
    assert _counts(report) == {("ALK", "not read: symbolic or breakend ALT allele (not a small variant)"): 1}


def test_sv_records_failing_filter_are_counted(tmp_path):
    lines = [
        "##fileformat=VCFv4.2",
        "##contig=<ID=2,length=243199373>",
        '##FILTER=<ID=PON,Description="p">',
        '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="t">',
        '##INFO=<ID=MATEID,Number=.,Type=String,Description="m">',
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
        "2\t42522656\tb1\tG\tG[2:29446394[\t.\tPON\tSVTYPE=BND;MATEID=b2",
        "2\t29446394\tb2\tT\t]2:42522656]T\t.\tPON\tSVTYPE=BND;MATEID=b1",
    ]
    path = tmp_path / "sv.vcf"
    path.write_text("\n".join(lines) + "\n")
    report = annotate_json("--sv-vcf", str(path))
    assert _counts(report) == {(None, "not read: failed the caller's FILTER (PON)"): 2}
