"""A reader process that cannot start costs the person nothing: the file is read in the app,
and nothing about it is printed on their terminal."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_import_process import _log, _no_reader_left, in_process, sessions  # noqa: F401
from test_log_exchange import write_export

from spasm_timer.storage import import_process
from spasm_timer.storage.exchange import import_json


def test_a_reader_that_cannot_load_the_app_prints_nothing_and_the_file_is_read_here(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    # As after an upgrade while the app runs: the code the reader is to run is gone.
    code = tmp_path / "code"
    code.mkdir()
    (code / "replaced_reader.py").write_text("def main(*args):\n    pass\n")
    monkeypatch.syspath_prepend(str(code))
    module = importlib.import_module("replaced_reader")
    monkeypatch.setattr(import_process, "_reader_main", module.main)
    shutil.rmtree(code)
    with _log(tmp_path, "log") as log:
        assert import_json(log, write_export(tmp_path / "in.json", sessions)) == (300, 0)
    assert _no_reader_left()
    assert capfd.readouterr().err == ""


# A reader of another version, as an upgrade while the app runs would start: its sessions
# are rows of 13 values, sent twelve sessions a batch (156 values: rows of 12 as well).
_WIDER_READER = """
import marshal

from spasm_timer.storage.export_reader import open_regular
from spasm_timer.storage.import_process import _DONE, read_rows, word
from spasm_timer.storage.import_rows import flat_rows


def reader_main(file, language, batch_sessions, out):
    out.send_bytes(STARTED)
    with open_regular(file) as stream:
        for read, rows in read_rows(stream, 12):
            sessions, steps = flat_rows(rows._replace(
                sessions=[(*session, "a value more") for session in rows.sessions]))
            out.send_bytes(marshal.dumps((read, sessions, steps), 4))
    out.send_bytes(word(_DONE))
"""


@pytest.mark.parametrize("started", [
    b"spasm-timer import reader, format 3, rows of 13 and 10 values",
    b"spasm-timer import reader, format 2, rows of 13 and 10 values",
    import_process.word("started"),  # as the reader said it before it said its format
], ids=["a newer format", "wider rows", "no format said"])
def test_a_reader_of_another_format_is_not_used_and_the_file_is_read_here(
        tmp_path: Path, sessions: list[dict[str, Any]], in_process: None,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, started: bytes) -> None:
    module = f"wider_reader_{abs(hash(started))}"
    (tmp_path / f"{module}.py").write_text(f"STARTED = {started!r}\n{_WIDER_READER}")
    monkeypatch.syspath_prepend(str(tmp_path))  # the reader starts with this process's path
    monkeypatch.setattr(import_process, "_reader_main",
                        importlib.import_module(module).reader_main)
    with _log(tmp_path, "log") as log:
        assert import_json(log, write_export(tmp_path / "in.json", sessions)) == (300, 0)
        assert log.sessions() == sorted(sessions, key=lambda s: (s["started_at"], s["id"]),
                                        reverse=True)
    assert _no_reader_left()
