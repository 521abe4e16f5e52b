"""Reading routine files strictly, and saying everything that is wrong with them at once.

The file is checked on YAML's node tree rather than on built Python objects, so every problem
keeps its line and column, and nothing in a file can ever build an object: only plain scalars,
lists and mappings are read. Nesting depth and aliases are limited before anything is built
(yaml_reading.py reads the YAML; this module holds the routine's own rules).
"""

from __future__ import annotations

import contextlib
import difflib
import os
from pathlib import Path

import yaml

from spasm_timer.core.durations import Duration, DurationError, parse_duration, parse_seconds
from spasm_timer.core.guidance import kind_label
from spasm_timer.core.plain_yaml import plain_compose
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import (
    SIDES,
    STEP_KINDS,
    THERMAL_KINDS,
    THERMAL_MAX_SECONDS,
    FallbackTexts,
    Routine,
    Step,
)
from spasm_timer.core.routine_images import OUTSIDE, UNOPENABLE, ImageLookup
from spasm_timer.core.routine_texts import ChosenText, read_translations
from spasm_timer.core.text_safety import unsafe_text_problem
from spasm_timer.core.timeline import heat_cold_problems, limit_problems
from spasm_timer.core.yaml_reading import (
    Collector,
    compose,
    read_text,
    short,
)
from spasm_timer.i18n import _, current_language
from spasm_timer.local_formats import whole_number

MAX_REPEAT = 1000
MAX_STEPS = 200
MAX_SAFETY_NOTES = 20
SCHEMA_VERSION = 1
TEXT_LIMITS = {"name": 80, "area": 40, "title": 80, "description": 2000, "instructions": 2000,
               "safety": 300, "image": 200}

# Shown on one line (a list row, a title): no line breaks, and something must be visible.
ONE_LINE_FIELDS = ("name", "area", "title", "image")
# Texts a person reads or hears: each may be written once per language (routine_texts.py).
TRANSLATED_FIELDS = ("name", "area", "description", "safety", "title", "instructions")
ROUTINE_KEYS = ("name", "area", "description", "safety", "lead_in", "steps", "schema")
STEP_KEYS = ("kind", "title", "instructions", "duration", "repeat", "rest", "sides", "image")
RANGE_KEYS = ("range", "default")
_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_PLAIN_SCALAR_TAGS = {_STR, _INT, _NULL, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                      "tag:yaml.org,2002:timestamp"}


def _text_name(field: str, language: str | None) -> str:
    """How a message names a text: `'title'`, or `'title' (de)` for one entry of several.
    Made only when a message is said: a file has hundreds of texts and most have none."""
    return f"'{field}'" if language is None else f"'{field}' ({language})"


class _StepName:
    """"step 3" in the language in use, put into words only when a message says it."""

    __slots__ = ("number",)

    def __init__(self, number: int):
        self.number = number

    def __str__(self) -> str:
        return _("step {number}").format(number=self.number)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


Named = str | _StepName  # what a message calls the mapping or step it speaks of


class _RoutineReader:
    """Turns a composed node tree into a Routine, collecting every problem on the way."""

    def __init__(self, path: Path, origin: str, illustrations_dir: Path | None, language: str,
                 images: ImageLookup | None = None):
        self.path = path
        self.images = images or ImageLookup()
        self.origin = origin
        self.illustrations_dir = illustrations_dir
        self.language = language
        self.languages: set[str] = set()  # every language the file has a text in
        self.out = Collector(path)
        # Where a step's picture is looked for, in order: beside the routine, then in assets.
        self.image_folders = (path.parent,) if illustrations_dir is None else (
            path.parent, illustrations_dir)

    # -- generic helpers -------------------------------------------------------------------

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...], what: Named
                ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.out.add(_("{what} must be a mapping of keys ({keys} …)").format(
                what=what, keys=", ".join(allowed[:3])), node)
            return {}
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in self._pairs(node, what):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_SCALAR_TAGS:
                self.out.add(_("{what} has a key that is not plain text").format(what=what),
                             key_node)
                continue
            key = key_node.value
            if key in found:
                self.out.add(_("duplicate key '{key}' in {what}").format(key=short(key), what=what),
                             key_node)
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
                    self.out.add(_("'<<' in {what} must name a mapping, as in '<<: *name' after "
                                   "'&name' on a mapping").format(what=what), source)
                    continue
                if id(source) in merging or source is node:
                    self.out.add(_("'<<' in {what} takes keys from itself").format(what=what),
                                 key_node)
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
            return _("unknown key '{key}' in {what} (did you mean '{close}'?)").format(
                key=short(key), what=what, close=close[0])
        return _("unknown key '{key}' in {what} (known: {keys})").format(
            key=short(key), what=what, keys=", ".join(allowed))

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
            chosen = read_translations(node, field, self.language, self.out, self.one_text)
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
        value: str = scalar.value.strip()
        if scalar.tag == _NULL or not value:
            self.out.add(_("{what} is empty").format(what=_text_name(field, language)), node)
            return ""
        limit = TEXT_LIMITS.get(field, 2000)
        if len(value) > limit:
            self.out.add(_("{what} is too long ({count} characters; at most {limit})").format(
                what=_text_name(field, language), count=len(value), limit=limit), node)
            return ""
        one_line = field in ONE_LINE_FIELDS
        if value.isascii() and value.isprintable():
            return value  # what unsafe_text_problem says of printable ASCII, without a call
        problem = unsafe_text_problem(value, one_line)
        if problem:
            self.out.add(f"{_text_name(field, language)} {problem}", node)
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
        elif scalar.tag == _STR:
            text: str = scalar.value
            return text
        self.out.add(_("'{field}' must be a time such as 45s, 1m30s or 10-30s, not '{value}'")
                     .format(field=field, value=short(scalar.value)), node)
        return None

    def duration(self, node: yaml.Node, field: str) -> Duration | None:
        default_node = None
        if isinstance(node, yaml.MappingNode):
            parts = self.mapping(node, RANGE_KEYS, f"'{field}'")
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

    def routine(self, root: yaml.Node | None) -> Routine | None:
        if root is None:
            self.out.add(_("file is empty; a routine needs at least name, area and steps"))
            return None
        if not isinstance(root, yaml.MappingNode):
            self.out.add(_("a routine must be a mapping with name, area and steps"), root)
            return None
        fields = self.mapping(root, ROUTINE_KEYS, _("the routine"))
        for required in ("name", "area", "steps"):
            if required not in fields:
                self.out.add(_("missing '{field}'").format(field=required), root)
        name = self.text(fields.get("name"), "name")
        area = self.texts(fields.get("area"), "area")
        description = (self.text(fields["description"], "description")
                       if "description" in fields else "")
        safety = self.safety(fields.get("safety"))
        lead_in = (self.plain_seconds(fields["lead_in"], "lead_in", True)
                   if "lead_in" in fields else None)
        schema = SCHEMA_VERSION
        if "schema" in fields:
            schema = (self.whole_number(fields["schema"], "schema", 1, SCHEMA_VERSION)
                      or SCHEMA_VERSION)
        steps = self.steps(fields.get("steps"))
        if self.out.problems:
            return None
        shown_safety = tuple(note.shown for note in safety)
        fallback = FallbackTexts(area.fallback, tuple(note.fallback for note in safety))
        routine = Routine(id=self.path.stem, name=name, area=area.shown, steps=tuple(steps),
                          description=description, safety=shown_safety, lead_in_seconds=lead_in,
                          path=self.path, origin=self.origin, schema=schema,
                          languages=tuple(sorted(self.languages)),
                          fallback=None if fallback == FallbackTexts(area.shown, shown_safety)
                          else fallback)
        for problem in limit_problems(routine):
            self.out.add(_("the routine {problem}").format(problem=problem), fields["steps"])
        if not self.out.problems and any(step.kind in THERMAL_KINDS for step in steps):
            step_nodes = fields["steps"].value
            for number, message in heat_cold_problems(routine):
                self.out.add(message, step_nodes[number - 1])
        return None if self.out.problems else routine

    def safety(self, node: yaml.Node | None) -> tuple[ChosenText, ...]:
        if node is None:
            return ()
        if isinstance(node, (yaml.ScalarNode, yaml.MappingNode)):  # one note
            note = self.texts(node, "safety")
            return (note,) if note.shown else ()
        if not isinstance(node, yaml.SequenceNode):
            self.out.add(_("'safety' must be a list of short notes"), node)
            return ()
        if len(node.value) > MAX_SAFETY_NOTES:
            self.out.add(_("'safety' has {count} notes; at most {limit}, so that each one is "
                           "read").format(count=whole_number(len(node.value)),
                                          limit=MAX_SAFETY_NOTES), node)
            return ()
        return tuple(note for note in (self.texts(item, "safety") for item in node.value)
                     if note.shown)

    def steps(self, node: yaml.Node | None) -> list[Step]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.out.add(_("'steps' must be a list of steps, each starting with '- kind:'"), node)
            return []
        if not node.value:
            self.out.add(_("'steps' is empty; a routine needs at least one step"), node)
            return []
        if len(node.value) > MAX_STEPS:
            self.out.add(_("'steps' has {count} steps; at most {limit} (use 'repeat' for a step "
                           "done many times)").format(count=whole_number(len(node.value)),
                                                      limit=MAX_STEPS), node)
            return []
        steps = []
        for number, step_node in enumerate(node.value, start=1):
            step = self.step(step_node, number)
            if step is not None:
                steps.append(step)
        return steps

    def step(self, node: yaml.Node, number: int) -> Step | None:
        what = _StepName(number)
        fields = self.mapping(node, STEP_KEYS, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        before = len(self.out.problems)
        for required in ("kind", "title", "duration"):
            if required not in fields:
                self.out.add(_("{what} is missing '{field}'").format(what=what, field=required),
                             node)
        kind = self.kind(fields.get("kind"), what)
        title = self.text(fields.get("title"), "title")
        instructions = (self.text(fields["instructions"], "instructions")
                        if "instructions" in fields else "")
        duration = self.duration(fields["duration"], "duration") if "duration" in fields else None
        repeat = (self.whole_number(fields["repeat"], "repeat", 1, MAX_REPEAT)
                  if "repeat" in fields else 1)
        rest = self.plain_seconds(fields["rest"], "rest", True) if "rest" in fields else 0
        sides = self.sides(fields.get("sides"))
        image = self.image(fields["image"]) if "image" in fields else None
        if kind in THERMAL_KINDS and duration and duration.max_seconds > THERMAL_MAX_SECONDS:
            self.out.add(_("{what}: {kind} may never last more than 20 minutes in one go")
                         .format(what=what, kind=kind_label(kind)), fields["duration"])
        if len(self.out.problems) > before or kind is None or duration is None:
            return None
        return Step(kind=kind, title=title, instructions=instructions, duration=duration,
                    repeat=repeat or 1, rest_seconds=rest or 0, sides=sides, image=image)

    def kind(self, node: yaml.Node | None, what: Named) -> str | None:
        if node is None:
            return None
        scalar = self.scalar(node, "kind")
        if scalar is None:
            return None
        kind: str = scalar.value
        if kind in STEP_KINDS:
            return kind
        close = difflib.get_close_matches(scalar.value, STEP_KINDS, n=1, cutoff=0.6)
        message = (_("{what}: unknown kind '{kind}' (did you mean '{close}'?)") if close
                   else _("{what}: unknown kind '{kind}' (known: {kinds})"))
        self.out.add(message.format(what=what, kind=short(scalar.value), close=close[0] if close
                                    else "", kinds=", ".join(STEP_KINDS)), node)
        return None

    def sides(self, node: yaml.Node | None) -> str:
        if node is None:
            return "none"
        scalar = self.scalar(node, "sides")
        if scalar is None:
            return "none"
        if scalar.value not in SIDES:
            self.out.add(_("'sides' must be one of {sides}, not '{value}'").format(
                sides=", ".join(SIDES), value=short(scalar.value)), node)
            return "none"
        sides: str = scalar.value
        return sides

    def image(self, node: yaml.Node) -> Path | None:
        name = self.text(node, "image")
        if not name:
            return None
        if os.path.isabs(name):
            self.out.add(_("'image' must be a file name beside the routine or in assets, not an "
                           "absolute path"), node)
            return None
        for folder in self.image_folders:
            found = self.images.find(folder, name)
            if found is UNOPENABLE:
                self.out.add(_("'image' {name} cannot be opened (a link that loops, or a name "
                               "no file can have)").format(name=repr(short(name))), node)
                return None
            if found is OUTSIDE:
                self.out.add(_("'image' {name} points outside the routine's folder and assets")
                             .format(name=repr(short(name))), node)
                return None
            if found is not None:
                return found  # type: ignore[return-value]
        self.out.add(_("'image' {name} was not found beside the routine or in assets").format(
            name=repr(short(name))), node)
        return None


def _read_plainly(text: str, reader: _RoutineReader) -> tuple[Routine | None, _RoutineReader]:
    """The routine, when its text is plain YAML (plain_yaml.py, several times faster than
    libyaml's nodes) and all is well with it; else (None, a fresh reader) for libyaml's
    reading, which says each problem with its line and column."""
    root = plain_compose(text)
    routine = None if root is None else reader.routine(root)
    if root is None or routine is not None:
        return routine, reader
    return None, _RoutineReader(reader.path, reader.origin, reader.illustrations_dir,
                                reader.language, reader.images)


def load_routine_file(path: Path, origin: str = "bundled", illustrations_dir: Path | None = None,
                      text: str | None = None, language: str | None = None,
                      images: ImageLookup | None = None) -> Routine:
    """Reads and checks one routine file; raises RoutineFileError listing every problem.
    With `text`, checks that instead, as if it were in `path` (the editor's unsaved routine).
    Its texts are those of `language` (by default the language in use), see routine_texts.py.
    `images`, when given, answers where pictures are for a whole load of files at once.

    Whatever the file holds, this raises nothing else: one bad file must never stop the
    others from loading, nor end a command with a traceback."""
    path = Path(path)
    reader = _RoutineReader(path, origin, illustrations_dir, language or current_language(),
                            images)
    try:
        if text is None:
            text = read_text(path, reader.out)
        routine = None
        if text is not None:
            routine, reader = _read_plainly(text, reader)
        if routine is None and text is not None:
            root = compose(text, reader.out)
            if not reader.out.problems:
                routine = reader.routine(root)
    except (RecursionError, MemoryError):
        reader.out.add(_("is nested or repeated too much to be read"))
        routine = None
    except (ValueError, OSError, RuntimeError) as error:  # a case no check above foresaw
        reader.out.add(_("cannot be read ({error})").format(error=type(error).__name__))
        routine = None
    if routine is None:
        if not reader.out.problems:
            reader.out.add(_("is not a usable routine"))
        problems = sorted(reader.out.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise RoutineFileError(path, problems)
    return routine
