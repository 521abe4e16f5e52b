"""`history`, `export` and `import` as the command line calls them."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from argparse import Namespace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from spasm_timer.paths import DataPaths
from spasm_timer.storage.commands import run_export, run_history, run_import
from spasm_timer.storage.log import SCHEMA_VERSION, SUMMARY_FIELDS, SessionLog

PLUS_ONE = timezone(timedelta(hours=1))


def history_args(**given: Any) -> Namespace:
    return Namespace(**{"json": False, "csv": False, "since": None, "until": None,
                        "routine": None, **given})


def session(number: int, **fields: Any) -> dict[str, Any]:
    """A session in the export shape, started `number` hours after 2026-11-01 08:00."""
    started = datetime(2026, 11, 1, 8, tzinfo=PLUS_ONE) + timedelta(hours=number)
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}", "routine_id": "neck",
        "routine_name": "Neck release", "started_at": started.isoformat(timespec="milliseconds"),
        "ended_at": (started + timedelta(minutes=5)).isoformat(timespec="milliseconds"),
        "status": "completed", "planned_seconds": 300, "active_seconds": 290.5,
        "pain_before": 6, "pain_after": 3, "notes": "", "pauses": 0,
        "steps": [
            {"index": 1, "title": "Press", "kind": "pressure", "side": None, "repetition": 1,
             "planned_seconds": 60, "actual_seconds": 60.0, "outcome": "completed"},
            {"index": 2, "title": "Stretch", "kind": "stretch", "side": "left",
             "repetition": 1, "planned_seconds": 30, "actual_seconds": 1.5, "outcome": "skipped"},
        ],
        **fields,
    }


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def three_sessions(paths: DataPaths) -> list[dict[str, Any]]:
    sessions = [
        session(0),
        session(30, routine_id="calf", routine_name="Wadenkrampf 🦵, \"quick\"",
                status="stopped", pain_after=None, notes="line one\nline two"),
        session(60, status="interrupted", ended_at=None, pain_before=None, pain_after=None,
                steps=[]),
    ]
    with SessionLog.open(paths) as log:
        log.add_sessions(sessions)
    return sessions


def test_history_prints_an_aligned_table_newest_first(
        paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(), paths) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Date              Routine                  Time  Status       Pain",
        "2026-11-03 20:00  Neck release             4:50  interrupted  – → –",
        "2026-11-02 14:00  Wadenkrampf 🦵, \"quick\"  4:50  stopped      6 → –",  # 🦵 is 2 wide
        "2026-11-01 08:00  Neck release             4:50  completed    6 → 3",
    ]


def test_history_filters_by_day_and_routine(
        paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(json=True, since="2026-11-02", until="2026-11-02"),
                       paths) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == [three_sessions[1]["id"]]
    assert run_history(history_args(json=True, routine="neck"), paths) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == [
        three_sessions[2]["id"], three_sessions[0]["id"]]


def test_history_json_is_the_export_shape(
        paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(json=True), paths) == 0
    assert json.loads(capsys.readouterr().out) == three_sessions[::-1]


def test_history_csv(paths: DataPaths, three_sessions: list[dict[str, Any]],
                     capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(csv=True), paths) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows[0] == list(SUMMARY_FIELDS)
    assert [row[0] for row in rows[1:]] == [s["id"] for s in three_sessions[::-1]]
    assert rows[2][SUMMARY_FIELDS.index("notes")] == "line one\nline two"
    assert rows[3][-2:] == ["1", "1"]  # steps completed, skipped
    assert rows[1][-2:] == ["0", "0"]


def test_history_of_a_log_that_does_not_exist_creates_nothing(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(), paths) == 0
    assert capsys.readouterr().out == "No sessions in the log yet.\n"
    assert run_history(history_args(json=True), paths) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not paths.root.exists()


def test_a_bad_date_is_one_line(paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(since="21.11.2026"), paths) == 2
    assert capsys.readouterr().err == (
        "spasm-timer: --since: expected a date like 2026-11-21, got '21.11.2026'\n")


def test_export_json_and_csv_then_import_elsewhere(
        tmp_path: Path, paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export(Namespace(file=str(tmp_path / "log.json")), paths) == 0
    assert capsys.readouterr().out == f"Exported 3 sessions to {tmp_path / 'log.json'}.\n"
    assert run_export(Namespace(file=str(tmp_path / "log.CSV")), paths) == 0
    assert (tmp_path / "log.CSV").read_text(encoding="utf-8").startswith("id,routine_id,")

    elsewhere = DataPaths(tmp_path / "elsewhere")
    assert run_import(Namespace(file=str(tmp_path / "log.json")), elsewhere) == 0
    assert run_import(Namespace(file=str(tmp_path / "log.json")), elsewhere) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Added 3 sessions, skipped 0 already in the log.",
        "Added 0 sessions, skipped 3 already in the log.",
    ]
    with SessionLog.open(elsewhere) as log:
        assert log.sessions(newest_first=False) == three_sessions


def test_import_of_a_bad_file_exits_1_with_one_line(
        tmp_path: Path, paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"spasm_timer_log": 1,
                               "sessions": [session(0), session(1, pain_after=12)]}))
    assert run_import(Namespace(file=str(bad)), paths) == 1
    assert capsys.readouterr().err == (
        f"spasm-timer: {bad}: sessions[1].pain_after: must be an integer 0-10 or null\n")
    with SessionLog.open(paths) as log:
        assert log.count() == 0
    assert run_import(Namespace(file=str(tmp_path / "missing.json")), paths) == 1


def test_an_unusable_data_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").write_text("a file")
    paths = DataPaths(tmp_path / "data" / "inner")
    assert run_import(Namespace(file=str(tmp_path / "x.json")), paths) == 2
    error = capsys.readouterr().err
    assert error.startswith("spasm-timer: cannot use the session log at ") and error.count("\n") == 1


def test_a_newer_log_exits_2_for_every_command(
        tmp_path: Path, paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    SessionLog.open(paths).close()
    db = sqlite3.connect(paths.database)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    assert run_history(history_args(), paths) == 2
    assert run_export(Namespace(file=str(tmp_path / "out.json")), paths) == 2
    assert run_import(Namespace(file=str(tmp_path / "out.json")), paths) == 2
    assert capsys.readouterr().err.count("written by a newer Spasm Timer") == 3


def test_history_works_while_the_app_is_writing(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    app = SessionLog.open(paths)
    running = app.begin_session("neck", "Neck release", 300)
    app.record_step(running, 1, "Press", "pressure", None, 1, 60, 60.0, "completed")
    assert run_history(history_args(json=True), paths) == 0
    [seen] = json.loads(capsys.readouterr().out)
    assert seen["id"] == running and len(seen["steps"]) == 1
    app.end_session(running, "completed", 60.0)


def bulk_sessions(count: int):  # type: ignore[no-untyped-def]
    """`count` valid sessions, made without validation so 100,000 take a second or two."""
    for number in range(count):
        yield session(number, id=f"00000000-0000-4000-8000-{number:012d}",
                      pain_after=number % 11, notes="" if number % 3 else "tight, \"left\"")


def test_history_csv_of_100_000_sessions(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with SessionLog.open(paths) as log:
        assert log.add_sessions(bulk_sessions(100_000)) == (100_000, 0)
    assert run_history(history_args(csv=True), paths) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert len(rows) == 100_001
    newest, oldest = rows[1], rows[-1]
    assert newest[0] == "00000000-0000-4000-8000-000000099999"
    assert oldest[0] == "00000000-0000-4000-8000-000000000000"
    assert oldest[SUMMARY_FIELDS.index("notes")] == 'tight, "left"'
    assert {row[-2] for row in rows[1:]} == {"1"} and {row[-1] for row in rows[1:]} == {"1"}


def test_history_until_the_last_day_there_is(
        paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_history(history_args(json=True, until="9999-12-31"), paths) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_history_escapes_control_characters_in_the_table(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with SessionLog.open(paths) as log:
        log.add_sessions([session(0, routine_name="\x1b]0;owned\x07\x1b[2JNeck")])
    assert run_history(history_args(), paths) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07\\x1b[2JNeck" in out


def test_history_shows_a_direction_override_in_a_name_as_an_escape(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with SessionLog.open(paths) as log:
        log.add_sessions([session(0, routine_name="Neck \u202egnp.exe")])
    assert run_history(history_args(), paths) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "Neck \\u202egnp.exe" in out


def test_history_to_an_ascii_only_output_prints_every_session(
        tmp_path: Path, paths: DataPaths, three_sessions: list[dict[str, Any]]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    for form in ([], ["--json"], ["--csv"]):
        done = subprocess.run([sys.executable, "-m", "spasm_timer", "history", *form,
                               "--data-dir", str(paths.root)], capture_output=True, env=env,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.isascii()
        assert b"Wadenkrampf \\U0001f9b5" in done.stdout  # the leg, as an escape


def test_export_keeps_an_existing_file_unless_forced(
        tmp_path: Path, paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.json"
    target.write_text("another file of the person's")
    assert run_export(Namespace(file=str(target)), paths) == 1
    assert capsys.readouterr().err == (
        f"spasm-timer: {target} already exists; add --force to replace it\n")
    assert target.read_text() == "another file of the person's"
    assert run_export(Namespace(file=str(target), force=True), paths) == 0
    assert len(json.loads(target.read_text())["sessions"]) == 3


def test_export_never_writes_into_a_pipe(
        tmp_path: Path, paths: DataPaths, three_sessions: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert run_export(Namespace(file=str(pipe), force=True), paths) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_import_of_a_named_pipe_answers_at_once(
        tmp_path: Path, paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)  # no writer: reading it would wait for ever
    assert run_import(Namespace(file=str(pipe)), paths) == 1
    assert capsys.readouterr().err == (
        f"spasm-timer: {pipe}: not a regular file (a folder, device or pipe cannot be "
        "imported)\n")


def test_import_of_deep_nesting_is_one_line(
        tmp_path: Path, paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"spasm_timer_log": 1, "sessions": [' + "[" * 50_000 + "]" * 50_000 + "]}")
    assert run_import(Namespace(file=str(deep)), paths) == 1
    assert capsys.readouterr().err == (
        f"spasm-timer: {deep}: sessions[0]: nested too deeply (at line 1 column 37)\n")
