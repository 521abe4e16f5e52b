"""Whatever a person presses and however the clock jumps, the session stays sane."""

from __future__ import annotations

from fakes import FakeClock, make_timeline, ranged, step
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from spasm_timer.core.durations import Duration
from spasm_timer.core.events import (
    Paused,
    Resumed,
    SessionEnded,
    SessionEvent,
    SessionStarted,
    StepEnded,
    StepStarted,
)
from spasm_timer.core.session import Session, SessionState
from spasm_timer.core.timeline import Step


def playable(routine: list[Step], lead_in: int):  # type: ignore[no-untyped-def]
    """The timeline, for routines the player accepts: heat or cold past 20 minutes in one go
    never reaches a session."""
    try:
        return make_timeline(routine, lead_in)
    except ValueError:
        assume(False)

TOLERANCE = 1e-6
OPERATIONS = ("start", "pause", "resume", "toggle_pause", "next", "previous", "end_early",
              "extend", "stop", "update", "next_wakeup")


@st.composite
def durations(draw: st.DrawFn) -> Duration:
    low = draw(st.integers(1, 40))
    high = draw(st.integers(low, low + draw(st.sampled_from([0, 0, 20]))))
    return ranged(draw(st.integers(low, high)), low, high)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(["pressure", "stretch", "heat", "cold", "rest"]))
    duration = draw(durations())
    if kind in ("heat", "cold") and draw(st.booleans()):
        duration = Duration.fixed(draw(st.integers(290, 20 * 60)))
    return step(duration, kind=kind, repeat=draw(st.integers(1, 3)),
                rest=draw(st.sampled_from([0, 3, 10])),
                sides=draw(st.sampled_from(["none", "left", "right", "both"])))


# Small ticks, stalls of seconds, and suspends of minutes or hours.
advances = st.one_of(
    st.integers(0, 1_500),
    st.integers(1_500, 90_000),
    st.sampled_from([61_000, 3_600_000]),
).map(lambda ms: ("advance", ms))
actions = st.lists(st.one_of(advances, st.sampled_from(OPERATIONS).map(lambda o: ("op", o))),
                   max_size=60)


def check_queries(session: Session, clock: FakeClock, last_active: float) -> float:
    assert session.remaining() >= 0
    assert session.shown_seconds() >= 0
    assert session.segment_elapsed() >= 0
    active = session.session_elapsed()
    assert active >= last_active - TOLERANCE  # active time only grows
    assert 0.0 <= session.progress() <= 1.0
    assert session.paused_seconds() >= 0
    wakeup = session.next_wakeup()
    assert (wakeup is None) == (session.state not in (SessionState.LEAD_IN, SessionState.RUNNING))
    assert wakeup is None or wakeup >= clock.now()
    return active


def check_events(events: list[SessionEvent], elapsed: float, paused: float) -> None:
    assert isinstance(events[0], SessionStarted)
    assert sum(isinstance(e, SessionStarted) for e in events) == 1
    assert sum(isinstance(e, SessionEnded) for e in events) == 1
    assert isinstance(events[-1], SessionEnded)

    # Each step reached ends exactly once, before anything else starts.
    open_step: int | None = None
    for event in events:
        if isinstance(event, StepStarted):
            assert open_step is None
            open_step = event.index
        elif isinstance(event, StepEnded):
            assert open_step == event.index
            assert event.actual_seconds >= 0
            open_step = None
    assert open_step is None

    # Pauses alternate with resumes.
    pausing = False
    for event in events:
        if isinstance(event, Paused):
            assert not pausing
            pausing = True
        elif isinstance(event, Resumed):
            assert pausing and event.paused_seconds >= 0
            pausing = False

    active = events[-1].active_seconds
    assert active >= 0
    assert sum(e.actual_seconds for e in events if isinstance(e, StepEnded)) <= active + TOLERANCE
    assert active <= elapsed - paused + TOLERANCE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=st.lists(steps(), min_size=1, max_size=4), lead_in=st.sampled_from([0, 3, 5]),
       actions=actions)
def test_any_presses_and_clock_jumps_keep_the_session_sane(
    routine: list[Step], lead_in: int, actions: list[tuple[str, object]]
) -> None:
    clock = FakeClock()
    events: list[SessionEvent] = []
    session = Session(playable(routine, lead_in), clock, events.append)
    started_at: float | None = None
    active = 0.0
    for kind, value in [("op", "start"), *actions]:
        if kind == "advance":
            clock.advance(value / 1000)
        else:
            if started_at is None and value in ("start", "toggle_pause"):
                started_at = clock.now()
            result = getattr(session, str(value))()
            assert result is None or isinstance(result, bool | float)
        active = check_queries(session, clock, active)
        if session.state in (SessionState.FINISHED, SessionState.STOPPED):
            assert events and isinstance(events[-1], SessionEnded)

    session.stop()  # may find, catching up, that the session already ran to its end
    assert session.state in (SessionState.FINISHED, SessionState.STOPPED)
    assert session.stop() is False
    assert started_at is not None
    check_events(events, clock.now() - started_at, session.paused_seconds())
    count = len(events)
    clock.advance(3600)
    session.update()
    assert len(events) == count  # nothing after the end


@settings(max_examples=150, deadline=None)
@given(routine=st.lists(steps(), min_size=1, max_size=4), lead_in=st.sampled_from([0, 3]),
       lateness=st.lists(st.integers(0, 2_500), min_size=1, max_size=40))
def test_late_ticks_never_move_a_boundary(
    routine: list[Step], lead_in: int, lateness: list[int]
) -> None:
    clock = FakeClock()
    events: list[SessionEvent] = []
    session = Session(playable(routine, lead_in), clock, events.append)
    start = clock.now()
    session.start()
    ticks = 0
    while (wakeup := session.next_wakeup()) is not None:
        clock.set(wakeup + lateness[ticks % len(lateness)] / 1000)
        ticks += 1
        session.update()
    timeline = session.timeline
    ended = [e for e in events if isinstance(e, StepEnded)]
    assert [e.index for e in ended] == [
        i for i, s in enumerate(timeline.segments) if s.is_step]
    assert all(e.actual_seconds == e.segment.seconds for e in ended)
    assert events[-1] == SessionEnded("completed", float(timeline.total_seconds))
    assert clock.now() >= start + timeline.total_seconds
