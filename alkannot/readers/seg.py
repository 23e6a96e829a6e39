"""SEG copy-number segments: DNAcopy / CNVkit `export seg` / cBioPortal `.seg` (`ID, chrom,
loc.start, loc.end, num.mark, seg.mean`), the IGV/TCGA spelling (`Sample, Chromosome, Start, End,
Num_Probes, Segment_Mean`) and GATK's ModelSegments / CallCopyRatioSegments `.seg` (`@` SAM header,
`CONTIG, START, END, NUM_POINTS_COPY_RATIO, MEAN_LOG2_COPY_RATIO` or `LOG2_COPY_RATIO_POSTERIOR_50`
[, `CALL`]).

The segment mean is a log2 ratio against a diploid reference; it is kept as `log2`, and the
classifier converts it to a copy number (purity-corrected, relative to the ploidy) where purity and
ploidy are stated with the run. Coordinates are 1-based and inclusive; chromosomes 23 and 24 are X
and Y (DNAcopy's and cBioPortal's numbering). A file holds several samples (one `ID` each): one is
chosen with the copy-number reader's sample chooser. Registered in `readers/cnv.py` as `seg` and
`gatk-seg`."""

from __future__ import annotations

from pathlib import Path

from ..model import CopyNumberCall
from .samples import choose_row
from .cnv.table import (  # the shared table helpers, under the names this module's body uses
    Ctx as _Ctx,
    Header as _Header,
    chrom as _chrom,
    field as _field,
    rows as _rows,
    segment_coords as _segment_coords,
    short_row as _short_row,
)

_NUMBERED = {"23": "X", "24": "Y"}
_GATK_CALLS = {"+": "gain", "-": "loss", "0": "neutral"}


def _contig(text: str) -> str | None:
    chrom = _chrom(text)
    return _NUMBERED.get(chrom or "", chrom)


def read_seg(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    i_id = header.index("id", "sample", "sample_id", "id_")
    idx = (
        header.index("chrom", "chromosome", "chr"),
        header.index("loc.start", "start", "loc_start"),
        header.index("loc.end", "end", "loc_end"),
    )
    i_mean = header.index("seg.mean", "segment_mean", "seg_mean")
    i_marks = header.index("num.mark", "num_probes", "num_mark", "num.markers")
    needed = max(i for i in (i_id, *idx, i_mean) if i is not None) + 1
    rows = [(n, row) for n, row in _rows(path, header) if not _short_row(ctx, n, row, needed)]
    samples = list(dict.fromkeys(_field(row, i_id) for _, row in rows if _field(row, i_id)))
    chosen = choose_row(path, samples, sample, line=header.line)  # the readers' one sample chooser
    ctx.sample = chosen
    calls = []
    for n, row in rows:
        if _field(row, i_id) != chosen:
            continue
        coords = _segment_coords(ctx, n, row, idx, zero_based=False)
        coords["chrom"] = _contig(_field(row, idx[0]))
        calls.append(
            ctx.make(
                n,
                **coords,
                log2=ctx.number(_field(row, i_mean), n, "seg.mean"),
                probes=ctx.integer(_field(row, i_marks), n, "num.mark") if i_marks is not None else None,
            )
        )
    return calls, samples, chosen


def read_gatk_seg(
    path: Path, header: _Header, sample: str | None, ctx: _Ctx
) -> tuple[list[CopyNumberCall], list[str], str | None]:
    named = next(
        (
            part[3:]
            for line in header.meta
            if line.startswith("@RG")
            for part in line.split("\t")
            if part.startswith("SM:")
        ),
        None,
    )
    samples, chosen = ([named], named) if named else ([], sample)  # no sample named: a requested one is taken on trust
    if named and sample is not None and sample != named:
        chosen = choose_row(path, samples, sample, line=header.line)
    ctx.sample = chosen
    idx = (header.index("contig"), header.index("start"), header.index("end"))
    i_mean = header.index("mean_log2_copy_ratio", "log2_copy_ratio_posterior_50")
    i_points, i_call = header.index("num_points_copy_ratio"), header.index("call")
    needed = max(i for i in (*idx, i_mean) if i is not None) + 1
    calls = []
    for n, row in _rows(path, header):
        if _short_row(ctx, n, row, needed):
            continue
        coords = _segment_coords(ctx, n, row, idx, zero_based=False)
        coords["chrom"] = _contig(_field(row, idx[0]))
        call = _GATK_CALLS.get(_field(row, i_call)) if i_call is not None else None
        calls.append(
            ctx.make(
                n,
                **coords,
                log2=ctx.number(_field(row, i_mean), n, "MEAN_LOG2_COPY_RATIO"),
                call=call,
                probes=ctx.integer(_field(row, i_points), n, "NUM_POINTS_COPY_RATIO") if i_points is not None else None,
            )
        )
    return calls, samples, chosen
