"""Readers: one module per input family. A reader knows its format, yields observations
(`alkannot.model`) and reports bad input as `InputError(file, line, message)`."""
