"""An import says how far it has read, and whatever stops it half way adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_log_exchange import odd_sessions_of, write_export

from spasm_timer.storage import export_reader
from spasm_timer.storage.exchange import import_json
from spasm_timer.storage.log import SessionLog


class Stop(Exception):
    pass


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 10)
    return write_export(tmp_path / "in.json", odd_sessions_of(13, 35))


def test_progress_counts_the_sessions_read_up_to_the_whole_file(tmp_path: Path,
                                                                 export: Path) -> None:
    read: list[int] = []
    with SessionLog.open(tmp_path / "log" / "sessions.sqlite3") as log:
        assert import_json(log, export, progress=read.append) == (35, 0)
    assert read == [10, 20, 30, 35]


def test_stopping_from_progress_adds_nothing(tmp_path: Path, export: Path) -> None:
    def stop_after_two_batches(count: int) -> None:
        if count >= 20:
            raise Stop

    with SessionLog.open(tmp_path / "log" / "sessions.sqlite3") as log:
        with pytest.raises(Stop):
            import_json(log, export, progress=stop_after_two_batches)
        assert log.count() == 0
        assert import_json(log, export) == (35, 0)  # the log is usable again at once
