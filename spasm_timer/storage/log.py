"""The session log: one SQLite file holding every session and every step the person did.

Each write is its own committed transaction (WAL journal, `synchronous=FULL`), so a step
survives a crash or a pulled plug the moment it has landed. A session that was never closed
keeps `status` NULL in the file and reads as `interrupted`.

Every write can be given its own id, time and position, and does nothing when it has already
landed: the app's writer (`log_writer`) may apply a write a second time after a crash, from
its file of writes still waiting, and the log must end up the same.

Times are stored as local ISO 8601 with the UTC offset (`2026-11-21T10:30:00.123+01:00`): its
first ten characters are the day as the person lived it, which is what day filters, the day
streak and the weekly counts use. Ordering is by that text; it can be off by an hour only
around a daylight-saving change, which a history of days does not notice.

The module is split along its seams: `log_schema` (tables, migrations), `log_opening`
(folder, file, checks, moving aside), `log_statistics` (filters and totals).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spasm_timer.i18n import _
from spasm_timer.paths import DataPaths
from spasm_timer.storage import log_statistics as stats
from spasm_timer.storage.app_presence import session_in_progress
from spasm_timer.storage.import_rows import FlatRows, RowBatch
from spasm_timer.storage.log_bulk import RepeatedSessionError, add_batches, batches
from spasm_timer.storage.log_opening import (
    BUSY_TIMEOUT_SECONDS,
    Damaged,
    LogBusyError,
    LogDamagedError,
    LogError,
    LogUnavailableError,
    NewerLogError,
    connect,
    keep_orphans,
    move_aside,
    prepare_folder,
    transaction,
    translated,
)
from spasm_timer.storage.log_schema import (
    ACTIVE_SECONDS_SQL,
    COMPLETED,
    FILL_MISSING_ACTIVE_SECONDS,
    IN_PROGRESS,
    INTERRUPTED,
    KEEP_ACTIVE_SECONDS,
    MAX_NOTES_CHARS,
    MIGRATIONS,
    SCHEMA_VERSION,
    STATUSES,
    STEP_OUTCOMES,
    STEP_SIDES,
    STOPPED,
)
from spasm_timer.storage.log_statistics import CHART_RATED_SESSIONS, CHART_WEEKS
from spasm_timer.storage.session_ids import new_session_id

__all__ = [
    "BUSY_TIMEOUT_SECONDS", "CHART_RATED_SESSIONS", "CHART_WEEKS", "COMPLETED", "INTERRUPTED",
    "IN_PROGRESS",
    "MAX_NOTES_CHARS", "MIGRATIONS", "SCHEMA_VERSION", "SESSION_FIELDS", "STATUSES", "STEP_FIELDS",
    "STEP_OUTCOMES", "STEP_SIDES", "STOPPED", "SUMMARY_FIELDS", "UNCHANGED", "LogBusyError",
    "LogDamagedError", "LogError", "LogUnavailableError", "NewerLogError", "RepeatedSessionError",
    "SessionLog", "local_now", "loggable_note", "loggable_text", "timestamp",
]

_STEPS_BATCH = 500  # sessions whose steps are fetched in one query when reading


def local_now() -> datetime:
    return datetime.now().astimezone()


def timestamp(moment: datetime) -> str:
    """`2026-11-21T10:30:00.123+01:00`: local time, milliseconds, with its offset."""
    return moment.isoformat(timespec="milliseconds")


def loggable_text(text: str) -> str:
    """`text` as SQLite can store it. A routine file name that is not UTF-8 reaches Python
    with its bad bytes as lone surrogates, which no UTF-8 text can hold: each shows as �."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the bytes the file name really had
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")  # a lone surrogate from elsewhere
    return raw.decode("utf-8", "replace")


def loggable_note(notes: str | None) -> str:
    """A note as the log keeps it: at most MAX_NOTES_CHARS characters, wherever it was
    written (the end screen, History), so that every export imports again."""
    return loggable_text(notes or "")[:MAX_NOTES_CHARS]


def _check_rating(name: str, value: object) -> None:
    if value is not None and (type(value) is not int or not 0 <= value <= 10):
        raise ValueError(f"{name} must be an integer 0-10 or None, not {value!r}")


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""Default of `update_session` arguments: leave that field as it is."""


# The export shape of a session, less its steps. A session that never ended counts the
# seconds of its logged steps as its active time.
_SESSION_SELECT = f"""
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at,
           COALESCE(s.status, 'interrupted'), s.planned_seconds, {ACTIVE_SECONDS_SQL},
           s.pain_before, s.pain_after, s.notes, s.pauses
    FROM sessions s"""
SESSION_FIELDS = ("id", "routine_id", "routine_name", "started_at", "ended_at", "status",
                  "planned_seconds", "active_seconds", "pain_before", "pain_after", "notes",
                  "pauses")
STEP_FIELDS = ("index", "title", "kind", "side", "repetition", "planned_seconds",
               "actual_seconds", "outcome")

# One row per session with its steps counted, for CSV and the table: no per-session objects.
# The steps are counted per session, not by a join and GROUP BY: that made SQLite sort every
# row before the first came out (a million, for a long log); this streams in index order.
SUMMARY_FIELDS = (*SESSION_FIELDS, "steps_completed", "steps_skipped")
_SUMMARY_SELECT = f"""
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at,
           COALESCE(s.status, 'interrupted'), s.planned_seconds, {ACTIVE_SECONDS_SQL},
           s.pain_before, s.pain_after, s.notes, s.pauses,
           (SELECT COUNT(*) FROM steps t WHERE t.session_id = s.id AND t.outcome = 'completed'),
           (SELECT COUNT(*) FROM steps t WHERE t.session_id = s.id AND t.outcome = 'skipped')
    FROM sessions s"""


class SessionLog:
    """The person's sessions, in `sessions.sqlite3`. Open with `SessionLog.open(...)`."""

    def __init__(self, db: sqlite3.Connection, path: Path,
                 now: Callable[[], datetime] = local_now) -> None:
        self._db = db
        self.path = path
        self._now = now
        self.moved_aside: Path | None = None
        """Where a damaged log (or an orphan -wal) was moved on opening, to tell the person."""

    @classmethod
    def open(cls, where: DataPaths | str | os.PathLike[str], *,
             now: Callable[[], datetime] = local_now, full_check: bool = False,
             timeout: float = BUSY_TIMEOUT_SECONDS) -> SessionLog:
        """Opens (creating if needed) the log in a data dir or at a database path.

        A damaged file is moved aside and a fresh log started (see `moved_aside`). Raises
        NewerLogError for a file from a newer version, LogUnavailableError when the folder
        or disk cannot be used (LogBusyError while another program holds its lock longer
        than `timeout`). `full_check` reads every page first (`PRAGMA quick_check`).
        """
        path = where.database if isinstance(where, DataPaths) else Path(where)
        prepare_folder(path.parent)
        moved_aside = keep_orphans(path, now)
        try:
            db = connect(path, full_check, timeout)
        except Damaged:
            moved_aside = move_aside(path, now())
            try:
                db = connect(path, full_check, timeout)
            except Damaged as error:
                raise LogUnavailableError(path, _("a new log is damaged too: {problem}").format(
                    problem=error)) from error
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
        with translated(self.path):
            return self._db.execute(sql, params)

    # --- writing -------------------------------------------------------------------------

    def begin_session(self, routine_id: str, routine_name: str, planned_seconds: int,
                      pain_before: int | None = None, *, session_id: str | None = None,
                      started_at: str | None = None) -> str:
        """Logs the start of a session at once; returns its id (a UUID4 string unless
        given). A session already in the log with that id is left as it is."""
        _check_rating("pain_before", pain_before)
        session_id = session_id or new_session_id()
        self._write(
            "INSERT INTO sessions (id, routine_id, routine_name, started_at, planned_seconds,"
            " pain_before) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (session_id, loggable_text(routine_id), loggable_text(routine_name),
             started_at or timestamp(self._now()), int(planned_seconds), pain_before),
        )
        return session_id

    def record_step(self, session_id: str, index: int, title: str, kind: str,
                    side: str | None, repetition: int, planned_seconds: int,
                    actual_seconds: float, outcome: str, *, position: int | None = None) -> None:
        """Logs one finished step, committed at once: at `position` in the session (from
        0; a step already there is left as it is), or after the session's earlier steps."""
        if side not in STEP_SIDES:
            raise ValueError(f"side must be left, right or None, not {side!r}")
        if outcome not in STEP_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(STEP_OUTCOMES)}, not {outcome!r}")
        # Without a position: one more than the session's last (MAX makes the one row).
        place = ("(SELECT COALESCE(MAX(position) + 1, 0) FROM steps WHERE session_id = ?)"
                 if position is None else "?")
        try:
            with translated(self.path), transaction(self._db):
                self._db.execute(
                    "INSERT INTO steps (session_id, position, step_index, title, kind, side,"
                    " repetition, planned_seconds, actual_seconds, outcome)"
                    f" VALUES (?, {place}, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (session_id, session_id if position is None else int(position), index,
                     loggable_text(title), kind, side, repetition, int(planned_seconds),
                     round(actual_seconds, 3), outcome),
                )
                # Until the session ends, its active time is its steps' time, kept with the
                # step that adds to it: a session cut short by a crash still has it.
                self._db.execute(KEEP_ACTIVE_SECONDS + " WHERE id = ? AND status IS NULL",
                                 (session_id,))
        except sqlite3.IntegrityError as error:  # the foreign key: no such session
            raise KeyError(f"no session {session_id!r} in the log") from error

    def record_pause(self, session_id: str, pauses: int | None = None) -> None:
        """One more pause; or, given `pauses`, that many at least (writing it twice is
        writing it once)."""
        if pauses is None:
            self._update(session_id, "pauses = pauses + 1", ())
        else:
            self._update(session_id, "pauses = MAX(pauses, ?)", (int(pauses),))

    def end_session(self, session_id: str, status: str, active_seconds: float,
                    ended_at: str | None = None) -> None:
        """Closes a session as `completed` or `stopped`; active time excludes pauses."""
        if status not in (COMPLETED, STOPPED):
            raise ValueError(f"a session ends completed or stopped, not {status!r}")
        self._update(session_id, "ended_at = ?, status = ?, active_seconds = ?",
                     (ended_at or timestamp(self._now()), status, round(active_seconds, 3)))

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
            params.append(loggable_note(notes))
        if changes:
            self._update(session_id, ", ".join(changes), tuple(params))

    def _update(self, session_id: str, assignments: str, params: tuple[object, ...]) -> None:
        cursor = self._write(f"UPDATE sessions SET {assignments} WHERE id = ?",
                             (*params, session_id))
        if cursor.rowcount == 0:
            raise KeyError(f"no session {session_id!r} in the log")

    def delete_session(self, session_id: str) -> bool:
        """Removes a session and its steps; False when there was no such session."""
        with translated(self.path), transaction(self._db):
            self._db.execute("DELETE FROM steps WHERE session_id = ?", (session_id,))
            cursor = self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cursor.rowcount > 0

    def fill_active_seconds(self, at_most: int = -1) -> int:
        """Gives sessions that never ended their steps' time as active time, where missing:
        `at_most` of them (all when negative), in one transaction. Returns how many.

        `record_step` keeps it up to date, but logs written before it did (or by an older
        version) have it NULL; then every total had to add up those sessions' steps again.
        The values read stay the same: readers fall back to the same sum.
        """
        with translated(self.path), transaction(self._db):
            return self._db.execute(FILL_MISSING_ACTIVE_SECONDS, (at_most,)).rowcount

    def add_sessions(self, sessions: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Adds sessions in the export shape, checked by `import_checks` already, all in
        one transaction (see `log_bulk`).

        Returns (added, skipped): a session whose id is already in the log is left alone,
        so bringing in the same file twice adds nothing. The same id twice in `sessions`
        raises RepeatedSessionError and adds nothing.
        """
        return self.add_session_batches(batches(sessions))

    def add_session_batches(self, row_batches: Iterable[RowBatch | FlatRows],
                            alone: bool = False) -> tuple[int, int]:
        """`add_sessions` for sessions already built into rows, as an import reads them
        (see `import_rows`); `alone` for a command that has the log to itself (see
        `import_journal`)."""
        with translated(self.path):
            return add_batches(self._db, row_batches, alone)

    # --- reading -------------------------------------------------------------------------

    def in_progress(self) -> str | None:
        """The session a living app is running now (it reads `in progress`, not
        `interrupted`), or None."""
        return session_in_progress(self.path)

    @staticmethod
    def status_now(session_id: str, status: str, running: str | None) -> str:
        """`status` as read from the file, or `in progress` for the running session."""
        return IN_PROGRESS if status == INTERRUPTED and session_id == running else status

    def iter_sessions(self, since: date | str | None = None, until: date | str | None = None,
                      routine_id: str | None = None, status: str | None = None,
                      limit: int | None = None, offset: int = 0,
                      newest_first: bool = True) -> Iterator[dict[str, Any]]:
        """Sessions in the export shape, read in batches so a long history stays light."""
        where, params = stats.session_filters(since, until, routine_id, status)
        cursor = self._db.execute(
            _SESSION_SELECT + where + stats.order_by(newest_first) + " LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        )
        running = self.in_progress()
        while batch := cursor.fetchmany(_STEPS_BATCH):
            steps = self._steps_of([row[0] for row in batch])
            for row in batch:
                session = dict(zip(SESSION_FIELDS, row, strict=True))
                session["status"] = self.status_now(row[0], session["status"], running)
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
            steps.setdefault(session_id, []).append(dict(zip(STEP_FIELDS, fields, strict=True)))
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
        session = dict(zip(SESSION_FIELDS, row, strict=True))
        session["status"] = self.status_now(session_id, session["status"], self.in_progress())
        session["steps"] = self._steps_of([session_id]).get(session_id, [])
        return session

    def count(self, since: date | str | None = None, until: date | str | None = None,
              routine_id: str | None = None, status: str | None = None) -> int:
        where, params = stats.session_filters(since, until, routine_id, status)
        return int(self._db.execute("SELECT COUNT(*) FROM sessions s" + where, params)
                   .fetchone()[0])

    def summary_rows(self, since: date | str | None = None, until: date | str | None = None,
                     routine_id: str | None = None, status: str | None = None,
                     newest_first: bool = True) -> Iterator[tuple[Any, ...]]:
        """One tuple per session (SUMMARY_FIELDS), streamed straight from one SQL query."""
        where, params = stats.session_filters(since, until, routine_id, status)
        running = self.in_progress()
        status_at = SUMMARY_FIELDS.index("status")
        for row in self._db.execute(
                _SUMMARY_SELECT + where + stats.order_by(newest_first), params):
            if row[0] == running:
                row = (*row[:status_at], self.status_now(row[0], row[status_at], running),
                       *row[status_at + 1:])
            yield row

    # --- what the history shows on top (see log_statistics) ------------------------------

    def stats(self, since: date | str | None = None, until: date | str | None = None,
              routine_id: str | None = None, status: str | None = None) -> dict[str, Any]:
        """Everything the history shows: `totals()`, what helps (`pain_drop_by_routine`,
        from `what_helps()`) and `chart_series()` together."""
        return {**self.totals(since, until, routine_id, status),
                "pain_drop_by_routine": self.what_helps(since, until, routine_id, status),
                **self.chart_series(since, until, routine_id, status)}

    def totals(self, since: date | str | None = None, until: date | str | None = None,
               routine_id: str | None = None, status: str | None = None) -> dict[str, Any]:
        """Sessions, minutes and the day streak: a few aggregate queries."""
        return stats.totals(self._db, *stats.session_filters(since, until, routine_id, status))

    def what_helps(self, since: date | str | None = None, until: date | str | None = None,
                   routine_id: str | None = None,
                   status: str | None = None) -> list[dict[str, Any]]:
        """Average pain drop per routine, by routine id."""
        where, params = stats.session_filters(since, until, routine_id, status)
        return stats.pain_drop_by_routine(self._db, where, params)

    def chart_series(self, since: date | str | None = None, until: date | str | None = None,
                     routine_id: str | None = None,
                     status: str | None = None) -> dict[str, Any]:
        """What the charts draw: sessions per ISO week over the newest `CHART_WEEKS` weeks,
        and pain before and after of the newest `CHART_RATED_SESSIONS` rated sessions."""
        where, params = stats.session_filters(since, until, routine_id, status)
        return {
            "sessions_per_week": stats.sessions_per_week(self._db, where, params),
            "pain_series": stats.pain_series(self._db, where, params),
        }
