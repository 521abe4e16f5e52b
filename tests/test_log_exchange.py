"""Export to JSON and CSV, import back: round trips, duplicates and malformed files."""

from __future__ import annotations

import csv
import json
import os
import random
import stat
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from spasm_timer.storage import exchange, export_reader
from spasm_timer.storage.exchange import (
    ImportFileError,
    export_csv,
    export_json,
    import_json,
)
from spasm_timer.storage.log import SUMMARY_FIELDS, SessionLog

ODD_TEXTS = ["", "plain", "ünïcödé", "emoji 💆‍♀️🔥", 'quotes "double" and \'single\'',
             "commas, everywhere, ", "new\nlines\r\nand\ttabs", "中文 ノート", "\\back\\slash",
             "x" * 500]


def odd_session(rng: random.Random, number: int) -> dict[str, Any]:
    """A session as an export holds it, with every odd value a log may meet."""
    offset = timezone(timedelta(minutes=rng.choice([-480, -150, 0, 60, 330, 840])))
    started = datetime(2024, 1, 1, tzinfo=offset) + timedelta(minutes=number * 97 + 3)
    status = rng.choice(["completed", "stopped", "interrupted"])
    ended = started + timedelta(minutes=rng.randint(1, 30))
    steps = [{
        "index": index + 1, "title": rng.choice(ODD_TEXTS) or "Step",
        "kind": rng.choice(["pressure", "stretch", "heat"]),
        "side": rng.choice(["left", "right", None]), "repetition": rng.randint(1, 3),
        "planned_seconds": rng.randint(0, 600),
        "actual_seconds": round(rng.uniform(0, 600), 3),
        "outcome": rng.choice(["completed", "skipped"]),
    } for index in range(rng.choice([0, 0, 1, 4, 9]))]
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "routine_id": rng.choice(["neck", "calf-cramp", "rücken 🧘"]),
        "routine_name": rng.choice(ODD_TEXTS) or "Routine",
        "started_at": started.isoformat(timespec="milliseconds"),
        "ended_at": None if status == "interrupted" and rng.random() < 0.8
        else ended.isoformat(timespec="milliseconds"),
        "status": status,
        "planned_seconds": rng.randint(0, 3600),
        "active_seconds": round(rng.uniform(0, 3600), 3),
        "pain_before": rng.choice([None, 0, 5, 10]),
        "pain_after": rng.choice([None, 0, 3, 10]),
        "notes": rng.choice(ODD_TEXTS),
        "pauses": rng.randint(0, 5),
        "steps": steps,
    }


def odd_sessions_of(seed: int, count: int) -> list[dict[str, Any]]:
    """`count` sessions with odd values, the same for the same seed."""
    rng = random.Random(seed)
    return [odd_session(rng, number) for number in range(count)]


def app_layout(session_texts: Iterable[str]) -> str:
    """The export document as the app writes it, a session a line: what the fast writer is
    compared against."""
    texts = list(session_texts)
    sessions = "\n" + ",\n".join(texts) if texts else ""
    return '{"spasm_timer_log": 1, "sessions": [' + sessions + "\n]}\n"


def as_the_app_writes(session: dict[str, Any]) -> str:
    """A session as one line of the app's export (SQLite's json_object: compact, non-ASCII as
    it is). Half of a character is written as an escape: a file's text is UTF-8, which cannot
    hold it raw."""
    line = json.dumps(session, separators=(",", ":"), ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(session, separators=(",", ":"))
    return line


def app_export(sessions: Iterable[dict[str, Any]]) -> str:
    """The export document of these sessions as the app writes it."""
    return app_layout(map(as_the_app_writes, sessions))


def write_export(path: Path, sessions: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"spasm_timer_log": 1, "sessions": sessions}), encoding="utf-8")
    return path


@pytest.fixture
def odd_sessions() -> list[dict[str, Any]]:
    return odd_sessions_of(20261121, 300)


def test_import_then_export_gives_back_the_same_sessions(
        tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    log = SessionLog.open(tmp_path / "log" / "sessions.sqlite3")
    source = write_export(tmp_path / "in.json", odd_sessions)
    assert import_json(log, source) == (300, 0)
    by_id = {session["id"]: session for session in odd_sessions}
    assert {s["id"]: s for s in log.sessions()} == by_id

    assert export_json(log, tmp_path / "out.json") == 300
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["spasm_timer_log"] == 1
    assert exported["sessions"] == sorted(odd_sessions, key=lambda s: (s["started_at"], s["id"]))
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o600

    other = SessionLog.open(tmp_path / "other" / "sessions.sqlite3")
    assert import_json(other, tmp_path / "out.json") == (300, 0)
    export_json(other, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "out.json").read_bytes()


def test_importing_twice_adds_nothing(tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, write_export(tmp_path / "a.json", odd_sessions[:200])) == (200, 0)
    assert import_json(log, write_export(tmp_path / "b.json", odd_sessions)) == (100, 200)
    assert import_json(log, tmp_path / "b.json") == (0, 300)
    assert log.count() == 300


def test_csv_has_one_row_per_session_with_step_counts(
        tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    import_json(log, write_export(tmp_path / "in.json", odd_sessions))
    assert export_csv(log, tmp_path / "out.csv") == 300
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(SUMMARY_FIELDS)
    by_id = {session["id"]: session for session in odd_sessions}
    for row in rows:
        session = by_id[row["id"]]
        assert row["notes"] == session["notes"]  # newlines, quotes and commas survive
        assert row["routine_name"] == session["routine_name"]
        assert row["pain_after"] == ("" if session["pain_after"] is None
                                     else str(session["pain_after"]))
        outcomes = [step["outcome"] for step in session["steps"]]
        assert int(row["steps_completed"]) == outcomes.count("completed")
        assert int(row["steps_skipped"]) == outcomes.count("skipped")
    assert [row["started_at"] for row in rows] == sorted(row["started_at"] for row in rows)


def test_a_failed_export_leaves_the_old_file_whole(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    target = tmp_path / "out.json"
    target.write_text("the previous export")

    class Boom(Exception):
        pass

    def broken_sessions(*_: object, **__: object):  # type: ignore[no-untyped-def]
        yield 1, '{"id": "first"}'
        raise Boom

    monkeypatch.setattr(exchange, "session_json_chunks", broken_sessions)
    with pytest.raises(Boom):
        export_json(log, target, replace=True)
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def break_session(sessions: list[dict[str, Any]], number: int, **changes: Any) -> list[dict[str, Any]]:
    broken = [dict(session) for session in sessions]
    broken[number].update(changes)
    return broken


@pytest.mark.parametrize(("changes", "message"), [
    ({"pain_after": 11}, "pain_after: must be an integer 0-10 or null"),
    ({"pain_before": "5"}, "pain_before: must be an integer 0-10 or null"),
    ({"pain_before": True}, "pain_before: must be an integer 0-10 or null"),
    ({"status": "done"}, "status: must be completed, stopped, interrupted"),
    ({"id": "not-a-uuid"}, "id: must be a lowercase UUID"),
    ({"started_at": "2026-11-21T10:30:00"}, "started_at: must be an ISO 8601 time"),
    ({"started_at": "2026-02-30T10:30:00+01:00"}, "started_at: must be an ISO 8601 time"),
    ({"ended_at": 5}, "ended_at: must be an ISO 8601 time"),
    ({"notes": "n" * 2_001}, "notes: must be at most 2,000 characters"),
    ({"notes": 5}, "notes: must be a string"),
    ({"routine_name": "half \ud83d of a character"}, "routine_name: holds half of a character"),
    ({"active_seconds": -1}, "active_seconds: must be a number of seconds"),
    ({"steps": "none"}, "steps: must be a list"),
    ({"steps": [{"index": 1}]}, "steps[0].title: missing"),
])
def test_a_malformed_file_is_refused_whole(tmp_path: Path, odd_sessions: list[dict[str, Any]],
                                           changes: dict[str, Any], message: str) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    source = write_export(tmp_path / "in.json", break_session(odd_sessions, 12, **changes))
    with pytest.raises(ImportFileError) as refused:
        import_json(log, source)
    assert str(refused.value).startswith(f"sessions[12].{message}")
    assert log.count() == 0


def test_a_missing_field_is_named(tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    sessions = [dict(session) for session in odd_sessions]
    del sessions[3]["routine_id"]
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"^sessions\[3\]\.routine_id: missing$"):
        import_json(log, write_export(tmp_path / "in.json", sessions))


def test_the_same_id_twice_in_one_file_is_refused(
        tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    sessions = break_session(odd_sessions, 7, id=odd_sessions[2]["id"])
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"sessions\[7\]\.id: the same id as sessions\[2\]"):
        import_json(log, write_export(tmp_path / "in.json", sessions))


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON: .* line 1 column 2"),
    ("[]", "not a Spasm Timer log export"),
    ('{"spasm_timer_log": 2, "sessions": []}', "version 2 is not one"),
    ('{"spasm_timer_log": 1, "sessions": {}}', "sessions: must be a list"),
    ('{"spasm_timer_log": 1, "sessions": [NaN]}', "NaN is not a number"),
])
def test_files_that_are_not_exports(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "in.json"
    source.write_text(text)
    with pytest.raises(ImportFileError, match=message):
        import_json(SessionLog.open(tmp_path / "sessions.sqlite3"), source)


def test_an_export_in_the_first_described_format_imports(
        tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    """Fields added to the format later may be missing, and null means none."""
    first_format = [dict(session) for session in odd_sessions[:3]]
    del first_format[0]["pauses"]
    first_format[1]["notes"] = None
    first_format[1]["pain_before"] = None
    del first_format[2]["ended_at"]
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, write_export(tmp_path / "in.json", first_format)) == (3, 0)
    assert log.session(first_format[0]["id"])["pauses"] == 0  # type: ignore[index]
    assert log.session(first_format[1]["id"])["notes"] == ""  # type: ignore[index]
    assert log.session(first_format[2]["id"])["ended_at"] is None  # type: ignore[index]


def test_a_file_read_in_tiny_chunks_imports_the_same(
        tmp_path: Path, odd_sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions, strings, numbers and multi-byte characters cut by a chunk's end."""
    monkeypatch.setattr(export_reader, "CHUNK_BYTES", 7)
    source = tmp_path / "in.json"
    # The version after the sessions, and whitespace everywhere JSON allows it.
    source.write_text(' {\n "sessions" :\n[ ' + ",\n ".join(json.dumps(s) for s in odd_sessions)
                      + ' ] ,\r\n"spasm_timer_log":1 }\n', encoding="utf-8")
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, source) == (300, 0)
    assert sorted(log.sessions(), key=lambda s: s["id"]) == sorted(odd_sessions,
                                                                    key=lambda s: s["id"])


def test_an_error_after_a_chunk_boundary_names_its_line(
        tmp_path: Path, odd_sessions: list[dict[str, Any]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_reader, "CHUNK_BYTES", 64)
    source = tmp_path / "in.json"
    lines = [json.dumps(session) for session in odd_sessions[:20]]
    lines[11] = lines[11].replace('"pauses": ', '"pauses" ')  # on line 13
    source.write_text('{"spasm_timer_log": 1, "sessions": [\n' + ",\n".join(lines) + "\n]}")
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=r"^not valid JSON: .* at line 13 column \d+$"):
        import_json(log, source)
    assert log.count() == 0


def test_a_version_after_the_sessions_is_still_checked(
        tmp_path: Path, odd_sessions: list[dict[str, Any]]) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"sessions": odd_sessions[:5], "spasm_timer_log": 9}))
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match="version 9 is not one"):
        import_json(log, source)
    assert log.count() == 0  # the five read before the version were not kept


def hostile_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.json"
    head = '{"spasm_timer_log": 1, "sessions": ['
    if kind == "deep":
        path.write_text(head + "[" * 100_000 + "]" * 100_000 + "]}")
    elif kind == "digits":
        path.write_text(head + '{"pauses": ' + "9" * 5_000 + "}]}")
    elif kind == "surrogate":
        path.write_text(head + '{"id": "\\udc80"}]}')
    elif kind == "empty":
        path.write_text("")
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(("kind", "message"), [
    ("deep", r"^sessions\[0\]: nested too deeply \(at line 1 column 37\)$"),
    ("digits", r"^sessions\[0\]: a number too long to read, in the value at line 1 column 37$"),
    ("surrogate", r"^sessions\[0\]\.id: must be a lowercase UUID"),
    ("empty", r"^not valid JSON: the file is empty$"),
    ("pipe", r"^not a regular file"),
    ("folder", r"^not a regular file"),
])
def test_hostile_files_get_one_line_naming_the_place(tmp_path: Path, kind: str,
                                                     message: str) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match=message) as refused:
        import_json(log, hostile_file(tmp_path, kind))
    assert "\n" not in str(refused.value)
    assert log.count() == 0


def test_an_endless_device_is_refused_unread(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a regular file"):
        import_json(SessionLog.open(tmp_path / "sessions.sqlite3"), Path(os.devnull))


def test_reading_stops_at_the_time_limit(tmp_path: Path, odd_sessions: list[dict[str, Any]],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_reader, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(export_reader, "MAX_READ_SECONDS", -1.0)  # every chunk is past it
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    with pytest.raises(ImportFileError, match="took longer than"):
        import_json(log, write_export(tmp_path / "in.json", odd_sessions))
    assert log.count() == 0


def test_export_refuses_to_replace_a_file_unless_told(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    target = tmp_path / "out.json"
    target.write_text("the person's other file")
    with pytest.raises(exchange.ExportTargetError, match="already exists"):
        export_json(log, target)
    assert target.read_text() == "the person's other file"
    assert export_json(log, target, replace=True) == 0
    assert json.loads(target.read_text())["sessions"] == []


def test_export_never_writes_into_a_pipe_even_when_told(tmp_path: Path) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    link = tmp_path / "link.json"
    link.symlink_to(pipe)
    for target in (pipe, link):
        with pytest.raises(exchange.ExportTargetError, match="not a regular file"):
            export_csv(log, target, replace=True)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_plain_text(tmp_path: Path,
                                                                start: str) -> None:
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    formula = start + 'HYPERLINK("http://example.com","x")'
    session_id = log.begin_session(formula, formula, 60)
    log.update_session(session_id, notes=formula)
    export_csv(log, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as stream:
        row = next(csv.DictReader(stream))
    for column in ("routine_id", "routine_name", "notes"):
        assert row[column] == "'" + formula
    assert row["planned_seconds"] == "60"  # numbers stay numbers
