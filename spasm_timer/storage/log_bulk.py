"""Adding many sessions at once (an import): a batch at a time, in one transaction.

A million sessions hold twelve million steps, so the per-row cost is what counts. Each batch
is one query for the ids already in the log and up to two `executemany` per table: one whose
statement adds many rows (`_ROWS_PER_STATEMENT`), one for the few left over. SQLite's work
for each statement run (stepping, resetting, finding its place in the table and indexes
again) is then shared by all of them, about a quarter less CPU than a statement for each
row. The schema's CHECKs are not evaluated on these rows: `import_checks`' rules have
checked every one of them (and more) before, and SQLite 3.40 spends more on a CHECK of the
form `x IN (...)` than on the rest of the row. Nor are the foreign keys: a step goes in
right after its session, in the same batch, so no step can be without one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, islice
from typing import Any

from spasm_timer.storage.import_journal import written_once
from spasm_timer.storage.import_rows import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    FlatRows,
    RowBatch,
    flat_rows,
    row_batch,
)
from spasm_timer.storage.log_opening import transaction

BATCH_SESSIONS = 1_000
# Pages SQLite may keep while adding: the indexes of a long log stay in memory (KiB).
_CACHE_KIB = 32 * 1024

# Rows one INSERT adds at most. Adding 100,000 sessions took SQLite and its binding 4.2 s of
# CPU a row per statement, 3.7 s at 12 rows, 3.1 s at 200; more gains little.
_ROWS_PER_STATEMENT = 200

_SESSION_WIDTH, _STEP_WIDTH = len(SESSION_COLUMNS), len(STEP_COLUMNS)


class RowWidthError(ValueError):
    """Values that are not whole rows of a table (rows laid out for other columns, say by
    code of another version); nothing was added."""


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


def add_batches(db: sqlite3.Connection, row_batches: Iterable[RowBatch | FlatRows],
                alone: bool = False) -> tuple[int, int]:
    """Adds checked sessions as rows (see `import_rows`), all in one transaction; returns
    (added, skipped as already in the log). The same id twice raises RepeatedSessionError
    and adds nothing. `alone`: the caller is a command that has the log to itself, so a log
    with no sessions yet may be written once (see `import_journal`)."""
    added = skipped = 0
    with (written_once(db, alone) as exclusive, _bulk_settings(db),
          transaction(db, exclusive)):
        first_new = db.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM sessions").fetchone()[0]
        for batch in row_batches:
            rows = batch if isinstance(batch, FlatRows) else flat_rows(batch)
            _whole_rows(rows.sessions, _SESSION_WIDTH, "sessions")  # before reading ids
            _whole_rows(rows.steps, _STEP_WIDTH, "steps")
            new = _new_sessions(db, rows, first_new)
            _insert(db, new)
            added += len(new.sessions) // _SESSION_WIDTH
            skipped += (len(rows.sessions) - len(new.sessions)) // _SESSION_WIDTH
    return added, skipped


def _new_sessions(db: sqlite3.Connection, rows: FlatRows, first_new: int) -> FlatRows:
    """The sessions of `rows` not yet in the log, with their steps; RepeatedSessionError
    for one this same import has added already (at `first_new` or after) or that comes
    twice in the batch."""
    ids = rows.sessions[::_SESSION_WIDTH]
    found: dict[str, int] = {}
    # One query asks for as many ids as this SQLite lets a statement bind (32,766 since
    # SQLite 3.32, 999 before), less the one for `first_new`.
    per_query = _parameters_allowed(db) - 1
    for start in range(0, len(ids), per_query):
        some = ids[start:start + per_query]
        marks = ", ".join("?" * len(some))
        found.update(db.execute(f"SELECT id, rowid >= ? FROM sessions WHERE id IN ({marks})",
                                (first_new, *some)))
    kept = []
    seen: set[str] = set()
    for number, session_id in enumerate(ids):
        added_before = found.get(session_id)
        if added_before or (added_before is None and session_id in seen):
            raise RepeatedSessionError(session_id)
        if added_before is None:
            seen.add(session_id)
            kept.append(number)
    if len(kept) == len(ids):
        return rows
    steps = [number for number, session_id in enumerate(rows.steps[::_STEP_WIDTH])
             if session_id in seen]
    return FlatRows(_rows_at(rows.sessions, kept, _SESSION_WIDTH),
                    _rows_at(rows.steps, steps, _STEP_WIDTH))


def _rows_at(values: list[Any], numbers: list[int], width: int) -> list[Any]:
    """The values of the rows `numbers` of flat `values`, laid end to end."""
    return list(chain.from_iterable(values[number * width:(number + 1) * width]
                                    for number in numbers))


def _parameters_allowed(db: sqlite3.Connection) -> int:
    return db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


@lru_cache(maxsize=8)
def _insert_statement(table: str, columns: tuple[str, ...], rows: int) -> str:
    """INSERT of `rows` rows at once: `VALUES (?, ...), (?, ...), ...`.

    OR FAIL: a plain INSERT of many rows must be able to undo its own earlier rows when a
    later one breaks a rule, so SQLite copies every page it is about to change into a
    statement journal first, a temporary file: nearly five times the bytes of the log it
    adds to, written for nothing. With FAIL nothing needs undoing at the statement's level:
    the error still comes, and `add_batches` rolls the whole import back, as it did.
    """
    row = "(" + ", ".join("?" * len(columns)) + ")"
    return (f"INSERT OR FAIL INTO {table} ({', '.join(columns)}) VALUES "
            + ", ".join([row] * rows))


def _insert_rows(db: sqlite3.Connection, table: str, columns: tuple[str, ...],
                 values: list[Any]) -> None:
    """Adds the rows laid end to end in `values` in their order (so with the rowids one
    INSERT a row would give them), up to `_ROWS_PER_STATEMENT` by one statement, the rest
    one by one. RowWidthError when `values` are not whole rows: bound anyway, with the
    CHECKs off, the values of one column would go into the next one unnoticed."""
    width = len(columns)
    _whole_rows(values, width, table)
    at_once = min(_ROWS_PER_STATEMENT, _parameters_allowed(db) // width)
    rows = len(values) // width
    whole = (rows - rows % at_once if at_once > 1 else 0) * width
    if whole:
        chunk = at_once * width
        db.executemany(_insert_statement(table, columns, at_once),
                       [values[start:start + chunk] for start in range(0, whole, chunk)])
    db.executemany(_insert_statement(table, columns, 1),
                   [values[start:start + width] for start in range(whole, len(values), width)])


def _whole_rows(values: list[Any], width: int, table: str) -> None:
    if len(values) % width:
        raise RowWidthError(f"{len(values)} values are not whole rows of {width} for {table}")


def _insert(db: sqlite3.Connection, rows: FlatRows) -> None:
    _insert_rows(db, "sessions", SESSION_COLUMNS, rows.sessions)
    _insert_rows(db, "steps", STEP_COLUMNS, rows.steps)
