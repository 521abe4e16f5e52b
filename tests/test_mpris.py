"""Media keys and remotes: a session as an MPRIS player, driven over a private session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from dbus_helpers import BusClient, dbus_send, finished, private_bus  # noqa: F401 (a fixture)
from fakes import FakeClock
from PySide6.QtDBus import QDBusConnection
from window_helpers import (
    THREE_QUICK_STEPS,
    make_logged_window,
    run_for,
    run_to_end,
    wait_saved,
)

from spasm_timer.ui.hands_free import HandsFree
from spasm_timer.ui.main_window import MainWindow
from spasm_timer.ui.mpris import BUS_NAME, OBJECT_PATH, PLAYER_INTERFACE, ROOT_INTERFACE

SLOW_STEPS = THREE_QUICK_STEPS.replace("1s}", "20s}")


def session_window(qtbot, data_dir: Path, address: str, write_routine) -> MainWindow:  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window._hands_free = HandsFree(window, bus_address=address)
    window._hands_free.unavailable.connect(window.notices.add)
    window.open_routine(str(write_routine(SLOW_STEPS)))
    return window


def mpris_names(client: BusClient, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    return [n for n in client.names(qtbot) if n.startswith("org.mpris.MediaPlayer2.")]


def status(client: BusClient, qtbot) -> object:  # type: ignore[no-untyped-def]
    return client.get(qtbot, BUS_NAME, OBJECT_PATH, PLAYER_INTERFACE, "PlaybackStatus")


def player_call(client: BusClient, qtbot, member: str) -> None:  # type: ignore[no-untyped-def]
    reply = client.call(qtbot, BUS_NAME, OBJECT_PATH, PLAYER_INTERFACE, member)
    assert not reply.errorName(), reply.errorMessage()


def test_a_player_is_on_the_bus_only_while_a_session_runs(qtbot, data_dir: Path, private_bus: str,  # noqa: F811
                                                           write_routine) -> None:  # type: ignore[no-untyped-def]
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    client = BusClient(private_bus)
    assert mpris_names(client, qtbot) == []
    window.start_session()
    assert mpris_names(client, qtbot) == [BUS_NAME]
    assert status(client, qtbot) == "Playing"
    assert client.get(qtbot, BUS_NAME, OBJECT_PATH, ROOT_INTERFACE, "Identity") == "Spasm Timer"
    run_to_end(window)
    qtbot.waitUntil(lambda: mpris_names(client, qtbot) == [], timeout=3000)
    client.close()
    window.close_log()


def test_play_pause_pauses_and_the_log_counts_it(qtbot, data_dir: Path, private_bus: str,  # noqa: F811
                                                 write_routine) -> None:  # type: ignore[no-untyped-def]
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    client = BusClient(private_bus)
    window.start_session()
    run_for(window, 3)
    player_call(client, qtbot, "PlayPause")
    qtbot.waitUntil(lambda: status(client, qtbot) == "Paused", timeout=3000)
    session_id = window.run.session_id
    wait_saved(window)  # the writer thread lands the pause on its own time
    assert window.log.session(session_id)["pauses"] == 1
    player_call(client, qtbot, "PlayPause")
    qtbot.waitUntil(lambda: status(client, qtbot) == "Playing", timeout=3000)
    player_call(client, qtbot, "Pause")
    qtbot.waitUntil(lambda: status(client, qtbot) == "Paused", timeout=3000)
    player_call(client, qtbot, "Play")
    qtbot.waitUntil(lambda: status(client, qtbot) == "Playing", timeout=3000)
    wait_saved(window)
    assert window.log.session(session_id)["pauses"] == 2
    client.close()
    window.close_log()


def metadata_text(qtbot, address: str) -> str:  # type: ignore[no-untyped-def]
    return finished(qtbot, dbus_send(address, f"--dest={BUS_NAME}", OBJECT_PATH,
                                     "org.freedesktop.DBus.Properties.Get",
                                     f"string:{PLAYER_INTERFACE}", "string:Metadata"))


def test_next_skips_previous_goes_back_and_metadata_follows(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                             private_bus: str, write_routine) -> None:  # noqa: F811
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    client = BusClient(private_bus)
    window.start_session()
    shown = metadata_text(qtbot, private_bus)
    assert 'string "xesam:title"' in shown and 'string "Press"' in shown
    assert 'string "xesam:album"' in shown and 'string "Three quick steps"' in shown
    assert 'object path "/spasm_timer/segment/0"' in shown
    assert "20000000" in shown  # mpris:length, in microseconds
    player_call(client, qtbot, "Next")
    qtbot.waitUntil(lambda: window.driver.segment.title == "Circle", timeout=3000)
    assert 'string "Circle"' in metadata_text(qtbot, private_bus)
    steps = window.log.session(window.run.session_id)["steps"]
    assert [(s["title"], s["outcome"]) for s in steps] == [("Press", "skipped")]
    player_call(client, qtbot, "Previous")
    qtbot.waitUntil(lambda: window.driver.segment.title == "Press", timeout=3000)
    client.close()
    window.close_log()


def test_stop_asks_as_esc_does(qtbot, data_dir: Path, private_bus: str, write_routine,  # noqa: F811
                               monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    client = BusClient(private_bus)
    window.start_session()
    player_call(client, qtbot, "Stop")
    qtbot.waitUntil(lambda: window.player.stop_question is not None
                    and window.player.stop_question.isVisible(), timeout=3000)
    window.player.stop_question.reject()  # "keep going"
    assert window.driver is not None and not window.driver.is_over
    player_call(client, qtbot, "Stop")
    qtbot.waitUntil(window.player.stop_question.isVisible, timeout=3000)
    window.player.stop_question.accept()  # "stop"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.end_screen, timeout=3000)
    client.close()
    window.close_log()


def test_changes_are_signalled_to_listeners(qtbot, data_dir: Path, private_bus: str,  # noqa: F811
                                            write_routine) -> None:  # type: ignore[no-untyped-def]
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    monitor = shutil.which("dbus-monitor")
    if monitor is None:
        pytest.skip("dbus-monitor is not installed")
    watching = subprocess.Popen([monitor, "--address", private_bus,
                                 "member='PropertiesChanged'"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert watching.stdout is not None
    os.set_blocking(watching.stdout.fileno(), False)
    seen: list[str] = []

    def has_seen(*texts: str) -> bool:
        seen.append((watching.stdout.read() or b"").decode())  # type: ignore[union-attr]
        return all(text in "".join(seen) for text in texts)

    try:
        qtbot.waitUntil(lambda: has_seen("NameAcquired"), timeout=5000)  # the monitor listens
        window.start_session()
        run_for(window, 21)  # into the second step: a new title
        qtbot.waitUntil(lambda: has_seen('string "xesam:title"', 'string "Circle"'), timeout=5000)
        window.player.primary_action()  # Space: pause
        qtbot.waitUntil(lambda: has_seen('string "PlaybackStatus"', 'string "Paused"'),
                        timeout=5000)
    finally:
        watching.terminate()
        watching.wait(timeout=5)
    window.close_log()


def test_a_real_client_drives_it(qtbot, data_dir: Path, private_bus: str,  # noqa: F811
                                 write_routine) -> None:  # type: ignore[no-untyped-def]
    """`dbus-send`, another process, as a media key daemon would."""
    window = session_window(qtbot, data_dir, private_bus, write_routine)
    window.start_session()
    finished(qtbot, dbus_send(private_bus, f"--dest={BUS_NAME}", OBJECT_PATH,
                              f"{PLAYER_INTERFACE}.PlayPause"))
    qtbot.waitUntil(lambda: window.driver.state.value == "paused", timeout=3000)
    window.close_log()


def test_without_a_bus_the_session_runs_and_says_so_once(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                         write_routine, tmp_path: Path) -> None:
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window._hands_free = HandsFree(window, bus_address=f"unix:path={tmp_path}/no-bus")
    window._hands_free.unavailable.connect(window.notices.add)
    window.open_routine(str(write_routine(SLOW_STEPS)))
    said: list[str] = []
    window._hands_free.unavailable.connect(said.append)
    window.start_session()
    assert window._hands_free.mpris is None
    assert any("no desktop session bus" in m for m in window.notices.messages)
    run_to_end(window)
    window.show_start(window.start_screen.routine)
    window.start_session()
    run_to_end(window)
    assert [m for m in said if "Media keys" in m] == [
        "Media keys and remotes cannot reach the app: no desktop session bus was found."]
    window.close_log()


def test_a_second_app_gets_a_name_of_its_own(qtbot, data_dir: Path, private_bus: str,  # noqa: F811
                                             write_routine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from spasm_timer.ui.mpris import MprisPlayer

    window = session_window(qtbot, data_dir, private_bus, write_routine)
    window.start_session()
    other_bus = QDBusConnection.connectToBus(private_bus, "second_app")
    other = MprisPlayer(window.driver, {}, other_bus)
    assert other.register()
    assert other.bus_name is not None and other.bus_name.startswith(BUS_NAME + ".instance")
    other.unregister()
    QDBusConnection.disconnectFromBus("second_app")
    window.close_log()


def test_on_windows_settings_says_so_and_sessions_stay_quiet(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                             write_routine, monkeypatch) -> None:
    import sys

    from spasm_timer.ui.hands_free import remote_status

    monkeypatch.setattr(sys, "platform", "win32")
    assert remote_status() == "Media keys and remotes: not on this system."
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.open_routine(str(write_routine(SLOW_STEPS)))
    window.start_session()
    assert window.hands_free.mpris is None
    assert not [m for m in window.notices.messages if "Media keys" in m]
    window.close_log()
