"""The `system` theme: light or dark as the desktop prefers, from the first paint on, and
following the desktop when it switches while the app is open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from window_helpers import make_window

from spasm_timer import paths
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui import theme


def window_colour(app: QApplication) -> QColor:
    return app.palette().color(QPalette.ColorRole.Window)


@pytest.fixture
def fresh_desktop(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As at start-up: the desktop's preference not yet known, the platform's palette in place."""
    monkeypatch.setattr(theme, "_desktop_dark", None)
    yield
    monkeypatch.undo()
    theme.apply(qapp, Settings())  # leave the app as other tests expect it


def platform_palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


def delete_now(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The app has one window; a test's window must not go on following the desktop."""
    with qtbot.waitSignal(window.destroyed):
        window.deleteLater()


def test_a_dark_desktop_palette_gives_the_dark_look_from_the_start(
        qapp: QApplication, fresh_desktop: None) -> None:
    qapp.setPalette(platform_palette("#2b2b2b", "#eeeeee"))  # what a dark desktop hands Qt
    theme.apply(qapp, Settings(theme="system"))
    assert window_colour(qapp) == QColor(theme.DARK.window)


def test_a_light_desktop_palette_gives_the_light_look(
        qapp: QApplication, fresh_desktop: None) -> None:
    qapp.setPalette(platform_palette("#efefef", "#000000"))
    theme.apply(qapp, Settings(theme="system"))
    assert window_colour(qapp) == QColor(theme.LIGHT.window)


def test_the_desktop_turning_dark_turns_the_open_window_dark(
        qtbot, qapp: QApplication, data_dir, fresh_desktop: None) -> None:  # type: ignore[no-untyped-def]
    qapp.setPalette(platform_palette("#efefef", "#000000"))
    theme.apply(qapp, Settings(theme="system"))
    window = make_window(qtbot, paths.DataPaths(data_dir), activate=False)
    window.follow_desktop_colours()  # the platform here says neither: the palette's answer stays
    assert window_colour(qapp) == QColor(theme.LIGHT.window)

    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # dusk
    assert window_colour(qapp) == QColor(theme.DARK.window)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window_colour(qapp) == QColor(theme.LIGHT.window)
    delete_now(qtbot, window)


def test_a_chosen_look_stays_whatever_the_desktop_does(
        qtbot, qapp: QApplication, data_dir, fresh_desktop: None) -> None:  # type: ignore[no-untyped-def]
    data_paths = paths.DataPaths(data_dir)
    SettingsFile(data_paths.settings).save(Settings(theme="light"))
    theme.apply(qapp, Settings(theme="light"))
    window = make_window(qtbot, data_paths, activate=False)
    window.follow_desktop_colours()
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_colour(qapp) == QColor(theme.LIGHT.window)
    delete_now(qtbot, window)


def test_the_library_follows_a_new_text_size_and_look(
        qtbot, qapp: QApplication, data_dir) -> None:  # type: ignore[no-untyped-def]
    theme.apply(qapp, Settings(theme="light"))
    window = make_window(qtbot, paths.DataPaths(data_dir), activate=False)
    view = window.library_view
    header = view.model.item(0)  # the first row is an area's header
    routine = view.model.item(1)
    normal = routine.font().pointSizeF()

    window.apply_settings(Settings(theme="dark", text_size="huge"))
    try:
        assert routine.font().pointSizeF() > normal  # read from across the room
        # The headers are disabled rows: they must not keep the light look's dark text.
        assert header.foreground().color() == QColor(theme.DARK.text)
    finally:
        theme.apply(qapp, Settings())


def test_the_focus_ring_on_green_buttons_stands_out_in_both_looks() -> None:
    from PySide6.QtGui import QColor

    def contrast(a: QColor, b: QColor) -> float:
        def luminance(c: QColor) -> float:
            def channel(v: float) -> float:
                return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                    + 0.0722 * channel(c.blueF()))
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for look, colours in (("light", theme.LIGHT), ("dark", theme.DARK)):
        ring = theme.focus_ring(colours)
        assert contrast(QColor(ring), QColor(colours.accent)) >= 2.5  # ring against the green
        assert f"4px solid {ring}" in theme.stylesheet(Settings(theme=look))
