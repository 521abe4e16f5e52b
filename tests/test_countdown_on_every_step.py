"""The countdown read from two metres in the dark: on a 1024×600 screen at Huge text, in
English, German and Spanish, every step of every bundled routine, running and paused,
shows its digits at least a sixth of the window tall, with the screen-awake note up, every
text whole (a text in a scroll area may lie beyond its view, not be cut) and none over
another, and no text of the player smaller than at the Normal text size.

A step whose words, side, repetition and next step look like one already seen is not measured
again: its layout is the same.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fakes import FakeClock
from pseudo_translation import cut_or_overlapping
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from window_helpers import make_logged_window, wait_saved

from spasm_timer import i18n, paths
from spasm_timer.core.session import SessionState
from spasm_timer.i18n import _
from spasm_timer.settings import SettingsFile
from spasm_timer.ui import screen_fit, theme
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.player import PlayerView
from spasm_timer.ui.player_look import FONT_ROLES
from spasm_timer.ui.screen_awake import NO_SERVICE, ScreenAwake

SMALL_SCREEN = QRect(0, 0, 1024, 600)
ROUTINES = sorted(path.stem for path in paths.bundled_routines_dir().glob("*.yaml"))
SMALLEST_SHARE = 1 / 6  # of the window's height: digits a person reads from two metres


@pytest.fixture(params=["en", "de", "es"])
def huge_window(request, qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A main window in a language at Huge text on a 1024×600 screen whose desktop cannot
    keep the screen awake: the note says so at every session, as it does at a person's first."""
    i18n.use_language(request.param)
    monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: SMALL_SCREEN)
    monkeypatch.setattr(ScreenAwake, "hold", lambda self: self.unavailable.emit(_(NO_SERVICE)))
    settings_file = SettingsFile(paths.DataPaths(data_dir).settings)
    settings_file.save(replace(settings_file.load(), text_size="huge", safety_note_seen=True))
    theme.apply(QApplication.instance(), settings_file.load())  # type: ignore[arg-type]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    yield window
    wait_saved(window)
    window.close_log()
    theme.apply(QApplication.instance(), SettingsFile(Path("/nonexistent")).load())  # type: ignore[arg-type]


def _looks(window: MainWindow) -> tuple[object, ...]:
    player = window.player
    labels = (player.kind_label, player.title_label, player.side_label, player.banner_label,
              player.repetition_label, player.instructions_label, player.next_label)
    return (*(label.text() for label in labels), len(player.countdown_label.text()),
            player.mini_button.isVisible())


def _settle(player: QWidget) -> None:
    """The player fits its text on the next turns of the event loop; nothing here waits for
    time to pass, so none is spent."""
    for _turn in range(10):
        QApplication.processEvents()
        if not player._fit_timer.isActive():  # type: ignore[attr-defined]
            QApplication.processEvents()  # the layouts take the fitted sizes
            return
    raise AssertionError("the player never settled")


def _smaller_than_normal(player: PlayerView) -> list[str]:
    """The player's texts drawn smaller than their share of the Normal text size."""
    normal = theme.TEXT_POINTS["normal"]
    small = []
    for widget in player.findChildren(QWidget):
        role = widget.objectName()
        if isinstance(widget, QPushButton):
            role = role if role in FONT_ROLES else "button"
        if role not in FONT_ROLES or not widget.isVisibleTo(player) or not widget.text():  # type: ignore[attr-defined]
            continue
        points, least = widget.font().pointSizeF(), FONT_ROLES[role][0] * normal
        if points < least - 0.01:
            small.append(f"{role} {widget.text()!r}: {points:.1f} pt, not {least:.1f}")  # type: ignore[attr-defined]
    return small


def _problems_here(window: MainWindow, where: str) -> list[str]:
    player = window.player
    _settle(player)
    digits, smallest = player.countdown_label.digit_height(), window.height() * SMALLEST_SHARE
    problems = [f"digits {digits} px, not {smallest:.0f}"] if digits < smallest else []
    problems += cut_or_overlapping(window) + _smaller_than_normal(player)
    return [f"{where}: {problem}" for problem in problems]


def _problems_on_every_step(qtbot, window: MainWindow) -> list[str]:  # type: ignore[no-untyped-def]
    problems, seen = [], set()
    for routine in ROUTINES:
        assert window.open_routine(routine) is not None
        window.start_session()
        player = window.player
        assert window.notices.messages != []  # the screen-awake note, said at the start
        step = 0
        while window.driver is not None and not window.driver.is_over:
            looks = _looks(window)
            if looks not in seen:
                seen.add(looks)
                where = f"{routine}, part {step} ({player.title_label.text()[:30]!r})"
                problems += _problems_here(window, where)
                if step == 1:  # paused once a routine: the PAUSED line beside LEFT or RIGHT
                    player.primary_action()
                    assert window.driver.state is SessionState.PAUSED
                    problems += _problems_here(window, f"{where}, paused")
                    player.primary_action()
            window.driver.next()
            step += 1
        window.show_library()
    return problems


def test_the_digits_stay_big_and_every_text_whole_on_every_step(qtbot, huge_window):  # type: ignore[no-untyped-def]
    problems = _problems_on_every_step(qtbot, huge_window)
    assert problems == [], "\n".join(problems)


LONG_WORDS = " ".join(["Press slowly along the muscle, ease off, and breathe out."] * 12)
LONG_ROUTINE = f"""\
name: Long words
area: calf
lead_in: 0
steps:
  - {{kind: pressure, title: Press, instructions: "{LONG_WORDS}", duration: 30s}}
"""


@pytest.mark.parametrize("huge_window", ["en"], indirect=True)
def test_long_instructions_scroll_rather_than_squeeze_the_digits(  # type: ignore[no-untyped-def]
        qtbot, huge_window, write_routine):
    window = huge_window
    assert window.open_routine(str(write_routine(LONG_ROUTINE))) is not None
    window.start_session()
    player = window.player
    _settle(player)
    assert player.countdown_label.digit_height() >= window.height() * SMALLEST_SHARE
    box = player.instructions_box
    assert box.verticalScrollBar().maximum() > 0  # the rest is a scroll away
    assert player.instructions_label.text() == LONG_WORDS  # whole, not shortened
    assert cut_or_overlapping(window) == []
