"""The app's one writer of the session log: a thread that owns the write connection.

The countdown never waits on the disk. Each change (a session begun, a step ended, a
rating) is handed to `LogWriter.submit`, which only puts it in a queue; the thread writes it
in the order given. A write that meets another program's lock, a full disk or a read-only
file is kept and tried again until it lands, the log's opening included (a log locked at
start-up is opened as soon as it is free). Writes are never reordered, so a session's end
never lands before its steps: the log never holds a "completed" session missing steps.

While anything waits, it is also kept on the disk beside the log (`pending_writes`), and the
next start applies it first. The person hears of it through `state()`, which the app shows.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from spasm_timer.storage import log_checkup
from spasm_timer.storage.log import (
    LogBusyError,
    LogDamagedError,
    LogError,
    LogUnavailableError,
    NewerLogError,
    SessionLog,
    local_now,
)
from spasm_timer.storage.pending_writes import PendingFile, Write

# The writer's own wait for a lock, per try: short, so it keeps new writes safe on the disk
# while it waits, and notices quickly when the lock goes.
WRITER_BUSY_TIMEOUT = 0.2
# Between tries: a lock is usually gone in moments; a full or read-only disk is not.
RETRY_LOCKED = (0.05, 0.5)  # first wait, longest wait (doubling), seconds
RETRY_UNAVAILABLE = 2.0
# A write that has waited this long is worth telling the person about.
TELL_AFTER_SECONDS = 2.0


def open_for_writing(database: Path) -> SessionLog:
    """The log, checked in full first only when SQLite reported it damaged (see
    `log_checkup`); otherwise the scheduled check runs later, beside the writer."""
    damaged = log_checkup.damage_reported(database) is not None
    log = SessionLog.open(database, timeout=WRITER_BUSY_TIMEOUT, full_check=damaged)
    if damaged:
        log_checkup.checked_after_opening(database)
    return log


def apply_write(log: SessionLog, write: Write) -> None:
    """Applies one write to an open log. Raises LogError when it cannot land now."""
    v, session = write.values, write.session_id
    try:
        if write.kind == "begin":
            log.begin_session(v["routine_id"], v["routine_name"], v["planned_seconds"],
                              v["pain_before"], session_id=session, started_at=v["started_at"])
        elif write.kind == "step":
            log.record_step(session, v["index"], v["title"], v["kind"], v["side"],
                            v["repetition"], v["planned_seconds"], v["actual_seconds"],
                            v["outcome"], position=v["position"])
        elif write.kind == "pauses":
            log.record_pause(session, v["pauses"])
        elif write.kind == "end":
            log.end_session(session, v["status"], v["active_seconds"], v["ended_at"])
        elif write.kind == "update":
            log.update_session(session, **v)
        elif write.kind == "delete":
            log.delete_session(session)
    except KeyError:
        pass  # the session was deleted since: there is nothing left to change


@dataclass(frozen=True)
class WriterState:
    """What the app shows about its log. `waiting` writes were taken by the writer and have
    not landed yet; `unsaved_sessions` have a write not in the log yet, also one still
    queued for the writer (a session is saved only once all its writes are in the log)."""

    opened: bool = False
    waiting: int = 0
    unsaved_sessions: frozenset[str] = frozenset()
    problem: str | None = None  # why writes wait, or why the log cannot be used
    waiting_long: bool = False  # the oldest waiting write has waited TELL_AFTER_SECONDS
    kept_on_disk: bool = True  # every waiting write is in the pending file
    lasting: bool = False  # the log cannot be used by this version at all (a newer log)
    damage: str | None = None  # found by the background check; dealt with at the next start
    moved_aside: tuple[Path, ...] = field(default_factory=tuple)

    def is_saved(self, session_id: str) -> bool:
        return self.opened and session_id not in self.unsaved_sessions


# The full check of every page waits this long after the log opens: on a large log it reads
# for a second or more, and at start-up it would take that from the way to the countdown
# (a 250,000-session log: 1.6× the empty log's time to a running countdown, 1.08× without).
CHECKUP_DELAY_SECONDS = 30.0
# The weekly fill of the active time older logs left empty waits as long, then goes this
# many sessions a transaction, one batch a turn: session writes land between batches, and a
# quit keeps what was filled. (A million-session log from an older version had 50,000 to
# fill: seconds of writing, which beside start-up slowed the way to the countdown.)
FILL_BATCH = 200


class LogWriter:
    """Owns the log's write connection on its own thread. `on_change(landed)` is called, on
    the writer's thread, each time `state()` changes or writes land; `landed` holds the ids
    of the sessions that writes changed since the last call."""

    def __init__(self, database: Path, *,
                 on_change: Callable[[frozenset[str]], None] | None = None,
                 open_log: Callable[[Path], SessionLog] | None = None,
                 now: Callable[[], datetime] = local_now,
                 monotonic: Callable[[], float] = time.monotonic,
                 checkup_delay: float = CHECKUP_DELAY_SECONDS) -> None:
        self.database = Path(database)
        self._checkup_delay = checkup_delay
        self._on_change = on_change
        self._open_log = open_log or open_for_writing
        self._now = now
        self._monotonic = monotonic
        self._pending_file = PendingFile(self.database)
        self._cond = threading.Condition()
        self._incoming: list[Write] = []
        self._stopping = False
        # The thread took writes (or has not had its first turn, in which it applies those
        # an earlier run kept) and has not yet said how they went.
        self._in_hand = True
        self._state = WriterState()
        # Only the writer's thread touches these:
        self._log: SessionLog | None = None
        self._pending: deque[tuple[Write, float]] = deque()  # with the moment it was given
        self._on_disk = 0  # how many of the oldest pending writes the pending file holds
        self._retry_at = 0.0
        self._locked_wait = RETRY_LOCKED[0]
        self._problem: str | None = None
        self._problem_since: float | None = None  # when the tries began to fail
        self._problem_is_lock = False
        self._lasting = False
        self._moved_aside: list[Path] = []
        self._damage: str | None = None  # written by the checkup thread, read under _cond
        self._fill_at: float | None = None  # when the weekly fill of active time is due
        self.checkup: threading.Timer | None = None
        self._landed: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="session-log-writer",
                                        daemon=True)

    # --- the app's side ------------------------------------------------------------------

    def start(self) -> LogWriter:
        self._thread.start()
        return self

    def submit(self, write: Write) -> None:
        """Queues a write; returns at once. Its session reads unsaved from now until the
        write has landed: the end screen asks the moment the session's end is given."""
        with self._cond:
            self._incoming.append(write)
            if write.session_id not in self._state.unsaved_sessions:
                self._state = replace(self._state, unsaved_sessions=(
                    self._state.unsaved_sessions | {write.session_id}))
            self._cond.notify()

    def state(self) -> WriterState:
        with self._cond:
            return self._state

    def flush(self, timeout: float) -> bool:
        """Waits up to `timeout` seconds until every write given so far has landed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._incoming or self._in_hand or self._state.waiting:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._cond.wait(left)
        return True

    def close(self, timeout: float = 2.0) -> bool:
        """Lands what it can within `timeout`, then stops; what still waits stays in the
        pending file for the next start. True when nothing was left waiting."""
        landed = self.flush(timeout) if self._thread.is_alive() else False
        if self.checkup is not None:
            self.checkup.cancel()  # not begun yet: it stays due for the next start
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout + 1.0)
        return landed

    # --- the writer's thread -------------------------------------------------------------

    def _run(self) -> None:
        try:
            while self._turn():
                pass
        finally:
            if self._log is not None:
                with contextlib.suppress(Exception):
                    self._log.close()
                self._log = None

    def _turn(self) -> bool:
        """One turn: take what was given, keep it, write it. False when told to stop."""
        with self._cond:
            if not self._incoming and not self._stopping and not self._retry_due():
                self._cond.wait(self._wait_time())  # or wake to see how long writes waited
            given, self._incoming = self._incoming, []
            self._in_hand = self._in_hand or bool(given)
            stopping = self._stopping
        moment = self._monotonic()
        self._pending.extend((write, moment) for write in given)
        due = self._monotonic() >= self._retry_at
        if self._log is None and not self._lasting and due:
            self._open()
        if self._log is not None and due:
            self._write_pending()
        self._keep_waiting_on_disk()
        self._publish()
        self._fill_if_due()
        return not stopping

    def _retry_due(self) -> bool:
        if self._lasting:
            return False
        work = bool(self._pending) or self._log is None
        return work and self._monotonic() >= self._retry_at

    def _wait_time(self) -> float | None:
        if self._lasting:
            return None  # until something is given
        if not self._pending and self._log is not None:
            if self._fill_at is None:
                return None  # until something is given
            return max(0.01, self._fill_at - self._monotonic())  # or the fill is due
        # Also wake to say a write has waited long enough to be worth telling.
        return max(0.01, min(self._retry_at - self._monotonic(), 0.5))

    def _open(self) -> None:
        try:
            log = self._open_log(self.database)
        except NewerLogError as error:
            self._problem, self._lasting = str(error), True
            self._problem_since = self._monotonic()
            return
        except LogError as error:
            self._failed(error)
            return
        except OSError as error:  # anything the log module did not translate
            self._failed(LogUnavailableError(self.database, str(error)))
            return
        self._log = log
        if log.moved_aside is not None:
            self._moved_aside.append(log.moved_aside)
        kept, unreadable = self._pending_file.read(self._now())
        if unreadable is not None:
            self._moved_aside.append(unreadable)
        if kept:  # from an earlier run: older than anything given in this one
            moment = self._monotonic()
            self._pending.extendleft((write, moment) for write in reversed(kept))
            self._on_disk += len(kept)
        self._problem = None
        if log_checkup.checkup_due(self.database, self._now()):
            self._fill_at = self._monotonic() + self._checkup_delay
            checkup = threading.Timer(self._checkup_delay, self._check_in_full)
            checkup.daemon, checkup.name = True, "session-log-checkup"
            self.checkup = checkup
            checkup.start()

    def _check_in_full(self) -> None:
        """On a thread of its own: the writer keeps writing while every page is read."""
        problems = log_checkup.run_checkup(self.database, self._now())
        if problems:
            with self._cond:
                self._damage = problems[0]
                self._cond.notify()  # the writer wakes to say so

    def _write_pending(self) -> None:
        assert self._log is not None
        while self._pending:
            write, _ = self._pending[0]
            try:
                apply_write(self._log, write)
            except LogError as error:
                self._failed(error)
                return
            self._pending.popleft()
            self._on_disk = max(0, self._on_disk - 1)
            self._landed.add(write.session_id)
        self._problem = self._problem_since = None
        self._locked_wait = RETRY_LOCKED[0]
        if self._on_disk or self._pending_file.path.exists():
            with contextlib.suppress(OSError):
                self._pending_file.clear()
                self._on_disk = 0

    def _fill_if_due(self) -> None:
        """Weekly, for logs from older versions: the active time their never-ended sessions
        lack, a batch a turn (see FILL_BATCH). Never in the turn that opens the log
        (`run --start` waits for that, to offer carrying on), never before what waits has
        landed: nobody waits for this."""
        if self._fill_at is None or self._log is None or self._pending or \
                self._monotonic() < self._fill_at:
            return
        try:
            filled = self._log.fill_active_seconds(FILL_BATCH)
        except LogError:
            filled = 0  # tried again at the next weekly check: readers add the steps up
        if filled < FILL_BATCH:
            self._fill_at = None

    def _failed(self, error: LogError) -> None:
        """A try failed: say why, and when to try again."""
        reason = error.reason if isinstance(error, LogUnavailableError) else str(error)
        self._problem = reason
        if isinstance(error, LogDamagedError):
            log_checkup.note_damage(self.database, reason)
        self._problem_is_lock = isinstance(error, LogBusyError)
        if self._problem_since is None:
            self._problem_since = self._monotonic()
        if isinstance(error, LogBusyError):
            wait = self._locked_wait
            self._locked_wait = min(self._locked_wait * 2, RETRY_LOCKED[1])
        else:
            wait = RETRY_UNAVAILABLE
        self._retry_at = self._monotonic() + wait

    def _keep_waiting_on_disk(self) -> None:
        """Every write still waiting goes into the pending file, once."""
        if len(self._pending) <= self._on_disk:
            return
        fresh = [write for write, _ in list(self._pending)[self._on_disk:]]
        try:
            self._pending_file.append(fresh)
        except OSError:
            return  # the disk refused even this: the writes stay in memory, and are said so
        self._on_disk = len(self._pending)

    def _worth_telling(self, now: float) -> bool:
        """A lock is news once it has held writes (or the opening) up a while; a full disk
        or a folder that cannot be written is news at once."""
        if self._problem_since is None or (self._log is not None and not self._pending):
            return False
        if not self._problem_is_lock:
            return True
        oldest = self._pending[0][1] if self._pending else self._problem_since
        return now - min(oldest, self._problem_since) >= TELL_AFTER_SECONDS

    def _publish(self) -> None:
        now = self._monotonic()
        pending = frozenset(write.session_id for write, _ in self._pending)
        state = WriterState(
            opened=self._log is not None,
            waiting=len(self._pending),
            problem=self._problem,
            waiting_long=self._worth_telling(now),
            kept_on_disk=self._on_disk >= len(self._pending),
            lasting=self._lasting,
            moved_aside=tuple(self._moved_aside),
            damage=self._damage,
        )
        landed, self._landed = frozenset(self._landed), set()
        with self._cond:
            # Writes given since this turn took its own are not in the log either.
            state = replace(state, unsaved_sessions=pending.union(
                write.session_id for write in self._incoming))
            changed = state != self._state
            self._state = state
        if (changed or landed) and self._on_change is not None:
            self._on_change(landed)
        with self._cond:  # only now: `flush` returns once the app has been told, too
            self._in_hand = False
            self._cond.notify_all()


def new_write(kind: str, session_id: str, **values: Any) -> Write:
    return Write(kind, session_id, values)
