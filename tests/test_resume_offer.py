"""At start-up the app offers to carry on an interrupted session: Enter carries on, Esc leaves it."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import FakeClock
from first_run import safety_note_read
from PySide6.QtCore import Qt
from window_helpers import make_window, run_to_end

from spasm_timer import i18n, paths
from spasm_timer.core.library import find_routine
from spasm_timer.core.session import Session
from spasm_timer.core.timeline import expand
from spasm_timer.storage.continued_session import NotingRecorder, RunningSessionNote
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.recorder import SessionRecorder
from spasm_timer.ui.resume_offer import offer_to_carry_on

FIVE_STEPS = """\
name: Five steps
area: calf
lead_in: 2
steps:
  - {kind: effleurage, title: Stroke up, instructions: Long strokes., duration: 5s}
  - {kind: circular, title: {en: Circles, de: Kreise}, instructions: Slowly., duration: 5s}
  - {kind: trigger_point, title: {en: Hold the knot, de: Halte den Knoten}, instructions: Firmly.,
     duration: 5-10s}
  - {kind: stretch, title: Lean in, instructions: Softly., duration: 5s}
  - {kind: breathe, title: Breathe, instructions: Out slowly., duration: 5s}
"""


@pytest.fixture
def cut_short_in_step_3(tmp_path: Path, data_dir: Path) -> tuple[paths.DataPaths, str]:
    """A routine file opened from anywhere, cut short during its third step."""
    routine_file = tmp_path / "elsewhere" / "five.yaml"
    routine_file.parent.mkdir()
    routine_file.write_text(FIVE_STEPS)
    data_paths = paths.DataPaths(data_dir)
    routine = find_routine(str(routine_file), None)  # type: ignore[arg-type]
    timeline = expand(routine)
    clock = FakeClock()
    with SessionLog.open(data_paths) as log:
        recorder = NotingRecorder(SessionRecorder(log, routine, timeline, 7),
                                  RunningSessionNote(data_dir), routine)
        session = Session(timeline, clock, recorder)
        session.start()
        while session.segment is None or session.segment.step < 3 or \
                not session.segment.is_step:
            clock.set(session.next_wakeup())  # type: ignore[arg-type]
            session.update()
        clock.advance(2)
        session.update()
        assert recorder.session_id is not None
        return data_paths, recorder.session_id


def _window(qtbot, data_paths: paths.DataPaths):  # type: ignore[no-untyped-def]
    return make_window(qtbot, data_paths, FakeClock(), SessionLog.open(data_paths))


def test_enter_carries_on_and_the_session_completes_with_all_five_steps(
        qtbot, cut_short_in_step_3) -> None:  # type: ignore[no-untyped-def]
    data_paths, session_id = cut_short_in_step_3
    window = _window(qtbot, data_paths)
    box = offer_to_carry_on(window)
    assert box is not None and box.isVisible()
    assert "step 3 of 5: Hold the knot" in box.text() and "2 steps done before" in box.text()
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)

    assert window.driver is not None and window.driver.segment.title == "Hold the knot"
    assert window.driver.segment.role == "lead_in"
    run_to_end(window)

    log = window.log
    assert log.count() == 1  # type: ignore[attr-defined]
    session = log.session(session_id)  # type: ignore[attr-defined]
    assert session["status"] == "completed" and session["pain_before"] == 7
    assert [s["index"] for s in session["steps"]] == [1, 2, 3, 4, 5]
    assert all(s["outcome"] == "completed" for s in session["steps"])
    assert "5 of 5 steps done" in window.end_screen.details.text()
    window.close_log()


def test_a_session_cut_short_in_english_is_offered_in_german(qtbot, cut_short_in_step_3) -> None:  # type: ignore[no-untyped-def]
    """The language changed between the crash and the restart: the offer names the step in
    the new language, and carrying on completes the same session."""
    data_paths, session_id = cut_short_in_step_3
    i18n.use_language("de")
    window = _window(qtbot, data_paths)
    box = offer_to_carry_on(window)
    assert box is not None and box.isVisible()
    assert "Halte den Knoten" in box.text() and "Hold the knot" not in box.text()
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)

    assert window.driver is not None and window.driver.segment.title == "Halte den Knoten"
    run_to_end(window)
    session = window.log.session(session_id)  # type: ignore[attr-defined]
    assert session["status"] == "completed"
    assert [s["index"] for s in session["steps"]] == [1, 2, 3, 4, 5]
    window.close_log()


def test_esc_leaves_it_and_it_is_not_offered_again(qtbot, cut_short_in_step_3) -> None:  # type: ignore[no-untyped-def]
    data_paths, session_id = cut_short_in_step_3
    window = _window(qtbot, data_paths)
    box = offer_to_carry_on(window)
    assert box is not None
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)

    assert window.driver is None and not box.isVisible()
    assert window.log.session(session_id)["status"] == "interrupted"  # type: ignore[attr-defined]
    assert offer_to_carry_on(window) is None
    window.close_log()


def test_no_offer_when_the_routine_file_is_gone(qtbot, cut_short_in_step_3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data_paths, _ = cut_short_in_step_3
    (tmp_path / "elsewhere" / "five.yaml").unlink()
    window = _window(qtbot, data_paths)
    assert offer_to_carry_on(window) is None
    window.close_log()


def test_no_offer_without_a_log(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, paths.DataPaths(data_dir), FakeClock())
    assert offer_to_carry_on(window) is None


def test_run_start_of_the_same_routine_offers_first(qtbot, cut_short_in_step_3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`spasm-timer run five.yaml --start` after a crash: Enter carries on, Esc starts afresh."""
    data_paths, session_id = cut_short_in_step_3
    routine = find_routine(str(tmp_path / "elsewhere" / "five.yaml"), None)  # type: ignore[arg-type]
    window = _window(qtbot, data_paths)
    window.show_start(routine)
    other = find_routine(str(paths.bundled_routines_dir() / "calf-cramp.yaml"), None,  # type: ignore[arg-type]
                         paths.illustrations_dir())
    assert offer_to_carry_on(window, instead_of=other) is None  # another routine: just start it
    box = offer_to_carry_on(window, instead_of=routine)
    assert box is not None
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)
    assert window.driver is not None  # started afresh, as asked
    assert window.driver.index == 0
    assert window.log.session(session_id)["status"] == "interrupted"  # type: ignore[attr-defined]
    window.driver.stop()
    assert window.log.count() == 2  # type: ignore[attr-defined]
    window.close_log()


@pytest.fixture
def slow_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The writer's open of the log holds until the event is set, and the usual wait of
    `run --start` for the log is already over: a log slower than that wait."""
    from spasm_timer import app
    from spasm_timer.storage import log_writer

    may_open = threading.Event()
    open_for_writing = log_writer.open_for_writing

    def open_slowly(database: Path) -> SessionLog:
        may_open.wait(10)
        return open_for_writing(database)

    monkeypatch.setattr(log_writer, "open_for_writing", open_slowly)
    monkeypatch.setattr(app, "START_WAITS_FOR_LOG_MS", 0)
    monkeypatch.setenv("SPASM_TIMER_TTS_ENGINE", "mock")
    yield may_open
    may_open.set()


def _run_start(qtbot, routine: str, data_dir: Path):  # type: ignore[no-untyped-def]
    """`spasm-timer run ROUTINE --start`, the safety note read, up to its last start-up step."""
    from spasm_timer.app import open_window

    safety_note_read(data_dir)
    args = argparse.Namespace(routine=routine, start=True, quit_when_done=False,
                              quit_after_startup=False)
    window = open_window(args, paths.DataPaths(data_dir))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.started_up)
    return window


def test_run_start_waits_for_a_slow_log_to_offer_carrying_on(  # type: ignore[no-untyped-def]
        qtbot, cut_short_in_step_3, tmp_path, slow_log) -> None:
    data_paths, session_id = cut_short_in_step_3
    window = _run_start(qtbot, str(tmp_path / "elsewhere" / "five.yaml"), data_paths.root)
    qtbot.wait(100)
    assert window.driver is None  # the note says an offer is likely: not started afresh
    slow_log.set()
    qtbot.waitUntil(lambda: getattr(window, "carry_on_offer", None) is not None)
    box = window.carry_on_offer
    assert box.isVisible() and "step 3 of 5: Hold the knot" in box.text()
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)
    assert window.driver is not None and window.driver.segment.title == "Hold the knot"
    window.driver.stop()
    assert window.log.count() == 1  # type: ignore[attr-defined]  # carried on, nothing new
    assert [s["index"] for s in window.log.session(session_id)["steps"]][:2] == [1, 2]  # type: ignore[attr-defined]
    window.close_log()


def test_run_start_never_waits_for_a_slow_log_when_nothing_was_cut_short(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, slow_log) -> None:
    window = _run_start(qtbot, "calf-cramp", data_dir)
    qtbot.waitUntil(lambda: window.driver is not None)  # while the log is still opening
    assert window.log is None
    slow_log.set()
    window.driver.stop()
    window.close_log()
    with SessionLog.open(paths.DataPaths(data_dir)) as log:
        assert [s["status"] for s in log.sessions()] == ["stopped"]  # recorded all the same
