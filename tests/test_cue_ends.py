"""Cues from first to last: the first words of a session started with the app, the end heard
whole before the app quits, a quit that never hangs, and sound missing from the machine."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from fakes import step
from player_helpers import make_rig

from spasm_timer.qt_messages import BoundedQtMessages
from spasm_timer.settings import Settings
from spasm_timer.ui.cues import TTS_ENGINE_ENV, CuePlayer


@pytest.fixture(autouse=True)
def mock_speech(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(TTS_ENGINE_ENV, "mock")


def test_words_cued_while_the_engine_is_checked_are_said_once_it_is_up(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # `run --start`: the session starts while the speech engine is still being probed.
    monkeypatch.setattr(CuePlayer, "ENGINES_NOT_PROBED", ())
    cues = CuePlayer(Settings())
    rig = make_rig([step(20, title="Calf stretch")], lead_in=5)
    cues.attach(rig.driver)
    rig.driver.start()
    assert cues.voiced == []  # no engine yet
    qtbot.waitUntil(lambda: cues.voiced != [], timeout=15000)
    assert cues.voiced == ["Next: Calf stretch. Get ready."]


def test_words_from_long_ago_are_not_said_late(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(CuePlayer, "ENGINES_NOT_PROBED", ())
    cues = CuePlayer(Settings())
    cues._waiting_words = [(time.monotonic() - 60, "Next: something long past", "en")]
    qtbot.waitUntil(lambda: bool(cues.available_voices()), timeout=15000)
    assert cues.voiced == []


class _Effect:
    def __init__(self, playing_for: float) -> None:
        self.until = time.monotonic() + playing_for

    def isPlaying(self) -> bool:
        return time.monotonic() < self.until


def test_the_app_waits_for_the_last_chime_before_it_quits(qtbot):  # type: ignore[no-untyped-def]
    cues = CuePlayer(Settings(voice_on=False))
    cues._effects = {"session_end": _Effect(playing_for=0.3)}
    quit_at: list[float] = []
    began = time.monotonic()
    cues.when_quiet(lambda: quit_at.append(time.monotonic()))
    assert quit_at == []
    qtbot.waitUntil(lambda: bool(quit_at), timeout=3000)
    assert 0.3 <= quit_at[0] - began < 1.5


def test_waiting_for_the_cues_is_bounded(qtbot):  # type: ignore[no-untyped-def]
    cues = CuePlayer(Settings(voice_on=False))
    cues._effects = {"stuck": _Effect(playing_for=3600)}
    quit_at: list[float] = []
    began = time.monotonic()
    cues.when_quiet(lambda: quit_at.append(time.monotonic()), max_wait_ms=300)
    qtbot.waitUntil(lambda: bool(quit_at), timeout=3000)
    assert quit_at[0] - began < 1.5


def test_the_process_ends_even_when_a_thread_would_hold_it() -> None:
    # What a speech service that never answers does to the exit: a thread that will not end.
    code = ("import threading, time; from spasm_timer.app import exit_within; "
            "threading.Thread(target=time.sleep, args=(60,)).start(); exit_within(0.3, 3)")
    began = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], timeout=20, check=False)
    assert result.returncode == 3
    assert time.monotonic() - began < 10


def test_a_repeated_qt_warning_is_written_a_bounded_number_of_times() -> None:
    import io

    out = io.StringIO()
    handler = BoundedQtMessages(out, repeats=5, total=50)
    for _ in range(100_000):
        handler(None, None, "QSocketNotifier: Invalid socket 12 and type 'Read', disabling...")
    handler(None, None, "something else")
    lines = out.getvalue().splitlines()
    assert len(lines) == 7  # five, one saying the rest are not shown, and the other message
    assert "not shown" in lines[5]


def test_without_qt_multimedia_the_session_runs_silent_and_says_so_once(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # As on a computer without libpulse.so.0: importing Qt Multimedia raises ImportError.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    rig = make_rig([step(5), step(5)])
    cues = CuePlayer(Settings())
    cues.attach(rig.driver)
    messages: list[str] = []
    cues.unavailable.connect(messages.append)
    with qtbot.waitSignal(rig.driver.finished):
        rig.driver.start()
        rig.run_to_end()
    qtbot.waitUntil(lambda: bool(messages))
    qtbot.wait(10)
    assert len(messages) == 1 and messages[0].startswith("Sound cues are off")
    assert "step_end" in cues.played  # still cued, for the screen: only the sound is missing
    assert cues.spoken[-1] == "Session complete. Well done."
