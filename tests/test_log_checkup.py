"""The full integrity check runs in the background on a schedule, and on the next open after
damage was seen; opening itself reads only what it needs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from spasm_timer.storage import log_checkup
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_writer import LogWriter

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def a_log_damaged_inside(path: Path) -> None:
    """A log whose header and tables read fine, with garbage in the middle of its pages."""
    with SessionLog.open(path) as log:
        for _ in range(300):
            session = log.begin_session("neck", "Neck release " * 20, 60)
            log.record_step(session, 1, "Press " * 30, "pressure", None, 1, 30, 30.0,
                            "completed")
        log.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as file:
        file.seek(size // 2)
        file.write(b"\xff" * 4096)


def test_opening_does_not_read_every_page(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    a_log_damaged_inside(path)
    with SessionLog.open(path) as log:  # what a command or the app's writer does
        assert log.moved_aside is None
    assert path.exists()


def test_the_check_is_due_weekly_and_remembered_beside_the_log(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    SessionLog.open(path).close()
    assert log_checkup.checkup_due(path, NOW)
    assert log_checkup.run_checkup(path, NOW) == []
    assert not log_checkup.checkup_due(path, NOW + timedelta(days=6))
    assert log_checkup.checkup_due(path, NOW + timedelta(days=7))
    assert log_checkup.checkup_due(path, NOW - timedelta(days=1))  # the clock went back


def test_damage_found_in_the_background_is_told_and_dealt_with_at_the_next_start(  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    a_log_damaged_inside(path)
    writer = LogWriter(path, now=lambda: NOW, checkup_delay=0).start()
    try:
        deadline = time.monotonic() + 10
        while writer.state().damage is None:
            assert time.monotonic() < deadline, "the background check found nothing"
            time.sleep(0.01)
        assert path.exists()  # nothing is moved while the app writes to it
    finally:
        writer.close(1.0)
    assert log_checkup.damage_reported(path)
    with_damage = path.read_bytes()
    writer = LogWriter(path, now=lambda: NOW).start()  # the next start
    try:
        assert writer.flush(10.0)
        (aside,) = writer.state().moved_aside
    finally:
        writer.close(1.0)
    assert aside.read_bytes() == with_damage  # kept byte for byte, never deleted
    assert log_checkup.damage_reported(path) is None
    with SessionLog.open(path) as log:
        assert log.count() == 0  # a fresh log


@pytest.mark.parametrize("note", [b"", b"not json", b'{"last_check": "yesterday"}', b"[]"])
def test_an_unreadable_note_only_makes_the_check_due(tmp_path: Path, note: bytes) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_checkup.checkup_path(path).write_bytes(note)
    assert log_checkup.checkup_due(path, NOW)
    assert log_checkup.damage_reported(path) is None


def test_the_full_check_waits_until_start_up_is_over(tmp_path: Path) -> None:
    """Reading every page of a large log must not slow the way to the countdown: the check
    begins a while after the log opens, and an app closed before then leaves it due."""
    path = tmp_path / "sessions.sqlite3"
    SessionLog.open(path).close()
    writer = LogWriter(path, now=lambda: NOW, checkup_delay=3600).start()
    try:
        assert writer.flush(5.0) and writer.state().opened
        assert writer.checkup is not None and not writer.checkup.finished.is_set()
    finally:
        writer.close(1.0)
    assert writer.checkup.finished.is_set()  # called off, not run
    assert log_checkup.checkup_due(path, NOW)
