"""No display, a speech probe left behind: each gets a clear answer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spasm_timer.display_check import display_problem


def launch(tmp_path: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    environment.update({key: value for key, value in env.items() if value is not None})
    return subprocess.run([sys.executable, "-m", "spasm_timer", "--data-dir", str(tmp_path / "d"),
                           "run", "calf-cramp", "--start"], capture_output=True, text=True,
                          timeout=60, env=environment)


@pytest.mark.parametrize("env", [
    pytest.param({"DISPLAY": ":999"}, id="x-display-nobody-serves"),
    pytest.param({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":999"}, id="xcb-asked-for"),
    pytest.param({"WAYLAND_DISPLAY": "wayland-77"}, id="wayland-without-compositor"),
    pytest.param({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "/nowhere/wayland-0"},
                 id="wayland-asked-for"),
    pytest.param({}, id="nothing-set"),
])
def test_a_display_that_cannot_be_reached_is_one_line_and_exit_2(
        tmp_path: Path, env: dict[str, str]) -> None:
    result = launch(tmp_path, XDG_RUNTIME_DIR=str(tmp_path), **env)
    assert result.returncode == 2  # not 134, Qt's abort
    (line,) = result.stderr.splitlines()
    assert line.startswith("spasm-timer: ") and "QT_QPA_PLATFORM=offscreen" in line
    assert "einstall" not in line


def test_a_display_that_answers_is_let_through(tmp_path: Path) -> None:
    path = tmp_path / "X0"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen()
        assert display_problem({"DISPLAY": f"{path}:0"}) is None
        assert display_problem({"WAYLAND_DISPLAY": str(path)}) is None
    assert display_problem({"DISPLAY": f"{path}:0"}) is not None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_speech_probe_goes_when_the_app_is_stopped(tmp_path: Path) -> None:
    probe = ("import os, time, spasm_timer.ui.speech_probe as probe; "
             "probe._go_with_the_app(os.getppid()); print('ready', flush=True); time.sleep(60)")
    app = ("import subprocess, sys, time; "
           f"child = subprocess.Popen([sys.executable, '-c', {probe!r}]); "
           "print(child.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", app], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())  # type: ignore[union-attr]
    assert parent.stdout.readline() == "ready\n"  # type: ignore[union-attr]  # stuck for good
    assert alive(child)
    parent.send_signal(signal.SIGTERM)
    parent.wait(10)
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state not in "ZX"
