"""Notes through the desktop's notification service while the window is away; Qt's balloon
only where no such service runs. Against a private session bus started by the test."""

from __future__ import annotations

import pytest
from dbus_helpers import private_bus  # noqa: F401 - a fixture
from fakes import step
from player_helpers import make_rig
from PySide6.QtWidgets import QMainWindow

from spasm_timer.ui.desktop_notes import DesktopNotes
from spasm_timer.ui.tray import TrayCountdown

jeepney = pytest.importorskip("jeepney")
from fake_notifications import FakeNotificationService  # noqa: E402 - needs jeepney


@pytest.fixture
def service(private_bus: str):  # type: ignore[no-untyped-def]  # noqa: F811
    fake = FakeNotificationService(private_bus)
    yield fake
    fake.close()


def _away_window(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    window.setWindowTitle("Spasm Timer")
    qtbot.addWidget(window)
    window.showMinimized()
    return window


def test_steps_and_the_end_reach_the_notification_service_while_away(  # type: ignore[no-untyped-def]
        qtbot, private_bus, service):  # noqa: F811
    rig = make_rig([step(5, title="Press"), step(5, title="Circles")])
    window = _away_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=DesktopNotes(private_bus))
    rig.driver.start()
    rig.run_to_end()
    qtbot.waitUntil(lambda: len(service.received) == 3, timeout=3000)
    first, second, end = service.received
    assert (first["summary"], first["body"]) == ("Done: Press", "Next: Circles")
    assert first["app"] == "Spasm Timer" and first["replaces"] == 0
    assert second["replaces"] == 1  # each note replaces the last: they do not pile up
    assert end["summary"] == "Session complete"
    assert end["timeout"] == 0 and end["hints"]["urgency"] == ("y", 2)  # stays until seen
    assert tray.notes.sent == [(n["summary"], n["body"]) for n in service.received]


def test_nothing_is_sent_while_the_window_is_in_front(qtbot, private_bus, service):  # type: ignore[no-untyped-def]  # noqa: F811
    rig = make_rig([step(5, title="Press")])
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    TrayCountdown(rig.driver, window, notes=DesktopNotes(private_bus))
    rig.driver.start()
    rig.run_to_end()
    qtbot.wait(50)
    assert service.received == []


def test_without_a_notification_service_the_balloon_is_used(qtbot, private_bus, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    notes = DesktopNotes(private_bus)
    assert not notes.available()  # a bus, but nobody serves notifications on it
    rig = make_rig([step(5, title="Press")])
    window = _away_window(qtbot)
    tray = TrayCountdown(rig.driver, window, notes=notes)
    balloons: list[str] = []
    if tray.icon is not None:
        monkeypatch.setattr(tray.icon, "showMessage", lambda title, *_: balloons.append(title))
        monkeypatch.setattr("PySide6.QtWidgets.QSystemTrayIcon.supportsMessages",
                            staticmethod(lambda: True))
    rig.driver.start()
    rig.run_to_end()
    assert notes.sent == []
    assert [title for title, _ in tray.notifications] == ["Done: Press", "Session complete"]
    if tray.icon is not None:
        assert balloons == ["Done: Press", "Session complete"]


def test_without_a_bus_nothing_is_sent_and_nothing_breaks() -> None:
    notes = DesktopNotes("")
    assert not notes.available()
