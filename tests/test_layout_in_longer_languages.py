"""Nothing is cut in a longer language: every view, with every string about 40% longer and
accented (a pseudo-translation), on a 1024×600 screen, shows each text whole and apart.

German runs about a third longer than English; a layout that holds the pseudo-translation
holds German and Spanish. A failure names the text that a person could not read whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pseudo_translation import KEPT, PseudoTranslations, cut_or_overlapping, pseudo
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import default_look, make_window_at_text_size, run_for, run_to_end, wait_saved

from spasm_timer import i18n, paths
from spasm_timer.ui import screen_fit

SMALL_SCREEN = QRect(0, 0, 1024, 600)


def test_the_pseudo_translation_is_longer_and_keeps_what_code_reads() -> None:
    text = "&Stop the {routine} session <b>now</b> &amp; rest\nthen 100%s"
    longer = pseudo(text)
    for kept in ("{routine}", "<b>", "</b>", "&amp;", "%s", "\n"):
        assert kept in longer
    assert "&Š" in longer  # the shortcut stays on its (accented) letter
    assert pseudo("Pause") == "Þàüšé~~"  # each word about 40% longer, as German words are
    assert not any(char.isascii() and char.isalpha() for char in KEPT.sub("", longer))


@pytest.fixture
def pseudo_window(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A main window in the pseudo-language on a 1024×600 screen, at a given text size."""
    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: SMALL_SCREEN)
    i18n.use_translations(PseudoTranslations(), "pseudo")
    windows: list[QWidget] = []

    def make(text_size: str):  # type: ignore[no-untyped-def]
        window = make_window_at_text_size(qtbot, data_dir, text_size, logged=True)
        windows.append(window)
        return window

    yield make
    for window in windows:
        wait_saved(window)
        window.close_log()
    default_look()


def _settled(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Layouts and the player's text fitting run on the next turns of the event loop."""
    qtbot.wait(20)
    QApplication.processEvents()


def _readable(qtbot, view: QWidget) -> None:  # type: ignore[no-untyped-def]
    _settled(qtbot, view)
    problems = cut_or_overlapping(view)
    if view.width() > SMALL_SCREEN.width() or view.height() > SMALL_SCREEN.height():
        problems.append(f"{view.objectName()} is {view.width()}×{view.height()}: "
                        f"larger than the screen")
    assert problems == []


TEXT_SIZES = ["normal", "huge"]


def _start_calf_routine(window) -> None:  # type: ignore[no-untyped-def]
    assert window.open_routine("calf-cramp") is not None
    window.start_session()


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_library(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    qtbot.waitUntil(lambda: window.library_view.count() > 0 if hasattr(
        window.library_view, "count") else True)
    _readable(qtbot, window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_library_saying_routine_files_were_skipped(qtbot, pseudo_window, data_dir: Path,
                                                       text_size):  # type: ignore[no-untyped-def]
    folder = paths.DataPaths(data_dir).user_routines
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.yaml").write_text('name: "Broken\nsteps: [\n', encoding="utf-8")
    (folder / "no-steps.yaml").write_text("name: No steps\narea: calf\n", encoding="utf-8")
    window = pseudo_window(text_size)
    banner = window.library_view.banner
    qtbot.waitUntil(banner.isVisible)
    window.resize(1000, 530)  # the whole screen, less the panel and the title bar
    _readable(qtbot, window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_start_screen(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    assert window.open_routine("calf-cramp") is not None
    _readable(qtbot, window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_player_running_and_paused(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    _start_calf_routine(window)
    run_for(window, 8)
    _readable(qtbot, window)
    window.driver.pause()
    _readable(qtbot, window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_stop_question(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    _start_calf_routine(window)
    run_for(window, 8)
    window.player.request_stop()
    question = window.player.stop_question
    assert question is not None
    _readable(qtbot, question)
    question.reject()


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_end_screen(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    _start_calf_routine(window)
    run_to_end(window)
    assert window.stack.currentWidget() is window.end_screen
    _readable(qtbot, window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_safety_note(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    _readable(qtbot, window.show_safety())


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_settings(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    window.show_settings()
    _readable(qtbot, window.settings_dialog)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_when_to_get_help(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    window.routine_actions.show_get_help()
    _readable(qtbot, window.routine_actions.get_help_dialog)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_history(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    _start_calf_routine(window)
    run_to_end(window)
    window.show_history()
    _readable(qtbot, window.history_window)


@pytest.mark.parametrize("text_size", TEXT_SIZES)
def test_the_routine_editor(qtbot, pseudo_window, text_size):  # type: ignore[no-untyped-def]
    window = pseudo_window(text_size)
    window.routine_actions.new_routine()
    editors = window.routine_actions.editors
    qtbot.waitUntil(lambda: bool(editors))
    _readable(qtbot, editors[-1])
