"""Readers: one module per input family. A reader knows its format, yields observations
(`alkannot.model`) and reports bad input as `InputError(file, line, message)`."""

FUSION_FORMATS = (
    "arriba",
    "star-fusion",
    "fusioncatcher",
    "jaffa",
    "pbfusion",
    "fusionseeker",
    "flair-fusion",
    "longgf",
    "linx",
    "generic",
    "notation",
)
"""The --fusion-format names (kept here, free of imports, so the command line can list them cheaply)."""
