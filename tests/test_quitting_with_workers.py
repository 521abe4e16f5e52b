"""Quitting while a worker thread is busy ends the app cleanly and keeps every session.

The log writer, the history's import and its totals run on daemon threads: quitting does not
wait for them, so they may still be sending into Qt as Python ends, which aborted the whole
process ("terminate called without an active exception", a core dump instead of an exit).
Each is tried here in a real process that quits while its thread works.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from history_helpers import add, bulk_insert, session
from PySide6.QtCore import QObject, Signal

import spasm_timer
from spasm_timer.storage import exchange
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.quit_gate import QuitGate

PROJECT = Path(spasm_timer.__file__).resolve().parents[1]
TRIES = 3  # the thread is caught at a different point each time

# Each script quits the app at its thread's first news; Python then ends with the thread
# still at work. A timer makes sure a script never hangs the test run.
START = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QTimer.singleShot(50_000, app.quit)
"""

QUIT_DURING_IMPORT = START + """
from spasm_timer.ui.history_import import ImportRun
run = ImportRun(Path(sys.argv[1]), sys.argv[2])
run.read.connect(lambda count: app.quit())
run.start()
app.exec()
"""

QUIT_DURING_TOTALS = START + """
from spasm_timer.storage.history_queries import HistoryFilter
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.history_stats_reader import StatsReader
reader = StatsReader(SessionLog.open(Path(sys.argv[1])))
reader.read.connect(lambda *answer: app.quit())
for number in range(20_000):  # answers come back-to-back: the thread is sending as Python ends
    reader.request(number, "totals", HistoryFilter())
app.exec()
"""

QUIT_WHILE_SAVING = START + """
from spasm_timer.ui.log_link import LogLink
link = LogLink(Path(sys.argv[1])).start()
for number in range(int(sys.argv[2])):
    session_id = link.writes.begin_session("calf", "Calf", 60, pain_before=5)
    link.writes.end_session(session_id, "completed", 60.0)
link.changed.connect(app.quit)
app.exec()
link.close()  # as the app does once its window has closed
"""


def run_app_script(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env,
                          text=True, capture_output=True, timeout=60, check=False)


def session_count(database: Path) -> int:
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count: int = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        return count


@pytest.mark.slow
def test_quitting_during_an_import_ends_cleanly_and_adds_all_or_nothing(tmp_path: Path) -> None:
    with SessionLog.open(tmp_path / "other" / "sessions.sqlite3") as other:
        bulk_insert(other, 5_000)
        export = tmp_path / "from-the-laptop.json"
        exchange.export_json(other, export)
    for attempt in range(TRIES):
        database = tmp_path / f"log-{attempt}" / "sessions.sqlite3"
        with SessionLog.open(database) as log:
            add(log, session("2026-11-10"), session("2026-11-11"))
        result = run_app_script(QUIT_DURING_IMPORT, database, export)
        assert result.returncode == 0, result.stderr
        # The person's own sessions are all there, and the file was added whole or not at
        # all, so importing it again finishes the job.
        assert session_count(database) in (2, 2 + 5_000), f"try {attempt}"


@pytest.mark.slow
def test_quitting_while_the_totals_are_read_ends_cleanly(tmp_path: Path) -> None:
    """Before the gate this crashed (a segmentation fault) in about one try of seven."""
    database = tmp_path / "sessions.sqlite3"
    with SessionLog.open(database) as log:
        add(log, session("2026-11-10"), session("2026-11-11"))
    for attempt in range(3 * TRIES):
        result = run_app_script(QUIT_DURING_TOTALS, database)
        assert result.returncode == 0, f"try {attempt}: {result.stderr}"
    assert session_count(database) == 2


@pytest.mark.slow
def test_quitting_while_sessions_are_saved_ends_cleanly_and_keeps_them(tmp_path: Path) -> None:
    for attempt in range(TRIES):
        database = tmp_path / f"log-{attempt}" / "sessions.sqlite3"
        database.parent.mkdir()
        result = run_app_script(QUIT_WHILE_SAVING, database, 200)
        assert result.returncode == 0, f"try {attempt}: {result.stderr}"
        assert session_count(database) == 200, f"try {attempt}"


class Sender(QObject):
    news = Signal(int)


def test_a_closed_gate_lets_nothing_through_and_a_deleted_receiver_is_no_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    sender = Sender()
    gate = QuitGate(sender)
    heard: list[int] = []
    sender.news.connect(heard.append)
    assert gate.send_signal(sender.news, 1)
    gate.close()  # the app quits
    assert not gate.send_signal(sender.news, 2)
    with gate.held_open() as is_open:
        assert not is_open
    assert heard == [1]

    def deleted_receiver() -> None:
        raise RuntimeError("Internal C++ object already deleted.")

    assert not QuitGate().send(deleted_receiver)
