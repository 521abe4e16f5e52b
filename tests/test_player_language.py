"""The player in German and Spanish: its buttons, the stop question, the end screen and the
safety note speak the person's language, and at 1024×600 in Huge text nothing is cut off.

A German text is compared with the English one, not with a wording: what a person would
notice is an English word left on a German screen, or a word cut in half.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget
from window_helpers import make_logged_window

from spasm_timer import i18n, paths
from spasm_timer.settings import SettingsFile
from spasm_timer.ui import screen_fit, theme
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.safety import SafetyDialog, safety_html

SMALL_SCREEN = QRect(0, 0, 1024, 600)
SMALLEST_DIGITS_PX = 80  # as tests/test_countdown_room.py asks of this screen


@pytest.fixture(autouse=True)
def _normal_look_after():  # type: ignore[no-untyped-def]
    yield
    theme.apply(QApplication.instance(), SettingsFile(Path("/nonexistent")).load())  # type: ignore[arg-type]


def _huge_window(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: SMALL_SCREEN)
    settings_file = SettingsFile(paths.DataPaths(data_dir).settings)
    settings_file.save(replace(settings_file.load(), text_size="huge", safety_note_seen=True))
    theme.apply(QApplication.instance(), settings_file.load())  # type: ignore[arg-type]
    return make_logged_window(qtbot, data_dir, FakeClock())


def _player_words(window: MainWindow) -> dict[str, str]:
    player = window.player
    return {name: getattr(player, name).text() for name in (
        "primary_button", "back_button", "next_button", "done_button", "stop_button",
        "mute_button", "mini_button", "step_label", "kind_label", "next_label")}


def _running(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, language: str  # type: ignore[no-untyped-def]
             ) -> MainWindow:
    i18n.use_language(language)
    window = _huge_window(qtbot, data_dir, monkeypatch)
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    qtbot.waitUntil(lambda: not window.player._fit_timer.isActive())
    return window


def _cut_texts(root: QWidget) -> list[str]:
    """Texts drawn narrower than they are: a label or button whose words do not fit."""
    cut = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        text = widget.text()
        if not text or (isinstance(widget, QLabel) and widget.textFormat() != 0 and "<" in text):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.heightForWidth(widget.width()) > widget.height() + 1:
                cut.append(text)
            continue
        longest = max(widget.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
        if longest > widget.contentsRect().width():
            cut.append(text)
    return cut


def test_a_german_player_has_no_english_words_left(qtbot, data_dir, monkeypatch):  # type: ignore[no-untyped-def]
    english = _player_words(_running(qtbot, data_dir / "en", monkeypatch, "en"))
    german = _player_words(_running(qtbot, data_dir / "de", monkeypatch, "de"))
    assert all(german[name] and german[name] != english[name] for name in english), german


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_player_says_it_all_at_huge_text_on_a_small_screen(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, language):
    window = _running(qtbot, data_dir, monkeypatch, language)
    player = window.player
    for _second in range(3):  # on into the first step, where LEFT or RIGHT may show
        window.driver.next()
    player.primary_action()  # paused: the banner says so in the language
    qtbot.waitUntil(lambda: not player._fit_timer.isActive())
    qtbot.wait(1)
    assert player.banner_label.text()
    assert _cut_texts(player) == []
    assert player.countdown_label.digit_height() >= SMALLEST_DIGITS_PX

    question = player.request_stop()
    assert question is not None
    qtbot.waitExposed(question)
    assert _cut_texts(question) == []
    question.accept()
    qtbot.waitUntil(window.end_screen.isVisible)
    end = window.end_screen
    assert _cut_texts(end) == []
    scroll = end.findChild(QScrollArea)
    qtbot.wait(10)  # the scroll area takes its content's new size on the next turn
    assert scroll.horizontalScrollBar().maximum() == 0, "the end screen scrolls sideways"
    window.close()


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_safety_note_is_in_the_language_with_its_button_in_view(qtbot, language):  # type: ignore[no-untyped-def]
    english = safety_html()
    i18n.use_language(language)
    assert safety_html() != english
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _cut_texts(dialog) == []


def test_a_rest_between_rounds_is_named_in_the_language() -> None:
    from fakes import make_timeline, step

    from spasm_timer.core.timeline import ROLE_REST
    from spasm_timer.ui.player_texts import title_text

    rest = next(segment for segment in make_timeline([step(10, repeat=2, rest=5)]).segments
                if segment.role == ROLE_REST)
    assert title_text(rest) == "Rest"
    i18n.use_language("es")
    assert title_text(rest) not in ("Rest", "")


HINTS_ROUTINE = """\
name: Hints
area: calf
lead_in: 0
steps:
  - {kind: heat, title: Warm pack, instructions: On the calf., duration: 20m}
  - {kind: stretch, title: Stretch, instructions: Softly., duration: 15-30s}
"""


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_hints_under_the_countdown_are_whole(  # type: ignore[no-untyped-def]
        qtbot, data_dir, monkeypatch, write_routine, language):
    """The longest lines the player shows: why +10 s is off, and when Enter ends a hold."""
    from window_helpers import run_for

    i18n.use_language(language)
    window = _huge_window(qtbot, data_dir, monkeypatch)
    assert window.open_routine(str(write_routine(HINTS_ROUTINE))) is not None
    window.start_session()
    player = window.player
    hints = []
    for move in (player.extend, player.go_next, player.finish_step,
                 lambda: run_for(window, 16), player.extend):
        move()
        qtbot.waitUntil(lambda: not player._fit_timer.isActive())
        qtbot.wait(1)
        hints.append(player.banner_label.text())
        assert _cut_texts(player) == [], hints[-1]
    assert all(hints) and len(set(hints)) == 4, hints  # four hints of their own
    window.close()
