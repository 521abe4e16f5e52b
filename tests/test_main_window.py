"""The main window as the person meets it: the library, opening a routine, notes, watching files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from spasm_timer import paths
from spasm_timer.core.library import load_library
from spasm_timer.settings import SettingsFile
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import main_window as main_window_module
from spasm_timer.ui.library_view import area_label
from spasm_timer.ui.main_window import MainWindow

GOOD_ROUTINE = """\
name: My evening calf
area: calf
lead_in: 0
steps:
  - kind: stretch
    title: Pull the toes back
    instructions: Gently.
    duration: 20s
"""

BAD_ROUTINE = """\
name: Broken one
area: calf
steps:
  - kind: squeeze
    title: Squeeze
    instructions: Hard.
    duration: 20s
"""


def make_window(qtbot, data_dir: Path, log: bool = True) -> MainWindow:  # type: ignore[no-untyped-def]
    data_paths = paths.DataPaths(data_dir)
    settings_file = SettingsFile(data_paths.settings)
    session_log = SessionLog.open(data_paths) if log else None
    window = MainWindow(data_paths, settings_file, settings_file.load(), session_log)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    shown = make_window(qtbot, data_dir)
    yield shown
    shown.close_log()


def test_library_lists_every_bundled_routine_grouped_by_area(window: MainWindow) -> None:
    bundled = load_library(paths.bundled_routines_dir(), None, paths.illustrations_dir())
    shown = window.library_view.routines_shown()
    assert {r.id for r in shown} == set(bundled.routines)
    areas = sorted({r.area.lower() for r in bundled.routines.values()})
    assert window.library_view.area_headers() == [area_label(a) for a in areas]
    # Routines come in their area's block, in area order.
    assert [r.area.lower() for r in shown] == sorted(r.area.lower() for r in shown)


def test_skipped_files_are_listed_with_their_line(qtbot, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    write_routine(BAD_ROUTINE, "broken.yaml", data_dir / "routines")
    window = make_window(qtbot, data_dir)
    banner = window.library_view.banner
    assert banner.isVisible()
    assert "1 routine file was skipped" in banner.summary.text()
    assert not banner.details.isVisible()  # collapsed until asked
    banner.toggle.click()
    assert banner.details.isVisible()
    assert "broken.yaml:4:" in banner.details.text()
    assert "squeeze" in banner.details.text()
    window.close_log()


def test_user_routines_carry_a_badge(qtbot, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    write_routine(GOOD_ROUTINE, "mine.yaml", data_dir / "routines")
    window = make_window(qtbot, data_dir)
    mine = next(text for text in window.library_view.row_texts()
                if text.startswith("My evening calf"))
    assert "your routine" in mine and "1 step" in mine and "20 s" in mine
    window.close_log()


def test_arrows_and_enter_open_the_start_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    routines = window.library_view.list
    window.library_view.focus_list()
    first = window.library_view.current_routine()
    qtbot.keyClick(routines, Qt.Key.Key_Down)
    second = window.library_view.current_routine()
    assert second is not None and second != first  # the area header in between is passed over
    qtbot.keyClick(routines, Qt.Key.Key_Return)
    start = window.start_screen
    assert window.stack.currentWidget() is start
    assert start.title.text() == second.name
    assert start.steps.text().startswith(f"1. {second.steps[0].title} — ")
    assert start.steps.text().count("\n") == len(second.steps) - 1
    assert "in all" in start.total.text()


def test_typing_in_the_list_searches(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.library_view.focus_list()
    qtbot.keyClicks(window.library_view.list, "neck")
    assert window.library_view.search.text() == "neck"
    shown = window.library_view.routines_shown()
    assert shown and all("neck" in f"{r.name} {r.area} {r.description}".lower() for r in shown)
    qtbot.keyClick(window.library_view.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.routine in shown


def test_escape_on_the_start_screen_goes_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_routine("calf-cramp")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.library_view


def test_a_routine_that_does_not_load_is_explained(qtbot, window: MainWindow, write_routine,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(main_window_module, "show_message",
                        lambda parent, title, text, details="": shown.append((title, text, details)))
    path = write_routine(BAD_ROUTINE, "broken.yaml")
    assert window.open_routine(str(path)) is None
    assert window.stack.currentWidget() is window.library_view
    (_title, text, details), = shown
    assert "broken.yaml:4:" in text
    assert "Calf cramp relief (calf-cramp)" in details


def test_first_run_safety_note_appears_once(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    first = make_window(qtbot, data_dir)
    first.show_first_run_safety()
    dialog = first.safety_dialog
    assert dialog is not None and dialog.isVisible()
    assert "not a medical device" in dialog.findChild(QLabel, "disclaimer").text()
    assert "swollen" in dialog.findChild(QLabel, "safety_text").text()
    dialog.accept()
    first.close_log()
    first.close()
    assert SettingsFile(paths.DataPaths(data_dir).settings).load().safety_note_seen
    second = make_window(qtbot, data_dir)
    second.show_first_run_safety()
    assert second.safety_dialog is None
    second.close_log()


def test_safety_note_can_be_reread_from_help(window: MainWindow) -> None:
    window.show_safety()
    assert window.safety_dialog is not None and window.safety_dialog.isVisible()


def test_a_log_that_cannot_open_leaves_a_visible_note(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.ui.log_link import LogLink

    data_file = tmp_path / "not-a-folder"
    data_file.write_text("x")
    data_paths = paths.DataPaths(data_file)
    settings_file = SettingsFile(data_paths.settings)
    window = MainWindow(data_paths, settings_file, settings_file.load())
    qtbot.addWidget(window)
    window.attach_link(LogLink(data_paths.database).start())
    window.show()
    qtbot.waitUntil(window.notices.isVisible)
    assert "Sessions cannot be saved yet" in window.notices.text.text()
    assert "not a folder" in window.notices.text.text()
    assert not window.history_action.isEnabled()
    window.close_log()


def test_changed_user_routines_are_reloaded(qtbot, window: MainWindow, data_dir: Path,  # type: ignore[no-untyped-def]
                                            write_routine) -> None:
    folder = data_dir / "routines"

    def ids() -> set[str]:
        return {r.id for r in window.library_view.routines_shown()}

    path = write_routine(GOOD_ROUTINE, "mine.yaml", folder)
    qtbot.waitUntil(lambda: "mine" in ids(), timeout=5000)
    window.show_start(window.library.routines["mine"])
    path.write_text(GOOD_ROUTINE.replace("My evening calf", "My night calf"), encoding="utf-8")
    qtbot.waitUntil(lambda: window.start_screen.title.text() == "My night calf", timeout=5000)
    path.write_text(BAD_ROUTINE, encoding="utf-8")
    qtbot.waitUntil(window.library_view.banner.isVisible, timeout=5000)
    assert "mine" not in ids()
    assert window.stack.currentWidget() is window.library_view
    assert "no longer loads" in window.notices.text.text()
    path.unlink()
    qtbot.waitUntil(lambda: not window.library_view.banner.isVisible(), timeout=5000)


def test_history_menu_opens_the_history_window_when_there_is_one(window: MainWindow) -> None:
    import importlib.util

    has_history = importlib.util.find_spec(main_window_module.HISTORY_MODULE) is not None
    assert window.history_action.isEnabled() == has_history
    if has_history:
        window.show_history()
        assert window.history_window is not None and window.history_window.isVisible()
        window.history_window.close()


def test_history_opened_again_shows_the_sessions_logged_meanwhile(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from history_helpers import add, session
    from window_helpers import make_logged_window

    window = make_logged_window(qtbot, data_dir)
    window.show_history()
    history = window.history_window
    assert history is not None and history.model.rowCount() == 0
    history.close()

    add(window.log, session("2026-11-20"))  # a session done while the history was closed
    window.show_history()
    assert window.history_window is history and history.model.rowCount() == 1
    assert history.sessions_card.number.text() == "1"
    history.close()
    window.close_log()


def test_only_accepting_the_first_run_note_counts_as_read(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, data_dir)
    window.show_first_run_safety()
    assert window.safety_dialog is not None and window.safety_dialog.isModal()
    qtbot.keyClick(window.safety_dialog, Qt.Key.Key_Escape)  # closed, not accepted
    assert not window.safety_dialog.isVisible()
    assert not SettingsFile(paths.DataPaths(data_dir).settings).load().safety_note_seen
    window.close()


def test_a_session_asked_for_on_the_first_run_waits_for_the_note(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path) -> None:
    window = make_window(qtbot, data_dir, FakeClock())
    window.open_routine("calf-cramp")
    window.show_first_run_safety()
    window.start_session()  # what `run --start` does once the window is up
    assert window.driver is None and window.stack.currentWidget() is window.start_screen
    qtbot.keyClick(window.safety_dialog, Qt.Key.Key_Escape)
    window.start_session()  # Start pressed after closing the note unread: it comes back
    assert window.driver is None and window.safety_dialog.isVisible()
    qtbot.keyClick(window.safety_dialog, Qt.Key.Key_Return)  # accepted: the session starts
    assert window.driver is not None and window.stack.currentWidget() is window.player
    assert SettingsFile(paths.DataPaths(data_dir).settings).load().safety_note_seen
    window.close()


def test_the_safety_note_fits_a_small_screen_with_its_button_in_view(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, monkeypatch) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QPushButton

    from spasm_timer.ui import screen_fit

    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: QRect(0, 0, 1024, 600))
    window = make_window(qtbot, data_dir)
    dialog = window.show_safety()
    assert dialog.height() <= 600 - 40
    button = dialog.findChild(QPushButton)
    qtbot.waitUntil(button.isVisible)
    corner = button.mapTo(dialog, button.rect().bottomRight())
    assert dialog.rect().contains(corner)
    window.close()
