"""The log's guards that a quiet mistake would remove: the id's form, the steps limit, the
export's flush to disk, the full check of a damaged file."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import odd_session, write_export

from spasm_timer.core.timeline import MAX_SEGMENTS
from spasm_timer.storage import exchange
from spasm_timer.storage.exchange import ImportFileError, export_json, import_json
from spasm_timer.storage.log import SessionLog


def one_session(**changes: Any) -> dict[str, Any]:
    session = odd_session(random.Random(7), 1)
    session.update(changes)
    return session


def test_an_upper_case_id_is_refused_so_one_session_never_gets_two_ids(tmp_path: Path) -> None:
    session = one_session()
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"sessions\[0\]\.id: must be a lowercase UUID"):
        import_json(log, write_export(tmp_path / "in.json", [{**session, "id": session["id"].upper()}]))
    assert log.count() == 0
    assert import_json(log, write_export(tmp_path / "ok.json", [session])) == (1, 0)


def test_a_session_with_more_steps_than_a_routine_can_have_is_refused(tmp_path: Path) -> None:
    step = {"index": 1, "title": "Press", "kind": "pressure", "side": None, "repetition": 1,
            "planned_seconds": 1, "actual_seconds": 1.0, "outcome": "completed"}
    session = one_session(steps=[step] * (MAX_SEGMENTS + 1))
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=rf"sessions\[0\]\.steps: more than {MAX_SEGMENTS:,}"):
        import_json(log, write_export(tmp_path / "in.json", [session]))
    assert log.count() == 0


def test_the_export_reaches_the_disk_before_it_takes_the_files_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export.json"
    flushed: list[bool] = []

    def fsync(descriptor: int) -> None:
        flushed.append(target.exists())  # the name is still free: the data goes first
        real_fsync(descriptor)

    real_fsync = os.fsync
    monkeypatch.setattr(exchange.os, "fsync", fsync)
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    import_json(log, write_export(tmp_path / "in.json", [one_session()]))
    export_json(log, target)
    assert flushed == [False]
    assert target.exists()


def test_the_full_check_finds_a_damaged_page_the_quick_open_does_not_read(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite3"
    with SessionLog.open(path) as log:
        for _ in range(200):
            session = log.begin_session("neck", "Neck release", 60)
            log.update_session(session, notes="a note that fills the pages " * 20)
        log.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2 * 4096  # a page of sessions, far from the schema's
    data[middle:middle + 4096] = random.Random(3).randbytes(4096)
    path.write_bytes(bytes(data))
    with SessionLog.open(path) as quick:  # the everyday open reads the schema only
        assert quick.moved_aside is None

    with SessionLog.open(path, full_check=True) as checked:
        assert checked.moved_aside is not None  # kept under a new name, never deleted
        assert checked.count() == 0
    assert checked.moved_aside.read_bytes() == bytes(data)
