"""An import goes a batch at a time, checked column by column: the same verdicts, the same
messages and the same all-or-nothing as checking and adding one session at a time."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_log_exchange import odd_sessions_of, write_export

from spasm_timer.storage import export_reader, log_bulk
from spasm_timer.storage.exchange import ImportFileError, export_json, import_json
from spasm_timer.storage.import_checks import (
    SESSION_RULES,
    STEP_RULES,
    check_batch,
    check_session,
)
from spasm_timer.storage.import_rows import FlatRows, flat_rows, row_batch
from spasm_timer.storage.log import SessionLog

# Values a hostile or careless file may hold where a field expects something else.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 10, 11, 3.0, 2.5, -0.5, 10**400, float("inf"), float("nan"),
    "", "x", "x" * 1_001, "x" * 2_001, "half \ud83d of a character", "ünïcödé", [], {}, [1],
    "left", "completed", "interrupted", "2026-11-21T10:30:00.000+01:00",
    "2026-02-30T10:30:00+01:00", "0f8fad5b-d9cb-469f-a165-70867728950e",
    "0F8FAD5B-D9CB-469F-A165-70867728950E", 604_800, 604_801, 10_000, 10_001,
]


def _verdict(session: dict[str, Any]) -> str:
    """What the value-by-value check says: "" when the session passes untouched."""
    before = copy.deepcopy(session)
    try:
        check_session(session, "sessions[0]")
    except ImportFileError as error:
        return str(error)
    return "" if session == before else "filled in"


@pytest.fixture
def sound_sessions() -> list[dict[str, Any]]:
    sessions = odd_sessions_of(7, 40)
    return [session for session in sessions if session["steps"]][:5]


def test_no_odd_value_in_any_field_slips_through_a_batch(
        sound_sessions: list[dict[str, Any]]) -> None:
    """Whatever one field holds, the batch gives the verdict and the message that checking
    that session alone gives; a value that needs filling in is filled in the same way."""
    places = [(name, False) for name in SESSION_RULES] + [(name, True) for name in STEP_RULES]
    for name, in_step in places:
        for value in ODD_VALUES:
            alone = copy.deepcopy(sound_sessions[2])
            (alone["steps"][0] if in_step else alone)[name] = value
            expected = _verdict(copy.deepcopy(alone))
            batch = copy.deepcopy(sound_sessions)
            batch[2] = copy.deepcopy(alone)
            try:
                check_batch(batch, 40)
                verdict = "" if batch[2] == alone else "filled in"
            except ImportFileError as error:
                verdict = str(error)
            assert verdict == expected.replace("sessions[0]", "sessions[42]"), (name, value)


@pytest.mark.parametrize("missing", ["pauses", "notes", "ended_at", "side", "repetition"])
def test_a_batch_fills_in_what_older_files_leave_out(
        sound_sessions: list[dict[str, Any]], missing: str) -> None:
    batch = copy.deepcopy(sound_sessions)
    del (batch[1]["steps"][0] if missing in STEP_RULES else batch[1])[missing]
    check_batch(batch, 0)
    filled = batch[1]["steps"][0] if missing in STEP_RULES else batch[1]
    assert filled[missing] == {"pauses": 0, "notes": "", "ended_at": None, "side": None,
                               "repetition": 1}[missing]
    assert batch[0] == sound_sessions[0] and batch[2:] == sound_sessions[2:]


def test_a_number_of_hundreds_of_digits_is_refused_with_its_place(tmp_path: Path) -> None:
    sessions = odd_sessions_of(3, 3)
    text = json.dumps({"spasm_timer_log": 1, "sessions": sessions})
    text = text.replace(f'"active_seconds": {sessions[1]["active_seconds"]}',
                        '"active_seconds": 1' + "0" * 400, 1)
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"^sessions\[1\]\.active_seconds: must be a "):
        import_json(log, source)
    assert log.count() == 0


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_reader, "BATCH_SESSIONS", 4)


@pytest.fixture
def many_sessions() -> list[dict[str, Any]]:
    return odd_sessions_of(11, 30)


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize(("first", "again"), [(1, 2), (2, 29), (0, 4)])
def test_the_same_id_twice_is_named_in_any_two_batches(
        tmp_path: Path, many_sessions: list[dict[str, Any]], first: int, again: int) -> None:
    many_sessions[again]["id"] = many_sessions[first]["id"]
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError,
                       match=rf"^sessions\[{again}\]\.id: the same id as sessions\[{first}\]$"):
        import_json(log, write_export(tmp_path / "in.json", many_sessions))
    assert log.count() == 0


@pytest.mark.usefixtures("small_batches")
def test_a_wrong_value_in_the_last_batch_adds_nothing_of_the_earlier_ones(
        tmp_path: Path, many_sessions: list[dict[str, Any]]) -> None:
    many_sessions[29]["steps"] = [{"index": 0}]
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"^sessions\[29\]\.steps\[0\]\.index: "):
        import_json(log, write_export(tmp_path / "in.json", many_sessions))
    assert log.count() == 0
    assert log.connection.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 0


@pytest.mark.usefixtures("small_batches")
def test_batches_import_what_the_app_exported_byte_for_byte(
        tmp_path: Path, many_sessions: list[dict[str, Any]]) -> None:
    first = SessionLog.open(tmp_path / "first" / "sessions.sqlite3")
    half = write_export(tmp_path / "half.json", many_sessions[::2])
    assert import_json(first, half) == (15, 0)
    assert import_json(first, write_export(tmp_path / "all.json", many_sessions)) == (15, 15)
    export_json(first, tmp_path / "out.json")
    second = SessionLog.open(tmp_path / "second" / "sessions.sqlite3")
    assert import_json(second, tmp_path / "out.json") == (30, 0)
    export_json(second, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "out.json").read_bytes()


@pytest.mark.parametrize("fails", [False, True])
def test_the_log_guards_its_rules_again_after_an_import(
        tmp_path: Path, many_sessions: list[dict[str, Any]], fails: bool) -> None:
    """An import skips the schema's own checks for speed; every later write has them."""
    if fails:
        many_sessions[20]["status"] = "done"
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    cache = log.connection.execute("PRAGMA cache_size").fetchone()
    try:
        import_json(log, write_export(tmp_path / "in.json", many_sessions))
    except ImportFileError:
        assert fails
    with pytest.raises(KeyError):  # a step of no session: the foreign key
        log.record_step("no-such-session", 1, "Press", "pressure", None, 1, 60, 60.0,
                        "completed")
    session_id = log.begin_session("calf", "Calf", 60)
    with pytest.raises(sqlite3.IntegrityError):  # the schema's CHECK on the outcome
        log.connection.execute(
            "INSERT INTO steps (session_id, position, step_index, title, kind, side,"
            " repetition, planned_seconds, actual_seconds, outcome)"
            " VALUES (?, 0, 1, 't', 'k', NULL, 1, 1, 1.0, 'exploded')", (session_id,))
    assert log.connection.execute("PRAGMA cache_size").fetchone() == cache


def test_adding_sessions_in_batches_matches_adding_them_one_by_one(
        tmp_path: Path, many_sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    one_by_one = SessionLog.open(tmp_path / "each" / "sessions.sqlite3")
    for session in many_sessions:
        one_by_one.add_sessions([session])
    in_one = SessionLog.open(tmp_path / "one" / "sessions.sqlite3")
    assert in_one.add_sessions(many_sessions) == (30, 0)
    in_a_long_one = SessionLog.open(tmp_path / "long" / "sessions.sqlite3")
    # An SQLite that binds 13 values a statement (32,766 is usual): ids are looked up twelve
    # at a time, and rows added one by one.
    usual = in_a_long_one.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 13)
    assert in_a_long_one.add_sessions(many_sessions[:10]) == (10, 0)
    assert in_a_long_one.add_session_batches([row_batch(many_sessions)]) == (20, 10)
    new = {**many_sessions[0], "id": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    with pytest.raises(log_bulk.RepeatedSessionError):  # its two places in different lookups
        in_a_long_one.add_session_batches([row_batch([new, *many_sessions[:15], new])])
    assert in_a_long_one.count() == 30
    in_a_long_one.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, usual)
    monkeypatch.setattr(log_bulk, "_ROWS_PER_STATEMENT", 4)  # rows four by four, and the rest
    in_fours = SessionLog.open(tmp_path / "fours" / "sessions.sqlite3")
    assert in_fours.add_sessions(many_sessions) == (30, 0)
    assert (in_one.sessions() == one_by_one.sessions() == in_a_long_one.sessions()
            == in_fours.sessions()
            == sorted(many_sessions, key=lambda s: (s["started_at"], s["id"]), reverse=True))


def test_a_row_the_log_refuses_halfway_through_a_statement_adds_nothing(
        tmp_path: Path, many_sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows go in many to a statement, which keeps no undo of its own: a row the log
    refuses after others of its statement (and batch, and earlier batches) went in still
    leaves the log as it was, and ready for the next import."""
    monkeypatch.setattr(log_bulk, "_ROWS_PER_STATEMENT", 4)
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    first, second = row_batch(many_sessions[:12]), row_batch(many_sessions[12:])
    broken = list(second.sessions[6])
    broken[1] = None  # a routine id is never missing: the schema's NOT NULL
    second.sessions[6] = tuple(broken)
    with pytest.raises(sqlite3.IntegrityError):
        log.add_session_batches([first, second])
    assert log.count() == 0
    assert log.connection.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 0
    assert log.add_sessions(many_sessions) == (30, 0)


def test_values_that_are_not_whole_rows_add_nothing(
        tmp_path: Path, many_sessions: list[dict[str, Any]]) -> None:
    """Rows laid out for other columns (a reader of another version, say, with a value more
    a session) would put each value into the next column, with the CHECKs off: refused."""
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    sessions, steps = flat_rows(row_batch(many_sessions[:10]))
    wider = FlatRows([*sessions, *[None] * 10], steps)  # 130 values: not rows of 12
    with pytest.raises(log_bulk.RowWidthError):
        log.add_session_batches([row_batch(many_sessions[10:]), wider])
    shorter_steps = FlatRows(sessions, steps[:-1])
    with pytest.raises(log_bulk.RowWidthError):
        log.add_session_batches([shorter_steps])
    assert log.count() == 0
    assert log.connection.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 0
    assert log.add_sessions(many_sessions) == (30, 0)
