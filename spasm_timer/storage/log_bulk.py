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

from spasm_timer.storage.import_rows import RowBatch, row_batch
from spasm_timer.storage.log_opening import transaction

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
            size: int = BATCH_SESSIONS) -> Iterator[RowBatch]:
    """Checked sessions in the export shape as row batches of at most `size`."""
    items = iter(sessions)
    while batch := list(islice(items, size)):
        yield row_batch(batch)


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


def add_batches(db: sqlite3.Connection, row_batches: Iterable[RowBatch]) -> tuple[int, int]:
    """Adds checked sessions as rows (see `import_rows`), all in one transaction; returns
    (added, skipped as already in the log). The same id twice raises RepeatedSessionError
    and adds nothing."""
    added = skipped = 0
    with _bulk_settings(db), transaction(db):
        first_new = db.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM sessions").fetchone()[0]
        for batch in row_batches:
            new = _new_sessions(db, batch, first_new)
            _insert(db, new)
            added += len(new.sessions)
            skipped += len(batch.sessions) - len(new.sessions)
    return added, skipped


def _new_sessions(db: sqlite3.Connection, batch: RowBatch, first_new: int) -> RowBatch:
    """The sessions of `batch` not yet in the log, with their steps; RepeatedSessionError
    for one this same import has added already (at `first_new` or after) or that comes
    twice in the batch."""
    ids = [row[0] for row in batch.sessions]
    found: dict[str, int] = {}
    for start in range(0, len(ids), BATCH_SESSIONS):  # within SQLite's limit of parameters
        some = ids[start:start + BATCH_SESSIONS]
        marks = ", ".join("?" * len(some))
        found.update(db.execute(f"SELECT id, rowid >= ? FROM sessions WHERE id IN ({marks})",
                                (first_new, *some)))
    new = []
    seen: set[str] = set()
    for session_id, row in zip(ids, batch.sessions, strict=True):
        added_before = found.get(session_id)
        if added_before or (added_before is None and session_id in seen):
            raise RepeatedSessionError(session_id)
        if added_before is None:
            seen.add(session_id)
            new.append(row)
    if len(new) == len(batch.sessions):
        return batch
    return RowBatch(new, [step for step in batch.steps if step[0] in seen])


def _insert(db: sqlite3.Connection, batch: RowBatch) -> None:
    db.executemany(_INSERT_SESSION, batch.sessions)
    db.executemany(_INSERT_STEP, batch.steps)
