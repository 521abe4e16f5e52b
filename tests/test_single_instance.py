"""One app per data dir: a second launch hands over to the first, and only to the right one."""

from __future__ import annotations

import os
import socket
import time
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket

from spasm_timer import single_instance, single_instance_qt
from spasm_timer.paths import DataPaths
from spasm_timer.single_instance import (
    ANSWER_TIMEOUT_MS,
    hand_over_message,
    parse_message,
    server_address,
    server_name,
)

# The app's own Unix-socket server, and the Qt Network one it uses where Python has none
# (Windows): both must behave alike, so every test here runs with each.
KINDS = {"unix-socket": single_instance.SingleInstance,
         "qt-local-socket": single_instance_qt.SingleInstance}
SingleInstance = single_instance.SingleInstance | single_instance_qt.SingleInstance


class Instances(list[SingleInstance]):
    """Instances made by a test, all of one kind."""

    def __init__(self, kind: type[SingleInstance]) -> None:
        super().__init__()
        self.kind = kind


@pytest.fixture(params=KINDS)
def instances(qtbot, request: pytest.FixtureRequest) -> Iterator[Instances]:  # type: ignore[no-untyped-def]
    """Instances made by a test, closed afterwards so no socket file outlives it."""
    made = Instances(KINDS[request.param])
    yield made
    for instance in made:
        instance.close()


def socket_path(data: DataPaths) -> Path:
    """The socket file's path, where Qt puts it when the address is a bare name."""
    address = server_address(data)
    return Path(address) if os.path.isabs(address) else Path(QDir.tempPath()) / address


def make(instances: Instances, folder: Path) -> SingleInstance:
    instance = instances.kind(DataPaths(folder))
    instances.append(instance)
    return instance


def test_a_second_launch_hands_its_routine_to_the_first(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = make(instances, tmp_path / "data")
    assert not first.try_hand_over({"action": "show"})
    assert first.listen()

    second = make(instances, tmp_path / "data")
    message = {"action": "run", "routine": "/home/x/calf.yaml", "start": True}
    with qtbot.waitSignal(first.message_received, timeout=2000) as received:
        assert second.try_hand_over(message)
    assert received.args == [message]


def test_no_running_app_costs_only_a_few_milliseconds(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alone = make(instances, tmp_path / "data")
    began = time.perf_counter()
    handed_over = alone.try_hand_over({"action": "show"})
    alone.listen()
    elapsed = time.perf_counter() - began
    assert not handed_over
    # With nothing to answer, the check must not sit out the wait for an answer: that wait is
    # what a person would feel on every start. (Its real cost is measured in bench/.)
    assert elapsed < ANSWER_TIMEOUT_MS / 1000 / 2, f"the start-up check took {elapsed * 1000:.0f} ms"


def test_launches_with_and_without_a_runtime_folder_find_the_same_app(
        qtbot, instances, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    data = DataPaths(tmp_path / "data")
    for first_env, second_env in ((str(runtime), None), (None, str(runtime))):
        if first_env:
            monkeypatch.setenv("XDG_RUNTIME_DIR", first_env)
        else:
            monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        first = make(instances, data.root)
        assert first.listen()
        if second_env:
            monkeypatch.setenv("XDG_RUNTIME_DIR", second_env)
        else:
            monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        second = make(instances, data.root)
        assert second.name != first.name
        with qtbot.waitSignal(first.message_received, timeout=2000):
            assert second.try_hand_over({"action": "show"})
        first.close()


def test_a_stale_socket_file_does_not_block_a_new_server(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = DataPaths(tmp_path / "data")
    # What an app killed with SIGKILL leaves behind: a socket file nobody listens on.
    leftover = socket_path(data)
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(leftover))
    dead.close()
    assert leftover.exists()

    fresh = make(instances, data.root)
    assert not fresh.try_hand_over({"action": "show"})
    assert fresh.listen()
    later = make(instances, data.root)
    with qtbot.waitSignal(fresh.message_received, timeout=2000):
        assert later.try_hand_over({"action": "show"})


def test_listen_without_asking_first_also_replaces_a_stale_socket(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = DataPaths(tmp_path / "data")
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(socket_path(data)))
    dead.close()
    assert make(instances, data.root).listen()


def test_a_live_server_is_never_replaced(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = make(instances, tmp_path / "data")
    assert first.listen()
    intruder = make(instances, tmp_path / "data")
    assert not intruder.listen()  # it connects, someone is there: the socket stays
    assert first.listening
    with qtbot.waitSignal(first.message_received, timeout=2000):
        assert make(instances, tmp_path / "data").try_hand_over({"action": "show"})


def test_a_hung_first_app_is_waited_for_briefly_and_never_replaced(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A first app that is stuck: its socket takes connections but nothing answers."""
    data = DataPaths(tmp_path / "data")
    path = socket_path(data)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as hung:
        hung.bind(str(path))
        hung.listen(4)  # never accepts, never answers
        second = make(instances, tmp_path / "data")
        began = time.monotonic()
        assert not second.try_hand_over({"action": "show"}, timeout_ms=300)
        assert 0.25 < time.monotonic() - began < 2.0  # it waited for an answer, then gave up
        assert not second.listen()  # runs on its own, without taking the socket
        assert path.exists()
    path.unlink()


def test_a_quitting_app_leaves_a_newer_apps_socket_alone(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Someone removed the socket of a hung app and started a new one: the old one, quitting
    at last, must not take the new app's socket file with it."""
    if instances.kind is single_instance_qt.SingleInstance:
        pytest.skip("Qt's server removes its socket file by name; where the app uses it "
                    "(Windows) it is a named pipe, with no file a newer app could have taken")
    old = make(instances, tmp_path / "data")
    assert old.listen()
    path = socket_path(DataPaths(tmp_path / "data"))
    path.unlink()
    newer = make(instances, tmp_path / "data")
    assert newer.listen()
    old.close()
    assert path.exists()
    with qtbot.waitSignal(newer.message_received, timeout=2000):
        assert make(instances, tmp_path / "data").try_hand_over({"action": "show"})


def test_a_quitting_app_removes_its_socket(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make(instances, tmp_path / "data")
    assert app.listen()
    app.close()
    assert not socket_path(DataPaths(tmp_path / "data")).exists()
    assert not app.listening
    assert not make(instances, tmp_path / "data").try_hand_over({"action": "show"})


def test_different_data_dirs_do_not_talk_to_each_other(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = make(instances, tmp_path / "one")
    assert first.listen()
    other = make(instances, tmp_path / "two")
    with qtbot.assertNotEmitted(first.message_received, wait=100):
        assert not other.try_hand_over({"action": "show"})
    assert other.listen()


def test_the_same_folder_by_another_spelling_is_the_same_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    assert server_name(DataPaths(Path("data"))) == server_name(DataPaths(tmp_path / "data"))
    assert server_name(DataPaths(tmp_path / "data")) != server_name(DataPaths(tmp_path / "x"))


@pytest.mark.parametrize("raw", [
    b"", b"not json", b"\xff\xfe", b"[]", b'"show"', b'{"action": "quit"}',
    b'{"action": "show", "extra": 1}', b'{"action": "run", "routine": "", "start": true}',
    b'{"action": "run", "routine": "calf", "start": "yes"}', b'{"action": "run", "start": true}',
])
def test_malformed_messages_are_not_understood(raw: bytes) -> None:
    assert parse_message(raw) is None


def test_a_malformed_message_is_ignored_and_the_server_keeps_working(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = make(instances, tmp_path / "data")
    assert server.listen()
    for junk in (b'{"action": "rm -rf"}\n', b"\x00" * 40_000):
        stranger = QLocalSocket()
        stranger.connectToServer(server.name)
        assert stranger.waitForConnected(1000)
        with qtbot.assertNotEmitted(server.message_received, wait=100):
            stranger.write(junk)
            stranger.flush()
        stranger.abort()
    with qtbot.waitSignal(server.message_received, timeout=2000):
        assert make(instances, tmp_path / "data").try_hand_over({"action": "show"})


def test_the_socket_is_for_its_owner_only(qtbot, instances, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = make(instances, tmp_path / "data")
    assert server.listen()
    path = socket_path(DataPaths(tmp_path / "data"))
    assert path.exists()
    assert os.stat(path).st_mode & 0o077 == 0


def test_the_message_of_a_launch_has_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert hand_over_message(Namespace(command=None, routine=None, start=False)) == \
        {"action": "show"}
    assert hand_over_message(Namespace(command="run", routine="mine/calf.yaml", start=True)) == \
        {"action": "run", "routine": str(tmp_path / "mine" / "calf.yaml"), "start": True}
    assert hand_over_message(Namespace(command="run", routine="calf-stretch", start=False)) == \
        {"action": "run", "routine": "calf-stretch", "start": False}


def test_a_quitting_app_removes_the_socket_it_made_wherever_temp_points_now(  # type: ignore[no-untyped-def]
        qtbot, instances, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp folder can change while the app runs (TMPDIR of a later shell, a cleaner):
    quitting removes the socket file it listened on, not one by that name elsewhere."""
    if instances.kind is single_instance_qt.SingleInstance:
        pytest.skip("Qt's server removes the socket file it made itself")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    first_temp, later_temp = tmp_path / "t1", tmp_path / "t2"
    first_temp.mkdir()
    later_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(first_temp))
    app = make(instances, tmp_path / "data")
    assert app.listen()
    made = socket_path(DataPaths(tmp_path / "data"))
    assert made.parent == first_temp and made.exists()
    monkeypatch.setenv("TMPDIR", str(later_temp))
    app.close()
    assert not made.exists()
    assert not app.listening
