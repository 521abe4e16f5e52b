"""The voice carries the whole session: instructions read while getting ready, the time left
on demand, and a reminder to ease off on steps that press into the muscle. Fake clock, Qt's
mock speech engine."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fakes import FakeClock
from PySide6.QtCore import Qt
from window_helpers import make_logged_window, run_for, run_to_end

ROUTINE = """\
name: Press and stretch
area: calf
lead_in: 3
steps:
  - {kind: trigger_point, title: Hold the knot, instructions: Press the tender spot gently, duration: 20s, repeat: 2, rest: 5s}
  - {kind: stretch, title: Lean, instructions: Lean into the wall., duration: 20s}
"""


def window_with_voice(qtbot, data_dir: Path, write_routine, read_instructions: bool):  # type: ignore[no-untyped-def]
    window = make_logged_window(qtbot, data_dir, FakeClock())
    window.apply_settings(replace(window.settings, read_instructions=read_instructions))
    window.create_cue_player()
    window.open_routine(str(write_routine(ROUTINE)))
    return window


def test_instructions_are_read_while_getting_ready_and_ease_off_said_once(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, write_routine) -> None:
    window = window_with_voice(qtbot, data_dir, write_routine, read_instructions=True)
    window.start_session()
    run_to_end(window)
    spoken = window.cues.spoken
    assert spoken[:3] == ["Next: Hold the knot. Get ready.", "Press the tender spot gently.",
                          "If the pain gets sharper, ease off."]
    assert spoken.count("If the pain gets sharper, ease off.") == 1  # not again on the repeat
    assert "Lean into the wall." in spoken  # the stretch's get-ready
    window.close_log()


def test_instructions_stay_unread_unless_asked(qtbot, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    window = window_with_voice(qtbot, data_dir, write_routine, read_instructions=False)
    window.start_session()
    run_to_end(window)
    assert "Press the tender spot gently." not in window.cues.spoken
    window.close_log()


def test_t_speaks_the_time_left(qtbot, data_dir: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    window = window_with_voice(qtbot, data_dir, write_routine, read_instructions=False)
    window.start_session()
    run_for(window, 3 + 8)  # the get-ready, then 8 s of the hold
    qtbot.keyClick(window.player, Qt.Key.Key_T)
    assert window.cues.spoken[-1] == "12 seconds left of Hold the knot"
    qtbot.keyClick(window.player, Qt.Key.Key_Space)
    qtbot.keyClick(window.player, Qt.Key.Key_T)
    assert window.cues.spoken[-1] == "12 seconds left of Hold the knot, paused"
    window.close_log()
