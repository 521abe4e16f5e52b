"""A YAML syntax error, said in the person's language.

libyaml (and PyYAML's Python reader, where libyaml is missing) words its errors in English
for programmers: "mapping values are not allowed in this context". The common kinds of
mistake a person makes in a routine file are said here in their language, with what to do;
anything else keeps the reader's own words, as nothing better is known. The line and the
column come with the message either way (`Problem`).
"""

from __future__ import annotations

import yaml

from spasm_timer.core.yaml_reading import Loader, Position, short
from spasm_timer.i18n import N_, _

# libyaml says where a character it refuses is as a byte of the text in UTF-8; PyYAML's own
# reader, as a character.
_PLACE_IN_BYTES = not issubclass(Loader, yaml.reader.Reader)

# What a kind of error says, in part (libyaml's wording, then PyYAML's where it differs),
# and what the person reads instead. The first that matches wins.
_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tab character",),
     N_("YAML syntax: a tab is used to indent here; indent with spaces")),
    (("cannot start any token",),
     N_("YAML syntax: a value cannot begin with this character (a tab, @, ` or %); indent "
        "with spaces, and put such a value in quotes")),
    (("mapping values are not allowed",),
     N_("YAML syntax: a ':' is not allowed here; put a text that holds ': ' in quotes, or "
        "check the indentation")),
    (("could not find expected ':'",),
     N_("YAML syntax: a key is missing its ':'")),
    (("unknown escape character",),
     N_("YAML syntax: a backslash in double quotes starts an unknown escape; write \\\\ for "
        "one backslash, or use single quotes")),
    (("expected ',' or ']'",),
     N_("YAML syntax: a list in [ ] is not closed, or a comma is missing between its items")),
    (("expected ',' or '}'",),
     N_("YAML syntax: a mapping in { } is not closed, or a comma is missing between its "
        "entries")),
    (("expected '-' indicator", "expected <block end>"),
     N_("YAML syntax: the indentation does not line up; the items of one list or mapping "
        "start in the same column")),
    (("did not find expected key",),
     N_("YAML syntax: this line does not fit here; check its indentation, and that a quoted "
        "text ends where its value ends")),
    (("undefined alias",),
     N_("YAML syntax: an alias (*name) names no anchor (&name) before it")),
    (("duplicate anchor",),
     N_("YAML syntax: the same anchor (&name) is set twice")),
    (("expected <document start>", "expected '<document start>'"),
     N_("YAML syntax: more follows where the routine should end; a file holds one routine")),
    (("expected node content", "expected the node content"),
     N_("YAML syntax: a value is missing here, or begins with ] or }")),
)
_QUOTE_NOT_CLOSED = N_("YAML syntax: a quote opens here and is never closed")
_ENDS_TOO_SOON = N_("YAML syntax: the file ends before what opens here is closed")


class _Place:
    """A line and column counted from 0, as a YAML mark has them."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


def syntax_problem(error: yaml.YAMLError, text: str) -> tuple[str, Position | None]:
    """What to say about `error`, met while reading `text`, and where (a mark with a line
    and column, or None)."""
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not take
        character = error.character if isinstance(error.character, int) else None
        return (_("YAML syntax: the file holds a character YAML does not allow ({code})")
                .format(code=f"U+{character:04X}" if character is not None else "?"),
                _place_of(text, error.position))
    if not isinstance(error, yaml.MarkedYAMLError):
        return _readers_words(str(error)), None
    said = f"{error.problem or ''} {error.context or ''}"
    mark = error.problem_mark or error.context_mark
    if "end of stream" in said:
        # Where it was opened is what the person needs, not the file's end.
        opened = error.context_mark or mark
        return _(_QUOTE_NOT_CLOSED if "quoted scalar" in said else _ENDS_TOO_SOON), opened
    for parts, message in _KINDS:
        if any(part in said for part in parts):
            return _(message), mark
    return _readers_words(error.problem or error.context or ""), mark


def _readers_words(said: str) -> str:
    """The reader's own words after "YAML syntax:", or, when it said nothing, a sentence of
    our own (never one inside the other: "YAML syntax: YAML syntax error")."""
    if not said.strip():
        return _("YAML syntax error")
    return _("YAML syntax: {problem}").format(problem=short(said, 80))


def _place_of(text: str, position: int) -> _Place:
    if _PLACE_IN_BYTES:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    line_start = text.rfind("\n", 0, position) + 1
    return _Place(text.count("\n", 0, position), position - line_start)
