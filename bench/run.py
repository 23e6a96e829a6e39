"""Speed and memory figures (printed, never asserted): `python bench/run.py [--runs N] [--only single,wgs,cohort]`.

Makes synthetic inputs in a temporary folder (bench/synth.py) and measures, as medians over `--runs`
fresh processes, with the machine's nproc:

- single: `python -c "import pysam, pydantic, click, yaml, jsonschema"` (the floor), the floor plus
  pydantic's fixed cost (`import pydantic` is lazy: BaseModel, its field machinery and the first
  model build come later, whatever the models), `import alkannot`, and `alkannot annotate` on a GRCh38
  panel VCF of ~1,000 records plus a STAR-Fusion table, with the
  compiled knowledge base cached (the usual case) and without (ALKANNOT_CACHE_DIR=off);
- wgs: a bgzipped VCF of `--wgs-records` records (default 4 million) without an index: `bcftools view -H
  -t chr2:29190000-29930000` (when bcftools is installed) against `alkannot annotate` (time and peak
  RSS); then with a CSI index, annotate's time beyond that on a one-record indexed VCF (start-up);
- cohort: `alkannot cohort` over `--cohort-samples` panel samples (default 10,000) with `--jobs 2`, then
  again (everything up to date); over one multi-sample MAF, one copy-number matrix and one ClinCNV
  table of `--maf-samples` samples each (`cohort --maf`, `cohort --cnv`);
  and on a Dask LocalCluster with 1 and 2 workers (`--dask-samples`).

Subprocesses run with Python's bytecode cache on (in a temporary PYTHONPYCACHEPREFIX) and their
own knowledge-base cache folder, warmed by one run, as an installed alkannot would run."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402

PY = sys.executable


def _env(work: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["ALKANNOT_CACHE_DIR"] = str(work / "kbcache")
    env.update(extra)
    return env


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KB) and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _interleaved(cmds: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, tuple[float, int, float]]:
    """Median wall, peak RSS and median CPU per command, the commands taking turns run after run, so
    that a change in the machine's load during the measurement falls on all of them alike."""
    return _medians(_rounds(cmds, runs))


def _medians(rounds: dict[str, list[tuple[float, int, float]]]) -> dict[str, tuple[float, int, float]]:
    return {
        name: (statistics.median(r[0] for r in rs), max(r[1] for r in rs), statistics.median(r[2] for r in rs))
        for name, rs in rounds.items()
    }


def _rounds(cmds: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, list[tuple[float, int, float]]]:
    """(wall, peak RSS, CPU) of each command in each round, the commands taking turns."""
    results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            results[name].append(_run(cmd, env))
    return results


def _line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {seconds * 1000:9.1f} ms  {label}{extra}", flush=True)


def single(work: Path, runs: int) -> None:
    print("single patient (panel VCF of ~1,000 records + fusion table)")
    vcf = synth.panel_vcf(work / "panel.vcf", ["G1202R", "KRAS G12C"], n_background=1000)
    fusions = synth.fusion_table(work / "fusions.tsv")
    env = _env(work)
    annotate = [
        PY,
        "-m",
        "alkannot",
        "annotate",
        "--vcf",
        str(vcf),
        "--fusions",
        str(fusions),
        "-o",
        str(work / "r.json"),
    ]
    floor_cmd = [PY, "-c", "import pysam, pydantic, click, yaml, jsonschema"]
    _run(annotate, env)  # warms the bytecode and knowledge-base caches
    _run(floor_cmd, env)
    pydantic_cmd = [
        PY,
        "-c",
        "import pysam, pydantic, click, yaml, jsonschema\nfrom pydantic import BaseModel\n"
        "class A(BaseModel):\n    x: int = 1\nA(x=2).model_dump_json()",
    ]
    rounds = _rounds(
        {
            "floor": (floor_cmd, env),
            "pydantic": (pydantic_cmd, env),
            "import": ([PY, "-c", "import alkannot"], env),
            "warm": (annotate, env),
            "cold": (annotate, _env(work, ALKANNOT_CACHE_DIR="off")),
        },
        runs,
    )
    got = _medians(rounds)
    floor, _, floor_cpu = got["floor"]

    def ratio(name: str) -> str:
        """Median over the rounds of the command's time ÷ the floor's in the same round (a change of
        load between rounds cancels out), wall and CPU."""
        wall = statistics.median(r[0] / f[0] for r, f in zip(rounds[name], rounds["floor"], strict=False))
        cpu = statistics.median(r[2] / f[2] for r, f in zip(rounds[name], rounds["floor"], strict=False))
        return f"  = {wall:.2f}x floor (CPU {cpu:.2f}x)"

    _line(
        "floor: python -c 'import pysam, pydantic, click, yaml, jsonschema'",
        floor,
        f"  (CPU {floor_cpu * 1000:.1f} ms)",
    )
    _line(
        "the floor + pydantic's own fixed cost (BaseModel imported, one 1-field model built and dumped)",
        got["pydantic"][0],
        ratio("pydantic"),
    )
    _line("python -c 'import alkannot'", got["import"][0])
    _line(
        "alkannot annotate (compiled KB cached)",
        got["warm"][0],
        ratio("warm") + f", peak RSS {got['warm'][1] / 1024:.0f} MB",
    )
    _line("alkannot annotate (ALKANNOT_CACHE_DIR=off: YAML parsed and validated)", got["cold"][0], ratio("cold"))


def wgs(work: Path, runs: int, records: int) -> None:
    print(f"WGS-size bgzipped VCF ({records:,} records)")
    start = time.perf_counter()
    vcf = synth.wgs_vcf(work / "wgs.vcf.gz", records)
    print(f"  (made in {time.perf_counter() - start:.0f} s, {vcf.stat().st_size / 1e6:.0f} MB)")
    env = _env(work)
    annotate = [PY, "-m", "alkannot", "annotate", "--vcf", str(vcf), "-o", str(work / "wgs.json")]
    _run(annotate, env)
    bcftools = shutil.which("bcftools")
    cmds = {"annotate": (annotate, env)}
    if bcftools:
        cmds["bcftools"] = ([bcftools, "view", "-H", "-t", synth.ALK_REGION, str(vcf)], env)
    got = _interleaved(cmds, runs)
    ref = got["bcftools"][0] if bcftools else None
    if ref:
        _line(f"bcftools view -H -t {synth.ALK_REGION} (no index)", ref)
    else:
        print("  bcftools not installed: no reference time")
    seconds, rss, _ = got["annotate"]
    _line(
        "alkannot annotate, no index",
        seconds,
        (f"  = {seconds / ref:.2f}x bcftools" if ref else "") + f", peak RSS {rss / 1024:.0f} MB",
    )
    import pysam

    indexed = work / "wgs_indexed.vcf.gz"
    shutil.copyfile(vcf, indexed)
    pysam.tabix_index(str(indexed), preset="vcf", csi=True, force=True)
    small = work / "one.vcf"
    synth.panel_vcf(small, ["G1202R"], n_background=0, bg=[])
    pysam.tabix_index(str(small), preset="vcf", force=True)
    base_cmd = [PY, "-m", "alkannot", "annotate", "--vcf", str(small) + ".gz", "-o", str(work / "one.json")]
    idx_cmd = [PY, "-m", "alkannot", "annotate", "--vcf", str(indexed), "-o", str(work / "wgs_idx.json")]
    _run(idx_cmd, env)
    rounds = _rounds({"base": (base_cmd, env), "indexed": (idx_cmd, env)}, max(runs, 5))
    base = statistics.median(r[0] for r in rounds["base"])
    with_index = statistics.median(r[0] for r in rounds["indexed"])
    rss = max(r[1] for r in rounds["indexed"])
    # the time beyond start-up is the median of each round's difference: a change of load between
    # rounds cancels out, which a difference of two medians does not do
    beyond = statistics.median(i[0] - b[0] for b, i in zip(rounds["base"], rounds["indexed"], strict=False))
    _line("alkannot annotate, one-record indexed VCF (start-up)", base)
    _line(
        "alkannot annotate, CSI index",
        with_index,
        f"  = start-up + {beyond:.3f} s (median of the rounds' differences), peak RSS {rss / 1024:.0f} MB",
    )


def cohort(work: Path, samples: int, dask_samples: int, maf_samples: int) -> None:
    print(f"cohort ({samples:,} panel samples: VCF of ~1,000 records, fusion table, clinical file)")
    manifest = work / "cohort" / "manifest.tsv"
    if manifest.exists() and len(manifest.read_text().splitlines()) == samples + 1:
        print("  (inputs of an earlier run reused)")
    else:
        start = time.perf_counter()
        manifest = synth.cohort(work / "cohort", samples)
        print(f"  (made in {time.perf_counter() - start:.0f} s)")
    env = _env(work)
    _run([PY, "-m", "alkannot", "kb", "show", "G1202R"], env)  # warms the caches
    out = work / "cohort_out"
    for old in [out, *work.glob("dask_out_*")]:
        shutil.rmtree(old, ignore_errors=True)
    cmd = [PY, "-m", "alkannot", "cohort", str(manifest), "-o", str(out), "--jobs", "2"]
    seconds, rss, _ = _run(cmd, env)
    print(
        f"  {samples / seconds:9.1f} samples/s  --jobs 2 ({seconds:.1f} s, peak RSS of the client {rss / 1024:.0f} MB)",
        flush=True,
    )
    seconds, _, _ = _run(cmd, env)
    print(
        f"  {samples / seconds:9.1f} samples/s  --jobs 2 again, every report up to date ({seconds:.1f} s)", flush=True
    )
    tables = [
        ("--maf", synth.cohort_maf(work / "cohort" / "cohort.maf", maf_samples), "MAF (50 rows a sample)"),
        (
            "--cnv",
            synth.cohort_cna_matrix(work / "cohort" / "data_cna.txt", maf_samples),
            "gene × sample matrix (500 genes)",
        ),
        (
            "--cnv",
            synth.cohort_clincnv(work / "cohort" / "clincnv.tsv", maf_samples),
            "ClinCNV table (20 segments a sample)",
        ),
    ]
    for option, table, what in tables:  # one multi-sample table each: read once per worker, not per sample
        table_out = work / f"out_{table.stem}"
        shutil.rmtree(table_out, ignore_errors=True)
        seconds, rss, _ = _run(
            [PY, "-m", "alkannot", "cohort", option, str(table), "-o", str(table_out), "--jobs", "2"], env
        )
        print(
            f"  {maf_samples / seconds:9.1f} samples/s  {option}, "
            f"one {table.stat().st_size / 1e6:.0f} MB {what} of {maf_samples:,} samples, "
            f"--jobs 2 ({seconds:.1f} s, peak RSS of the client {rss / 1024:.0f} MB)",
            flush=True,
        )
    try:
        from distributed import LocalCluster
    except ImportError:
        print("  dask.distributed not installed: no cluster figures")
        return
    sub = work / "cohort" / "manifest_dask.tsv"
    sub.write_text("".join(manifest.read_text().splitlines(keepends=True)[: dask_samples + 1]))
    rates = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            dask_out = work / f"dask_out_{workers}"
            seconds, _, _ = _run(
                [
                    PY,
                    "-m",
                    "alkannot",
                    "cohort",
                    str(sub),
                    "-o",
                    str(dask_out),
                    "--scheduler",
                    cluster.scheduler_address,
                ],
                env,
            )
        rates[workers] = dask_samples / seconds
        print(
            f"  {rates[workers]:9.1f} samples/s  Dask LocalCluster, {workers} worker(s), "
            f"{dask_samples:,} samples ({seconds:.1f} s)",
            flush=True,
        )
    print(f"  scaling 1 → 2 workers: {rates[2] / rates[1]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per median (default 7)")
    parser.add_argument("--only", default="single,wgs,cohort", help="comma-separated: single, wgs, cohort")
    parser.add_argument("--wgs-records", type=int, default=4_000_000)
    parser.add_argument("--cohort-samples", type=int, default=10_000)
    parser.add_argument("--dask-samples", type=int, default=2_000)
    parser.add_argument(
        "--maf-samples",
        type=int,
        default=10_000,
        help="samples of the multi-sample MAF and copy-number tables (cohort --maf, --cnv)",
    )
    parser.add_argument("--keep", help="folder for the inputs and outputs (default: a temporary one, removed)")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="alkannot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"nproc={os.cpu_count()} python={sys.version.split()[0]} runs={args.runs} "
        f"load={os.getloadavg()[0]:.1f} work={work}"
    )
    try:
        parts = set(args.only.split(","))
        if "single" in parts:
            single(work, args.runs)
        if "wgs" in parts:
            wgs(work, max(1, min(args.runs, 3)), args.wgs_records)
        if "cohort" in parts:
            cohort(work, args.cohort_samples, args.dask_samples, args.maf_samples)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
