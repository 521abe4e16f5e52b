"""A quick reader for the plain YAML routine files are written in: the node tree libyaml
would compose, in a fraction of the time, or None.

libyaml itself reads a routine file in about a tenth of a millisecond, but composing through
PyYAML turns each of its events, nodes and marks into Python objects: about half a
millisecond a file, the larger part of a cold start with thousands of files. The files people
and the editor write use a small part of YAML, which a few string operations a line read:

    name: {en: Calf cramp relief, de: Wadenkrampf lösen}   # a comment
    steps:
      - kind: stretch
        title: 'Point the toes: slowly'
        duration: {range: 15-20m, default: 15m}

that is, block mappings and lists (a list item on its own line as `- value` or `- key: ...`),
one value on a line (plain, or quoted and ending on its line), `{key: value,
...}` of plain values on one line, comments and blank lines. Each value gets its tag from the
same resolver as libyaml's nodes (yaml_reading.plain_tag). Anything else (anchors, tags, block
texts, values running on over lines, tabs, other line breaks, several documents, `key:` with
nothing after it, ...) gives None, and the caller composes with libyaml as before.

The nodes carry no marks (line and column): a caller that finds anything wrong in them reads
the file again through libyaml, which says where. Plain Python and PyYAML's node classes.
"""

from __future__ import annotations

import json
import re

import yaml

from spasm_timer.core.yaml_reading import (
    MAX_DEPTH,
    MAX_VALUES,
    PATTERN_STARTS,
    QUICK_TAGS,
    STR_TAG,
    plain_tag,
)

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

# A key: a plain word of at most 1024 characters, the longest simple key libyaml reads (a
# longer one is an error libyaml says, so it is left to libyaml).
_KEY = r"[A-Za-z_][A-Za-z0-9_]{0,1023}"
# Each line: its indent, a list item's '- ', a `key:`, and the rest of the line. A line
# that is none of these (a value running on, a directive, ...) has its words in the rest
# alone, and goes to libyaml.
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:(" + _KEY + r"):(?: +|$))?(.*)$", re.MULTILINE)
# One `key: value` inside `{...}`: a plain value with no character flow YAML gives a meaning.
_FLOW_PAIR = re.compile(r" *(" + _KEY + r"): +([^-?:,\[\]{}#&*!|>'\"%@` ]"
                        r"[^:,\[\]{}#'\"]*?) *")
# A double-quoted text on one line, with only the escapes JSON and YAML read alike.
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\["\\bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*)"')
# A plain value may not start with these (YAML's indicators, and '-' to keep it simple).
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")


_new_node = object.__new__


class _NotPlain(Exception):
    """The text uses YAML this reader leaves to libyaml."""


def plain_compose(text: str) -> yaml.Node | None:
    """The node tree `yaml.compose(text, Loader=yaml_reading.Loader)` gives, without marks,
    when `text` is plain YAML as above within the nesting and size limits; else None."""
    # Python's printable is narrower than YAML's: no tabs, no other line breaks (\r, NEL,
    # U+2028), no byte order mark, no space but the ASCII one.
    if not QUICK_TAGS or not text.replace("\n", " ").isprintable():
        return None  # (without quick tags, a tag may depend on where its node sits)
    try:
        root = _compose(_LINE.findall(text))
    except _NotPlain:
        return None
    # Every event takes at least half a character (yaml_reading._plainly_within_limits), so
    # only a long text can hold more than yaml_reading allows; each node is at most two.
    if 2 * len(text) + 10 > MAX_VALUES and 2 * _count(root) + 4 > MAX_VALUES:
        return None
    return root


def _compose(lines: list[tuple[str, str, str, str]]) -> yaml.Node:
    # The mappings and lists still being read, outermost first: each one's indent (of its
    # keys or '- '), its pairs or items (the node's own list), and whether it is a list. The
    # innermost one is also kept in locals: most lines are one more `key: value` of it.
    stack: list[tuple[int, list, bool]] = []  # type: ignore[type-arg]
    indent_now, in_list = -1, False
    content: list = []  # type: ignore[type-arg]
    root: yaml.Node | None = None
    waiting: tuple[yaml.Node, list[tuple[yaml.Node, yaml.Node]], int] | None = None
    keys: dict[str, yaml.ScalarNode] = {}  # one node for each key: the same few, many times
    for spaces, dash, key, rest in lines:
        if not dash and not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise _NotPlain
        indent = len(spaces)
        if waiting is not None or root is None:  # a new collection: the value of `key:`
            if waiting is not None:
                parent_key, pairs, key_indent = waiting
                waiting = None
                if not (indent > key_indent or (indent == key_indent and dash)):
                    raise _NotPlain  # nothing below: an empty value, for libyaml to place
            node = _collection(bool(dash))
            if root is None:
                root = node
            else:
                pairs.append((parent_key, node))
            stack.append((indent_now, content, in_list))
            indent_now, content, in_list = indent, node.value, bool(dash)
            if len(stack) > MAX_DEPTH:
                raise _NotPlain
        elif indent != indent_now or in_list != bool(dash):
            while indent_now > indent:
                indent_now, content, in_list = stack.pop()
            if not dash and in_list and indent_now == indent:
                # a key after a list written at its key's own indent
                indent_now, content, in_list = stack.pop()
            if not stack or indent_now != indent or in_list != bool(dash):
                raise _NotPlain  # a value running on, or out of step with the indents
        if dash:
            if not key:
                if not rest or rest[0] == "#":
                    raise _NotPlain  # the item's value on the lines after it
                content.append(_value(rest, len(stack)))
                continue
            node = _collection(False)  # `- key: ...` starts a mapping
            content.append(node)
            stack.append((indent_now, content, in_list))
            indent_now, content, in_list = indent + len(dash), node.value, False
            if len(stack) > MAX_DEPTH:
                raise _NotPlain
        key_node = keys.get(key)
        if key_node is None:
            key_node = keys[key] = _plain(key)
        if not rest or rest[0] == "#":
            waiting = (key_node, content, indent_now)
        elif rest[0] not in _NOT_PLAIN_START:  # _value's usual case, here without a call
            cut = rest.find(" #")
            value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
            if ": " in value or value[-1] == ":":
                raise _NotPlain  # a mapping where a value belongs: libyaml's error to say
            content.append((key_node, _plain(value)))
        else:
            content.append((key_node, _value(rest, len(stack))))
    if waiting is not None or root is None:
        raise _NotPlain
    return root


def _collection(is_list: bool) -> yaml.Node:
    if is_list:
        return yaml.SequenceNode(_SEQ, [], None, None, False)
    return yaml.MappingNode(_MAP, [], None, None, False)


def _value(rest: str, depth: int) -> yaml.Node:
    """The value written on the rest of a line, after `key: ` or `- `."""
    first = rest[0]
    if first in {"'", '"'}:
        return _quoted(rest)
    if first == "{":
        return _flow_mapping(rest, depth + 1)
    if first in _NOT_PLAIN_START:
        raise _NotPlain
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise _NotPlain  # a mapping where a value belongs: libyaml's error to say
    return _plain(value)


def _plain(value: str) -> yaml.ScalarNode:
    # Made without PyYAML's __init__, the same node in half the time: a file has a hundred.
    node = _new_node(yaml.ScalarNode)
    # plain_tag's first look, here without a call: most values are words, text at once.
    node.tag = STR_TAG if value[0] not in PATTERN_STARTS else plain_tag(value)
    node.value = value
    node.start_mark = node.end_mark = None
    node.style = ""
    return node


def _quoted(rest: str) -> yaml.ScalarNode:
    quote = rest[0]
    if quote == '"':
        return _double_quoted(rest)
    end = rest.find(quote, 1)
    while end >= 0 and rest[end + 1:end + 2] == "'":  # '' is one quote inside
        end = rest.find("'", end + 2)
    if end < 0:
        raise _NotPlain  # running on over lines
    _end_of_line(rest[end + 1:])
    return yaml.ScalarNode(STR_TAG, rest[1:end].replace("''", "'"), None, None, quote)


def _double_quoted(rest: str) -> yaml.ScalarNode:
    """A text in double quotes, as the editor writes one with a line break in it (JSON's
    escapes, which YAML reads the same); any other escape, or a half of a surrogate pair
    (which libyaml refuses and JSON joins), is left to libyaml."""
    match = _DOUBLE_QUOTED.match(rest)
    if match is None:
        raise _NotPlain
    value = match.group(1)
    if "\\" in value:
        value = json.loads(match.group(0))
    _end_of_line(rest[match.end():])
    return yaml.ScalarNode(STR_TAG, value, None, None, '"')


def _flow_mapping(rest: str, depth: int) -> yaml.MappingNode:
    end = rest.find("}")
    if end < 0 or depth > MAX_DEPTH:
        raise _NotPlain
    _end_of_line(rest[end + 1:])
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for part in rest[1:end].split(","):
        match = _FLOW_PAIR.fullmatch(part)
        if match is None:
            raise _NotPlain
        pairs.append((_plain(match.group(1)), _plain(match.group(2))))
    return yaml.MappingNode(_MAP, pairs, None, None, True)


def _end_of_line(tail: str) -> None:
    """What may follow a quoted value or `{...}` on its line: spaces, then maybe a comment."""
    if tail and (tail[0] != " " or tail.lstrip(" ")[:1] not in ("", "#")):
        raise _NotPlain


def _count(root: yaml.Node) -> int:
    """How many nodes the tree holds (it has no aliases: each is counted once)."""
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return count
