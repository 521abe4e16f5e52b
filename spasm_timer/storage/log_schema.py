"""What the session log holds: its statuses, its tables, and the migrations between versions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

COMPLETED = "completed"
STOPPED = "stopped"
INTERRUPTED = "interrupted"
# How a session never closed reads while the app that runs it is alive (see app_presence).
IN_PROGRESS = "in progress"
STATUSES = (COMPLETED, STOPPED, INTERRUPTED)
STEP_OUTCOMES = ("completed", "skipped", "stopped")
STEP_SIDES = ("left", "right", None)
# The longest note a session keeps, wherever it is written: the end screen, History, import.
MAX_NOTES_CHARS = 2_000

_VERSION_1 = (
    """CREATE TABLE sessions (
        id              TEXT PRIMARY KEY NOT NULL,
        routine_id      TEXT NOT NULL,
        routine_name    TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        ended_at        TEXT,
        status          TEXT CHECK (status IN ('completed', 'stopped')),  -- NULL: never ended
        planned_seconds INTEGER NOT NULL,
        active_seconds  REAL,                                             -- NULL until ended
        pain_before     INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after      INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        notes           TEXT NOT NULL DEFAULT '',
        pauses          INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX sessions_by_routine ON sessions (routine_id, started_at)",
    """CREATE TABLE steps (
        session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,  -- order within the session, from 0
        step_index      INTEGER NOT NULL,  -- the routine step's number, from 1
        title           TEXT NOT NULL,
        kind            TEXT NOT NULL,
        side            TEXT CHECK (side IN ('left', 'right')),
        repetition      INTEGER NOT NULL,
        planned_seconds INTEGER NOT NULL,
        actual_seconds  REAL NOT NULL,
        outcome         TEXT NOT NULL CHECK (outcome IN ('completed', 'skipped', 'stopped')),
        PRIMARY KEY (session_id, position)
    ) WITHOUT ROWID""",  # new logs only: see the note above MIGRATIONS
)


def _migrate_to_1(db: sqlite3.Connection) -> None:
    """From nothing (a new or empty file) to the first schema."""
    for statement in _VERSION_1:
        db.execute(statement)


def _migrate_to_2(db: sqlite3.Connection) -> None:
    """Sessions never ended (interrupted, or running now) get an index of their own, by their
    active time: the writer's weekly fill of the active time they lack finds them at once
    instead of reading every session (at a million sessions that read took 0.3 s warm and
    4.5 s cold, on the writer's first turn, while `run --start` waited for the log)."""
    db.execute("CREATE INDEX sessions_never_ended ON sessions (active_seconds)"
               " WHERE status IS NULL")


# MIGRATIONS[n] brings a log at version n to version n + 1, inside one transaction; a log at
# a version newer than SCHEMA_VERSION is refused. Any change to the shape of a file that
# already exists needs a new migration appended here. Never edit one that has shipped:
# people's files have been through it and would never get the edit.
#
# The one exception is what a brand-new file gets: `_migrate_to_1` runs only on a new or
# empty file (a log at version 1 or later never runs it again), so an edit there reaches
# new logs only and leaves every existing one as it is. It is allowed only where every
# version of the app reads and writes both shapes alike, so that logs made before and after
# the edit, at the same version, open in any of them. The steps table became `WITHOUT ROWID`
# this way (stored once in the order of its key, not as rows plus an index of that key): no
# version reads a step's rowid, and the columns, key, CHECKs and foreign key are the same.
# Logs made before keep their rowid steps table: rebuilding them would hold up the log
# writer's first open for seconds to minutes, and grow the file instead of shrinking it.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_to_1, _migrate_to_2)
SCHEMA_VERSION = len(MIGRATIONS)

# A session not (yet) ended counts the seconds of its logged steps as its active time: the
# one rule, as SQL for a session `s`, that every query reading active time uses.
STEPS_SECONDS_SQL = """(SELECT ROUND(COALESCE(SUM(t.actual_seconds), 0), 3)
                        FROM steps t WHERE t.session_id = s.id)"""
ACTIVE_SECONDS_SQL = f"COALESCE(s.active_seconds, {STEPS_SECONDS_SQL})"
# The same rule, written down when a session is interrupted (an UPDATE names no alias `s`).
KEEP_ACTIVE_SECONDS = "UPDATE sessions SET active_seconds = " + STEPS_SECONDS_SQL.replace(
    "s.id", "sessions.id")
# The weekly fill of the active time that logs from older versions left empty (see
# `SessionLog.fill_active_seconds`), up to `?` sessions at a time: it searches
# `sessions_never_ended`, never every session.
FILL_MISSING_ACTIVE_SECONDS = KEEP_ACTIVE_SECONDS + (
    " WHERE rowid IN (SELECT rowid FROM sessions WHERE status IS NULL"
    " AND active_seconds IS NULL LIMIT ?)")
