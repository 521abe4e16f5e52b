"""Milestones announced to screen readers, on the fake clock: never every second."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeClock, make_timeline, step
from window_helpers import THREE_QUICK_STEPS, make_logged_window, run_for, run_to_end

from spasm_timer.core.events import Halfway, SecondsLeft, StepStarted
from spasm_timer.core.spoken_text import duration_words, milestone_sentence, time_left_sentence
from spasm_timer.ui.accessibility import Announcer, illustration_words

TWENTY_SECOND_STEPS = THREE_QUICK_STEPS.replace("1s}", "20s}")


def test_a_whole_session_is_announced_at_its_milestones_only(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                              write_routine) -> None:
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.open_routine(str(write_routine(TWENTY_SECOND_STEPS)))
    window.start_session()
    run_to_end(window)
    announced = window.hands_free.announcer.announced
    assert announced[:5] == ["Step 1 of 3: Press, 20 seconds", "Halfway through Press",
                             "3 seconds left", "Press done", "Step 2 of 3: Circle, 20 seconds"]
    assert announced[-1] == "Session complete"
    assert len(announced) == 3 * 4 + 1  # 60 seconds of countdown, 13 sentences
    window.close_log()


def test_skips_and_stops_are_said_as_such(qtbot, data_dir: Path, write_routine,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.open_routine(str(write_routine(TWENTY_SECOND_STEPS)))
    window.start_session()
    run_for(window, 2)
    window.player.go_next()
    window.player.request_stop().accept()  # the stop question, answered "stop"
    announced = window.hands_free.announcer.announced
    assert announced[1:] == ["Press skipped", "Step 2 of 3: Circle, 20 seconds",
                             "Circle stopped", "Session stopped"]
    window.close_log()


def test_without_announcement_events_a_live_label_carries_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    player = QWidget()
    qtbot.addWidget(player)
    announcer = Announcer(player, use_announcement_event=False)
    timeline = make_timeline([step(20, title="Press")])
    segment = timeline.segments[0]
    announcer.steps_in_routine = 1
    announcer.on_event(StepStarted(0, segment, 20))
    assert announcer.live_label is not None
    interface = QAccessible.queryAccessibleInterface(announcer.live_label)
    assert interface.text(QAccessible.Text.Name) == "Step 1 of 1: Press, 20 seconds"


def test_only_the_last_seconds_mark_is_announced() -> None:
    segment = make_timeline([step(60)]).segments[0]
    said = [milestone_sentence(SecondsLeft(0, segment, s), 1) for s in (10, 3, 2, 1)]
    assert said == [None, "3 seconds left", None, None]
    assert milestone_sentence(Halfway(0, segment), 1) == "Halfway through pressure 60s"


def test_time_words() -> None:
    assert duration_words(1) == "1 second"
    assert duration_words(90) == "1 minute 30 seconds"
    assert duration_words(120) == "2 minutes"
    segment = make_timeline([step(60, title="Press")]).segments[0]
    assert time_left_sentence(segment, 42.4, paused=False) == "42 seconds left of Press"
    assert time_left_sentence(segment, 42, paused=True) == "42 seconds left of Press, paused"
    assert time_left_sentence(None, 0, paused=False) == "No session is running"


def test_pictures_are_described() -> None:
    name, description = illustration_words("Lean into the wall", Path("x/calf.svg"))
    assert name == "Picture for Lean into the wall"
    assert "calf" in description
    assert illustration_words("Press", None)[0] == "No picture for this step"
