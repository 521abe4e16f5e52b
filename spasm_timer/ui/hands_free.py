"""Hands-free parts of a session that live outside the window: media keys and remotes (MPRIS),
a screen that stays awake, and milestones announced to screen readers. The main window calls
`session_started` and `session_ended`; everything else is here, so the window only wires.

What the machine lacks (no session bus, no screen-saver service, Windows or macOS) is said
once through `unavailable`; the session runs on as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtDBus import QDBusConnection

from spasm_timer.core.session import SessionState
from spasm_timer.core.spoken_text import time_left_sentence
from spasm_timer.i18n import _
from spasm_timer.ui.accessibility import Announcer
from spasm_timer.ui.mpris import MprisPlayer, mpris_supported
from spasm_timer.ui.screen_awake import ScreenAwake

_connection_numbers = itertools.count(1)


class HandsFree(QObject):
    """Offers each session to the desktop's media keys and keeps the screen awake through it.

    `HandsFree(window, bus_address=None)`: None for the desktop's session bus, or an address
    (tests use a private bus). `mpris` is the player on the bus during a session, else None.
    """

    unavailable = Signal(str)

    def __init__(self, window: QObject, bus_address: str | None = None) -> None:
        super().__init__(window)
        self.bus_address = bus_address
        self.mpris: MprisPlayer | None = None
        self.mpris_problem: str | None = None
        self.announcer: Announcer | None = None  # milestones for screen readers
        self.screen_awake = ScreenAwake(bus_address, self)
        self.screen_awake.unavailable.connect(self.unavailable)
        app = QCoreApplication.instance()
        if app is not None:  # the screen saver gets the screen back even if the app quits mid-way
            app.aboutToQuit.connect(self.session_ended)

    @property
    def window(self) -> Any:
        """The main window, reached as the parent: a reference of our own would keep its
        Python side alive after Qt deleted it."""
        return self.parent()

    def bus(self) -> QDBusConnection:
        if self.bus_address is None:
            return QDBusConnection.sessionBus()
        # A name per connection: Qt hands back an existing connection of the same name.
        name = f"spasm_timer_mpris_{next(_connection_numbers)}"
        return QDBusConnection.connectToBus(self.bus_address, name)

    def session_started(self, driver: QObject) -> None:
        self.session_ended()
        mpris = MprisPlayer(driver, self.remote_actions(), self.bus(), self)
        if mpris.register():
            self.mpris = mpris
        else:
            mpris.deleteLater()
            # On Windows and macOS, Settings says so; a note at every session would nag.
            if self.mpris_problem is None and mpris.problem and mpris_supported():
                self.mpris_problem = mpris.problem
                self.unavailable.emit(mpris.problem)
        self.screen_awake.hold()
        page = getattr(self.window, "player", None)
        if page is not None:
            if self.announcer is None:
                self.announcer = Announcer(page)
                page.time_left_requested.connect(self.say_time_left)
            self.announcer.attach(driver)

    def session_ended(self) -> None:
        if self.mpris is not None:
            self.mpris.unregister()
            self.mpris.deleteLater()
            self.mpris = None
        self.screen_awake.release()

    def remote_actions(self) -> dict[str, Callable[[], object]]:
        """A remote's buttons do what the keys do: through the player, the same way."""
        window = self.window

        def player():  # type: ignore[no-untyped-def]
            return window.player

        def driver():  # type: ignore[no-untyped-def]
            return window.driver

        def when(get: Callable[[], object], name: str) -> Callable[[], object]:
            def act() -> object:
                target = get()
                return getattr(target, name)() if target is not None else None
            return act

        return {"play_pause": when(player, "primary_action"), "play": when(driver, "resume"),
                "pause": when(driver, "pause"), "next": when(player, "go_next"),
                "previous": when(player, "go_back"), "stop": when(player, "request_stop"),
                "raise": self._raise_window}

    def say_time_left(self) -> str:
        """T in the player: the time left, spoken (and announced to a screen reader)."""
        driver = getattr(self.window, "driver", None)

        def sentence() -> str:
            if driver is None:
                return time_left_sentence(None, 0, paused=False)
            return time_left_sentence(driver.segment, driver.remaining(),
                                      paused=driver.state is SessionState.PAUSED)

        cues = getattr(self.window, "cues", None)
        if cues is not None:
            cues.say(sentence)  # in the voice's language, which may differ (cues_voice.py)
        shown = sentence()
        if self.announcer is not None:
            self.announcer.announce(shown)
        return shown

    def _raise_window(self) -> None:
        window = self.window
        window.showNormal()
        window.raise_()
        window.activateWindow()


def remote_status() -> str:
    """For Settings: whether media keys and remotes can reach the app on this system."""
    if not mpris_supported():
        return _("Media keys and remotes: not on this system.")
    if not QDBusConnection.sessionBus().isConnected():
        return _("Media keys and remotes: no desktop session bus found, so they cannot reach "
                 "the app.")
    return _("Media keys and headset buttons work during a session, even with another "
             "window in front.")
