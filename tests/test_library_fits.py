"""The library on a small screen at large text: a search shows several routines, not one and a
half; nothing scrolls sideways; and the rows and fields are drawn cleanly (no stray focus
rectangle inside the chosen row, an edge around every field in the dark look).

The screens are simulated as in test_countdown_room.py: `screen_fit.available_room` answers
with the screen less a 30 px panel, and the window sizes itself to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QWidget
from test_night import contrast
from window_helpers import default_look, look_like, make_window_at_text_size

from spasm_timer import i18n
from spasm_timer.settings import Settings
from spasm_timer.ui import screen_fit
from spasm_timer.ui.library_view import LibraryView
from spasm_timer.ui.theme import colours_for

SCREENS = {"1024x600": QRect(0, 0, 1024, 570), "1366x768": QRect(0, 0, 1366, 738)}
SIZES = ["normal", "large", "huge"]
SEVERAL = 3


@pytest.fixture
def library(qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    windows: list[QWidget] = []

    def show(screen: str, text_size: str, language: str = "en") -> LibraryView:
        monkeypatch.setattr(screen_fit, "available_room", lambda widget=None: SCREENS[screen])
        i18n.use_language(language)
        window = make_window_at_text_size(qtbot, data_dir / f"{screen}-{text_size}-{language}",
                                          text_size)
        windows.append(window)
        view = window.library_view
        qtbot.waitUntil(lambda: not view.filling and len(view.routines_shown()) > 5)
        return view

    yield show
    for window in windows:
        window.close()
    default_look()


def _search(qtbot, view: LibraryView, text: str) -> None:  # type: ignore[no-untyped-def]
    view.search.setFocus()
    qtbot.keyClicks(view.search, text)
    qtbot.wait(1)  # the list lays its rows out on the next turn of the event loop


def _whole_results(view: LibraryView) -> list[str]:
    """The routines whose rows are wholly in view: the ones a person can read at a glance."""
    viewport = view.list.viewport().rect()
    rows = [(row, routine) for row, routine in enumerate(view._rows) if routine is not None]
    return [routine.name for row, routine in rows if not view.list.isRowHidden(row)
            and viewport.contains(view.list.visualRect(view.model.index(row, 0)))]


@pytest.mark.parametrize("text_size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_a_search_shows_several_results(qtbot, library, screen: str, text_size: str) -> None:  # type: ignore[no-untyped-def]
    view = library(screen, text_size)
    _search(qtbot, view, "cramp")
    assert len(view.routines_shown()) > SEVERAL
    whole = _whole_results(view)
    assert len(whole) >= SEVERAL, f"only {whole} in view"
    assert view.list.horizontalScrollBar().maximum() == 0, "the list scrolls sideways"


@pytest.mark.parametrize("language", ["de", "es"])
def test_at_huge_on_a_small_screen_longer_names_keep_to_the_width(qtbot, library,  # type: ignore[no-untyped-def]
                                                                  language: str) -> None:
    view = library("1024x600", "huge", language)
    assert view.compact
    assert view.list.horizontalScrollBar().maximum() == 0, "the list scrolls sideways"
    assert len(_whole_results(view)) >= SEVERAL
    assert not view.hint.isVisible()  # the keys' hint makes way; the title stays
    assert view.title.isVisible() and view.search.isVisible()


def test_a_roomy_screen_keeps_the_full_heading(library) -> None:  # type: ignore[no-untyped-def]
    view = library("1366x768", "normal")
    assert not view.compact and view.hint.isVisible()
    assert view.search.y() > view.hint.y() > view.title.y()  # each on its own line
    assert all("\n" in text for text, routine in zip(view.row_texts(), view._rows, strict=True)
               if routine is not None)  # the name above its length and steps


def _row_picture(view: LibraryView) -> QImage:
    rect = view.list.visualRect(view.list.currentIndex())
    return view.list.viewport().grab(rect).toImage()


def test_the_chosen_row_has_no_focus_rectangle_inside_it(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    view = library("1366x768", "huge")
    view.search.setFocus()
    qtbot.waitUntil(view.search.hasFocus)
    without_focus = _row_picture(view)
    view.focus_list()
    qtbot.waitUntil(view.list.hasFocus)
    assert _row_picture(view) == without_focus, "a rectangle appears inside the chosen row"


@pytest.mark.parametrize("look", ["light", "dark", "night"])
def test_an_editable_choice_has_an_edge_like_the_text_fields(qtbot, look: str) -> None:  # type: ignore[no-untyped-def]
    # The editor's Area field: a field to type in, which in the dark look had no edge.
    look_like(Settings(theme=look))
    try:
        colours = colours_for(Settings(theme=look))
        page = QWidget()
        qtbot.addWidget(page)
        area = QComboBox(page)
        area.setEditable(True)
        area.addItems(["calf", "lower back"])
        area.resize(300, area.sizeHint().height())
        page.resize(320, 80)
        page.show()
        qtbot.waitExposed(page)
        image = area.grab().toImage()
        middle = image.height() // 2
        left_edge = {image.pixelColor(x, middle).name() for x in range(3)}
        assert any(contrast(colour, colours.window) >= 3.0 for colour in left_edge), left_edge
    finally:
        default_look()
