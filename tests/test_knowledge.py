"""The knowledge base: it validates, every entry is cited, every mutation translates from its
genomic coordinates in both builds, and `kb validate` refuses what it must, all problems at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from alkannot.genome.code import revcomp
from alkannot.genome.hgvs import annotate
from alkannot.knowledge import PROTEIN_CHANGE, kb_json_schema, load_knowledgebase, validate_knowledgebase
from alkannot.errors import KnowledgeBaseError
from conftest import ROOT, change_to_vcf, run_cli


def test_packaged_kb_is_valid_and_cited(kb):
    assert kb.version.count(".") == 2
    assert {"crizotinib", "ceritinib", "alectinib", "brigatinib", "ensartinib", "lorlatinib"} <= {
        d.id for d in kb.alk_tkis
    }
    for entry in kb.files.mutations:
        assert entry.citations or entry.calls
        for call in entry.calls:
            assert kb.cite(call.citations), (entry.id, call.drug)
            assert all(c.startswith(("PMID:", "DOI:", "PMCID:", "https://")) for c in kb.cite(call.citations))
            # 2.0.0: a source without a PMID or DOI (a PMCID or a URL only) never makes a call established alone
            if not any(c.startswith(("PMID:", "DOI:")) for c in kb.cite(call.citations)):
                assert call.status == "unconfirmed", (entry.id, call.drug)


def test_aliases_resolve(kb):
    assert kb.drug("X-396").id == "ensartinib"
    assert kb.drug("NVL-655").id == "neladalkib"
    assert kb.drug("WX-0593").id == "iruplinalkib"
    assert kb.drug("Lorlatinib").id == "lorlatinib"
    assert kb.drug("aspirin") is None


@pytest.mark.parametrize("build", ["GRCh37", "GRCh38"])
def test_every_kb_substitution_translates_from_genomic_coordinates(kb, alk, build):
    tx = alk[build]
    checked = 0
    for entry in kb.files.mutations:
        m = PROTEIN_CHANGE.match(entry.change)
        if not m["alt"]:
            continue
        pos, ref, alt = change_to_vcf(tx, entry.change)
        cons = annotate(tx, pos, ref, alt)
        assert cons.verified and cons.protein_change == entry.change, entry.id
        assert kb.in_kinase_domain("ALK", int(m["pos"]))
        checked += 1
    assert checked >= 19


def test_duplication_entry_translates(kb, alk):
    entry = next(e for e in kb.files.mutations if e.change.endswith("dup"))
    residue = entry.residue
    for tx in alk.values():
        codon = tx.codon_known(residue)
        after = 3 * residue + 1
        anchor_ref = revcomp(tx.known_coding(after, after))
        cons = annotate(tx, tx.genomic(after), anchor_ref, anchor_ref + revcomp(codon))
        assert cons.protein_change == entry.change


def _copy_kb(tmp_path: Path) -> Path:
    dest = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", dest)
    return dest


def _edit(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text())
    fn(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_validate_reports_every_problem_at_once(tmp_path):
    kbdir = _copy_kb(tmp_path)

    def break_mutations(data):
        muts = [m for m in data["mutations"] if m.get("calls")]
        muts[0]["calls"][0]["citations"] = ["NOT_A_REFERENCE"]
        muts[1]["calls"][0]["drug"] = "aspirin"
        data["mutations"].append(dict(muts[2]))  # duplicate
        muts[3]["change"] = "G12O2R"
        muts[4]["calls"] = []
        muts[4].pop("citations", None)

    _edit(kbdir / "mutations.yaml", break_mutations)
    kb, problems = validate_knowledgebase(kbdir)
    assert kb is None
    text = "\n".join(problems)
    assert "malformed protein change 'G12O2R'" in text
    assert "unknown citation 'NOT_A_REFERENCE'" in text
    assert "unknown drug 'aspirin'" in text
    assert "duplicate entry" in text
    assert "needs at least one citation" in text
    assert len(problems) >= 4


def test_validate_refuses_wrong_reference_residue_and_bad_doi(tmp_path):
    kbdir = _copy_kb(tmp_path)
    _edit(kbdir / "mutations.yaml", lambda d: d["mutations"][0].update(change="A1202R"))
    _edit(kbdir / "references.yaml", lambda d: next(iter(d["references"].values())).update(doi="doi:broken", pmid=None))
    _, problems = validate_knowledgebase(kbdir)
    text = "\n".join(problems)
    assert "names residue A1202 but the ALK protein has G there" in text
    assert "malformed DOI" in text


def test_yaml_python_tags_are_refused(tmp_path):
    kbdir = _copy_kb(tmp_path)
    (kbdir / "kb.yaml").write_text("kb: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(KnowledgeBaseError) as err:
        load_knowledgebase(kbdir)
    assert "kb.yaml" in str(err.value) and "not valid YAML" in str(err.value)


def test_cli_kb_validate_and_show(tmp_path):
    ok = run_cli("kb", "validate")
    assert ok.exit_code == 0 and "valid" in ok.stdout
    shown = run_cli("kb", "show", "G1202R")
    assert shown.exit_code == 0
    assert "change: G1202R" in shown.stdout and "lorlatinib" in shown.stdout
    assert run_cli("kb", "show", "X-396").stdout.count("id: ensartinib") == 1
    assert run_cli("kb", "show", "Q9999Z").exit_code == 2
    kbdir = _copy_kb(tmp_path)
    _edit(kbdir / "drugs.yaml", lambda d: d["drugs"][0].update(citations=[]))
    bad = run_cli("kb", "validate", str(kbdir))
    assert bad.exit_code == 2
    assert "drugs.yaml" in bad.stderr and bad.stderr.strip().splitlines()[-1].startswith("alkannot: error:")


def test_annotate_refuses_an_invalid_kb(tmp_path):
    kbdir = _copy_kb(tmp_path)
    _edit(
        kbdir / "mutations.yaml",
        lambda d: [m for m in d["mutations"] if m.get("calls")][0]["calls"][0].update(level="9"),
    )
    out = tmp_path / "r.json"
    result = run_cli(
        "annotate",
        "--vcf",
        str(ROOT / "example_vcfs/P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf"),
        "--kb",
        str(kbdir),
        "-o",
        str(out),
    )
    assert result.exit_code == 2 and "knowledge base is invalid" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_kb_schema_is_exported(tmp_path):
    schema = kb_json_schema()
    assert "MutationEntry" in schema["$defs"]
    printed = run_cli("schema", "kb")
    assert printed.exit_code == 0 and '"MutationEntry"' in printed.stdout


def test_kb_hash_changes_with_content(tmp_path, kb):
    kbdir = _copy_kb(tmp_path)
    assert load_knowledgebase(kbdir).sha256 == kb.sha256
    (kbdir / "kb.yaml").write_text((kbdir / "kb.yaml").read_text() + "\n# touched\n")
    assert load_knowledgebase(kbdir).sha256 != kb.sha256


def test_compound_entries_are_checked(tmp_path):
    kbdir = _copy_kb(tmp_path)

    def break_compounds(data):
        entries = data["compounds"]["entries"]
        entries.append({"id": "DUP", "members": list(reversed(entries[0]["members"])), "citations": ["LIN17"]})
        entries.append({"id": "SAME_CODON", "members": ["G1202R", "G1202K"], "citations": ["LIN17"]})
        entries.append(
            {
                "id": "BAD_DRUG",
                "members": ["L1196M", "G1269A"],
                "calls": [{"drug": "aspirin", "call": "resistant", "level": "R2", "citations": ["LIN17"]}],
            }
        )

    _edit(kbdir / "compounds.yaml", break_compounds)
    _, problems = validate_knowledgebase(kbdir)
    text = "\n".join(problems)
    assert "DUP: duplicate compound" in text
    assert "SAME_CODON: two members in one codon are one change, not a compound" in text
    assert "BAD_DRUG: unknown drug 'aspirin'" in text


def test_kb_show_finds_a_compound_in_either_order():
    for query in ("I1171N+D1203N", "D1203N + I1171N"):
        shown = run_cli("kb", "show", query)
        assert shown.exit_code == 0 and "ALK_I1171N_D1203N" in shown.stdout
