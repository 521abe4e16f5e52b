"""Red flags on the start screen and the help page; adding routine files from the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.core.red_flags import RED_FLAGS, red_flags_for
from spasm_timer.ui.main_window import MainWindow

MY_BACK = """\
# written by hand
name: My back
area: lower back
steps:
  - {kind: heat, title: Warm pack, instructions: On the back., duration: 15m}
"""


@pytest.fixture
def window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, paths.DataPaths(data_dir))


@pytest.fixture(autouse=True)
def no_real_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes would wait for a click; record them instead."""
    shown: list[str] = []
    from spasm_timer.ui import main_window

    monkeypatch.setattr(main_window, "show_message",
                        lambda parent, title, text, details="": shown.append(f"{text}\n{details}"))
    return shown


def test_red_flags_go_where_they_apply() -> None:
    back = [flag.text for flag in red_flags_for("lower back", ["heat"])]
    assert any("buttocks" in text for text in back) and any("asleep" in text for text in back)
    assert not any("blood clot" in text for text in back)
    calf = [flag.text for flag in red_flags_for("calf", ["stretch"])]
    assert any("blood clot" in text for text in calf)
    assert not any("asleep" in text or "buttocks" in text for text in calf)
    assert all(any("10 minutes" in flag.text for flag in red_flags_for(area))
               for area in ("neck", "feet", "whole body"))


def test_the_start_screen_shows_the_area_red_flags_of_a_routine_that_lacks_them(  # type: ignore[no-untyped-def]
        window: MainWindow, write_routine) -> None:
    window.open_routine(str(write_routine(MY_BACK, "my-back.yaml")))
    notes = window.start_screen.safety.text()
    assert "buttocks" in notes and "fall asleep" in notes and "10 minutes" in notes
    assert "blood clot" not in notes
    # Nothing to tick or answer: Start has the focus, and Space starts at once.
    assert window.start_screen.start_button.hasFocus()


def test_a_bundled_routine_says_each_red_flag_once(window: MainWindow) -> None:
    window.open_routine("calf-cramp")
    notes = window.start_screen.safety.text()
    assert notes.count("blood clot") == 1 and notes.count("10 minutes") == 1


def test_the_safety_note_and_the_help_page_carry_every_red_flag(window: MainWindow) -> None:
    from spasm_timer.ui.get_help import get_help_html
    from spasm_timer.ui.safety import safety_html

    for flag in RED_FLAGS:
        first_words = flag.text[:40]
        assert first_words in safety_html()
        assert first_words in get_help_html()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    get_help = next(a for a in help_menu.actions() if "get help" in a.text())
    get_help.trigger()
    dialog = window.routine_actions.get_help_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_add_routine_copies_a_good_file_as_written(window: MainWindow, write_routine,  # type: ignore[no-untyped-def]
                                                   data_dir: Path) -> None:
    source = write_routine(MY_BACK, "my-back.yaml")
    added = window.routine_actions.add_files([source])
    assert [r.id for r in added] == ["my-back"]
    assert (data_dir / "routines" / "my-back.yaml").read_text() == MY_BACK
    assert "my-back" in window.library.routines
    assert window.library_view.current_routine().id == "my-back"


def test_add_routine_refuses_a_broken_file_with_its_line(  # type: ignore[no-untyped-def]
        window: MainWindow, write_routine, data_dir: Path, no_real_message_boxes) -> None:
    source = write_routine("name: x\narea: y\nsteps:\n  - {kind: strech, title: r, duration: 5}\n",
                           "broken.yaml")
    assert window.routine_actions.add_files([source]) == []
    assert f"{source}:4:" in no_real_message_boxes[0] and "nothing was copied" in \
        no_real_message_boxes[0]
    assert not (data_dir / "routines" / "broken.yaml").exists()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_add_routine_asks_before_replacing(window: MainWindow, write_routine, data_dir: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch, answer) -> None:
    source = write_routine(MY_BACK, "calf-cramp.yaml")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or answer)
    added = window.routine_actions.add_files([source])
    assert len(asked) == 1
    replaced = answer == QMessageBox.StandardButton.Yes
    assert (data_dir / "routines" / "calf-cramp.yaml").exists() == replaced
    assert bool(added) == replaced


def test_dropping_a_routine_file_on_the_library_adds_it(window: MainWindow, write_routine,  # type: ignore[no-untyped-def]
                                                        data_dir: Path) -> None:
    source = write_routine(MY_BACK, "dropped.yaml")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    target = window.library_view
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert (data_dir / "routines" / "dropped.yaml").read_text() == MY_BACK
