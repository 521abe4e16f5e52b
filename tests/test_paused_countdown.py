"""A paused countdown read from two metres in the dark: its digits as clear as running ones in
every theme (at least 7:1 against the background, measured on the drawn pixels), and the pause
shown by a word and a frame, not by a dimmer colour alone."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from fakes import step
from player_helpers import make_rig
from PySide6.QtGui import QImage
from test_night import contrast

from spasm_timer.core.session import SessionState
from spasm_timer.settings import Settings
from spasm_timer.ui.player import PlayerView
from spasm_timer.ui.theme import colours_for

THEMES = ["light", "dark", "night"]
CLEAR_FROM_AFAR = 7.0  # WCAG AAA contrast for text
FRAME_INSET = 12  # px: inside this, only digits and background; outside, the frame's edge


def _hex(image: QImage, x: int, y: int) -> str:
    return image.pixelColor(x, y).name()


def _colours(image: QImage, inset: int) -> Counter[str]:
    return Counter(_hex(image, x, y) for y in range(inset, image.height() - inset, 2)
                   for x in range(inset, image.width() - inset, 2))


def _digits_colour(image: QImage, background: str) -> str:
    """The digits' fill: the commonest colour that is not the background (the edges of the
    strokes are blends, each far rarer than the solid inside)."""
    colours = _colours(image, FRAME_INSET)
    colours.pop(background, None)
    return colours.most_common(1)[0][0]


def _edge(image: QImage) -> set[str]:
    """The colours along the left and right edges of the countdown's box, halfway down."""
    middle = image.height() // 2
    return {_hex(image, x, y) for x in (1, 2, image.width() - 3, image.width() - 2)
            for y in range(middle - 10, middle + 10)}


@pytest.fixture
def player(qtbot):  # type: ignore[no-untyped-def]
    def make(theme: str) -> tuple[PlayerView, object]:
        rig = make_rig([step(90, title="Knead the calf")])
        view = PlayerView(rig.driver, replace(Settings(), theme=theme))
        qtbot.addWidget(view)
        view.resize(1000, 560)
        view.show()
        qtbot.waitExposed(view)
        rig.driver.start()
        return view, rig

    return make


def _shot(view: PlayerView) -> QImage:
    view.refresh()
    return view.grab(view.countdown_label.geometry()).toImage()


@pytest.mark.parametrize("theme", THEMES)
def test_paused_digits_read_as_clearly_as_running_ones(player, theme: str) -> None:  # type: ignore[no-untyped-def]
    view, rig = player(theme)
    background = colours_for(replace(Settings(), theme=theme)).window
    running = _shot(view)
    view.primary_action()
    assert rig.driver.state is SessionState.PAUSED
    paused = _shot(view)
    for image in (running, paused):
        assert _colours(image, FRAME_INSET).most_common(1)[0][0] == background
    running_digits, paused_digits = (_digits_colour(image, background)
                                     for image in (running, paused))
    assert contrast(running_digits, background) >= CLEAR_FROM_AFAR
    assert contrast(paused_digits, background) >= CLEAR_FROM_AFAR, (
        f"paused digits {paused_digits} on {background}")


@pytest.mark.parametrize("theme", THEMES)
def test_a_pause_shows_by_a_word_and_a_frame_not_only_colour(player, theme: str) -> None:  # type: ignore[no-untyped-def]
    view, _rig = player(theme)
    background = colours_for(replace(Settings(), theme=theme)).window
    running_edge = _edge(_shot(view))
    digits_before = view.countdown_label.digit_height()
    assert running_edge == {background}  # no frame while the time runs
    view.primary_action()
    paused_edge = _edge(_shot(view))
    framed = paused_edge - {background}
    assert framed, "a paused countdown is framed"
    assert all(contrast(colour, background) >= 3.0 for colour in framed)  # a visible shape
    assert "PAUSED" in view.banner_label.text() and view.banner_label.isVisible()
    assert view.countdown_label.digit_height() == digits_before  # the digits do not jump
    view.primary_action()
    assert _edge(_shot(view)) == {background}
    assert view.banner_label.text() == ""


def _mini_shot(mini) -> QImage:  # type: ignore[no-untyped-def]
    """The mini timer's time on its own background, frame and all."""
    return mini.grab(mini.time_label.geometry()).toImage()


@pytest.mark.parametrize("theme", THEMES)
def test_the_mini_timer_wears_the_players_theme_running_and_paused(player, qtbot,  # type: ignore[no-untyped-def]
                                                                    theme: str) -> None:
    view, rig = player(theme)
    background = colours_for(replace(Settings(), theme=theme)).window
    players_digits = _digits_colour(_shot(view), background)
    mini = view.open_mini_countdown()
    qtbot.addWidget(mini)
    running = _mini_shot(mini)
    assert _colours(running, FRAME_INSET).most_common(1)[0][0] == background
    # The same digits as the player's: as clear by day, as dim and warm at night.
    assert _digits_colour(running, background) == players_digits
    assert _edge(running) == {background}
    rig.driver.pause()
    paused = _mini_shot(mini)
    assert _digits_colour(paused, background) == players_digits
    framed = _edge(paused) - {background}
    assert framed and all(contrast(colour, background) >= 3.0 for colour in framed)


def test_an_open_mini_timer_turns_to_night_with_the_player(player, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, _rig = player("dark")
    mini = view.open_mini_countdown()
    qtbot.addWidget(mini)
    view.apply_look(replace(Settings(), theme="night"))  # as the night watch does at bedtime
    night = colours_for(replace(Settings(), theme="night"))
    image = _mini_shot(mini)
    assert _colours(image, FRAME_INSET).most_common(1)[0][0] == night.window
    assert _digits_colour(image, night.window) == _digits_colour(_shot(view), night.window)
