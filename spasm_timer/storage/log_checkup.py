"""The log's full integrity check, on a schedule, in the background.

`PRAGMA quick_check` reads every page: seconds for years of sessions. It used to run on
every open, on the GUI thread, before the countdown could start. Now the app's log writer
runs it on a thread of its own (a read-only connection: the writer keeps writing meanwhile)
at most once every `CHECK_EVERY_DAYS`, and the next open runs it first when SQLite reported
the file damaged in use. What it found is remembered beside the log, in
`sessions.checkup.json`: the day of the last check, and damage waiting to be dealt with.

Damage found while the app runs is not acted on then (the app is writing to that file): the
person is told, and the next start moves the file aside and starts a fresh log.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from spasm_timer.storage.log_opening import integrity_problems, read_only

CHECK_EVERY_DAYS = 7
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_BYTES = 4096


def checkup_path(database: Path) -> Path:
    return database.with_name(database.stem + ".checkup.json")


def _read(database: Path) -> dict[str, object]:
    try:
        descriptor = os.open(checkup_path(database), os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return {}
    try:
        data = json.loads(os.read(descriptor, _MAX_BYTES))
    except (OSError, ValueError):
        return {}  # unreadable: the next check writes it anew (it only holds a date)
    finally:
        os.close(descriptor)
    return data if isinstance(data, dict) else {}


def _write(database: Path, data: dict[str, object]) -> None:
    """Writes the note beside the log; never through a link, never half."""
    path = checkup_path(database)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        os.write(descriptor, json.dumps(data).encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)


def damage_reported(database: Path) -> str | None:
    """What SQLite or a check found wrong with the file, not yet dealt with."""
    damage = _read(database).get("damage")
    return damage if isinstance(damage, str) else None


def note_damage(database: Path, what: str) -> None:
    """SQLite said the file is damaged: the next open checks it in full first."""
    try:
        _write(database, {**_read(database), "damage": what})
    except OSError:
        pass  # the next scheduled check finds it again


def checkup_due(database: Path, now: datetime) -> bool:
    last = _read(database).get("last_check")
    try:
        checked = datetime.fromisoformat(last) if isinstance(last, str) else None
    except ValueError:
        checked = None
    if checked is None or checked.tzinfo is None:
        return True
    return now - checked >= timedelta(days=CHECK_EVERY_DAYS) or now < checked


def run_checkup(database: Path, now: datetime) -> list[str]:
    """Reads every page of the log; remembers when, and any damage. Returns the problems."""
    try:
        db = read_only(database, timeout=60.0)
    except sqlite3.Error:
        return []
    try:
        problems = integrity_problems(db)
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    finally:
        db.close()
    note: dict[str, object] = {"last_check": now.isoformat(timespec="seconds")}
    if problems:
        note["damage"] = problems[0]
    try:
        _write(database, note)
    except OSError:
        pass  # checked again at the next start: costs time, loses nothing
    return problems


def checked_after_opening(database: Path) -> None:
    """The open that ran the full check for reported damage found the file sound (or moved
    it aside): the damage is dealt with."""
    data = _read(database)
    if "damage" in data:
        data.pop("damage")
        try:
            _write(database, data)
        except OSError:
            pass
