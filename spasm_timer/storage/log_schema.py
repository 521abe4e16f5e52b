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
    )""",
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


_STEPS_COLUMNS = ("session_id, position, step_index, title, kind, side, repetition,"
                  " planned_seconds, actual_seconds, outcome")


def _migrate_to_3(db: sqlite3.Connection) -> None:
    """The steps are stored once, in the order of their key, instead of twice: a table by
    rowid plus the index of its primary key, each row holding the session's 36-character id
    (`WITHOUT ROWID`). A million sessions hold twelve million steps: the log is about a
    quarter smaller, and an import writes that much less.

    SQLite cannot change a table to `WITHOUT ROWID` in place, so this is its documented way
    (https://sqlite.org/lang_altertable.html, "other kinds of table schema changes"): a new
    table, the rows copied in key order, the old one dropped, the new one renamed. Nothing
    else depends on `steps` (no index, trigger or view; it refers to `sessions`, nothing
    refers to it), so nothing needs to be made again. Renaming the new table, not the old
    one, leaves every other table's SQL as it was whatever `legacy_alter_table` says.
    `_migrate` runs this with foreign keys off and CHECKs not evaluated (see
    `log_opening.unchecked_rows`): the rows are copied exactly as they were.
    """
    db.execute("""CREATE TABLE steps_v3 (
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
    ) WITHOUT ROWID""")
    db.execute(f"INSERT INTO steps_v3 ({_STEPS_COLUMNS}) SELECT {_STEPS_COLUMNS}"
               " FROM steps ORDER BY session_id, position")
    db.execute("DROP TABLE steps")
    db.execute("ALTER TABLE steps_v3 RENAME TO steps")


# MIGRATIONS[n] brings a log at version n to version n + 1, inside one transaction. To change
# the schema, append a function (as `_migrate_to_3`), and never edit one that has shipped:
# people's files have already been through it.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_to_1, _migrate_to_2, _migrate_to_3)
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
