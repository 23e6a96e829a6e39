"""How a value is written on the page and in the line-oriented outputs: percentages, numbers, control
characters made visible, CSS string literals. Formatting only; no value is judged here."""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, line and paragraph separators, bidirectional embeddings/overrides/isolates
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_CONTROLS = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _NAMED_CONTROLS.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def visible_controls(text: str, keep: str = "") -> str:
    """Every control or line-separator character as visible text ('\\t', '\\x0b', '\\u2028'): for
    line-oriented outputs (TSV, Markdown), where such a character would break a row or a line."""
    return CONTROL_CHARACTERS.sub(lambda m: m.group(0) if m.group(0) in keep else _visible(m), text)


def percent(value: float | None, digits: int = 1) -> str:
    """0.197 → '19.7%'; None → ''."""
    if value is None:
        return ""
    text = f"{value * 100:.{digits}f}"
    while value and float(text) == 0 and digits < 4:  # 0.3% is not "0%"
        digits += 1
        text = f"{value * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def css_string(value: str | None) -> str:
    """A CSS string literal of any text: every character but letters, digits, space and a few marks
    written as a hex escape, so that a patient id cannot end the string, the rule or the style element."""
    out = []
    for ch in value or "":
        if ch.isascii() and (ch.isalnum() or ch in " .-_/:"):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x} ")  # the space ends the escape (and is consumed by it)
    return '"' + "".join(out) + '"'
