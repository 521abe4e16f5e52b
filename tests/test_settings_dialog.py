"""Settings: each change is written to settings.json and seen in the app at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui import theme
from spasm_timer.ui.settings_dialog import SettingsDialog


def saved(data_dir: Path) -> Settings:
    return SettingsFile(paths.DataPaths(data_dir).settings).load()


def test_each_change_is_saved_at_once(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    settings_file = SettingsFile(paths.DataPaths(data_dir).settings)
    dialog = SettingsDialog(Settings(), settings_file, voices=["Alice", "Bob"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.settings_changed) as changed:
        dialog.sounds_on.setChecked(False)
    assert changed.args[0].sounds_on is False
    assert saved(data_dir).sounds_on is False
    dialog.voice_name.setCurrentIndex(dialog.voice_name.findData("Bob"))
    dialog.default_lead_in.setValue(12)
    dialog.voice_rate.setValue(-5)
    current = saved(data_dir)
    assert (current.voice_name, current.default_lead_in, current.voice_rate) == ("Bob", 12, -0.5)
    assert dialog.default_lead_in.maximum() == 30


def test_without_voices_the_choice_is_disabled(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(), SettingsFile(data_dir / "settings.json"), voices=[])
    qtbot.addWidget(dialog)
    assert not dialog.voice_name.isEnabled()


def test_theme_and_text_size_apply_to_the_app_at_once(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, paths.DataPaths(data_dir), activate=False)
    window.show_settings()
    dialog = window.settings_dialog
    app = QApplication.instance()
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK.window)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData("huge"))
    assert app.font().pointSizeF() == theme.TEXT_POINTS["huge"]
    assert window.settings.text_size == "huge"
    assert saved(data_dir).theme == "dark"
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(theme.LIGHT.window)
    theme.apply(app, Settings())  # leave the app as other tests expect it


def test_keep_on_top_and_lead_in_reach_the_window(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, paths.DataPaths(data_dir), activate=False)
    window.open_routine("calf-cramp")
    before = window.start_screen.total.text()
    window.show_settings()
    dialog = window.settings_dialog
    dialog.keep_on_top.setChecked(True)
    from PySide6.QtCore import Qt

    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isVisible()
    dialog.default_lead_in.setValue(0)
    assert window.start_screen.total.text() != before  # no more get-ready time in the total
    assert saved(data_dir).keep_on_top is True


def test_settings_are_saved_for_their_owner_only(data_dir: Path) -> None:
    import os
    import stat

    settings_file = SettingsFile(paths.DataPaths(data_dir).settings)
    old_umask = os.umask(0)  # a umask of 0 would make a plain write world-readable
    try:
        settings_file.save(Settings(theme="dark"))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(settings_file.path.stat().st_mode) == 0o600
    assert settings_file.load().theme == "dark"


def test_the_hands_free_lines_fit_a_small_screen_at_huge_text(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The media-key note wraps and the night and instructions choices stay short: at Huge
    text none of them widens the dialog past a 1024 px screen."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, Settings(text_size="huge"))
    try:
        dialog = SettingsDialog(Settings(text_size="huge"), SettingsFile(data_dir / "s.json"))
        qtbot.addWidget(dialog)
        remote_note = next(label for label in dialog.findChildren(QLabel)
                           if label.text().startswith("Media keys"))
        for widget in (dialog.read_instructions, dialog.night_auto, remote_note):
            assert widget.minimumSizeHint().width() <= 900, widget
    finally:
        theme.apply(app, Settings())
