"""A routine as the editor holds it: plain texts as typed, checked by the loader's own rules.

The editor never checks a routine its own way. It writes the draft as YAML, hands that text
to the loader (as if it were the file it will become) and places each problem beside its field
by the line the problem names. Guidance warnings come from core/guidance.py, as in `validate`.
Plain Python, no Qt.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from spasm_timer.core.durations import DurationError, parse_duration
from spasm_timer.core.guidance import step_time_warning
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.routine_texts import shown_language
from spasm_timer.i18n import DEFAULT_LANGUAGE, _, current_language

ROUTINE_FIELDS = ("name", "area", "description", "safety", "lead_in")
STEP_FIELDS = ("kind", "title", "instructions", "duration", "repeat", "rest", "sides", "image")
# Where a problem goes when the file has no better place for it: the routine as a whole.
WHOLE = (None, "routine")


@dataclass
class StepDraft:
    """One step as typed. `duration` is `45s` or a range `10-30s`; `plan` the planned time
    inside a range (empty: its upper bound). `source` is the step's place in the file it was
    read from, so unchanged steps keep their comments and layout when saved."""

    kind: str = "pressure"
    title: str = ""
    instructions: str = ""
    duration: str = "30s"
    plan: str = ""
    repeat: int = 1
    rest: str = ""
    sides: str = "none"
    image: str = ""
    source: int | None = None

    def copy(self) -> StepDraft:
        return replace(self, source=None)


@dataclass
class RoutineDraft:
    name: str = ""
    area: str = ""
    description: str = ""
    safety: list[str] = field(default_factory=list)
    lead_in: str = ""
    steps: list[StepDraft] = field(default_factory=list)


Place = tuple[int | None, str]  # (step index from 0, or None for the routine; field name)


@dataclass
class DraftCheck:
    """What the loader and the guidance say about a draft, by place."""

    routine: Routine | None
    errors: dict[Place, list[str]] = field(default_factory=dict)
    warnings: dict[Place, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.errors


# ------------------------------------------------------------------------- reading

def _text(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # one text per language: the one shown is the one edited
        return _text(value[shown_language(value, language)]) if value else ""
    return str(value)


def draft_from_data(data: dict, language: str | None = None) -> RoutineDraft:  # type: ignore[type-arg]
    """A draft from a routine's mapping, as read from a file that loads, with the texts shown
    in `language` (by default the language in use)."""
    language = language or current_language()
    safety = data.get("safety") or []
    if isinstance(safety, (str, dict)):
        safety = [safety]
    steps = []
    for index, item in enumerate(data.get("steps") or []):
        duration, plan = item.get("duration", ""), ""
        if isinstance(duration, dict):
            duration, plan = duration.get("range", ""), duration.get("default", "")
        steps.append(StepDraft(
            kind=_text(item.get("kind")), title=_text(item.get("title"), language),
            instructions=_text(item.get("instructions"), language), duration=_text(duration),
            plan=_text(plan), repeat=int(item.get("repeat", 1) or 1), rest=_text(item.get("rest")),
            sides=_text(item.get("sides")) or "none", image=_text(item.get("image")),
            source=index))
    return RoutineDraft(name=_text(data.get("name"), language),
                        area=_text(data.get("area"), language),
                        description=_text(data.get("description"), language),
                        safety=[_text(note, language) for note in safety],
                        lead_in=_text(data.get("lead_in")), steps=steps)


# ------------------------------------------------------------------------- writing

def scalar(value: str | int) -> str:
    """One YAML scalar on one line: plain where YAML reads it back as the same text."""
    if isinstance(value, int):
        return str(value)
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    return dumped if "\n" not in dumped else json.dumps(value, ensure_ascii=False)


def time_value(text: str) -> str | int:
    """A time as typed: a bare number of seconds is written as a number."""
    text = text.strip()
    return int(text) if text.isdigit() else text


def step_items(step: StepDraft, image: str | None = None) -> list[tuple[str, object]]:
    """The keys a step is written with, in the usual order; optional ones only when set."""
    duration: object = time_value(step.duration)
    if step.plan.strip():
        duration = {"range": step.duration.strip(), "default": time_value(step.plan)}
    items: list[tuple[str, object]] = [("kind", step.kind), ("title", step.title.strip())]
    if step.instructions.strip():
        items.append(("instructions", step.instructions.strip()))
    items.append(("duration", duration))
    if step.repeat != 1:
        items.append(("repeat", step.repeat))
    if step.rest.strip() and step.rest.strip() not in ("0", "0s"):
        items.append(("rest", time_value(step.rest)))
    if step.sides and step.sides != "none":
        items.append(("sides", step.sides))
    image = step.image.strip() if image is None else image
    if image:
        items.append(("image", image))
    return items


def routine_items(draft: RoutineDraft) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = [("name", draft.name.strip()), ("area", draft.area.strip())]
    if draft.description.strip():
        items.append(("description", draft.description.strip()))
    notes = [note.strip() for note in draft.safety if note.strip()]
    if notes:
        items.append(("safety", notes))
    if draft.lead_in.strip():
        items.append(("lead_in", time_value(draft.lead_in)))
    return items


def emit(draft: RoutineDraft, images: dict[int, str] | None = None) -> tuple[str, dict[int, Place]]:
    """The draft as fresh YAML text, and which field each line holds (lines from 1).

    `images` overrides what is written as a step's picture (by step index)."""
    lines: list[str] = []
    places: dict[int, Place] = {}

    def put(text: str, place: Place) -> None:
        lines.append(text)
        places[len(lines)] = place

    for key, value in routine_items(draft):
        if isinstance(value, list):
            put(f"{key}:", (None, key))
            for note in value:
                put(f"  - {scalar(note)}", (None, key))
        else:
            put(f"{key}: {scalar(value)}", (None, key))  # type: ignore[arg-type]
    put("steps:", (None, "steps"))
    for index, step in enumerate(draft.steps):
        image = None if images is None else images.get(index, step.image)
        for number, (key, value) in enumerate(step_items(step, image)):
            lead = "  - " if number == 0 else "    "
            if isinstance(value, dict):
                text = "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
            else:
                text = scalar(value)  # type: ignore[arg-type]
            put(f"{lead}{key}: {text}", (index, key))
    return "\n".join(lines) + "\n", places


# ------------------------------------------------------------------------- checking

def check_draft(draft: RoutineDraft, path: Path, illustrations_dir: Path | None) -> DraftCheck:
    """Checks the draft as the file `path` it will be saved as, with the loader's own rules.

    A picture chosen from elsewhere (a full path) is checked for being there; saving copies it
    beside the routine."""
    from spasm_timer.core.loader import load_routine_file

    images = {index: "" for index, step in enumerate(draft.steps)
              if Path(step.image).is_absolute()}
    text, places = emit(draft, images)
    check = DraftCheck(None)
    for index in images:
        if not Path(draft.steps[index].image).is_file():
            check.errors.setdefault((index, "image"), []).append(
                _("this picture file is not there"))
    try:
        check.routine = load_routine_file(path, "user", illustrations_dir, text=text)
    except RoutineFileError as error:
        for problem in error.problems:
            place = places.get(problem.line or 0, WHOLE)
            check.errors.setdefault(place, []).append(_without_step_number(problem.message))
    for index, step in enumerate(draft.steps):  # also while other fields still have problems
        message = _time_warning(step)
        if message:
            check.warnings.setdefault((index, "duration"), []).append(message)
    return check


def _time_warning(step: StepDraft) -> str | None:
    try:
        duration = parse_duration(time_value(step.duration), time_value(step.plan)
                                  if step.plan.strip() else None)
    except DurationError:
        return None  # the loader says what is wrong with it
    return step_time_warning(step.kind, duration.min_seconds, duration.max_seconds)


def _without_step_number(message: str) -> str:
    """'step 3: heat may …' → 'heat may …': beside the field, the step is plain to see. The
    step is named as the loader names it, in the language in use."""
    step = re.escape(_("step {number}")).replace(re.escape("{number}"), r"\d+")
    return re.sub(rf"^{step}(?:: | )", "", message)


# ------------------------------------------------------------------------- ids

# Letters spelled out as their language writes them without the mark ("Fußkrampf lösen" →
# "fusskrampf-loesen", not "fu-krampf-l-sen"), and letters Unicode does not take apart.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe",
                              "ø": "o", "ł": "l", "đ": "d"})
# Spanish marks a spoken u between g and e or i (pingüino, ungüento): there it is a plain u.
_SPANISH_U = re.compile("(?<=g)ü(?=[ei])")


# Names Windows keeps for devices, whatever the extension ("nul.yaml" is the null device);
# the 0s and the plain ones are reserved by newer Windows versions too.
_WINDOWS_RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")


def slug(name: str) -> str:
    """A file name from a routine's name: 'Evening calf stretch' → 'evening-calf-stretch',
    'Fußkrampf lösen' → 'fusskrampf-loesen', 'Masaje del talón' → 'masaje-del-talon'."""
    text = _SPANISH_U.sub("u", unicodedata.normalize("NFC", name).lower())
    text = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    text = "".join(letter for letter in text if not unicodedata.combining(letter))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:60].strip("-") or "my-routine"
    if _WINDOWS_RESERVED.fullmatch(text):
        return f"{text}-routine"  # "con.yaml" cannot be made on Windows, "con-routine.yaml" can
    return text


def free_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"
