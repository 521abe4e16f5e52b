"""Glue between a running session and the log: session events in, log rows out."""

from __future__ import annotations

import logging

from spasm_timer.core.events import Paused, SessionEnded, SessionEvent, SessionStarted, StepEnded
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline
from spasm_timer.storage.log import SessionLog

_logger = logging.getLogger(__name__)


class SessionRecorder:
    """A session listener that logs the session as it happens.

    The person's massage matters more than its record: when the log fails (the disk is
    full, say) the first error is kept in `error` for the app to show, and the session runs
    on. Nothing is ever raised into the timer.

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
        self.error: Exception | None = None

    def __call__(self, event: SessionEvent) -> None:
        try:
            self._record(event)
        except Exception as error:  # noqa: BLE001 - the timer must never see a log failure
            _logger.warning("could not log %s: %s", type(event).__name__, error)
            if self.error is None:
                self.error = error

    def _record(self, event: SessionEvent) -> None:
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
