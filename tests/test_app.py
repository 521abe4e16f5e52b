"""The app as a command starts it: real processes, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from first_run import safety_note_read
from window_helpers import THREE_QUICK_STEPS

from spasm_timer import paths
from spasm_timer.storage.log import SessionLog

BAD_ROUTINE = """\
name: Broken
area: calf
steps:
  - {kind: squeeze, title: Squeeze, instructions: Hard., duration: 1s}
"""

# The mock speech engine: a wedged speech daemon on a test machine must not stall these tests,
# which are about start-up and the log, not about speech.
QUIET_SPEECH = {"SPASM_TIMER_TTS_ENGINE": "mock"}
ALARMING = ("Traceback", "Error", "error", "Fatal", "Segmentation", "QObject::")


def run_command(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **QUIET_SPEECH}
    return subprocess.run([sys.executable, "-m", "spasm_timer", *args], env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


def assert_nothing_alarming(output: str) -> None:
    found = [word for word in ALARMING if word in output]
    assert not found, output


@pytest.mark.slow
def test_quit_after_startup_exits_cleanly(data_dir: Path) -> None:
    result = run_command("--quit-after-startup")
    assert result.returncode == 0, result.stderr
    assert_nothing_alarming(result.stdout + result.stderr)


@pytest.mark.slow
def test_a_quitting_app_leaves_no_socket_behind(data_dir: Path) -> None:
    from spasm_timer.single_instance import server_address, socket_path

    result = run_command("--data-dir", str(data_dir), "--quit-after-startup")
    assert result.returncode == 0, result.stderr
    assert (data_dir / "instance-address").exists()  # it did listen
    assert not Path(socket_path(server_address(paths.DataPaths(data_dir)))).exists()


@pytest.mark.slow
def test_nothing_slow_is_loaded_before_the_first_paint(data_dir: Path) -> None:
    # Qt Network would cost about 3 MiB of memory for as long as the app runs, only for the
    # one-app-per-folder check, which uses a plain socket.
    code = ("import sys; from spasm_timer.cli import main; rc = main(['--quit-after-startup']); "
            "slow = [m for m in sys.modules if m.split('.')[-1] in "
            "('QtMultimedia', 'QtTextToSpeech', 'QtCharts', 'QtNetwork')]; print(slow); "
            "sys.exit(rc)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, text=True,
                            capture_output=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_run_start_quit_when_done_logs_one_completed_session(data_dir: Path,  # type: ignore[no-untyped-def]
                                                               write_routine) -> None:
    routine = write_routine(THREE_QUICK_STEPS)
    safety_note_read(data_dir)
    result = run_command("run", str(routine), "--start", "--quit-when-done")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with SessionLog.open(paths.DataPaths(data_dir)) as log:
        sessions = log.sessions()
    assert [s["status"] for s in sessions] == ["completed"]
    assert [s["outcome"] for s in sessions[0]["steps"]] == ["completed"] * 3


@pytest.mark.slow
def test_start_with_a_bad_routine_explains_and_exits_1(data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    routine = write_routine(BAD_ROUTINE, "broken.yaml")
    result = run_command("run", str(routine), "--start")
    assert result.returncode == 1
    assert "broken.yaml:4:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not paths.DataPaths(data_dir).database.exists()  # no window, no log opened


@pytest.mark.slow
def test_start_with_an_unknown_id_exits_1(data_dir: Path) -> None:
    result = run_command("run", "no-such-routine", "--start")
    assert result.returncode == 1
    assert "no-such-routine" in result.stderr


def open_window_for(qtbot, routine: str | None, data_dir: Path,  # type: ignore[no-untyped-def]
                    start: bool = False):
    """The window `run_app` would show, without running the app's own event loop."""
    import argparse

    from spasm_timer.app import open_window

    args = argparse.Namespace(routine=routine, start=start, quit_when_done=False,
                              quit_after_startup=False)
    window = open_window(args, paths.DataPaths(data_dir))
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    # The log is opened, the library loaded and the rest done just after the first paint.
    qtbot.waitUntil(lambda: window.started_up)
    return window


def test_run_opens_the_start_screen_for_an_id(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASM_TIMER_TTS_ENGINE", "mock")
    window = open_window_for(qtbot, "calf-cramp", data_dir)
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.title.text() == "Calf cramp relief"
    qtbot.waitUntil(lambda: window.cues is not None)  # made for the routine on screen
    window.close_log()


def test_sound_and_voice_load_when_a_routine_is_opened_not_at_start_up(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A window left open on the library holds no sound or speech engine (about 20 MiB).
    monkeypatch.setenv("SPASM_TIMER_TTS_ENGINE", "mock")
    window = open_window_for(qtbot, None, data_dir)
    assert window.cues is None
    qtbot.waitUntil(lambda: "calf-cramp" in window.library.routines)  # loaded after the paint
    window.open_routine("calf-cramp")
    qtbot.waitUntil(lambda: window.cues is not None)  # ready before Start is pressed
    window.close_log()


def test_run_start_on_a_first_run_waits_for_the_safety_note(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt

    monkeypatch.setenv("SPASM_TIMER_TTS_ENGINE", "mock")
    window = open_window_for(qtbot, "calf-cramp", data_dir, start=True)
    note = window.safety_dialog
    assert note is not None and note.isVisible() and note.isModal()
    assert window.driver is None  # nothing counts down behind the note
    qtbot.keyClick(note, Qt.Key.Key_Return)
    # The start also waits (0.3 s at most) for the log, to offer carrying on if it can.
    qtbot.waitUntil(lambda: window.driver is not None)
    assert window.stack.currentWidget() is window.player
    window.close_log()


def test_a_damaged_log_is_moved_aside_and_the_person_told(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPASM_TIMER_TTS_ENGINE", "mock")
    data_dir.mkdir(parents=True)
    paths.DataPaths(data_dir).database.write_bytes(b"this is not a database" * 100)
    window = open_window_for(qtbot, None, data_dir)
    qtbot.waitUntil(lambda: window.notices.text is not None
                    and "fresh one was started" in window.notices.text.text())
    assert str(data_dir) in window.notices.text.text()
    assert any(p.name.startswith("sessions.damaged-") for p in data_dir.iterdir())
    window.close_log()


def test_the_window_icon_is_set_after_the_first_paint(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    window = open_window_for(qtbot, None, data_dir)  # waits for the work after the paint
    assert not QApplication.instance().windowIcon().isNull()
    assert not window.windowIcon().isNull()
    # Sharp in a task switcher too: there is a picture that large.
    assert window.windowIcon().actualSize(QSize(256, 256)) == QSize(256, 256)


IDLE_LIBRARIES = """
import sys
from PySide6.QtWidgets import QApplication
from spasm_timer.cli import main
from spasm_timer.ui.main_window import MainWindow

finish = MainWindow.start_up_finished

def finished(self):  # everything after the first paint is done: look, then quit
    finish(self)
    with open("/proc/self/maps") as maps:
        mapped = maps.read()
    print([lib for lib in ("libQt6Network", "libQt6Svg", "libqsvg") if lib in mapped]
          + [name for name in ("html", "multiprocessing", "uuid") if name in sys.modules])
    QApplication.instance().quit()

MainWindow.start_up_finished = finished
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_idle_library_window_leaves_unneeded_modules_unloaded(data_dir: Path) -> None:
    # Each would stay resident for as long as the app runs: Qt Network (about 3 MiB) for the
    # one-app-per-folder check, Qt SVG (about 1.8 MiB) for the window icon, `html` (half a
    # MiB) for the first-run safety note, what starts processes (2 MiB) for the first parse,
    # `uuid` (0.4 MiB) for new sessions' ids.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", IDLE_LIBRARIES, str(data_dir)], env=env,
                            text=True, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


COLLECTOR_AFTER_START = """
import argparse, gc, sys
from pathlib import Path
from spasm_timer import app, paths
args = argparse.Namespace(routine=None, start=False, quit_when_done=False,
                          quit_after_startup=True)
code = app.run_app(args, paths.DataPaths(Path(sys.argv[1])))
print(code, gc.isenabled(), gc.get_freeze_count() > 0)
"""


@pytest.mark.slow
def test_the_collector_runs_on_the_gui_thread_once_the_window_has_painted(
        data_dir: Path) -> None:
    """Start-up pauses Python's cycle collector; after the first paint the GUI thread runs it
    (never the log writer's thread, which must not destroy Qt objects), and what start-up
    built is left out of its passes. In a process of its own: the app's event loop and hooks
    stay out of the test process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **QUIET_SPEECH}
    result = subprocess.run([sys.executable, "-c", COLLECTOR_AFTER_START, str(data_dir)],
                            env=env, text=True, capture_output=True, timeout=30)
    # the automatic (any-thread) collector stays off; start-up's objects are set aside
    assert result.stdout.split() == ["0", "False", "True"], result.stderr


def test_the_work_after_the_first_paint_happens_even_without_a_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A window covered when it opens may not paint: its log must open all the same."""
    from PySide6.QtWidgets import QMainWindow, QWidget

    from spasm_timer.app import _when_first_painted

    never_shown = QMainWindow()
    never_shown.setCentralWidget(QWidget())
    qtbot.addWidget(never_shown)
    calls: list[str] = []
    _when_first_painted(never_shown, lambda: calls.append("after"), wait_ms=50)
    qtbot.waitUntil(lambda: calls == ["after"], timeout=2000)
    qtbot.wait(100)
    assert calls == ["after"]  # once


def test_the_work_after_the_first_paint_happens_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow, QWidget

    from spasm_timer.app import _when_first_painted

    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    calls: list[str] = []
    _when_first_painted(window, lambda: calls.append("after"), wait_ms=10_000)
    window.show()
    qtbot.waitUntil(lambda: calls == ["after"], timeout=2000)  # the paint, long before the wait
    window.update()
    qtbot.wait(100)  # more paints: nothing more
    assert calls == ["after"]
