"""The safety note on a small laptop at Huge text: the red flags (when to get help instead of
massaging) come first, in view without scrolling as far as the screen allows, and the button
and the disclaimer are in view below them.

The screens are simulated as in test_countdown_room.py: `screen_fit.available_room` answers
with the screen less a 30 px panel, and the note sizes itself to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from window_helpers import default_look, look_like

from spasm_timer import i18n
from spasm_timer.core.red_flags import RED_FLAGS
from spasm_timer.settings import Settings
from spasm_timer.ui import screen_fit
from spasm_timer.ui.safety import SafetyDialog

SCREENS = {"1024x600": QRect(0, 0, 1024, 570), "1366x768": QRect(0, 0, 1366, 738)}
SIZES = ["normal", "large", "huge"]


@pytest.fixture
def note(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    def show(screen: str, text_size: str, language: str = "en") -> SafetyDialog:
        monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: SCREENS[screen])
        i18n.use_language(language)
        look_like(Settings(text_size=text_size))
        dialog = SafetyDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: not dialog._title_timer.isActive())
        QApplication.processEvents()  # the title shown or not: laid out again
        return dialog

    yield show
    default_look()


def _in_view(widget: QWidget, dialog: SafetyDialog) -> bool:
    """Wholly inside the note's visible area, with the note scrolled to its top."""
    viewport = dialog.note_area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


def _flags_in_view(dialog: SafetyDialog) -> list[bool]:
    return [_in_view(label, dialog) for label in dialog.red_flag_labels]


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("text_size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_red_flags_come_first(note, screen: str, text_size: str, language: str) -> None:  # type: ignore[no-untyped-def]
    dialog = note(screen, text_size, language)
    assert dialog.note_area.verticalScrollBar().value() == 0
    assert dialog.red_flags.y() == 0, "nothing of the note comes before the red flags"
    assert [label.text().count(flag.text) for label, flag in
            zip(dialog.red_flag_labels, RED_FLAGS, strict=True)] == [1] * len(RED_FLAGS)
    heading = dialog.red_flags.findChild(QLabel, "red_flags_heading")
    assert _in_view(heading, dialog) and _flags_in_view(dialog)[0]
    button = dialog.findChild(QPushButton)
    for widget in (button, dialog.findChild(QLabel, "disclaimer")):
        assert dialog.rect().contains(QRect(widget.mapTo(dialog, widget.rect().topLeft()),
                                            widget.size()))


@pytest.mark.parametrize("text_size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_urgent_red_flags_are_in_view_without_scrolling(note, screen: str,  # type: ignore[no-untyped-def]
                                                            text_size: str) -> None:
    dialog = note(screen, text_size)
    in_view = _flags_in_view(dialog)
    assert all(shown for shown, flag in zip(in_view, RED_FLAGS, strict=True) if flag.urgent)
    if screen == "1366x768" or text_size == "normal":
        assert all(in_view), "every red flag in view"


def test_the_title_gives_way_to_the_red_flags_only_where_they_need_its_room(note) -> None:  # type: ignore[no-untyped-def]
    roomy = note("1366x768", "normal")
    assert roomy.title.isVisible() and all(_flags_in_view(roomy))
    short = note("1366x768", "huge")
    assert not short.title.isVisible() and all(_flags_in_view(short))
    assert "Before you start" in short.windowTitle()  # still said in the title bar


def test_the_note_says_each_section_once_wherever_the_red_flags_are_listed(
        qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The red flags have a box of their own; the rest of the note is every other section.
    Reordering the table must neither repeat the red flags nor drop a section."""
    from spasm_timer.ui import safety

    reordered = safety.SECTIONS[1:] + safety.SECTIONS[:1]
    monkeypatch.setattr(safety, "SECTIONS", reordered)
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    rest = dialog.findChild(QLabel, "safety_text").text()
    red_flags_heading = safety.RED_FLAGS_SECTION[0]
    assert {heading: rest.count(f"<h3>{heading}</h3>") for heading, _lines in reordered} == {
        heading: int(heading != red_flags_heading) for heading, _lines in reordered}
