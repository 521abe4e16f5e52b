"""Text for many sessions at once, built by SQLite on several cores, in the log's order and
from one moment of the log: what lets an export of a million sessions take seconds.

Nearly all of an export's time is SQLite building each session's text (its JSON, its steps);
one connection does that on one core. Here the sessions are cut into chunks of
`CHUNK_SESSIONS` by their place in the order (started_at, rowid); reader threads, each with
its own connection, build whole chunks as one text each (SQLite lets go of Python's lock
while it works), and the caller gets them back in order. Only a few chunks are ever ready
ahead of the one being written, so memory stays flat whatever the log's length.

All readers read the same moment of the log. Their read transactions begin while a helper
connection holds the log's write lock (`BEGIN IMMEDIATE`, for milliseconds), so no commit can
fall between them: an export taken while the app logs a step is the log as it was at one
instant, as a single query would give it, never half of an import that landed meanwhile.
When the lock cannot be had (a read-only file), one connection reads every chunk inside one
read transaction instead: the same text, on one core.
"""

from __future__ import annotations

import os
import sqlite3
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, closing
from pathlib import Path

from spasm_timer.storage.log_opening import BUSY_TIMEOUT_SECONDS
from spasm_timer.storage.log_statistics import order_by

# Sessions per chunk: about 0.4 MB of export text. Each chunk's query starts in a few
# microseconds; larger chunks only cost memory, and the system time to give it (2,000 took
# five times the system time of 250, in fresh pages for each chunk's text).
CHUNK_SESSIONS = 250
# More readers than this gain little: writing the file and Python's lock become the limit.
MOST_READERS = 4

Chunk = tuple[int, str]
"""How many sessions a chunk holds, and their texts joined by the separator."""


def reader_count() -> int:
    """How many reader threads to use: one per core this process may run on, a few at most."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MOST_READERS, cores))


class _Plan:
    """The WHERE and ORDER BY of one read, and the key ranges that cut it into chunks."""

    def __init__(self, where: str, params: list[object], newest_first: bool) -> None:
        self.where = where
        self.params = params
        self.order = order_by(newest_first)  # started_at, then rowid: the keys cut below
        # A chunk runs from its first key (that one included) up to the next chunk's first.
        self.from_key = "<=" if newest_first else ">="
        self.before_key = ">" if newest_first else "<"

    def _with(self, *conditions: str) -> str:
        clauses = [self.where.removeprefix(" WHERE ")] if self.where else []
        clauses.extend(conditions)
        return " WHERE " + " AND ".join(clauses) if clauses else ""

    def range_clause(self, first: tuple[str, int] | None,
                     after: tuple[str, int] | None) -> tuple[str, list[object]]:
        conditions: list[str] = []
        params = list(self.params)
        if first is not None:
            conditions.append(f"(s.started_at, s.rowid) {self.from_key} (?, ?)")
            params.extend(first)
        if after is not None:
            conditions.append(f"(s.started_at, s.rowid) {self.before_key} (?, ?)")
            params.extend(after)
        return self._with(*conditions) + self.order, params

    def next_first(self, db: sqlite3.Connection, first: tuple[str, int] | None,
                   chunk_sessions: int) -> tuple[str, int] | None:
        """The key of the session `chunk_sessions` after `first` (the start when None), or
        None when fewer are left: a walk along the index, no row read."""
        clause, params = self.range_clause(first, None)
        row = db.execute("SELECT s.started_at, s.rowid FROM sessions s" + clause
                         + " LIMIT 1 OFFSET ?", (*params, chunk_sessions)).fetchone()
        return None if row is None else (row[0], row[1])

    def ranges(self, db: sqlite3.Connection, chunk_sessions: int
               ) -> Iterator[tuple[tuple[str, int] | None, tuple[str, int] | None]]:
        first: tuple[str, int] | None = None
        while True:
            following = self.next_first(db, first, chunk_sessions)
            yield first, following
            if following is None:
                return
            first = following


def _chunk_sql(piece_sql: str, clause: str) -> str:
    return (f"SELECT COUNT(*), group_concat(piece, ?) FROM (SELECT {piece_sql} AS piece"
            f" FROM sessions s{clause})")


def _read_chunk(db: sqlite3.Connection, piece_sql: str, separator: str, plan: _Plan,
                first: tuple[str, int] | None, after: tuple[str, int] | None) -> Chunk:
    clause, params = plan.range_clause(first, after)
    count, text = db.execute(_chunk_sql(piece_sql, clause), (separator, *params)).fetchone()
    return int(count), text or ""


def ordered_chunks(db: sqlite3.Connection, path: Path, piece_sql: str, separator: str,
                   where: str, params: list[object], newest_first: bool,
                   chunk_sessions: int | None = None, readers: int | None = None
                   ) -> Iterator[Chunk]:
    """The text `piece_sql` gives for each session of `sessions s` that `where` takes in, in
    the log's order (started_at, then rowid), joined by `separator`, a chunk at a time.

    `db` is the log's open connection: a read that fits in one chunk is one query on it.
    Longer reads open `readers` more connections to the file at `path`.
    """
    size = CHUNK_SESSIONS if chunk_sessions is None else chunk_sessions
    plan = _Plan(where, params, newest_first)
    if plan.next_first(db, None, size) is None:
        yield _read_chunk(db, piece_sql, separator, plan, None, None)
        return
    threads = readers or reader_count()
    with ExitStack() as stack:
        # Two chunks per thread at a time, each on its own connection: while the oldest
        # waits to be written, the threads go on with the next ones.
        connections = _same_moment(stack, path, 1 + 2 * threads)
        if connections is None:
            yield from _one_reader(db, piece_sql, separator, plan, size)
            return
        planner, *workers = connections
        yield from _many_readers(threads, planner, workers, piece_sql, separator, plan, size)


def _same_moment(stack: ExitStack, path: Path,
                 count: int) -> list[sqlite3.Connection] | None:
    """`count` connections to the log, each in a read transaction of the same moment; None,
    with none of them opened, when the write lock that makes it the same moment cannot be had."""
    with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS,
                                 isolation_level=None)) as lock:
        if lock.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return None  # readers would keep the app from writing until the export ended
        try:
            lock.execute("BEGIN IMMEDIATE")  # no other connection can commit until ROLLBACK
        except sqlite3.OperationalError:
            return None
        try:
            return [_reader_of_this_moment(stack, path) for _ in range(count)]
        finally:
            lock.execute("ROLLBACK")


def _reader_of_this_moment(stack: ExitStack, path: Path) -> sqlite3.Connection:
    """A read-only connection in a read transaction that sees the log as it is now."""
    db = stack.enter_context(closing(sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
        check_same_thread=False)))  # each is used by one reader thread at a time
    db.execute("PRAGMA query_only = ON")
    db.execute("BEGIN")
    db.execute("SELECT 1 FROM sessions LIMIT 1").fetchall()  # takes the snapshot
    return db


def _one_reader(db: sqlite3.Connection, piece_sql: str, separator: str, plan: _Plan,
                size: int) -> Iterator[Chunk]:
    """Every chunk on `db` inside one read transaction (or the one the caller has open)."""
    own = not db.in_transaction
    if own:
        db.execute("BEGIN")
    try:
        for first, after in plan.ranges(db, size):
            yield _read_chunk(db, piece_sql, separator, plan, first, after)
    finally:
        if own and db.in_transaction:
            db.execute("ROLLBACK")  # it only read


def _many_readers(threads: int, planner: sqlite3.Connection,
                  workers: list[sqlite3.Connection], piece_sql: str, separator: str,
                  plan: _Plan, size: int) -> Iterator[Chunk]:
    idle: deque[sqlite3.Connection] = deque(workers)
    in_flight: deque[tuple[Future[Chunk], sqlite3.Connection]] = deque()
    pool = ThreadPoolExecutor(threads, thread_name_prefix="log-reader")
    try:
        for first, after in plan.ranges(planner, size):
            if not idle:  # wait for the oldest chunk: it is the next one to hand on
                done, worker = in_flight.popleft()
                yield done.result()
                idle.append(worker)
            worker = idle.popleft()
            in_flight.append((pool.submit(_read_chunk, worker, piece_sql, separator, plan,
                                          first, after), worker))
        while in_flight:
            yield in_flight.popleft()[0].result()
    finally:
        # The caller stopped early (a closed pipe, an error): end the queries still running.
        for _future, worker in in_flight:
            worker.interrupt()
        pool.shutdown(wait=True, cancel_futures=True)
