"""The patient's clinical context (YAML or JSON): specimen, ALK status, histology, IHC, treatments.

Every key is optional; an unknown key, an unknown drug, an impossible date or a treatment that ends
before it starts is an `InputError` naming the field. YAML is read with the safe loader only."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .. import safeyaml
from ..errors import InputError, key_excerpt, quoted, require_file
from ..model import ClinicalContext

MAX_BYTES = 1 << 20  # a clinical context is a few lines; anything larger is not one
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _date(value: Any, where: str, path: Path) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        raise InputError(path, f"{where}: {quoted(text)} is not a date (expected YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        raise InputError(path, f"{where}: {quoted(text)} is not a real date") from None
    return text


def _load(path: Path) -> Any:
    require_file(path, "a clinical context file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(path, f"larger than {MAX_BYTES} bytes: not a clinical context file")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    as_json = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    try:
        data = (
            json.loads(text, object_pairs_hook=_no_duplicate_keys)
            if as_json
            else safeyaml.load(text, dates_as_text=True)
        )
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"not valid YAML ({problem})", line=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise InputError(path, "nested too deeply to be a clinical context") from None
    except _DuplicateKey as exc:
        raise InputError(path, f"not valid JSON (duplicate key {quoted(exc.args[0])})") from None
    except ValueError:  # Python refuses to convert an integer of more than sys.get_int_max_str_digits() digits
        raise InputError(
            path,
            f"not valid {'JSON' if as_json else 'YAML'}: a value cannot be read "
            f"(such as a number of more than {sys.get_int_max_str_digits()} digits)",
        ) from None
    _check_text(data, path)
    return data


def _check_text(value: Any, path: Path) -> None:
    """Every key and text value is encodable text: a JSON escape of a lone surrogate (\\ud800) decodes
    to a string that no output can write."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputError(
                    path, f"holds an escape of a lone surrogate (U+{ord(item[exc.start]):04X}), which is not text"
                ) from None


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_clinical(path: str | Path, resolve_drug: Callable[[str], str | None]) -> ClinicalContext:
    """Read and validate a clinical context; `resolve_drug` maps a name or alias to an INN (None if unknown)."""
    p = Path(path)
    data = _load(p)
    if not isinstance(data, dict):
        raise InputError(p, "expected a mapping of keys (patient_id, specimen, treatments …) at the top level")
    treatments = data.get("treatments")
    if treatments is not None:
        if not isinstance(treatments, list):
            raise InputError(p, "treatments: expected a list of {drug, line, start, end, stop_reason}")
        data = {**data, "treatments": [_treatment(p, i, item, resolve_drug) for i, item in enumerate(treatments)]}
    for key in ("patient_id", "sample_id"):
        if data.get(key) is not None and not isinstance(data[key], str):
            if not isinstance(data[key], (int, float)):
                raise InputError(p, f"{key}: expected text, not a {type(data[key]).__name__}")
            data[key] = str(data[key])
    try:
        return ClinicalContext.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = path_text(err["loc"])
        if err["type"] == "extra_forbidden":
            raise InputError(p, f"{loc}: unknown key{_did_you_mean(err['loc'])}") from None
        raise InputError(p, f"{loc}: {plain_problem(err)}") from None


def _treatment(p: Path, i: int, item: Any, resolve_drug: Callable[[str], str | None]) -> dict[str, Any]:
    """Treatment number `i` with its drug resolved to an INN (the name given kept when it differs) and
    its dates checked."""
    where = f"treatments[{i}]"
    if not isinstance(item, dict):
        raise InputError(p, f"{where}: expected a mapping such as {{drug: alectinib, start: 2019-05}}")
    item = dict(item)
    if "drug" not in item or not str(item["drug"] or "").strip():
        raise InputError(p, f"{where}.drug: missing")
    given = str(item["drug"]).strip()
    inn = resolve_drug(given)
    if inn is None:
        raise InputError(
            p, f"{where}.drug: unknown drug {quoted(given)} (not in the knowledge base's drugs or aliases)"
        )
    item["drug"], item["drug_as_given"] = inn, (given if given != inn else None)
    item["start"] = _date(item.get("start"), f"{where}.start", p)
    item["end"] = _date(item.get("end"), f"{where}.end", p)
    if item["start"] and item["end"] and item["end"].ljust(10, "0") < item["start"].ljust(10, "0"):
        raise InputError(p, f"{where}.end: {item['end']} is before start {item['start']}")
    return item


def clinical_schema() -> dict[str, Any]:
    """The JSON Schema of a clinical context file as a user writes it: the keys by their spelling in
    the file ('PD-L1'), without the fields alkannot fills itself (`drug_as_given`)."""
    schema = ClinicalContext.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "alkannot clinical context"
    treatment = schema.get("$defs", {}).get("Treatment", {})
    treatment.get("properties", {}).pop("drug_as_given", None)
    if "drug" in treatment.get("properties", {}):
        treatment["properties"]["drug"]["description"] = "international name, brand or code name (aliases are resolved)"
    return schema


def path_text(loc: tuple[Any, ...] | list[Any]) -> str:
    """('treatments', 0, 'stop_reason') → 'treatments[0].stop_reason': the one path notation of messages."""
    out = ""
    for part in loc:
        name = key_excerpt(str(part))  # a key of an unknown file: no more than needed
        out += f"[{part}]" if isinstance(part, int) else (f".{name}" if out else name)
    return out or "(top level)"


def _fields(model: Any) -> dict[str, Any]:
    """A model's keys as a clinical file spells them (aliases such as 'PD-L1') → annotation."""
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _model_at(loc: tuple[Any, ...] | list[Any]) -> Any:
    """The model whose keys are allowed at `loc` (the parent of the last part), or None."""
    from typing import get_args

    from pydantic import BaseModel

    model: Any = ClinicalContext
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = _fields(model).get(part)
        if annotation is None:
            return model
        candidates = [annotation, *get_args(annotation)]
        candidates += [a for c in list(candidates) for a in get_args(c)]
        nested = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if nested is None:
            return model
        model = nested
    return model


def _did_you_mean(loc: tuple[Any, ...] | list[Any]) -> str:
    """' (did you mean stop_reason?)' for a misspelt key, '' when nothing is close; the keys allowed
    there when there are few."""
    import difflib

    key = str(loc[-1]) if loc else ""
    allowed = list(_fields(_model_at(loc[:-1])))
    close = difflib.get_close_matches(key.lower(), [a.lower() for a in allowed], n=1, cutoff=0.6)
    if close:
        return f" (did you mean {next(a for a in allowed if a.lower() == close[0])}?)"
    return f" (allowed here: {', '.join(allowed)})"


_TYPE_WORDS = {
    "dict": "a mapping",
    "model": "a mapping",
    "list": "a list",
    "string": "text",
    "float": "a number",
    "int": "a whole number",
    "bool": "true or false",
    "literal": "one of the allowed values",
}


def _g(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_BOUNDS = {
    "greater_than_equal": ("too small", "at least", ("ge", "gt")),
    "greater_than": ("too small", "more than", ("ge", "gt")),
    "less_than_equal": ("too large", "at most", ("le", "lt")),
    "less_than": ("too large", "less than", ("le", "lt")),
}
"""pydantic's bound errors: what the value is, the bound's relation, and the context keys of the bound"""


def plain_problem(err: Mapping[str, Any]) -> str:
    """A pydantic error in the words of the clinical file (no class names, no 'Input should be')."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = (
        repr(value)
        if isinstance(value, (str, int, float, bool)) and len(repr(value)) <= 40
        else f"a {type(value).__name__}"
    )
    if kind == "missing":
        return "missing"
    if kind == "literal_error":
        return f"{shown} is not allowed (expected {ctx.get('expected', 'one of the allowed values')})"
    if kind in _BOUNDS:
        what, relation, (key, other) = _BOUNDS[kind]
        return f"{shown} is {what} (must be {relation} {_g(ctx.get(key, ctx.get(other)))})"
    if kind == "finite_number":
        return f"{shown} is not a finite number"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = ", ".join(_fields(_model_at(err.get("loc", ())))) if err.get("loc") else ""
        return f"expected a mapping{f' (keys: {keys})' if keys else ''}, not {shown}"
    for word, text in _TYPE_WORDS.items():
        if kind.startswith(word):
            return f"expected {text}, not {shown}"
    message = str(err.get("msg", "invalid value"))
    return re.sub(r"^Input should be ", "expected ", message)
