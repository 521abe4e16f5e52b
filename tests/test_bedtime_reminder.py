"""The bedtime reminder in the app: a notification with "Start" over a private D-Bus session
bus, the routine it starts, the settings that set it, and starting with the desktop."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from dbus_helpers import private_bus  # noqa: F401 (a fixture)
from fakes import FakeClock
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject
from window_helpers import make_logged_window

from spasm_timer.desktop_entry import (
    autostart_enabled,
    autostart_file,
    disable_autostart,
    enable_autostart,
)
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui import bedtime_reminder
from spasm_timer.ui.bedtime_reminder import BedtimeReminder, attach_to_window
from spasm_timer.ui.desktop_notifier import DesktopNotifier, notify_command
from spasm_timer.ui.settings_dialog import SettingsDialog

REMINDER_ON = Settings(reminder_on=True, reminder_time="21:30", reminder_days="mon,tue,wed",
                       reminder_routine="night-calf-cramps")
MONDAY_EVENING = datetime(2026, 11, 30, 21, 0)


class FakeNotificationServer(QDBusVirtualObject):
    """The desktop's notification service, on the private bus: records what it was sent."""

    def __init__(self, bus: QDBusConnection) -> None:
        super().__init__()
        self.bus = bus
        self.received: list[tuple[str, list[object]]] = []
        assert bus.registerVirtualObject("/org/freedesktop/Notifications", self)
        assert bus.registerService("org.freedesktop.Notifications")

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        if message.member() != "Notify":
            return False
        self.received.append((message.signature(), list(message.arguments())))
        connection.send(message.createReply([42]))
        return True

    def introspect(self, path: str) -> str:
        return ""


@pytest.fixture
def server(private_bus: str):  # type: ignore[no-untyped-def]  # noqa: F811
    if notify_command("", "", []) is None:
        pytest.skip("neither busctl nor gdbus is installed")
    bus = QDBusConnection.connectToBus(private_bus, "fake_notifications")
    yield FakeNotificationServer(bus)
    QDBusConnection.disconnectFromBus("fake_notifications")


def _notifier(address: str) -> DesktopNotifier:
    bus = QDBusConnection.connectToBus(address, "app_side")
    assert bus.isConnected()
    return DesktopNotifier(bus, address)


def _invoke(address: str, notification_id: int, action: str) -> None:
    """What the desktop sends when the person clicks a notification's button."""
    subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications.ActionInvoked", f"uint32:{notification_id}",
                    f"string:{action}"], env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
                   check=True, timeout=10)


@pytest.mark.parametrize("tool", ["busctl", "gdbus"])
def test_a_notification_with_a_start_button_and_its_answer(qtbot, server, private_bus, tool,  # type: ignore[no-untyped-def]  # noqa: F811
                                                           monkeypatch) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    from spasm_timer.ui import desktop_notifier

    real_which = shutil.which
    monkeypatch.setattr(desktop_notifier.shutil, "which",
                        lambda name: real_which(name) if name == tool else None)
    notifier = _notifier(private_bus)
    assert notifier.problem is None
    with qtbot.waitSignal(notifier.sent, timeout=10_000) as sent:
        assert notifier.notify("Time for your bedtime routine", "Bedtime calf routine",
                               [("start", "Start")])
    assert sent.args == [42]
    ((signature, arguments),) = server.received
    assert signature == "susssasa{sv}i"  # replaces_id a uint32, as the specification asks
    assert arguments[3] == "Time for your bedtime routine"
    assert list(arguments[5]) == ["start", "Start"]

    with qtbot.assertNotEmitted(notifier.action_invoked, wait=300):
        _invoke(private_bus, 7, "start")  # another program's notification
    with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as invoked:
        _invoke(private_bus, 42, "start")
    assert invoked.args == ["start"]
    QDBusConnection.disconnectFromBus("app_side")


def test_the_reminder_comes_at_its_time_once_and_start_opens_the_routine(
        qtbot, data_dir: Path, server, private_bus) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.settings = REMINDER_ON
    wall = [MONDAY_EVENING]
    reminder = BedtimeReminder(window.settings, lambda rid: "Bedtime calf routine",
                               _notifier(private_bus), now=lambda: wall[0], parent=window)
    reminder.start_requested.connect(
        lambda rid: bedtime_reminder.start_from_reminder(window, rid))
    assert reminder.timer.isActive() and reminder.timer.interval() <= 300_050

    reminder.check()
    assert server.received == []
    wall[0] += timedelta(minutes=30)
    with qtbot.waitSignal(reminder.notifier.sent, timeout=10_000):
        reminder.check()
    assert len(server.received) == 1 and "Bedtime calf routine" in server.received[0][1][4]
    wall[0] += timedelta(minutes=1)
    reminder.check()
    assert len(server.received) == 1  # once

    _invoke(private_bus, 42, "start")
    qtbot.waitUntil(lambda: window.driver is not None, timeout=5000)
    assert window.driver.timeline.routine.id == "night-calf-cramps"
    window.driver.stop()
    QDBusConnection.disconnectFromBus("app_side")
    window.close_log()


def test_without_notifications_the_reminder_says_so_once(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    notifier = DesktopNotifier(QDBusConnection.connectToBus("unix:path=/nonexistent", "no_bus"))
    assert notifier.problem is not None and not notifier.notify("a", "b", [])
    wall = [MONDAY_EVENING]
    reminder = BedtimeReminder(REMINDER_ON, lambda rid: None, notifier, now=lambda: wall[0],
                               parent=window)
    said: list[str] = []
    reminder.unavailable.connect(said.append)
    for days in (0, 1):
        wall[0] = MONDAY_EVENING + timedelta(days=days, minutes=31)
        with qtbot.waitSignal(reminder.reminded):
            reminder.check()
    assert len(said) == 1 and "no desktop session bus" in said[0]
    QDBusConnection.disconnectFromBus("no_bus")
    window.close_log()


def test_settings_turn_the_reminder_on_and_off(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    reminder = attach_to_window(window)
    assert not reminder.active and not reminder.timer.isActive()
    dialog = SettingsDialog(window.settings, window.settings_file, None, window,
                            [("night-calf-cramps", "Bedtime calf routine"), ("calf-cramp", "Calf")])
    qtbot.addWidget(dialog)
    dialog.settings_changed.connect(window.apply_settings)
    box = dialog.reminder
    assert not box.at.isEnabled()
    box.on.setChecked(True)
    assert reminder.active and reminder.timer.isActive()
    box.days[6].setChecked(False)
    box.routine.setCurrentIndex(box.routine.findData("calf-cramp"))
    saved = SettingsFile(window.settings_file.path).load()
    assert (saved.reminder_on, saved.reminder_routine) == (True, "calf-cramp")
    assert "sun" not in saved.reminder_days and saved.reminder_time == "21:30"
    assert reminder.clock.schedule is not None and 6 not in reminder.clock.schedule.days
    for day in box.days:
        day.setChecked(False)
    assert box.problem.isVisibleTo(box) and not reminder.active  # no day: no reminder
    window.close_log()


def test_closing_the_window_keeps_the_app_in_the_tray_while_a_reminder_is_set(
        qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.settings = REMINDER_ON
    # offscreen has no tray: pretend the icon is there
    monkeypatch.setattr(BedtimeReminder, "keeps_app_in_tray", lambda self: self.active)
    reminder = attach_to_window(window)
    window.close()
    assert window.isHidden() and reminder.active
    reminder.show_requested.emit()
    assert window.isVisible()
    window.apply_settings(Settings())  # reminder off: closing closes
    window.close()
    assert not window.isVisible()
    window.close_log()


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def test_start_with_the_desktop_writes_a_valid_autostart_entry(config_home: Path) -> None:
    entry = enable_autostart(Path("/home/a b/data"), command="/usr/bin/spasm-timer")
    assert entry == autostart_file() == config_home / "autostart" / entry.name
    text = entry.read_text()
    assert 'Exec=/usr/bin/spasm-timer --data-dir "/home/a b/data" --in-tray\n' in text
    assert autostart_enabled()
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                                text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert disable_autostart() and not entry.exists()


def test_an_autostart_entry_not_ours_is_left(config_home: Path) -> None:
    entry = autostart_file()
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n")
    assert not autostart_enabled() and not disable_autostart() and entry.exists()


def test_the_settings_checkbox_writes_and_removes_the_entry(qtbot, config_home: Path,
                                                             data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    settings_file = SettingsFile(data_dir / "settings.json")
    dialog = SettingsDialog(Settings(), settings_file)
    qtbot.addWidget(dialog)
    dialog.reminder.autostart.setChecked(True)
    assert autostart_enabled() and "--in-tray" in autostart_file().read_text()
    dialog.reminder.autostart.setChecked(False)
    assert not autostart_file().exists()


@pytest.mark.parametrize("argv", [["--in-tray"], ["--data-dir", "x", "--in-tray"]])
def test_in_tray_is_a_plain_launch(argv: list[str]) -> None:
    from spasm_timer.cli import build_parser, parse_app_launch

    fast = parse_app_launch(argv)
    assert fast is not None and fast.in_tray
    assert vars(fast) == vars(build_parser().parse_args(argv))
