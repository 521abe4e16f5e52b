"""Stop means one thing: the round in progress is logged `stopped`, and the end screen and
the history count it the same way, as neither done nor skipped."""

from __future__ import annotations

from fakes import FakeClock
from window_helpers import THREE_QUICK_STEPS, make_logged_window, run_for, wait_saved

from spasm_timer.core.step_counts import StepCounts, count_steps


def test_a_step_is_done_only_when_every_planned_round_completed() -> None:
    ended = [(1, "completed"), (1, "completed"), (2, "completed"), (2, "skipped"), (3, "stopped")]
    assert count_steps(ended, {1: 2, 2: 2, 3: 1}) == StepCounts(done=1, skipped=1, stopped=1)
    assert count_steps(ended[:1], {1: 2}) == StepCounts(done=0, skipped=0, stopped=0)


def test_without_a_plan_the_logged_rounds_are_the_plan() -> None:
    ended = [(1, "completed"), (2, "stopped")]
    assert count_steps(ended) == StepCounts(done=1, skipped=0, stopped=1)


def test_a_stop_is_logged_stopped_and_counted_alike_on_the_end_screen_and_in_history(  # type: ignore[no-untyped-def]
        qtbot, data_dir, write_routine) -> None:
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.open_routine(str(write_routine(THREE_QUICK_STEPS)))
    window.start_session()
    run_for(window, 1.5)  # the first step done, half a second into the second
    window.driver.stop()
    wait_saved(window)
    details = window.end_screen.details.text()
    assert "1 of 3 steps done" in details and "skipped" not in details
    session = window.log.sessions()[0]
    assert [step["outcome"] for step in session["steps"]] == ["completed", "stopped"]
    window.show_history()
    history = window.history_window
    history.select_session(session["id"])
    summary = history.detail.summary.text()
    assert "stopped" in summary.lower() and "skipped" not in summary
    history.close()
    window.close_log()
