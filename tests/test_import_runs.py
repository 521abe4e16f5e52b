"""Sessions an import decodes many at a time: the same sessions, numbers and error places as
one at a time, whatever the file's layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import app_export, odd_sessions_of

from spasm_timer.storage import export_reader
from spasm_timer.storage.exchange import ImportFileError, import_json
from spasm_timer.storage.log import SessionLog


@pytest.fixture
def sessions() -> list[dict[str, Any]]:
    return odd_sessions_of(5, 200)


@pytest.fixture(autouse=True)
def short_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of a few sessions, so that a file of 200 holds many, cut at every kind of place."""
    monkeypatch.setattr(export_reader, "RUN_CHARS", 3_000)
    monkeypatch.setattr(export_reader, "CHUNK_BYTES", 1_000)


LAYOUTS = {
    "the app's, a session a line": app_export,
    "one line": lambda s: json.dumps({"spasm_timer_log": 1, "sessions": s}),
    "indented": lambda s: json.dumps({"spasm_timer_log": 1, "sessions": s}, indent=2),
    "CRLF and spaces": lambda s: (
        '{ "sessions" : [ ' + " ,\r\n ".join(map(json.dumps, s)) + ' ] ,\r\n'
        ' "spasm_timer_log" : 1 }\r\n'),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_as_the_same_numbered_sessions(
        tmp_path: Path, sessions: list[dict[str, Any]], layout: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "in.json"
    source.write_text(LAYOUTS[layout](sessions), encoding="utf-8")
    runs: list[int] = []
    decode_run = export_reader._Text.run_of_members

    def counted(text: Any) -> list[Any] | None:
        run = decode_run(text)
        if run:
            runs.append(len(run))
        return run

    monkeypatch.setattr(export_reader._Text, "run_of_members", counted)
    with export_reader.open_regular(source) as stream:
        assert list(export_reader.iter_sessions(stream)) == list(enumerate(sessions))
    if layout.startswith("the app's"):  # the fast way was taken, not only the sure one
        assert len(runs) > 10 and sum(runs) > 150
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, source) == (200, 0)


@pytest.mark.parametrize(("broken", "message"), [
    ('"active_seconds": NaN', r"^sessions\[150\]: NaN is not a number .*\(at line 152 "),
    ('"active_seconds" 1', r"^not valid JSON: .* at line 152 column \d+$"),
])
def test_a_wrong_value_inside_a_run_is_named_by_its_session_and_line(
        tmp_path: Path, sessions: list[dict[str, Any]], broken: str, message: str) -> None:
    lines = app_export(sessions).split("\n")
    assert lines[151].startswith('{"id":"' + sessions[150]["id"])  # line 152 of the file
    lines[151] = lines[151].replace(
        f'"active_seconds":{json.dumps(sessions[150]["active_seconds"])}', broken, 1)
    assert broken in lines[151]
    source = tmp_path / "in.json"
    source.write_text("\n".join(lines), encoding="utf-8")
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=message):
        import_json(log, source)
    assert log.count() == 0


def test_the_same_id_in_two_runs_is_named(tmp_path: Path,
                                          sessions: list[dict[str, Any]]) -> None:
    sessions[180]["id"] = sessions[3]["id"]
    source = tmp_path / "in.json"
    source.write_text(app_export(sessions), encoding="utf-8")
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"^sessions\[180\]\.id: the same id as "
                                              r"sessions\[3\]$"):
        import_json(log, source)
    assert log.count() == 0
