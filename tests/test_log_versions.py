"""Logs of every shape people have: a new log stores its steps once in 16 KiB pages; a log made
before keeps its own shape, every value in it exactly, and reads and writes as a new one."""

from __future__ import annotations

import random
import sqlite3
import uuid
from argparse import Namespace
from pathlib import Path
from typing import Any

import pytest

from spasm_timer.paths import DataPaths
from spasm_timer.storage.commands import run_export, run_history
from spasm_timer.storage.log import SCHEMA_VERSION, NewerLogError, SessionLog

TITLES = ("Press", "Glätten", "Estiramiento suave", "Breathe out slowly", "")

# The schema as earlier versions of the app made it, written out here rather than taken from
# today's migrations: an edit to a migration that has shipped changes what this test expects
# of the files people already have, and fails it.
SHIPPED_SCHEMA = {
    1: (
        """CREATE TABLE sessions (
            id              TEXT PRIMARY KEY NOT NULL,
            routine_id      TEXT NOT NULL,
            routine_name    TEXT NOT NULL,
            started_at      TEXT NOT NULL,
            ended_at        TEXT,
            status          TEXT CHECK (status IN ('completed', 'stopped')),
            planned_seconds INTEGER NOT NULL,
            active_seconds  REAL,
            pain_before     INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after      INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            notes           TEXT NOT NULL DEFAULT '',
            pauses          INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
        """CREATE TABLE steps (
            session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position        INTEGER NOT NULL,
            step_index      INTEGER NOT NULL,
            title           TEXT NOT NULL,
            kind            TEXT NOT NULL,
            side            TEXT CHECK (side IN ('left', 'right')),
            repetition      INTEGER NOT NULL,
            planned_seconds INTEGER NOT NULL,
            actual_seconds  REAL NOT NULL,
            outcome         TEXT NOT NULL CHECK (outcome IN ('completed', 'skipped', 'stopped')),
            PRIMARY KEY (session_id, position)
        )""",
    ),
    2: ("CREATE INDEX sessions_never_ended ON sessions (active_seconds) WHERE status IS NULL",),
}


def add_sessions(db: sqlite3.Connection, sessions: int, seed: int) -> None:
    """Sessions with random ids (so their order is not the order they were written in), steps
    written out of their order, every side, outcome and kind of value a step can hold."""
    rng = random.Random(seed)
    db.execute("BEGIN")
    for number in range(sessions):
        session_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ended = rng.random() < 0.8
        started = f"2026-11-{1 + number % 28:02d}T0{number % 10}:30:00.000+01:00"
        db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            session_id, f"routine-{number % 3}", "Calf cramp", started,
            "2026-11-21T11:00:00.000+01:00" if ended else None,
            rng.choice(["completed", "stopped"]) if ended else None,
            rng.randrange(60, 900), rng.choice([rng.uniform(0, 900), 300]) if ended else None,
            rng.choice([None, 0, 7, 10]), rng.choice([None, 3]), rng.choice(["", "better"]),
            rng.randrange(3)))
        positions = list(range(rng.randrange(0, 14)))
        rng.shuffle(positions)
        for position in positions:
            db.execute("INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                session_id, position, position // 2 + 1, rng.choice(TITLES), "pressure",
                rng.choice(["left", "right", None]), rng.randrange(1, 4),
                rng.randrange(10, 120), rng.choice([round(rng.uniform(0, 120), 3), 30]),
                rng.choice(["completed", "skipped", "stopped"])))
    db.execute("COMMIT")


def log_made_before(path: Path, version: int, sessions: int = 40, seed: int = 3) -> None:
    """A log as the app at schema `version` made it before new logs stored their steps once:
    4 KiB pages, steps in a rowid table, sessions and steps in it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size = 4096")
    db.execute("PRAGMA journal_mode = WAL")
    for shipped in range(1, version + 1):
        for statement in SHIPPED_SCHEMA[shipped]:
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    add_sessions(db, sessions, seed)
    db.close()


def _values(db: sqlite3.Connection, table: str, order: str) -> list[tuple[Any, ...]]:
    """Each value's type and its exact SQL text (30 and 30.0 differ here, unlike in Python)."""
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    typed = ", ".join(f"typeof({c}), quote({c})" for c in columns)
    # The names are the log's own tables and columns, never input.
    return db.execute(f"SELECT {typed} FROM {table} ORDER BY {order}").fetchall()  # noqa: S608


def content(path: Path) -> dict[str, Any]:
    """Every value the log holds, and the shape it is stored in, read without migrating it."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            "version": db.execute("PRAGMA user_version").fetchone()[0],
            # Sessions in the order they were written: the rowid breaks ties in history.
            "sessions": _values(db, "sessions", "rowid"),
            "session order": db.execute("SELECT id FROM sessions ORDER BY rowid").fetchall(),
            "steps": _values(db, "steps", "session_id, position"),
            "integrity": db.execute("PRAGMA integrity_check").fetchall(),
            "orphan steps": [row[::2] for row in db.execute("PRAGMA foreign_key_check")],
        }
    finally:
        db.close()


def shape(path: Path) -> dict[str, Any]:
    """How the steps are stored: their table's SQL and first page, the log's pages (the WAL's
    included)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        sql, root = db.execute("SELECT sql, rootpage FROM sqlite_master"
                               " WHERE type = 'table' AND name = 'steps'").fetchone()
        return {"steps sql": sql, "steps root": root,
                "page bytes": db.execute("PRAGMA page_size").fetchone()[0],
                "pages": db.execute("PRAGMA page_count").fetchone()[0]}
    finally:
        db.close()


def a_step(log: SessionLog, session: str, position: int = 0, title: str = "Press") -> None:
    log.record_step(session, 1, title, "pressure", None, 1, 30, 30.0, "completed",
                    position=position)


def quoted(session_id: str) -> str:
    """A session id as `quote()` gives it."""
    return "'" + session_id + "'"


@pytest.mark.parametrize("empty_file", [False, True])
def test_a_new_log_stores_each_step_once_in_16_kib_pages(tmp_path: Path,
                                                          empty_file: bool) -> None:
    path = tmp_path / "sessions.sqlite3"
    if empty_file:
        path.write_bytes(b"")
    with SessionLog.open(path) as log:
        session = log.begin_session("neck", "Neck release", 60)
        a_step(log, session)
        log.end_session(session, "completed", 30.0)
    new = shape(path)
    assert new["steps sql"].rstrip().endswith(") WITHOUT ROWID")
    assert new["page bytes"] == 16 * 1024
    stored = content(path)
    assert stored["version"] == SCHEMA_VERSION and stored["integrity"] == [("ok",)]
    assert stored["steps"] == [("text", quoted(session), "integer", "0",
                                "integer", "1", "text", "'Press'", "text", "'pressure'",
                                "null", "NULL", "integer", "1", "integer", "30",
                                "real", "30.0", "text", "'completed'")]


@pytest.mark.parametrize("version", [1, 2])
def test_a_log_made_before_opens_as_it_is_with_every_value_exact(tmp_path: Path,
                                                                 version: int) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_before(path, version)
    made_bytes = path.stat().st_size  # every page written back: no connection is open
    before, old = content(path), shape(path)
    assert len(before["steps"]) > 200 and old["page bytes"] == 4096
    db = sqlite3.connect(path)
    [(some,)] = db.execute("SELECT session_id FROM steps GROUP BY session_id"
                           " ORDER BY COUNT(*) DESC LIMIT 1").fetchall()
    done = db.execute("SELECT title, actual_seconds FROM steps WHERE session_id = ?"
                      " ORDER BY position", (some,)).fetchall()
    db.close()
    with SessionLog.open(path) as log:
        steps = log.session(some)["steps"]  # type: ignore[index]
    opened_bytes = path.stat().st_size
    after, now = content(path), shape(path)
    assert after == {**before, "version": SCHEMA_VERSION}
    assert after["integrity"] == [("ok",)] and after["orphan steps"] == []
    # Not rebuilt: the steps where they were, the file its size. Version 1 gets the one
    # index of version 2, a page of its own.
    grown = SCHEMA_VERSION - version
    assert {**now, "pages": now["pages"] - grown} == old
    assert opened_bytes - made_bytes == grown * 4096
    # Read back in the order they were done, whatever order they were written in.
    assert len(done) > 1 and [(s["title"], s["actual_seconds"]) for s in steps] == done


@pytest.mark.parametrize("version", [1, 2])
def test_a_log_made_before_takes_sessions_and_deletes_one_with_its_steps(
        tmp_path: Path, version: int) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_before(path, version)
    before = content(path)
    gone = before["session order"][0][0]
    with SessionLog.open(path) as log:
        log.delete_session(gone)
        session = log.begin_session("neck", "Neck release", 60)
        for position, title in enumerate(("Press", "Glide", "Rest")):
            a_step(log, session, position, title)
        log.end_session(session, "completed", 90.0)
        assert [s["title"] for s in log.session(session)["steps"]] == [  # type: ignore[index]
            "Press", "Glide", "Rest"]
    with SessionLog.open(path) as log:  # and opens again as it is
        assert log.session(gone) is None
        assert log.session(session)["status"] == "completed"  # type: ignore[index]
    after = content(path)
    assert [row for row in after["steps"] if row[1] != quoted(session)] == [
        row for row in before["steps"] if row[1] != quoted(gone)]
    assert [row[1] for row in after["steps"]].count(quoted(session)) == 3
    assert after["session order"] == [*before["session order"][1:], (session,)]
    assert after["integrity"] == [("ok",)] and after["orphan steps"] == []
    assert shape(path)["steps sql"] == SHIPPED_SCHEMA[1][3]  # as it was made


def _same_sessions_in_a_new_log(old: Path, new: Path) -> None:
    """A new log (steps stored once, 16 KiB pages) holding exactly the sessions of `old`, in
    the order they were written."""
    SessionLog.open(new).close()
    db = sqlite3.connect(new, isolation_level=None)
    db.execute("ATTACH ? AS old", (str(old),))
    db.execute("BEGIN")
    db.execute("INSERT INTO sessions SELECT * FROM old.sessions ORDER BY rowid")
    db.execute("INSERT INTO steps SELECT * FROM old.steps")
    db.execute("COMMIT")
    db.close()


def _read_out(paths: DataPaths, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What history (table, JSON, CSV) and export (JSON, CSV) give of the log at `paths`."""
    read = []
    for given in ({}, {"json": True}, {"csv": True}, {"routine": "routine-1"}):
        assert run_history(Namespace(**{"json": False, "csv": False, "since": None,
                                        "until": None, "routine": None, **given}), paths) == 0
        read.append(capsys.readouterr().out)
    for name in ("export.json", "export.csv"):
        assert run_export(Namespace(file=str(out / name), force=False), paths) == 0
        read.append((out / name).read_text(encoding="utf-8"))
    capsys.readouterr()  # "Exported 40 sessions to FILE", with the folder's name
    return read


@pytest.mark.parametrize("version", [1, 2])
def test_history_and_export_read_a_log_made_before_as_a_new_log_with_its_sessions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], version: int) -> None:
    old, new = DataPaths(tmp_path / "old"), DataPaths(tmp_path / "new")
    old.database.parent.mkdir(parents=True)
    log_made_before(old.database, version)
    _same_sessions_in_a_new_log(old.database, new.database)
    assert shape(new.database)["steps sql"] != shape(old.database)["steps sql"]
    assert content(new.database) == {**content(old.database), "version": SCHEMA_VERSION}
    (tmp_path / "old-out").mkdir()
    (tmp_path / "new-out").mkdir()
    from_old = _read_out(old, tmp_path / "old-out", capsys)
    from_new = _read_out(new, tmp_path / "new-out", capsys)
    assert from_old == from_new
    assert from_old[1].count('"id"') == 40  # every session, in JSON


@pytest.mark.parametrize("version", [1, 2])
def test_rows_an_older_version_let_in_unchecked_never_stop_the_log_opening(
        tmp_path: Path, version: int) -> None:
    # An import adds its rows with SQLite's CHECKs and foreign keys off (its own checks ran
    # before): a log holding such a row must still open, migrate, and keep it as it is.
    path = tmp_path / "sessions.sqlite3"
    log_made_before(path, version)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("INSERT INTO steps VALUES ('no-such-session', 0, 1, 'Press', 'pressure',"
               " 'both', 1, 30, 30.0, 'paused')")
    db.close()
    before = content(path)
    with SessionLog.open(path):
        pass
    assert content(path) == {**before, "version": SCHEMA_VERSION}


def test_a_log_at_a_version_newer_than_known_is_refused_and_left_as_it_is(
        tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    log_made_before(path, 2)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(NewerLogError):
        SessionLog.open(path)
    assert path.read_bytes() == before
