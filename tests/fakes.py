"""Test doubles for the session core: a clock moved by hand, and routines built in code."""

from __future__ import annotations

from spasm_timer.core.durations import Duration
from spasm_timer.core.routine import Routine, Step
from spasm_timer.core.timeline import Timeline, expand


class FakeClock:
    """A clock that only moves when told to.

    It counts whole milliseconds, so a thousand advances of 0.001 s land exactly on 1.0 s and
    tests can compare moments with ==.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._ms = round(start * 1000)

    def now(self) -> float:
        return self._ms / 1000

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._ms += round(seconds * 1000)
        return self.now()

    def set(self, seconds: float) -> float:
        ms = round(seconds * 1000)
        if ms < self._ms:
            raise ValueError("a monotonic clock never goes back")
        self._ms = ms
        return self.now()


def step(
    seconds: int | Duration = 10,
    kind: str = "pressure",
    title: str | None = None,
    repeat: int = 1,
    rest: int = 0,
    sides: str = "none",
) -> Step:
    """A step with only what a test cares about; `seconds` may be a Duration for a range."""
    duration = seconds if isinstance(seconds, Duration) else Duration.fixed(seconds)
    return Step(
        kind=kind,
        title=title or f"{kind} {duration.seconds}s",
        instructions="",
        duration=duration,
        repeat=repeat,
        rest_seconds=rest,
        sides=sides,
    )


def ranged(planned: int, low: int, high: int) -> Duration:
    return Duration(planned, low, high)


def make_timeline(steps: list[Step] | None = None, lead_in: int = 0) -> Timeline:
    """A timeline from steps (default: one 10 s step), with `lead_in` seconds before each side."""
    routine = Routine(
        id="test",
        name="Test routine",
        area="calf",
        steps=tuple(steps if steps is not None else [step(10)]),
        lead_in_seconds=lead_in,
    )
    return expand(routine)
