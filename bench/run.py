"""Timings of the single-patient path (printed, never asserted): `python bench/run.py [--runs N]`.

Measures, as medians over N runs of fresh processes: `python -c "import alkannot"`, the import
floor `python -c "import pysam, pydantic, click, yaml, jsonschema"`, and `alkannot annotate` on the
largest bundled example."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    examples = [p for p in (ROOT / "example_vcfs").iterdir() if p.suffix in {".vcf", ".gz", ".bcf"}]
    largest = max(examples, key=lambda p: p.stat().st_size)
    out = Path(tempfile.mkdtemp()) / "report.json"
    rows = [
        ("import floor (pysam, pydantic, click, yaml, jsonschema)", [sys.executable, "-c", "import pysam, pydantic, click, yaml, jsonschema"]),
        ("python -c 'import alkannot'", [sys.executable, "-c", "import alkannot"]),
        (f"alkannot annotate --vcf {largest.name}", [sys.executable, "-m", "alkannot", "annotate", "--vcf", str(largest), "-o", str(out)]),
    ]
    print(f"nproc={os.cpu_count()} runs={args.runs} python={sys.version.split()[0]}")
    for label, cmd in rows:
        print(f"{_median_seconds(cmd, args.runs) * 1000:8.1f} ms  {label}")


if __name__ == "__main__":
    main()
