"""Media keys and remotes: the running session as an MPRIS player on the D-Bus session bus.

While a session runs or is paused, desktops see the app as a media player
(`org.mpris.MediaPlayer2.spasm_timer`): a headset button, a keyboard's play key, a lock screen's
media widget or `playerctl` pause and resume it, skip (Next), go back (Previous) or ask to stop
(Stop asks, as Esc does). The step shows as the track title and the routine as the album.

The object is a `QDBusVirtualObject`, which answers every message itself: PySide cannot give
Python properties the D-Bus types MPRIS asks for (a{sv}, object paths), but it can build the
replies by hand. A button press is answered first and acted on a moment later, on the next
turn of the event loop, so a question shown by Stop never keeps the caller waiting.

Where there is no session bus (Windows, macOS, a bare console) nothing is registered and
`problem` says why, in words for the person.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import QMetaType, QObject, QTimer, Signal
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusVariant,
    QDBusVirtualObject,
)

from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, Segment
from spasm_timer.i18n import N_, _
from spasm_timer.ui.player_texts import shown_title, with_side

BUS_NAME = "org.mpris.MediaPlayer2.spasm_timer"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties"
INTROSPECTABLE_INTERFACE = "org.freedesktop.DBus.Introspectable"
# Track ids name the segment; MPRIS reserves the /org/mpris namespace for itself.
TRACK_PATH = "/spasm_timer/segment/"
NOT_ON_THIS_SYSTEM = N_("Media keys and remotes: not on this system (they reach the app through "
                        "the desktop's session bus, found on Linux desktops).")
NO_BUS = N_("Media keys and remotes cannot reach the app: no desktop session bus was found.")

PLAYING, PAUSED, STOPPED = "Playing", "Paused", "Stopped"
# The remote's buttons, as the main window's session actions.
ACTIONS = ("play_pause", "play", "pause", "next", "previous", "stop", "raise", "time_left")

INTROSPECTION = """\
<interface name="org.mpris.MediaPlayer2">
  <method name="Raise"/>
  <method name="Quit"/>
  <property name="CanQuit" type="b" access="read"/>
  <property name="CanRaise" type="b" access="read"/>
  <property name="HasTrackList" type="b" access="read"/>
  <property name="Identity" type="s" access="read"/>
  <property name="DesktopEntry" type="s" access="read"/>
  <property name="SupportedUriSchemes" type="as" access="read"/>
  <property name="SupportedMimeTypes" type="as" access="read"/>
</interface>
<interface name="org.mpris.MediaPlayer2.Player">
  <method name="Next"/>
  <method name="Previous"/>
  <method name="Pause"/>
  <method name="PlayPause"/>
  <method name="Stop"/>
  <method name="Play"/>
  <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
  <method name="SetPosition">
    <arg name="TrackId" type="o" direction="in"/><arg name="Position" type="x" direction="in"/>
  </method>
  <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
  <signal name="Seeked"><arg name="Position" type="x"/></signal>
  <property name="PlaybackStatus" type="s" access="read"/>
  <property name="Rate" type="d" access="read"/>
  <property name="Metadata" type="a{sv}" access="read"/>
  <property name="Volume" type="d" access="read"/>
  <property name="Position" type="x" access="read"/>
  <property name="MinimumRate" type="d" access="read"/>
  <property name="MaximumRate" type="d" access="read"/>
  <property name="CanGoNext" type="b" access="read"/>
  <property name="CanGoPrevious" type="b" access="read"/>
  <property name="CanPlay" type="b" access="read"/>
  <property name="CanPause" type="b" access="read"/>
  <property name="CanSeek" type="b" access="read"/>
  <property name="CanControl" type="b" access="read"/>
</interface>
<interface name="org.freedesktop.DBus.Properties">
  <method name="Get">
    <arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/>
    <arg name="value" type="v" direction="out"/>
  </method>
  <method name="GetAll">
    <arg name="interface" type="s" direction="in"/>
    <arg name="properties" type="a{sv}" direction="out"/>
  </method>
  <method name="Set">
    <arg name="interface" type="s" direction="in"/><arg name="name" type="s" direction="in"/>
    <arg name="value" type="v" direction="in"/>
  </method>
  <signal name="PropertiesChanged">
    <arg name="interface" type="s"/><arg name="changed" type="a{sv}"/>
    <arg name="invalidated" type="as"/>
  </signal>
</interface>
"""
# Player methods → the session action they stand for.
PLAYER_METHODS = {"PlayPause": "play_pause", "Play": "play", "Pause": "pause", "Next": "next",
                  "Previous": "previous", "Stop": "stop"}


def mpris_supported() -> bool:
    """MPRIS is a freedesktop (Linux, BSD) thing; Windows and macOS have no session bus."""
    return not sys.platform.startswith(("win", "darwin"))


def playback_status(state: SessionState) -> str:
    """The session's state in MPRIS words."""
    if state in (SessionState.LEAD_IN, SessionState.RUNNING):
        return PLAYING
    if state in (SessionState.PAUSED, SessionState.READY):
        return PAUSED
    return STOPPED


def track_title(segment: Segment) -> str:
    """What a media widget shows as the title: the step, its side, or the get-ready for it."""
    if segment.role == ROLE_LEAD_IN:
        return _("Get ready: {step}").format(step=with_side(segment.title, segment.side))
    if segment.role == ROLE_REST:
        return shown_title(segment)
    return with_side(segment.title, segment.side)


def empty_string_list() -> QDBusArgument:
    """An empty `as`: a bare [] would go out as `av`, which strict clients refuse."""
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    argument.endArray()
    return argument


class MprisPlayer(QObject):
    """The running session, offered to the desktop's media keys and widgets.

    `MprisPlayer(driver, actions, bus)`; `actions` maps names of ACTIONS to callables (the
    same the keys call). `register()` takes a bus name and returns whether it could;
    `unregister()` leaves the bus. `bus_name` is the name taken; `problem` why none was.
    `commanded(action)` is emitted for each button a remote pressed.
    """

    commanded = Signal(str)

    def __init__(self, driver: QObject, actions: Mapping[str, Callable[[], object]],
                 bus: QDBusConnection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.driver = driver
        self.actions = dict(actions)
        self.bus = bus
        self.bus_name: str | None = None
        self.problem: str | None = None
        self._object = _MprisObject(self)
        self._shown: dict[str, object] = {}
        driver.display_changed.connect(self.refresh)  # type: ignore[attr-defined]

    # ---------------------------------------------------------------- the bus

    def register(self) -> bool:
        """Joins the bus as a player; a second app (another data dir) gets its own name."""
        if not mpris_supported():
            self.problem = _(NOT_ON_THIS_SYSTEM)
            return False
        if not self.bus.isConnected():
            self.problem = _(NO_BUS)
            return False
        if not self.bus.registerVirtualObject(OBJECT_PATH, self._object):
            self.problem = _("Media keys and remotes: the player object could not be offered.")
            return False
        for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
            if self.bus.registerService(name):
                self.bus_name = name
                self._shown = self.player_properties()
                return True
        self.bus.unregisterObject(OBJECT_PATH)
        self.problem = _("Media keys and remotes: the player name is taken on the session bus.")
        return False

    def unregister(self) -> None:
        """Leaves the bus: media widgets forget the player at once."""
        if self.bus_name is None:
            return
        self.bus.unregisterService(self.bus_name)
        self.bus.unregisterObject(OBJECT_PATH)
        self.bus_name = None

    # ---------------------------------------------------------------- properties

    def root_properties(self) -> dict[str, object]:
        return {"CanQuit": False, "CanRaise": "raise" in self.actions, "HasTrackList": False,
                "Identity": "Spasm Timer", "DesktopEntry": "spasm-timer",
                "SupportedUriSchemes": empty_string_list(),
                "SupportedMimeTypes": empty_string_list()}

    def player_properties(self) -> dict[str, object]:
        driver = self.driver
        state: SessionState = driver.state  # type: ignore[attr-defined]
        going = state not in (SessionState.FINISHED, SessionState.STOPPED)
        return {"PlaybackStatus": playback_status(state), "Rate": 1.0,
                "Metadata": self.metadata(), "Volume": 1.0,
                "Position": self._microseconds(driver.segment_elapsed()),  # type: ignore[attr-defined]
                "MinimumRate": 1.0, "MaximumRate": 1.0, "CanGoNext": going,
                "CanGoPrevious": going, "CanPlay": going, "CanPause": going,
                "CanSeek": False, "CanControl": True}

    def metadata(self) -> dict[str, object]:
        """The step as the title, the routine as the album, the segment's planned length."""
        driver = self.driver
        segment: Segment | None = driver.segment  # type: ignore[attr-defined]
        if segment is None:
            return {"mpris:trackid": QDBusObjectPath("/org/mpris/MediaPlayer2/TrackList/NoTrack")}
        return {"mpris:trackid": QDBusObjectPath(f"{TRACK_PATH}{driver.index}"),  # type: ignore[attr-defined]
                "mpris:length": self._microseconds(segment.seconds),
                "xesam:title": track_title(segment),
                "xesam:album": driver.timeline.routine.name}  # type: ignore[attr-defined]

    @staticmethod
    def _microseconds(seconds: float) -> int:
        return round(seconds * 1_000_000)

    def refresh(self) -> None:
        """Tells listeners what changed: the state or the step (never the position, which
        MPRIS clients work out themselves)."""
        if self.bus_name is None:
            return
        now = self.player_properties()
        changed = {name: now[name] for name in ("PlaybackStatus", "Metadata", "CanGoNext",
                                                "CanGoPrevious", "CanPlay", "CanPause")
                   if now[name] != self._shown.get(name)}
        self._shown = now
        if changed:
            signal = QDBusMessage.createSignal(OBJECT_PATH, PROPERTIES_INTERFACE,
                                               "PropertiesChanged")
            signal.setArguments([PLAYER_INTERFACE, changed, empty_string_list()])
            self.bus.send(signal)

    # ---------------------------------------------------------------- messages

    def answer(self, message: QDBusMessage) -> QDBusMessage | None:
        """The reply to one method call; None for a message that is not ours."""
        interface, member = message.interface(), message.member()
        arguments = message.arguments()
        if interface == INTROSPECTABLE_INTERFACE and member == "Introspect":
            return reply_with(message, introspection_xml())
        if interface == PROPERTIES_INTERFACE:
            return self._answer_properties(message, member, arguments)
        if interface in (PLAYER_INTERFACE, "") and member in PLAYER_METHODS:
            self._later(PLAYER_METHODS[member])
            return message.createReply()
        if interface in (ROOT_INTERFACE, "") and member == "Raise":
            self._later("raise")
            return message.createReply()
        if member in ("Quit", "Seek", "SetPosition", "OpenUri"):
            return message.createReply()  # not offered (CanQuit, CanSeek are false)
        return None

    def _answer_properties(self, message: QDBusMessage, member: str,
                           arguments: list[object]) -> QDBusMessage:
        tables = {ROOT_INTERFACE: self.root_properties, PLAYER_INTERFACE: self.player_properties}
        table = tables.get(str(arguments[0])) if arguments else None
        if member == "GetAll" and table is not None:
            return reply_with(message, table())
        if member == "Get" and table is not None and len(arguments) > 1:
            properties = table()
            if arguments[1] in properties:
                return reply_with(message, QDBusVariant(properties[str(arguments[1])]))
            return message.createErrorReply("org.freedesktop.DBus.Error.UnknownProperty",
                                            f"No property {arguments[1]}")
        if member == "Set":
            return message.createErrorReply("org.freedesktop.DBus.Error.PropertyReadOnly",
                                            "The session's properties are read-only")
        return message.createErrorReply("org.freedesktop.DBus.Error.UnknownInterface",
                                        f"No interface {arguments[0] if arguments else ''}")

    def _later(self, action: str) -> None:
        """Acts after the reply has gone: Stop's question may wait for the person."""
        def act() -> None:
            self.commanded.emit(action)
            slot = self.actions.get(action)
            if slot is not None:
                slot()

        QTimer.singleShot(0, self, act)


def reply_with(message: QDBusMessage, *arguments: object) -> QDBusMessage:
    """A reply carrying these arguments: `createReply([...])` would send one array instead."""
    reply = message.createReply()
    reply.setArguments(list(arguments))
    return reply


def introspection_xml() -> str:
    return ('<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN" '
            '"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n'
            f'<node>\n{INTROSPECTION}</node>\n')


class _MprisObject(QDBusVirtualObject):
    """Hands each message on the player's path to `MprisPlayer.answer`."""

    def __init__(self, player: MprisPlayer) -> None:
        super().__init__(player)
        self._player = player

    def introspect(self, path: str) -> str:
        return INTROSPECTION

    def handleMessage(self, message: QDBusMessage,
                      connection: QDBusConnection) -> bool:
        reply = self._player.answer(message)
        if reply is None:
            return False
        connection.send(reply)
        return True
