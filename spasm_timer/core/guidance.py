"""The usual times for each kind of step, and the warnings for a time outside them.

These are guidance, not limits: a time outside its usual range still loads and runs, and
`spasm-timer validate` and the routine editor say so, with the usual range, so the person can
decide. The hard limits (heat and cold at most 20 minutes) live in the loader, which refuses
a file that breaks them.

The numbers are those of the self-massage guidance the bundled routines rest on; the routine
editor and `validate` both read them from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spasm_timer.core.durations import format_seconds
from spasm_timer.core.routine import Routine, Step
from spasm_timer.i18n import N_, _, pgettext


@dataclass(frozen=True)
class UsualTime:
    """The usual time of one step (of one hold, for holds), in seconds."""

    low: int
    high: int
    per: str = "step"  # "hold" for kinds that are held and repeated

    def text(self) -> str:
        """The range as the guidance writes it: 15–20 min, 30–90 s (units in every language)."""
        if self.low % 60 == 0 and self.high % 60 == 0:
            return f"{self.low // 60}–{self.high // 60} min"
        if self.high <= 120:  # as the guidance says it: 30–90 s, 30–120 s
            return f"{self.low}–{self.high} s"
        return f"{format_seconds(self.low)} – {format_seconds(self.high)}"


# None: any time is fine (breathing, resting).
USUAL_TIMES: dict[str, UsualTime | None] = {
    "pressure": UsualTime(20, 60),
    "circular": UsualTime(30, 90),
    "trigger_point": UsualTime(10, 30, per="hold"),
    "neuromuscular": UsualTime(10, 30, per="hold"),
    "stretch": UsualTime(15, 30, per="hold"),
    "heat": UsualTime(15 * 60, 20 * 60),
    "cold": UsualTime(15 * 60, 20 * 60),
    "effleurage": UsualTime(30, 120),
    "petrissage": UsualTime(30, 120),
    "friction": UsualTime(20, 60),
    "breathe": None,
    "rest": None,
}

# What a person calls each kind, for messages and the editor's choices: English, marked for
# the catalogs; kind_name() gives it in the language in use.
KIND_NAMES = {
    "pressure": N_("gentle pressure"),
    "circular": N_("circular motions"),
    "trigger_point": N_("trigger-point hold"),
    "neuromuscular": N_("neuromuscular work"),
    "stretch": N_("stretch"),
    "heat": N_("heat"),
    "cold": N_("cold pack"),
    "effleurage": N_("long strokes"),
    "petrissage": N_("kneading"),
    "friction": N_("friction"),
    "breathe": N_("breathing"),
    "rest": N_("rest"),
}


def kind_label(kind: str) -> str:
    """A step kind written short, as the plan and the limits' messages name it: the kind as
    the routine format spells it ("trigger_point") in English, a word in other languages."""
    labels = {
        "pressure": pgettext("step kind", "pressure"),
        "circular": pgettext("step kind", "circular"),
        "trigger_point": pgettext("step kind", "trigger_point"),
        "neuromuscular": pgettext("step kind", "neuromuscular"),
        "stretch": pgettext("step kind", "stretch"),
        "heat": pgettext("step kind", "heat"),
        "cold": pgettext("step kind", "cold"),
        "effleurage": pgettext("step kind", "effleurage"),
        "petrissage": pgettext("step kind", "petrissage"),
        "friction": pgettext("step kind", "friction"),
        "breathe": pgettext("step kind", "breathe"),
        "rest": pgettext("step kind", "rest"),
    }
    return labels.get(kind, kind)


def kind_name(kind: str) -> str:
    """What a person calls this kind of step, in the language in use ("gentle pressure");
    a kind the app does not know is shown as it is written."""
    name = KIND_NAMES.get(kind)
    return _(name) if name else kind


# What the hands do, one picture per kind (in the illustrations folder); a step's own picture
# wins over these.
KIND_PICTURES = {
    "pressure": "technique-pressure.svg",
    "circular": "technique-circles.svg",
    "trigger_point": "technique-hold.svg",
    "neuromuscular": "technique-hold.svg",
    "stretch": "technique-stretch.svg",
    "heat": "heat.svg",
    "cold": "cold.svg",
    "effleurage": "technique-strokes.svg",
    "petrissage": "technique-kneading.svg",
    "friction": "technique-friction.svg",
    "breathe": "breathe.svg",
    "rest": "breathe.svg",
}


def kind_picture(kind: str) -> Path | None:
    """The bundled picture of what the hands do for this kind of step, if there is one."""
    from spasm_timer import paths

    name = KIND_PICTURES.get(kind)
    return paths.illustrations_dir() / name if name else None


def step_picture(own: Path | None, kind: str) -> Path | None:
    """The picture to show for a step: its own when it has one, else its kind's."""
    return own if own is not None else kind_picture(kind)


def usual_time(kind: str) -> UsualTime | None:
    return USUAL_TIMES.get(kind)


def step_time_warning(kind: str, min_seconds: int, max_seconds: int) -> str | None:
    """A plain sentence when a step's time leaves its kind's usual range, else None."""
    usual = usual_time(kind)
    if usual is None or (usual.low <= min_seconds and max_seconds <= usual.high):
        return None
    planned = (format_seconds(max_seconds) if min_seconds == max_seconds
               else f"{format_seconds(min_seconds)} – {format_seconds(max_seconds)}")
    words = {"kind": kind_name(kind), "planned": planned, "usual": usual.text()}
    if usual.per == "hold":
        return _("{kind} of {planned}; the usual time is {usual} a hold").format(**words)
    return _("{kind} of {planned}; the usual time is {usual}").format(**words)


def step_warning(step: Step) -> str | None:
    return step_time_warning(step.kind, step.duration.min_seconds, step.duration.max_seconds)


@dataclass(frozen=True)
class GuidanceWarning:
    """Guidance about a routine that still loads: where it is, and what to think about."""

    path: Path | None
    step: int  # from 1
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = f"{self.line}:{self.column}:" if self.line is not None else ""
        said = _("warning: step {step}: {message}").format(step=self.step, message=self.message)
        return f"{self.path}:{place} {said}"


def routine_warnings(routine: Routine) -> list[GuidanceWarning]:
    """Every step whose time is outside its kind's usual range, with the line of its duration
    when the routine came from a file."""
    places = dict(_duration_places(routine.path)) if routine.path else {}
    warnings = []
    for number, step in enumerate(routine.steps, start=1):
        message = step_warning(step)
        if message:
            line, column = places.get(number, (None, None))
            warnings.append(GuidanceWarning(routine.path, number, message, line, column))
    return warnings


def _duration_places(path: Path) -> Iterator[tuple[int, tuple[int, int]]]:
    """(step number, (line, column)) of each step's duration in a file the loader accepted."""
    import yaml  # only for files: the editor's checks of unsaved routines never need it

    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return
    steps = _value_of(root, "steps")
    if not isinstance(steps, yaml.SequenceNode):
        return
    for number, step in enumerate(steps.value, start=1):
        duration = _value_of(step, "duration")
        if duration is not None:
            yield number, (duration.start_mark.line + 1, duration.start_mark.column + 1)


def _value_of(node, key: str):  # type: ignore[no-untyped-def]
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None
