"""Adding many sessions at once (an import): a batch at a time, in one transaction.

A million sessions hold twelve million steps, so the per-row cost is what counts. Each batch
is one query for the ids already in the log and one `executemany` per table. The schema's
CHECKs are not evaluated on these rows: `import_checks` has checked every one of them (and
more) before, and SQLite 3.40 spends more on a CHECK of the form `x IN (...)` than on the
rest of the row. Nor are the foreign keys: a step goes in right after its session, in the
same batch, so no step can be without one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from spasm_timer.storage.log_opening import transaction
from spasm_timer.storage.log_schema import INTERRUPTED

BATCH_SESSIONS = 1_000
# Pages SQLite may keep while adding: the indexes of a long log stay in memory (KiB).
_CACHE_KIB = 32 * 1024

_INSERT_SESSION = (
    "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, status,"
    " planned_seconds, active_seconds, pain_before, pain_after, notes, pauses)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_STEP = (
    "INSERT INTO steps (session_id, position, step_index, title, kind, side, repetition,"
    " planned_seconds, actual_seconds, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


class RepeatedSessionError(ValueError):
    """The same session id came twice; nothing was added."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"session {session_id} comes twice")


def batches(sessions: Iterable[dict[str, Any]],
            size: int = BATCH_SESSIONS) -> Iterator[list[dict[str, Any]]]:
    items = iter(sessions)
    while batch := list(islice(items, size)):
        yield batch


@contextmanager
def _bulk_settings(db: sqlite3.Connection) -> Iterator[None]:
    """CHECKs and foreign keys off, and a larger page cache, while adding; the connection's
    own after. Outside any transaction: SQLite ignores `foreign_keys` inside one."""
    cache, foreign_keys = (db.execute(f"PRAGMA {name}").fetchone()[0]
                           for name in ("cache_size", "foreign_keys"))
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute("PRAGMA ignore_check_constraints = OFF")
        db.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        db.execute(f"PRAGMA cache_size = {int(cache)}")


def add_batches(db: sqlite3.Connection,
                session_batches: Iterable[list[dict[str, Any]]]) -> tuple[int, int]:
    """Adds checked sessions in the export shape, all in one transaction; returns (added,
    skipped as already in the log). The same id twice raises RepeatedSessionError and adds
    nothing."""
    added = skipped = 0
    with _bulk_settings(db), transaction(db):
        first_new = db.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM sessions").fetchone()[0]
        for batch in session_batches:
            new = _new_sessions(db, batch, first_new)
            _insert(db, new)
            added += len(new)
            skipped += len(batch) - len(new)
    return added, skipped


def _new_sessions(db: sqlite3.Connection, batch: list[dict[str, Any]],
                  first_new: int) -> list[dict[str, Any]]:
    """The sessions of `batch` not yet in the log; RepeatedSessionError for one this same
    import has added already (at `first_new` or after) or that comes twice in the batch."""
    ids = [session["id"] for session in batch]
    found: dict[str, int] = {}
    for start in range(0, len(ids), BATCH_SESSIONS):  # within SQLite's limit of parameters
        some = ids[start:start + BATCH_SESSIONS]
        marks = ", ".join("?" * len(some))
        found.update(db.execute(f"SELECT id, rowid >= ? FROM sessions WHERE id IN ({marks})",
                                (first_new, *some)))
    new = []
    seen: set[str] = set()
    for session_id, session in zip(ids, batch, strict=True):
        added_before = found.get(session_id)
        if added_before or (added_before is None and session_id in seen):
            raise RepeatedSessionError(session_id)
        if added_before is None:
            seen.add(session_id)
            new.append(session)
    return new


def _session_row(session: dict[str, Any]) -> tuple[Any, ...]:
    status = None if session["status"] == INTERRUPTED else session["status"]
    return (session["id"], session["routine_id"], session["routine_name"],
            session["started_at"], session["ended_at"], status, session["planned_seconds"],
            round(session["active_seconds"], 3), session["pain_before"],
            session["pain_after"], session["notes"], session["pauses"])


def _insert(db: sqlite3.Connection, sessions: list[dict[str, Any]]) -> None:
    db.executemany(_INSERT_SESSION, map(_session_row, sessions))
    # A list comprehension: faster here than zip(*...) over the columns, or named parameters.
    db.executemany(_INSERT_STEP, [
        (session_id, position, step["index"], step["title"], step["kind"], step["side"],
         step["repetition"], step["planned_seconds"], round(step["actual_seconds"], 3),
         step["outcome"])
        for session in sessions for session_id in (session["id"],)
        for position, step in enumerate(session["steps"])])
