"""Desktop notifications with a "Start" button, through org.freedesktop.Notifications.

The notification is sent by `busctl` or `gdbus`, whichever the system has: Notify's
`replaces_id` must go out as a D-Bus uint32, and PySide has no way to give a Python number
that type, while both tools take the exact signature. The answer, the person pressing "Start",
comes back as the `ActionInvoked` signal, which QtDBus receives. Where there is no session
bus or no tool, `problem` says so in the person's words and the caller uses the tray instead.
"""

from __future__ import annotations

import re
import shutil
import sys

from PySide6.QtCore import SLOT, QObject, QProcess, QProcessEnvironment, Signal, Slot
from PySide6.QtDBus import QDBusConnection

from spasm_timer import APP_ID
from spasm_timer.i18n import _

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "Spasm Timer"


def _gvariant_text(text: str) -> str:
    """A string as GVariant text (`gdbus call` parses its arguments as GVariant)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def notify_command(summary: str, body: str, actions: list[tuple[str, str]]) -> list[str] | None:
    """The command that sends the notification, or None when neither tool is installed."""
    flat = [part for pair in actions for part in pair]
    busctl = shutil.which("busctl")
    if busctl:
        return [busctl, "--user", "--timeout=5", "--", "call", SERVICE, PATH, INTERFACE, "Notify",
                "susssasa{sv}i", APP_NAME, "0", APP_ID, summary, body, str(len(flat)), *flat,
                "1", "desktop-entry", "s", APP_ID, "-1"]
    gdbus = shutil.which("gdbus")
    if gdbus:
        return [gdbus, "call", "--session", "--timeout", "5", "--dest", SERVICE,
                "--object-path", PATH, "--method", f"{INTERFACE}.Notify",
                _gvariant_text(APP_NAME), "uint32 0", _gvariant_text(APP_ID),
                _gvariant_text(summary), _gvariant_text(body),
                "@as [" + ", ".join(_gvariant_text(part) for part in flat) + "]",
                "{'desktop-entry': <" + _gvariant_text(APP_ID) + ">}", "int32 -1"]
    return None


class DesktopNotifier(QObject):
    """Sends notifications with actions; `action_invoked(action)` when the person picks one
    of ours. `problem` is None when notifications can be sent."""

    action_invoked = Signal(str)
    sent = Signal(int)  # the notification's id, once the desktop has it

    def __init__(self, bus: QDBusConnection | None = None, bus_address: str | None = None,
                 parent: QObject | None = None) -> None:
        """`bus` and its `bus_address` for a bus other than the session's (tests)."""
        super().__init__(parent)
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        self.bus_address = bus_address
        self.problem: str | None = None
        self._ours: set[int] = set()
        self._pending: list[QProcess] = []
        if sys.platform.startswith(("win", "darwin")):
            self.problem = _("Desktop notifications: not on this system; the tray shows "
                             "reminders.")
        elif not self.bus.isConnected():
            self.problem = _("Desktop notifications: no desktop session bus was found.")
        elif notify_command("", "", []) is None:
            self.problem = _("Desktop notifications need busctl or gdbus, and neither is "
                             "installed; the tray shows reminders instead.")
        else:
            # The stubs want the slot as bytes; PySide's SLOT() gives the str it takes.
            self.bus.connect("", PATH, INTERFACE, "ActionInvoked", self,  # type: ignore[call-overload]
                             SLOT("_on_action(uint,QString)"))

    def notify(self, summary: str, body: str, actions: list[tuple[str, str]]) -> bool:
        """Sends a notification (without waiting); False when it cannot be sent here."""
        command = None if self.problem else notify_command(summary, body, actions)
        if command is None:
            return False
        process = QProcess(self)
        if self.bus_address:
            environment = QProcessEnvironment.systemEnvironment()
            environment.insert("DBUS_SESSION_BUS_ADDRESS", self.bus_address)
            process.setProcessEnvironment(environment)
        process.finished.connect(lambda *_: self._on_sent(process))
        self._pending.append(process)
        process.start(command[0], command[1:])
        return True

    def _on_sent(self, process: QProcess) -> None:
        self._pending.remove(process)
        output = bytes(process.readAllStandardOutput().data()).decode(errors="replace")
        numbers = re.findall(r"\d+", output)
        if process.exitCode() == 0 and numbers:
            self._ours.add(int(numbers[-1]))
            self.sent.emit(int(numbers[-1]))
        process.deleteLater()

    @Slot("uint", "QString")
    def _on_action(self, notification_id: int, action: str) -> None:
        if notification_id in self._ours:
            self.action_invoked.emit(action)
