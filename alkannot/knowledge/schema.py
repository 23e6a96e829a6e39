"""The knowledge base's JSON Schema, which `alkannot schema kb` prints: that of `KBFiles`, the whole
knowledge base as one document (building it builds the deferred pydantic validators)."""

from typing import Any

from .base import KBFiles


def kb_json_schema() -> dict[str, Any]:
    return KBFiles.model_json_schema()
