"""How a session's steps went, counted in the routine's own steps, for the end screen."""

from __future__ import annotations

from collections import Counter

from spasm_timer.core.events import (
    COMPLETED,
    SKIPPED,
    STOPPED,
    SessionEnded,
    SessionEvent,
    StepEnded,
)
from spasm_timer.core.timeline import Timeline


class StepTally:
    """How the routine's steps went, for the end screen: counted in the routine's own steps,
    as the start screen counts them, not in rounds (each side and each repeat of a step).

    A step is done when every round of it ran to its end, and skipped when the person skipped
    any round of it. The round that Stop cuts short is neither: the end screen already says
    the session was stopped.
    """

    def __init__(self, timeline: Timeline) -> None:
        self._rounds_planned = Counter(segment.step for segment in timeline.step_segments)
        self._outcomes: dict[int, list[str]] = {}  # step number → how its ended rounds ended
        self._round_just_ended: int | None = None  # its step, when the last event ended a round

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, SessionEnded) and event.status == STOPPED and \
                self._round_just_ended is not None:
            self._outcomes[self._round_just_ended].pop()  # cut short by Stop, not skipped
        self._round_just_ended = None
        if isinstance(event, StepEnded):
            self._outcomes.setdefault(event.segment.step, []).append(event.outcome)
            self._round_just_ended = event.segment.step

    @property
    def planned(self) -> int:
        return len(self._rounds_planned)

    @property
    def done(self) -> int:
        return sum(1 for step, rounds in self._rounds_planned.items()
                   if self._outcomes.get(step, []).count(COMPLETED) == rounds)

    @property
    def skipped(self) -> int:
        return sum(1 for outcomes in self._outcomes.values() if SKIPPED in outcomes)
