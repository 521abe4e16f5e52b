"""One session's run, from Start to the end screen: its driver, recorder, step tally and tray.

The main window makes a `SessionRun` when the person starts a routine and drops it once the end
has been seen. The recorder is handed to the driver, which calls it for every event before any
widget hears of it, so the log is always ahead of the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from spasm_timer.core.clock import Clock
from spasm_timer.core.durations import format_seconds
from spasm_timer.core.events import Overslept, SessionEvent
from spasm_timer.core.routine import Routine
from spasm_timer.core.step_tally import StepTally
from spasm_timer.core.timeline import Timeline
from spasm_timer.i18n import _
from spasm_timer.ui.session_driver import SessionDriver

if TYPE_CHECKING:
    from spasm_timer.ui.end_screen import SessionSummary
    from spasm_timer.ui.player import PlayerView
    from spasm_timer.ui.session_keys import SessionKeysEverywhere
    from spasm_timer.ui.tray import TrayCountdown


def overslept_note(event: Overslept) -> str:
    """What the window says when the computer slept through a step's end."""
    return _("Time is up: the last step ended while the computer was asleep ({time} ago). "
             "If a heat or cold pack is still on, take it off now. The session is paused: "
             "press Space to go on.").format(time=format_seconds(event.late_seconds))


class SessionRun(QObject):
    """A running session and the pieces that live as long as it does.

    Signals: `note(message)` for the window's notice bar (the log failed, the computer slept);
    `tray_unavailable(message)` when the desktop has no tray; `finished(status)` once the log
    has the session's end.
    """

    note = Signal(str)
    tray_unavailable = Signal(str)
    finished = Signal(str)

    def __init__(self, routine: Routine, timeline: Timeline, clock: Clock, log: Any,
                 pain_before: int | None, window: QWidget, continuation: Any = None) -> None:
        super().__init__(window)
        self.routine = routine
        self.timeline = timeline
        self.continuation = continuation
        # of a carried-on session, the active time before it was cut short
        self.active_before = continuation.active_before if continuation else 0.0
        self.recorder = self._make_recorder(log, pain_before, window)
        self.driver = SessionDriver(timeline, clock, self.recorder, parent=self)
        self.tally = StepTally(timeline)
        if continuation is not None:  # the steps done before the interruption count too
            from spasm_timer.core.resume import logged_step_events

            for event in logged_step_events(timeline, continuation.interrupted.session["steps"]):
                self.tally.on_event(event)
        self.driver.event_occurred.connect(self.tally.on_event)
        self.driver.event_occurred.connect(self._tell_if_overslept)
        self.driver.record_failed.connect(self.note)
        self.driver.finished.connect(self.finished)
        self.tray: TrayCountdown | None = self._make_tray()
        self.keys: SessionKeysEverywhere | None = None

    def listen_everywhere(self, player: PlayerView) -> None:
        """The session's keys work in every window of the app until the session ends."""
        from spasm_timer.ui.session_keys import SessionKeysEverywhere

        self.keys = SessionKeysEverywhere(player, self.parent())  # type: ignore[arg-type]

    def _make_recorder(self, log: Any, pain_before: int | None, window: Any) -> Any:
        if log is None:
            return None
        from spasm_timer.storage.continued_session import (
            NotingRecorder,
            RunningSessionNote,
        )
        from spasm_timer.storage.recorder import SessionRecorder

        routine, timeline, continuation = self.routine, self.timeline, self.continuation
        recorder = (continuation.recorder(log, routine, timeline) if continuation else
                    SessionRecorder(log, routine, timeline, pain_before))
        # A note of the running session, so it can be carried on after a crash.
        return NotingRecorder(recorder, RunningSessionNote(window.data_paths.root), routine)

    def start(self) -> None:
        """Counts down from the first step, or from the one a carried-on session was cut at."""
        self.driver.start(self.continuation.start_index if self.continuation else 0)

    def _make_tray(self) -> TrayCountdown | None:
        try:
            from spasm_timer.ui.tray import TrayCountdown
        except ImportError:
            return None  # the tray countdown is a comfort, not a need
        window = self.parent()
        tray = TrayCountdown(self.driver, window, self)  # type: ignore[arg-type]
        tray.unavailable.connect(self.tray_unavailable)
        tray.stop_requested.connect(self._ask_to_stop)
        return tray

    def _ask_to_stop(self) -> None:
        player = getattr(self.parent(), "player", None)
        if player is not None:
            player.request_stop()

    @property
    def session_id(self) -> str | None:
        return getattr(self.recorder, "session_id", None)

    def _tell_if_overslept(self, event: SessionEvent) -> None:
        if isinstance(event, Overslept):
            self.note.emit(overslept_note(event))

    def summary(self, status: str) -> SessionSummary:
        """What the end screen shows of this run."""
        from spasm_timer.ui.end_screen import SessionSummary

        return SessionSummary(
            routine_name=self.timeline.routine.name, status=status,
            active_seconds=self.active_before + self.driver.session_elapsed(),
            steps_done=self.tally.done,
            steps_skipped=self.tally.skipped, steps_planned=self.tally.planned,
            session_id=self.session_id)

    def dispose(self) -> None:
        """The end has been seen: the tray goes, and the driver with it."""
        if self.keys is not None:
            self.keys.remove()
        if self.tray is not None:
            self.tray.setParent(self.parent())  # outlives the run until the end is seen
            self.tray.hide_once_seen()
            self.tray = None
        self.driver.deleteLater()
        self.deleteLater()
