"""Night mode: dim, warm and low in contrast, yet the countdown keeps WCAG contrast; quieter
cues; and an automatic switch at night."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from spasm_timer.core.night import is_night
from spasm_timer.settings import Settings
from spasm_timer.ui import theme
from spasm_timer.ui.theme import DARK, NIGHT, colours_for


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_countdown_keeps_wcag_contrast_at_night() -> None:
    assert contrast("#ffffff", "#000000") == pytest.approx(21)  # the measure itself
    assert contrast(NIGHT.text, NIGHT.window) >= 4.5  # the countdown and every label
    assert contrast(NIGHT.accent_text, NIGHT.accent) >= 4.5  # the Pause button
    assert contrast(NIGHT.muted, NIGHT.window) >= 3.0  # hints, large enough to read
    # ...and dimmer than the dark look: less light in a dark room.
    assert contrast(NIGHT.text, NIGHT.window) < contrast(DARK.text, DARK.window)
    assert luminance(NIGHT.text) < luminance(DARK.text)


def test_warm_means_more_red_than_blue() -> None:
    for colour in (NIGHT.text, NIGHT.window, NIGHT.accent):
        assert int(colour[1:3], 16) > int(colour[5:7], 16)


def test_night_hours() -> None:
    assert is_night(time(21, 0)) and is_night(time(3, 0)) and is_night(time(6, 59))
    assert not is_night(time(7, 0)) and not is_night(time(20, 59))


def test_chosen_or_automatic(monkeypatch: pytest.MonkeyPatch) -> None:
    assert colours_for(replace(Settings(), theme="night")) is NIGHT
    automatic = replace(Settings(), theme="light", night_auto=True)
    monkeypatch.setattr("spasm_timer.core.night.is_night", lambda now: True)
    assert colours_for(automatic) is NIGHT
    monkeypatch.setattr("spasm_timer.core.night.is_night", lambda now: False)
    assert colours_for(automatic) is theme.LIGHT


def test_cues_are_quieter_at_night(qtbot) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.ui.cues import CuePlayer

    cues = CuePlayer(replace(Settings(), volume=80, theme="night"))
    for effect in cues._effects.values():
        assert effect.volume() == pytest.approx(0.4)
    cues.apply_settings(replace(Settings(), volume=80, theme="dark"))
    for effect in cues._effects.values():
        assert effect.volume() == pytest.approx(0.8)


def test_the_window_switches_when_night_falls(qtbot, data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from window_helpers import make_logged_window

    from spasm_timer.ui.night_watch import NightWatch

    monkeypatch.setattr("spasm_timer.core.night.is_night", lambda now: False)
    window = make_logged_window(qtbot, data_dir)
    window.apply_settings(replace(window.settings, theme="light", night_auto=True))
    watch = NightWatch(window)
    assert not watch.check()
    monkeypatch.setattr("spasm_timer.core.night.is_night", lambda now: True)
    assert watch.check()
    from PySide6.QtWidgets import QApplication
    assert QApplication.instance().palette().window().color().name() == NIGHT.window
    window.close_log()
