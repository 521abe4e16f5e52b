"""The main window in the person's language: menus, the library and its notes.

Each test compares the window in German or Spanish with the same window in English: what a
person reads must differ from the English (it was translated), whatever the exact words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from window_helpers import make_window

from spasm_timer import i18n, paths
from spasm_timer.ui.main_window import MainWindow


def menu_texts(window: MainWindow) -> list[str]:
    """Every menu title and item of the menu bar, in order, separators left out."""
    texts: list[str] = []

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            if action.isSeparator():
                continue
            texts.append(action.text())
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions())

    walk(window.menuBar().actions())
    return texts


def library_texts(window: MainWindow) -> list[str]:
    view = window.library_view
    return [view.hint.text(), view.search.placeholderText(), view.search.accessibleName(),
            view.list.accessibleName()]


def window_in(qtbot, tmp_path: Path, language: str) -> MainWindow:  # type: ignore[no-untyped-def]
    i18n.use_language(language)
    return make_window(qtbot, paths.DataPaths(tmp_path / language), activate=False)


@pytest.mark.parametrize("language", ["de", "es"])
def test_every_menu_item_speaks_the_language(qtbot, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    english = menu_texts(window_in(qtbot, tmp_path, "en"))
    translated = menu_texts(window_in(qtbot, tmp_path, language))
    assert len(translated) == len(english) > 10
    assert [text for text, source in zip(translated, english, strict=True)
            if text == source] == []
    # Every menu title and item keeps a key to reach it with Alt
    assert all("&" in text for text in translated)


@pytest.mark.parametrize("language", ["de", "es"])
def test_menu_titles_have_different_keys(qtbot, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    window = window_in(qtbot, tmp_path, language)
    titles = [action.text() for action in window.menuBar().actions()]
    keys = [title[title.index("&") + 1].lower() for title in titles]
    assert len(set(keys)) == len(keys), titles
    for action in window.menuBar().actions():
        menu = action.menu()
        if not isinstance(menu, QMenu):
            continue  # Settings… sits on the menu bar itself
        items = [item.text() for item in menu.actions() if not item.isSeparator()]
        item_keys = [item[item.index("&") + 1].lower() for item in items]
        assert len(set(item_keys)) == len(item_keys), items


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_library_speaks_the_language(qtbot, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    english_window = window_in(qtbot, tmp_path, "en")
    english = library_texts(english_window)
    english_rows = english_window.library_view.row_texts()
    window = window_in(qtbot, tmp_path, language)
    translated = library_texts(window)
    assert [text for text, source in zip(translated, english, strict=True)
            if text == source] == []
    # The summary under each routine ("6 min · 8 steps") is in the language too
    step_word = {"de": "Schritte", "es": "pasos"}[language]
    assert any(step_word in row for row in window.library_view.row_texts())
    assert not any(step_word in row for row in english_rows)


def test_notes_during_a_session_count_in_the_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.ui.notice_bar import NoticeBar

    i18n.use_language("de")
    bar = NoticeBar()
    qtbot.addWidget(bar)
    for note in ("one", "two", "three"):
        bar.add(note)
    bar.set_compact(True)
    assert bar.text is not None
    assert "2 weitere Hinweise" in bar.text.text()
