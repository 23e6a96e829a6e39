"""Shared fixtures. Third-party data is read from ../shared/ beside the project; tests that need it
skip with a reason when that folder is absent, so outside users can still run the suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "example_vcfs"
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
REALWORLD = SHARED / "realworld"
# a clinical context stating ALK positivity by IHC only: per-drug calls need an established ALK driver
ALK_POSITIVE = ROOT / "tests" / "data" / "alk_positive_ihc.yaml"


def shared_path(*parts: str) -> Path:
    """A file under ../shared/, or a skip when the shared folder is not beside the project."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (the project's shared folder is absent)")
    return path


def run_cli(*args: str) -> Result:
    from alkannot.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_read_or_refused(tmp_path: Path, option: str, path: Path) -> None:
    """A real file either gives a report (exit 0) or one clear refusal line naming it (exit 2), never a traceback."""
    out = tmp_path / "r.json"
    result = run_cli("annotate", option, str(path), "-o", str(out))
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        report = json.loads(out.read_text())
        assert report["inputs"][0]["path"].endswith(path.name)
    else:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("alkannot: error: ") and path.name in lines[0]
        assert not out.exists()


def annotate_json(*args: str) -> dict:
    result = run_cli("annotate", *args, "-o", "-")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def kb():
    from alkannot.knowledge import load_knowledgebase

    return load_knowledgebase()


@pytest.fixture(scope="session")
def alk(kb):
    from alkannot.genome.transcripts import transcripts_from_kb

    return transcripts_from_kb(kb.transcripts["ALK"])


def write_vcf(
    path: Path,
    records: list[str],
    samples: list[str] | None = None,
    header: list[str] | None = None,
    contig: str = "##contig=<ID=chr2,length=242193529>",
) -> Path:
    """A small hand-made VCF; records are tab-separated lines without the trailing newline."""
    samples = ["TUMOR"] if samples is None else samples
    lines = [
        "##fileformat=VCFv4.2",
        *(header or []),
        contig,
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
        '##FILTER=<ID=LowQual,Description="Low quality">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">',
    ]
    cols = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"] + (["FORMAT", *samples] if samples else [])
    lines.append("\t".join(cols))
    path.write_text("\n".join(lines + records) + "\n")
    return path


def change_to_vcf(tx, change: str) -> tuple[int, str, str]:
    """+ strand VCF POS/REF/ALT for a one-letter protein change (e.g. 'G1202R') inside the embedded
    coding sequence: the fewest-base change of the reference codon (an SNV, or an MNV such as C1156T)."""
    from alkannot.genome.code import CODON_TABLE, revcomp

    residue, alt_aa = int(change[1:-1]), change[-1]
    codon = tx.codon_known(residue)
    best = min(
        (c for c, aa in CODON_TABLE.items() if aa == alt_aa),
        key=lambda c: (sum(a != b for a, b in zip(c, codon, strict=False)), c),
    )
    diff = [i for i in range(3) if best[i] != codon[i]]
    last = 3 * residue - 2 + diff[-1]
    ref_c, alt_c = codon[diff[0] : diff[-1] + 1], best[diff[0] : diff[-1] + 1]
    if tx.strand == "-":
        return tx.genomic(last), revcomp(ref_c), revcomp(alt_c)
    return tx.genomic(3 * residue - 2 + diff[0]), ref_c, alt_c
