"""The Qt session driver: the log first, one timer armed only for real changes, no busy loop."""

from __future__ import annotations

import pytest
from fakes import make_timeline, ranged, step
from player_helpers import make_rig

from spasm_timer.core.clock import MonotonicClock
from spasm_timer.core.events import SessionEnded, SessionStarted, StepEnded, StepStarted
from spasm_timer.core.session import SessionState
from spasm_timer.ui.session_driver import MIN_INTERVAL_MS, SessionDriver


def test_countdown_follows_the_clock_in_whole_seconds(qtbot):
    rig = make_rig([step(30)])
    rig.driver.start()
    assert rig.driver.shown_seconds() == 30
    rig.run_for(0.5)
    assert rig.driver.shown_seconds() == 30  # 29.5 s left still reads 30, as a countdown should
    rig.run_for(0.5)
    assert rig.driver.shown_seconds() == 29
    rig.run_for(19)
    assert rig.driver.shown_seconds() == 10


def test_display_changed_once_per_shown_second(qtbot):
    rig = make_rig([step(30)])
    rig.driver.start()
    changes = []
    rig.driver.display_changed.connect(lambda: changes.append(rig.driver.shown_seconds()))
    rig.run_for(5)
    assert changes == [29, 28, 27, 26, 25]
    rig.driver.on_timer()  # a wake-up with nothing new shows nothing new
    assert changes == [29, 28, 27, 26, 25]


def test_timer_arms_about_a_second_ahead_never_a_busy_loop(qtbot):
    rig = make_rig([step(30)])
    rig.driver.start()
    assert rig.driver.timer.isActive()
    assert rig.driver.timer.isSingleShot()
    assert rig.driver.timer.interval() >= 900
    wakeups = 0
    while not rig.driver.is_over:
        assert rig.driver.timer.interval() >= MIN_INTERVAL_MS
        rig.clock.set(rig.driver.session.next_wakeup())
        rig.driver.on_timer()
        wakeups += 1
    # one per shown second; the halfway and countdown cues fall on whole seconds here
    assert wakeups <= 31
    assert not rig.driver.timer.isActive()


def test_no_timer_while_paused(qtbot):
    rig = make_rig([step(30)])
    rig.driver.start()
    rig.run_for(3.3)
    rig.driver.pause()
    assert not rig.driver.timer.isActive()
    rig.clock.advance(600)
    assert rig.driver.shown_seconds() == 27
    rig.driver.resume()
    assert rig.driver.timer.isActive()
    assert 600 <= rig.driver.timer.interval() <= 800  # 26.7 s left: next change in 0.7 s


def test_recorder_hears_each_event_before_the_widgets(qtbot):
    order = []
    rig = make_rig([step(2)], recorder=lambda event: order.append(("log", type(event))))
    rig.driver.event_occurred.connect(lambda event: order.append(("ui", type(event))))
    rig.driver.start()
    rig.run_to_end()
    assert order[:4] == [("log", SessionStarted), ("ui", SessionStarted),
                         ("log", order[2][1]), ("ui", order[2][1])]
    logged = [kind for who, kind in order if who == "log"]
    shown = [kind for who, kind in order if who == "ui"]
    assert logged == shown
    assert logged[-1] is SessionEnded


def test_failing_recorder_is_reported_once_and_the_session_goes_on(qtbot):
    def broken_log(event):
        raise OSError("disk full")

    rig = make_rig([step(3), step(3)], recorder=broken_log)
    failures = []
    rig.driver.record_failed.connect(failures.append)
    with qtbot.waitSignal(rig.driver.finished) as finished:
        rig.driver.start()
        rig.run_to_end()
    assert finished.args == ["completed"]
    assert len(failures) == 1 and "disk full" in failures[0]
    assert isinstance(rig.driver.record_error, OSError)
    assert sum(isinstance(e, StepStarted) for e in rig.events) == 2


def test_finished_once_after_the_final_display(qtbot):
    rig = make_rig([step(30)])
    rig.driver.start()
    statuses = []
    states_seen_at_finish = []
    rig.driver.finished.connect(statuses.append)
    rig.driver.finished.connect(lambda _: states_seen_at_finish.append(rig.driver.state))
    rig.run_for(2)
    rig.driver.stop()
    rig.driver.stop()
    assert statuses == ["stopped"]
    assert states_seen_at_finish == [SessionState.STOPPED]
    assert isinstance(rig.events[-1], SessionEnded)
    assert [e.outcome for e in rig.events if isinstance(e, StepEnded)] == ["stopped"]


def test_pass_through_operations(qtbot):
    rig = make_rig([step(ranged(20, 10, 30), kind="stretch"), step(5)])
    driver = rig.driver
    assert driver.toggle_pause() and driver.state is SessionState.RUNNING
    assert not driver.end_early()  # before the shortest time
    rig.run_for(10)
    assert driver.can_end_early() and driver.end_early()
    assert driver.index == 1
    assert driver.previous() and driver.index == 0
    assert driver.extend(10) and driver.shown_seconds() == 30
    assert driver.next() and driver.index == 1
    assert driver.segment_progress() == 0.0
    assert driver.next_segment() is None


def test_real_timer_runs_a_session_to_its_end(qtbot):
    """The one place real time is the point: a 1-second step ends on the real clock."""
    driver = SessionDriver(make_timeline([step(1)]), MonotonicClock())
    with qtbot.waitSignal(driver.finished, timeout=3000) as finished:
        driver.start()
    assert finished.args == ["completed"]


@pytest.mark.parametrize("remaining", [0.0004, 0.0])
def test_timer_never_armed_below_the_floor(qtbot, remaining):
    rig = make_rig([step(5)])
    rig.driver.start()
    rig.clock.advance(5 - remaining)
    rig.driver._arm_timer()
    assert rig.driver.timer.interval() >= MIN_INTERVAL_MS
