"""The export and `history --json` read in chunks on several threads: the same bytes as one
query, from one moment of the log, and the exact text a person's files have always had."""

from __future__ import annotations

import io
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import app_layout, odd_sessions_of, write_export

from spasm_timer.storage import export_rows, parallel_reads
from spasm_timer.storage.exchange import (
    export_csv,
    export_json,
    import_json,
    write_json_chunks,
)
from spasm_timer.storage.export_rows import session_json_chunks
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_statistics import order_by, session_filters


@pytest.fixture
def odd_log(tmp_path: Path) -> SessionLog:
    """103 sessions with every odd value, several starting at the same moment (the order
    then falls back to the order they were written in)."""
    sessions = odd_sessions_of(7, 100)
    for twin in sessions[:3]:
        sessions.append({**sessions[50], "id": twin["id"][:-4] + "beef"})
    log = SessionLog.open(tmp_path / "log" / "sessions.sqlite3")
    import_json(log, write_export(tmp_path / "odd.json", sessions))
    return log


# What the export's readers select, as one plain query.
_ONE_QUERY = "SELECT " + export_rows._SESSION_JSON_PIECE + " FROM sessions s"  # noqa: S608 - our own SQL


def one_query_text(log: SessionLog, newest_first: bool = True, since: str | None = None,
                   until: str | None = None, routine_id: str | None = None,
                   status: str | None = None) -> str:
    """The oracle: the same sessions' JSON from one plain query on the log's own connection,
    a session a line."""
    where, params = session_filters(since, until, routine_id, status)
    rows = log.connection.execute(_ONE_QUERY + where + order_by(newest_first), params)
    return app_layout(text for (text,) in rows)


def chunked_text(log: SessionLog, **filters: Any) -> str:
    out = io.StringIO()
    write_json_chunks(session_json_chunks(log, **filters), out)
    return out.getvalue()


@pytest.mark.parametrize("readers", [1, 2, 3])
@pytest.mark.parametrize("chunk", [1, 7, 50, 1000])
def test_chunks_read_on_threads_give_the_bytes_of_one_query(
        odd_log: SessionLog, monkeypatch: pytest.MonkeyPatch, readers: int, chunk: int) -> None:
    monkeypatch.setattr(parallel_reads, "CHUNK_SESSIONS", chunk)
    monkeypatch.setattr(parallel_reads, "reader_count", lambda: readers)
    for filters in ({"newest_first": False}, {"newest_first": True},
                    {"routine_id": "neck", "since": "2024-01-02"},
                    {"status": "interrupted", "until": "2024-01-03", "newest_first": False}):
        assert chunked_text(odd_log, **filters) == one_query_text(odd_log, **filters), filters


def test_an_export_is_one_moment_of_the_log(odd_log: SessionLog,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_reads, "CHUNK_SESSIONS", 10)
    monkeypatch.setattr(parallel_reads, "reader_count", lambda: 2)
    before = chunked_text(odd_log, newest_first=False)
    chunks = session_json_chunks(odd_log, newest_first=False)
    first = next(chunks)  # the readers have begun
    with SessionLog.open(odd_log.path) as app:  # the app logs and deletes meanwhile
        oldest = app.sessions(limit=1, newest_first=False)[0]
        app.delete_session(app.sessions(limit=1)[0]["id"])
        app.begin_session("neck", "Neck", 60, started_at=oldest["started_at"])
        app.begin_session("neck", "Neck", 60)
    out = io.StringIO()
    write_json_chunks([first, *chunks], out)
    assert out.getvalue() == before
    assert chunked_text(odd_log, newest_first=False) != before  # and the next one sees it


def test_a_log_that_cannot_be_locked_is_read_by_one_connection(
        odd_log: SessionLog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_reads, "CHUNK_SESSIONS", 10)
    monkeypatch.setattr(parallel_reads, "BUSY_TIMEOUT_SECONDS", 0.01)
    expected = one_query_text(odd_log, newest_first=False)
    with sqlite3.connect(odd_log.path, isolation_level=None) as writer:
        writer.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        assert chunked_text(odd_log, newest_first=False) == expected
        writer.execute("ROLLBACK")


def _is_open(db: sqlite3.Connection) -> bool:
    try:
        db.total_changes  # noqa: B018 - any use of a closed connection raises
    except sqlite3.ProgrammingError:
        return False
    return True


def test_a_log_that_cannot_be_locked_opens_no_reader_it_will_not_use(
        odd_log: SessionLog, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export while another program writes must not hold the log open many times over:
    each open file counts against the person's limit, for as long as the export runs."""
    monkeypatch.setattr(parallel_reads, "CHUNK_SESSIONS", 10)
    monkeypatch.setattr(parallel_reads, "BUSY_TIMEOUT_SECONDS", 0.01)
    monkeypatch.setattr(parallel_reads, "reader_count", lambda: 3)
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recorded(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    with sqlite3.connect(odd_log.path, isolation_level=None) as writer:
        writer.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        monkeypatch.setattr(sqlite3, "connect", recorded)
        chunks = session_json_chunks(odd_log, newest_first=False)
        assert next(chunks)[0] == 10  # the export is under way, on the app's own connection
        assert opened  # the lock was tried
        assert not [db for db in opened if _is_open(db)]
        assert sum(number for number, _text in chunks) == 93
        writer.execute("ROLLBACK")


def test_stopping_early_leaves_no_reader_running(odd_log: SessionLog,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`history --json | head` closes the pipe after a few lines."""
    monkeypatch.setattr(parallel_reads, "CHUNK_SESSIONS", 5)
    monkeypatch.setattr(parallel_reads, "reader_count", lambda: 2)
    chunks = session_json_chunks(odd_log)
    next(chunks)
    chunks.close()  # type: ignore[attr-defined]
    assert not [t for t in threading.enumerate() if t.name.startswith("log-reader")]
    odd_log.delete_session(odd_log.sessions(limit=1)[0]["id"])  # no reader holds the log


def test_the_export_files_keep_their_exact_text(tmp_path: Path) -> None:
    """Byte for byte what exports have always been: a file a person kept must compare
    equal to a new export of the same log, and tools that read it must not break."""
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    first = log.begin_session("calf-cramp", 'Calf "cramp", relief', 600, 6,
                              session_id="a1", started_at="2026-11-20T22:10:00.000+01:00")
    log.record_step(first, 1, "Breathe ünïcödé", "breathe", None, 1, 30, 29.5, "completed")
    log.record_step(first, 2, "Press", "pressure", "left", 2, 45, 0, "skipped")
    log.record_pause(first)
    log.end_session(first, "completed", 29.5, ended_at="2026-11-20T22:21:00.000+01:00")
    log.update_session(first, pain_after=2, notes="=1+1\nbetter")
    log.begin_session("neck", "Neck", 60, session_id="b2",
                      started_at="2026-11-21T03:00:00.000+01:00")
    export_json(log, tmp_path / "out.json")
    export_csv(log, tmp_path / "out.csv")
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == (
        '{"spasm_timer_log": 1, "sessions": [\n'
        '{"id":"a1","routine_id":"calf-cramp","routine_name":"Calf \\"cramp\\", relief",'
        '"started_at":"2026-11-20T22:10:00.000+01:00","ended_at":"2026-11-20T22:21:00.000+01:00",'
        '"status":"completed","planned_seconds":600,"active_seconds":29.5,"pain_before":6,'
        '"pain_after":2,"notes":"=1+1\\nbetter","pauses":1,"steps":['
        '{"index":1,"title":"Breathe ünïcödé","kind":"breathe","side":null,"repetition":1,'
        '"planned_seconds":30,"actual_seconds":29.5,"outcome":"completed"},'
        '{"index":2,"title":"Press","kind":"pressure","side":"left","repetition":2,'
        '"planned_seconds":45,"actual_seconds":0.0,"outcome":"skipped"}]},\n'
        '{"id":"b2","routine_id":"neck","routine_name":"Neck",'
        '"started_at":"2026-11-21T03:00:00.000+01:00","ended_at":null,"status":"interrupted",'
        '"planned_seconds":60,"active_seconds":0.0,"pain_before":null,"pain_after":null,'
        '"notes":"","pauses":0,"steps":[]}\n'
        ']}\n')
    assert (tmp_path / "out.csv").read_bytes() == (
        b"id,routine_id,routine_name,started_at,ended_at,status,planned_seconds,active_seconds,"
        b"pain_before,pain_after,notes,pauses,steps_completed,steps_skipped\r\n"
        b'a1,calf-cramp,"Calf ""cramp"", relief",2026-11-20T22:10:00.000+01:00,'
        b"2026-11-20T22:21:00.000+01:00,completed,600,29.5,6,2,\"'=1+1\nbetter\",1,1,1\r\n"
        b"b2,neck,Neck,2026-11-21T03:00:00.000+01:00,,interrupted,60,0.0,,,,0,0,0\r\n")
