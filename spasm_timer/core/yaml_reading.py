"""Reading a YAML file safely: its size, shape, nesting, aliases and one document checked
before anything is built, and every problem collected with its line and column.

The routine rules on what is read are in loader.py. Plain Python and PyYAML, no Qt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import yaml

from spasm_timer.core.problems import Problem
from spasm_timer.i18n import _
from spasm_timer.local_formats import whole_number
from spasm_timer.private_files import UnreadableFile, read_regular_file

# The C loader when it is there: same rules, a good deal faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The first characters of values some tag pattern looks at; any other value is plain text.
PATTERN_STARTS = frozenset(key for key in _SafeLoader.yaml_implicit_resolvers if key)
_PLAIN_TAGS: dict[str, str] = {}  # value → tag, for short plain values that needed a look
_MAX_REMEMBERED = 4096
# The tag of a text: the one nearly every value gets. One name for the readers that test it.
STR_TAG = "tag:yaml.org,2002:str"


# Tags for plain values the quick way (plain_tag) hold while no pattern looks at every value
# and no tag depends on where a node sits (neither is so in PyYAML's safe loader); were
# either ever so, the plain loader composes, and plain_yaml leaves every file to it.
QUICK_TAGS = (None not in _SafeLoader.yaml_implicit_resolvers
              and not _SafeLoader.yaml_path_resolvers)
_resolve = _SafeLoader("").resolve


def plain_tag(value: str) -> str:
    """The tag the safe loader gives a plain (unquoted) value, with less work (while
    QUICK_TAGS). PyYAML tries each of its patterns in Python: about a third of the time a
    routine file takes to compose. Most values are text starting with a letter no pattern
    starts with (only numbers, booleans, nulls and the like have patterns), plain text at
    once; the keys and short values that need a look repeat from file to file, and their
    tags are remembered."""
    if value and value[0] not in PATTERN_STARTS:
        return STR_TAG
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if len(value) <= 40:
            if len(_PLAIN_TAGS) >= _MAX_REMEMBERED:
                _PLAIN_TAGS.clear()
            _PLAIN_TAGS[value] = tag
    return tag


class _QuickTagsLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, giving each node the tag it gives, plain values' by plain_tag."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: object) -> str:
        if kind is yaml.ScalarNode and implicit[0]:  # type: ignore[index]
            assert value is not None
            if value and value[0] not in PATTERN_STARTS:  # plain_tag's first look, here
                return STR_TAG  # without a call, as it runs for nearly every node
            return plain_tag(value)
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


Loader = _QuickTagsLoader if QUICK_TAGS else _SafeLoader

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
MAX_ALIASES = 100
# Far beyond any real routine, and small enough that reading one never keeps anyone waiting.
MAX_VALUES = 20_000


class Position(Protocol):
    """Where in the file: PyYAML's marks, from its pure-Python and its C parser alike."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class Collector:
    """Every problem of one file, in the order found, each with its line and column."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, message: str, node: yaml.Node | None = None,
            mark: Position | None = None) -> None:
        mark = mark or (node.start_mark if node is not None else None)
        if mark is None:
            self.problems.append(Problem(self.path, message))
        else:
            self.problems.append(Problem(self.path, message, mark.line + 1, mark.column + 1))


def short(text: str, limit: int = 30) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_text(path: Path, out: Collector) -> str | None:
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as error:
        if error.why == "size":
            out.add(_("file {problem}; a routine file may be at most 1 MiB").format(problem=error))
        elif error.why == "kind":
            out.add(_("{problem}; a routine is a YAML file").format(problem=error))
        else:
            out.add(str(error))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        out.add(_("is not UTF-8 text (bad byte at offset {offset})").format(offset=error.start))
        return None


def _syntax_problem(error: yaml.YAMLError, text: str, out: Collector) -> None:
    """In the person's language (yaml_syntax.py), loaded only when a file has such an error."""
    from spasm_timer.core.yaml_syntax import syntax_problem  # noqa: PLC0415

    message, mark = syntax_problem(error, text)
    out.add(message, mark=mark)


def _check_shape(text: str, out: Collector) -> bool:
    """Walks the event stream (no recursion, nothing built) to refuse deep or alias-heavy YAML."""
    depth = aliases = documents = values = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            values += 1
            if values > MAX_VALUES:
                out.add(_("holds more than {count} values; a routine is far smaller").format(
                    count=whole_number(MAX_VALUES)), mark=event.start_mark)
                return False
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    out.add(_("nested more than {count} levels deep").format(count=MAX_DEPTH),
                            mark=event.start_mark)
                    return False
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    out.add(_("uses more than {count} aliases").format(count=MAX_ALIASES),
                            mark=event.start_mark)
                    return False
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    out.add(_("holds more than one YAML document; one routine per file"),
                            mark=event.start_mark)
                    return False
    except yaml.YAMLError as error:
        _syntax_problem(error, text, out)
        return False
    return True


def compose(text: str, out: Collector) -> yaml.Node | None:
    quick = _plainly_within_limits(text)
    if not quick and not _check_shape(text, out):
        return None
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as error:
        _syntax_problem(error, text, out)
        return None
    except RecursionError:  # _check_shape makes this unreachable in practice; be sure anyway
        out.add(_("nested too deeply"))
        return None
    if quick and root is not None and not _check_depth(root, out):
        return None
    return root


# Composing never nests deeper than this for a text that passes _plainly_within_limits.
_SAFE_COMPOSE_DEPTH = 1000


def _plainly_within_limits(text: str) -> bool:
    """True when the text is too small and flat to break the limits that _check_shape looks
    for, so that its pass over the text (as costly as composing it) can be skipped. Each
    bound is sure: every YAML event takes at least half a character, every alias a '*', and
    block collections nest only by moving right (at least every second level), flow ones
    only with a bracket. The nesting limit itself is then checked on the composed nodes."""
    if 2 * len(text) + 10 > MAX_VALUES or text.count("*") > MAX_ALIASES:
        return False
    if "---" in text or "..." in text:
        return False  # maybe several documents: _check_shape says so in its own words
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + 2 * (longest + 1) <= _SAFE_COMPOSE_DEPTH


def _check_depth(root: yaml.Node, out: Collector) -> bool:
    """The nesting limit, on a composed tree (aliases are not followed twice)."""
    # Values never nest, and most nodes are values: only lists and mappings are stacked.
    seen: set[int] = set()
    stack = [] if isinstance(root, yaml.ScalarNode) else [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            out.add(_("nested more than {count} levels deep").format(count=MAX_DEPTH), node)
            return False
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [part for pair in node.value for part in pair]
        stack.extend((child, depth + 1) for child in children
                     if not isinstance(child, yaml.ScalarNode))
    return True
