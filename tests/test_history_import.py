"""History › Import… runs off the GUI thread: the window answers meanwhile, says how far the
import has read, and a Cancel or a bad file adds nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from history_helpers import add, bulk_insert, session, wait_imported
from PySide6.QtCore import Qt, QTimer

from spasm_timer.storage import exchange, import_process, log_writer
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_writer import LogWriter, new_write
from spasm_timer.storage.queued_log import import_connection
from spasm_timer.ui.history_window import HistoryWindow
from spasm_timer.ui.log_link import LogLink

EXPORTED = 3_000  # three batches of the reader's 1,000


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(data_dir / "sessions.sqlite3") as opened:
        add(opened, session("2026-11-10"), session("2026-11-11"), session("2026-11-12"))
        yield opened


@pytest.fixture
def big_export(tmp_path: Path) -> Path:
    """An export of a few thousand sessions from another computer's log."""
    with SessionLog.open(tmp_path / "other" / "sessions.sqlite3") as other:
        bulk_insert(other, EXPORTED)
        path = tmp_path / "from-the-laptop.json"
        assert exchange.export_json(other, path) == EXPORTED
    return path


class Hold:
    """An import stopped after its first batch, inside its transaction."""

    def __init__(self) -> None:
        self.reached = threading.Event()  # the import waits now
        self.go_on = threading.Event()

    def set(self) -> None:
        self.go_on.set()


def held_after_first_batch(monkeypatch: pytest.MonkeyPatch) -> Hold:
    """The import stops after its first batch (inside its transaction) until told to go on:
    what the window does meanwhile, it does while an import runs."""
    hold = Hold()
    real_import = exchange.import_json

    def held(log: SessionLog, file: Any, progress: Callable[[int], None]) -> tuple[int, int]:
        def said_then_held(count: int) -> None:
            progress(count)
            if count == 1_000:
                hold.reached.set()
                assert hold.go_on.wait(20), "the test never let the import go on"

        return real_import(log, file, progress=said_then_held)

    monkeypatch.setattr(exchange, "import_json", held)
    return hold


def open_window(qtbot, log: SessionLog, file: Path,  # type: ignore[no-untyped-def]
                monkeypatch: pytest.MonkeyPatch) -> HistoryWindow:
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(window, "choose_import_file", lambda: str(file))
    return window


def test_the_window_answers_keys_while_an_import_runs(qtbot, log, big_export,
                                                      monkeypatch) -> None:
    gate = held_after_first_batch(monkeypatch)
    window = open_window(qtbot, log, big_export, monkeypatch)
    window.table.setFocus()
    window.table.selectRow(0)
    window.import_button.click()
    qtbot.waitUntil(lambda: "1,000 sessions read" in window.message.text())
    assert "from-the-laptop.json" in window.message.text()
    assert window.cancel_import_button.isVisible() and not window.import_button.isEnabled()

    qtbot.keyClick(window.table, Qt.Key.Key_Down)  # the import is held half way meanwhile
    assert window.table.currentIndex().row() == 1
    fired: list[bool] = []
    QTimer.singleShot(10, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired))
    assert log.count() == 3  # nothing shows before the import is whole

    gate.set()
    wait_imported(qtbot, window)
    assert window.message.text().startswith(f"Added {EXPORTED:,}, skipped 0")
    assert log.count() == 3 + EXPORTED
    assert window.stats["sessions"] == 3 + EXPORTED  # the window refreshed its totals
    assert not window.cancel_import_button.isVisible() and window.import_button.isEnabled()


def test_cancel_adds_nothing(qtbot, log, big_export, monkeypatch) -> None:
    gate = held_after_first_batch(monkeypatch)
    window = open_window(qtbot, log, big_export, monkeypatch)
    window.import_button.click()
    qtbot.waitUntil(lambda: "1,000 sessions read" in window.message.text())
    qtbot.mouseClick(window.cancel_import_button, Qt.MouseButton.LeftButton)
    gate.set()
    wait_imported(qtbot, window)
    assert "cancelled" in window.message.text() and "nothing was added" in window.message.text()
    assert log.count() == 3 and window.model.rowCount() == 3
    assert window.import_button.isEnabled() and not window.cancel_import_button.isVisible()

    window.import_button.click()  # and the same file can be imported after all
    gate.set()
    wait_imported(qtbot, window)
    assert log.count() == 3 + EXPORTED


def test_cancel_ends_the_reader_process_and_adds_nothing(qtbot, log, big_export,
                                                          monkeypatch) -> None:
    monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 0)  # read by a process
    gate = held_after_first_batch(monkeypatch)
    window = open_window(qtbot, log, big_export, monkeypatch)
    window.import_button.click()
    qtbot.waitUntil(lambda: "1,000 sessions read" in window.message.text())
    assert multiprocessing.active_children()  # the reader, one batch ahead
    qtbot.mouseClick(window.cancel_import_button, Qt.MouseButton.LeftButton)
    gate.set()
    wait_imported(qtbot, window)
    assert "cancelled" in window.message.text() and "nothing was added" in window.message.text()
    assert not multiprocessing.active_children()
    assert log.count() == 3


def test_a_reader_process_that_dies_is_told_and_adds_nothing(qtbot, log, big_export,
                                                             monkeypatch) -> None:
    monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 0)
    gate = held_after_first_batch(monkeypatch)
    window = open_window(qtbot, log, big_export, monkeypatch)
    told: list[tuple[str, bool]] = []
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append((text, problem)))
    window.import_button.click()
    assert gate.reached.wait(20)
    for reader in multiprocessing.active_children():
        os.kill(reader.pid, signal.SIGKILL)  # type: ignore[arg-type]
    gate.set()
    wait_imported(qtbot, window)
    text, problem = told[-1]
    assert problem and "from-the-laptop.json was not imported" in text
    assert "stopped unexpectedly" in text and "nothing was added" in text
    assert log.count() == 3 and not multiprocessing.active_children()


def test_a_bad_session_late_in_the_file_adds_nothing_and_is_named(qtbot, log, big_export,
                                                                  monkeypatch) -> None:
    document = json.loads(big_export.read_text())
    document["sessions"][2_500]["pain_after"] = 11
    big_export.write_text(json.dumps(document))
    window = open_window(qtbot, log, big_export, monkeypatch)
    told: list[tuple[str, bool]] = []
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append((text, problem)))
    window.import_button.click()
    wait_imported(qtbot, window)
    text, problem = told[-1]
    assert problem and "from-the-laptop.json was not imported" in text
    assert "sessions[2500].pain_after" in text
    assert log.count() == 3


def test_a_sessions_writes_wait_for_the_import_kept_on_disk_then_land(
        data_dir: Path, big_export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The import holds the log's lock for its one transaction; the app's writer keeps what
    a running session writes meanwhile in the pending file (a crash loses none of it), and
    lands it, in order, once the import is over."""
    database = data_dir / "sessions.sqlite3"
    writer = LogWriter(database).start()
    try:
        assert writer.flush(10)
        gate = held_after_first_batch(monkeypatch)

        def import_it() -> None:
            with import_connection(database) as importer:
                exchange.import_json(importer, big_export, progress=lambda count: None)

        done = threading.Thread(target=import_it)
        done.start()
        try:
            assert gate.reached.wait(20)  # the import holds the log now
            session_id = "0f8fad5b-d9cb-469f-a165-70867728950e"
            writer.submit(new_write("begin", session_id, routine_id="calf",
                                    routine_name="Calf", planned_seconds=60, pain_before=None,
                                    started_at="2026-12-07T10:00:00.000+01:00"))
            deadline = time.monotonic() + 10
            while writer.state().waiting != 1 and time.monotonic() < deadline:
                writer.flush(0.05)  # it waits for the import: it tries, and keeps it aside
            assert writer.state().waiting == 1 and writer.state().kept_on_disk
            assert writer.state().problem is not None  # the lock, said in the person's words
        finally:
            gate.set()
            done.join(20)
        assert writer.flush(10)
    finally:
        writer.close()
    with SessionLog.open(database) as log:
        assert log.count() == EXPORTED + 1 and log.session(session_id) is not None


def test_a_session_beside_an_import_hears_the_import_holds_its_writes(
        qtbot, data_dir: Path, big_export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not "another program has the log locked": the app's own import is what they wait for,
    and once it is over they land and the notice goes."""
    monkeypatch.setattr(log_writer, "TELL_AFTER_SECONDS", 0.0)  # said at the first wait
    hold = held_after_first_batch(monkeypatch)
    link = LogLink(data_dir / "sessions.sqlite3").start()
    try:
        qtbot.waitUntil(lambda: link.log is not None)
        window = open_window(qtbot, link.log, big_export, monkeypatch)
        window.import_button.click()
        qtbot.waitUntil(hold.reached.is_set)
        session_id = link.writes.begin_session("calf", "Calf", 60)
        qtbot.waitUntil(lambda: link.notice() is not None)
        notice = link.notice()
        assert notice is not None and "an import is being added to your log" in notice
        assert "another program" not in notice and "import" in link.saved_text(session_id)

        hold.set()
        wait_imported(qtbot, window)
        assert link.writer.flush(10) and link.notice() is None
        assert link.log.session(session_id) is not None
    finally:
        link.close()
