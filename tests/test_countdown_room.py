"""The countdown always gets its space: every text size, small screens, windowed or full screen.

The screens are simulated: `screen_fit.available_room` answers with the screen's free area, and
the window sizes itself to it as it would there. The digits are measured as drawn (their ink
height in pixels), and every control must lie within the window.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes import FakeClock
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.settings import SettingsFile
from spasm_timer.ui import screen_fit, theme

# (screen width, height, smallest digit height the person must get)
SCREENS = {"1024x600": (1024, 600, 80), "1366x768": (1366, 768, 100)}


@pytest.fixture
def on_screen(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use(name: str) -> QRect:
        width, height, _ = SCREENS[name]
        room = QRect(0, 0, width, height)
        monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: room)
        return room

    return use


def _session_window(qtbot, data_dir: Path, text_size: str, room: QRect):  # type: ignore[no-untyped-def]
    data_paths = paths.DataPaths(data_dir)
    settings_file = SettingsFile(data_paths.settings)
    settings_file.save(replace(settings_file.load(), text_size=text_size,
                               safety_note_seen=True))
    app = QApplication.instance()
    theme.apply(app, settings_file.load())  # type: ignore[arg-type]
    window = make_window(qtbot, data_paths, FakeClock())
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    return window


def _settled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The player fits its text on the next turn of the event loop."""
    player = window.player
    qtbot.waitUntil(lambda: not player._fit_timer.isActive())
    qtbot.wait(1)


def _inside(widget: QWidget, outer: QWidget) -> bool:
    top_left = widget.mapTo(outer, widget.rect().topLeft())
    return outer.rect().contains(QRect(top_left, widget.size()))


@pytest.fixture(autouse=True)
def _normal_look_after():  # type: ignore[no-untyped-def]
    yield
    theme.apply(QApplication.instance(), SettingsFile(Path("/nonexistent")).load())  # type: ignore[arg-type]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("text_size", ["normal", "large", "huge"])
@pytest.mark.parametrize("full_screen", [False, True])
def test_the_digits_are_whole_and_big_enough(qtbot, data_dir, on_screen, screen, text_size,  # type: ignore[no-untyped-def]
                                             full_screen):
    room = on_screen(screen)
    window = _session_window(qtbot, data_dir, text_size, room)
    if full_screen:  # the window's contents take the whole screen
        window.resize(room.size())
    else:
        assert window.width() <= room.width() and window.height() <= room.height() - 30
    _settled(qtbot, window)
    player, countdown = window.player, window.player.countdown_label
    assert countdown.digit_height() >= SCREENS[screen][2], window.notices.messages
    metrics = QFontMetrics(countdown.font())
    ink = metrics.tightBoundingRect(countdown.text())
    assert ink.height() <= countdown.height() and ink.width() <= countdown.width()
    assert _inside(countdown, player)
    # (the instructions' box, not its text: a long text scrolls in it)
    for control in (player.primary_button, player.stop_button, player.done_button,
                    player.instructions_box, player.next_label):
        assert _inside(control, player), control.objectName()
    window.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_larger_text_sizes_get_larger_digits(qtbot, data_dir, on_screen, screen, tmp_path):  # type: ignore[no-untyped-def]
    room = on_screen(screen)
    heights = {}
    for text_size in ("normal", "large", "huge"):
        window = _session_window(qtbot, tmp_path / text_size, text_size, room)
        _settled(qtbot, window)
        heights[text_size] = window.player.countdown_label.digit_height()
        window.close()
    # (Huge and Large may tie where the window's notes leave the digits less than their share)
    assert heights["normal"] < heights["large"] <= heights["huge"] + 4
    assert heights["normal"] < heights["huge"]


@pytest.mark.parametrize("text_size", ["normal", "huge"])
def test_every_page_fits_a_small_screen(qtbot, data_dir, on_screen, text_size):  # type: ignore[no-untyped-def]
    room = on_screen("1024x600")
    window = _session_window(qtbot, data_dir, text_size, room)
    hint = window.minimumSizeHint()
    assert hint.width() <= room.width() and hint.height() <= room.height() - 40
    window.close()
