"""A command's import into a log with no sessions goes through a rollback journal (written
once, not twice): only when nobody else has the log open, never losing what a crash, a
Cancel or a second program would put at risk, and back in WAL mode after."""

from __future__ import annotations

import shutil
import sqlite3
from argparse import Namespace
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import odd_sessions_of, write_export

from spasm_timer.paths import DataPaths
from spasm_timer.storage import export_reader, log_bulk, log_opening
from spasm_timer.storage.commands import run_history, run_import
from spasm_timer.storage.exchange import ImportFileError, export_json, import_json
from spasm_timer.storage.log import LogBusyError, SessionLog


@pytest.fixture(autouse=True)
def small_batches_and_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few sessions, and a cache of a few pages: the import writes into the file
    long before its commit, as a long one does."""
    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 8)
    monkeypatch.setattr(log_bulk, "_CACHE_KIB", 64)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "in.json", odd_sessions_of(5, 200))


def _mode(db: sqlite3.Connection) -> str:
    return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def _import_watching(log: SessionLog, source: Path, alone: bool,
                     watch: Callable[[int], None]) -> tuple[int, int]:
    return import_json(log, source, progress=watch, alone=alone)


def test_an_import_alone_into_a_new_log_uses_the_journal_and_ends_in_wal(
        tmp_path: Path, export: Path) -> None:
    log = SessionLog.open(tmp_path / "alone" / "sessions.sqlite3")
    modes: list[str] = []
    assert _import_watching(log, export, True, lambda _: modes.append(_mode(log.connection))
                            ) == (200, 0)
    assert set(modes) == {"delete"}
    assert _mode(log.connection) == "wal"
    assert log.connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
    assert not (tmp_path / "alone" / "sessions.sqlite3-journal").exists()
    log.close()
    # The same sessions, byte for byte, as through the WAL.
    through_wal = SessionLog.open(tmp_path / "wal" / "sessions.sqlite3")
    assert import_json(through_wal, export) == (200, 0)
    again = SessionLog.open(tmp_path / "alone" / "sessions.sqlite3")
    assert _mode(again.connection) == "wal"
    export_json(again, tmp_path / "alone.json")
    export_json(through_wal, tmp_path / "wal.json")
    assert (tmp_path / "alone.json").read_bytes() == (tmp_path / "wal.json").read_bytes()


def test_another_connection_keeps_the_import_in_wal_and_reads_meanwhile(
        tmp_path: Path, export: Path) -> None:
    """The app (or another command) has the log open: the switch is refused, the import
    goes through the WAL, and the other connection reads the log as it was meanwhile."""
    path = tmp_path / "sessions.sqlite3"
    log = SessionLog.open(path)
    app = SessionLog.open(path)
    seen: list[tuple[str, int]] = []
    assert _import_watching(log, export, True,
                            lambda _: seen.append((_mode(log.connection), app.count()))
                            ) == (200, 0)
    assert set(seen) == {("wal", 0)}
    assert app.count() == 200


def test_a_log_with_sessions_keeps_the_wal(tmp_path: Path) -> None:
    sessions = odd_sessions_of(6, 60)
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, write_export(tmp_path / "some.json", sessions[:10])) == (10, 0)
    modes: list[str] = []
    assert _import_watching(log, write_export(tmp_path / "all.json", sessions), True,
                            lambda _: modes.append(_mode(log.connection))) == (50, 10)
    assert set(modes) == {"wal"}


def test_the_app_opening_the_log_meanwhile_finds_it_locked_not_damaged(
        tmp_path: Path, export: Path) -> None:
    """It waits and tries again (as the app's writer does); the log is never taken for a
    damaged one, nor moved aside."""
    path = tmp_path / "sessions.sqlite3"
    log = SessionLog.open(path)
    refused: list[type[BaseException]] = []

    def open_meanwhile(read: int) -> None:
        if read > 100 and not refused:
            with pytest.raises(LogBusyError) as caught:
                SessionLog.open(path, timeout=0.01)
            refused.append(caught.type)

    assert _import_watching(log, export, True, open_meanwhile) == (200, 0)
    assert refused == [LogBusyError]
    log.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "sessions.sqlite3"]
    with SessionLog.open(path, timeout=0.01) as app:
        assert app.count() == 200
        assert _mode(app.connection) == "wal"


def test_whoever_opens_the_log_meanwhile_is_told_an_import_is_under_way(
        tmp_path: Path, export: Path) -> None:
    """Not only that some program has it locked: the app's note and `history` say what
    to wait for."""
    path = tmp_path / "sessions.sqlite3"
    log = SessionLog.open(path)
    said: list[str] = []

    def open_meanwhile(read: int) -> None:
        if read > 100 and not said:
            with pytest.raises(LogBusyError) as caught:
                SessionLog.open(path, timeout=0.01)
            said.append(caught.value.reason)

    assert _import_watching(log, export, True, open_meanwhile) == (200, 0)
    assert len(said) == 1 and "import" in said[0]
    log.close()
    app, other = SessionLog.open(path), SessionLog.open(path, timeout=0.01)
    app.connection.execute("BEGIN EXCLUSIVE")  # a lock that is no import's
    with pytest.raises(LogBusyError) as caught:
        other.add_sessions(odd_sessions_of(3, 1))
    app.connection.execute("ROLLBACK")
    assert "import" not in caught.value.reason


@contextmanager
def _crash_copy_taken(source: Path, copy: Path) -> Iterator[Callable[[int], None]]:
    """A progress callback that copies the log and its journal, once, in the middle of the
    import: the files as a crash (or a pulled plug, once the disk has what it was given)
    would leave them."""
    taken: list[int] = []

    def take(read: int) -> None:
        if read > 100 and not taken:
            journal = Path(f"{source}-journal")
            assert journal.exists()
            copy.parent.mkdir()
            shutil.copyfile(source, copy)
            shutil.copyfile(journal, Path(f"{copy}-journal"))
            taken.append(read)

    yield take
    assert taken


def _crashed_mid_import(tmp_path: Path, sessions: list[dict[str, Any]]) -> tuple[Path, int]:
    """A copy of a log taken halfway through an import alone into it, as a crash leaves it,
    with its hot journal beside it; and the log's size before the import."""
    path = tmp_path / "log" / "sessions.sqlite3"
    log = SessionLog.open(path)
    # A log with sessions once, emptied: the journal holds the pages the import changes.
    assert import_json(log, write_export(tmp_path / "first.json", sessions[:20])) == (20, 0)
    for session in sessions[:20]:
        log.delete_session(session["id"])
    log.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.stat().st_size
    crashed = tmp_path / "crashed" / "sessions.sqlite3"
    with _crash_copy_taken(path, crashed) as take:
        assert _import_watching(log, write_export(tmp_path / "in.json", sessions[20:]), True,
                                take) == (220, 0)
    return crashed, before


def _assert_as_before_the_import(crashed: Path, sessions: list[dict[str, Any]]) -> None:
    """The crashed copy opens empty, in WAL mode, takes new sessions, and nothing was left
    beside it or moved aside."""
    with SessionLog.open(crashed) as reopened:
        assert reopened.count() == 0
        assert _mode(reopened.connection) == "wal"
        assert reopened.add_sessions(sessions[:5]) == (5, 0)
    assert not Path(f"{crashed}-journal").exists()
    assert not list(crashed.parent.glob("*damaged*"))


def test_a_crash_during_the_import_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    sessions = odd_sessions_of(7, 240)
    crashed, before = _crashed_mid_import(tmp_path, sessions)
    assert crashed.stat().st_size > before  # the import had written into the file
    _assert_as_before_the_import(crashed, sessions)


@pytest.mark.parametrize("stop", ["cancel", "bad value"])
def test_a_stopped_import_through_the_journal_adds_nothing(
        tmp_path: Path, stop: str) -> None:
    sessions = odd_sessions_of(8, 200)
    if stop == "bad value":
        sessions[190]["pauses"] = -1

    def cancel(read: int) -> None:
        if stop == "cancel" and read > 100:
            raise KeyboardInterrupt

    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(KeyboardInterrupt if stop == "cancel" else ImportFileError):
        _import_watching(log, write_export(tmp_path / "in.json", sessions), True, cancel)
    assert log.count() == 0
    assert _mode(log.connection) == "wal"
    assert not (tmp_path / "sessions.sqlite3-journal").exists()
    good = write_export(tmp_path / "good.json", odd_sessions_of(8, 200))
    assert import_json(log, good, alone=True) == (200, 0)


def test_the_import_command_asks_for_the_journal(
        tmp_path: Path, export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[Any] = []
    written_once = log_bulk.written_once

    @contextmanager
    def spying(db: sqlite3.Connection, wanted: bool) -> Iterator[bool]:
        with written_once(db, wanted) as once:
            used.append(once)
            yield once

    monkeypatch.setattr(log_bulk, "written_once", spying)
    paths = DataPaths(tmp_path / "data")
    assert run_import(Namespace(file=str(export)), paths) == 0
    assert used == [True]
    with SessionLog.open(paths) as log:
        assert log.count() == 200


def test_a_crash_between_the_look_for_a_journal_and_the_read_is_rolled_back_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import began (and was cut off) after the opener looked for a -journal and before
    its read-only read: the log is rolled back all the same, never called read-only."""
    sessions = odd_sessions_of(9, 240)
    crashed, _before = _crashed_mid_import(tmp_path, sessions)
    journal = Path(f"{crashed}-journal")
    held = journal.rename(tmp_path / "journal-of-the-import-to-come")
    read_only = log_opening.read_only

    def import_cut_off_first(where: Path, timeout: float = 5.0) -> sqlite3.Connection:
        if held.exists():
            held.rename(journal)
        return read_only(where, timeout)

    monkeypatch.setattr(log_opening, "read_only", import_cut_off_first)
    assert run_history(Namespace(json=True), DataPaths(crashed.parent)) == 0
    _assert_as_before_the_import(crashed, sessions)
