"""The screen stays awake during a session: a 20-minute heat step must not end in a blank screen.

On Linux desktops the app asks the session bus's `org.freedesktop.ScreenSaver` to hold off
(Inhibit), and lets go when the session ends or the app quits. On Windows it asks Windows
itself (SetThreadExecutionState); on macOS Settings says it cannot.

The inhibit is asked over a connection of its own, and let go by closing that connection.
Every ScreenSaver service (KDE, GNOME's proxy, Xfce) ends an inhibit when the client that
asked for it leaves the bus; that is how an app that crashes gives the screen back. Closing
the connection is also the only release Qt for Python can send: UnInhibit takes a uint32
cookie, and PySide turns every Python int into a D-Bus int32, which the services refuse.

Where no service answers, the session runs as before and `unavailable` says so once.
"""

from __future__ import annotations

import itertools
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from spasm_timer.i18n import N_, _

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
REASON = N_("A timed self-massage session is running")
# Shown during the session, on one line above the countdown: what it means for the person,
# not which desktop service is missing.
NO_SERVICE = N_("The screen may dim or lock during a session: this desktop cannot keep it awake.")
NOT_ON_THIS_SYSTEM = N_("Keeping the screen awake: not on this system.")
_connection_numbers = itertools.count(1)


class ScreenAwake(QObject):
    """Keeps the screen awake between `hold()` and `release()`.

    `ScreenAwake(bus_address=None)`: None for the desktop's session bus, or an address (tests
    use a private bus). `held` is True once the service has said yes; `unavailable(message)`
    comes once per ScreenAwake when there is no one to ask.
    """

    unavailable = Signal(str)
    changed = Signal(bool)

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus_address = bus_address
        self.held = False
        self.problem: str | None = None
        self._connection_name: str | None = None
        self._watcher: QDBusPendingCallWatcher | None = None

    def hold(self) -> None:
        """Asks the screen saver to wait; the answer comes later, never blocking the window."""
        if self._connection_name is not None:
            return
        if sys.platform == "win32":
            self.held = windows_keep_awake(True)
            if self.held:
                self.changed.emit(True)
            else:
                self._say(_(NOT_ON_THIS_SYSTEM))
            return
        if sys.platform == "darwin":
            self._say(_(NOT_ON_THIS_SYSTEM))
            return
        name = f"spasm_timer_screen_awake_{next(_connection_numbers)}"
        if self.bus_address is None:
            bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        else:
            bus = QDBusConnection.connectToBus(self.bus_address, name)
        self._connection_name = name
        if not bus.isConnected():
            self._close()
            self._say(_(NO_SERVICE))
            return
        call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Inhibit")
        call.setArguments(["Spasm Timer", _(REASON)])
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(call), self)
        self._watcher.finished.connect(self._answered)

    def _answered(self, watcher: QDBusPendingCallWatcher) -> None:
        reply = watcher.reply()
        watcher.deleteLater()
        self._watcher = None
        if self._connection_name is None:
            return  # released before the answer came: the closed connection took it along
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            self._close()
            self._say(_(NO_SERVICE))
            return
        self.held = True
        self.changed.emit(True)

    def release(self) -> None:
        """Lets the screen saver do its work again (the session ended, or the app quits)."""
        was_held = self.held
        if was_held and sys.platform == "win32":
            windows_keep_awake(False)
        self._close()
        if was_held:
            self.changed.emit(False)

    def _close(self) -> None:
        self.held = False
        if self._watcher is not None:
            self._watcher.finished.disconnect(self._answered)
            self._watcher.deleteLater()
            self._watcher = None
        if self._connection_name is not None:
            QDBusConnection.disconnectFromBus(self._connection_name)
            self._connection_name = None

    def _say(self, message: str) -> None:
        if self.problem is None:
            self.problem = message
            self.unavailable.emit(message)



# SetThreadExecutionState flags: keep the display on and the computer awake until told
# otherwise; ES_CONTINUOUS alone gives both back.
ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


def windows_keep_awake(on: bool) -> bool:
    """Windows' own way, a few lines of ctypes: returns whether Windows took the request.
    It belongs to the calling thread, the GUI thread, which lives as long as the app."""
    import ctypes

    flags = ES_CONTINUOUS | (ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED if on else 0)
    try:
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        return bool(kernel32.SetThreadExecutionState(ctypes.c_uint32(flags)))
    except (AttributeError, OSError):
        return False
