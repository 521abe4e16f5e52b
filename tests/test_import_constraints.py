"""An import adds its rows with the schema's CHECKs and foreign keys off, for speed (see
`log_bulk`): its own checks must refuse every value those would, before anything is added,
and the log it leaves must be one the schema's rules find sound."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_import_batches import ODD_VALUES
from test_log_exchange import odd_sessions_of, write_export

from spasm_timer.storage import log_bulk
from spasm_timer.storage.exchange import ImportFileError, import_json
from spasm_timer.storage.import_rows import SESSION_COLUMNS, STEP_COLUMNS, row_batch
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_schema import MIGRATIONS

# The fields the schema guards with a CHECK, and whether each is a step's.
GUARDED = [("status", False), ("pain_before", False), ("pain_after", False), ("side", True),
           ("outcome", True)]
# Near misses of the values those CHECKs let through.
NEAR_MISSES: list[Any] = ["LEFT", "Left", " left", "right ", "Completed", "completed ",
                          "skipped", "stopped", "done", "in progress", 5, 10.5, -0.0, "5"]


@pytest.fixture
def sound() -> list[dict[str, Any]]:
    """Three sessions that import; the last has steps."""
    sessions = odd_sessions_of(13, 30)
    with_steps = [session for session in sessions if session["steps"]]
    return [sessions[0], sessions[1], with_steps[0]]


def _strict_log() -> sqlite3.Connection:
    """The log's schema with every CHECK and foreign key on, as the app's writes have it."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    for migrate in MIGRATIONS:
        migrate(db)
    return db


def _schema_refuses(strict: sqlite3.Connection, session: dict[str, Any]) -> bool:
    """Whether the schema itself refuses the rows that `session` would be stored as."""
    try:
        batch = row_batch([session])
    except (TypeError, ValueError, OverflowError):
        return False  # no row at all: not what a CHECK guards (the checks refuse it anyway)
    strict.execute("BEGIN")
    try:
        strict.executemany(log_bulk._insert_statement("sessions", SESSION_COLUMNS, 1),
                           batch.sessions)
        strict.executemany(log_bulk._insert_statement("steps", STEP_COLUMNS, 1),
                           batch.steps)
    except sqlite3.IntegrityError:
        return True
    except (sqlite3.InterfaceError, sqlite3.ProgrammingError, OverflowError, UnicodeError):
        return False  # a value SQLite cannot bind: the same with the CHECKs off
    finally:
        strict.execute("ROLLBACK")
    return False


@pytest.mark.parametrize(("name", "in_step"), GUARDED)
def test_every_value_the_schemas_checks_refuse_the_import_refuses_first(
        tmp_path: Path, sound: list[dict[str, Any]], name: str, in_step: bool) -> None:
    strict = _strict_log()
    assert not _schema_refuses(strict, sound[2])
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    refused = 0
    for value in [*ODD_VALUES, *NEAR_MISSES]:
        sessions = copy.deepcopy(sound)
        (sessions[2]["steps"][0] if in_step else sessions[2])[name] = value
        if not _schema_refuses(strict, sessions[2]):
            continue
        refused += 1
        with pytest.raises(ImportFileError) as error:
            import_json(log, write_export(tmp_path / "in.json", sessions))
        place = f"sessions[2].steps[0].{name}" if in_step else f"sessions[2].{name}"
        said = str(error.value)  # the field, or the session and line JSON cannot hold
        assert said.startswith(f"{place}: ") or (
            said.startswith("sessions[2]: ") and " line 1 " in said), (value, said)
        assert log.count() == 0, value
        assert log.connection.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 0
    assert refused >= 10  # the test saw the CHECK at work, not just values it lets through


def test_an_imported_log_keeps_every_rule_of_the_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After imports that add, skip and add again, in batches and in statements of many
    rows, the log holds no step without its session and passes SQLite's own checks."""
    sessions = odd_sessions_of(20261207, 600)
    monkeypatch.setattr(log_bulk, "_ROWS_PER_STATEMENT", 7)
    log = SessionLog.open(tmp_path / "sessions.sqlite3")
    assert import_json(log, write_export(tmp_path / "half.json", sessions[::2])) == (300, 0)
    assert import_json(log, write_export(tmp_path / "all.json", sessions)) == (300, 300)
    db = log.connection
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == sum(
        len(session["steps"]) for session in sessions)
    assert log.sessions() == sorted(sessions, key=lambda s: (s["started_at"], s["id"]),
                                    reverse=True)
