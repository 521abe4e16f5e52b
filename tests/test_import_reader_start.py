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
