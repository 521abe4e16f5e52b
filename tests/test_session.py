"""The session core on a fake clock: every operation, cue and timing rule, in milliseconds."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import FakeClock, make_timeline, ranged, step

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
from spasm_timer.core.session import Session, SessionState
from spasm_timer.core.timeline import Step

REPO = Path(__file__).resolve().parent.parent


class Run:
    """A session on a fake clock, with every event and the clock time it was heard at."""

    def __init__(self, steps: list[Step] | None = None, lead_in: int = 0, start: bool = True):
        self.clock = FakeClock()
        self.t0 = self.clock.now()
        self.heard: list[tuple[float, SessionEvent]] = []
        self.session = Session(make_timeline(steps, lead_in), self.clock, self._hear)
        if start:
            self.session.start()

    def _hear(self, event: SessionEvent) -> None:
        self.heard.append((round(self.clock.now() - self.t0, 3), event))

    @property
    def events(self) -> list[SessionEvent]:
        return [event for _, event in self.heard]

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]

    def when(self, kind: type) -> list[float]:
        return [moment for moment, event in self.heard if isinstance(event, kind)]

    def at(self, seconds: float) -> None:
        """Move the clock to `seconds` after the start and let the timer fire."""
        self.clock.set(self.t0 + seconds)
        self.session.update()

    def follow(self, until: float | None = None) -> None:
        """Fire the timer exactly when the session asks, as the Qt adapter does."""
        while (wakeup := self.session.next_wakeup()) is not None:
            if until is not None and wakeup > self.t0 + until:
                self.at(until)
                return
            self.clock.set(wakeup)
            self.session.update()

    def names(self) -> list[str]:
        return [type(event).__name__ for event in self.events]


# ------------------------------------------------------------------ start and the plain run


def test_ready_session_shows_the_first_segment_and_refuses_everything_but_start() -> None:
    run = Run([step(10)], start=False)
    session = run.session
    assert session.state is SessionState.READY
    assert session.state == "ready"
    assert session.index == 0 and session.segment is not None
    assert session.remaining() == 10 and session.shown_seconds() == 10
    assert session.next_wakeup() is None
    assert session.progress() == 0.0
    for operation in (session.pause, session.resume, session.next, session.previous,
                      session.end_early, session.extend, session.stop):
        assert operation() is False
    session.update()
    assert run.events == [] and session.state is SessionState.READY


def test_start_begins_the_first_step() -> None:
    run = Run([step(10)])
    assert run.names() == ["SessionStarted", "SegmentStarted", "StepStarted"]
    assert run.of(StepStarted)[0].planned_seconds == 10
    assert run.session.state is SessionState.RUNNING
    assert run.session.shown_seconds() == 10
    assert run.session.start() is False


def test_a_routine_runs_to_its_end_with_each_step_completed_at_its_planned_time() -> None:
    run = Run([step(5), step(7)])
    run.follow()
    assert run.session.state is SessionState.FINISHED
    ended = run.of(StepEnded)
    assert [(e.index, e.outcome, e.actual_seconds) for e in ended] == [
        (0, COMPLETED, 5.0), (1, COMPLETED, 7.0)]
    assert run.when(StepEnded) == [5.0, 12.0]
    assert run.of(SessionEnded) == [SessionEnded(COMPLETED, 12.0)]
    assert run.events[-1] == SessionEnded(COMPLETED, 12.0)
    assert run.session.remaining() == 0 and run.session.progress() == 1.0
    assert run.session.session_elapsed() == 12.0
    assert run.session.next_wakeup() is None


def test_ended_session_refuses_every_operation() -> None:
    run = Run([step(5)])
    run.at(6)
    count = len(run.events)
    for operation in (run.session.start, run.session.pause, run.session.resume,
                      run.session.toggle_pause, run.session.next, run.session.previous,
                      run.session.end_early, run.session.extend, run.session.stop):
        assert operation() is False
    run.at(100)
    assert len(run.events) == count


def test_remaining_and_shown_seconds_count_down() -> None:
    run = Run([step(10)])
    run.at(0.2)
    assert run.session.remaining() == pytest.approx(9.8)
    assert run.session.shown_seconds() == 10
    run.at(1.0)
    assert run.session.shown_seconds() == 9
    run.at(9.999)
    assert run.session.shown_seconds() == 1
    assert run.session.segment_elapsed() == pytest.approx(9.999)


def test_remaining_is_never_negative_even_before_update() -> None:
    run = Run([step(5), step(5)])
    run.clock.set(run.t0 + 7)  # the timer has not fired yet
    assert run.session.remaining() == 0
    assert run.session.shown_seconds() == 0
    assert run.session.segment_elapsed() == 5.0
    run.session.update()
    assert run.session.index == 1 and run.session.remaining() == pytest.approx(3.0)


def test_progress_weighs_segments_by_planned_time() -> None:
    run = Run([step(10), step(30)])
    assert run.session.planned_total() == 40
    run.at(5)
    assert run.session.progress() == pytest.approx(5 / 40)
    run.at(25)
    assert run.session.progress() == pytest.approx(25 / 40)


# ----------------------------------------------------------------------------- the cues


def test_a_long_step_hears_halfway_then_ten_three_two_one() -> None:
    run = Run([step(30)])
    run.follow()
    cues = [(moment, event) for moment, event in run.heard
            if isinstance(event, Halfway | SecondsLeft)]
    assert [(moment, getattr(event, "seconds", "half")) for moment, event in cues] == [
        (15.0, "half"), (20.0, 10), (27.0, 3), (28.0, 2), (29.0, 1)]


def test_a_short_step_has_no_ten_seconds_cue() -> None:
    run = Run([step(20)])
    run.follow()
    assert [e.seconds for e in run.of(SecondsLeft)] == [3, 2, 1]
    assert run.when(Halfway) == [10.0]


def test_steps_under_ten_seconds_have_no_halfway_and_under_four_no_countdown() -> None:
    run = Run([step(9), step(3)])
    run.follow()
    assert run.of(Halfway) == []
    assert [(e.index, e.seconds) for e in run.of(SecondsLeft)] == [(0, 3), (0, 2), (0, 1)]


def test_lead_ins_count_down_so_the_step_is_heard_coming() -> None:
    run = Run([step(30)], lead_in=5)
    assert run.session.state is SessionState.LEAD_IN
    assert run.names()[:2] == ["SessionStarted", "SegmentStarted"]
    assert "StepStarted" not in run.names()
    run.follow(until=5)
    countdown = [(moment, e.seconds) for moment, e in run.heard if isinstance(e, SecondsLeft)]
    assert countdown == [(2.0, 3), (3.0, 2), (4.0, 1)]
    assert run.session.state is SessionState.RUNNING
    assert run.of(StepStarted)[0].index == 1


def test_heat_and_cold_steps_ask_for_a_skin_check_every_five_minutes() -> None:
    run = Run([step(20 * 60, kind="cold"), step(11 * 60, kind="heat"), step(600, kind="stretch")])
    run.follow()
    checks = [(moment, e.index, e.minutes) for moment, e in run.heard if isinstance(e, SkinCheck)]
    assert checks == [(300.0, 0, 5), (600.0, 0, 10), (900.0, 0, 15),
                      (1500.0, 1, 5), (1800.0, 1, 10)]


def test_cues_at_the_same_moment_come_halfway_first() -> None:
    run = Run([step(20 * 60, kind="cold")])
    run.at(600)
    assert [type(e).__name__ for e in run.events[-2:]] == ["Halfway", "SkinCheck"]


# ------------------------------------------------------------------------ sides, repeats


def test_both_sides_go_left_then_right_with_a_side_switch_before_the_right() -> None:
    run = Run([step(5, sides="both")], lead_in=3)
    run.follow()
    started = [(e.segment.role, e.segment.side) for e in run.of(SegmentStarted)]
    assert started == [("lead_in", "left"), ("step", "left"), ("lead_in", "right"),
                       ("step", "right")]
    assert [(e.index, e.side) for e in run.of(SideSwitch)] == [(2, "right")]
    names = run.names()
    switch = names.index("SideSwitch")
    assert names[switch + 1] == "SegmentStarted" and run.events[switch + 1].index == 2
    assert [e.segment.side for e in run.of(StepEnded)] == ["left", "right"]


def test_a_step_without_side_between_sides_still_hears_the_switch() -> None:
    run = Run([step(5, sides="left"), step(5), step(5, sides="right"), step(5, sides="right")])
    run.follow()
    assert [(e.index, e.side) for e in run.of(SideSwitch)] == [(2, "right")]


def test_repetitions_rest_between_and_only_steps_are_logged() -> None:
    run = Run([step(5, repeat=3, rest=4)])
    roles = [s.role for s in run.session.timeline.segments]
    assert roles == ["step", "rest", "step", "rest", "step"]
    run.follow(until=6)
    assert run.session.state is SessionState.RUNNING
    assert run.session.segment.role == "rest"
    run.follow()
    ended = run.of(StepEnded)
    assert [(e.segment.repetition, e.outcome) for e in ended] == [
        (1, COMPLETED), (2, COMPLETED), (3, COMPLETED)]
    assert run.when(StepEnded) == [5.0, 14.0, 23.0]
    assert run.of(SessionEnded)[0].active_seconds == 23.0


# ---------------------------------------------------------------------------------- pause


def test_pause_in_the_middle_does_not_count_on_the_step() -> None:
    run = Run([step(20), step(5)])
    run.at(8)
    assert run.session.pause() is True
    assert run.session.state is SessionState.PAUSED
    run.at(13)
    assert run.session.remaining() == 12 and run.session.segment_elapsed() == 8
    assert run.session.next_wakeup() is None
    assert run.session.resume() is True
    assert run.of(Resumed) == [Resumed(0, 5.0)]
    run.follow()
    first = run.of(StepEnded)[0]
    assert first.actual_seconds == 20.0 and first.outcome == COMPLETED
    assert run.when(StepEnded) == [25.0, 30.0]
    assert run.of(SessionEnded)[0].active_seconds == 25.0
    assert run.session.paused_seconds() == 5.0


def test_pause_shifts_the_cues_too() -> None:
    run = Run([step(10)])
    run.at(2)
    run.session.pause()
    run.at(4.5)
    run.session.resume()
    run.follow()
    assert run.when(Halfway) == [7.5]
    assert run.when(SecondsLeft) == [9.5, 10.5, 11.5]


def test_pause_and_resume_are_refused_when_they_make_no_sense() -> None:
    run = Run([step(10)])
    assert run.session.resume() is False
    assert run.session.pause() is True
    assert run.session.pause() is False
    assert run.of(Paused) == [Paused(0)]


def test_pause_works_in_lead_ins_and_rests() -> None:
    run = Run([step(5, repeat=2, rest=5)], lead_in=5)
    run.at(2)
    assert run.session.pause() is True
    run.at(10)
    assert run.session.resume() is True
    assert run.session.state is SessionState.LEAD_IN
    assert run.session.remaining() == 3
    run.at(15)  # lead-in ended at 13, step at 18: now in the step
    assert run.session.segment.role == "step"
    run.at(20)  # the rest
    assert run.session.segment.role == "rest"
    assert run.session.pause() is True
    run.at(30)
    run.session.resume()
    assert run.session.state is SessionState.RUNNING
    assert run.session.remaining() == 3


def test_toggle_pause_is_the_space_bar() -> None:
    run = Run([step(10)], start=False)
    assert run.session.toggle_pause() is True
    assert run.session.state is SessionState.RUNNING
    assert run.session.toggle_pause() is True
    assert run.session.state is SessionState.PAUSED
    assert run.session.toggle_pause() is True
    assert run.session.state is SessionState.RUNNING
    run.at(20)
    assert run.session.toggle_pause() is False


# ------------------------------------------------------------------- late and missing ticks


def test_a_stalled_event_loop_does_not_move_the_next_boundary() -> None:
    run = Run([step(2), step(2), step(2)])
    run.at(0)
    run.at(2.5)  # nothing ran for 2.5 s across the first boundary
    assert run.session.index == 1
    assert run.of(StepEnded)[0].actual_seconds == 2.0
    assert run.session.remaining() == pytest.approx(1.5)  # the step began at 2, not at 2.5
    run.at(3.999)
    assert run.session.index == 1
    run.at(4.0)
    assert run.session.index == 2
    assert [e.actual_seconds for e in run.of(StepEnded)] == [2.0, 2.0]


def test_catching_up_over_several_segments_processes_each_boundary_in_order() -> None:
    run = Run([step(1), step(1), step(1), step(5)])
    run.at(3.5)
    assert [type(e).__name__ for e in run.events[3:]] == [
        "StepEnded", "SegmentStarted", "StepStarted",
        "StepEnded", "SegmentStarted", "StepStarted",
        "StepEnded", "SegmentStarted", "StepStarted"]
    assert [e.actual_seconds for e in run.of(StepEnded)] == [1.0, 1.0, 1.0]
    assert run.session.remaining() == pytest.approx(4.5)


def test_stale_cues_of_a_segment_that_already_ended_are_not_heard() -> None:
    run = Run([step(10), step(10)])
    run.at(6.5)
    run.at(10.5)  # 3, 2, 1 of the first step are history: silence, not a burst
    assert run.of(SecondsLeft) == []
    assert len(run.of(StepEnded)) == 1
    run.follow()
    assert [(e.index, e.seconds) for e in run.of(SecondsLeft)] == [(1, 3), (1, 2), (1, 1)]


def test_due_cues_of_the_current_segment_are_still_heard_after_a_short_stall() -> None:
    run = Run([step(10)])
    run.at(7.5)
    assert [e.seconds for e in run.of(SecondsLeft)] == [3]


def test_thirty_one_second_steps_with_random_late_ticks_do_not_drift() -> None:
    rng = random.Random(20240611)
    run = Run([step(1) for _ in range(30)])
    while True:
        wakeup = run.session.next_wakeup()
        assert wakeup is not None
        late = rng.choice([0.0, 0.001, 0.016, 0.3, 0.9, 1.7])
        if wakeup + late >= run.t0 + 29.999:
            break
        run.clock.set(wakeup + late)
        run.session.update()
        index = run.session.index
        # the current step's deadline is exactly where the plan put it
        assert run.clock.now() + run.session.remaining() == pytest.approx(run.t0 + index + 1)
    run.at(29.999)
    assert run.session.index == 29 and run.session.state is SessionState.RUNNING
    run.at(30.0)
    assert run.session.state is SessionState.FINISHED
    assert [e.actual_seconds for e in run.of(StepEnded)] == [1.0] * 30
    assert run.of(SessionEnded)[0].active_seconds == 30.0


# ------------------------------------------------------------------------------- oversleep


def test_a_laptop_asleep_through_a_cold_step_waits_paused_at_the_next_segment() -> None:
    run = Run([step(20 * 60, kind="cold"), step(30, kind="effleurage")], lead_in=5)
    run.at(5 + 60)  # past the lead-in, one minute into the cold pack
    checks_before = len(run.of(SkinCheck))
    run.at(5 + 40 * 60)  # the clock jumps 40 minutes: the laptop slept
    ended = run.of(StepEnded)
    assert [(e.index, e.outcome, e.actual_seconds) for e in ended] == [(1, COMPLETED, 1200.0)]
    assert run.of(Overslept) == [Overslept(1, 20 * 60.0)]
    assert len(run.of(SkinCheck)) == checks_before  # no skin checks for a pack already off
    assert run.session.state is SessionState.PAUSED
    assert run.session.index == 2  # the next step's lead-in, not its middle
    assert run.session.segment.role == "lead_in"
    assert run.session.remaining() == 5
    names = run.names()
    assert names[names.index("Overslept"):] == ["Overslept", "SegmentStarted", "Paused"]
    run.at(5 + 50 * 60)
    assert run.session.remaining() == 5  # still waiting for the person
    run.session.resume()
    assert run.session.state is SessionState.LEAD_IN
    run.follow()
    assert run.of(SessionEnded)[0].status == COMPLETED
    # the overslept gap is neither active time nor a pause
    assert run.of(SessionEnded)[0].active_seconds == 5 + 1200 + 5 + 30


def test_overslept_last_segment_just_ends_the_session() -> None:
    run = Run([step(60)])
    run.at(60 * 10)
    assert run.of(Overslept) == []
    assert run.of(StepEnded)[0].outcome == COMPLETED
    assert run.of(SessionEnded) == [SessionEnded(COMPLETED, 60.0)]
    assert run.session.state is SessionState.FINISHED


def test_under_a_minute_late_is_a_stall_not_a_sleep() -> None:
    run = Run([step(10), step(100)])
    run.at(69.9)
    assert run.of(Overslept) == []
    assert run.session.state is SessionState.RUNNING
    assert run.session.remaining() == pytest.approx(40.1)


def test_operations_first_notice_the_oversleep() -> None:
    run = Run([step(10), step(10)])
    run.clock.set(run.t0 + 200)
    assert run.session.pause() is False  # already paused by the oversleep
    assert len(run.of(Overslept)) == 1 and run.session.state is SessionState.PAUSED


# ---------------------------------------------------------------------------- stop, next


def test_stop_mid_step_logs_it_stopped_with_its_real_time() -> None:
    run = Run([step(10), step(10)])
    run.at(4)
    assert run.session.stop() is True
    assert run.of(StepEnded) == [StepEnded(0, run.session.timeline.segments[0], STOPPED, 4.0)]
    assert run.events[-1] == SessionEnded(STOPPED, 4.0)
    assert run.session.state is SessionState.STOPPED
    assert run.session.stop() is False
    assert run.session.next_wakeup() is None


def test_stop_while_paused_counts_only_the_active_time() -> None:
    run = Run([step(10)])
    run.at(3)
    run.session.pause()
    run.at(50)
    run.session.stop()
    assert run.of(StepEnded)[0].actual_seconds == 3.0
    assert run.session.paused_seconds() == 47.0


def test_stop_in_a_lead_in_logs_no_step() -> None:
    run = Run([step(10)], lead_in=5)
    run.at(2)
    run.session.stop()
    assert run.of(StepEnded) == []
    assert run.of(SessionEnded) == [SessionEnded(STOPPED, 2.0)]


def test_next_skips_the_rest_of_a_step() -> None:
    run = Run([step(10), step(10)])
    run.at(3)
    assert run.session.next() is True
    assert [(e.outcome, e.actual_seconds) for e in run.of(StepEnded)] == [(SKIPPED, 3.0)]
    assert run.session.index == 1 and run.session.remaining() == 10
    run.follow()
    assert run.when(StepEnded) == [3.0, 13.0]


def test_next_during_a_lead_in_goes_to_the_step_without_logging_the_lead_in() -> None:
    run = Run([step(10)], lead_in=5)
    run.at(1)
    assert run.session.next() is True
    assert run.of(StepEnded) == []
    assert run.session.state is SessionState.RUNNING
    assert run.session.segment.role == "step" and run.session.remaining() == 10


def test_next_on_the_last_segment_completes_the_session() -> None:
    run = Run([step(10)])
    run.at(2)
    run.session.next()
    assert run.of(StepEnded)[0].outcome == SKIPPED
    assert run.of(SessionEnded)[0].status == COMPLETED
    assert run.session.state is SessionState.FINISHED


def test_next_while_paused_stays_paused_at_the_next_segment() -> None:
    run = Run([step(10), step(10)])
    run.at(2)
    run.session.pause()
    run.at(5)
    run.session.next()
    assert run.of(StepEnded)[0].actual_seconds == 2.0
    assert run.session.state is SessionState.PAUSED and run.session.index == 1
    run.at(9)
    assert run.session.remaining() == 10
    run.session.resume()
    assert run.of(Resumed) == [Resumed(1, 7.0)]
    run.follow()
    assert run.of(StepEnded)[1].actual_seconds == 10.0
    assert run.session.paused_seconds() == 7.0


# -------------------------------------------------------------------------------- previous


def test_previous_restarts_the_previous_step_from_its_full_time() -> None:
    run = Run([step(10), step(20)], lead_in=5)
    run.at(5 + 10 + 5 + 4)  # 4 s into the second step
    assert run.session.index == 3
    assert run.session.previous() is True
    assert run.of(StepEnded)[-1] == StepEnded(3, run.session.timeline.segments[3], SKIPPED, 4.0)
    assert run.session.index == 1 and run.session.remaining() == 10
    assert run.session.state is SessionState.RUNNING


def test_previous_from_a_lead_in_goes_back_to_the_step_before_it() -> None:
    run = Run([step(10), step(20)], lead_in=5)
    run.at(5 + 10 + 2)  # in the second step's lead-in
    run.session.previous()
    assert run.session.index == 1 and run.session.remaining() == 10
    assert [e.outcome for e in run.of(StepEnded)] == [COMPLETED]  # the lead-in is not a step


def test_previous_from_a_rest_restarts_the_repetition_before_it() -> None:
    run = Run([step(10, repeat=2, rest=5)])
    run.at(12)
    run.session.previous()
    assert run.session.index == 0 and run.session.remaining() == 10


def test_previous_from_the_first_step_restarts_it() -> None:
    run = Run([step(10), step(10)])
    run.at(6)
    assert run.session.previous() is True
    assert run.session.index == 0 and run.session.remaining() == 10
    assert [(e.outcome, e.actual_seconds) for e in run.of(StepEnded)] == [(SKIPPED, 6.0)]
    assert [e.index for e in run.of(StepStarted)] == [0, 0]
    run.follow()
    assert run.when(StepEnded) == [6.0, 16.0, 26.0]


def test_previous_from_the_first_step_restarts_it_not_its_get_ready() -> None:
    run = Run([step(10), step(10)], lead_in=5)
    run.at(5 + 6)
    assert run.session.previous() is True
    assert run.session.index == 1 and run.session.segment.role == "step"
    assert run.session.state is SessionState.RUNNING and run.session.remaining() == 10


@pytest.mark.parametrize(("late", "overslept"), [(59.0, False), (61.0, True), (119.0, True)])
def test_a_deadline_missed_by_more_than_a_minute_is_an_oversleep(late: float,
                                                                 overslept: bool) -> None:
    run = Run([step(30), step(300)])
    run.at(30 + late)
    assert bool(run.of(Overslept)) is overslept
    assert (run.session.state is SessionState.PAUSED) is overslept


def test_previous_back_to_the_left_side_hears_the_switch() -> None:
    run = Run([step(10, sides="both")])
    run.at(12)
    run.session.previous()
    assert [e.side for e in run.of(SideSwitch)] == ["right", "left"]


# ------------------------------------------------------------------ ranged steps: end, extend


def test_end_early_is_refused_before_the_shortest_time_and_allowed_after() -> None:
    run = Run([step(ranged(30, 10, 30)), step(10)])
    run.at(9.999)
    assert run.session.can_end_early() is False
    assert run.session.end_early() is False
    run.at(10)
    assert run.session.can_end_early() is True
    assert run.session.end_early() is True
    assert [(e.outcome, e.actual_seconds) for e in run.of(StepEnded)] == [(COMPLETED, 10.0)]
    assert run.session.index == 1
    assert run.session.can_end_early() is False  # a fixed step cannot end early


def test_end_early_counts_active_time_not_paused_time() -> None:
    run = Run([step(ranged(30, 10, 30))])
    run.at(6)
    run.session.pause()
    run.at(20)
    assert run.session.can_end_early() is False
    run.session.resume()
    run.at(24)
    assert run.session.end_early() is True
    assert run.of(StepEnded)[0].actual_seconds == 10.0


def test_end_early_is_refused_in_lead_ins_and_rests() -> None:
    run = Run([step(ranged(20, 1, 30), repeat=2, rest=10)], lead_in=10)
    run.at(5)
    assert run.session.end_early() is False
    run.at(10 + 20 + 5)
    assert run.session.segment.role == "rest"
    assert run.session.end_early() is False


def test_extend_never_goes_past_the_longest_time_of_a_range() -> None:
    run = Run([step(ranged(15, 10, 30))])
    run.at(5)
    assert run.session.extend() is True
    assert run.session.remaining() == 20
    assert run.session.extend(10) is True  # only 5 s were left to give
    assert run.session.remaining() == 25
    assert run.session.can_extend() is False
    assert run.session.extend() is False
    run.follow()
    assert run.of(StepEnded)[0].actual_seconds == 30.0


def test_extend_adds_time_to_fixed_steps_lead_ins_and_rests() -> None:
    run = Run([step(10)], lead_in=5)
    run.at(1)
    assert run.session.extend(10) is True
    assert run.session.remaining() == 14
    run.at(15)
    assert run.session.extend(5) is True
    run.follow()
    assert run.of(StepEnded)[0].actual_seconds == 15.0


def test_extend_never_takes_heat_or_cold_past_twenty_minutes() -> None:
    run = Run([step(20 * 60, kind="cold"), step(19 * 60 + 55, kind="heat")])
    run.at(60)
    assert run.session.extend() is False and run.session.can_extend() is False
    run.at(20 * 60 + 10)
    assert run.session.extend(10) is True
    assert run.session.remaining() == pytest.approx(19 * 60 + 55 - 10 + 5)


def test_extend_refuses_nonsense() -> None:
    run = Run([step(10)])
    assert run.session.extend(0) is False
    assert run.session.extend(-5) is False
    assert run.session.remaining() == 10


def test_extending_in_the_last_seconds_brings_the_countdown_again() -> None:
    run = Run([step(10)])
    run.at(8.5)
    assert [e.seconds for e in run.of(SecondsLeft)] == [3, 2]
    run.session.extend(10)
    run.follow()
    assert [e.seconds for e in run.of(SecondsLeft)] == [3, 2, 3, 2, 1]
    assert run.when(SecondsLeft)[2:] == [17.0, 18.0, 19.0]


# ---------------------------------------------------------------------------- next_wakeup


def _visible(session: Session) -> tuple:
    return (session.state, session.index, session.shown_seconds())


def test_next_wakeup_lands_exactly_on_every_change_and_never_in_the_past() -> None:
    """Walk the clock millisecond by millisecond and compare with the wakeups asked for."""
    steps = [step(12, repeat=2, rest=4), step(ranged(5, 4, 9), sides="both")]
    walker, follower = Run(steps, lead_in=3), Run(steps, lead_in=3)
    changes, last = [], _visible(walker.session)
    count = len(walker.events)
    for ms in range(1, 60_000):
        walker.clock.set(walker.t0 + ms / 1000)
        walker.session.update()
        if ms == 2_300:
            walker.session.pause()
        if ms == 3_050:
            walker.session.resume()
        visible = _visible(walker.session)
        if visible != last or len(walker.events) != count:
            changes.append(ms / 1000)
        last, count = visible, len(walker.events)
        if walker.session.state is SessionState.FINISHED:
            break

    wakeups = []
    while (wakeup := follower.session.next_wakeup()) is not None:
        assert wakeup >= follower.clock.now()
        if follower.clock.now() < follower.t0 + 2.3 <= wakeup:
            follower.at(2.3)
            follower.session.pause()
            assert follower.session.next_wakeup() is None
            follower.at(3.05)
            follower.session.resume()
            continue
        follower.clock.set(wakeup)
        follower.session.update()
        wakeups.append(round(wakeup - follower.t0, 3))
    assert follower.events == walker.events
    assert sorted(set(wakeups) - {3.05}) == [c for c in changes if c not in (2.3, 3.05)]


def test_next_wakeup_is_the_next_whole_second_of_the_display() -> None:
    run = Run([step(5)])
    assert run.session.next_wakeup() == run.t0 + 1
    run.at(0.4)
    assert run.session.next_wakeup() == run.t0 + 1
    run.at(1.0)
    assert run.session.next_wakeup() == run.t0 + 2
    run.session.pause()
    assert run.session.next_wakeup() is None
    run.at(1.25)
    run.session.resume()
    assert run.session.next_wakeup() == run.t0 + 2.25


def test_next_wakeup_is_now_when_something_is_already_due() -> None:
    run = Run([step(5), step(5)])
    run.clock.set(run.t0 + 7)
    assert run.session.next_wakeup() == run.clock.now()


# -------------------------------------------------------------------------- the listener


def test_a_listener_may_call_the_session_from_inside_a_callback() -> None:
    clock = FakeClock()
    events: list[SessionEvent] = []
    session: Session

    def listener(event: SessionEvent) -> None:
        events.append(event)
        if isinstance(event, StepStarted) and event.index == 1:
            # e.g. an app that pauses before each step; it sees a consistent session
            assert session.index == 1 and session.state is SessionState.RUNNING
            session.pause()

    session = Session(make_timeline([step(5), step(5)]), clock, listener)
    session.start()
    clock.advance(5)
    session.update()
    assert session.state is SessionState.PAUSED
    assert [type(e).__name__ for e in events[-4:]] == [
        "StepEnded", "SegmentStarted", "StepStarted", "Paused"]


def test_session_works_without_a_listener() -> None:
    clock = FakeClock()
    session = Session(make_timeline([step(5)]), clock)
    session.start()
    clock.advance(6)
    session.update()
    assert session.state is SessionState.FINISHED


def test_session_started_carries_the_timeline() -> None:
    run = Run([step(5)])
    assert run.events[0] == SessionStarted(run.session.timeline)


# ------------------------------------------------------------------------------- no Qt


def test_the_core_imports_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import spasm_timer.core as core\n"
        "for module in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('spasm_timer.core.' + module.name)\n"
        "qt = sorted(name for name in sys.modules if name.split('.')[0] in"
        " ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6'))\n"
        "assert 'spasm_timer.core.session' in sys.modules\n"
        "print(qt)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
