"""The screen stays awake during a session: a fake screen-saver service on a private bus."""

from __future__ import annotations

from pathlib import Path

from dbus_helpers import BusClient, private_bus  # noqa: F401 (a fixture)
from fakes import FakeClock
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject
from window_helpers import THREE_QUICK_STEPS, make_logged_window, run_to_end

from spasm_timer.ui.hands_free import HandsFree
from spasm_timer.ui.screen_awake import NO_SERVICE, PATH, SERVICE, ScreenAwake


class FakeScreenSaver(QDBusVirtualObject):
    """Answers Inhibit with a cookie and remembers who holds one, as a desktop's service does:
    an inhibit lasts until UnInhibit or until its client leaves the bus."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.bus = QDBusConnection.connectToBus(address, "fake_screensaver")
        assert self.bus.registerVirtualObject(PATH, self)
        assert self.bus.registerService(SERVICE)
        self.calls: list[tuple[str, str, list[object]]] = []
        self.holders: dict[int, str] = {}  # cookie → the client's unique name

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        self.calls.append((message.member(), message.signature(), message.arguments()))
        reply = message.createReply()
        if message.member() == "Inhibit":
            cookie = len(self.calls)
            self.holders[cookie] = message.service()
            reply.setArguments([cookie])
        connection.send(reply)
        return True

    def held_by_clients_on(self, client: BusClient, qtbot) -> list[int]:  # type: ignore[no-untyped-def]
        """The cookies whose client is still on the bus."""
        alive = set(client.names(qtbot))
        return [cookie for cookie, owner in self.holders.items() if owner in alive]

    def close(self) -> None:
        QDBusConnection.disconnectFromBus("fake_screensaver")


def window_on(qtbot, data_dir: Path, address: str, write_routine):  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window._hands_free = HandsFree(window, bus_address=address)
    window._hands_free.unavailable.connect(window.notices.add)
    window.open_routine(str(write_routine(THREE_QUICK_STEPS)))
    return window


def test_the_screen_is_kept_awake_for_the_session_and_let_go_after(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, private_bus: str, write_routine) -> None:  # noqa: F811
    service = FakeScreenSaver(private_bus)
    client = BusClient(private_bus)
    window = window_on(qtbot, data_dir, private_bus, write_routine)
    awake = window.hands_free.screen_awake
    window.start_session()
    qtbot.waitUntil(lambda: awake.held, timeout=3000)
    assert [(name, signature) for name, signature, _ in service.calls] == [("Inhibit", "ss")]
    assert service.calls[0][2][0] == "Spasm Timer"
    assert service.held_by_clients_on(client, qtbot) == [1]
    run_to_end(window)
    assert not awake.held
    qtbot.waitUntil(lambda: service.held_by_clients_on(client, qtbot) == [], timeout=3000)
    assert not [m for m in window.notices.messages if "screen" in m]
    client.close()
    service.close()
    window.close_log()


def test_quitting_mid_session_lets_the_screen_go(qtbot, private_bus: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    service = FakeScreenSaver(private_bus)
    client = BusClient(private_bus)
    awake = ScreenAwake(private_bus)
    awake.hold()
    qtbot.waitUntil(lambda: awake.held, timeout=3000)
    awake.release()  # what HandsFree does on the app's aboutToQuit
    qtbot.waitUntil(lambda: service.held_by_clients_on(client, qtbot) == [], timeout=3000)
    client.close()
    service.close()


def test_released_before_the_answer_came_holds_nothing(qtbot, private_bus: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    service = FakeScreenSaver(private_bus)
    client = BusClient(private_bus)
    awake = ScreenAwake(private_bus)
    awake.hold()
    awake.release()  # a session stopped within milliseconds
    client.names(qtbot)
    assert not awake.held
    assert service.held_by_clients_on(client, qtbot) == []
    client.close()
    service.close()


def test_without_a_service_the_session_runs_and_says_so_once(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, private_bus: str, write_routine) -> None:  # noqa: F811
    window = window_on(qtbot, data_dir, private_bus, write_routine)
    said: list[str] = []
    window.hands_free.unavailable.connect(said.append)
    window.start_session()
    qtbot.waitUntil(lambda: NO_SERVICE in window.notices.messages, timeout=3000)
    run_to_end(window)
    window.show_start(window.start_screen.routine)
    window.start_session()
    run_to_end(window)
    qtbot.wait(50)  # the second answer, had one been said, comes on the event loop
    assert said == [NO_SERVICE]
    window.close_log()


def test_without_a_bus_it_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    awake = ScreenAwake(f"unix:path={tmp_path}/no-bus")
    with qtbot.waitSignal(awake.unavailable) as said:
        awake.hold()
    assert said.args == [NO_SERVICE]
    assert not awake.held


def test_on_windows_the_system_is_asked_and_let_go(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Windows has no session bus: SetThreadExecutionState keeps the display on."""
    import ctypes
    import sys

    from spasm_timer.ui import screen_awake

    asked: list[int] = []

    class Kernel32:
        def SetThreadExecutionState(self, flags: ctypes.c_uint32) -> int:
            asked.append(flags.value)
            return 0x80000000  # the previous state: the call worked

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": Kernel32()})(),
                        raising=False)
    awake = ScreenAwake()
    awake.hold()
    assert awake.held
    awake.release()
    assert not awake.held
    on = screen_awake.ES_CONTINUOUS | screen_awake.ES_DISPLAY_REQUIRED \
        | screen_awake.ES_SYSTEM_REQUIRED
    assert asked == [on, screen_awake.ES_CONTINUOUS]
