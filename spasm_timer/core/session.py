"""The session state machine: one timeline played against one clock.

Every segment has a deadline on the clock and the display shows deadline − now. Boundaries are
chained deadline to deadline, never from "now", so a late timer tick or a stalled event loop can
delay when a boundary is *noticed* but never moves it: the routine keeps its planned rhythm.

`update()` does all the work that is due; the Qt adapter calls it when its timer fires and asks
`next_wakeup()` when to fire next. Every public operation first catches up with the clock, so it
always acts on the segment that is really current.

Events go to `listener` synchronously, in order. They are queued while the state changes and
delivered once it is consistent again, so a listener may query the session, or even call an
operation, from inside its callback.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import NamedTuple

from spasm_timer.core.clock import Clock
from spasm_timer.core.durations import MAX_SECONDS
from spasm_timer.core.events import (
    COMPLETED,
    SKIPPED,
    STOPPED,
    Halfway,
    Overslept,
    Paused,
    Resumed,
    SecondsLeft,
    SegmentStarted,
    SessionEnded,
    SessionEvent,
    SessionStarted,
    SideSwitch,
    SkinCheck,
    StepEnded,
    StepStarted,
)
from spasm_timer.core.heat_cold_limit import thermal_extension_caps
from spasm_timer.core.routine import THERMAL_KINDS, THERMAL_MAX_SECONDS
from spasm_timer.core.timeline import ROLE_LEAD_IN, Segment, Timeline

# A deadline passed by more than this means nobody was there (the laptop slept): the session
# waits for the person instead of racing through steps they never did.
OVERSLEEP_SECONDS = 60.0
SKIN_CHECK_SECONDS = 5 * 60
HALFWAY_MIN_SECONDS = 10
LONG_COUNTDOWN_MIN_SECONDS = 30
COUNTDOWN_MIN_SECONDS = 4
# Sums of float clock readings are off by ~1e-15 s; a moment this close to now counts as now,
# so a boundary is never left a hair in the future (and the Qt timer never spins on it).
EPSILON = 1e-6

Listener = Callable[[SessionEvent], None]


class SessionState(enum.StrEnum):
    READY = "ready"
    LEAD_IN = "lead_in"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


TICKING = (SessionState.LEAD_IN, SessionState.RUNNING)
IN_SEGMENT = (SessionState.LEAD_IN, SessionState.RUNNING, SessionState.PAUSED)
ENDED = (SessionState.FINISHED, SessionState.STOPPED)


class _Cue(NamedTuple):
    offset: float  # active seconds into the segment
    order: int  # among cues at the same moment: halfway, skin check, countdown
    key: tuple[str, int]
    event: SessionEvent


class Session:
    def __init__(self, timeline: Timeline, clock: Clock, listener: Listener | None = None) -> None:
        self._timeline = timeline
        self._segments = timeline.segments
        self._clock = clock
        self._listener = listener
        # Heat or cold that shares its 20 minutes with other applications is never extended.
        self._thermal_caps = thermal_extension_caps(self._segments)
        # planned seconds before each segment, for progress()
        self._planned_before = [0]
        for segment in self._segments:
            self._planned_before.append(self._planned_before[-1] + segment.seconds)

        self._state = SessionState.READY
        self._index = 0
        # The current segment: started at `_start`, `_length` active seconds long (planned plus
        # extensions), `_segment_paused` seconds of finished pauses inside it. Its deadline is
        # derived from these, so pausing and extending cannot get out of step with it.
        self._start = 0.0
        self._length = 0.0
        self._segment_paused = 0.0
        self._cues_done: set[tuple[str, int]] = set()
        self._paused_at: float | None = None  # start of the pause's part in this segment
        self._pause_began: float | None = None  # start of the whole pause, for Resumed
        self._paused_total = 0.0
        self._active_done = 0.0  # active seconds of segments already ended
        self._last_side: str | None = None
        self._outbox: list[SessionEvent] = []
        self._flushing = False

    # ----------------------------------------------------------------- queries

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def segment(self) -> Segment | None:
        return self._segments[self._index] if self._segments else None

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    def remaining(self) -> float:
        """Seconds left on the current segment; the first segment's plan before start."""
        if self._state is SessionState.READY:
            return float(self._segments[0].seconds) if self._segments else 0.0
        if self._state in ENDED:
            return 0.0
        return max(0.0, self._length - self.segment_elapsed())

    def shown_seconds(self) -> int:
        """The whole seconds to display: 0.2 s left shows 1, as a countdown should."""
        return max(0, math.ceil(self.remaining() - EPSILON))

    def segment_elapsed(self) -> float:
        """Active seconds on the current segment (0 before start and after the end)."""
        if self._state not in IN_SEGMENT:
            return 0.0
        return self._elapsed_at(self._clock.now())

    def session_elapsed(self) -> float:
        """Active seconds on all segments so far; pauses and overslept time do not count."""
        return self._active_done + self.segment_elapsed()

    def paused_seconds(self) -> float:
        """Seconds spent paused in this session, the current pause included."""
        if self._state is SessionState.PAUSED and self._paused_at is not None:
            return self._paused_total + max(0.0, self._clock.now() - self._paused_at)
        return self._paused_total

    def planned_total(self) -> int:
        return self._timeline.total_seconds

    def progress(self) -> float:
        """How far through the session, 0..1, weighing each segment by its planned time."""
        if self._state is SessionState.FINISHED:
            return 1.0
        total = self.planned_total()
        if self._state is SessionState.READY or total <= 0:
            return 0.0
        done = float(self._planned_before[self._index])
        if self._state in IN_SEGMENT and self._length > 0:
            fraction = min(1.0, self.segment_elapsed() / self._length)
            done += self._segments[self._index].seconds * fraction
        return min(1.0, done / total)

    def can_end_early(self) -> bool:
        """A ranged step ("10-30s") may end once its shortest time has passed."""
        if self._state not in (SessionState.RUNNING, SessionState.PAUSED):
            return False
        segment = self._segments[self._index]
        return (
            segment.is_step
            and segment.min_seconds != segment.max_seconds
            and self.segment_elapsed() + EPSILON >= segment.min_seconds
        )

    def can_extend(self) -> bool:
        return self._state in IN_SEGMENT and self._extend_room() > 0

    def next_wakeup(self) -> float | None:
        """When the shown seconds, a cue or a boundary next happen; None unless ticking.

        Never in the past: if something is already due (update() not called yet), it is now.
        """
        if self._state not in TICKING:
            return None
        now = self._clock.now()
        deadline = self._deadline()
        moments = [deadline]
        shown = math.ceil(deadline - now - EPSILON)
        if shown > 1:
            # the display goes from `shown` to `shown - 1` when exactly shown − 1 s remain
            moments.append(deadline - (shown - 1))
        moments.extend(self._cue_moment(cue) for cue in self._pending_cues())
        return max(now, min(moments))

    # -------------------------------------------------------------- operations

    def start(self, at: int = 0) -> bool:
        """Starts at the first segment, or at segment `at` to carry on an interrupted session
        (see core/resume.py); segments before it count as done for progress()."""
        if self._state is not SessionState.READY or not 0 <= at < max(1, len(self._segments)):
            return False
        now = self._clock.now()
        self._emit(SessionStarted(self._timeline))
        if self._segments:
            self._begin_segment(at, now)
        else:
            self._end_session(COMPLETED)
        self._flush()
        return True

    def update(self) -> None:
        """Process everything due up to now: cues, boundaries, a detected oversleep."""
        self._catch_up(self._clock.now())
        self._flush()

    def pause(self) -> bool:
        now = self._clock.now()
        self._catch_up(now)
        if self._state not in TICKING:
            return self._done(False)
        self._enter_pause(now)
        return self._done(True)

    def resume(self) -> bool:
        now = self._clock.now()
        if self._state is not SessionState.PAUSED or self._paused_at is None:
            return False
        part = max(0.0, now - self._paused_at)
        self._segment_paused += part  # shifts the deadline by the paused time
        self._paused_total += part
        whole = max(0.0, now - (self._pause_began if self._pause_began is not None else now))
        self._paused_at = self._pause_began = None
        self._state = self._ticking_state()
        self._emit(Resumed(self._index, whole))
        return self._done(True)

    def toggle_pause(self) -> bool:
        """The space bar: start when ready, otherwise pause or resume."""
        if self._state is SessionState.READY:
            return self.start()
        if self._state is SessionState.PAUSED:
            return self.resume()
        return self.pause()

    def next(self) -> bool:
        """Skip the rest of the current segment; a step skipped this way is logged skipped."""
        now = self._clock.now()
        self._catch_up(now)
        if self._state not in IN_SEGMENT:
            return self._done(False)
        self._close_segment(SKIPPED, now)
        self._go_to(self._index + 1, now)
        return self._done(True)

    def previous(self) -> bool:
        """Back to the previous step (role step), from its full planned time.

        With no earlier step, the current segment starts over.
        """
        now = self._clock.now()
        self._catch_up(now)
        if self._state not in IN_SEGMENT:
            return self._done(False)
        target = self._previous_step_index()
        self._close_segment(SKIPPED, now)
        self._go_to(target, now)
        return self._done(True)

    def end_early(self) -> bool:
        """End a ranged step once its shortest time has passed; it counts as completed."""
        now = self._clock.now()
        self._catch_up(now)
        if not self.can_end_early():
            return self._done(False)
        self._close_segment(COMPLETED, now)
        self._go_to(self._index + 1, now)
        return self._done(True)

    def extend(self, seconds: float = 10) -> bool:
        """Add time to the current segment; returns whether anything was added.

        A ranged step never goes past its longest time, and heat or cold never past the
        20-minute safety limit, however often the person asks.
        """
        now = self._clock.now()
        self._catch_up(now)
        if self._state not in IN_SEGMENT or not seconds > 0:
            return self._done(False)
        added = min(float(seconds), self._extend_room())
        if added <= 0:
            return self._done(False)
        self._length += added
        self._rearm_countdown(now)
        return self._done(True)

    def stop(self) -> bool:
        """End the session now, as stopped; the round in progress is logged `stopped`."""
        now = self._clock.now()
        self._catch_up(now)
        if self._state not in IN_SEGMENT:
            return self._done(False)
        self._close_segment(STOPPED, now)
        self._end_session(STOPPED)
        return self._done(True)

    # ---------------------------------------------------------------- the clock

    def _deadline(self) -> float:
        return self._start + self._segment_paused + self._length

    def _elapsed_at(self, now: float) -> float:
        """Active seconds into the current segment at `now`: a pause freezes it, and it never
        runs past the deadline (update() ends the segment exactly there)."""
        moment = self._paused_at if self._state is SessionState.PAUSED else now
        assert moment is not None
        return min(self._length, max(0.0, moment - self._start - self._segment_paused))

    def _catch_up(self, now: float) -> None:
        while self._state in TICKING:
            deadline = self._deadline()
            if now + EPSILON < deadline:
                self._emit_due_cues(now)
                return
            if now - deadline > OVERSLEEP_SECONDS:
                self._oversleep(now, deadline)
                return
            # The segment ended at its deadline, and the next one starts right there: chaining
            # from the deadline (not from now) is what keeps late ticks from adding drift.
            # Its cues not yet given are stale and are dropped with it.
            self._close_segment(COMPLETED, deadline, actual=self._length)
            self._go_to(self._index + 1, deadline)

    def _oversleep(self, now: float, deadline: float) -> None:
        """The computer slept through the deadline: the segment ran out while nobody watched.
        Wait, paused, at the start of the next one rather than pretend it ran too."""
        index = self._index
        self._close_segment(COMPLETED, deadline, actual=self._length)
        if index + 1 >= len(self._segments):
            self._end_session(COMPLETED)
            return
        self._emit(Overslept(index, now - deadline))
        self._begin_segment(index + 1, now)
        self._enter_pause(now)

    # ------------------------------------------------------------- transitions

    def _begin_segment(self, index: int, at: float) -> None:
        """Start segment `index` at `at`; a pause in progress carries on into it."""
        segment = self._segments[index]
        self._index = index
        self._start = at
        self._length = float(segment.seconds)
        self._segment_paused = 0.0
        self._cues_done = set()
        if self._state is SessionState.PAUSED:
            self._paused_at = at
        else:
            self._state = self._ticking_state()
        if segment.side is not None:
            if self._last_side is not None and segment.side != self._last_side:
                self._emit(SideSwitch(index, segment, segment.side))
            self._last_side = segment.side
        self._emit(SegmentStarted(index, segment))
        if segment.is_step:
            self._emit(StepStarted(index, segment, segment.seconds))

    def _close_segment(self, outcome: str, at: float, actual: float | None = None) -> None:
        """End the current segment once and for all: count its active time, log a step."""
        segment = self._segments[self._index]
        if actual is None:
            actual = self._elapsed_at(at)
        self._active_done += actual
        if self._state is SessionState.PAUSED and self._paused_at is not None:
            # the pause goes on, but its time so far belongs to the segment that just ended
            self._paused_total += max(0.0, at - self._paused_at)
            self._paused_at = at
        if segment.is_step:
            self._emit(StepEnded(self._index, segment, outcome, actual))

    def _go_to(self, index: int, at: float) -> None:
        if index < len(self._segments):
            self._begin_segment(index, at)
        else:
            self._end_session(COMPLETED)

    def _end_session(self, status: str) -> None:
        self._state = SessionState.FINISHED if status == COMPLETED else SessionState.STOPPED
        self._paused_at = self._pause_began = None
        self._emit(SessionEnded(status, self._active_done))

    def _enter_pause(self, now: float) -> None:
        self._paused_at = self._pause_began = now
        self._state = SessionState.PAUSED
        self._emit(Paused(self._index))

    def _ticking_state(self) -> SessionState:
        if self._segments[self._index].role == ROLE_LEAD_IN:
            return SessionState.LEAD_IN
        return SessionState.RUNNING

    def _previous_step_index(self) -> int:
        for index in range(self._index - 1, -1, -1):
            if self._segments[index].is_step:
                return index
        return self._index

    def _extend_room(self) -> float:
        segment = self._segments[self._index]
        cap = float(MAX_SECONDS)
        if segment.is_step and segment.min_seconds != segment.max_seconds:
            cap = segment.max_seconds
        if segment.is_step and segment.kind in THERMAL_KINDS:
            cap = min(cap, self._thermal_caps.get(self._index, THERMAL_MAX_SECONDS))
        return max(0.0, cap - self._length)

    # -------------------------------------------------------------------- cues

    def _cue_plan(self) -> list[_Cue]:
        """Every cue of the current segment, in the order they fall."""
        index, segment, length = self._index, self._segments[self._index], self._length
        cues = []
        if segment.is_step and segment.seconds >= HALFWAY_MIN_SECONDS:
            cues.append(_Cue(length / 2, 0, ("halfway", 0), Halfway(index, segment)))
        if segment.is_step and segment.kind in THERMAL_KINDS:
            for offset in range(SKIN_CHECK_SECONDS, math.ceil(length), SKIN_CHECK_SECONDS):
                minutes = offset // 60
                cues.append(_Cue(offset, 1, ("skin", minutes), SkinCheck(index, segment, minutes)))
        countdown: tuple[int, ...] = ()
        if segment.is_step and segment.seconds >= LONG_COUNTDOWN_MIN_SECONDS:
            countdown = (10, 3, 2, 1)
        elif segment.seconds >= COUNTDOWN_MIN_SECONDS:
            countdown = (3, 2, 1)
        for seconds in countdown:
            cues.append(
                _Cue(length - seconds, 2, ("left", seconds), SecondsLeft(index, segment, seconds))
            )
        return sorted(cue for cue in cues if 0 < cue.offset < length)

    def _pending_cues(self) -> list[_Cue]:
        return [cue for cue in self._cue_plan() if cue.key not in self._cues_done]

    def _cue_moment(self, cue: _Cue) -> float:
        return self._deadline() - (self._length - cue.offset)

    def _emit_due_cues(self, now: float) -> None:
        for cue in self._pending_cues():
            if self._cue_moment(cue) > now + EPSILON:
                break
            self._cues_done.add(cue.key)
            self._emit(cue.event)

    def _rearm_countdown(self, now: float) -> None:
        """After an extension the last seconds come again, and so do their cues."""
        for cue in self._cue_plan():
            if cue.key[0] == "left" and self._cue_moment(cue) > now + EPSILON:
                self._cues_done.discard(cue.key)

    # ------------------------------------------------------------------ events

    def _emit(self, event: SessionEvent) -> None:
        self._outbox.append(event)

    def _flush(self) -> None:
        # An operation called from inside a listener queues its events behind ours; the
        # outermost flush delivers them all, in order.
        if self._flushing:
            return
        self._flushing = True
        try:
            while self._outbox:
                event = self._outbox.pop(0)
                if self._listener is not None:
                    self._listener(event)
        finally:
            self._flushing = False

    def _done(self, result: bool) -> bool:
        self._flush()
        return result
