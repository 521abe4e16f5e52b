"""Logs written by earlier versions: every session and step carried forward exactly, and a
migration that fails or is cut short leaving the log as it was."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest

from spasm_timer.storage import log_opening
from spasm_timer.storage.log import MIGRATIONS, SCHEMA_VERSION, LogUnavailableError, SessionLog

REPO = Path(__file__).resolve().parent.parent
TITLES = ("Press", "Glätten", "Estiramiento suave", "Breathe out slowly", "")


def log_made_by(path: Path, version: int, sessions: int = 40, seed: int = 3) -> None:
    """A log as the app at schema `version` left it, with sessions and steps in it: random
    ids (so their order is not the order they were written in), steps written out of their
    order, every side, outcome and kind of value a step can hold."""
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for migrate in MIGRATIONS[:version]:
        migrate(db)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("BEGIN")
    for number in range(sessions):
        session_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ended = rng.random() < 0.8
        started = f"2026-11-{1 + number % 28:02d}T0{number % 10}:30:00.000+01:00"
        db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            session_id, f"routine-{number % 3}", "Calf cramp", started,
            "2026-11-21T11:00:00.000+01:00" if ended else None,
            rng.choice(["completed", "stopped"]) if ended else None,
            rng.randrange(60, 900), rng.uniform(0, 900) if ended else None,
            rng.choice([None, 0, 7, 10]), rng.choice([None, 3]), rng.choice(["", "better"]),
            rng.randrange(3)))
        positions = list(range(rng.randrange(0, 14)))
        rng.shuffle(positions)
        for position in positions:
            db.execute("INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                session_id, position, position // 2 + 1, rng.choice(TITLES), "pressure",
                rng.choice(["left", "right", None]), rng.randrange(1, 4),
                rng.randrange(10, 120), round(rng.uniform(0, 120), 3),
                rng.choice(["completed", "skipped", "stopped"])))
    db.execute("COMMIT")
    db.close()


def content(path: Path) -> dict[str, Any]:
    """Every row the person's log holds, read without migrating it: sessions in the order
    they were written, steps in the order of their key."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            "version": db.execute("PRAGMA user_version").fetchone()[0],
            "sessions": db.execute("SELECT rowid, * FROM sessions ORDER BY rowid").fetchall(),
            "steps": db.execute("SELECT * FROM steps ORDER BY session_id, position").fetchall(),
            "integrity": db.execute("PRAGMA integrity_check").fetchall(),
            # Which table refers to which missing parent (the rowid the check also names
            # is no part of a step: a table without rowids has none).
            "orphan steps": [row[::2] for row in db.execute("PRAGMA foreign_key_check")],
        }
    finally:
        db.close()


def steps_stored_once(path: Path) -> bool:
    """The steps are a table of their key alone: no rowid table beside an index of the key."""
    db = sqlite3.connect(path)
    try:
        indexes = db.execute("SELECT COUNT(*) FROM sqlite_master"
                             " WHERE type = 'index' AND tbl_name = 'steps'").fetchone()[0]
        try:
            db.execute("SELECT rowid FROM steps")
        except sqlite3.OperationalError:
            return indexes == 0
        return False
    finally:
        db.close()


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_log_keeps_every_session_and_step_exactly(tmp_path: Path,
                                                           version: int) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, version)
    before = content(path)
    assert len(before["steps"]) > 200 and not steps_stored_once(path)
    with SessionLog.open(path) as log:
        some = before["sessions"][5][1]
        steps = log.session(some)["steps"]  # type: ignore[index]
    after = content(path)
    assert after["version"] == SCHEMA_VERSION
    assert after["sessions"] == before["sessions"]
    assert after["steps"] == before["steps"]
    assert after["integrity"] == [("ok",)] and after["orphan steps"] == []
    assert steps_stored_once(path)
    # Read back in the order they were done, whatever order they were written in.
    assert [(s["title"], s["actual_seconds"]) for s in steps] == [
        (row[3], row[8]) for row in before["steps"] if row[0] == some]


def test_a_migrated_log_takes_new_steps_and_deletes_a_session_with_its_steps(
        tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, 2)
    before = content(path)
    gone = before["sessions"][0][1]
    with SessionLog.open(path) as log:
        log.delete_session(gone)
        session = log.begin_session("neck", "Neck release", 60)
        log.record_step(session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed")
        log.end_session(session, "completed", 30.0)
        assert [s["title"] for s in log.session(session)["steps"]] == ["Press"]  # type: ignore[index]
    after = content(path)
    assert [row for row in after["steps"] if row[0] not in (gone, session)] == [
        row for row in before["steps"] if row[0] != gone]
    assert after["integrity"] == [("ok",)] and after["orphan steps"] == []


def test_rows_an_older_version_let_in_unchecked_never_stop_the_log_opening(
        tmp_path: Path) -> None:
    # An import adds its rows with SQLite's CHECKs and foreign keys off (its own checks ran
    # before). A migration that checked them again could fail on every open, for good.
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, 2)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("INSERT INTO steps VALUES ('no-such-session', 0, 1, 'Press', 'pressure',"
                " 'both', 1, 30, 30.0, 'paused')")
    db.close()
    before = content(path)
    with SessionLog.open(path):
        pass
    assert content(path) == {**before, "version": SCHEMA_VERSION}


class _FailingAt:
    """A connection whose statement starting with `fail_at` fails as a full disk would:
    the fault injected into a migration."""

    def __init__(self, db: sqlite3.Connection, fail_at: str) -> None:
        self.db, self.fail_at = db, fail_at

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.lstrip().startswith(self.fail_at):
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)


@pytest.mark.parametrize("fail_at", ["DROP TABLE steps", "ALTER TABLE", "INSERT INTO steps_v3"])
def test_a_migration_that_fails_half_way_leaves_the_log_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, 2)
    before = content(path)
    last = MIGRATIONS[-1]
    monkeypatch.setattr(log_opening, "MIGRATIONS",
                        (*MIGRATIONS[:-1], lambda db: last(_FailingAt(db, fail_at))))
    with pytest.raises(LogUnavailableError, match="full"):
        SessionLog.open(path)
    assert content(path) == before and not steps_stored_once(path)
    monkeypatch.undo()
    with SessionLog.open(path):  # the next open (the writer tries again) migrates it
        pass
    assert content(path) == {**before, "version": SCHEMA_VERSION}


def test_a_migration_cut_short_by_a_crash_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, 2, sessions=300)
    before = content(path)
    # The process is killed while SQLite copies the steps, as a power cut or a kill would.
    script = textwrap.dedent(f"""
        import os, signal
        from spasm_timer.storage import log_opening
        from spasm_timer.storage.log import SessionLog
        last = log_opening.MIGRATIONS[-1]
        def killed_while_copying(db):
            calls = []
            def progress():
                calls.append(1)
                if len(calls) == 20:
                    os.kill(os.getpid(), signal.SIGKILL)
            db.set_progress_handler(progress, 1000)
            last(db)
        log_opening.MIGRATIONS = (*log_opening.MIGRATIONS[:-1], killed_while_copying)
        SessionLog.open({str(path)!r})
        print("not killed")
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert child.returncode == -9 and "not killed" not in child.stdout
    assert content(path) == before and not steps_stored_once(path)
    with SessionLog.open(path):
        pass
    assert content(path) == {**before, "version": SCHEMA_VERSION}


def page_size(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA page_size").fetchone()[0])
    finally:
        db.close()


@pytest.mark.parametrize("empty_file", [False, True])
def test_a_new_log_has_16_kib_pages(tmp_path: Path, empty_file: bool) -> None:
    path = tmp_path / "sessions.sqlite3"
    if empty_file:
        path.write_bytes(b"")
    with SessionLog.open(path) as log:
        a_session = log.begin_session("neck", "Neck release", 60)
        log.record_step(a_session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed")
    assert page_size(path) == 16 * 1024
    assert content(path)["integrity"] == [("ok",)] and steps_stored_once(path)


def test_a_log_with_4_kib_pages_keeps_them_and_takes_writes(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_by(path, 2)
    assert page_size(path) == 4096
    before = content(path)
    with SessionLog.open(path) as log:
        session = log.begin_session("neck", "Neck release", 60)
        log.record_step(session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed")
        log.end_session(session, "completed", 30.0)
    with SessionLog.open(path) as log:  # and opens again as it is
        assert log.session(session)["status"] == "completed"  # type: ignore[index]
    after = content(path)
    assert page_size(path) == 4096
    assert len(after["steps"]) == len(before["steps"]) + 1 and after["integrity"] == [("ok",)]
