"""The generic half of reading a routine file: mappings, single values, texts (once or per
language), whole numbers and durations, each checked on YAML's node tree with every problem
collected in the person's language, where libyaml's nodes say the line and column.

loader.py builds on this with the routine's own rules (its keys, steps, kinds, pictures).
Plain Python and PyYAML's nodes, no Qt.
"""

from __future__ import annotations

import contextlib
import difflib
from pathlib import Path

import yaml

from spasm_timer.core import routine_texts
from spasm_timer.core.durations import Duration, DurationError, parse_duration, parse_seconds
from spasm_timer.core.routine_texts import ChosenText, plainly_good_texts, read_translations
from spasm_timer.core.yaml_reading import STR_TAG, Collector, short
from spasm_timer.i18n import N_, _

TEXT_LIMITS = {"name": 80, "area": 40, "title": 80, "description": 2000, "instructions": 2000,
               "safety": 300, "image": 200}

# Shown on one line (a list row, a title): no line breaks, and something must be visible.
ONE_LINE_FIELDS = ("name", "area", "title", "image")
# Texts a person reads or hears: each may be written once per language (routine_texts.py).
TRANSLATED_FIELDS = ("name", "area", "description", "safety", "title", "instructions")
RANGE_KEYS = ("range", "default")
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_SCALAR_TAGS = {STR_TAG, _INT, _NULL, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                      "tag:yaml.org,2002:timestamp"}


def _text_rules(field: str) -> tuple[int, bool]:
    """A text field's longest length and whether it must stay on one line."""
    return TEXT_LIMITS.get(field, 2000), field in ONE_LINE_FIELDS


class StepName:
    """Step `number`, as a message speaks of it."""

    __slots__ = ("number",)

    def __init__(self, number: int):
        self.number = number


class FieldName:
    """A field whose value is a mapping of its own ('duration' with range and default)."""

    __slots__ = ("field",)

    def __init__(self, field: str):
        self.field = field


class RoutineName:
    """The routine itself: the file's top mapping."""


THE_ROUTINE = RoutineName()
Named = RoutineName | StepName | FieldName  # what a message speaks of

# Each message about a mapping is three whole sentences, as each language words them:
# about the routine, about step {number}, about the field '{field}' (never a name put
# into a sentence: "in step 3" and "in the routine" differ in more than the name).
_NOT_A_MAPPING = (N_("the routine must be a mapping of keys ({keys} …)"),
                  N_("step {number} must be a mapping of keys ({keys} …)"),
                  N_("'{field}' must be a mapping of keys ({keys} …)"))
_KEY_NOT_TEXT = (N_("the routine has a key that is not plain text"),
                 N_("step {number} has a key that is not plain text"),
                 N_("'{field}' has a key that is not plain text"))
_DUPLICATE_KEY = (N_("duplicate key '{key}' in the routine"),
                  N_("duplicate key '{key}' in step {number}"),
                  N_("duplicate key '{key}' in '{field}'"))
_MERGE_NOT_A_MAPPING = (
    N_("'<<' in the routine must name a mapping, as in '<<: *name' after '&name' on a "
       "mapping"),
    N_("'<<' in step {number} must name a mapping, as in '<<: *name' after '&name' on a "
       "mapping"),
    N_("'<<' in '{field}' must name a mapping, as in '<<: *name' after '&name' on a "
       "mapping"))
_MERGE_FROM_ITSELF = (N_("'<<' in the routine takes keys from itself"),
                      N_("'<<' in step {number} takes keys from itself"),
                      N_("'<<' in '{field}' takes keys from itself"))
_UNKNOWN_KEY_CLOSE = (N_("unknown key '{key}' in the routine (did you mean '{close}'?)"),
                      N_("unknown key '{key}' in step {number} (did you mean '{close}'?)"),
                      N_("unknown key '{key}' in '{field}' (did you mean '{close}'?)"))
_UNKNOWN_KEY = (N_("unknown key '{key}' in the routine (known: {keys})"),
                N_("unknown key '{key}' in step {number} (known: {keys})"),
                N_("unknown key '{key}' in '{field}' (known: {keys})"))


def about(what: Named, sentences: tuple[str, str, str], **values: object) -> str:
    """The one of `sentences` (about the routine, a step, a field) that speaks of `what`, in
    the person's language, with `values` filled in."""
    if isinstance(what, StepName):
        return _(sentences[1]).format(number=what.number, **values)
    if isinstance(what, FieldName):
        return _(sentences[2]).format(field=what.field, **values)
    return _(sentences[0]).format(**values)


class NodeReader:
    """Reads checked values from a composed node tree, collecting every problem in `out`."""

    def __init__(self, path: Path, language: str):
        self.path = path
        self.language = language
        self.languages: set[str] = set()  # every language the file has a text in
        self.out = Collector(path)

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...], what: Named
                ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.out.add(about(what, _NOT_A_MAPPING, keys=", ".join(allowed[:3])), node)
            return {}
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in self._pairs(node, what):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_SCALAR_TAGS:
                self.out.add(about(what, _KEY_NOT_TEXT), key_node)
                continue
            key = key_node.value
            if key in found:
                self.out.add(about(what, _DUPLICATE_KEY, key=short(key)), key_node)
            elif key not in allowed:
                self.out.add(self._unknown_key_message(key, allowed, what), key_node)
            else:
                found[key] = value_node
        return found

    def _pairs(self, node: yaml.MappingNode, what: Named,
               merging: frozenset[int] = frozenset()) -> list[tuple[yaml.Node, yaml.Node]]:
        """The mapping's own keys, then those it takes from others with YAML merge keys
        (`<<: *base`, or `<<: [*a, *b]`, where the first one named wins) that it does not
        set itself. What is taken is checked like everything written in place."""
        if not any(key.tag == _MERGE for key, _value in node.value):
            return list(node.value)  # the usual mapping, with no '<<' in it
        own = [(k, v) for k, v in node.value
               if not (isinstance(k, yaml.ScalarNode) and k.tag == _MERGE)]
        taken: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _MERGE):
                continue
            is_list = isinstance(value_node, yaml.SequenceNode)
            sources = value_node.value if is_list else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.out.add(about(what, _MERGE_NOT_A_MAPPING), source)
                    continue
                if id(source) in merging or source is node:
                    self.out.add(about(what, _MERGE_FROM_ITSELF), key_node)
                    continue
                for pair in self._pairs(source, what, merging | {id(node)}):
                    key = pair[0].value if isinstance(pair[0], yaml.ScalarNode) else None
                    if isinstance(key, str):
                        taken.setdefault(key, pair)
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        return own + [pair for key, pair in taken.items() if key not in own_keys]

    @staticmethod
    def _unknown_key_message(key: str, allowed: tuple[str, ...], what: Named) -> str:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return about(what, _UNKNOWN_KEY_CLOSE, key=short(key), close=close[0])
        return about(what, _UNKNOWN_KEY, key=short(key), keys=", ".join(allowed))

    def scalar(self, node: yaml.Node, field: str) -> yaml.ScalarNode | None:
        if not isinstance(node, yaml.ScalarNode):
            message = (_("'{field}' must be a single value, not a list")
                       if isinstance(node, yaml.SequenceNode)
                       else _("'{field}' must be a single value, not a mapping"))
            self.out.add(message.format(field=field), node)
            return None
        if node.tag not in _PLAIN_SCALAR_TAGS:
            self.out.add(_("'{field}' has tag '{tag}', which is not allowed").format(
                field=field, tag=short(node.tag)), node)
            return None
        return node

    def text(self, node: yaml.Node | None, field: str) -> str:
        return self.texts(node, field).shown

    def texts(self, node: yaml.Node | None, field: str) -> ChosenText:
        """A text written once, or once per language (routine_texts.py), checked."""
        if node is None:  # a missing required field is reported once, by the caller
            return ChosenText("", "")
        if isinstance(node, yaml.MappingNode) and field in TRANSLATED_FIELDS:
            # Most entries need no look of their own (and no call): see plainly_good_texts.
            good = plainly_good_texts(node.value, field, *_text_rules(field))
            chosen = read_translations(node, field, self.language, self.out, self.one_text,
                                       good)
            self.languages.update(chosen.languages)
            return chosen
        text = self.one_text(node, field)
        return ChosenText(text, text)

    def one_text(self, node: yaml.Node, field: str, language: str | None = None) -> str:
        """One text, checked by the rules of `field`: written alone, or as the entry for
        `language` of a text written per language (which messages name)."""
        # The usual case, a plain value, is known at a glance; anything else gets the full look.
        scalar = node if type(node) is yaml.ScalarNode and node.tag in _PLAIN_SCALAR_TAGS else \
            self.scalar(node, field)
        if scalar is None:
            return ""
        value: str = "" if scalar.tag == _NULL else scalar.value.strip()
        # The rules are routine_texts.text_problem's, looked up there: one place says them
        # for a text written alone and for each one of a text written per language.
        problem = routine_texts.text_problem(value, field, language, *_text_rules(field))
        if problem is not None:
            self.out.add(problem, node)
            return ""
        return value

    def whole_number(self, node: yaml.Node, field: str, low: int, high: int) -> int | None:
        scalar = self.scalar(node, field)
        if scalar is None:
            return None
        value = None
        if scalar.tag == _INT:
            with contextlib.suppress(ValueError):
                value = int(scalar.value.replace("_", ""), 0)
        if value is None:  # the message is made only here: most files have none to say
            self.out.add(_("'{field}' must be a whole number, not '{value}'").format(
                field=field, value=short(scalar.value)), node)
            return None
        if not low <= value <= high:
            self.out.add(_("'{field}' must be between {low} and {high}, not {value}").format(
                field=field, low=low, high=high, value=value), node)
            return None
        return value

    def duration_value(self, node: yaml.Node, field: str) -> int | str | None:
        scalar = self.scalar(node, field)
        if scalar is None:
            return None
        if scalar.tag == _INT:
            try:
                return int(scalar.value.replace("_", ""), 0)
            except ValueError:
                pass
        elif scalar.tag == STR_TAG:
            text: str = scalar.value
            return text
        self.out.add(_("'{field}' must be a time such as 45s, 1m30s or 10-30s, not '{value}'")
                     .format(field=field, value=short(scalar.value)), node)
        return None

    def duration(self, node: yaml.Node, field: str) -> Duration | None:
        default_node = None
        if isinstance(node, yaml.MappingNode):
            parts = self.mapping(node, RANGE_KEYS, FieldName(field))
            if "range" not in parts:
                self.out.add(_("'{field}' as a mapping needs 'range' (e.g. range: 10-30s)")
                             .format(field=field), node)
                return None
            node, default_node = parts["range"], parts.get("default")
        value = self.duration_value(node, field)
        default = self.duration_value(default_node, f"{field} default") if default_node else None
        if value is None or (default_node is not None and default is None):
            return None
        try:
            return parse_duration(value, default)
        except DurationError as error:
            self.out.add(f"'{field}': {error}", node)
            return None

    def plain_seconds(self, node: yaml.Node, field: str, allow_zero: bool) -> int | None:
        value = self.duration_value(node, field)
        if value is None:
            return None
        if allow_zero and value in (0, "0", "0s"):
            return 0
        try:
            return parse_seconds(value)
        except DurationError as error:
            self.out.add(f"'{field}': {error}", node)
            return None

    # -- the routine -----------------------------------------------------------------------
