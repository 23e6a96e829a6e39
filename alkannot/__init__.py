"""alkannot: why an ALK-positive lung cancer stopped responding to its ALK inhibitor, and what the
published evidence says about each drug. Decision support, never a prescription.

    >>> import alkannot
    >>> report = alkannot.annotate(vcf="example_vcfs/P01_G1202R_after_alectinib.GRCh38.vcf.gz")
    >>> [a.name for a in report.alterations]

Names are imported lazily so that `import alkannot` stays cheap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "annotate",
    "compare",
    "load_knowledgebase",
    "validate_knowledgebase",
    "report_schema",
    "render_json",
    "render_html",
    "render_markdown",
    "render_tsv",
    "render_pdf",
    "render_fhir",
    "Report",
    "Alteration",
    "TherapyCall",
    "KnowledgeBase",
    "AlkannotError",
    "InputError",
    "KnowledgeBaseError",
    "UsageError",
]

_LAZY = {
    "annotate": ("api", "annotate"),
    "compare": ("comparison", "compare"),
    "load_knowledgebase": ("knowledge", "load_knowledgebase"),
    "validate_knowledgebase": ("knowledge", "validate_knowledgebase"),
    "KnowledgeBase": ("knowledge", "KnowledgeBase"),
    "report_schema": ("report.json_writer", "report_schema"),
    "render_json": ("report.json_writer", "dumps"),
    "render_html": ("report.html", "render_html"),
    "render_markdown": ("report.markdown", "render_markdown"),
    "render_tsv": ("report.tsv", "render_tsv"),
    "render_pdf": ("report.pdf", "render_pdf"),
    "render_fhir": ("report.fhir", "render_fhir"),
    "Report": ("model", "Report"),
    "Alteration": ("model", "Alteration"),
    "TherapyCall": ("model", "TherapyCall"),
    "AlkannotError": ("errors", "AlkannotError"),
    "InputError": ("errors", "InputError"),
    "KnowledgeBaseError": ("errors", "KnowledgeBaseError"),
    "UsageError": ("errors", "UsageError"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .errors import AlkannotError, InputError, KnowledgeBaseError, UsageError
    from .knowledge import KnowledgeBase, load_knowledgebase, validate_knowledgebase
    from .model import Alteration, Report, TherapyCall
    from .comparison import compare
    from .api import annotate
    from .report.fhir import render_fhir
    from .report.html import render_html
    from .report.json_writer import dumps as render_json
    from .report.json_writer import report_schema
    from .report.markdown import render_markdown
    from .report.pdf import render_pdf
    from .report.tsv import render_tsv


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'alkannot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
