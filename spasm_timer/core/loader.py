"""Reading routine files strictly, and saying everything that is wrong with them at once.

The file is checked on YAML's node tree rather than on built Python objects, so every problem
keeps its line and column, and nothing in a file can ever build an object: only plain scalars,
lists and mappings are read. Nesting depth and aliases are limited before anything is built
(yaml_reading.py reads the YAML; node_reading.py reads values, texts and durations from it;
this module holds the routine's own rules).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import yaml

from spasm_timer.core.guidance import kind_label
from spasm_timer.core.node_reading import THE_ROUTINE, NodeReader, StepName
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
from spasm_timer.core.routine_texts import ChosenText
from spasm_timer.core.timeline import heat_cold_problems, limit_problems
from spasm_timer.core.yaml_reading import (
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
ROUTINE_KEYS = ("name", "area", "description", "safety", "lead_in", "steps", "schema")
STEP_KEYS = ("kind", "title", "instructions", "duration", "repeat", "rest", "sides", "image")


class _RoutineReader(NodeReader):
    """Turns a composed node tree into a Routine, collecting every problem on the way."""

    def __init__(self, path: Path, origin: str, illustrations_dir: Path | None, language: str,
                 images: ImageLookup | None = None):
        super().__init__(path, language)
        self.images = images or ImageLookup()
        self.origin = origin
        self.illustrations_dir = illustrations_dir
        # Where a step's picture is looked for, in order: beside the routine, then in assets.
        self.image_folders = (path.parent,) if illustrations_dir is None else (
            path.parent, illustrations_dir)


    def routine(self, root: yaml.Node | None) -> Routine | None:
        if root is None:
            self.out.add(_("file is empty; a routine needs at least name, area and steps"))
            return None
        if not isinstance(root, yaml.MappingNode):
            self.out.add(_("a routine must be a mapping with name, area and steps"), root)
            return None
        fields = self.mapping(root, ROUTINE_KEYS, THE_ROUTINE)
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
        fields = self.mapping(node, STEP_KEYS, StepName(number))
        if not isinstance(node, yaml.MappingNode):
            return None
        before = len(self.out.problems)
        for required in ("kind", "title", "duration"):
            if required not in fields:
                self.out.add(_("step {number} is missing '{field}'").format(
                    number=number, field=required), node)
        kind = self.kind(fields.get("kind"), number)
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
            self.out.add(_("step {number}: {kind} may never last more than 20 minutes in one go")
                         .format(number=number, kind=kind_label(kind)), fields["duration"])
        if len(self.out.problems) > before or kind is None or duration is None:
            return None
        return Step(kind=kind, title=title, instructions=instructions, duration=duration,
                    repeat=repeat or 1, rest_seconds=rest or 0, sides=sides, image=image)

    def kind(self, node: yaml.Node | None, number: int) -> str | None:
        if node is None:
            return None
        scalar = self.scalar(node, "kind")
        if scalar is None:
            return None
        kind: str = scalar.value
        if kind in STEP_KINDS:
            return kind
        close = difflib.get_close_matches(scalar.value, STEP_KINDS, n=1, cutoff=0.6)
        message = (_("step {number}: unknown kind '{kind}' (did you mean '{close}'?)") if close
                   else _("step {number}: unknown kind '{kind}' (known: {kinds})"))
        self.out.add(message.format(number=number, kind=short(scalar.value),
                                    close=close[0] if close else "",
                                    kinds=", ".join(STEP_KINDS)), node)
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
