"""Regression (issue 17, item 1): a corrupt, empty or truncated `.tbi`/`.csi` beside a VCF holding
ALK G1202R made `annotate` exit 0 with "no known ALK kinase-domain resistance mutation": the reader
checked only that an index file existed and skipped every region whose query failed. A stale index
(built for another version of the file) sends htslib's queries to offsets where the records no
longer are. Now an index is verified against its file before it is used, and one that does not fit
is a warning (`vcf_index_unusable`) and the file is read without it: G1202R is reported."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pysam
import pytest
from conftest import EXAMPLES, ROOT
from pysam import bcftools

SOURCE = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"


def _text(with_alk: bool = True, filler_seed: int = 1, cut_before_alk: bool = False) -> str:
    """P01's header and ALK records among some 30,000 filler records on chr2 (many BGZF blocks)."""
    lines = gzip.decompress(SOURCE.read_bytes()).decode().splitlines()
    header = [x for x in lines if x.startswith("#")]
    alk = [x for x in lines if not x.startswith("#")]
    rng = random.Random(filler_seed)
    rows = []
    for pos in range(1_000_000, 60_000_000, 2000):
        if 29_190_000 <= pos <= 29_930_000:
            continue
        ref = rng.choice("ACGT")
        alt = "ACGT"[("ACGT".index(ref) + 1) % 4]
        rows.append(
            (pos, f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=100\tGT:AD:AF:DP\t0/0:100,0:0:100\t0/1:90,10:0.1:100")
        )
    if with_alk:
        rows += [(int(x.split("\t")[1]), x) for x in alk]
    rows.sort()
    if cut_before_alk:
        rows = [r for r in rows if r[0] < 29_000_000]
    return "\n".join(header + [x for _, x in rows]) + "\n"


def _bgzip(path: Path, text: str) -> Path:
    with pysam.BGZFile(str(path), "wb") as fh:
        fh.write(text.encode())
    return path


def _index(path: Path, csi: bool) -> Path:
    if path.suffix == ".bcf":
        bcftools.index(str(path))  # .csi
        return Path(str(path) + ".csi")
    pysam.tabix_index(str(path), preset="vcf", force=True, keep_original=True, csi=csi)
    return Path(str(path) + (".csi" if csi else ".tbi"))


def _to_bcf(vcf: Path, bcf: Path) -> Path:
    with pysam.VariantFile(str(vcf)) as src, pysam.VariantFile(str(bcf), "wb", header=src.header) as dst:
        for rec in src:
            dst.write(rec)
    return bcf


def _shift_offsets(index: Path, by: int) -> None:
    """Re-write every virtual offset in the index's chunk tables by `by` compressed bytes (a corrupt
    index that still parses)."""
    data = bytearray(gzip.decompress(index.read_bytes()))
    # walk the TBI/CSI tables and move each chunk's offsets
    at = 4
    tbi = data[:4] == b"TBI\x01"
    if tbi:
        n_ref = struct.unpack_from("<i", data, at)[0]
        at += 4 + 24
        l_nm = struct.unpack_from("<i", data, at)[0]
        at += 4 + l_nm
    else:
        at += 8
        l_aux = struct.unpack_from("<i", data, at)[0]
        at += 4 + l_aux
        n_ref = struct.unpack_from("<i", data, at)[0]
        at += 4
    for _ in range(n_ref):
        n_bin = struct.unpack_from("<i", data, at)[0]
        at += 4
        for _ in range(n_bin):
            b = struct.unpack_from("<I", data, at)[0]
            at += 4 if tbi else 12
            n_chunk = struct.unpack_from("<i", data, at)[0]
            at += 4
            for c in range(n_chunk):
                if b not in (37450, 4681 * 8 + 1) or c == 0:
                    for k in (0, 8):
                        value = struct.unpack_from("<Q", data, at + k)[0]
                        struct.pack_into("<Q", data, at + k, value + (by << 16))
                at += 16
        if tbi:
            n_intv = struct.unpack_from("<i", data, at)[0]
            at += 4 + 8 * n_intv
    with pysam.BGZFile(str(index), "wb") as fh:
        fh.write(bytes(data))


def _make(case: str, ext: str, tmp: Path) -> tuple[Path, Path]:
    """(VCF or BCF holding G1202R, the broken index beside it)."""
    csi = ext == ".csi"
    kind = "bcf" if case.startswith("bcf_") else "vcf"
    case = case.removeprefix("bcf_")

    def build(name: str, text: str) -> Path:
        vcf = _bgzip(tmp / f"{name}.vcf.gz", text)
        return _to_bcf(vcf, tmp / f"{name}.bcf") if kind == "bcf" else vcf

    final = build("final", _text())
    if case.startswith("stale"):
        older = {
            "stale_without_g1202r": _text(with_alk=False),
            "stale_shorter_version": _text(cut_before_alk=True),
            "stale_other_file": _text(filler_seed=7, with_alk=False).replace("\t0/1:90,10", "\t0/1:95,5"),
        }[case]
        old = build("old", older)
        index = _index(old, csi)
        target = Path(str(final) + index.name[len(old.name) :])
        shutil.copy(index, target)
        old.unlink()
        return final, target
    index = _index(final, csi)
    raw = index.read_bytes()
    if case == "empty":
        index.write_bytes(b"")
    elif case == "truncated":
        index.write_bytes(raw[: len(raw) // 2])
    elif case == "garbage":
        index.write_bytes(random.Random(3).randbytes(len(raw)))
    elif case == "offsets_shifted":
        _shift_offsets(index, 977)
    elif case == "inner_tables_cut":
        inner = gzip.decompress(raw)
        with pysam.BGZFile(str(index), "wb") as fh:
            fh.write(inner[: len(inner) * 2 // 3])
    return final, index


def _annotate(vcf: Path, tmp: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    out = tmp / "r.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", "alkannot", "annotate", "--vcf", str(vcf), "-o", str(out)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return proc, (json.loads(out.read_text()) if out.exists() else None)


CASES = [
    "empty",
    "truncated",
    "garbage",
    "offsets_shifted",
    "inner_tables_cut",
    "stale_without_g1202r",
    "stale_shorter_version",
    "stale_other_file",
]


@pytest.mark.parametrize("ext", [".tbi", ".csi"])
@pytest.mark.parametrize("case", CASES)
def test_broken_index_is_a_warning_and_g1202r_is_still_reported(case, ext, tmp_path):
    vcf, index = _make(case, ext, tmp_path)
    proc, report = _annotate(vcf, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert any(a["name"] == "ALK p.G1202R" for a in report["alterations"]), [a["name"] for a in report["alterations"]]
    unusable = [w["message"] for w in report["warnings"] if w["code"] == "vcf_index_unusable"]
    assert unusable and index.name in unusable[0] and "read without it" in unusable[0], report["warnings"]


@pytest.mark.parametrize(
    "case",
    ["bcf_empty", "bcf_truncated", "bcf_offsets_shifted", "bcf_stale_without_g1202r", "bcf_stale_shorter_version"],
)
def test_broken_csi_of_a_bcf_is_a_warning_and_g1202r_is_still_reported(case, tmp_path):
    vcf, index = _make(case, ".csi", tmp_path)
    proc, report = _annotate(vcf, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert any(a["name"] == "ALK p.G1202R" for a in report["alterations"])
    assert any(w["code"] == "vcf_index_unusable" and index.name in w["message"] for w in report["warnings"]), report[
        "warnings"
    ]


@pytest.mark.parametrize("kind", ["vcf.gz.tbi", "vcf.gz.csi", "bcf.csi"])
def test_a_sound_index_is_used_without_a_warning(kind, tmp_path, monkeypatch):
    """The checks must not refuse a good index (and the index is what the reader then queries)."""
    from alkannot.readers import vcf as vcf_reader

    csi = kind.endswith("csi")
    final = _bgzip(tmp_path / "f.vcf.gz", _text())
    if kind.startswith("bcf"):
        final = _to_bcf(final, tmp_path / "f.bcf")
    _index(final, csi)
    proc, report = _annotate(final, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert any(a["name"] == "ALK p.G1202R" for a in report["alterations"])
    assert not [w for w in report["warnings"] if w["code"] == "vcf_index_unusable"]
    streamed = []
    monkeypatch.setattr(vcf_reader.pysam_reader, "scan_bgzf", lambda *a: streamed.append(1))
    result = vcf_reader.read_vcf(final, [vcf_reader.Region("2", 29192774, 29921586)], sample="P01_TUMOR")
    assert result.records_read == 3 and not streamed  # three ALK records queried, not 30,000 streamed


def test_an_index_beside_an_uncompressed_vcf_is_a_warning(tmp_path):
    final = _bgzip(tmp_path / "f.vcf.gz", _text())
    index = _index(final, False)
    plain = tmp_path / "plain.vcf"
    plain.write_text(_text())
    shutil.copy(index, str(plain) + ".tbi")
    proc, report = _annotate(plain, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert any(a["name"] == "ALK p.G1202R" for a in report["alterations"])
    assert any(w["code"] == "vcf_index_unusable" for w in report["warnings"])


def test_a_query_htslib_refuses_after_the_checks_is_read_without_the_index(tmp_path, monkeypatch):
    """The old reader skipped a region whose fetch raised; now the whole file is read without the index."""
    from alkannot.readers import vcf as vcf_reader

    final = _bgzip(tmp_path / "f.vcf.gz", _text())
    _index(final, False)
    monkeypatch.setattr(vcf_reader.pysam_reader, "fetch", lambda indexed, regions: None)
    result = vcf_reader.read_vcf(final, [vcf_reader.Region("2", 29192774, 29921586)], sample="P01_TUMOR")
    assert 29220747 in [v.pos for v in result.variants]
    assert any(w.code == "vcf_index_unusable" and "query" in w.message for w in result.warnings)
