"""A private D-Bus session bus for tests, and a client that calls over it without blocking.

`private_bus` starts `dbus-daemon --session` for one test and yields its address; the app
under test connects to that address, never to the desktop's bus. Calls are made from a
connection of their own and waited for with the event loop running, since the service
answering them lives in this same process.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant

_names = itertools.count(1)


@pytest.fixture
def private_bus() -> Iterator[str]:
    """The address of a fresh session bus that lives as long as the test."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen([daemon, "--session", "--print-address=1", "--nofork"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=5)


class BusClient:
    """Another program on the bus: calls methods and reads properties, as a media widget would."""

    def __init__(self, address: str) -> None:
        self.name = f"test_client_{next(_names)}"
        self.bus = QDBusConnection.connectToBus(address, self.name)
        assert self.bus.isConnected()

    def call(self, qtbot, service: str, path: str, interface: str, member: str,  # type: ignore[no-untyped-def]
             *arguments: object) -> QDBusMessage:
        message = QDBusMessage.createMethodCall(service, path, interface, member)
        message.setArguments(list(arguments))
        pending = self.bus.asyncCall(message)
        qtbot.waitUntil(pending.isFinished, timeout=5000)
        return pending.reply()

    def get(self, qtbot, service: str, path: str, interface: str, name: str) -> object:  # type: ignore[no-untyped-def]
        reply = self.call(qtbot, service, path, "org.freedesktop.DBus.Properties", "Get",
                          interface, name)
        assert reply.type() == QDBusMessage.MessageType.ReplyMessage, reply.errorMessage()
        value = reply.arguments()[0]
        return value.variant() if isinstance(value, QDBusVariant) else value

    def names(self, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
        reply = self.call(qtbot, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListNames")
        return list(reply.arguments()[0])

    def close(self) -> None:
        QDBusConnection.disconnectFromBus(self.name)


def dbus_send(address: str, *arguments: str) -> subprocess.Popen[str]:
    """`dbus-send --session --print-reply ARGUMENTS` on the private bus, started, not waited for
    (the service answering lives in this process: wait with the event loop running)."""
    program = shutil.which("dbus-send")
    if program is None:
        pytest.skip("dbus-send is not installed")
    environment = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    return subprocess.Popen([program, "--session", "--print-reply", *arguments], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(qtbot, process: subprocess.Popen[str]) -> str:  # type: ignore[no-untyped-def]
    """What the process printed, once it ended well."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=5000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    return out
