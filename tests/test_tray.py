"""The tray countdown and notifications, and a desktop without a tray."""

from __future__ import annotations

from fakes import step
from player_helpers import make_rig
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from spasm_timer.ui.desktop_notes import DesktopNotes
from spasm_timer.ui.tray import TrayCountdown


def make_window(qtbot):
    window = QMainWindow()
    window.setWindowTitle("Spasm Timer")
    qtbot.addWidget(window)
    return window


def test_title_and_tooltip_count_down(qtbot):
    rig = make_rig([step(90, title="Warm pack", kind="heat")])
    window = make_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    rig.run_for(30.2)
    assert window.windowTitle() == "1:00 · Warm pack — Spasm Timer"
    if tray.icon is not None:
        assert tray.icon.toolTip() == "1:00 · Warm pack"
    rig.run_to_end()
    assert window.windowTitle() == "Spasm Timer"


def test_notifies_when_a_step_ends_while_the_window_is_away(qtbot):
    rig = make_rig([step(5, title="Press"), step(5, title="Circles")])
    window = make_window(qtbot)
    window.showMinimized()
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    rig.run_to_end()
    assert tray.notifications == [("Done: Press", "Next: Circles"),
                                  ("Done: Circles", "Next: the end of the session"),
                                  ("Session complete",
                                   "Well done. Rate your pain when you are back.")]


def test_no_tray_nothing_breaks_and_it_is_said_once(qtbot, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    rig = make_rig([step(5)])
    window = make_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    messages = []
    tray.unavailable.connect(messages.append)
    qtbot.waitUntil(lambda: messages != [])
    rig.driver.start()
    rig.run_for(1)
    assert window.windowTitle().startswith("0:04")
    rig.run_to_end()
    qtbot.wait(10)
    assert tray.icon is None
    assert len(messages) == 1 and "No system tray" in messages[0]


def test_a_new_session_replaces_the_old(qtbot):
    first, second = make_rig([step(30, title="Old")]), make_rig([step(40, title="New")])
    window = make_window(qtbot)
    tray = TrayCountdown(first.driver, window)
    tray.set_driver(second.driver)
    first.driver.start()
    second.driver.start()
    assert tray.countdown_text() == "0:40 · New"


def test_hide_lets_go_of_the_session(qtbot):
    rig = make_rig([step(30, title="Press")])
    window = make_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    tray.hide()
    rig.run_for(5)
    assert window.windowTitle() == "Spasm Timer"
    assert tray.driver is None


def test_a_pause_shows_in_the_title_the_tooltip_and_on_the_icon(qtbot):
    from spasm_timer.ui.tray import icon_words

    rig = make_rig([step(90, title="Warm pack", kind="heat")])
    window = make_window(qtbot)
    TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    rig.run_for(29)
    assert icon_words(rig.driver) == "2m"  # 61 s: minutes rounded up
    rig.run_for(26)
    assert icon_words(rig.driver) == "35"  # the last minute in seconds
    rig.driver.pause()
    assert window.windowTitle() == "Paused 0:35 · Warm pack — Spasm Timer"
    assert icon_words(rig.driver) == "II"


def test_the_tray_menu_pauses_skips_and_asks_before_stopping(qtbot):
    from spasm_timer.core.session import SessionState

    rig = make_rig([step(30, title="Press"), step(30, title="Circles")])
    window = make_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    if tray.icon is None:
        return  # no tray here: nothing to click
    tray.pause_action.trigger()
    assert rig.driver.state is SessionState.PAUSED and tray.pause_action.text() == "Resume"
    tray.pause_action.trigger()
    tray.next_action.trigger()
    assert rig.driver.segment.title == "Circles"
    with qtbot.waitSignal(tray.stop_requested):
        tray.stop_action.trigger()
    assert not rig.driver.is_over  # stopping is the player's question, not the menu's


def test_after_the_session_the_icon_stays_until_the_window_is_seen(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    rig = make_rig([step(5)])
    window = make_window(qtbot)
    window.showMinimized()
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(""))
    rig.driver.start()
    rig.run_to_end()
    if tray.icon is None:
        return
    tray.hide_once_seen()
    assert tray.icon.isVisible() and "session is over" in tray.icon.toolTip()
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))  # the person is back
    assert not tray.icon.isVisible()


def test_the_tray_menu_shows_its_longest_item_whole_at_huge_text(qtbot):
    """Qt shortened the widest item of a menu at Huge text ("Abendrou… starten")."""
    from PySide6.QtWidgets import QApplication

    from spasm_timer import i18n
    from spasm_timer.settings import Settings
    from spasm_timer.ui import theme

    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))
    i18n.use_language("de")
    try:
        tray = TrayCountdown(None, make_window(qtbot), notes=DesktopNotes(""))
        menu = tray._build_menu()
        menu.aboutToShow.emit()
        metrics = menu.fontMetrics()
        widest = max(metrics.horizontalAdvance(action.text()) for action in menu.actions()
                     if not action.isSeparator())
        assert menu.minimumWidth() >= widest + 3 * metrics.averageCharWidth()
    finally:
        theme.apply(app, Settings())
