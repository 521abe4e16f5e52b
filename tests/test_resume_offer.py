"""At start-up the app offers to carry on an interrupted session: Enter carries on, Esc leaves it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtCore import Qt
from window_helpers import make_window, run_to_end

from spasm_timer import paths
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
  - {kind: circular, title: Circles, instructions: Slowly., duration: 5s}
  - {kind: trigger_point, title: Hold the knot, instructions: Firmly., duration: 5-10s}
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
