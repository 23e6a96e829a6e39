"""Content sniffers for inputs that may arrive under another option: an Ion Reporter VCF under
--vcf or --sv-vcf, a TSO500 CombinedVariantOutput under --vcf or --fusions. Standard library only,
and no classes: every run asks, and the readers themselves are imported only when one answers yes."""

from __future__ import annotations

import gzip
from pathlib import Path


def is_ion_reporter(path: str | Path) -> bool:
    """Whether a VCF's header is Ion Reporter's (`##IonReporter…` lines). Reads the header only, and
    imports nothing beyond the standard library (every --vcf run asks)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            gz = fh.read(2) == b"\x1f\x8b"
        with (
            gzip.open(p, "rt", encoding="utf-8", errors="replace")
            if gz
            else open(p, encoding="utf-8", errors="replace")
        ) as fh:
            for n, line in enumerate(fh):
                if not line.startswith("##") or n > 5000:
                    return False
                if line.startswith("##IonReporter"):
                    return True
    except (OSError, EOFError, gzip.BadGzipFile):
        return False  # the VCF reader reports what is wrong with the file
    return False


def is_combined_variant_output(path: str | Path) -> bool:
    """Whether a file is a TSO500 CombinedVariantOutput (its first lines). Standard library only:
    every --vcf and --fusions run asks."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").startswith("TruSight Oncology 500") or (
        "[Analysis Details]" in text and ("Pair ID" in text or "DNA Sample ID" in text)
    )
