"""The cohort summary reproduces the shape of seed 001's Figure 2 from reports: 44 re-biopsies after a
2nd-generation ALK TKI, on-target 25/44 (56.8%), G1202R 12/44 (27.3%; the paper truncates to 27.2%)
and 12/25 (48.0%) of on-target, MET 1, BRAF 2, KRAS 3, transformation 2."""

from __future__ import annotations

import pytest

from alkannot.cohort import read_manifest, run_cohort
from alkannot.cohort.summary import alteration_label, last_tki, mechanisms
from cohort_samples import figure_2_cohort

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def figure_2(tmp_path_factory, alk):
    folder = tmp_path_factory.mktemp("fig2")
    jobs = read_manifest(figure_2_cohort(folder, alk["GRCh38"]))
    result = run_cohort(jobs, folder / "out", workers=2)
    assert not result.failed, result.failed
    return folder / "out"


def test_figure_2_is_reproduced(figure_2):
    table = pd.read_csv(figure_2 / "cohort_mechanisms.tsv", sep="\t")
    everyone = table[table.grouping == "all"].set_index("mechanism")
    assert set(everyone.samples) == {44}
    expected = {
        "on_target": (25, 56.8),
        "G1202R": (12, 27.3),
        "compound": (0, 0.0),
        "bypass:BRAF": (2, 4.5),
        "bypass:KRAS": (3, 6.8),
        "bypass:MET": (1, 2.3),
        "transformation": (2, 4.5),
        "none_found": (11, 25.0),
    }
    assert list(everyone.index) == [
        "on_target",
        "G1202R",
        "compound",
        "bypass:BRAF",
        "bypass:KRAS",
        "bypass:MET",
        "transformation",
        "none_found",
    ]
    for mech, (count, percent) in expected.items():
        assert (everyone.loc[mech, "count"], everyone.loc[mech, "percent"]) == (count, percent), mech
    assert everyone.loc["G1202R", "percent_of_on_target"] == 48.0

    second = table[(table.grouping == "generation") & (table.group == "2nd-generation")].set_index("mechanism")
    assert second.loc["on_target", "samples"] == 44 and second.loc["on_target", "count"] == 25
    by_drug = table[table.grouping == "last_tki"]
    assert set(by_drug.group) == {"alectinib", "brigatinib", "ceritinib"}
    assert by_drug[by_drug.mechanism == "on_target"].samples.sum() == 44


def test_alterations_by_samples_table(figure_2):
    tsv = pd.read_csv(figure_2 / "cohort_alterations.tsv", sep="\t")
    parquet = pd.read_parquet(figure_2 / "cohort_alterations.parquet")
    assert list(tsv.columns[:3]) == ["category", "gene", "alteration"] and list(tsv.columns[3:]) == [
        f"S{i:02d}" for i in range(44)
    ]
    assert tsv.shape == parquet.shape and (tsv.values == parquet.values).all()
    g1202r = tsv[tsv.alteration == "ALK p.G1202R"]
    assert g1202r.iloc[0, 3:].sum() == 12 and g1202r.iloc[0]["category"] == "alk_kinase_domain_mutation"
    assert tsv[tsv.alteration == "KRAS amplification"].iloc[0, 3:].sum() == 2  # CN 8 and 6.5: one row


@pytest.mark.parametrize("n_samples", [3, 0])
def test_the_alterations_tables_are_what_pandas_writes_and_reads(tmp_path, n_samples):
    """The wide TSV is written a row at a time (pandas took 12 s for 20,000 samples × 2,000 alterations)
    and the Parquet file by pyarrow (through pandas, 100,000 sample columns cost 0.9 GB): the TSV must
    stay byte for byte what pandas' to_csv gives, quoting of awkward labels included, and the Parquet
    file must read back as the same frame."""
    from alkannot.cohort.summary import ALTERATIONS_PARQUET, ALTERATIONS_TSV, alteration_matrix, write_summary

    alts = [
        ["bypass", "MET", "MET amplification"],
        ["vus", "", 'KRAS "odd"\tlabel'],
        ["co_alteration", "TP53", "TP53 p.R175H"],
    ]
    summaries = [
        {
            "sample_id": sid,
            "patient_id": None,
            "last_tki": "not stated",
            "generation": "not stated",
            "mechanisms": ["none_found"],
            "alterations": alts[i % 2 :: 2],
        }
        for i, sid in enumerate(["S1", 'S"2', "S\t3"][:n_samples])
    ]
    write_summary(summaries, tmp_path)
    written = (tmp_path / ALTERATIONS_TSV).read_text()
    frame = alteration_matrix(summaries)
    from alkannot.report.view import visible_controls

    shown = frame.rename(
        columns=visible_controls
    )  # every alkannot TSV shows a tab inside a name as '\t' (one line a row)
    shown["alteration"] = shown["alteration"].map(visible_controls)
    assert written == shown.to_csv(sep="\t", index=False, lineterminator="\n")
    # (with no alteration at all pandas types the empty label columns float, Parquet keeps them text)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / ALTERATIONS_PARQUET), frame, check_dtype=bool(n_samples))
    if n_samples:
        assert pd.read_csv(tmp_path / ALTERATIONS_TSV, sep="\t").iloc[:, 3:].values.sum() == 5  # 2 + 1 + 2


def test_mechanisms_of_one_sample():
    kd = {"category": "alk_kinase_domain_mutation", "gene": "ALK", "variant": {"protein_change": "G1202R"}}
    compound = {"category": "alk_compound_mutation", "gene": "ALK", "phase": "cis"}
    trans = {"category": "alk_compound_mutation", "gene": "ALK", "phase": "trans"}
    assert mechanisms([kd, compound]) == ["on_target", "G1202R", "compound"]
    assert mechanisms([trans]) == ["none_found"]
    assert mechanisms(
        [
            {"category": "bypass", "gene": "MET"},
            {"category": "co_alteration", "gene": "TP53"},
            {"category": "histologic_transformation", "gene": "-"},
        ]
    ) == ["bypass:MET", "transformation"]
    assert (
        alteration_label(
            {
                "category": "bypass",
                "gene": "MET",
                "name": "MET amplification (CN 7.0)",
                "copy_number": {"call": "amplification"},
            }
        )
        == "MET amplification"
    )


def test_last_tki_is_the_last_alk_tki_given_up_for_progression(kb):
    courses = [
        {"drug": "alectinib", "line": 2, "stop_reason": "progression"},
        {"drug": "crizotinib", "line": 1, "stop_reason": "progression"},
        {"drug": "lorlatinib", "line": 3, "stop_reason": "toxicity"},
    ]
    assert last_tki({"treatments": courses}, kb) == ("alectinib", "2nd-generation")
    assert last_tki({"treatments": courses[1:2]}, kb) == ("crizotinib", "1st-generation")
    assert last_tki(None, kb) == ("not stated", "not stated")
