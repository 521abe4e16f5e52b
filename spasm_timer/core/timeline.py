"""Expanding a routine into the timed segments the player runs through, one after another.

For each step: a lead-in (get ready), then each side in turn (left, then right), each side
repeated `repeat` times with a rest between repetitions. The second side of a `both` step gets
its own lead-in, because moving to the other limb takes a moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spasm_timer.core.heat_cold_limit import thermal_problems
from spasm_timer.core.routine import DEFAULT_LEAD_IN_SECONDS, SIDE_LISTS, Routine, Step
from spasm_timer.i18n import _, pgettext
from spasm_timer.local_formats import decimal, whole_number

MAX_SEGMENTS = 10_000
MAX_TOTAL_SECONDS = 12 * 3600

ROLE_LEAD_IN = "lead_in"
ROLE_REST = "rest"
ROLE_STEP = "step"


@dataclass(frozen=True)
class Segment:
    """One stretch of time with one countdown.

    `role` is `lead_in`, `rest` (between repetitions) or `step`; `kind` is the step's kind for a
    step, and `lead_in` or `rest` otherwise (a step may itself be of kind `rest`, which is why
    the role is kept apart). `step` is the routine step's number, from 1.
    """

    role: str
    step: int
    title: str
    kind: str
    step_kind: str
    side: str | None
    repetition: int
    repetitions: int
    seconds: int
    min_seconds: int
    max_seconds: int
    instructions: str = ""
    image: Path | None = None

    @property
    def is_step(self) -> bool:
        return self.role == ROLE_STEP

    def plan_dict(self) -> dict[str, object]:
        return {
            "step": self.step,
            "title": self.title,
            "kind": self.kind,
            "side": self.side,
            "repetition": self.repetition,
            "seconds": self.seconds,
            "min_seconds": self.min_seconds,
            "max_seconds": self.max_seconds,
        }


@dataclass(frozen=True)
class Timeline:
    routine: Routine
    segments: tuple[Segment, ...]

    @property
    def total_seconds(self) -> int:
        return sum(segment.seconds for segment in self.segments)

    @property
    def step_segments(self) -> tuple[Segment, ...]:
        return tuple(segment for segment in self.segments if segment.is_step)


def effective_lead_in(routine: Routine, default_lead_in: int = DEFAULT_LEAD_IN_SECONDS) -> int:
    return default_lead_in if routine.lead_in_seconds is None else routine.lead_in_seconds


def _step_size(step: Step, lead_in: int) -> tuple[int, int]:
    """(segments, seconds) of one step, counted without building it."""
    sides = len(SIDE_LISTS[step.sides])
    rests = step.repeat - 1 if step.rest_seconds else 0
    segments = sides * (step.repeat + rests + (1 if lead_in else 0))
    seconds = sides * (step.repeat * step.duration.seconds + rests * step.rest_seconds + lead_in)
    return segments, seconds


def measure(routine: Routine, default_lead_in: int = DEFAULT_LEAD_IN_SECONDS) -> tuple[int, int]:
    """(segments, seconds) of the whole expanded routine; cheap even for absurd repeats
    (the loader measures every file, and the library every routine it lists)."""
    lead_in = effective_lead_in(routine, default_lead_in)
    segments = seconds = 0
    for step in routine.steps:
        step_segments, step_seconds = _step_size(step, lead_in)
        segments += step_segments
        seconds += step_seconds
    return segments, seconds


def limit_problems(routine: Routine, default_lead_in: int = DEFAULT_LEAD_IN_SECONDS) -> list[str]:
    """What makes the routine too big to run, each said of "the routine" (the loader says
    that part); empty when it is within the limits."""
    segments, seconds = measure(routine, default_lead_in)
    problems = []
    if segments > MAX_SEGMENTS:
        problems.append(_("expands to {count} timed segments; at most {limit} are allowed")
                        .format(count=whole_number(segments), limit=whole_number(MAX_SEGMENTS)))
    if seconds > MAX_TOTAL_SECONDS:
        problems.append(_("lasts {hours} hours in all; at most 12 hours are allowed")
                        .format(hours=decimal(seconds / 3600)))
    return problems


def _expand_step(number: int, step: Step, lead_in: int) -> list[Segment]:
    def segment(role: str, kind: str, side: str | None, repetition: int, seconds: int,
                low: int, high: int) -> Segment:
        title = step.title if role != ROLE_REST else rest_title
        return Segment(role=role, step=number, title=title, kind=kind, step_kind=step.kind,
                       side=side, repetition=repetition,
                       repetitions=step.repeat, seconds=seconds, min_seconds=low, max_seconds=high,
                       instructions=step.instructions, image=step.image)

    rest_title = pgettext("between repetitions", "Rest")
    segments: list[Segment] = []
    for side in step.side_list:
        if lead_in:
            segments.append(segment(ROLE_LEAD_IN, "lead_in", side, 1, lead_in, lead_in, lead_in))
        for repetition in range(1, step.repeat + 1):
            if repetition > 1 and step.rest_seconds:
                rest = step.rest_seconds
                segments.append(segment(ROLE_REST, "rest", side, repetition - 1, rest, rest, rest))
            d = step.duration
            segments.append(segment(ROLE_STEP, step.kind, side, repetition, d.seconds,
                                    d.min_seconds, d.max_seconds))
    return segments


def heat_cold_problems(routine: Routine) -> list[tuple[int, str]]:
    """(step number, message) for heat or cold that would pass 20 minutes in one go.

    Counted with the routine's own get-ready time, or none when it leaves that to the
    settings (which may turn it off): the verdict is the same whatever the settings say.
    Call it only on a routine within the size limits."""
    return thermal_problems(_segments(routine, routine.lead_in_seconds or 0))


def _segments(routine: Routine, lead_in: int) -> list[Segment]:
    segments: list[Segment] = []
    for number, step in enumerate(routine.steps, start=1):
        segments.extend(_expand_step(number, step, lead_in))
    return segments


def expand(routine: Routine, default_lead_in: int = DEFAULT_LEAD_IN_SECONDS) -> Timeline:
    """The routine as the player will run it. Raises ValueError past the size limits, or
    for heat or cold past 20 minutes in one go, wherever the routine came from."""
    problems = limit_problems(routine, default_lead_in)
    if not problems:
        problems = [message for _, message in heat_cold_problems(routine)]
    if problems:
        raise ValueError("; ".join(problems))
    segments = _segments(routine, effective_lead_in(routine, default_lead_in))
    return Timeline(routine, tuple(segments))
