"""From Start to the end screen: what the log holds afterwards.

The acceptance is that a person pressing Space gets a session whose steps ran as planned, and
that everything is in the log. One test runs that on the real timer and clock, for a few real
seconds; the others run the window on a fake clock moved by hand (`window_helpers`), with the
real keys a person presses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import (
    THREE_QUICK_STEPS,
    make_logged_window,
    make_window,
    run_for,
    run_to_end,
    wait_saved,
)

from spasm_timer import paths
from spasm_timer.core.durations import Duration
from spasm_timer.core.routine import Step
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import start_screen as start_screen_module
from spasm_timer.ui.end_screen import TIPS
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.start_screen import duration_text, step_line

TWO_STEPS = """\
name: Two steps
area: test
lead_in: 0
steps:
  - {kind: pressure, title: Long press, instructions: Gently., duration: 3s}
  - {kind: breathe, title: Breathe, instructions: Slowly., duration: 1s}
"""

ONE_TWO_SECOND_STEP = """\
name: One step
area: test
lead_in: 0
steps:
  - {kind: pressure, title: Press, instructions: Gently., duration: 2s}
"""

SIDES_AND_REPEATS = """\
name: Sides and repeats
area: test
lead_in: 0
steps:
  - {kind: pressure, title: Press, instructions: Gently., duration: 2s, sides: both}
  - {kind: stretch, title: Stretch, instructions: Softly., duration: 2s, repeat: 2}
"""

COLD_THEN_REST = """\
name: Cold
area: calf
lead_in: 0
steps:
  - {kind: cold, title: Cold pack, instructions: Wrapped in a cloth., duration: 15m}
  - {kind: rest, title: Rest, instructions: Lie still., duration: 30s}
"""

TOLERANCE = 0.3


@pytest.fixture
def window(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    """The window on a fake clock: time moves only by `run_for` and `run_to_end`."""
    shown = make_logged_window(qtbot, data_dir, FakeClock())
    yield shown
    shown.close_log()


@pytest.fixture
def real_time_window(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    """The window on the real clock, its driver woken only by its own QTimer."""
    shown = make_logged_window(qtbot, data_dir)
    yield shown
    shown.close_log()


def open_and_start(qtbot, window: MainWindow, path: Path, pain_key=None):  # type: ignore[no-untyped-def]
    assert window.open_routine(str(path)) is not None
    if pain_key is not None:
        qtbot.keyClick(window.start_screen.start_button, pain_key)
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.player


def wait_for_end(qtbot, window: MainWindow, seconds: float = 4.0) -> None:  # type: ignore[no-untyped-def]
    """Real time only: lets the event loop and the driver's own QTimer run the session."""
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.end_screen,
                    timeout=int(seconds * 1000))
    wait_saved(window)


def only_session(data_dir: Path) -> dict:  # type: ignore[type-arg]
    with SessionLog.open(paths.DataPaths(data_dir)) as log:
        sessions = log.sessions()
    assert len(sessions) == 1
    return sessions[0]


def test_step_lines_read_naturally() -> None:
    step = Step("stretch", "Draw the toes toward you", "", Duration(30, 15, 30), repeat=3,
                sides="both")
    assert step_line(2, step) == "2. Draw the toes toward you — 15–30 s, 3 times, both sides"
    assert step_line(1, Step("breathe", "Breathe out slowly", "", Duration.fixed(30))) == \
        "1. Breathe out slowly — 30 s"
    assert duration_text(Duration(1200, 900, 1200)) == "15–20 min"
    assert duration_text(Duration.fixed(90)) == "1 min 30 s"


def test_start_screen_shows_safety_notes_and_total(window: MainWindow) -> None:
    window.open_routine("calf-cramp")
    screen = window.start_screen
    assert screen.safety_box.isVisible()
    assert "Stop straight away" in screen.safety.text()
    assert "1. Breathe out slowly — 30 s" in screen.steps.text()
    assert "15–30 s, 3 times, both sides" in screen.steps.text()
    assert screen.total.text().startswith("About ")
    assert "Space" in screen.start_button.text()


def test_space_runs_the_routine_and_the_log_holds_it(qtbot, real_time_window, data_dir,  # type: ignore[no-untyped-def]
                                                     write_routine):
    """The acceptance end to end, on the real QTimer and clock: the one test here that waits."""
    window = real_time_window
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    wait_for_end(qtbot, window)
    session = only_session(data_dir)
    assert session["status"] == "completed"
    assert [s["outcome"] for s in session["steps"]] == ["completed"] * 3
    for step in session["steps"]:
        assert abs(step["actual_seconds"] - step["planned_seconds"]) <= TOLERANCE
    assert "3 of 3 steps done" in window.end_screen.details.text()
    assert window.end_screen.tip.text().removeprefix("Tip: ") in TIPS


def test_pain_before_is_saved_with_the_session(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS), pain_key=Qt.Key.Key_7)
    run_to_end(window)
    assert only_session(data_dir)["pain_before"] == 7


def test_right_skips_a_step_and_logs_its_time(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(TWO_STEPS))
    run_for(window, 0.5)
    qtbot.keyClick(window.player, Qt.Key.Key_Right)
    run_to_end(window)
    skipped, breathed = only_session(data_dir)["steps"]
    assert skipped["outcome"] == "skipped"
    assert abs(skipped["actual_seconds"] - 0.5) <= TOLERANCE
    assert breathed["outcome"] == "completed"
    assert "1 skipped" in window.end_screen.details.text()


def test_space_pauses_and_the_pause_is_not_counted(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(ONE_TWO_SECOND_STEP))
    run_for(window, 0.5)
    qtbot.keyClick(window.player, Qt.Key.Key_Space)
    run_for(window, 1.0)
    assert window.stack.currentWidget() is window.player  # still waiting, paused
    qtbot.keyClick(window.player, Qt.Key.Key_Space)
    run_to_end(window)
    session = only_session(data_dir)
    (step,) = session["steps"]
    assert abs(step["actual_seconds"] - 2.0) <= TOLERANCE
    assert session["pauses"] == 1


def test_end_screen_saves_pain_and_note(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    end = window.end_screen
    assert only_session(data_dir)["status"] == "completed"  # logged before anything is asked
    qtbot.keyClick(end.library_button, Qt.Key.Key_3)
    assert end.pain.rating == 3
    qtbot.keyClicks(end.note, "eased after the circles")
    qtbot.waitUntil(lambda: only_session(data_dir)["notes"] == "eased after the circles")
    session = only_session(data_dir)
    assert session["pain_after"] == 3
    qtbot.waitUntil(lambda: end.saved_hint.text() == "Saved in your history.")


def test_closing_the_window_keeps_a_note_just_typed(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    qtbot.keyClicks(window.end_screen.note, "typed then closed")
    window.close()
    wait_saved(window)
    assert only_session(data_dir)["notes"] == "typed then closed"


def test_again_returns_to_the_start_screen(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    qtbot.keyClick(window.end_screen.library_button, Qt.Key.Key_A)
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.title.text() == "Three quick steps"


def test_the_timer_runs_when_the_log_cannot_open(qtbot, tmp_path, write_routine):  # type: ignore[no-untyped-def]
    from spasm_timer.ui.log_link import LogLink

    data_file = tmp_path / "data-is-a-file"
    data_file.write_text("not a folder")
    data_paths = paths.DataPaths(data_file)
    window = make_window(qtbot, data_paths, FakeClock(), activate=False)
    window.attach_link(LogLink(data_paths.database).start())
    qtbot.waitUntil(lambda: window.notices.text is not None
                    and "Sessions cannot be saved yet" in window.notices.text.text())
    window.open_routine(str(write_routine(THREE_QUICK_STEPS)))
    window.start_screen.start_button.click()
    assert "Sessions cannot be saved yet" in window.notices.text.text()  # not hidden by Start
    run_to_end(window)
    assert "3 of 3 steps done" in window.end_screen.details.text()
    assert "Not saved yet" in window.end_screen.saved_hint.text()
    assert "Saved in your history" not in window.end_screen.saved_hint.text()
    window.close_log()


def test_a_disk_filling_up_mid_session_is_told_once_and_nothing_is_lost(  # type: ignore[no-untyped-def]
        qtbot, window, data_dir, write_routine, monkeypatch: pytest.MonkeyPatch):
    from spasm_timer.storage import log_writer
    from spasm_timer.storage.log import LogUnavailableError

    real_record_step = SessionLog.record_step

    def disk_full(*args: object, **options: object) -> None:
        raise LogUnavailableError(data_dir / "sessions.sqlite3", "the disk is full")

    monkeypatch.setattr(log_writer, "RETRY_UNAVAILABLE", 0.05)
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    monkeypatch.setattr(SessionLog, "record_step", disk_full)  # the writer's log refuses steps
    run_for(window, 10)
    assert window.stack.currentWidget() is window.end_screen  # every step ran
    assert "3 of 3 steps done" in window.end_screen.details.text()
    qtbot.waitUntil(lambda: window.notices.text is not None
                    and "Not saved yet" in window.notices.text.text())
    note = window.notices.text.text()
    assert "the disk is full" in note and note.count("Not saved yet") == 1  # said once
    assert "Not saved yet" in window.end_screen.saved_hint.text()  # never "Saved" meanwhile
    assert only_session(data_dir)["status"] == "interrupted"  # its end waits behind its steps
    monkeypatch.setattr(SessionLog, "record_step", real_record_step)  # room on the disk again
    qtbot.waitUntil(lambda: window.end_screen.saved_hint.text() == "Saved in your history.")
    assert not window.notices.isVisible() or "Not saved" not in window.notices.text.text()
    session = only_session(data_dir)
    assert session["status"] == "completed" and len(session["steps"]) == 3


def test_a_step_the_computer_slept_through_is_told_on_screen(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             write_routine) -> None:
    path = write_routine(COLD_THEN_REST, "cold.yaml")
    open_and_start(qtbot, window, path)
    window.clock.advance(40 * 60)  # the laptop slept through the whole cold step
    window.driver.on_timer()
    assert "take it off now" in window.notices.text.text()
    assert window.notices.isVisible()
    assert window.driver.state.value == "paused"


def test_a_session_ending_while_the_history_is_open_shows_in_it(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    window.show_history()
    history = window.history_window
    assert history is not None and history.model.rowCount() == 0
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    assert history.model.rowCount() == 1
    assert history.sessions_card.number.text() == "1"
    history.close()


def test_a_routine_file_deleted_mid_session_does_not_stop_the_session(  # type: ignore[no-untyped-def]
        qtbot, window, data_dir, write_routine):
    path = write_routine(THREE_QUICK_STEPS, "mine.yaml", data_dir / "routines")
    qtbot.waitUntil(lambda: any(r.name == "Three quick steps"
                                for r in window.library_view.routines_shown()), timeout=5000)
    open_and_start(qtbot, window, path)
    path.unlink()
    # The library notices the file is gone; the session, expanded at its start, runs on.
    qtbot.waitUntil(lambda: all(r.name != "Three quick steps"
                                for r in window.library_view.routines_shown()), timeout=5000)
    assert window.stack.currentWidget() is window.player
    run_to_end(window)
    assert "3 of 3 steps done" in window.end_screen.details.text()
    assert only_session(data_dir)["status"] == "completed"
    window.end_screen.again_button.click()  # nothing left to run again: back to the library
    assert window.stack.currentWidget() is window.library_view


def test_the_end_screen_counts_the_routines_steps_not_its_rounds(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    path = write_routine(SIDES_AND_REPEATS)
    open_and_start(qtbot, window, path)  # two steps, four rounds: each side, each repeat
    run_to_end(window)
    assert "2 of 2 steps done" in window.end_screen.details.text()

    window.end_screen.again_button.click()
    open_and_start(qtbot, window, path)
    run_for(window, 2.5)  # the left side done, half a second into the right
    qtbot.keyClick(window.player, Qt.Key.Key_Right)  # skip the right side
    run_to_end(window)
    assert "1 of 2 steps done, 1 skipped" in window.end_screen.details.text()


def test_a_stopped_session_counts_no_step_as_skipped(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(SIDES_AND_REPEATS))
    run_for(window, 5)  # both sides of the first step, and into the second
    window.driver.stop()
    details = window.end_screen.details.text()
    assert "1 of 2 steps done" in details and "skipped" not in details  # stopped, not skipped


@pytest.mark.parametrize("how", ["close", "ctrl+q"])
def test_closing_during_a_session_asks_the_stop_question_first(  # type: ignore[no-untyped-def]
        qtbot, window, data_dir, write_routine, how):
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    if how == "close":
        window.close()
    else:
        qtbot.keyClick(window.player, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    question = window.player.stop_question
    assert question is not None and question.isVisible()
    assert window.isVisible() and window.driver is not None and not window.driver.is_over
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # carries on
    assert window.isVisible() and not window.driver.is_over
    window.close()
    qtbot.keyClick(question, Qt.Key.Key_Return)  # stops, and the window closes
    assert not window.isVisible()
    wait_saved(window)  # the log writer lands the stop on its own thread
    assert only_session(data_dir)["status"] == "stopped"


def test_f11_in_the_player_checks_full_screen_in_the_view_menu(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    qtbot.keyClick(window.player, Qt.Key.Key_F11)
    assert window.isFullScreen() and window.full_screen_action.isChecked()
    qtbot.keyClick(window.player, Qt.Key.Key_F11)
    assert not window.isFullScreen() and not window.full_screen_action.isChecked()


def test_tab_reaches_every_pain_rating_from_0_to_10(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    assert window.open_routine(str(write_routine(THREE_QUICK_STEPS))) is not None
    pain = window.start_screen.pain
    pain.buttons[0].setFocus()
    reached = []
    for _ in range(11):
        reached.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert reached == pain.buttons  # 0, 1, 2 … 10, none skipped


def test_space_on_the_end_screen_does_not_leave_it(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    qtbot.keyClick(QApplication.focusWidget() or window.end_screen, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.end_screen  # the pain rating stays in view
    qtbot.keyClick(window.end_screen, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.library_view


def test_one_then_zero_typed_quickly_is_pain_ten(qtbot, window, write_routine):  # type: ignore[no-untyped-def]
    assert window.open_routine(str(write_routine(THREE_QUICK_STEPS))) is not None
    start = window.start_screen
    qtbot.keyClick(start.start_button, Qt.Key.Key_1)
    assert start.pain.rating == 1
    qtbot.keyClick(start.start_button, Qt.Key.Key_0)
    assert start.pain.rating == 10
    qtbot.keyClick(start.start_button, Qt.Key.Key_0)  # 0 after 10 is 0 again
    assert start.pain.rating == 0


def test_zero_typed_a_while_after_one_is_no_pain(qtbot, window, write_routine,  # type: ignore[no-untyped-def]
                                                 monkeypatch):
    assert window.open_routine(str(write_routine(THREE_QUICK_STEPS))) is not None
    start = window.start_screen
    now = [1000.0]
    monkeypatch.setattr(start_screen_module.time, "monotonic", lambda: now[0])
    qtbot.keyClick(start.start_button, Qt.Key.Key_1)
    now[0] += start_screen_module.TEN_TYPED_WITHIN + 0.5
    qtbot.keyClick(start.start_button, Qt.Key.Key_0)
    assert start.pain.rating == 0


def test_the_end_screen_takes_pain_ten_from_the_keys(qtbot, window, data_dir, write_routine):  # type: ignore[no-untyped-def]
    open_and_start(qtbot, window, write_routine(THREE_QUICK_STEPS))
    run_to_end(window)
    end = window.end_screen
    qtbot.keyClick(end.library_button, Qt.Key.Key_1)
    qtbot.keyClick(end.library_button, Qt.Key.Key_0)
    assert end.pain.rating == 10
    qtbot.waitUntil(lambda: only_session(data_dir)["pain_after"] == 10)
