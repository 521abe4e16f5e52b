"""The Qt adapter around the session core: one precise timer, the log first, then signals.

The core `Session` is plain Python and never runs by itself. `SessionDriver` wakes it with a
single single-shot `QTimer`, armed each time for the moment `Session.next_wakeup()` names: when
the shown seconds change or a cue is due. Between those moments the app sleeps, so a counting
step costs next to no CPU, and because the session counts from deadlines on the clock, a timer
that fires late delays only when a change is noticed, never the routine itself.

Every core event goes first to the recorder (the session log must hold a step before anything
can go wrong on screen), then out as `event_occurred`. A failing recorder never stops the timer:
the person in the middle of a cramp matters more than the log; the failure is reported once.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from spasm_timer.core.clock import Clock
from spasm_timer.core.events import SessionEnded, SessionEvent
from spasm_timer.core.session import Session, SessionState
from spasm_timer.core.timeline import Segment, Timeline
from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text

Recorder = Callable[[SessionEvent], None]

# The timer is armed a hair after the wake-up moment, so a timer that fires a little early
# still finds the change due instead of waking twice.
WAKE_MARGIN_MS = 1
# Never arm closer than this: even a core that kept naming "now" could not spin the CPU.
MIN_INTERVAL_MS = 5


class SessionDriver(QObject):
    """Runs one session on the Qt event loop and tells the widgets when to change.

    `recorder(event)` is called for each event before anyone else hears of it.
    Signals: `event_occurred(event)` for every core event, in order; `display_changed()` when
    what the player shows changes (the seconds, the segment, the state, whether Done is
    allowed); `finished(status)` once, with `completed` or `stopped`; `record_failed(message)`
    once, the first time the recorder raises.
    """

    event_occurred = Signal(object)
    display_changed = Signal()
    finished = Signal(str)
    record_failed = Signal(str)

    def __init__(self, timeline: Timeline, clock: Clock, recorder: Recorder | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.recorder = recorder
        self.record_error: Exception | None = None
        self.session = Session(timeline, clock, self._on_event)
        self._shown_key: tuple[object, ...] | None = None
        self._finished_status: str | None = None
        self._finished_sent = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.on_timer)

    # ---------------------------------------------------------------- the timer

    def on_timer(self) -> None:
        """The timer fired: let the session catch up with the clock, then re-arm."""
        self.session.update()
        self._after_change()

    def _arm_timer(self) -> None:
        wakeup = self.session.next_wakeup()
        if wakeup is None:
            self.timer.stop()
            return
        delay_ms = math.ceil((wakeup - self.clock.now()) * 1000) + WAKE_MARGIN_MS
        self.timer.start(max(MIN_INTERVAL_MS, delay_ms))

    def _after_change(self) -> None:
        """After any operation or wake-up: re-arm, refresh the display if it changed, and
        announce the end last, so the final display is in place before anyone moves on."""
        self._arm_timer()
        key = self._display_key()
        if key != self._shown_key:
            self._shown_key = key
            self.display_changed.emit()
        if self._finished_status is not None and not self._finished_sent:
            self._finished_sent = True
            self.finished.emit(self._finished_status)

    def _display_key(self) -> tuple[object, ...]:
        session = self.session
        return (session.state, session.index, session.shown_seconds(), session.can_end_early(),
                session.can_extend())

    # ---------------------------------------------------------------- events

    def _on_event(self, event: SessionEvent) -> None:
        self._record(event)
        self.event_occurred.emit(event)
        if isinstance(event, SessionEnded):
            self._finished_status = event.status

    def _record(self, event: SessionEvent) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder(event)
        except Exception as error:  # noqa: BLE001 - the timer must outlive any logging failure
            if self.record_error is None:
                self.record_error = error
                self.record_failed.emit(
                    _("This session could not be saved: {error}. The timer carries on.").format(
                        error=problem_text(error)))

    # ---------------------------------------------------------------- operations

    def _run(self, operation: Callable[[], bool]) -> bool:
        done = operation()
        self._after_change()
        return done

    def start(self, at: int = 0) -> bool:
        """Starts the session; `at` carries an interrupted one on at that segment."""
        return self._run(lambda: self.session.start(at))

    def pause(self) -> bool:
        return self._run(self.session.pause)

    def resume(self) -> bool:
        return self._run(self.session.resume)

    def toggle_pause(self) -> bool:
        """Space: start when ready, otherwise pause or resume."""
        return self._run(self.session.toggle_pause)

    def next(self) -> bool:
        return self._run(self.session.next)

    def previous(self) -> bool:
        return self._run(self.session.previous)

    def end_early(self) -> bool:
        return self._run(self.session.end_early)

    def extend(self, seconds: float = 10) -> bool:
        return self._run(lambda: self.session.extend(seconds))

    def stop(self) -> bool:
        return self._run(self.session.stop)

    def update(self) -> None:
        """Catch up with the clock now (for example after the window comes back)."""
        self.on_timer()

    # ---------------------------------------------------------------- queries

    @property
    def timeline(self) -> Timeline:
        return self.session.timeline

    @property
    def state(self) -> SessionState:
        return self.session.state

    @property
    def index(self) -> int:
        return self.session.index

    @property
    def segment(self) -> Segment | None:
        return self.session.segment

    @property
    def is_over(self) -> bool:
        return self.session.state in (SessionState.FINISHED, SessionState.STOPPED)

    def remaining(self) -> float:
        return self.session.remaining()

    def shown_seconds(self) -> int:
        return self.session.shown_seconds()

    def segment_elapsed(self) -> float:
        return self.session.segment_elapsed()

    def session_elapsed(self) -> float:
        return self.session.session_elapsed()

    def segment_progress(self) -> float:
        """How far through the current segment, 0..1 (extensions lengthen it)."""
        elapsed = self.session.segment_elapsed()
        total = elapsed + self.session.remaining()
        return min(1.0, elapsed / total) if total > 0 else 0.0

    def progress(self) -> float:
        return self.session.progress()

    def can_end_early(self) -> bool:
        return self.session.can_end_early()

    def can_extend(self) -> bool:
        return self.session.can_extend()

    def next_segment(self) -> Segment | None:
        """The segment after the current one, or None at the last."""
        segments = self.session.timeline.segments
        following = self.session.index + 1
        return segments[following] if following < len(segments) else None
