"""Carrying on an interrupted session: after every kind of segment, on the fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fakes import FakeClock, ranged, step

from spasm_timer.core.durations import Duration
from spasm_timer.core.resume import (
    cut_short_index,
    offer_due,
    resume_index,
)
from spasm_timer.core.routine import Routine
from spasm_timer.core.session import Session, SessionState
from spasm_timer.core.timeline import Timeline, expand
from spasm_timer.storage.continued_session import (
    Continuation,
    NotingRecorder,
    RunningSessionNote,
    find_interrupted,
    may_carry_on,
)
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.recorder import SessionRecorder

# Every kind of step, with lead-ins, both sides, repetitions with rests and a ranged step.
ROUTINE = Routine(
    id="mixed", name="Mixed routine", area="calf", lead_in_seconds=3,
    steps=(step(20, "effleurage", "Warm up"),
           step(ranged(20, 10, 30), "trigger_point", "Hold the knot", repeat=2, rest=5),
           step(15, "stretch", "Lean into the wall", sides="both"),
           step(Duration.fixed(15 * 60), "heat", "Warm towel"),
           step(30, "circular", "Small circles"),
           step(10, "breathe", "Breathe out")),
)
TIMELINE = expand(ROUTINE)
GAP = 3 * 3600.0  # the computer was off for three hours


def _run_until_over(session: Session, clock: FakeClock) -> None:
    while session.state not in (SessionState.FINISHED, SessionState.STOPPED):
        wakeup = session.next_wakeup()
        assert wakeup is not None, session.state
        clock.set(max(clock.now(), wakeup))
        session.update()


@pytest.fixture
def log(tmp_path: Path) -> SessionLog:
    with SessionLog.open(tmp_path / "sessions.sqlite3") as opened:
        yield opened


def _cut_short(log: SessionLog, note: RunningSessionNote, clock: FakeClock,
               at_segment: int) -> str:
    """Runs the routine into the middle of segment `at_segment`, then drops it: the app died."""
    recorder = NotingRecorder(SessionRecorder(log, ROUTINE, TIMELINE, pain_before=6), note,
                              ROUTINE)
    session = Session(TIMELINE, clock, recorder)
    session.start()
    while session.index < at_segment:
        clock.set(session.next_wakeup())  # type: ignore[arg-type]
        session.update()
    clock.advance(TIMELINE.segments[at_segment].seconds / 2)
    session.update()
    assert session.index == at_segment
    assert recorder.session_id is not None
    return recorder.session_id


@pytest.mark.parametrize("at_segment", range(len(TIMELINE.segments)),
                         ids=[f"{i}-{s.kind}-{s.side or ''}{s.repetition}"
                              for i, s in enumerate(TIMELINE.segments)])
def test_carrying_on_after_any_segment_completes_the_same_session(
        log: SessionLog, tmp_path: Path, at_segment: int) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    session_id = _cut_short(log, note, clock, at_segment)
    before = log.session(session_id)
    assert before is not None and before["status"] == "interrupted"
    clock.advance(GAP)

    interrupted = find_interrupted(log, note)
    assert interrupted is not None and interrupted.session["id"] == session_id
    start = resume_index(TIMELINE, interrupted.session["steps"])
    assert start is not None
    cut = cut_short_index(TIMELINE, interrupted.session["steps"])
    segment = TIMELINE.segments[at_segment]
    # the step that ran (or whose lead-in or rest ran) starts again, after its get-ready
    assert cut == (at_segment if segment.is_step else at_segment + 1)
    assert start == (cut - 1 if not TIMELINE.segments[cut - 1].is_step else cut)

    continuation = Continuation(interrupted, start)
    recorder = NotingRecorder(continuation.recorder(log, ROUTINE, TIMELINE), note, ROUTINE)
    carried = Session(TIMELINE, clock, recorder)
    assert carried.start(start)
    resumed_at = clock.now()
    _run_until_over(carried, clock)

    assert log.count() == 1
    after = log.session(session_id)
    assert after is not None and after["status"] == "completed"
    assert after["pain_before"] == 6 and after["started_at"] == before["started_at"]
    keys = [(s["index"], s["side"], s["repetition"]) for s in after["steps"]]
    assert keys == [(s.step, s.side, s.repetition) for s in TIMELINE.step_segments]
    assert {s["outcome"] for s in after["steps"]} == {"completed"}
    # Active time: the earlier steps plus the carried-on part; the three hours off are not in it.
    new_part = clock.now() - resumed_at
    assert after["active_seconds"] == pytest.approx(before["active_seconds"] + new_part, abs=0.01)
    assert after["active_seconds"] <= TIMELINE.total_seconds
    assert note.read() is None  # the session ended: nothing left to carry on


def test_the_cut_short_step_runs_again_from_its_start(log: SessionLog, tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    index = next(i for i, s in enumerate(TIMELINE.segments) if s.kind == "heat")
    _cut_short(log, note, clock, index)
    interrupted = find_interrupted(log, note)
    assert interrupted is not None
    start = resume_index(TIMELINE, interrupted.session["steps"])
    assert TIMELINE.segments[start].role == "lead_in"  # a moment to fetch the towel again
    carried = Session(TIMELINE, clock)
    carried.start(start)
    clock.advance(TIMELINE.segments[start].seconds)
    carried.update()
    assert carried.segment.kind == "heat" and carried.remaining() == 15 * 60


def test_no_offer_after_12_hours_nor_for_a_clock_set_back() -> None:
    started = datetime(2026, 11, 29, 22, 0).astimezone()
    assert offer_due(started, started + timedelta(hours=11, minutes=59))
    assert offer_due(started, started + timedelta(hours=12))
    assert not offer_due(started, started + timedelta(hours=12, seconds=1))
    assert not offer_due(started, started - timedelta(minutes=5))


def test_nothing_to_offer_after_a_completed_or_stopped_session(log: SessionLog,
                                                               tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    session = Session(TIMELINE, clock, SessionRecorder(log, ROUTINE, TIMELINE))
    session.start()
    clock.advance(5)
    session.stop()
    assert find_interrupted(log, note) is None


def test_only_the_newest_session_is_offered_and_only_within_12_hours(log: SessionLog,
                                                                     tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    _cut_short(log, note, clock, 4)
    now = datetime.now().astimezone()
    assert find_interrupted(log, note, now + timedelta(hours=11)) is not None
    assert find_interrupted(log, note, now + timedelta(hours=13)) is None
    later = Session(TIMELINE, clock, SessionRecorder(log, ROUTINE, TIMELINE))
    later.start()
    later.stop()  # a newer session, ended: the older interrupted one is history now
    assert find_interrupted(log, note) is None


def test_leaving_it_is_not_asked_again(log: SessionLog, tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    session_id = _cut_short(log, note, clock, 4)
    note.decline(session_id)
    assert find_interrupted(log, note) is None
    assert log.session(session_id)["status"] == "interrupted"  # type: ignore[index]


def test_the_note_alone_says_when_the_log_is_worth_waiting_for(log: SessionLog,
                                                             tmp_path: Path) -> None:
    # `run --start` waits longer for a slow log only when an offer is likely.
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    assert not may_carry_on(note, ROUTINE)  # no note: nothing this version cut short
    session_id = _cut_short(log, note, clock, 4)
    assert may_carry_on(note, ROUTINE)
    assert not may_carry_on(note, Routine(id="other", name="Other", area="calf",
                                          steps=ROUTINE.steps))
    assert not may_carry_on(note, ROUTINE, datetime.now().astimezone() + timedelta(hours=13))
    note.decline(session_id)
    assert not may_carry_on(note, ROUTINE)


def test_a_carried_on_session_cut_short_again_is_offered_from_its_new_start(
        log: SessionLog, tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    _cut_short(log, note, clock, 4)
    now = datetime.now().astimezone()
    interrupted = find_interrupted(log, note)
    assert interrupted is not None
    # 11 hours later it is carried on, and cut short again: offered for 12 hours from then.
    note.write(interrupted.session["id"], ROUTINE, now + timedelta(hours=11))
    assert find_interrupted(log, note, now + timedelta(hours=20)) is not None


def test_a_damaged_note_only_costs_the_routine_path(log: SessionLog, tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    _cut_short(log, note, clock, 4)
    note.path.write_text("{not json")
    interrupted = find_interrupted(log, note)
    assert interrupted is not None and interrupted.routine_path is None


def test_a_routine_changed_since_is_not_carried_on(log: SessionLog, tmp_path: Path) -> None:
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    _cut_short(log, note, clock, 6)
    interrupted = find_interrupted(log, note)
    assert interrupted is not None
    logged = interrupted.session["steps"]
    assert resume_index(TIMELINE, logged) is not None
    other_kind = replace(ROUTINE, steps=(step(20, "circular", "Warm up"), *ROUTINE.steps[1:]))
    assert resume_index(expand(other_kind), logged) is None
    once = replace(ROUTINE, steps=(ROUTINE.steps[0], replace(ROUTINE.steps[1], repeat=1),
                                   *ROUTINE.steps[2:]))
    assert resume_index(expand(once), logged) is None  # its second round is gone


def test_the_same_routine_in_another_language_is_carried_on(log: SessionLog,
                                                            tmp_path: Path) -> None:
    """Cut short in English, the app restarted in German: the steps are the same steps."""
    clock, note = FakeClock(), RunningSessionNote(tmp_path)
    _cut_short(log, note, clock, 6)
    interrupted = find_interrupted(log, note)
    assert interrupted is not None
    german = replace(ROUTINE, name="Gemischt", steps=tuple(
        replace(s, title=f"Schritt {number}") for number, s in enumerate(ROUTINE.steps, 1)))
    timeline = expand(german)
    assert resume_index(timeline, interrupted.session["steps"]) == resume_index(
        TIMELINE, interrupted.session["steps"])
    cut = cut_short_index(timeline, interrupted.session["steps"])
    assert cut is not None and timeline.segments[cut].title.startswith("Schritt")


def test_going_back_before_the_cut_does_not_skip_ahead() -> None:
    """The person went back a step, then the app died: carry on after the last logged step."""
    timeline: Timeline = TIMELINE
    steps = timeline.step_segments
    logged = [{"index": s.step, "side": s.side, "repetition": s.repetition, "title": s.title,
               "kind": s.kind, "outcome": "completed"} for s in steps[:3]]
    logged.append({**logged[1], "outcome": "completed"})  # step 2 round 2... done again
    assert timeline.segments[cut_short_index(timeline, logged)] == steps[2]  # type: ignore[index]
    assert cut_short_index(timeline, logged[:0]) == timeline.segments.index(steps[0])
    every = [{"index": s.step, "side": s.side, "repetition": s.repetition, "title": s.title,
              "kind": s.kind} for s in steps]
    assert cut_short_index(timeline, every) is None  # all done: nothing to carry on
