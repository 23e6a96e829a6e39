"""YAML for files a user hands us (clinical context, a knowledge-base folder): the safe loader only,
with two more refusals. Nesting deeper than `MAX_DEPTH` is refused before the document is built
(libyaml's composer recurses in C and crashes the interpreter on a few thousand '[' or '- '), and a
key given twice in one mapping is an error instead of the last one silently winning (a repeated
`call:` or `specimen:` would otherwise hide a contradiction). Errors are `yaml.YAMLError`s with a mark."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

MAX_DEPTH = 64
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class SafeLoader(_Base):
    """The safe loader; a key repeated in one mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise ConstructorError(None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


class TextDateLoader(SafeLoader):
    """As SafeLoader, with dates left as text, so that the caller checks them and names the field
    ('2021-02-30' would otherwise fail inside the loader with a bare ValueError)."""


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()
}


class TooDeep(yaml.MarkedYAMLError):
    pass


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than `limit`, reading parser events only (libyaml's parser keeps its
    own stack; the composer that builds nodes is what recurses).

    libyaml has limits of its own that may fire first, in words that change between releases
    (PyYAML 6.0.4's scanner stops at 1,000 flow levels, 'exceeded maximum nesting depth', before
    the parser has handed over the 65th level). So when libyaml refuses the text, the pure-Python
    parser (no such limit, and a stack, not recursion) counts again: a text nested too deep gets
    this refusal whatever PyYAML is installed, and any other error is libyaml's own."""
    try:
        _count_depth(text, _Base, limit)
    except TooDeep:
        raise
    except yaml.YAMLError:
        if _Base is yaml.SafeLoader:
            raise
        _count_depth(text, yaml.SafeLoader, limit)  # raises TooDeep, or the pure-Python parser's own error
        raise


def _count_depth(text: str, loader: type, limit: int) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _OPEN):
            depth += 1
            if depth > limit:
                raise TooDeep(problem=f"nested more than {limit} levels deep", problem_mark=event.start_mark)
        elif isinstance(event, _CLOSE):
            depth -= 1


def load(text: str, dates_as_text: bool = False) -> Any:
    """Parse one YAML document safely; raises `yaml.YAMLError` (with `problem` and `problem_mark`)."""
    check_depth(text)
    try:
        return yaml.load(text, Loader=TextDateLoader if dates_as_text else SafeLoader)  # noqa: S506 - a safe loader
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor choking on a value the resolver let through
        raise yaml.YAMLError(f"a value cannot be read ({exc})") from None
