"""A session still running reads "in progress" while the app that runs it is alive, and
"interrupted" once that app is gone, however it went (here: kill -9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from spasm_timer.storage.app_presence import AppPresence, session_in_progress
from spasm_timer.storage.log import SessionLog

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")

HOLDER = """
import sys
from pathlib import Path
from spasm_timer.storage.app_presence import AppPresence
from spasm_timer.storage.log import SessionLog
database = Path(sys.argv[1])
presence = AppPresence(database)
assert presence.hold()
with SessionLog.open(database) as log:
    session = log.begin_session("neck", "Neck release", 60)
presence.running(session)
print(session, flush=True)
sys.stdin.read()  # runs until killed
"""


def test_a_running_session_is_in_progress_until_its_app_is_killed(tmp_path: Path) -> None:
    database = tmp_path / "sessions.sqlite3"
    app = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], text=True,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        session = app.stdout.readline().strip()  # type: ignore[union-attr]
        assert session and session_in_progress(database) == session
        with SessionLog.open(database) as log:
            assert log.sessions()[0]["status"] == "in progress"
            assert log.session(session)["status"] == "in progress"  # type: ignore[index]
            assert next(log.summary_rows())[5] == "in progress"
    finally:
        app.send_signal(signal.SIGKILL)
        app.communicate(timeout=30)
    assert session_in_progress(database) is None  # the system dropped the dead app's lock
    with SessionLog.open(database) as log:
        assert log.sessions()[0]["status"] == "interrupted"


def test_between_sessions_and_after_quitting_nothing_is_in_progress(tmp_path: Path) -> None:
    database = tmp_path / "sessions.sqlite3"
    presence = AppPresence(database)
    assert presence.hold()
    assert session_in_progress(database) is None
    presence.running("abc")
    assert session_in_progress(database) == "abc"
    presence.running(None)
    assert session_in_progress(database) is None
    presence.running("abc")
    presence.release()
    assert session_in_progress(database) is None
    again = AppPresence(database)
    assert again.hold()  # free for the next app
    again.release()


def test_a_second_app_of_the_same_data_dir_does_not_take_the_lock(tmp_path: Path) -> None:
    database = tmp_path / "sessions.sqlite3"
    first = AppPresence(database)
    assert first.hold()
    assert not AppPresence(database).hold()
    first.release()
