"""A fusion table that pools samples in a per-row sample column (FusionInspector's `#sample`, a
pooled STAR-Fusion table, JAFFA's `sample`) went into one report when a caller's dialect read it:
9 EML4::ALK fusions of 7 patients, `sample_id` null. The sample column is now part of the shared
table reading, whatever the dialect (and the MAF's, whatever its name): without `--sample` such a
table exits 2 naming its samples; with it, only that sample's rows are read, and a cohort lists the
same samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, shared_path

POOLED_FI = ROOT / "tests" / "data" / "samples" / "fusioninspector_pooled.tsv"


def _pooled_star_fusion(tmp_path: Path) -> Path:
    """Two STAR-Fusion tables stacked with a leading sample column, as pooling scripts write them."""
    star = shared_path(
        "realworld",
        "fusion",
        "H2228",
        "STAR_FUSION_GRCh37v19_FL3_v51b3df4__star-fusion.fusion_candidates.final.abridged",
    )
    lr2ad = shared_path("realworld", "fusion", "star-fusion", "LC2Ad.star-fusion.fusion_candidates.final.abridged")
    lines = ["sample\t" + star.read_text().splitlines()[0].lstrip("#")]
    for name, path in (("H2228", star), ("LC2Ad", lr2ad)):
        lines += [f"{name}\t{row}" for row in path.read_text().splitlines()[1:] if row.strip()]
    out = tmp_path / "pooled.star-fusion.tsv"
    out.write_text("\n".join(lines) + "\n")
    return out


def _pooled_jaffa(tmp_path: Path) -> Path:
    jaffa = shared_path("realworld", "fusion", "H2228", "JAFFA_HYBRID__jaffa_results.csv").read_text().splitlines()
    other = (
        shared_path("realworld", "fusion", "jaffa", "DMS_454.JAFFA_HYBRID.jaffa_results.csv").read_text().splitlines()
    )
    out = tmp_path / "pooled.jaffa_results.csv"
    out.write_text(
        "\n".join(
            [
                jaffa[0],
                *(r.replace('"jaffa-direct"', '"H2228"', 1) for r in jaffa[1:]),
                *(r.replace('"jaffa-direct"', '"DMS454"', 1) for r in other[1:]),
            ]
        )
        + "\n"
    )
    return out


def _tables(tmp_path: Path) -> list[tuple[str, Path, list[str], str, bool]]:
    """(option, file, its samples, a sample to ask for, whether that sample has an ALK fusion)."""
    return [
        ("--fusions", POOLED_FI, ["P01_RNA", "P02_RNA", "P03_RNA"], "P02_RNA", False),
        ("--fusions", POOLED_FI, ["P01_RNA", "P02_RNA", "P03_RNA"], "P03_RNA", True),
        ("--fusions", _pooled_star_fusion(tmp_path), ["H2228", "LC2Ad"], "LC2Ad", False),
        ("--fusions", _pooled_star_fusion(tmp_path), ["H2228", "LC2Ad"], "H2228", True),
        ("--fusions", _pooled_jaffa(tmp_path), ["H2228", "DMS454"], "H2228", True),
        (
            "--fusions",
            shared_path("realworld", "cbioportal", "cbioportal-core.data_structural_variants.txt"),
            ["TCGA-A1-A0SB-01", "TCGA-A1-A0SD-01", "TCGA-A1-A0SB-02"],
            "TCGA-A1-A0SD-01",
            True,
        ),
        (
            "--fusions",
            shared_path("realworld", "oncokb-annotator", "example_fusions.txt"),
            ["TCGA-02-0033-01", "TCGA-05-4417-01", "TCGA-06-0155-01"],
            "TCGA-02-0033-01",
            False,
        ),
    ]


def _only(path: Path, sample: str, out: Path) -> Path:
    """The table with only `sample`'s rows (the sample column kept): what `--sample` must read."""
    lines = path.read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("##"))
    delimiter = "\t" if "\t" in lines[first] else ","
    column = [c.strip().strip('"').lstrip("#").lower() for c in lines[first].split(delimiter)].index(
        next(
            c
            for c in ("sample", "sample_id", "tumor_sample_barcode")
            if c in [x.strip().strip('"').lstrip("#").lower() for x in lines[first].split(delimiter)]
        )
    )
    kept = [row for row in lines[first + 1 :] if row.split(delimiter)[column].strip('"') == sample]
    out.write_text("\n".join([*lines[: first + 1], *kept]) + "\n")
    return out


def _names(report: dict) -> list[str]:
    return sorted(a["name"] for a in report["alterations"])


def test_without_sample_a_pooled_table_is_refused_naming_its_samples(tmp_path):
    for option, path, samples, _, _ in _tables(tmp_path):
        out = tmp_path / "r.json"
        result = run_cli("annotate", option, str(path), "-o", str(out))
        assert result.exit_code == 2 and not out.exists(), path
        line = result.stderr.strip()
        assert f"several samples ({', '.join(samples)}); choose one with --sample" in line, line


def test_with_sample_only_its_rows_are_read(tmp_path):
    for n, (option, path, _, sample, has_alk) in enumerate(_tables(tmp_path)):
        result = run_cli("annotate", option, str(path), "--sample", sample, "-o", "-")
        assert result.exit_code == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["sample_id"] == sample and report["inputs"][0]["sample"] == sample
        alone = json.loads(
            run_cli("annotate", option, str(_only(path, sample, tmp_path / f"only{n}{path.suffix}")), "-o", "-").stdout
        )
        assert _names(report) == _names(alone), (path.name, sample)
        assert any(a["category"] == "alk_fusion" for a in report["alterations"]) == has_alk, (path.name, sample)


def test_a_cohort_lists_the_samples_the_reader_accepts(tmp_path):
    from alkannot.cohort.tables import fusion_samples

    for _, path, samples, _, _ in _tables(tmp_path):
        assert fusion_samples(path) == samples, path


@pytest.mark.parametrize("column", ["Tumor_Sample_Barcode", "Sample_Id", "SAMPLE_ID"])
def test_a_maf_names_its_samples_in_any_sample_column(tmp_path, column):
    from alkannot.cohort.tables import maf_samples

    maf = (
        shared_path("realworld", "oncokb-annotator", "example_maf.txt")
        .read_text()
        .replace("Tumor_Sample_Barcode", column, 1)
    )
    path = tmp_path / "pooled.maf"
    path.write_text(maf)
    listed = maf_samples(path)
    assert len(listed) == 4 and "TCGA-05-4417-01" in listed and "(no barcode)" not in listed
    refused = run_cli("annotate", "--maf", str(path), "-o", str(tmp_path / "r.json"))
    assert refused.exit_code == 2 and "several samples (" in refused.stderr
    report = json.loads(run_cli("annotate", "--maf", str(path), "--sample", "TCGA-05-4417-01", "-o", "-").stdout)
    assert "KRAS p.G12C" in {a["name"] for a in report["alterations"]}


def test_a_cohort_reports_every_sample_of_a_pooled_table(tmp_path):
    out = tmp_path / "cohort"
    result = run_cli("cohort", "--fusions", str(POOLED_FI), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    reports = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert sorted(reports) == ["P01_RNA", "P02_RNA", "P03_RNA"]
    has_alk = {name: any(a["category"] == "alk_fusion" for a in r["alterations"]) for name, r in reports.items()}
    assert has_alk == {"P01_RNA": True, "P02_RNA": False, "P03_RNA": True}


def test_copy_number_tables_of_any_format_are_narrowed_too(tmp_path):
    """A CNVkit segment table pooled with a sample column, and cBioPortal's long CNA table."""
    from alkannot.cohort.tables import cnv_samples
    from alkannot.readers.cnv import read_cnv

    amplicon = shared_path("realworld", "cnv", "cnvkit", "amplicon.cns")
    tr95 = shared_path("realworld", "cnv", "cnvkit", "tr95t.cns")
    a, b = amplicon.read_text().splitlines(), tr95.read_text().splitlines()
    pooled = tmp_path / "pooled.cns"
    pooled.write_text(
        "\n".join(
            [
                "sample\t" + a[0],
                *(f"AMP\t{r}" for r in a[1:]),
                *("TR95\t" + "\t".join(r.split("\t")[:6]) for r in b[1:]),
            ]
        )
        + "\n"
    )
    assert cnv_samples(pooled) == ["AMP", "TR95"]
    refused = run_cli("annotate", "--cnv", str(pooled), "-o", str(tmp_path / "r.json"))
    assert refused.exit_code == 2 and "several samples (AMP, TR95); choose one with --sample" in refused.stderr
    for name, alone in (("AMP", amplicon), ("TR95", tr95)):
        narrowed = read_cnv(pooled, sample=name)
        assert narrowed.sample == name and len(narrowed.calls) == len(read_cnv(alone).calls)
    long = shared_path("realworld", "cbioportal", "cbioportal-core.data_cna_discrete_long.txt")
    refused = run_cli("annotate", "--cnv", str(long), "-o", str(tmp_path / "r.json"))
    assert refused.exit_code == 2 and "several samples (" in refused.stderr and "TCGA-A1-A0SO-01" in refused.stderr


def test_a_row_naming_no_sample_is_not_given_to_the_chosen_one(tmp_path):
    table = tmp_path / "f.tsv"
    table.write_text("Tumor_Sample_Barcode\tFusion\nS1\tKIF5B-RET\n\tEML4-ALK\nS2\tNPM1-ALK\n")
    report = json.loads(run_cli("annotate", "--fusions", str(table), "--sample", "S1", "-o", "-").stdout)
    assert not any(a["category"] == "alk_fusion" for a in report["alterations"])
    assert any("1 fusion row(s) name no sample" in w["message"] for w in report["warnings"])
