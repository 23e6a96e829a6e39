"""The warning-code registry cannot drift: every code the source emits is registered, every registered
code is emitted somewhere, and the README's table and the report schema say what each one means."""

from __future__ import annotations

import ast
import json
import re

import jsonschema
import pytest
from conftest import ROOT
from pydantic import ValidationError

from alkannot.model import ReportWarning
from alkannot.report.json_writer import report_schema
from alkannot.warning_codes import WarningCode

SOURCE = ROOT / "alkannot"
_SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")
_COLLECTING = {"append", "add", "extend", "insert"}  # methods that put a warning in a list


def _text(node: ast.expr) -> bool:
    """An expression that makes a message: a string, an f-string or a concatenation of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, (ast.JoinedStr, ast.BinOp))


def _code_literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SNAKE.fullmatch(node.value):
        return node.value
    return None


def _pair_code(node: ast.expr) -> str | None:
    """The code of a `(code, message)` tuple, the form readers return their warnings in."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2 and _text(node.elts[1]):
        return _code_literal(node.elts[0])
    return None


def _constructed(call: ast.Call, callee: str) -> list[str | None]:
    """`ReportWarning(code="…", …)`."""
    return [_code_literal(kw.value) for kw in call.keywords if kw.arg == "code" and "Warning" in callee]


def _warned(call: ast.Call, callee: str) -> list[str | None]:
    """`warn.add("…", message)`: a call named for warnings, given a code and a message."""
    if "warn" in callee.lower() and len(call.args) >= 2 and _text(call.args[1]):
        return [_code_literal(call.args[0])]
    return []


def _collected(call: ast.Call) -> list[str | None]:
    """`warnings.append(("…", message))`, or a list of such pairs (`warnings.extend([...])`)."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in _COLLECTING):
        return []
    items = [item for arg in call.args for item in (arg.elts if isinstance(arg, ast.List) else [arg])]
    return [_pair_code(item) for item in items]


def _call_codes(call: ast.Call) -> list[str]:
    """The codes a call emits, in each of the forms the source writes a warning in."""
    callee = ast.unparse(call.func)
    return [c for c in (*_constructed(call, callee), *_warned(call, callee), *_collected(call)) if c]


def emitted() -> dict[str, list[str]]:
    """Every warning code written as a literal in alkannot/, with where ('path:line'); a
    `WarningCode.NAME` counts as its code."""
    out: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "warning_codes.py":
            continue
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            codes: list[str] = []
            if isinstance(node, ast.Call):
                codes = _call_codes(node)
            elif (
                isinstance(node, ast.Attribute)
                and ast.unparse(node.value).endswith("WarningCode")
                and node.attr in WarningCode.__members__
            ):
                codes = [WarningCode[node.attr].value]
            for code in codes:
                out.setdefault(code, []).append(f"{where}:{getattr(node, 'lineno', 0)}")
    return out


def test_every_code_the_source_emits_is_registered():
    found = emitted()
    unregistered = {code: sites for code, sites in found.items() if code not in set(WarningCode)}
    assert not unregistered, f"register these in alkannot/warning_codes.py: {unregistered}"


def test_every_registered_code_is_emitted_somewhere():
    """No dead code in the registry (and a sign the scan still sees every way the source emits one)."""
    found = emitted()
    assert [c.value for c in WarningCode if c.value not in found] == []


def test_every_code_the_source_matches_on_is_registered():
    """A code compared with a warning's (`w.code == "…"`, to drop or rewrite it) must be one emitted:
    a misspelt one would silently never match."""
    matched = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and ast.unparse(node.left) in {"w.code", "warning.code"}:
                matched += [c.value for c in node.comparators if isinstance(c, ast.Constant)]
    assert matched and [c for c in matched if c not in set(WarningCode)] == []


def test_the_scan_sees_each_way_a_warning_is_written():
    """The forms the scan reads: a ReportWarning, a (code, message) pair collected in a list, a call
    named for warnings (the CNV reader's `warn.add`), and a WarningCode member."""
    tree = ast.parse(
        "ReportWarning(code='a_one', message='m')\n"
        "warnings.append(('a_two', f'{p}: m'))\n"
        "said.setdefault(None, []).append(('a_three', 'm' + x))\n"
        "ctx.warn.add('a_four', f'{p}')\n"
        "out.extend([('a_five', 'm')])\n"
        "return_pair = ('not_a_warning', 3)\n"
        "row.get('not_a_code', '')\n"
    )
    codes = [c for node in ast.walk(tree) if isinstance(node, ast.Call) for c in _call_codes(node)]
    assert sorted(codes) == ["a_five", "a_four", "a_one", "a_three", "a_two"]


def test_each_code_says_when_it_is_raised():
    for code in WarningCode:
        assert code.value == code.name.lower(), code
        assert code.description and code.description == code.__doc__, code
        assert code.description.endswith("."), code
        assert "|" not in code.description and "\n" not in code.description, code  # a README table cell


def readme_section() -> str:
    """The README's "Warning codes" table, as the registry makes it (paste it when this test fails)."""
    rows = [f"| `{code.value}` | {code.description} |" for code in WarningCode]
    return "\n".join(["| Code | When it is raised, and what to do |", "| --- | --- |", *rows])


def test_the_readme_lists_every_code_with_its_description():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n### Warning codes\n" in text
    section = text.split("\n### Warning codes\n", 1)[1].split("\n#", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    assert table == readme_section(), f"the README's table should read:\n{readme_section()}"


def test_the_report_schema_lists_every_code_with_its_description():
    definition = report_schema()["$defs"]["WarningCode"]
    assert definition["enum"] == [c.value for c in WarningCode]
    assert definition["oneOf"] == [{"const": c.value, "description": c.description} for c in WarningCode]
    schema = report_schema()
    validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/ReportWarning", "$defs": schema["$defs"]})
    good = {"code": "build_assumed", "message": "m"}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "code": "not_a_registered_code"})


def test_an_unregistered_code_is_refused_and_the_json_carries_the_string():
    with pytest.raises(ValidationError):
        ReportWarning(code="not_a_registered_code", message="m")
    warning = ReportWarning(code="build_assumed", message="m")
    assert warning.code is WarningCode.BUILD_ASSUMED and warning.code == "build_assumed"
    assert warning.model_dump(mode="json") == {"code": "build_assumed", "message": "m"}
    assert json.loads(warning.model_dump_json()) == {"code": "build_assumed", "message": "m"}
    assert json.dumps(warning.model_dump()) == '{"code": "build_assumed", "message": "m"}'
    assert f"{warning.code}" == "build_assumed" and sorted([WarningCode.SV_FILTERED, "a"]) == ["a", "sv_filtered"]
