"""The one path the CLI, the Python API and cohort runs all take: `annotate(inputs, options)` reads
each input by its step, resolves the build once, classifies and interprets (see orchestrator.py).

- `partial.py`: what a step returns (`Partial`, merged once) and what it reads (`Run`);
- `routing.py`: which reader reads each file (TSO500 files, Ion Reporter VCFs);
- one module per input concept: `small_variants.py` (VCF, MAF), `tso500.py`, `fusions.py`,
  `copy_number.py`, `clinical.py` (and the panel design); `build_evidence.py` (REF alleles)."""

from __future__ import annotations

from .orchestrator import annotate

__all__ = ["annotate"]
