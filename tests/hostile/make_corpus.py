"""The generated part of the hostile-input corpus: compressed, binary, non-UTF-8 and very long
files, made from the hand-made text files beside this script.

They are generated (by tests/test_hostile_inputs.py into a temporary folder, or by hand with
`python tests/hostile/make_corpus.py OUTDIR`) rather than committed: binary blobs do not review
or diff, the long-line files would weigh megabytes, and this script says how each was broken.
Output is deterministic (fixed seeds, gzip mtime 0)."""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VCF = HERE / "vcf_crlf.vcf"  # a valid small VCF (CRLF line ends) with ALK L1196M
LONG = 2_000_000  # characters in a "very long line"
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _bgzip(data: bytes, dest: Path) -> bytes:
    import pysam

    src = dest.with_suffix(".plain")
    src.write_bytes(data)
    pysam.tabix_compress(str(src), str(dest), force=True)
    src.unlink()
    return dest.read_bytes()


def _garbage(seed: int, n: int = 4096) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def _vcf_text(records: int = 400) -> str:
    header, body = [], []
    for line in VCF.read_bytes().decode().replace("\r\n", "\n").splitlines():
        (header if line.startswith("#") else body).append(line)
    first = body[0].split("\t")
    rows = [
        "\t".join([first[0], str(1000 + i), *first[2:]]) for i in range(records)
    ]  # outside ALK: skipped when streamed
    return "\n".join(header + body + rows) + "\n"


def make_corpus(dest: Path) -> dict[str, Path]:
    """Write every generated file into `dest`; returns name → path."""
    import pysam

    dest.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (dest / name).write_bytes(data)
        out[name] = dest / name

    vcf = _vcf_text().encode()
    bgz = _bgzip(vcf, dest / "full.vcf.gz")
    (dest / "full.vcf.gz").unlink()
    put("vcf_truncated_bgzip.vcf.gz", bgz[: len(bgz) // 2])
    put("vcf_truncated_gzip.vcf.gz", _gzip(vcf)[: len(_gzip(vcf)) // 2])
    put("vcf_gzip_magic_then_garbage.vcf.gz", b"\x1f\x8b\x08\x00" + _garbage(1, 500))
    put("vcf_binary_garbage.vcf", _garbage(2))
    put("vcf_non_utf8.vcf", vcf.replace(b"DP=402", b"DP=402;NOTE=caf\xe9\xff\xfe", 1))
    put("vcf_very_long_line.vcf", vcf.replace(b"DP=402", b"DP=402;NOTE=" + b"A" * LONG, 1))
    text_vcf = dest / "plain.vcf"
    text_vcf.write_bytes(vcf)
    with (
        pysam.VariantFile(str(text_vcf)) as src,
        pysam.VariantFile(str(dest / "full.bcf"), "wb", header=src.header) as dst,
    ):
        for rec in src:
            dst.write(rec)
    bcf = (dest / "full.bcf").read_bytes()
    for tmp in (text_vcf, dest / "full.bcf"):
        tmp.unlink()
    put("vcf_truncated.bcf", bcf[: len(bcf) // 2])

    sv = (HERE / "sv_contig_without_length.vcf").read_bytes()
    sv_bgz = _bgzip(sv * 1, dest / "sv_full.vcf.gz")
    (dest / "sv_full.vcf.gz").unlink()
    put("sv_truncated_bgzip.vcf.gz", sv_bgz[: len(sv_bgz) - 40])
    put("sv_binary_garbage.vcf", b"##fileformat=VCFv4.2\n" + _garbage(3))

    star = (HERE / "fusions_star_crlf.tsv").read_bytes()
    put("fusions_truncated_gzip.tsv.gz", _gzip(star * 200)[:300])
    put("fusions_binary_garbage.tsv", _garbage(4))
    put("fusions_non_utf8.tsv", star.replace(b"EML4--ALK", b"EML4--ALK\xe9\xff", 1))
    put("fusions_very_long_line.txt", b"EML4::ALK " + b"x" * LONG + b"\n")

    cns = (HERE / "cnv_cns_nan_negative.cns").read_bytes()
    put("cnv_truncated_gzip.cns.gz", _gzip(cns * 500)[:400])
    put("cnv_binary_garbage.cns", _garbage(5))
    put("cnv_non_utf8.tsv", b"gene\tcopy_number\nMET\xe9\xff\t12\nKRAS\t2\n")
    put("cnv_very_long_line.tsv", b"gene\tcopy_number\nMET\t12" + b"0" * LONG + b"\n")

    maf = (HERE / "maf_crlf.maf").read_bytes()
    put("maf_truncated_gzip.maf.gz", _gzip(maf * 300)[:350])
    put("maf_binary_garbage.maf", _garbage(6))
    put("maf_non_utf8.maf", maf.replace(b"p.L1196M", b"p.L1196M\xe9\xff", 1))
    put("maf_very_long_line.maf", maf.replace(b"p.L1196M", b"p.L1196M" + b"Q" * LONG, 1))

    put("clinical_binary_garbage.yaml", _garbage(7))
    put("clinical_non_utf8.yaml", b"patient_id: P\xe9\xff9\n")
    put("clinical_deeply_nested.yaml", b"ihc: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    put("clinical_deeply_nested_block.yaml", b"- " * 100_000 + b"x\n")
    put("clinical_deeply_nested.json", b'{"ihc": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    put("clinical_too_large.yaml", b"patient_id: P9\nnote: " + b"z" * (2 << 20) + b"\n")

    put("bam_text_not_bam.bam", b"this is not a BAM file\n")
    (dest / "bam_text_not_bam.bam.bai").write_bytes(b"BAI\x01" + b"\x00" * 8)
    put("bam_no_index.bam", b"BAM\x01" + _garbage(8, 200))
    put("bam_truncated.bam", _truncated_bam(dest))
    put("bam_cut_with_eof.bam", (dest / "bam_truncated.bam").read_bytes() + BGZF_EOF)  # htslib opens it; reads fail
    (dest / "bam_cut_with_eof.bam.bai").write_bytes((dest / "bam_truncated.bam.bai").read_bytes())
    out.update(make_input_faults(dest))
    out.update(make_kb_variants(dest))
    return out


def make_input_faults(dest: Path) -> dict[str, Path]:
    """Issue 17's input faults: indexes that do not fit their VCF, a damaged BGZF block, decompression
    bombs, a header of a million samples, a line beyond the line limit, values Python cannot hold."""
    import shutil
    import zlib

    import pysam

    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        (dest / name).write_bytes(data)
        out[name] = dest / name
        return dest / name

    g1202r = HERE.parent.parent / "example_vcfs" / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
    other = HERE.parent.parent / "example_vcfs" / "P03_L1196M_after_crizotinib.GRCh37.vcf"
    good_tbi = Path(str(g1202r) + ".tbi").read_bytes()
    put("vcf_empty_index.vcf.gz", g1202r.read_bytes())
    (dest / "vcf_empty_index.vcf.gz.tbi").write_bytes(b"")
    put("vcf_truncated_index.vcf.gz", g1202r.read_bytes())
    (dest / "vcf_truncated_index.vcf.gz.tbi").write_bytes(good_tbi[: len(good_tbi) // 2])
    put("vcf_garbage_csi.vcf.gz", g1202r.read_bytes())
    (dest / "vcf_garbage_csi.vcf.gz.csi").write_bytes(_garbage(21, 300))
    stale = dest / "stale_source.vcf.gz"
    _bgzip(other.read_bytes().replace(b"\r\n", b"\n"), stale)
    pysam.tabix_index(str(stale), preset="vcf", force=True, keep_original=True)
    put("vcf_stale_index.vcf.gz", g1202r.read_bytes())
    shutil.copy(str(stale) + ".tbi", dest / "vcf_stale_index.vcf.gz.tbi")
    stale.unlink()
    Path(str(stale) + ".tbi").unlink()
    put("vcf_plain_with_index.vcf", gzip.decompress(g1202r.read_bytes()))
    (dest / "vcf_plain_with_index.vcf.tbi").write_bytes(good_tbi)

    text = _vcf_text(20_000).encode()
    damaged = bytearray(_bgzip(text, dest / "vcf_damaged_block.vcf.gz"))
    damaged[len(damaged) // 2 : len(damaged) // 2 + 64] = bytes(64)
    put("vcf_damaged_block.vcf.gz", bytes(damaged))

    co = zlib.compressobj(9, zlib.DEFLATED, 31)  # a gzip header with mtime 0: deterministic
    bomb = b"".join(co.compress(b"\n" * (1 << 20)) for _ in range(200)) + co.flush()  # 200 MB of newlines, ~200 kB
    for name in (
        "fusions_newline_bomb.txt.gz",
        "maf_newline_bomb.maf.gz",
        "cnv_newline_bomb.cns.gz",
        "vcf_newline_bomb.vcf.gz",
        "sv_newline_bomb.vcf.gz",
    ):
        put(name, bomb)
    put(
        "vcf_million_samples.vcf",
        b"##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
        + b"\t".join(b"S%d" % i for i in range(1_000_000))
        + b"\n",
    )
    put("fusions_line_over_limit.txt", b"EML4::ALK " + b"x" * (16 << 20) + b"\n")
    put("clinical_huge_integer.json", b'{"tumor_fraction": ' + b"1" * 100_000 + b"}")
    put("clinical_lone_surrogate.json", b'{"patient_id": "P\\ud800"}')
    put(
        "clinical_password_file.yaml",
        b"root:$6$Zx9qLmN2$3hG7kFvW0pQaYbT8rUeJdC1sXoI5nLmK4wZ9yB2cV6aD7fE8g.:19000:0:99999:7:::\n"
        b"daemon:*:19000:0:99999:7:::\n",
    )
    put("cnv_log2_overflow.cns", b"chromosome\tstart\tend\tgene\tlog2\nchr7\t116672196\t116798377\tMET\t2000\n")
    return out


def make_kb_variants(dest: Path) -> dict[str, Path]:
    """Copies of the packaged knowledge base, each broken in one way (for --kb and 'kb validate')."""
    import shutil

    source = HERE.parent.parent / "knowledgebase"
    out: dict[str, Path] = {}

    def variant(name: str, file: str, edit) -> None:
        folder = dest / name
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(source, folder)
        target = folder / file
        text = target.read_bytes()
        new = edit(text)
        if new is None:
            target.unlink()
        else:
            target.write_bytes(new)
        out[name] = folder

    variant(
        "kb_python_tag",
        "kb.yaml",
        lambda t: t.replace(b"kb:", b"kb: !!python/object/apply:os.system ['echo pwned']\nx:", 1),
    )
    variant("kb_deeply_nested", "drugs.yaml", lambda t: t + b"deep: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    variant("kb_missing_file", "references.yaml", lambda t: None)
    variant("kb_non_utf8", "references.yaml", lambda t: t.replace(b"references:", b"references: # \xe9\xff", 1))
    variant("kb_binary_garbage", "mutations.yaml", lambda t: _garbage(9))
    variant("kb_duplicate_key", "mutations.yaml", _repeat_first_call_with_another_verdict)
    variant("kb_contradiction", "mutations.yaml", _duplicate_entry_with_another_verdict)
    variant(
        "kb_malformed_citation",
        "references.yaml",
        lambda t: t.replace(b'pmid: "', b'pmid: "PMID:', 1).replace(b"doi: ", b"doi: https://doi.org/", 1),
    )
    return out


def _repeat_first_call_with_another_verdict(text: bytes) -> bytes:
    """'call: resistant' followed by 'call: sensitive' in one mapping: YAML would keep the last."""
    return text.replace(b"call: resistant\n", b"call: resistant\n        call: sensitive\n", 1)


def _duplicate_entry_with_another_verdict(text: bytes) -> bytes:
    """A second ALK_G1202R entry (another id) calling lorlatinib resistant where the first says sensitive."""
    return text + (
        b"\n  - id: ALK_G1202R_again\n    gene: ALK\n    change: G1202R\n    calls:\n"
        b'      - drug: lorlatinib\n        call: resistant\n        level: "R2"\n        citations: [LIN17]\n'
    )


def _truncated_bam(dest: Path) -> bytes:
    """A real sorted, indexed BAM on GRCh37 chr2 with reads over ALK, cut in half (the index kept)."""
    import pysam

    full = dest / "full.bam"
    header = {"HD": {"VN": "1.6", "SO": "coordinate"}, "SQ": [{"SN": "2", "LN": 243199373}]}
    with pysam.AlignmentFile(str(full), "wb", header=header) as bam:
        for i in range(3000):
            read = pysam.AlignedSegment()
            read.query_name = f"r{i}"
            read.query_sequence = "ACGT" * 25
            read.flag = 0
            read.reference_id = 0
            read.reference_start = 29443500 + i // 15
            read.mapping_quality = 60
            read.cigartuples = [(0, 100)]
            read.query_qualities = pysam.qualitystring_to_array("I" * 100)
            bam.write(read)
    pysam.index(str(full))
    data = full.read_bytes()
    (dest / "bam_truncated.bam.bai").write_bytes((dest / "full.bam.bai").read_bytes())
    full.unlink()
    (dest / "full.bam.bai").unlink()
    return data[: len(data) // 2]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("hostile-generated")
    for name in sorted(make_corpus(target)):
        print(target / name)
