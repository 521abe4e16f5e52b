"""Notes through the desktop's own notification service (org.freedesktop.Notifications).

When a step or the session ends while the window is out of sight, the person gets the desktop's
real notification, in the desktop's own style and size, not Qt's small tray balloon. Qt's D-Bus
module finds out whether a notification service runs; the note itself goes out with jeepney,
because the Notify call needs a uint32 argument that PySide's QtDBus cannot marshal. Without a
bus or a service, `available()` is False and the caller falls back to the tray balloon.
"""

from __future__ import annotations

import os

from PySide6.QtDBus import QDBusConnection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "Spasm Timer"
DESKTOP_ENTRY = "io.github.spasmtimer.SpasmTimer"
ICON = "io.github.spasmtimer.SpasmTimer"
# A step's note goes by itself; the session's end stays until the person has seen it.
STEP_NOTE_MS = 10_000
STAYS = 0
ANSWER_SECONDS = 1.0
URGENCY_NORMAL, URGENCY_CRITICAL = 1, 2


def session_bus_address() -> str:
    return os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")


class DesktopNotes:
    """Sends notes to the notification service on the bus at `address` (the session bus)."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address if address is not None else session_bus_address()
        self.last_id = 0  # each note replaces the one before: they do not pile up
        self.sent: list[tuple[str, str]] = []
        self.problem: str | None = None

    def available(self) -> bool:
        """A notification service is running on the bus."""
        if not self.address:
            return False
        name = f"spasm-timer-notes-{id(self)}"
        bus = QDBusConnection.connectToBus(self.address, name)
        try:
            if not bus.isConnected():
                return False
            reply = bus.interface().isServiceRegistered(SERVICE)
            return bool(reply.isValid() and reply.value())
        finally:
            QDBusConnection.disconnectFromBus(name)

    def send(self, title: str, body: str, stays: bool = False) -> bool:
        """Shows a note; False (and `problem` says why) when the service did not take it."""
        try:
            from jeepney import DBusAddress, new_method_call  # type: ignore[import-untyped]
            from jeepney.io.blocking import (  # type: ignore[import-untyped]
                open_dbus_connection,
            )
        except ImportError as error:
            self.problem = f"jeepney is missing ({error})"
            return False
        address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        hints = {"urgency": ("y", URGENCY_CRITICAL if stays else URGENCY_NORMAL),
                 "desktop-entry": ("s", DESKTOP_ENTRY)}
        call = new_method_call(address, "Notify", "susssasa{sv}i",
                               (APP_NAME, self.last_id, ICON, title, body, [], hints,
                                STAYS if stays else STEP_NOTE_MS))
        try:
            with open_dbus_connection(bus=self.address) as connection:
                reply = connection.send_and_get_reply(call, timeout=ANSWER_SECONDS)
        except Exception as error:  # noqa: BLE001 - a desktop note is a comfort: never fatal
            self.problem = str(error) or type(error).__name__
            return False
        if not reply.body or not isinstance(reply.body[0], int):
            self.problem = f"the notification service answered {reply.body!r}"
            return False
        self.last_id = reply.body[0]
        self.sent.append((title, body))
        return True
