"""Opening the session log: the folder and file made private, the file checked, migrated, and
moved aside (never deleted) when it cannot be read.

Opening checks only what every open needs: that the file is a database of a version this
Spasm Timer reads. The full integrity check (`PRAGMA quick_check`) reads every page, seconds
for years of sessions, so it runs on a schedule in the background (see `log_checkup`) and on
the next open after SQLite reported damage, not on every open.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from spasm_timer.i18n import N_, _
from spasm_timer.os_errors import reason_text
from spasm_timer.private_files import make_private_folder
from spasm_timer.storage.log_schema import MIGRATIONS, SCHEMA_VERSION

# How long one statement waits for another program's lock before it gives up. The app's
# writer keeps a write that gave up and tries again (see `log_writer`); commands give up.
BUSY_TIMEOUT_SECONDS = 5.0
# What the WAL file may keep of its size once it is checkpointed and starts over (bytes):
# about one automatic checkpoint's worth. An import of a million sessions grows it to the
# size of what it added (1.4 GB into a new log, 2 GB into one made before new logs stored
# their steps once); without a limit that stays on the disk for as long as the app keeps
# the log open.
WAL_KEPT_BYTES = 4 * 1024 * 1024
# The page size of a new log. Larger pages hold more steps each: fewer pages for SQLite to
# find, split and write (adding 100,000 imported sessions took 3.5 s of CPU with SQLite's
# 4 KiB pages, 3.1 s with these, 2.9 s with the steps stored once too; less of it in the
# kernel). It can only be chosen before the file's first page is written, so a log made by
# an earlier version keeps its own.
NEW_LOG_PAGE_BYTES = 16 * 1024


class LogError(Exception):
    """Something about the session log the person needs to hear about."""


class LogUnavailableError(LogError):
    """The log cannot be opened or written at all: the folder is a file, read-only, full..."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(_("cannot use the session log at {path}: {reason}").format(
            path=self.path, reason=reason))


class LogBusyError(LogUnavailableError):
    """Another program holds the log's lock: it will very likely be free again soon."""


class LogDamagedError(LogUnavailableError):
    """SQLite reported the file damaged while it was in use."""


class NewerLogError(LogError):
    """The file was written by a newer Spasm Timer; it is left exactly as it is."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self.version = version
        super().__init__(_(
            "the session log at {path} was written by a newer Spasm Timer (log version "
            "{version}; this version reads up to {readable}); it was left untouched, "
            "update Spasm Timer to open it").format(path=path, version=version,
                                                     readable=SCHEMA_VERSION))


class Damaged(Exception):
    """The file is not a readable database; the opener moves it aside."""


# What SQLite's errors mean for the person (the system's: os_errors); translated where said.
_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: N_("the disk is full"),
    sqlite3.SQLITE_READONLY: N_("the file is read-only"),
    sqlite3.SQLITE_CANTOPEN: N_("the file cannot be opened"),
    sqlite3.SQLITE_PERM: N_("permission denied"),
    sqlite3.SQLITE_IOERR: N_("the disk reported a read or write error"),
    sqlite3.SQLITE_BUSY: N_("another program has the session log locked"),
    sqlite3.SQLITE_LOCKED: N_("another program has the session log locked"),
    sqlite3.SQLITE_CORRUPT: N_("the file is damaged"),
    sqlite3.SQLITE_NOTADB: N_("the file is damaged"),
}


def sqlite_code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code, without detail


def is_damage(error: sqlite3.Error) -> bool:
    return sqlite_code(error) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def unavailable(path: Path, error: BaseException) -> LogUnavailableError:
    """The error to raise for `error` met while using the log at `path`."""
    if isinstance(error, sqlite3.Error):
        code = sqlite_code(error)
        known = _SQLITE_REASONS.get(code)
        reason = _(known) if known else str(error)
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if sidecar(path, "-journal").exists():
                # Only a command's import into a new log writes through a journal, and it
                # holds the lock until it ends (see `import_journal`): say what to wait for.
                reason = _("an import into the session log is under way")
            return LogBusyError(path, reason)
        if is_damage(error):
            return LogDamagedError(path, reason)
    elif isinstance(error, OSError):
        reason = reason_text(error)
    else:
        reason = str(error)
    return LogUnavailableError(path, reason)


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turns "disk full", "read-only", "locked" and friends into a LogUnavailableError
    naming the file."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise unavailable(path, error) from error
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            raise unavailable(path, error) from error
        raise


@contextmanager
def transaction(db: sqlite3.Connection, exclusive: bool = False) -> Iterator[None]:
    """One write transaction, taking the write lock up front so it never fails half way;
    `exclusive` keeps readers out too, in a rollback journal's mode (see `import_journal`).

    Whatever fails inside it, the COMMIT included (a full disk can refuse it), is rolled
    back: a connection left inside a transaction would refuse every later write with
    "cannot start a transaction within a transaction".
    """
    db.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


# --- the folder and the file -------------------------------------------------------------

def prepare_folder(folder: Path) -> None:
    """Makes sure the data folder exists and can be written; an existing one is left as is."""
    try:
        if folder.exists() and not folder.is_dir():
            raise LogUnavailableError(folder, _("it is a file, not a folder"))
        if not folder.exists():
            make_private_folder(folder)
    except OSError as error:
        raise unavailable(folder, error) from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise LogUnavailableError(folder, _("the folder is not writable"))


def _create_private_file(path: Path) -> None:
    """Creates an empty database file readable by the person only (SQLite's -wal and -shm
    files copy its permissions)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise unavailable(path, error) from error
    os.close(descriptor)
    os.chmod(path, 0o600)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


# The files SQLite keeps beside a log: they belong to it, and move with it. A -journal is
# there only during (or, hot, after a crash in) an import through a rollback journal.
_SIDECARS = ("-wal", "-shm", "-journal")


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _aside_name(path: Path, label: str, moment: datetime) -> Path:
    stamp = moment.strftime("%Y-%m-%dT%H-%M-%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    number = 2
    while any(p.exists() for p in (target, *(sidecar(target, s) for s in _SIDECARS))):
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{number}{path.suffix}")
        number += 1
    return target


def move_aside(path: Path, moment: datetime, label: str = "damaged") -> Path:
    """Renames a log that cannot be used (and its -wal, -shm, -journal) to
    `sessions.<label>-<time>.sqlite3`; returns the new name of the main file."""
    target = _aside_name(path, label, moment)
    try:
        if path.exists():
            os.replace(path, target)
        for suffix in _SIDECARS:
            if sidecar(path, suffix).exists():
                os.replace(sidecar(path, suffix), sidecar(target, suffix))
    except OSError as error:
        raise unavailable(path, error) from error
    return target


def keep_orphans(path: Path, now: Callable[[], datetime]) -> Path | None:
    """A -wal or -shm without its main file would be wiped by SQLite when it makes the new
    file: it may hold the last sessions of a log that went missing. Moved aside instead
    (`sessions.orphan-<time>.sqlite3-wal`); returns where, or None when there were none."""
    if path.exists() or not any(sidecar(path, s).exists() for s in ("-wal", "-shm")):
        return None
    return sidecar(move_aside(path, now(), "orphan"), "-wal")


# --- checking and migrating --------------------------------------------------------------

def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def read_only(path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """A connection that cannot change the file, nor checkpoint its WAL on closing."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def integrity_problems(db: sqlite3.Connection) -> list[str]:
    """What `PRAGMA quick_check` finds wrong: [] for a sound file. Reads every page."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check")]
    return [] if problems == ["ok"] else problems


def _check(path: Path, full: bool, timeout: float) -> None:
    """Raises NewerLogError or Damaged before anything writes to the file.

    Read-only, so that neither a refused newer file nor a damaged one (with its -wal) is
    changed by looking at it: a writable connection would checkpoint the WAL on closing. A
    hot journal is rolled back first (a read-only connection cannot), see `_roll_back`.
    """
    if sidecar(path, "-journal").exists():
        _roll_back(path, timeout)
    try:
        _look(path, full, timeout)
    except _HotJournal:
        # An import began after the look for a -journal above, and was cut off before the
        # read: its journal is as hot as one found before.
        _roll_back(path, timeout)
        _look(path, full, timeout, again=True)


class _HotJournal(Exception):
    """A read-only look found a hot journal it cannot roll back."""


def _look(path: Path, full: bool, timeout: float, again: bool = False) -> None:
    """`_check`'s read-only part; _HotJournal, unless `again`, for a hot journal."""
    try:
        db = read_only(path, timeout)
    except sqlite3.Error as error:
        raise unavailable(path, error) from error
    try:
        version = user_version(db)  # reads the header: a file that is no database fails here
        if version > SCHEMA_VERSION:
            raise NewerLogError(path, version)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        if full and (problems := integrity_problems(db)):
            raise Damaged(problems[0])
    except sqlite3.Error as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_READONLY_ROLLBACK and not again:
            raise _HotJournal from error
        if is_damage(error):
            raise Damaged(str(error)) from error
        raise unavailable(path, error) from error
    finally:
        db.close()


def _roll_back(path: Path, timeout: float) -> None:
    """A -journal beside the log is an import's under way (its lock held: LogBusyError after
    `timeout`), or one cut off by a crash (hot): SQLite rolls a hot journal back on the first
    read of a writable connection, and the log is as it was before that import."""
    try:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise unavailable(path, error) from error
    try:
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        if is_damage(error):
            raise Damaged(str(error)) from error
        raise unavailable(path, error) from error
    finally:
        db.close()


def _migrate(db: sqlite3.Connection) -> None:
    """Runs the missing migrations one by one; each re-reads the version under the write
    lock, because the app and a command may open an old file at the same moment."""
    while True:
        if user_version(db) >= SCHEMA_VERSION:
            return  # nothing to do: no write lock taken, so a locked log still opens
        with transaction(db):
            version = user_version(db)
            if version >= SCHEMA_VERSION:
                return
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")


def open_writable(path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """A connection that writes the log as every writer of it must: each commit on the disk
    (`synchronous=FULL`), foreign keys kept, the WAL cut back after a big write, and a new
    file given NEW_LOG_PAGE_BYTES pages (before anything, WAL included, writes its first
    page). Nothing is checked or migrated (see `connect`); sqlite3 errors are the caller's to
    translate."""
    # isolation_level=None: no hidden transactions; each write commits on its own.
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous = FULL")  # a committed step is on the disk
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new log: no page yet
            db.execute(f"PRAGMA page_size = {NEW_LOG_PAGE_BYTES}")
        # SQLite checkpoints after a number of pages, not bytes: the same WAL_KEPT_BYTES
        # whatever the log's page size.
        page_bytes = db.execute("PRAGMA page_size").fetchone()[0]
        db.execute(f"PRAGMA wal_autocheckpoint = {max(1, WAL_KEPT_BYTES // page_bytes)}")
        db.execute(f"PRAGMA journal_size_limit = {WAL_KEPT_BYTES}")
    except BaseException:
        db.close()
        raise
    return db


def connect(path: Path, full_check: bool = False,
            timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """Opens, checks and migrates the file. Raises Damaged when it is not a sound database."""
    _create_private_file(path)
    _check(path, full_check, timeout)
    try:
        db = open_writable(path, timeout)
    except sqlite3.Error as error:
        raise unavailable(path, error) from error
    try:
        db.execute("PRAGMA journal_mode = WAL")  # readers (history, export) never block the app
        _migrate(db)
    except sqlite3.Error as error:
        db.close()
        if is_damage(error):
            raise Damaged(str(error)) from error
        raise unavailable(path, error) from error
    except BaseException:
        db.close()
        raise
    return db
