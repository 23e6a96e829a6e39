"""Regression: outputs overwrote inputs that were not named as inputs. `-o p.vcf.gz.tbi` replaced
the VCF's index (every later run then reported nothing), `-o` into the `--kb` folder replaced a
knowledge-base file, and a hard link to an input was written through. Each is now exit 2 with one
line before anything is written."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT
from faults import P01, alkannot, one_error_line


@pytest.fixture
def vcf(tmp_path):
    copy = tmp_path / P01.name
    shutil.copy(P01, copy)
    shutil.copy(P01.with_name(P01.name + ".tbi"), copy.with_name(copy.name + ".tbi"))
    return copy


@pytest.mark.parametrize("suffix", [".tbi", ".csi"])
def test_an_index_beside_the_input_is_refused(tmp_path, vcf, suffix):
    index = vcf.with_name(vcf.name + suffix)
    before = index.read_bytes() if index.exists() else None
    result = alkannot("annotate", "--vcf", str(vcf), "-o", str(index), cwd=tmp_path)
    assert result.returncode == 2
    assert "index" in one_error_line(result.stderr)
    assert (index.read_bytes() if index.exists() else None) == before


def test_a_bam_index_named_without_the_bam_suffix_is_refused(tmp_path, vcf):
    import pysam

    bam = tmp_path / "tumour.bam"
    with pysam.AlignmentFile(str(bam), "wb", header={"HD": {"VN": "1.6"}, "SQ": [{"SN": "chr2", "LN": 242193529}]}):
        pass  # a valid BAM without reads: htslib would also look for tumour.bai beside it
    pysam.index(str(bam))
    result = alkannot(
        "annotate", "--vcf", str(vcf), "--bam", str(bam), "-o", str(tmp_path / "tumour.bai"), cwd=tmp_path
    )
    assert result.returncode == 2 and "index" in one_error_line(result.stderr)
    assert not (tmp_path / "tumour.bai").exists()


def test_a_file_inside_the_kb_folder_is_refused(tmp_path, vcf):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledgebase", kb)
    victim = next(p for p in sorted(kb.rglob("*.yaml")) if p.name != "kb.yaml")
    before = victim.read_bytes()
    for target in (victim, kb / "new.json"):
        result = alkannot("annotate", "--vcf", str(vcf), "--kb", str(kb), "-o", str(target), cwd=tmp_path)
        assert result.returncode == 2 and "knowledge-base folder" in one_error_line(result.stderr)
    assert victim.read_bytes() == before and not (kb / "new.json").exists()


def test_a_hard_link_to_an_input_is_refused(tmp_path, vcf):
    link = tmp_path / "other-name.json"
    os.link(vcf, link)
    before = vcf.read_bytes()
    result = alkannot("annotate", "--vcf", str(vcf), "-o", str(link), cwd=tmp_path)
    assert result.returncode == 2 and "input" in one_error_line(result.stderr)
    assert vcf.read_bytes() == before and os.path.samefile(vcf, link)
