"""The session log: one SQLite file holding every session and every step the person did.

Each write is its own committed transaction (WAL journal, `synchronous=FULL`), so a step
survives a crash or a pulled plug the moment it has ended. A session that was never closed
keeps `status` NULL in the file and reads as `interrupted`.

Times are stored as local ISO 8601 with the UTC offset (`2026-11-21T10:30:00.123+01:00`): its
first ten characters are the day as the person lived it, which is what day filters, the day
streak and the weekly counts use. Ordering is by that text; it can be off by an hour only
around a daylight-saving change, which a history of days does not notice.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from spasm_timer.paths import DataPaths

COMPLETED = "completed"
STOPPED = "stopped"
INTERRUPTED = "interrupted"
STATUSES = (COMPLETED, STOPPED, INTERRUPTED)
STEP_OUTCOMES = ("completed", "skipped", "stopped")
STEP_SIDES = ("left", "right", None)

BUSY_TIMEOUT_SECONDS = 5.0
# The longest note a session keeps, wherever it is written: the end screen, History, import.
MAX_NOTES_CHARS = 2_000
_STEPS_BATCH = 500  # sessions whose steps are fetched in one query when reading
# The charts show at most half a year of weeks and 300 points; a year of each is plenty to
# draw from, and keeps years of logs from costing more than one year does.
CHART_WEEKS = 52
CHART_RATED_SESSIONS = 365


class LogError(Exception):
    """Something about the session log the person needs to hear about."""


class LogUnavailableError(LogError):
    """The log cannot be opened or written at all: the folder is a file, read-only, full..."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot use the session log at {self.path}: {reason}")


class NewerLogError(LogError):
    """The file was written by a newer Spasm Timer; it is left exactly as it is."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self.version = version
        super().__init__(
            f"the session log at {path} was written by a newer Spasm Timer (log version "
            f"{version}; this version reads up to {SCHEMA_VERSION}); it was left untouched, "
            "update Spasm Timer to open it"
        )


class _Damaged(Exception):
    """Internal: the file is not a readable database; it gets moved aside."""


# --- schema ------------------------------------------------------------------------------

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


# MIGRATIONS[n] brings a log at version n to version n + 1, inside one transaction. To change
# the schema, append a function (say `_migrate_to_2`, running `ALTER TABLE ...`), and never
# edit one that has shipped: people's files have already been through it.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1,)
SCHEMA_VERSION = len(MIGRATIONS)


# --- opening -----------------------------------------------------------------------------

def local_now() -> datetime:
    return datetime.now().astimezone()


def timestamp(moment: datetime) -> str:
    """`2026-11-21T10:30:00.123+01:00`: local time, milliseconds, with its offset."""
    return moment.isoformat(timespec="milliseconds")


_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the file is read-only",
    sqlite3.SQLITE_CANTOPEN: "the file cannot be opened",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_IOERR: "the disk reported a read or write error",
    sqlite3.SQLITE_BUSY: "another program has kept it locked for more than 5 seconds",
    sqlite3.SQLITE_LOCKED: "another program has kept it locked for more than 5 seconds",
}
_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def _sqlite_code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code, without detail


def _is_damage(error: sqlite3.Error) -> bool:
    return _sqlite_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _unavailable(path: Path, error: BaseException) -> LogUnavailableError:
    if isinstance(error, sqlite3.Error):
        reason = _SQLITE_REASONS.get(_sqlite_code(error), str(error))
    elif isinstance(error, OSError):
        reason = _OS_REASONS.get(error.errno or 0, error.strerror or str(error))
    else:
        reason = str(error)
    return LogUnavailableError(path, reason)


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    """Turns "disk full", "read-only" and friends into a LogUnavailableError naming the file."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise _unavailable(path, error) from error


def _make_private_folders(folder: Path) -> None:
    """Creates `folder` and any missing parents, each readable by the person only."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        new.chmod(0o700)  # the umask may have taken bits away; never widens


def _prepare_folder(folder: Path) -> None:
    """Makes sure the data folder exists and can be written; an existing one is left as is."""
    try:
        if folder.exists() and not folder.is_dir():
            raise LogUnavailableError(folder, "it is a file, not a folder")
        if not folder.exists():
            _make_private_folders(folder)
    except OSError as error:
        raise _unavailable(folder, error) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LogUnavailableError(folder, "the folder is not writable")


def _create_private_file(path: Path) -> None:
    """Creates an empty database file readable by the person only (SQLite's -wal and -shm
    files copy its permissions)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise _unavailable(path, error) from error
    os.close(descriptor)
    os.chmod(path, 0o600)


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock up front so it never fails half way."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _migrate(db: sqlite3.Connection) -> None:
    """Runs the missing migrations one by one; each re-reads the version under the write
    lock, because the app and a command may open an old file at the same moment."""
    while True:
        with _transaction(db):
            version = _user_version(db)
            if version >= SCHEMA_VERSION:
                return
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")


# A session not (yet) ended counts the seconds of its logged steps as its active time.
_KEEP_ACTIVE_SECONDS = """UPDATE sessions SET active_seconds = (
    SELECT ROUND(COALESCE(SUM(t.actual_seconds), 0), 3) FROM steps t
    WHERE t.session_id = sessions.id)"""


def _fill_active_seconds(db: sqlite3.Connection) -> None:
    """Gives sessions that never ended their steps' time as active time, where it is missing.

    `record_step` keeps it up to date, but logs written before it did (or by an older
    version) have it NULL; then every total had to add up those sessions' steps again. The
    values read stay the same: readers fall back to the same sum. Finds nothing to do after
    the first time, and writes nothing then.
    """
    with _transaction(db):
        db.execute(_KEEP_ACTIVE_SECONDS + " WHERE status IS NULL AND active_seconds IS NULL")


def _check(path: Path) -> None:
    """Raises NewerLogError or _Damaged before anything writes to the file.

    Read-only, so that neither a refused newer file nor a damaged one (with its -wal) is
    changed by looking at it: a writable connection would checkpoint the WAL on closing.
    """
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                             timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise _unavailable(path, error) from error
    try:
        version = _user_version(db)
        if version > SCHEMA_VERSION:
            raise NewerLogError(path, version)
        problems = [row[0] for row in db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _Damaged(problems[0])
    except sqlite3.Error as error:
        if _is_damage(error):
            raise _Damaged(str(error)) from error
        raise _unavailable(path, error) from error
    finally:
        db.close()


def _connect(path: Path) -> sqlite3.Connection:
    """Opens, checks and migrates the file. Raises _Damaged when it is not a sound database."""
    _create_private_file(path)
    _check(path)
    try:
        # isolation_level=None: no hidden transactions; each write commits on its own.
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise _unavailable(path, error) from error
    try:
        db.execute("PRAGMA journal_mode = WAL")  # readers (history, export) never block the app
        db.execute("PRAGMA synchronous = FULL")  # a committed step is on the disk
        db.execute("PRAGMA foreign_keys = ON")
        _migrate(db)
        _fill_active_seconds(db)
    except sqlite3.Error as error:
        db.close()
        if _is_damage(error):
            raise _Damaged(str(error)) from error
        raise _unavailable(path, error) from error
    except BaseException:
        db.close()
        raise
    return db


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _move_aside(path: Path, moment: datetime) -> Path:
    """Renames a damaged log (and its -wal/-shm) to `sessions.damaged-<time>.sqlite3`."""
    stamp = moment.strftime("%Y-%m-%dT%H-%M-%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    number = 2
    while target.exists():
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{number}{path.suffix}")
        number += 1
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            if _sidecar(path, suffix).exists():
                os.replace(_sidecar(path, suffix), _sidecar(target, suffix))
    except OSError as error:
        raise _unavailable(path, error) from error
    return target


def _as_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _check_rating(name: str, value: object) -> None:
    if value is not None and (type(value) is not int or not 0 <= value <= 10):
        raise ValueError(f"{name} must be an integer 0-10 or None, not {value!r}")


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""Default of `update_session` arguments: leave that field as it is."""


# --- reading helpers ---------------------------------------------------------------------

# The export shape of a session, less its steps. A session that never ended counts the
# seconds of its logged steps as its active time.
_SESSION_SELECT = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at,
           COALESCE(s.status, 'interrupted'), s.planned_seconds,
           COALESCE(s.active_seconds,
                    (SELECT ROUND(COALESCE(SUM(t.actual_seconds), 0), 3)
                     FROM steps t WHERE t.session_id = s.id)),
           s.pain_before, s.pain_after, s.notes, s.pauses
    FROM sessions s"""
SESSION_FIELDS = ("id", "routine_id", "routine_name", "started_at", "ended_at", "status",
                  "planned_seconds", "active_seconds", "pain_before", "pain_after", "notes",
                  "pauses")
STEP_FIELDS = ("index", "title", "kind", "side", "repetition", "planned_seconds",
               "actual_seconds", "outcome")

# One row per session with its steps counted, for CSV and the table: no per-session objects.
SUMMARY_FIELDS = SESSION_FIELDS + ("steps_completed", "steps_skipped")
_SUMMARY_SELECT = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at,
           COALESCE(s.status, 'interrupted'), s.planned_seconds,
           COALESCE(s.active_seconds, ROUND(COALESCE(SUM(t.actual_seconds), 0), 3)),
           s.pain_before, s.pain_after, s.notes, s.pauses,
           COALESCE(SUM(t.outcome = 'completed'), 0), COALESCE(SUM(t.outcome = 'skipped'), 0)
    FROM sessions s LEFT JOIN steps t ON t.session_id = s.id"""


def _filters(since: date | str | None, until: date | str | None, routine_id: str | None,
             status: str | None) -> tuple[str, list[object]]:
    """A WHERE clause for whole local days (inclusive), a routine and a status."""
    clauses: list[str] = []
    params: list[object] = []
    first_day, last_day = _as_day(since), _as_day(until)
    if first_day is not None:
        clauses.append("s.started_at >= ?")
        params.append(first_day.isoformat())
    if last_day is not None:
        clauses.append("s.started_at < ?")  # before the day after: the text starts with the day
        params.append((last_day + timedelta(days=1)).isoformat())
    if routine_id is not None:
        clauses.append("s.routine_id = ?")
        params.append(routine_id)
    if status == INTERRUPTED:
        clauses.append("s.status IS NULL")
    elif status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        clauses.append("s.status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _order(newest_first: bool) -> str:
    direction = "DESC" if newest_first else "ASC"
    # rowid breaks ties in the order sessions were written (an index on started_at holds it).
    return f" ORDER BY s.started_at {direction}, s.rowid {direction}"


# --- the log -----------------------------------------------------------------------------

class SessionLog:
    """The person's sessions, in `sessions.sqlite3`. Open with `SessionLog.open(...)`."""

    def __init__(self, db: sqlite3.Connection, path: Path,
                 now: Callable[[], datetime] = local_now) -> None:
        self._db = db
        self.path = path
        self._now = now
        self.moved_aside: Path | None = None
        """Where a damaged log was moved on opening, so the app can tell the person."""

    @classmethod
    def open(cls, where: DataPaths | str | os.PathLike[str], *,
             now: Callable[[], datetime] = local_now) -> SessionLog:
        """Opens (creating if needed) the log in a data dir or at a database path.

        A damaged file is moved aside and a fresh log started (see `moved_aside`). Raises
        NewerLogError for a file from a newer version, LogUnavailableError when the folder
        or disk cannot be used.
        """
        path = where.database if isinstance(where, DataPaths) else Path(where)
        _prepare_folder(path.parent)
        moved_aside = None
        try:
            db = _connect(path)
        except _Damaged:
            moved_aside = _move_aside(path, now())
            try:
                db = _connect(path)
            except _Damaged as error:
                raise LogUnavailableError(path, f"a new log is damaged too: {error}") from error
        log = cls(db, path, now)
        log.moved_aside = moved_aside
        return log

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for exchange code and tests that need raw SQL."""
        return self._db

    def _write(self, sql: str, params: tuple[object, ...]) -> sqlite3.Cursor:
        with _translated(self.path):
            return self._db.execute(sql, params)

    # --- writing -------------------------------------------------------------------------

    def begin_session(self, routine_id: str, routine_name: str, planned_seconds: int,
                      pain_before: int | None = None) -> str:
        """Logs the start of a session at once; returns its id (a UUID4 string)."""
        _check_rating("pain_before", pain_before)
        session_id = str(uuid.uuid4())
        self._write(
            "INSERT INTO sessions (id, routine_id, routine_name, started_at, planned_seconds,"
            " pain_before) VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, routine_id, routine_name, timestamp(self._now()), int(planned_seconds),
             pain_before),
        )
        return session_id

    def record_step(self, session_id: str, index: int, title: str, kind: str,
                    side: str | None, repetition: int, planned_seconds: int,
                    actual_seconds: float, outcome: str) -> None:
        """Logs one finished step, committed at once, after the session's earlier steps."""
        if side not in STEP_SIDES:
            raise ValueError(f"side must be left, right or None, not {side!r}")
        if outcome not in STEP_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(STEP_OUTCOMES)}, not {outcome!r}")
        try:
            with _translated(self.path), _transaction(self._db):
                self._db.execute(
                    "INSERT INTO steps (session_id, position, step_index, title, kind, side,"
                    " repetition, planned_seconds, actual_seconds, outcome)"
                    " SELECT ?, COALESCE(MAX(position) + 1, 0), ?, ?, ?, ?, ?, ?, ?, ?"
                    " FROM steps WHERE session_id = ?",
                    (session_id, index, title, kind, side, repetition, int(planned_seconds),
                     round(actual_seconds, 3), outcome, session_id),
                )
                # Until the session ends, its active time is its steps' time, kept with the
                # step that adds to it: a session cut short by a crash still has it.
                self._db.execute(_KEEP_ACTIVE_SECONDS + " WHERE id = ? AND status IS NULL",
                                 (session_id,))
        except sqlite3.IntegrityError as error:  # the foreign key: no such session
            raise KeyError(f"no session {session_id!r} in the log") from error

    def record_pause(self, session_id: str) -> None:
        self._update(session_id, "pauses = pauses + 1", ())

    def end_session(self, session_id: str, status: str, active_seconds: float) -> None:
        """Closes a session as `completed` or `stopped`; active time excludes pauses."""
        if status not in (COMPLETED, STOPPED):
            raise ValueError(f"a session ends completed or stopped, not {status!r}")
        self._update(session_id, "ended_at = ?, status = ?, active_seconds = ?",
                     (timestamp(self._now()), status, round(active_seconds, 3)))

    def update_session(self, session_id: str, *, pain_before: int | None = UNCHANGED,
                       pain_after: int | None = UNCHANGED, notes: str | None = UNCHANGED) -> None:
        """Changes the ratings or notes the person gives before or after a session."""
        changes: list[str] = []
        params: list[object] = []
        for name, value in (("pain_before", pain_before), ("pain_after", pain_after)):
            if value is not UNCHANGED:
                _check_rating(name, value)
                changes.append(f"{name} = ?")
                params.append(value)
        if notes is not UNCHANGED:
            changes.append("notes = ?")
            params.append(notes or "")
        if changes:
            self._update(session_id, ", ".join(changes), tuple(params))

    def _update(self, session_id: str, assignments: str, params: tuple[object, ...]) -> None:
        cursor = self._write(f"UPDATE sessions SET {assignments} WHERE id = ?",
                             (*params, session_id))
        if cursor.rowcount == 0:
            raise KeyError(f"no session {session_id!r} in the log")

    def delete_session(self, session_id: str) -> bool:
        """Removes a session and its steps; False when there was no such session."""
        with _translated(self.path), _transaction(self._db):
            self._db.execute("DELETE FROM steps WHERE session_id = ?", (session_id,))
            cursor = self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cursor.rowcount > 0

    def add_sessions(self, sessions: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Adds already-checked sessions in the export shape, all in one transaction.

        Returns (added, skipped): a session whose id is already in the log is left alone,
        so bringing in the same file twice adds nothing.
        """
        added = skipped = 0
        with _translated(self.path), _transaction(self._db):
            for session in sessions:
                if self._add_session(session):
                    added += 1
                else:
                    skipped += 1
        return added, skipped

    def _add_session(self, session: dict[str, Any]) -> bool:
        status = None if session["status"] == INTERRUPTED else session["status"]
        cursor = self._db.execute(
            "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, status,"
            " planned_seconds, active_seconds, pain_before, pain_after, notes, pauses)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (session["id"], session["routine_id"], session["routine_name"],
             session["started_at"], session["ended_at"], status, session["planned_seconds"],
             round(session["active_seconds"], 3), session["pain_before"],
             session["pain_after"], session["notes"], session["pauses"]),
        )
        if cursor.rowcount == 0:
            return False
        self._db.executemany(
            "INSERT INTO steps (session_id, position, step_index, title, kind, side,"
            " repetition, planned_seconds, actual_seconds, outcome)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(session["id"], position, step["index"], step["title"], step["kind"],
              step["side"], step["repetition"], step["planned_seconds"],
              round(step["actual_seconds"], 3), step["outcome"])
             for position, step in enumerate(session["steps"])],
        )
        return True

    # --- reading -------------------------------------------------------------------------

    def iter_sessions(self, since: date | str | None = None, until: date | str | None = None,
                      routine_id: str | None = None, status: str | None = None,
                      limit: int | None = None, offset: int = 0,
                      newest_first: bool = True) -> Iterator[dict[str, Any]]:
        """Sessions in the export shape, read in batches so a long history stays light."""
        where, params = _filters(since, until, routine_id, status)
        cursor = self._db.execute(
            _SESSION_SELECT + where + _order(newest_first) + " LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        while batch := cursor.fetchmany(_STEPS_BATCH):
            steps = self._steps_of([row[0] for row in batch])
            for row in batch:
                session = dict(zip(SESSION_FIELDS, row))
                session["steps"] = steps.get(row[0], [])
                yield session

    def _steps_of(self, session_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        marks = ", ".join("?" * len(session_ids))
        rows = self._db.execute(
            "SELECT session_id, step_index, title, kind, side, repetition, planned_seconds,"
            f" actual_seconds, outcome FROM steps WHERE session_id IN ({marks})"
            " ORDER BY session_id, position",
            session_ids,
        )
        steps: dict[str, list[dict[str, Any]]] = {}
        for session_id, *fields in rows:
            steps.setdefault(session_id, []).append(dict(zip(STEP_FIELDS, fields)))
        return steps

    def sessions(self, since: date | str | None = None, until: date | str | None = None,
                 routine_id: str | None = None, status: str | None = None,
                 limit: int | None = None, offset: int = 0,
                 newest_first: bool = True) -> list[dict[str, Any]]:
        """Sessions in the export shape; `since`/`until` are whole local days, inclusive."""
        return list(self.iter_sessions(since, until, routine_id, status, limit, offset,
                                       newest_first))

    def session(self, session_id: str) -> dict[str, Any] | None:
        row = self._db.execute(_SESSION_SELECT + " WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        session = dict(zip(SESSION_FIELDS, row))
        session["steps"] = self._steps_of([session_id]).get(session_id, [])
        return session

    def count(self, since: date | str | None = None, until: date | str | None = None,
              routine_id: str | None = None, status: str | None = None) -> int:
        where, params = _filters(since, until, routine_id, status)
        return int(self._db.execute("SELECT COUNT(*) FROM sessions s" + where, params)
                   .fetchone()[0])

    def summary_rows(self, since: date | str | None = None, until: date | str | None = None,
                     routine_id: str | None = None, status: str | None = None,
                     newest_first: bool = True) -> Iterator[tuple[Any, ...]]:
        """One tuple per session (SUMMARY_FIELDS), streamed straight from one SQL query."""
        where, params = _filters(since, until, routine_id, status)
        yield from self._db.execute(
            _SUMMARY_SELECT + where + " GROUP BY s.id" + _order(newest_first), params)

    def stats(self, since: date | str | None = None, until: date | str | None = None,
              routine_id: str | None = None, status: str | None = None) -> dict[str, Any]:
        """Everything the history shows: `totals()`, what helps (`pain_drop_by_routine`,
        from `what_helps()`) and `chart_series()` together."""
        return {**self.totals(since, until, routine_id, status),
                "pain_drop_by_routine": self.what_helps(since, until, routine_id, status),
                **self.chart_series(since, until, routine_id, status)}

    def totals(self, since: date | str | None = None, until: date | str | None = None,
               routine_id: str | None = None, status: str | None = None) -> dict[str, Any]:
        """Sessions, minutes and the day streak: what the history shows the moment it
        opens. A few aggregate queries, no per-session Python."""
        where, params = _filters(since, until, routine_id, status)
        sessions, seconds = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(COALESCE(s.active_seconds, (SELECT"
            " COALESCE(SUM(t.actual_seconds), 0) FROM steps t WHERE t.session_id = s.id))), 0)"
            " FROM sessions s" + where, params).fetchone()
        return {
            "sessions": sessions,
            "minutes": round(seconds / 60, 1),
            "day_streak": self._day_streak(where, params),
        }

    def what_helps(self, since: date | str | None = None, until: date | str | None = None,
                   routine_id: str | None = None,
                   status: str | None = None) -> list[dict[str, Any]]:
        """Average pain drop per routine (see `_pain_drop_by_routine`), by routine id."""
        where, params = _filters(since, until, routine_id, status)
        return self._pain_drop_by_routine(where, params)

    def chart_series(self, since: date | str | None = None, until: date | str | None = None,
                     routine_id: str | None = None,
                     status: str | None = None) -> dict[str, Any]:
        """What the charts draw: sessions per ISO week over the newest `CHART_WEEKS` weeks,
        and pain before and after of the newest `CHART_RATED_SESSIONS` rated sessions."""
        where, params = _filters(since, until, routine_id, status)
        return {
            "sessions_per_week": self._sessions_per_week(where, params),
            "pain_series": self._pain_series(where, params),
        }

    def _day_streak(self, where: str, params: list[object]) -> int:
        """Consecutive days with a session, ending on the newest session's day.

        Walks back from the newest day one index look-up per day, stopping at the first day
        without a session: a week's streak costs a few look-ups, not a pass over every day
        ever logged (and a streak of decades still costs less than numbering them all).
        """
        within = (" AND " if where else " WHERE ")
        row = self._db.execute(
            "WITH RECURSIVE walk(day) AS (SELECT substr(MAX(s.started_at), 1, 10)"
            " FROM sessions s" + where + " UNION ALL SELECT date(walk.day, '-1 day') FROM walk"
            " WHERE EXISTS (SELECT 1 FROM sessions s" + where + within
            + "s.started_at >= date(walk.day, '-1 day') AND s.started_at < walk.day))"
            " SELECT COUNT(day) FROM walk", [*params, *params]).fetchone()
        return int(row[0])

    def _pain_drop_by_routine(self, where: str, params: list[object]) -> list[dict[str, Any]]:
        """Average of before − after per routine, over sessions rated both times."""
        rated = " AND " if where else " WHERE "
        rows = self._db.execute(
            # One pass over the table (`+` keeps SQLite from walking the routine index and
            # looking each row up from there, twice as slow); the name is the newest one
            # logged, the one the person knows the routine by today.
            "SELECT g.routine_id, (SELECT n.routine_name FROM sessions n WHERE n.routine_id ="
            " g.routine_id ORDER BY n.started_at DESC LIMIT 1), g.rated, g.drop_ FROM"
            " (SELECT +s.routine_id AS routine_id, COUNT(*) AS rated,"
            " AVG(s.pain_before - s.pain_after) AS drop_ FROM sessions s" + where + rated
            + "s.pain_before IS NOT NULL AND s.pain_after IS NOT NULL"
            " GROUP BY 1) g ORDER BY g.routine_id", params)
        return [{"routine_id": routine, "routine_name": name, "sessions": count,
                 "average_drop": round(drop, 2)} for routine, name, count, drop in rows]

    def _sessions_per_week(self, where: str, params: list[object],
                           weeks: int = CHART_WEEKS) -> list[dict[str, Any]]:
        """Sessions per ISO week (`2026-W47`), the newest `weeks` weeks up to the newest
        session. SQL counts per day over that span only (the start-time index finds it);
        Python folds the days, at most a year of them, into ISO weeks."""
        newest = self._db.execute("SELECT MAX(s.started_at) FROM sessions s" + where,
                                  params).fetchone()[0]
        if newest is None:
            return []
        newest_day = date.fromisoformat(newest[:10])
        first_monday = newest_day - timedelta(days=newest_day.weekday(), weeks=weeks - 1)
        span = (" AND " if where else " WHERE ") + "s.started_at >= ?"
        rows = self._db.execute(
            "SELECT substr(s.started_at, 1, 10) AS day, COUNT(*) FROM sessions s" + where
            + span + " GROUP BY day", [*params, first_monday.isoformat()])
        per_week: dict[str, int] = {}
        for day, count in rows:
            year, week, _ = date.fromisoformat(day).isocalendar()
            key = f"{year}-W{week:02d}"
            per_week[key] = per_week.get(key, 0) + count
        return [{"week": week, "sessions": per_week[week]} for week in sorted(per_week)]

    def _pain_series(self, where: str, params: list[object],
                     limit: int = CHART_RATED_SESSIONS) -> list[dict[str, Any]]:
        """Pain before and after, oldest first, for the newest `limit` sessions rated at
        least once."""
        rated = " AND " if where else " WHERE "
        rows = self._db.execute(
            "SELECT s.started_at, s.routine_id, s.pain_before, s.pain_after FROM sessions s"
            + where + rated + "(s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL)"
            + _order(newest_first=True) + " LIMIT ?", [*params, limit]).fetchall()
        rows.reverse()
        return [{"started_at": started, "routine_id": routine, "pain_before": before,
                 "pain_after": after} for started, routine, before, after in rows]
