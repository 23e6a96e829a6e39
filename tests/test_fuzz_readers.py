"""Property-based fuzzing of every reader and of the CLI (hypothesis), bounded so the suite stays fast.

Inputs are real seeds (the example VCFs, the hand-made files of tests/hostile/) mutated a few times:
a field replaced by a hostile token (negative, NaN, 1e400, NUL, non-UTF-8, a breakend, a 10 kB
string), lines deleted, duplicated or swapped, bytes flipped or inserted, the file cut short, CRLF
line ends. Mutating well-formed files, not random bytes, is what gets the fuzzer past the header
checks into record parsing. The properties:

- a reader returns a result or raises an `AlkannotError`, nothing else;
- the CLI exits 0 or 2, never with a traceback; on 2, one stderr line and no output file.

Runs are derandomized (the same examples in every CI run) and small (`FUZZ_EXAMPLES`, default 40
per reader, a third of that through the CLI); ALKANNOT_FUZZ_EXAMPLES=2000 makes a longer, random
local hunt."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from alkannot.errors import AlkannotError  # noqa: E402
from alkannot.readers.clinical import read_clinical  # noqa: E402
from alkannot.readers.cnv import read_cnv  # noqa: E402
from alkannot.readers.fusions import FORMATS as FUSION_FORMATS, read_fusions  # noqa: E402
from alkannot.readers.maf import read_maf  # noqa: E402
from alkannot.readers.sv import read_sv_vcf  # noqa: E402
from alkannot.readers.vcf import Region, read_vcf  # noqa: E402
from conftest import EXAMPLES, run_cli  # noqa: E402

HOSTILE = Path(__file__).resolve().parent / "hostile"
FUZZ_EXAMPLES = int(os.environ.get("ALKANNOT_FUZZ_EXAMPLES", "40"))
CLI_EXAMPLES = max(5, FUZZ_EXAMPLES // 3)
HUNTING = "ALKANNOT_FUZZ_EXAMPLES" in os.environ  # a local hunt draws new examples each run; CI repeats the same ones
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=not HUNTING,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FUZZ_CLI = settings(FUZZ, max_examples=CLI_EXAMPLES)

ALK_REGIONS = [Region("2", 29192774, 30144432), Region("2", 29415640, 30144477), Region("7", 140719327, 140924929)]
GENES = {"ALK", "MET", "KRAS", "BRAF", "EGFR", "TP53"}

HOSTILE_TOKENS = [
    "",
    ".",
    "-",
    "-1",
    "-402",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "0",
    "2147483648",
    "99999999999999999999",
    "NA",
    "\x00",
    "caf\udcff",
    "é",
    "<DEL>",
    "<DUP:TANDEM>",
    "N[chrUn_KI270742v1:1[",
    "]2:0]N",
    "*",
    "0/1",
    "1|0",
    "chr2:-5:+",
    "2:29446394",
    "EML4--ALK",
    "ALK",
    ";;;",
    ",,,",
    "=",
    '"',
    "'",
    "#",
    "\t",
    "x" * 10_000,
]


def _seed(name: str) -> bytes:
    return (HOSTILE / name).read_bytes()


SEEDS: dict[str, list[bytes]] = {
    "vcf": [
        (EXAMPLES / "P02_I1171N_D1203N_after_lorlatinib.GRCh37.vcf").read_bytes(),
        (EXAMPLES / "P03_L1196M_after_crizotinib.GRCh37.vcf").read_bytes(),
        _seed("vcf_negative_nan_depth_af.vcf"),
        _seed("vcf_symbolic_breakend_alleles.vcf"),
    ],
    "sv": [
        _seed("sv_contig_without_length.vcf"),
        _seed("sv_breakend_unknown_contig.vcf"),
        _seed("sv_malformed_brackets_and_end.vcf"),
    ],
    "fusions": [
        _seed("fusions_star_crlf.tsv"),
        _seed("fusions_arriba_negative_counts.tsv"),
        _seed("fusions_jaffa_broken_quotes.csv"),
        b"EML4-ALK\nE13:A20\nKIF5B::ALK\nEML4(6)-ALK(20)\n",
        _seed("fusions_oncokb_two_samples.txt"),
        _seed("fusions_fusioncatcher_header_only.txt")
        + b"EML4\tALK\tknown\t0\t4\t4\t33\tBOWTIE\t2:42301391:+\t2:29223587:-\tE1\tE2\tin-frame\n",
    ],
    "cnv": [
        _seed("cnv_cns_nan_negative.cns"),
        _seed("cnv_gene_table_crlf.tsv"),
        _seed("cnv_vcf_negative_cn.vcf"),
        _seed("cnv_matrix_two_samples.txt"),
        _seed("cnv_clincnv_no_values.tsv"),
        b"Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\nS1\tMET\t2\nS1\tKRAS\tAmplification\n",
        b"Chromosome\tStart\tEnd\tnMajor\tnMinor\n7\t116672196\t116798377\t7\t1\n",
    ],
    "maf": [_seed("maf_crlf.maf"), _seed("maf_negative_nan_counts.maf"), _seed("maf_ragged_rows.maf")],
    "clinical": [
        _seed("clinical_crlf.yaml"),
        _seed("clinical_end_before_start.yaml"),
        b"patient_id: P02\nsample_id: P02-T2\nspecimen: tissue\ntumor_fraction: 0.4\nalk_status: {result: positive, method: IHC}\n"
        b'histology: adenocarcinoma\nihc: {MET: {score: "3+", percent: 70}, PD-L1: {tps: 60}}\ntreatments:\n'
        b"  - {drug: alectinib, line: 1, start: 2019-05, end: 2022-11, stop_reason: progression}\n",
        b'{"specimen": "plasma", "treatments": [{"drug": "X-396", "start": "2021-02"}], "ihc": {"PD-L1": {"tps": 5}}}',
    ],
}
SUFFIX = {"vcf": ".vcf", "sv": ".vcf", "fusions": ".tsv", "cnv": ".tsv", "maf": ".maf", "clinical": ".yaml"}
OPTION = {
    "vcf": "--vcf",
    "sv": "--sv-vcf",
    "fusions": "--fusions",
    "cnv": "--cnv",
    "maf": "--maf",
    "clinical": "--clinical",
}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    """A seed of `kind` with 0–6 mutations, and a file suffix (sometimes .gz, with the bytes gzipped)."""
    data = draw(st.sampled_from(SEEDS[kind]))
    for _ in range(draw(st.integers(0, 6))):
        lines = data.split(b"\n")
        op = draw(
            st.sampled_from(
                ["field", "field", "field", "delete", "duplicate", "swap", "flip", "insert", "truncate", "crlf"]
            )
        )
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "field":
            cells = lines[i].split(b"\t")
            j = draw(st.integers(0, len(cells) - 1))
            token = draw(st.sampled_from(HOSTILE_TOKENS))
            cells[j] = token.encode("utf-8", "surrogateescape")
            lines[i] = b"\t".join(cells)
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            k = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines[i], lines[k] = lines[k], lines[i]
        data = b"\n".join(lines)
        if op == "flip" and data:
            pos = draw(st.integers(0, len(data) - 1))
            data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1 :]
        elif op == "insert":
            pos = draw(st.integers(0, len(data)))
            data = data[:pos] + draw(st.binary(min_size=1, max_size=16)) + data[pos:]
        elif op == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
    suffix = SUFFIX[kind]
    if kind != "clinical" and draw(st.booleans()) and draw(st.booleans()):  # a quarter gzipped, some cut short
        data = gzip.compress(data, mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        suffix += ".gz"
    return data, suffix


def _read(kind: str, path: Path, fmt: str = "auto") -> object:
    if kind == "vcf":
        return read_vcf(path, ALK_REGIONS, genes=GENES)
    if kind == "sv":
        return read_sv_vcf(path)
    if kind == "fusions":
        return read_fusions(path, fmt)
    if kind == "cnv":
        return read_cnv(path)
    if kind == "maf":
        return read_maf(path, GENES)
    return read_clinical(
        path, lambda name: name.lower() if name.lower() in {"alectinib", "lorlatinib", "crizotinib"} else None
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(scratch: Path, data: bytes, suffix: str) -> Path:
    for old in scratch.iterdir():
        old.unlink()
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    return path


def _reader_property(kind: str, scratch: Path, sample: tuple[bytes, str], fmt: str = "auto") -> None:
    path = _write(scratch, *sample)
    try:
        _read(kind, path, fmt)
    except AlkannotError as exc:
        assert "\n" not in exc.one_line()


@FUZZ
@given(sample=mutated("vcf"))
def test_vcf_reader_fuzz(scratch, sample):
    _reader_property("vcf", scratch, sample)


@FUZZ
@given(sample=mutated("sv"))
def test_sv_reader_fuzz(scratch, sample):
    _reader_property("sv", scratch, sample)


@FUZZ
@given(sample=mutated("fusions"), fmt=st.sampled_from(["auto", *FUSION_FORMATS]))
def test_fusion_reader_fuzz(scratch, sample, fmt):
    _reader_property("fusions", scratch, sample, fmt)


@FUZZ
@given(sample=mutated("cnv"))
def test_cnv_reader_fuzz(scratch, sample):
    _reader_property("cnv", scratch, sample)


@FUZZ
@given(sample=mutated("maf"))
def test_maf_reader_fuzz(scratch, sample):
    _reader_property("maf", scratch, sample)


@FUZZ
@given(sample=mutated("clinical"))
def test_clinical_reader_fuzz(scratch, sample):
    _reader_property("clinical", scratch, sample)


@FUZZ_CLI
@given(kind=st.sampled_from(sorted(OPTION)), data=st.data())
def test_cli_fuzz(scratch, kind, data):
    """The whole pipeline (readers, build detection, classification, interpretation, schema
    validation, atomic write) on a mutated input: exit 0 with a valid report, or exit 2 with one
    line naming the input and nothing written."""
    sample = data.draw(mutated(kind))
    path = _write(scratch, *sample)
    out = scratch / "report.json"
    result = run_cli("annotate", OPTION[kind], str(path), "-o", str(out))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exit_code in (0, 2), result.stderr
    leftovers = [p.name for p in scratch.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("alkannot: error: "), lines
        assert not out.exists()
    else:
        assert out.exists() and out.read_text().startswith("{")
