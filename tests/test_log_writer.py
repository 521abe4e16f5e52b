"""The log writer thread: writes wait out locks and full disks, in order, kept on the disk
while they wait, and land once they can. Locks are real, held by another connection."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from spasm_timer.storage import log_writer
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_writer import LogWriter, WriterState
from spasm_timer.storage.pending_writes import PendingFile, Write, pending_path
from spasm_timer.storage.queued_log import QueuedWrites

WAIT = 10.0  # the longest any condition below may take; most take milliseconds


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the writer never got there"
        time.sleep(0.005)


@contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program's exclusive lock on the log, held for the `with` block."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "sessions.sqlite3"
    SessionLog.open(path).close()  # made and migrated, as an earlier run left it
    return path


@pytest.fixture
def started() -> Iterator[Callable[..., LogWriter]]:
    writers: list[LogWriter] = []

    def start(path: Path, **options: object) -> LogWriter:
        writer = LogWriter(path, **options).start()  # type: ignore[arg-type]
        writers.append(writer)
        return writer

    yield start
    for writer in writers:
        writer.close(timeout=1.0)


def a_session(writes: QueuedWrites, steps: int = 3) -> str:
    session = writes.begin_session("neck", "Neck release", 90, pain_before=5)
    for position in range(steps):
        writes.record_step(session, position + 1, f"Step {position + 1}", "pressure", None, 1,
                           30, 30.0, "completed", position=position)
    writes.end_session(session, "completed", 30.0 * steps)
    return session


def read(path: Path) -> SessionLog:
    return SessionLog.open(path)


def test_writes_land_in_order_and_the_session_reads_saved(database: Path, started) -> None:  # type: ignore[no-untyped-def]
    writes = QueuedWrites(started(database))
    session = a_session(writes)
    writes.update_session(session, pain_after=2, notes="better")
    assert writes.writer.flush(WAIT)
    assert writes.is_saved(session)
    with read(database) as log:
        stored = log.session(session)
    assert stored is not None and stored["status"] == "completed"
    assert [step["title"] for step in stored["steps"]] == ["Step 1", "Step 2", "Step 3"]
    assert (stored["pain_after"], stored["notes"]) == (2, "better")
    assert not pending_path(database).exists()


def test_a_lock_held_mid_session_delays_writes_and_loses_none(database: Path, started) -> None:  # type: ignore[no-untyped-def]
    writes = QueuedWrites(started(database))
    session = writes.begin_session("neck", "Neck release", 90)
    assert writes.writer.flush(WAIT)
    with locked(database):
        began = time.monotonic()
        for position in range(5):
            writes.record_step(session, position + 1, f"Step {position + 1}", "pressure",
                               None, 1, 30, 30.0, "completed", position=position)
        writes.end_session(session, "completed", 150.0)
        # Handing writes over never waits on the lock: one wait alone would take the writer's
        # busy timeout, and six would take six.
        assert time.monotonic() - began < log_writer.WRITER_BUSY_TIMEOUT
        wait_for(lambda: writes.writer.state().problem is not None)
        state = writes.writer.state()
        assert state.waiting == 6 and not state.is_saved(session)
        assert "locked" in (state.problem or "")
        wait_for(lambda: len(PendingFile(database).read(_now())[0]) == 6)  # kept on the disk
    assert writes.writer.flush(WAIT)
    with read(database) as log:
        stored = log.session(session)
    assert stored is not None and stored["status"] == "completed"
    assert [step["title"] for step in stored["steps"]] == [f"Step {n}" for n in range(1, 6)]
    assert writes.is_saved(session) and not pending_path(database).exists()


def test_waiting_long_is_said_once_the_oldest_write_waited_two_seconds(  # type: ignore[no-untyped-def]
        database: Path, started) -> None:
    clock = [0.0]  # how far the writer's clock is ahead of the real one
    writer = started(database, monotonic=lambda: time.monotonic() + clock[0])
    writes = QueuedWrites(writer)
    assert writer.flush(WAIT)
    with locked(database):
        session = writes.begin_session("neck", "Neck release", 90)
        wait_for(lambda: writer.state().problem is not None)
        assert not writer.state().waiting_long
        clock[0] += 2.5  # the fake clock moves; the writer wakes on its own within 0.5 s
        wait_for(lambda: writer.state().waiting_long)
    assert writer.flush(WAIT) and writes.is_saved(session)
    assert not writer.state().waiting_long


def test_a_log_locked_at_start_up_is_opened_once_the_lock_goes(database: Path,  # type: ignore[no-untyped-def]
                                                                 started) -> None:
    with locked(database) as other:
        other.execute("UPDATE sessions SET notes = ''")  # a writer's lock, as an import holds
        writer = started(database)
        writes = QueuedWrites(writer)
        session = a_session(writes, steps=2)
        wait_for(lambda: writer.state().problem is not None and writer.state().waiting == 4)
        assert not writes.is_saved(session)
    assert writer.flush(WAIT) and writes.is_saved(session)
    with read(database) as log:
        assert len(log.session(session)["steps"]) == 2  # type: ignore[index]


def test_a_lock_that_stops_the_opening_itself_is_waited_out(database: Path,  # type: ignore[no-untyped-def]
                                                            started) -> None:
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")  # another program's way: no reader gets in
    other.execute("BEGIN EXCLUSIVE")
    try:
        writer = started(database)
        writes = QueuedWrites(writer)
        session = a_session(writes, steps=1)
        wait_for(lambda: writer.state().problem is not None and writer.state().waiting == 3)
        assert not writer.state().opened
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert writer.flush(WAIT) and writes.is_saved(session)


STEPS_NEEDING_NEW_PAGES = 160  # about 100 KiB of steps: several 16 KiB pages


def test_a_full_disk_never_leaves_a_completed_session_without_its_steps(  # type: ignore[no-untyped-def]
        database: Path, started) -> None:
    full = [True]

    class FillingDisk(SessionLog):
        """SQLite's own "disk full" past the pages the log has, until `full` says room."""

        def record_step(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
            limit = self.connection.execute("PRAGMA page_count").fetchone()[0] if full[0] \
                else 1_000_000
            self.connection.execute(f"PRAGMA max_page_count = {limit}")
            super().record_step(*args, **options)

    def open_on_a_full_disk(path: Path) -> SessionLog:
        log = SessionLog.open(path, timeout=0.2)
        return FillingDisk(log.connection, log.path)

    writer = started(database, open_log=open_on_a_full_disk)
    writes = QueuedWrites(writer)
    session = writes.begin_session("neck", "Neck release", 90, pain_before=5)
    # Enough to need new pages, at 16 KiB each (a new log has no free ones).
    for position in range(STEPS_NEEDING_NEW_PAGES):
        writes.record_step(session, 1, "A long title " * 40, "pressure", None, 1, 30, 30.0,
                           "completed", position=position)
    writes.end_session(session, "completed", 1200.0)
    wait_for(lambda: writer.state().problem == "the disk is full")
    assert not writer.state().is_saved(session)
    with read(database) as log:
        stored = log.session(session)
        assert stored is None or stored["status"] == "interrupted"  # never completed
    full[0] = False  # the disk gets room again: the writer's next try lands everything
    assert writer.flush(WAIT)
    with read(database) as log:
        stored = log.session(session)
    assert stored is not None and stored["status"] == "completed" \
        and len(stored["steps"]) == STEPS_NEEDING_NEW_PAGES


def test_writes_kept_by_a_crashed_run_land_on_the_next_start(database: Path, started) -> None:  # type: ignore[no-untyped-def]
    session = "5e55i0n"
    kept = [Write("begin", session, {"routine_id": "neck", "routine_name": "Neck",
                                     "planned_seconds": 60, "pain_before": None,
                                     "started_at": "2026-11-21T10:30:00.000+01:00"}),
            Write("step", session, {"index": 1, "title": "Press", "kind": "pressure",
                                    "side": None, "repetition": 1, "planned_seconds": 30,
                                    "actual_seconds": 30.0, "outcome": "completed",
                                    "position": 0})]
    PendingFile(database).append(kept)
    PendingFile(database).append(kept)  # landed once already before the crash: no matter
    with pending_path(database).open("ab") as file:
        file.write(b'{"kind": "end", "session_id"')  # the crash came mid-line
    writer = started(database)
    assert writer.flush(WAIT)
    with read(database) as log:
        stored = log.session(session)
    assert stored is not None and len(stored["steps"]) == 1
    assert stored["status"] == "interrupted"  # the cut-short end was never kept
    assert not pending_path(database).exists()


def _older_log(database: Path, sessions: int) -> None:
    """Never-ended sessions without their active time, as an older version left them."""
    with read(database) as log:
        for _ in range(sessions):
            session = log.begin_session("neck", "Neck release", 90)
            log.record_step(session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed")
        log.connection.execute("UPDATE sessions SET active_seconds = NULL")


def _unfilled(database: Path) -> int:
    with read(database) as log:
        return int(log.connection.execute(
            "SELECT COUNT(*) FROM sessions WHERE active_seconds IS NULL").fetchone()[0])


def test_the_weekly_fill_of_active_time_waits_until_start_up_is_over(  # type: ignore[no-untyped-def]
        database: Path, started) -> None:
    # On a long log from an older version it writes for seconds: beside start-up, it slowed
    # the way to the countdown.
    _older_log(database, 2)
    writes = QueuedWrites(started(database, checkup_delay=3600))
    a_session(writes)
    assert writes.writer.flush(WAIT)
    assert _unfilled(database) == 2


def test_the_weekly_fill_goes_a_batch_at_a_time_after_the_log_reads_open(  # type: ignore[no-untyped-def]
        database: Path, started, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_writer, "FILL_BATCH", 2)
    _older_log(database, 5)
    filling = threading.Event()
    may_fill = threading.Event()
    batches: list[int] = []

    def open_slow_to_fill(path: Path) -> SessionLog:
        log = SessionLog.open(path)
        fill = log.fill_active_seconds

        def slow_fill(at_most: int = -1) -> int:
            filling.set()
            assert may_fill.wait(WAIT)
            batches.append(fill(at_most))
            return batches[-1]

        log.fill_active_seconds = slow_fill  # type: ignore[method-assign]
        return log

    writer = started(database, open_log=open_slow_to_fill, checkup_delay=0)
    wait_for(filling.is_set)
    assert writer.state().opened  # `run --start` waits for this: said before any fill
    may_fill.set()
    # The last batch's commit empties the log's gaps a moment before its count is noted.
    wait_for(lambda: len(batches) == 3)
    assert _unfilled(database) == 0
    assert batches == [2, 2, 1]  # each batch its own transaction: a quit keeps them


def _now():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(2026, 11, 21, 10, 30)


def test_the_state_is_saved_only_once_opened() -> None:
    assert not WriterState().is_saved("x")
    assert WriterState(opened=True).is_saved("x")
    assert not WriterState(opened=True, unsaved_sessions=frozenset({"x"})).is_saved("x")


def _status(database: Path, session: str) -> str | None:
    with read(database) as log:
        stored = log.session(session)
    return None if stored is None else stored["status"]


def test_a_session_whose_end_is_still_queued_is_not_called_saved(  # type: ignore[no-untyped-def]
        database: Path, started) -> None:
    """The end screen asks the moment the session ends: its end is then only handed over."""
    hold, holding, go_on = threading.Event(), threading.Event(), threading.Event()

    def hold_the_writer(_landed: frozenset[str]) -> None:  # on the writer's thread
        if hold.is_set():
            holding.set()
            go_on.wait(WAIT)

    writer = started(database, on_change=hold_the_writer)
    writes = QueuedWrites(writer)
    session = writes.begin_session("neck", "Neck release", 90)
    assert writer.flush(WAIT) and writes.is_saved(session)
    hold.set()
    writes.begin_session("calf", "Calf release", 60)  # the writer's news of it holds it
    assert holding.wait(WAIT)
    writes.end_session(session, "completed", 90.0)  # queued; the writer cannot take it
    assert _status(database, session) == "interrupted"  # it has not landed...
    assert not writes.is_saved(session)  # ...so it is not saved
    go_on.set()
    assert writer.flush(WAIT) and writes.is_saved(session)
    assert _status(database, session) == "completed"


def test_writes_given_while_the_writer_lands_others_keep_their_session_unsaved(  # type: ignore[no-untyped-def]
        database: Path, started) -> None:
    """The flaky locked-log run, held still: the last step is being written when the end is
    handed over; the news that the step landed must not call the session saved."""
    in_step, end_given, news, go_on = (threading.Event() for _ in range(4))

    class SlowStep(SessionLog):
        def record_step(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
            in_step.set()
            end_given.wait(WAIT)  # the end arrives while this write is in the writer's hands
            super().record_step(*args, **options)

    def open_slowly(path: Path) -> SessionLog:
        log = SessionLog.open(path, timeout=0.2)
        return SlowStep(log.connection, log.path)

    def hold_after_the_step(_landed: frozenset[str]) -> None:  # on the writer's thread
        if end_given.is_set():
            news.set()
            go_on.wait(WAIT)

    writer = started(database, open_log=open_slowly, on_change=hold_after_the_step)
    writes = QueuedWrites(writer)
    session = writes.begin_session("neck", "Neck release", 90)
    assert writer.flush(WAIT)
    writes.record_step(session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed",
                       position=0)
    assert in_step.wait(WAIT)
    writes.end_session(session, "completed", 30.0)
    end_given.set()
    assert news.wait(WAIT)  # the step has landed and the writer has said so; the end waits
    assert _status(database, session) == "interrupted"
    assert not writer.state().is_saved(session)
    go_on.set()
    assert writer.flush(WAIT) and writes.is_saved(session)
    assert _status(database, session) == "completed"
