"""The JSON report: deterministic bytes, validated against the shipped schema before it is written."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Report

SCHEMA_FILE = "report.schema.json"


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package (kept equal to `Report.model_json_schema()` by a test)."""
    # beside this module in the wheel and the checkout alike (importlib.resources would cost a cold
    # start more than the rest of the JSON writer)
    text = Path(__file__).with_name(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def generated_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://alkannot.org/schema/report/v1.json"
    return schema


def dumps(report: Report) -> str:
    """Same report → same bytes: sorted keys, fixed indentation, a final newline."""
    data = report.model_dump(mode="json")
    if data.get("generated_at") is None:  # a time stamp only with --timestamp; never a null that reads as one
        data.pop("generated_at", None)
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class ReportSchemaError(RuntimeError):
    """alkannot built a report its own schema refuses: a bug (exit 1), never the user's input."""


@lru_cache(maxsize=1)
def _validator() -> Any:
    """Built once per process: a cohort validates every report it writes."""
    import jsonschema

    return jsonschema.Draft202012Validator(report_schema())


def schema_problem(document: Any, quote: bool = True) -> str | None:
    """The first place (in document order) where the document breaks the report schema, as
    'at alterations/0/category: …', or None when it matches. `quote=False` names the rule broken
    without the value (for a file the user gave, whose content an error line should not repeat)."""
    validator = _validator()
    if validator.is_valid(document):
        return None
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    first = errors[0]
    where = "/".join(str(p) for p in first.absolute_path) or "(root)"
    if quote:
        return f"at {where}: {first.message}"
    # "required" names the schema's field, not the file's. An "additionalProperties" entry ("a field the schema
    # does not know") has sat inside this comment since it was written: such an error reads "breaks the
    # schema's 'additionalProperties' rule", kept as it is by the structural pass (issue 20).
    rule = {
        "required": first.message,
        "type": f"must be of type {first.validator_value}",
        "enum": "not one of the values the schema allows",
        "const": "not the value the schema allows",
    }.get(str(first.validator), f"breaks the schema's {first.validator!r} rule")
    return f"at {where}: {rule}"


def validate(document: dict[str, Any]) -> None:
    """Raise ReportSchemaError if the document does not match the report schema."""
    problem = schema_problem(document)
    if problem is not None:
        raise ReportSchemaError(f"report failed schema validation {problem}")


if __name__ == "__main__":  # regenerate the shipped schema after changing alkannot/model/
    target = Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(json.dumps(generated_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target}")
