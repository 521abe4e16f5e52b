"""The mini timer as seen from across the room: its digits as large as the person's text size
asks, a pause shown in a clear box, and a window that keeps its size when the pause comes
and goes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fakes import step
from player_helpers import make_rig
from PySide6.QtGui import QImage
from test_night import contrast

from spasm_timer.settings import Settings
from spasm_timer.ui import theme
from spasm_timer.ui.mini_countdown import MiniCountdown
from spasm_timer.ui.theme import colours_for

THEMES = ["light", "dark", "night"]


@pytest.fixture
def text_size(qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Sets the person's text size (and theme) for the whole app, as the settings do; the
    app is left at the defaults afterwards."""

    def choose(size: str, look: str = "system") -> None:
        theme.apply(qapp, Settings(text_size=size, theme=look))

    yield choose
    theme.apply(qapp, Settings())


def _open_mini(qtbot, look: str = "dark"):  # type: ignore[no-untyped-def]
    rig = make_rig([step(15 * 60, kind="heat", title="Warm pack on the lower back")])
    mini = MiniCountdown(colours_for(replace(Settings(), theme=look)))
    qtbot.addWidget(mini)
    mini.set_driver(rig.driver)
    mini.show()
    qtbot.waitExposed(mini)
    rig.driver.start()
    return mini, rig


def _ink_height(image: QImage, background: str) -> int:
    """How many pixel rows of the picture hold anything but the background: how tall the
    digits are drawn."""
    return sum(1 for y in range(image.height())
               if any(image.pixelColor(x, y).name() != background
                      for x in range(0, image.width(), 2)))


def _digit_height(mini: MiniCountdown, background: str) -> int:
    return _ink_height(mini.time_label.grab().toImage(), background)


def test_the_digits_grow_with_the_persons_text_size(qtbot, text_size) -> None:  # type: ignore[no-untyped-def]
    background = colours_for(replace(Settings(), theme="dark")).window
    text_size("normal", "dark")
    mini, _rig = _open_mini(qtbot)
    normal = _digit_height(mini, background)
    text_size("huge", "dark")  # changed while the mini timer is open
    huge = _digit_height(mini, background)
    assert huge >= normal * 1.5, f"{normal} px at Normal, {huge} px at Huge"
    assert mini.width() >= mini.time_label.sizeHint().width()  # the window grew with them


@pytest.mark.parametrize("size", ["normal", "huge"])
def test_a_pause_shows_a_box_and_nothing_jumps(qtbot, text_size, size: str) -> None:  # type: ignore[no-untyped-def]
    text_size(size)
    mini, rig = _open_mini(qtbot)
    running_size, time_at = mini.size(), mini.time_label.geometry()
    assert not mini.paused_label.isVisible()
    assert mini.title_label.isVisible() and mini.title_label.text() == "Warm pack on the lower back"
    rig.driver.pause()
    assert mini.paused_label.isVisible() and "PAUSED" in mini.paused_label.text()
    # The box is as large as the step's title line at least: read from two metres.
    assert mini.paused_label.font().pointSizeF() >= mini.title_label.font().pointSizeF()
    assert mini.size() == running_size, "the window keeps its size when paused"
    assert mini.time_label.geometry() == time_at, "the digits stay where they were"
    rig.driver.resume()
    assert not mini.paused_label.isVisible() and mini.title_label.isVisible()
    assert mini.size() == running_size and mini.time_label.geometry() == time_at


def _box_colours(mini: MiniCountdown) -> set[str]:
    image = mini.paused_label.grab().toImage()
    middle = image.height() // 2
    return {image.pixelColor(x, middle).name() for x in range(0, image.width(), 2)}


@pytest.mark.parametrize("look", THEMES)
def test_the_paused_box_stands_out_and_its_words_read_well(qtbot, look: str) -> None:  # type: ignore[no-untyped-def]
    colours = colours_for(replace(Settings(), theme=look))
    mini, rig = _open_mini(qtbot, look)
    rig.driver.pause()
    drawn = _box_colours(mini)
    assert colours.safety_back in drawn, "a filled box, not a bare line of text"
    assert contrast(colours.text, colours.safety_back) >= 4.5
