"""The log's opening and writing edges: rollback after a failed write, orphan -wal files,
text that is not UTF-8, a log checked only when needed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from spasm_timer.storage.log import SessionLog


def test_a_failed_write_is_rolled_back_and_the_next_one_lands(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    with SessionLog.open(path) as log:
        session = log.begin_session("neck", "Neck release", 60)
        with pytest.raises(KeyError):  # fails inside its transaction: no such session
            log.record_step("no-such-session", 1, "Press", "pressure", None, 1, 30, 30.0,
                            "completed")
        assert not log.connection.in_transaction
        log.record_step(session, 1, "Press", "pressure", None, 1, 30, 30.0, "completed")
        log.end_session(session, "completed", 30.0)
    other = sqlite3.connect(path)
    assert other.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 1
    assert other.execute("SELECT status FROM sessions").fetchone()[0] == "completed"
    other.close()


@pytest.mark.parametrize("orphan", ["-wal", "-shm"])
def test_an_orphan_wal_or_shm_is_moved_aside_not_deleted(tmp_path: Path, orphan: str) -> None:
    path = tmp_path / "sessions.sqlite3"
    content = b"the last sessions of a log that went missing" * 100
    (tmp_path / f"sessions.sqlite3{orphan}").write_bytes(content)
    with SessionLog.open(path) as log:
        assert log.moved_aside is not None
        log.begin_session("neck", "Neck release", 60)
    kept = [p for p in tmp_path.iterdir() if p.name.endswith(orphan) and "orphan" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert str(log.moved_aside).startswith(str(tmp_path / "sessions.orphan-"))


def test_a_routine_whose_file_name_is_not_utf8_is_logged(tmp_path: Path) -> None:
    name = b"kr\xe4mpfe".decode("utf-8", "surrogateescape")  # a Latin-1 file name
    with SessionLog.open(tmp_path / "sessions.sqlite3") as log:
        session = log.begin_session(name, name, 60)
        log.record_step(session, 1, name, "pressure", None, 1, 30, 30.0, "completed")
        log.update_session(session, notes=f"note {name}")
        stored = log.session(session)
    assert stored is not None
    assert stored["routine_id"] == stored["routine_name"] == "kr\ufffdmpfe"
    assert stored["steps"][0]["title"] == "kr\ufffdmpfe"
    assert stored["notes"] == "note kr\ufffdmpfe"


def test_a_note_is_kept_to_the_one_length_every_writer_and_import_accept(tmp_path: Path) -> None:
    from spasm_timer.storage.exchange import export_json, import_json
    from spasm_timer.storage.log import MAX_NOTES_CHARS

    with SessionLog.open(tmp_path / "sessions.sqlite3") as log:
        session = log.begin_session("neck", "Neck release", 60)
        log.update_session(session, notes="x" * (MAX_NOTES_CHARS + 500))  # as History writes
        assert len(log.session(session)["notes"]) == MAX_NOTES_CHARS  # type: ignore[index]
        export_json(log, tmp_path / "export.json")
    with SessionLog.open(tmp_path / "other.sqlite3") as other:
        assert import_json(other, tmp_path / "export.json") == (1, 0)  # imports back whole


def test_after_an_import_the_open_apps_next_write_gives_the_disk_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An import grows the WAL file to the size of what it added (1.4 GB for a million
    sessions); while the app keeps the log open, its next write cuts the file back."""
    from history_helpers import bulk_insert

    from spasm_timer.storage import log_opening
    from spasm_timer.storage.exchange import export_json, import_json
    from spasm_timer.storage.log import MAX_NOTES_CHARS
    from spasm_timer.storage.queued_log import import_connection

    # A small import will do (a write of one session, five 16 KiB pages, fits in what is kept).
    monkeypatch.setattr(log_opening, "WAL_KEPT_BYTES", 256 * 1024)
    with SessionLog.open(tmp_path / "laptop" / "sessions.sqlite3") as other:
        bulk_insert(other, 2_000)  # with long notes: past SQLite's checkpoint at 4 MB of WAL
        other.connection.execute("UPDATE sessions SET notes = ?", ("n" * MAX_NOTES_CHARS,))
        export_json(other, tmp_path / "laptop.json")
    path = tmp_path / "sessions.sqlite3"
    wal = path.with_name("sessions.sqlite3-wal")
    with SessionLog.open(path) as app:
        with import_connection(path) as importer:
            assert import_json(importer, tmp_path / "laptop.json") == (2_000, 0)
        assert wal.stat().st_size > 4 * log_opening.WAL_KEPT_BYTES
        app.begin_session("neck", "Neck release", 60)
        assert wal.stat().st_size <= log_opening.WAL_KEPT_BYTES
        assert app.count() == 2_001
