"""The locked-log run: another program holds the log's lock for seconds mid-session. The
countdown never waits on it, the person is told once, the end screen says "Saved" only once
it is, and every step lands with its own time. The lock is real, held by another connection;
the session runs on a fake clock."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from fakes import FakeClock
from window_helpers import make_window, run_for, run_to_end, wait_saved

from spasm_timer import paths
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.log_link import LogLink

FIVE_STEPS = """\
name: Five short steps
area: calf
lead_in: 0
steps:
  - {kind: pressure, title: Press one, instructions: Gently., duration: 3s}
  - {kind: circular, title: Circle two, instructions: Slowly., duration: 3s}
  - {kind: stretch, title: Stretch three, instructions: Softly., duration: 3s}
  - {kind: pressure, title: Press four, instructions: Gently., duration: 3s}
  - {kind: circular, title: Circle five, instructions: Slowly., duration: 3s}
"""


def test_a_lock_held_mid_session_never_stops_the_countdown_and_loses_nothing(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, write_routine) -> None:
    data_paths = paths.DataPaths(data_dir)
    ahead = [0.0]  # how far the writer's clock runs ahead of the real one
    window = make_window(qtbot, data_paths, FakeClock(), activate=False)
    link = LogLink(data_paths.database, monotonic=lambda: time.monotonic() + ahead[0])
    window.attach_link(link.start())
    qtbot.waitUntil(lambda: link.state().opened)
    window.open_routine(str(write_routine(FIVE_STEPS)))
    window.start_screen.start_button.click()
    run_for(window, 3.5)  # the first step ends and lands

    other = sqlite3.connect(data_paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # a backup tool, an import: another program's lock
    began = time.monotonic()
    for second in range(9):  # steps two to four run out while it holds the lock
        run_for(window, 1.0)
        shown = window.driver.shown_seconds() if window.driver is not None else None
        assert shown is not None and 1 <= shown <= 3, f"second {second}: the countdown stood"
    assert time.monotonic() - began < 1.0  # nine seconds of session never waited on the lock
    qtbot.waitUntil(lambda: link.state().problem is not None)
    ahead[0] += 2.5  # the writes have now waited long enough to be worth saying
    qtbot.waitUntil(lambda: window.notices.text is not None
                    and "Not saved yet" in window.notices.text.text())
    run_for(window, 3.0)  # the last step ends while the lock still holds
    assert window.stack.currentWidget() is window.end_screen
    assert "Not saved yet" in window.end_screen.saved_hint.text()
    assert window.notices.text.text().count("Not saved yet") == 1  # told once
    with SessionLog.open(data_paths) as log:
        assert log.sessions()[0]["status"] == "interrupted"  # nothing of the lock's time

    other.execute("ROLLBACK")
    other.close()
    # The notice and the hint each read the writer's state as its news comes: when it lands
    # everything during that news, one of them hears it a turn of the event loop later.
    qtbot.waitUntil(lambda: window.end_screen.saved_hint.text() == "Saved in your history."
                    and "Not saved yet" not in window.notices.text.text(), timeout=10_000)
    with SessionLog.open(data_paths) as log:
        (session,) = log.sessions()
    assert session["status"] == "completed"
    assert [step["title"] for step in session["steps"]] == [
        "Press one", "Circle two", "Stretch three", "Press four", "Circle five"]
    assert all(abs(step["actual_seconds"] - 3.0) < 0.01 for step in session["steps"])
    window.close_log()


def test_run_to_end_helper_still_lands_a_normal_session(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                        write_routine) -> None:
    data_paths = paths.DataPaths(data_dir)
    window = make_window(qtbot, data_paths, FakeClock(), SessionLog.open(data_paths),
                         activate=False)
    window.open_routine(str(write_routine(FIVE_STEPS)))
    window.start_screen.start_button.click()
    run_to_end(window)
    wait_saved(window)
    assert window.end_screen.saved_hint.text() == "Saved in your history."
    window.close_log()


def test_the_end_screen_says_saved_only_once_the_end_is_in_the_log(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, write_routine) -> None:
    """The writer is held while it writes the session's end: the screen must not say
    "Saved" before the log holds it, and says so by itself once it does."""
    data_paths = paths.DataPaths(data_dir)
    ending, go_on = threading.Event(), threading.Event()

    class HeldEnd(SessionLog):
        def end_session(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
            ending.set()
            go_on.wait(10.0)
            super().end_session(*args, **options)

    def open_held(path: Path) -> SessionLog:
        log = SessionLog.open(path, timeout=0.2)
        return HeldEnd(log.connection, log.path)

    window = make_window(qtbot, data_paths, FakeClock(), activate=False)
    link = LogLink(data_paths.database, open_log=open_held)
    window.attach_link(link.start())
    qtbot.waitUntil(lambda: link.state().opened)
    window.open_routine(str(write_routine(FIVE_STEPS)))
    window.start_screen.start_button.click()
    run_for(window, 16.0)
    assert window.stack.currentWidget() is window.end_screen
    assert ending.wait(10.0)
    assert window.end_screen.saved_hint.text() == "Saving…"
    with SessionLog.open(data_paths) as log:
        assert log.sessions()[0]["status"] == "interrupted"
    go_on.set()
    qtbot.waitUntil(lambda: window.end_screen.saved_hint.text() == "Saved in your history.")
    with SessionLog.open(data_paths) as log:
        assert log.sessions()[0]["status"] == "completed"
    window.close_log()


def test_a_closed_link_touches_nothing_of_qt_when_the_writer_has_news(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After quit the writer's thread may still report; building the event it would post is
    already a Qt call, which at Python's exit aborts the process."""
    from spasm_timer.ui import log_link

    link = LogLink(paths.DataPaths(data_dir).database)
    link.close()
    made: list[object] = []
    monkeypatch.setattr(log_link, "QEvent", lambda *args: made.append(args))
    link._post_news(frozenset({"a-session"}))
    assert made == []
