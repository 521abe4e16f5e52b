"""A long import is read by a process of its own: it imports exactly what reading it here
imports, and a bad file, a Cancel or a reader that dies all add nothing and leave no reader
behind."""

from __future__ import annotations

import errno
import gc
import json
import multiprocessing
import os
import signal
import sys
import textwrap
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import as_the_app_writes, odd_sessions_of, write_export

from spasm_timer import cli, i18n
from spasm_timer.storage import exchange, export_reader, import_process
from spasm_timer.storage.exchange import (
    ImportFileError,
    ImportReaderError,
    export_json,
    import_json,
)
from spasm_timer.storage.import_lines import rows_of_lines
from spasm_timer.storage.log import SessionLog


class Stop(Exception):
    pass


class DiskFull(OSError):
    pass


@pytest.fixture
def sessions() -> list[dict[str, Any]]:
    return odd_sessions_of(1207, 300)


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file, however short, is read by a reader process, ten sessions a batch."""
    monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 0)
    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 10)


def _log(tmp_path: Path, name: str) -> SessionLog:
    return SessionLog.open(tmp_path / name / "sessions.sqlite3")


def _no_reader_left() -> bool:
    return not multiprocessing.active_children()


def _reader_pids() -> list[int]:
    return [child.pid for child in multiprocessing.active_children() if child.pid]


def test_a_file_read_by_a_reader_process_imports_as_one_read_here(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_export(tmp_path / "in.json", sessions)
    read: list[int] = []
    pids: list[list[int]] = []

    def progress(count: int) -> None:
        read.append(count)
        pids.append(_reader_pids())

    with _log(tmp_path, "there") as there:
        assert import_json(there, source, progress=progress) == (300, 0)
        assert import_json(there, source) == (0, 300)  # the same file again adds nothing
        from_process = there.sessions()
    assert read == list(range(10, 301, 10))
    assert pids[0] and all(pid != os.getpid() for pid in pids[0])  # it did run elsewhere
    assert _no_reader_left()
    monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 1 << 60)
    with _log(tmp_path, "here") as here:
        assert import_json(here, source) == (300, 0)
        assert here.sessions() == from_process


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_bad_value_late_in_the_file_is_named_as_when_read_here_and_adds_nothing(
        tmp_path: Path, sessions: list[dict[str, Any]], language: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sessions[257]["status"] = "exploded"
    source = write_export(tmp_path / "in.json", sessions)
    old_language = i18n.current_language()
    i18n.use_language(language)
    try:
        monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 10)
        with _log(tmp_path, "here") as here, pytest.raises(ImportFileError) as read_here:
            import_json(here, source)
        monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 0)
        with _log(tmp_path, "there") as there:
            with pytest.raises(ImportFileError) as read_there:
                import_json(there, source)
            assert there.count() == 0
    finally:
        i18n.use_language(old_language)
    assert "sessions[257].status" in str(read_there.value)
    assert str(read_there.value) == str(read_here.value)  # in the person's language too
    assert _no_reader_left()


def test_a_broken_file_names_its_line_from_the_reader_process(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None) -> None:
    lines = json.dumps({"spasm_timer_log": 1, "sessions": sessions}).replace(
        '}, {"id"', '},\n{"id"').splitlines()
    lines[200] = lines[200].replace('"status":', '"status" ', 1)
    source = tmp_path / "in.json"
    source.write_text("\n".join(lines), encoding="utf-8")
    with _log(tmp_path, "log") as log:
        with pytest.raises(ImportFileError, match="line 201 column"):
            import_json(log, source)
        assert log.count() == 0


def test_cancel_adds_nothing_and_ends_the_reader_at_once(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None) -> None:
    source = write_export(tmp_path / "in.json", sessions)
    seen: list[list[int]] = []

    def cancel_after_the_first_batch(count: int) -> None:
        seen.append(_reader_pids())
        raise Stop

    with _log(tmp_path, "log") as log:
        with pytest.raises(Stop):
            import_json(log, source, progress=cancel_after_the_first_batch)
        assert seen[0]  # the reader was still reading when the import stopped
        assert _no_reader_left()  # and is gone when import_json returns
        assert log.count() == 0
        assert import_json(log, source) == (300, 0)  # the log is usable again at once


def test_a_reader_that_dies_is_an_error_and_adds_nothing(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None) -> None:
    more = [{**session, "id": session["id"][:-4] + "beef"} for session in sessions]
    source = write_export(tmp_path / "in.json", sessions + more)  # far more than a pipe holds

    def kill_the_reader(count: int) -> None:
        if count == 10:
            for pid in _reader_pids():
                os.kill(pid, signal.SIGKILL)

    with _log(tmp_path, "log") as log:
        with pytest.raises(ImportReaderError) as stopped:
            import_json(log, source, progress=kill_the_reader)
        assert str(-signal.SIGKILL) in str(stopped.value)  # how it ended, for a bug report
        assert log.count() == 0
    assert _no_reader_left()


def test_ctrl_c_is_for_the_importing_side_not_the_reader(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None) -> None:
    """Ctrl-C in a terminal reaches the reader too; it reads on, and the import decides."""
    def interrupt_the_reader(count: int) -> None:
        if count == 10:
            for pid in _reader_pids():
                os.kill(pid, signal.SIGINT)

    with _log(tmp_path, "log") as log:
        assert import_json(log, write_export(tmp_path / "in.json", sessions),
                           progress=interrupt_the_reader) == (300, 0)
    assert _no_reader_left()


def test_where_no_process_can_start_the_file_is_read_here(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    with _log(tmp_path, "log") as log:
        assert import_json(log, write_export(tmp_path / "in.json", sessions)) == (300, 0)


def test_a_full_disk_while_adding_is_told_as_such_and_adds_nothing(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None) -> None:
    def disk_full(count: int) -> None:
        raise DiskFull(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with _log(tmp_path, "log") as log:
        with pytest.raises(DiskFull) as stopped:
            import_json(log, write_export(tmp_path / "in.json", sessions), progress=disk_full)
        assert stopped.value.errno == errno.ENOSPC  # not a crash of the import machinery
        assert log.count() == 0
    assert _no_reader_left()


def test_an_app_export_read_by_a_reader_process_gives_the_rows_of_the_general_way(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own export, a session a line (none with an escape), goes the fast way in
    the reader, with the rows the general way gives here."""
    plain = [session for session in sessions if "\\" not in as_the_app_writes(session)]
    with _log(tmp_path, "first") as first:
        assert first.add_sessions(plain) == (len(plain), 0)
        export_json(first, tmp_path / "export.json")
    lines = (tmp_path / "export.json").read_text(encoding="utf-8").splitlines()[1:-1]
    assert rows_of_lines("\n".join(lines)) is not None  # every stretch of it reads fast
    with _log(tmp_path, "there") as there:
        assert import_json(there, tmp_path / "export.json") == (len(plain), 0)
        from_process = there.sessions()
    monkeypatch.setattr(import_process, "READER_PROCESS_FROM", 1 << 60)
    monkeypatch.setattr(import_process, "ExportLines", lambda: lambda stretch: None)
    with _log(tmp_path, "here") as here:
        assert import_json(here, tmp_path / "export.json") == (len(plain), 0)
        assert here.sessions() == from_process
    assert len(from_process) > 50


def test_a_cancel_at_the_end_of_the_file_ends_the_reader_quietly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The importing side may stop just as the reader says it is done: nothing to tell."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    receiving.close()  # the importing side has gone
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # the reader's, not the tests'
    source = write_export(tmp_path / "in.json", [])
    import_process._reader_main(str(source), i18n.current_language(), 10, sending)
    sending.close()


def test_the_reader_starts_with_ctrl_c_held_even_from_a_worker_thread(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C in the reader's first instant, before it ignores them, cannot stop it."""
    held_at_start: list[bool] = []
    start = multiprocessing.context.SpawnProcess.start

    def watched(process: multiprocessing.context.SpawnProcess) -> None:
        held_at_start.append(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))
        start(process)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", watched)
    added: list[tuple[int, int]] = []
    source = write_export(tmp_path / "in.json", sessions)

    def work() -> None:
        with _log(tmp_path, "log") as log:
            added.append(import_json(log, source))
        added.append((signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []), 0))

    worker = threading.Thread(target=work)  # as the app imports
    worker.start()
    worker.join()
    assert added == [(300, 0), (False, 0)]  # and Ctrl-C reaches the thread again after
    assert held_at_start == [True]


def test_the_reader_reads_with_the_cycle_collector_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What it builds holds no cycles: the collector would only cost the reader time."""
    collecting: list[bool] = []
    read_rows = import_process.read_rows

    def watched(stream: Any, batch_sessions: int | None = None) -> import_process.ReadRows:
        collecting.append(gc.isenabled())
        return read_rows(stream, batch_sessions)

    monkeypatch.setattr(import_process, "read_rows", watched)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # the reader's, not the tests'
    receiving, sending = multiprocessing.Pipe(duplex=False)
    was_on = gc.isenabled()
    gc.enable()
    try:
        import_process._reader_main(str(write_export(tmp_path / "in.json", [])),
                                    i18n.current_language(), 10, sending)
    finally:
        if was_on:
            gc.enable()
        else:
            gc.disable()
    assert collecting == [False]
    receiving.close()
    sending.close()


def test_where_threads_cannot_block_ctrl_c_a_long_file_still_imports(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows has no pthread_sigmask: holding Ctrl-C while the reader starts is skipped there,
    # never a crash of the import.
    monkeypatch.delattr(signal, "pthread_sigmask")
    source = write_export(tmp_path / "in.json", sessions)
    with _log(tmp_path, "log") as log:
        assert import_json(log, source) == (300, 0)
        assert len(log.sessions()) == 300
    assert _no_reader_left()


def test_a_reader_that_cannot_load_the_app_at_start_leaves_the_file_to_be_read_here(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Say the app was upgraded while it runs: the reader, started from the new files, cannot
    load what this process asks it to run. It has sent nothing, so nothing is lost: the file
    is read here, and the import is the same as ever."""
    gone = types.ModuleType("spasm_timer_before_the_upgrade")  # in this process only

    def reader_main(*args: object) -> None:
        raise AssertionError("never runs: the reader cannot load it")

    reader_main.__module__ = reader_main.__qualname__ = gone.__name__
    reader_main.__qualname__ = "reader_main"
    gone.reader_main = reader_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, gone.__name__, gone)
    monkeypatch.setattr(import_process, "_reader_main", reader_main)
    started: list[bool] = []
    start = multiprocessing.context.SpawnProcess.start

    def watched(process: multiprocessing.context.SpawnProcess) -> None:
        started.append(True)
        start(process)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", watched)
    read: list[int] = []
    with _log(tmp_path, "log") as log:
        assert import_json(log, write_export(tmp_path / "in.json", sessions),
                           progress=read.append) == (300, 0)
        assert len(log.sessions()) == 300
    assert started == [True] and read[-1] == 300
    assert _no_reader_left()


def test_a_reader_that_ends_after_sending_rows_fails_the_import_and_adds_nothing(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows have been handed over: reading the file here instead could not tell which of
    them were added, so the import stops whole and says so."""
    (tmp_path / "reader_that_stops.py").write_text(textwrap.dedent("""
        import os

        from spasm_timer.storage.export_reader import open_regular
        from spasm_timer.storage.import_process import _STARTED, batch, read_rows


        def reader_main(file, language, batch_sessions, out):
            out.send_bytes(_STARTED)
            with open_regular(file) as stream:
                for read, rows in read_rows(stream, batch_sessions):
                    out.send_bytes(batch(read, rows))
                    os._exit(3)
        """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))  # the reader starts with this process's path
    import reader_that_stops  # type: ignore[import-not-found]

    monkeypatch.setattr(import_process, "_reader_main", reader_that_stops.reader_main)
    with _log(tmp_path, "log") as log:
        with pytest.raises(ImportReaderError, match=r"\b3\b"):  # its exit code
            import_json(log, write_export(tmp_path / "in.json", sessions))
        assert log.count() == 0
    assert _no_reader_left()


def test_a_reader_that_dies_in_its_first_batch_fails_the_import_and_adds_nothing(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that had started (then ran out of memory, say) is not one that never ran:
    the file is not quietly read a second time, and the person is told it stopped."""
    (tmp_path / "reader_that_dies_reading.py").write_text(textwrap.dedent("""
        import os

        from spasm_timer.storage import import_process


        def reader_main(file, language, batch_sessions, out):
            out.send_bytes(import_process._STARTED)
            os._exit(9)
        """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import reader_that_dies_reading  # type: ignore[import-not-found]

    monkeypatch.setattr(import_process, "_reader_main", reader_that_dies_reading.reader_main)
    read: list[int] = []
    with _log(tmp_path, "log") as log:
        with pytest.raises(ImportReaderError):
            import_json(log, write_export(tmp_path / "in.json", sessions), progress=read.append)
        assert log.count() == 0
    assert read == []  # and it was not read here instead
    assert _no_reader_left()


def test_a_repeated_id_is_named_with_the_file_after_the_reader_has_ended(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None, data_dir: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding where the id first stood reads the file again: the reader is gone by then, so
    the file is never read twice at once."""
    sessions[250]["id"] = sessions[3]["id"]
    source = write_export(tmp_path / "in.json", sessions)
    readers_while_finding: list[list[int]] = []
    places_of = exchange.places_of

    def watched(file: Any, session_id: str) -> list[int]:
        readers_while_finding.append(_reader_pids())
        return places_of(file, session_id)

    monkeypatch.setattr(exchange, "places_of", watched)
    assert cli.main(["import", str(source)]) == 1
    said = capsys.readouterr().err
    assert said == f"spasm-timer: {source}: sessions[250].id: the same id as sessions[3]\n"
    assert readers_while_finding == [[]]
    assert _no_reader_left()
