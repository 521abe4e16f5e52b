"""Glue between a running session and the log: session events in, log rows out."""

from __future__ import annotations

from spasm_timer.core.events import Paused, SessionEnded, SessionEvent, SessionStarted, StepEnded
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline
from spasm_timer.storage.log import SessionLog


class SessionRecorder:
    """A session listener that logs the session as it happens.

    A write that fails (the disk is full, say) raises the log's error; the SessionDriver
    that calls the recorder catches it, says so once and runs on, so the person's massage
    never waits on its record. A session whose start could not be logged logs nothing more.

    The planned seconds of the session are those of the whole timeline, lead-ins and rests
    included: that is the time the person set aside, and what the player counts down.
    """

    def __init__(self, log: SessionLog, routine: Routine, timeline: Timeline,
                 pain_before: int | None = None) -> None:
        self.log = log
        self.routine = routine
        self.timeline = timeline
        self.pain_before = pain_before
        self.session_id: str | None = None

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
                                 event.actual_seconds, event.outcome)
        elif isinstance(event, Paused):
            self.log.record_pause(self.session_id)
        elif isinstance(event, SessionEnded):
            self.log.end_session(self.session_id, event.status, event.active_seconds)
