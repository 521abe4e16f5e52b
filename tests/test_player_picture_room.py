"""The step's picture beside the digits stays wherever the player's texts fit with it at
its smallest, at the text size the person chose (up to Large): a maximised window at Huge
shows it, a 1024×600 screen at Large or Huge gives its place to the words, and resizing back
and forth puts every widget back where it was each time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLayout
from window_helpers import default_look, make_window_at_text_size

from spasm_timer.ui import screen_fit, theme
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.player import PlayerView
from spasm_timer.ui.player_fit import PICTURE_MIN_PX

SHORT, TALL, LAPTOP = (1024, 600), (1920, 1080), (1366, 768)


@pytest.fixture(autouse=True)
def _big_screen_and_normal_look_after(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    room = QRect(0, 0, *TALL)
    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: room)
    yield
    default_look()


def _session_window(qtbot, data_dir: Path, text_size: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = make_window_at_text_size(qtbot, data_dir, text_size)
    assert window.open_routine("calf-cramp") is not None
    window.start_session()
    return window


def _resized(qtbot, window: MainWindow, size: tuple[int, int]) -> PlayerView:  # type: ignore[no-untyped-def]
    window.resize(*size)
    player = window.player
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.waitUntil(lambda: not player._fit_timer.isActive())
    QApplication.processEvents()  # the layouts take the fitted sizes
    return player


def _places(player: PlayerView) -> dict[str, tuple[str, int]]:
    """Each widget's layout and its index there: where the person finds it."""
    places = {}
    layouts = [player.layout(), *player.findChildren(QLayout)]
    for name, layout in enumerate(layouts):
        assert layout is not None
        for index in range(layout.count()):
            widget = layout.itemAt(index).widget()
            if widget is not None:
                places[widget.objectName() or type(widget).__name__] = (str(name), index)
    return places


def _picture_shown(player: PlayerView) -> bool:
    picture = player.image_label
    return picture.isVisible() and min(picture.width(), picture.height()) >= PICTURE_MIN_PX


def test_huge_text_keeps_the_picture_on_a_tall_window_and_gives_it_up_on_a_short_one(  # type: ignore[no-untyped-def]
        qtbot, data_dir):
    window = _session_window(qtbot, data_dir, "huge")
    player = _resized(qtbot, window, SHORT)
    short_places = _places(player)
    assert not player.image_label.isVisible()
    tall_places = None
    for _round in range(2):
        player = _resized(qtbot, window, TALL)
        assert _picture_shown(player)
        assert player.shown_points >= theme.TEXT_POINTS["normal"]
        if tall_places is not None:
            assert _places(player) == tall_places
        tall_places = _places(player)
        player = _resized(qtbot, window, SHORT)
        assert not player.image_label.isVisible()
        assert _places(player) == short_places
    assert tall_places != short_places  # the words moved beside the digits and back
    window.close()


@pytest.mark.parametrize("text_size", ["normal", "large"])
def test_normal_and_large_text_on_a_laptop_show_the_picture(qtbot, data_dir, text_size):  # type: ignore[no-untyped-def]
    window = _session_window(qtbot, data_dir, text_size)
    player = _resized(qtbot, window, LAPTOP)
    assert _picture_shown(player)
    window.close()


def test_large_text_on_a_short_screen_puts_the_words_beside_the_digits_on_every_step(  # type: ignore[no-untyped-def]
        qtbot, data_dir):
    """With the picture, the words of a stretch step (its side, its "Done from", its count)
    came out smaller than at Normal: the person chose Large to read them from two metres."""
    window = _session_window(qtbot, data_dir, "large")
    player = _resized(qtbot, window, SHORT)
    sizes = []
    for _step in range(8):
        assert not player.image_label.isVisible()
        sizes.append(player.shown_points)
        assert window.driver is not None and window.driver.next()
        qtbot.waitUntil(lambda: not player._fit_timer.isActive())
        QApplication.processEvents()
    assert min(sizes) > theme.TEXT_POINTS["normal"], sizes
    window.close()


def test_the_choice_holds_at_one_size(qtbot, data_dir):  # type: ignore[no-untyped-def]
    """Fitting again at the same size (a new step, a tick) never flips the picture: the
    person would see it flicker."""
    window = _session_window(qtbot, data_dir, "large")
    for size in (SHORT, LAPTOP, TALL):
        player = _resized(qtbot, window, size)
        shown = player.image_label.isVisible()
        seen: list[bool] = []
        for _again in range(3):
            player.fit_text()
            QApplication.processEvents()
            seen.append(player.image_label.isVisible())
        assert seen == [shown] * 3, size
    window.close()
