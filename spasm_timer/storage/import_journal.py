"""A command's import into a log with no sessions yet, written once: a rollback journal for
the import instead of the WAL.

Through the WAL every page an import adds is written twice: into the WAL, then into the log
by the checkpoint after the commit (1.4 GB each way at a million sessions, and the commit
waits for the second copy to reach the disk). A rollback journal keeps a copy of the pages
the import changes in place, and none of the pages past the file's end when it began:
undoing those is cutting the file back. Into a log that holds no sessions, nearly every
page is such a page, so the import writes them once. A log that holds sessions already keeps
the WAL: there the journal would copy the pages the new rows land in, and wait for the disk
before each spill of them.

Only a command asks for it, never the app: leaving WAL mode needs every other connection to
the log closed, so while the app or another command has it open, the switch is refused and
the import goes through the WAL as always. Once switched, the import's transaction takes the
log's exclusive lock at its start (`BEGIN EXCLUSIVE`): nobody can be halfway through a read
when the import needs to write, and whoever opens the log meanwhile (an app started during
the import) meets a locked log, and waits or tries again (the app's writer keeps its writes
on the disk meanwhile, see `log_writer`).

As safe as the WAL: a crash during the import leaves a hot journal, and the next open rolls
it back, leaving the log as it was before the import (see `log_opening`). The commit is the
journal's deletion; `synchronous=EXTRA` syncs the folder after it, so a committed import
stays committed through a power cut. After the import the log goes back to WAL mode; if that
is refused (someone opened it in that instant), the next open of the log switches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def written_once(db: sqlite3.Connection, wanted: bool) -> Iterator[bool]:
    """Yields whether the rollback journal is in use: when `wanted` (the caller has the log to
    itself, as far as it knows), the log holds no sessions, and no other connection has it
    open. The caller then begins its transaction EXCLUSIVE. Outside any transaction."""
    if not wanted or db.in_transaction or _holds_sessions(db):
        yield False
        return
    try:
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:  # another connection has the log open: locked
        mode = None
    if mode != "delete":
        yield False
        return
    try:
        db.execute("PRAGMA synchronous = EXTRA")
        yield True
    finally:
        db.execute("PRAGMA synchronous = FULL")
        # Refused when someone has opened the log since the commit; every open sets it.
        with suppress(sqlite3.OperationalError):
            db.execute("PRAGMA journal_mode = WAL")


def _holds_sessions(db: sqlite3.Connection) -> bool:
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM sessions)").fetchone()[0])
