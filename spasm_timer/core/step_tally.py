"""How a session's steps went, counted in the routine's own steps, for the end screen."""

from __future__ import annotations

from collections import Counter

from spasm_timer.core.events import SessionEvent, StepEnded
from spasm_timer.core.step_counts import count_steps
from spasm_timer.core.timeline import Timeline


class StepTally:
    """How the routine's steps went, for the end screen, by the one rule of
    `core.step_counts`: in the routine's own steps, as the start screen counts them, not in
    rounds (each side and each repeat of a step). The round Stop cut short is logged
    `stopped`, neither done nor skipped: the end screen already says the session was stopped.
    """

    def __init__(self, timeline: Timeline) -> None:
        self._rounds_planned = Counter(segment.step for segment in timeline.step_segments)
        self._ended: list[tuple[int, str]] = []  # (step number, outcome) of each ended round

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, StepEnded):
            self._ended.append((event.segment.step, event.outcome))

    @property
    def planned(self) -> int:
        return len(self._rounds_planned)

    @property
    def done(self) -> int:
        return count_steps(self._ended, self._rounds_planned).done

    @property
    def skipped(self) -> int:
        return count_steps(self._ended, self._rounds_planned).skipped
