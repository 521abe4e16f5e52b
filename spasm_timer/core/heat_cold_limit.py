"""Never more than 20 minutes of heat, or of cold, in one go, over the whole routine.

Two applications of the same kind with less than 20 minutes between them count as one: the
skin has had no time to recover, so `repeat: 3` of a 20-minute heat step, two heat steps back
to back, or a chain of them with no get-ready time all add up. The time between two
applications is counted at its shortest (a ranged step ended early, no get-ready time when the
routine leaves it to the settings), and each application at its longest (a ranged step at its
upper bound), so no way through the routine gets past the limit.

The loader refuses a routine that breaks the rule; `timeline.expand` refuses it too, so the
player never runs one, wherever it came from (the routine cache included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from spasm_timer.core.guidance import kind_label
from spasm_timer.core.routine import THERMAL_KINDS, THERMAL_MAX_SECONDS
from spasm_timer.i18n import _
from spasm_timer.local_formats import decimal

# Applications closer together than this are one application.
THERMAL_GAP_SECONDS = 20 * 60


class _Timed(Protocol):
    """What the rule needs of a timeline segment."""

    # Read-only, as the timeline's frozen segments have them.
    @property
    def is_step(self) -> bool: ...
    @property
    def kind(self) -> str: ...
    @property
    def step(self) -> int: ...
    @property
    def min_seconds(self) -> int: ...
    @property
    def max_seconds(self) -> int: ...


@dataclass
class ThermalRun:
    """Heat (or cold) segments that count as one application."""

    kind: str
    segments: list[int] = field(default_factory=list)  # indexes into the timeline
    steps: list[int] = field(default_factory=list)  # routine step numbers, from 1, in order
    longest_seconds: int = 0  # every segment at its upper bound

    def describe_steps(self) -> str:
        first, last = self.steps[0], self.steps[-1]
        if first == last:
            return _("step {number}").format(number=first)
        return _("steps {first}–{last}").format(first=first, last=last)


def thermal_runs(segments: Sequence[_Timed]) -> list[ThermalRun]:
    """Every application of heat or cold, closer ones joined, in timeline order."""
    runs: list[ThermalRun] = []
    open_runs: dict[str, ThermalRun] = {}
    gap_since: dict[str, int] = {}  # seconds since the last segment of each kind, at shortest
    for index, segment in enumerate(segments):
        thermal = segment.is_step and segment.kind in THERMAL_KINDS
        if thermal:
            kind = segment.kind
            run = open_runs.get(kind)
            if run is None or gap_since[kind] >= THERMAL_GAP_SECONDS:
                run = ThermalRun(kind)
                runs.append(run)
                open_runs[kind] = run
            run.segments.append(index)
            if segment.step not in run.steps:
                run.steps.append(segment.step)
            run.longest_seconds += segment.max_seconds
            gap_since[kind] = 0
        for other in gap_since:
            if not thermal or other != segment.kind:
                gap_since[other] += segment.min_seconds
    return runs


def thermal_problems(segments: Sequence[_Timed]) -> list[tuple[int, str]]:
    """(first step number, message) for each application that would pass 20 minutes."""
    problems = []
    for run in thermal_runs(segments):
        if run.longest_seconds <= THERMAL_MAX_SECONDS:
            continue
        minutes = run.longest_seconds / 60
        words = {"steps": run.describe_steps(), "kind": kind_label(run.kind),
                 "amount": decimal(minutes, 0 if minutes == int(minutes) else 1)}
        if len(run.segments) == 1:
            message = _("{steps}: {kind} may never last more than 20 minutes in one go (this "
                        "one can last {amount} minutes)").format(**words)
        else:
            message = _("{steps}: {amount} minutes of {kind} with less than 20 minutes between "
                        "applications, which counts as one go; at most 20 minutes of {kind} in "
                        "one go (shorten it, or put at least 20 minutes of other steps or rest "
                        "between)").format(**words)
        problems.append((run.steps[0], message))
    return problems


def thermal_extension_caps(segments: Sequence[_Timed]) -> dict[int, int]:
    """The longest each heat or cold segment may be made with "10 seconds more".

    A lone application may grow to 20 minutes; one that shares its go with others stays within
    its own upper bound, so the go as a whole never passes what the routine was checked for.
    """
    caps = {}
    for run in thermal_runs(segments):
        for index in run.segments:
            alone = len(run.segments) == 1
            caps[index] = THERMAL_MAX_SECONDS if alone else \
                min(THERMAL_MAX_SECONDS, segments[index].max_seconds)
    return caps
