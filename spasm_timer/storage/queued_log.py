"""The log as the app uses it: every write handed to the `LogWriter` thread, reads on the
window's own connection.

`QueuedWrites` has the log's write methods, but each returns at once: the recorder, the end
screen and the history window call them on the GUI thread and never wait for the disk. They
check their arguments at once (a wrong rating raises ValueError here, not later on the
writer's thread), and give every write its own time, id and position, taken the moment it
happened, so a write that lands seconds later still says when it was done.

`QueuedLog` is a `SessionLog` for reading (the history window) whose writes go the same way.
`import_connection` is the one exception: an import, on a worker thread, writes through a
connection of its own (see the function).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spasm_timer.storage.app_presence import AppPresence
from spasm_timer.storage.log import (
    COMPLETED,
    STEP_OUTCOMES,
    STEP_SIDES,
    STOPPED,
    UNCHANGED,
    SessionLog,
    local_now,
    loggable_note,
    loggable_text,
    timestamp,
)
from spasm_timer.storage.log_opening import open_writable, translated
from spasm_timer.storage.log_writer import LogWriter
from spasm_timer.storage.pending_writes import Write
from spasm_timer.storage.session_ids import new_session_id

# The window's reads wait this long for a lock at most; the history says what it cannot read.
READ_BUSY_TIMEOUT = 1.0


def _check_rating(name: str, value: object) -> None:
    if value is not None and (type(value) is not int or not 0 <= value <= 10):
        raise ValueError(f"{name} must be an integer 0-10 or None, not {value!r}")


class QueuedWrites:
    """The log's writes, queued to `writer`; none of them waits or raises a storage error."""

    def __init__(self, writer: LogWriter, presence: AppPresence | None = None) -> None:
        self.writer = writer
        self.presence = presence  # names the running session while the app lives
        # An import of the app's own holds the log (History › Import…): what writes wait for.
        self.importing = False

    def begin_session(self, routine_id: str, routine_name: str, planned_seconds: int,
                      pain_before: int | None = None) -> str:
        _check_rating("pain_before", pain_before)
        session_id = new_session_id()
        self.writer.submit(Write("begin", session_id, {
            "routine_id": loggable_text(routine_id),
            "routine_name": loggable_text(routine_name),
            "planned_seconds": int(planned_seconds), "pain_before": pain_before,
            "started_at": timestamp(local_now())}))
        if self.presence is not None:
            self.presence.running(session_id)
        return session_id

    def record_step(self, session_id: str, index: int, title: str, kind: str,
                    side: str | None, repetition: int, planned_seconds: int,
                    actual_seconds: float, outcome: str, *, position: int) -> None:
        if side not in STEP_SIDES:
            raise ValueError(f"side must be left, right or None, not {side!r}")
        if outcome not in STEP_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(STEP_OUTCOMES)}, not {outcome!r}")
        self.writer.submit(Write("step", session_id, {
            "index": index, "title": loggable_text(title), "kind": kind, "side": side,
            "repetition": repetition, "planned_seconds": int(planned_seconds),
            "actual_seconds": round(actual_seconds, 3), "outcome": outcome,
            "position": int(position)}))

    def record_pause(self, session_id: str, pauses: int) -> None:
        """The session has been paused `pauses` times so far."""
        self.writer.submit(Write("pauses", session_id, {"pauses": int(pauses)}))

    def end_session(self, session_id: str, status: str, active_seconds: float) -> None:
        if status not in (COMPLETED, STOPPED):
            raise ValueError(f"a session ends completed or stopped, not {status!r}")
        self.writer.submit(Write("end", session_id, {
            "status": status, "active_seconds": round(active_seconds, 3),
            "ended_at": timestamp(local_now())}))
        if self.presence is not None:
            self.presence.running(None)

    def update_session(self, session_id: str, *, pain_before: int | None = UNCHANGED,
                       pain_after: int | None = UNCHANGED, notes: str | None = UNCHANGED) -> None:
        values: dict[str, object] = {}
        for name, value in (("pain_before", pain_before), ("pain_after", pain_after)):
            if value is not UNCHANGED:
                _check_rating(name, value)
                values[name] = value
        if notes is not UNCHANGED:
            values["notes"] = loggable_note(notes)
        if values:
            self.writer.submit(Write("update", session_id, values))

    def delete_session(self, session_id: str) -> None:
        self.writer.submit(Write("delete", session_id, {}))

    def is_saved(self, session_id: str) -> bool:
        return self.writer.state().is_saved(session_id)


class QueuedLog(SessionLog):
    """A log to read on the GUI thread, whose writes go through the writer thread."""

    def __init__(self, db: sqlite3.Connection, path: Path, writes: QueuedWrites) -> None:
        super().__init__(db, path)
        self.writes = writes

    @classmethod
    def reading(cls, writes: QueuedWrites) -> QueuedLog:
        """A reader of the log the writer has opened (so checked and migrated): no checks,
        no writes, a moment's work."""
        path = writes.writer.database
        db = sqlite3.connect(path, timeout=READ_BUSY_TIMEOUT, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        return cls(db, path, writes)

    def begin_session(self, routine_id: str, routine_name: str, planned_seconds: int,  # type: ignore[override]
                      pain_before: int | None = None) -> str:
        return self.writes.begin_session(routine_id, routine_name, planned_seconds, pain_before)

    def record_step(self, session_id: str, index: int, title: str, kind: str,  # type: ignore[override]
                    side: str | None, repetition: int, planned_seconds: int,
                    actual_seconds: float, outcome: str, *, position: int) -> None:
        self.writes.record_step(session_id, index, title, kind, side, repetition,
                                planned_seconds, actual_seconds, outcome, position=position)

    def record_pause(self, session_id: str, pauses: int) -> None:  # type: ignore[override]
        self.writes.record_pause(session_id, pauses)

    def end_session(self, session_id: str, status: str, active_seconds: float,
                    ended_at: str | None = None) -> None:
        self.writes.end_session(session_id, status, active_seconds)

    def update_session(self, session_id: str, *, pain_before: int | None = UNCHANGED,
                       pain_after: int | None = UNCHANGED, notes: str | None = UNCHANGED) -> None:
        self.writes.update_session(session_id, pain_before=pain_before, pain_after=pain_after,
                                   notes=notes)

    def delete_session(self, session_id: str) -> bool:
        """Queues the delete; True when the session was there to delete."""
        found = self._db.execute("SELECT 1 FROM sessions WHERE id = ?",
                                 (session_id,)).fetchone() is not None
        self.writes.delete_session(session_id)
        return found


def import_connection(path: Path) -> SessionLog:
    """The log the writer has opened (so checked and migrated), on a connection of its own
    for an import on a worker thread. An import is one transaction of minutes for a long
    file: on the writer's thread it would hold the session's writes in memory all that
    time. Here SQLite's lock keeps the two in turn instead: the writer's writes wait, kept
    in the pending file, and land as soon as the import commits or is rolled back."""
    with translated(path):
        return SessionLog(open_writable(path), path)
