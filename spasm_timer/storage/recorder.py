"""Glue between a running session and the log: session events in, log writes out."""

from __future__ import annotations

from typing import Any

from spasm_timer.core.events import Paused, SessionEnded, SessionEvent, SessionStarted, StepEnded
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline


class SessionRecorder:
    """A session listener that logs the session as it happens.

    `log` is the app's `QueuedWrites` (each write queued to the writer thread, so the
    countdown never waits on the disk) or a `SessionLog` (tests, tools). Each step carries
    its position in the session and each pause the count so far, so a write applied twice
    (after a crash) changes nothing.

    The planned seconds of the session are those of the whole timeline, lead-ins and rests
    included: that is the time the person set aside, and what the player counts down.
    """

    def __init__(self, log: Any, routine: Routine, timeline: Timeline,
                 pain_before: int | None = None) -> None:
        self.log = log
        self.routine = routine
        self.timeline = timeline
        self.pain_before = pain_before
        self.session_id: str | None = None
        self._steps = 0
        self._pauses = 0

    def carry_on_after(self, steps: int, pauses: int) -> None:
        """Continues a session that already has `steps` steps and `pauses` pauses logged."""
        self._steps, self._pauses = steps, pauses

    def __call__(self, event: SessionEvent) -> None:
        if isinstance(event, SessionStarted):
            self.session_id = self.log.begin_session(
                self.routine.id, self.routine.name, self.timeline.total_seconds,
                self.pain_before)
        elif self.session_id is None:
            return  # the start was never logged: nothing to attach the rest to
        elif isinstance(event, StepEnded):
            segment = event.segment
            self.log.record_step(self.session_id, segment.step, segment.title, segment.kind,
                                 segment.side, segment.repetition, segment.seconds,
                                 event.actual_seconds, event.outcome, position=self._steps)
            self._steps += 1
        elif isinstance(event, Paused):
            self._pauses += 1
            self.log.record_pause(self.session_id, self._pauses)
        elif isinstance(event, SessionEnded):
            self.log.end_session(self.session_id, event.status, event.active_seconds)
