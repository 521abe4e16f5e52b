"""A tiny notification service for tests: takes org.freedesktop.Notifications on a private bus,
answers Notify as a desktop's service does (a uint32 id), and keeps what it was sent."""

from __future__ import annotations

import threading
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

SERVICE = "org.freedesktop.Notifications"


class FakeNotificationService:
    """Serves Notify on the bus at `address` in a thread of its own until `close()`."""

    def __init__(self, address: str) -> None:
        self.received: list[dict[str, Any]] = []
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
        assert reply.body[0] == 1, "the name was taken"
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running:
            try:
                message = self.connection.receive(timeout=0.1)
            except TimeoutError:
                continue
            except Exception:  # noqa: BLE001 - the connection was closed: the test is over
                return
            header = message.header
            if header.message_type != MessageType.method_call:
                continue
            if header.fields.get(HeaderFields.member) == "Notify":
                app, replaces, _icon, summary, body, _actions, hints, timeout = message.body
                self.received.append({"app": app, "replaces": replaces, "summary": summary,
                                      "body": body, "hints": hints, "timeout": timeout})
                self.connection.send(new_method_return(message, "u", (len(self.received),)))
            else:
                self.connection.send(new_method_return(message))

    def close(self) -> None:
        self._running = False
        self._thread.join(timeout=2)
        self.connection.close()


__all__ = ["DBusAddress", "FakeNotificationService"]
