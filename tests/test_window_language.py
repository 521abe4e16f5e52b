"""The main window in the person's language: menus, the library and its notes.

Each test compares the window in German or Spanish with the same window in English: what a
person reads must differ from the English (it was translated), whatever the exact words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from window_helpers import make_window

from spasm_timer import i18n, paths
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui.language_choice import relaunch_command
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.settings_dialog import SettingsDialog


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


def test_settings_offer_the_desktop_language_and_each_language_by_its_own_name(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    i18n.use_language("es")  # as the app does on a Spanish desktop
    dialog = SettingsDialog(Settings(), SettingsFile(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    combo = dialog.language.combo
    shown = [combo.itemText(index) for index in range(combo.count())]
    assert "Español" in shown[0]  # the desktop's language, named
    assert shown[1:] == ["English", "Deutsch", "Español"]
    assert combo.currentData() == ""  # nothing chosen: the desktop's
    assert not dialog.language.restart.isVisibleTo(dialog)  # the language on screen


def test_a_new_language_is_saved_and_offers_a_restart_in_that_language(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings_file = SettingsFile(tmp_path / "settings.json")
    dialog = SettingsDialog(Settings(), settings_file)
    qtbot.addWidget(dialog)
    english_button = "Restart now"
    combo = dialog.language.combo
    combo.setCurrentIndex(combo.findData("de"))
    assert settings_file.load().language == "de"
    assert dialog.language.restart.isVisibleTo(dialog)
    assert dialog.language.restart.text() != english_button  # in German: the chosen one
    note = dialog.language.note.text()
    assert "Deutsch" in note and len(note.splitlines()) == 2  # said in English and in German
    with qtbot.waitSignal(dialog.restart_requested):
        dialog.language.restart.click()
    combo.setCurrentIndex(combo.findData(""))  # back to the desktop's (English here)
    assert settings_file.load().language == ""
    assert not dialog.language.restart.isVisibleTo(dialog)


def test_restart_now_closes_the_window_and_opens_the_app_again(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer import app

    launched: list[Path | None] = []
    monkeypatch.setattr("spasm_timer.ui.language_choice.relaunch", launched.append)
    window = make_window(qtbot, paths.DataPaths(tmp_path), activate=False)
    window.show_settings()
    dialog = window.settings_dialog
    dialog.language.combo.setCurrentIndex(dialog.language.combo.findData("es"))
    dialog.language.restart.click()
    assert not window.isVisible() and window.restart_wanted
    app._open_again(window)
    assert launched == [tmp_path]  # the same data folder


def test_the_relaunch_is_the_app_itself_with_the_same_data_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    command = relaunch_command(tmp_path)
    assert command[:3] == [sys.executable, "-m", "spasm_timer"]
    assert command[3:] == ["--data-dir", str(tmp_path)]
    help_text = subprocess.run([*command[:3], "--help"], capture_output=True, text=True,
                               timeout=60, check=True).stdout
    assert "--data-dir" in help_text


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_report_for_a_doctor_speaks_the_language(language: str) -> None:
    from datetime import date

    from spasm_timer.storage.report_data import summarise
    from spasm_timer.ui.report_pdf import report_html

    english = report_html(summarise((), None, None), date(2026, 12, 7))
    i18n.use_language(language)
    translated = report_html(summarise((), None, None), date(2026, 12, 7))
    month = {"de": "Dezember", "es": "diciembre"}[language]
    assert month in translated and "December" in english
    heading = english.split("</h1>")[0]
    assert heading not in translated


@pytest.mark.parametrize("language", ["de", "es"])
def test_settings_fit_a_small_screen_at_huge_text_in_a_longer_language(
        qtbot, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QScrollArea

    from spasm_timer.ui import screen_fit, theme

    i18n.use_language(language)
    app = QApplication.instance()
    huge = Settings(text_size="huge")
    theme.apply(app, huge)
    try:
        dialog = SettingsDialog(huge, SettingsFile(tmp_path / "settings.json"),
                                routines=[("thighs", "Thigh (quadriceps) release")])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        largest = screen_fit.largest_size(dialog)
        assert largest is not None
        assert dialog.width() <= largest.width()
        scroll = dialog.findChild(QScrollArea)
        assert scroll is not None
        # Everything wraps within the width: nothing to scroll sideways to
        qtbot.waitUntil(lambda: scroll.widget().width() <= scroll.viewport().width())
        assert scroll.horizontalScrollBar().maximum() == 0
    finally:
        theme.apply(app, Settings())


def test_area_headers_keep_the_capitals_a_language_writes() -> None:
    from spasm_timer.ui.library_view import area_label

    assert area_label("lower-back") == "Lower back"
    assert area_label("unterer Rücken") == "Unterer Rücken"  # German nouns stay capitalised
    assert area_label("zona lumbar") == "Zona lumbar"


@pytest.mark.parametrize("language", ["de", "es"])
def test_session_keys_open_within_the_screen_at_huge_text(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QLineEdit

    from spasm_timer.ui import screen_fit, theme
    from spasm_timer.ui.key_choice import KeysDialog

    i18n.use_language(language)
    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))
    try:
        dialog = KeysDialog({})
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        largest = screen_fit.largest_size(dialog)
        assert largest is not None
        assert dialog.width() <= largest.width() and dialog.height() <= largest.height()
        # Every field invites a key in the person's words
        hints = {line.placeholderText() for line in dialog.findChildren(QLineEdit)}
        assert hints and "Press a key" not in hints
    finally:
        theme.apply(app, Settings())


def test_menus_leave_room_for_their_longest_item_at_huge_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt shortened "About Spasm Timer" to "About S…m Timer" at Huge text."""
    from PySide6.QtWidgets import QApplication

    from spasm_timer.ui import theme

    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))
    try:
        window = window_in(qtbot, tmp_path, "de")
        for action in window.menuBar().actions():
            menu = action.menu()
            if not isinstance(menu, QMenu):
                continue
            menu.aboutToShow.emit()
            widest = max(menu.fontMetrics().horizontalAdvance(item.text().replace("&", ""))
                         for item in menu.actions() if not item.isSeparator())
            room = 3 * menu.fontMetrics().averageCharWidth()
            assert menu.minimumWidth() >= widest + room
    finally:
        theme.apply(app, Settings())


QT_WORDS = """
from spasm_timer.cli import _use_the_persons_language
_use_the_persons_language(["--data-dir", {data!r}])
from spasm_timer.app import _make_application
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from PySide6.QtGui import QKeySequence
app = _make_application()
buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
close = buttons.buttons()[0].text()
box = QMessageBox(QMessageBox.Icon.Question, "", "",
                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
yes = box.button(QMessageBox.StandardButton.Yes).text()
ctrl = QKeySequence("Ctrl+Q").toString(QKeySequence.SequenceFormat.NativeText)
print(close.replace("&", ""), yes.replace("&", ""), ctrl, sep="|")
"""


@pytest.mark.parametrize("language", ["de", "es"])
def test_qts_own_buttons_and_keys_speak_the_desktops_language(tmp_path: Path,
                                                              language: str) -> None:
    """Close, Yes and Ctrl come from Qt's own translations, installed at start-up."""
    import os
    import subprocess
    import sys

    def words(lang: str) -> list[str]:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": lang}
        result = subprocess.run([sys.executable, "-c", QT_WORDS.format(data=str(tmp_path))],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1].split("|")

    english = words("C.UTF-8")
    translated = words({"de": "de_DE.UTF-8", "es": "es_ES.UTF-8"}[language])
    assert english[:2] == ["Close", "Yes"]
    assert all(word != source for word, source in zip(translated, english, strict=True)), \
        translated


def test_enter_after_choosing_a_language_does_not_restart_the_app(
        qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Enter confirms a choice in many lists: it must not quit the app by surprise."""
    dialog = SettingsDialog(Settings(), SettingsFile(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.language.combo
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("es"))
    restarts: list[bool] = []
    dialog.restart_requested.connect(lambda: restarts.append(True))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert restarts == []
    assert dialog.isVisible()
