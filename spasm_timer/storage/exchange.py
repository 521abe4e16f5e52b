"""Taking the log out (JSON, CSV) and bringing a JSON export back in, on this or another computer.

The JSON file is `{"spasm_timer_log": 1, "sessions": [...]}`, oldest session first, each in
the export shape of `SessionLog.sessions()`. An import is checked whole before anything is
written: a file with one bad value adds nothing, and the error says what and where.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from spasm_timer.core.timeline import MAX_SEGMENTS
from spasm_timer.storage.log import (
    SESSION_FIELDS,
    STATUSES,
    STEP_FIELDS,
    STEP_OUTCOMES,
    SUMMARY_FIELDS,
    SessionLog,
)

FORMAT_KEY = "spasm_timer_log"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_NOTES_CHARS = 10_000
MAX_NAME_CHARS = 1_000  # routine ids, names, step titles and kinds
MAX_SECONDS = 7 * 24 * 3600  # far beyond any real session; catches nonsense, not long days

# Extended ISO 8601 with an offset: its first ten characters must be the local day.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")


class ImportFileError(ValueError):
    """The file cannot be imported; the message names the place, e.g. `sessions[3].notes`."""


# --- writing files -----------------------------------------------------------------------

@contextmanager
def _replacing(file: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """Writes to a private temp file beside `file`, then renames it over `file`: a reader
    (or a crash) sees the old file or the whole new one, never half of it."""
    target = Path(file)
    descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")  # mkstemp creates it 0600
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_json(sessions: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Streams the export document, one session per line; returns how many were written."""
    out.write(f'{{"{FORMAT_KEY}": {FORMAT_VERSION}, "sessions": [')
    count = 0
    for session in sessions:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(session, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_csv(rows: Iterator[tuple[Any, ...]], out: IO[str]) -> int:
    """One line per session (SUMMARY_FIELDS); returns how many sessions were written."""
    writer = csv.writer(out)
    writer.writerow(SUMMARY_FIELDS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def export_json(log: SessionLog, file: str | os.PathLike[str]) -> int:
    """Writes the whole log as JSON, oldest first; returns the number of sessions."""
    with _replacing(file) as out:
        return write_json(log.iter_sessions(newest_first=False), out)


def export_csv(log: SessionLog, file: str | os.PathLike[str]) -> int:
    """Writes one CSV row per session, oldest first, steps summarised as counts."""
    with _replacing(file) as out:
        return write_csv(log.summary_rows(newest_first=False), out)


# --- reading and checking an import ------------------------------------------------------

def import_json(log: SessionLog, file: str | os.PathLike[str]) -> tuple[int, int]:
    """Adds the sessions of an export file; returns (added, skipped as already present).

    Raises ImportFileError, and adds nothing, when any part of the file is wrong.
    """
    sessions = read_export(file)
    return log.add_sessions(sessions)


def read_export(file: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Reads and checks a whole export file; returns its sessions."""
    path = Path(file)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(f"the file is {size / 1024 ** 2:.0f} MB; at most 200 MB "
                                  "can be imported")
        with path.open("rb") as stream:
            document = json.loads(stream.read().decode("utf-8"), parse_constant=_no_constant)
    except OSError as error:
        raise ImportFileError(f"cannot read the file: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"not UTF-8 text (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise ImportFileError(f"not valid JSON: {error.msg} at line {error.lineno} "
                              f"column {error.colno}") from error
    return _check_document(document)


def _no_constant(name: str) -> Any:
    raise ImportFileError(f"{name} is not a number a log can hold")


def _check_document(document: object) -> list[dict[str, Any]]:
    if not isinstance(document, dict) or FORMAT_KEY not in document:
        raise ImportFileError(f'not a Spasm Timer log export (no "{FORMAT_KEY}" key at the top)')
    if document[FORMAT_KEY] != FORMAT_VERSION:
        raise ImportFileError(f"{FORMAT_KEY}: version {document[FORMAT_KEY]!r} is not one this "
                              f"Spasm Timer reads (it reads {FORMAT_VERSION})")
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise ImportFileError("sessions: must be a list")
    first_place: dict[str, int] = {}
    for number, session in enumerate(sessions):
        _check_session(session, f"sessions[{number}]")
        earlier = first_place.setdefault(session["id"], number)
        if earlier != number:
            raise ImportFileError(f"sessions[{number}].id: the same id as sessions[{earlier}]")
    return sessions


# A check takes the value and returns a complaint, or "" when the value is fine.
Check = Callable[[Any], str]


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is an int to Python, but not to a log


def _text(limit: int, empty_ok: bool = True) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or (not value and not empty_ok):
            return "must be a string" if empty_ok else "must be a non-empty string"
        return f"must be at most {limit:,} characters" if len(value) > limit else ""
    return check


def _count(low: int, high: int, null_ok: bool = False) -> Check:
    def check(value: Any) -> str:
        if (value is None and null_ok) or (_is_int(value) and low <= value <= high):
            return ""
        return f"must be an integer {low}-{high}" + (" or null" if null_ok else "")
    return check


def _seconds(value: Any) -> str:
    ok = (_is_int(value) or isinstance(value, float)) and math.isfinite(value)
    return "" if ok and 0 <= value <= MAX_SECONDS else f"must be a number of seconds 0-{MAX_SECONDS}"


def _one_of(*allowed: str | None) -> Check:
    def check(value: Any) -> str:
        if value in allowed and (value is None or isinstance(value, str)):
            return ""
        return "must be " + ", ".join("null" if a is None else a for a in allowed)
    return check


def _uuid(value: Any) -> str:
    try:
        if isinstance(value, str) and str(uuid.UUID(value)) == value:
            return ""
    except ValueError:
        pass
    return "must be a lowercase UUID like 0f8fad5b-d9cb-469f-a165-70867728950e"


def _moment(null_ok: bool) -> Check:
    def check(value: Any) -> str:
        if value is None and null_ok:
            return ""
        if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
            try:
                datetime.fromisoformat(value)
                return ""
            except ValueError:
                pass
        return ("must be an ISO 8601 time with its offset, like 2026-11-21T10:30:00+01:00"
                + (" or null" if null_ok else ""))
    return check


SESSION_CHECKS: dict[str, Check] = {
    "id": _uuid,
    "routine_id": _text(MAX_NAME_CHARS, empty_ok=False),
    "routine_name": _text(MAX_NAME_CHARS),
    "started_at": _moment(null_ok=False),
    "ended_at": _moment(null_ok=True),
    "status": _one_of(*STATUSES),
    "planned_seconds": _count(0, MAX_SECONDS),
    "active_seconds": _seconds,
    "pain_before": _count(0, 10, null_ok=True),
    "pain_after": _count(0, 10, null_ok=True),
    "notes": _text(MAX_NOTES_CHARS),
    "pauses": _count(0, 1_000_000),
}
STEP_CHECKS: dict[str, Check] = {
    "index": _count(1, MAX_SEGMENTS),
    "title": _text(MAX_NAME_CHARS),
    "kind": _text(MAX_NAME_CHARS, empty_ok=False),
    "side": _one_of("left", "right", None),
    "repetition": _count(1, MAX_SEGMENTS),
    "planned_seconds": _count(0, MAX_SECONDS),
    "actual_seconds": _seconds,
    "outcome": _one_of(*STEP_OUTCOMES),
}
assert set(SESSION_CHECKS) == set(SESSION_FIELDS) and set(STEP_CHECKS) == set(STEP_FIELDS)


def _check_fields(item: object, checks: dict[str, Check], where: str) -> None:
    if not isinstance(item, dict):
        raise ImportFileError(f"{where}: must be an object")
    for name, check in checks.items():
        if name not in item:
            raise ImportFileError(f"{where}.{name}: missing")
        complaint = check(item[name])
        if complaint:
            raise ImportFileError(f"{where}.{name}: {complaint}")


def _check_session(session: object, where: str) -> None:
    _check_fields(session, SESSION_CHECKS, where)
    assert isinstance(session, dict)
    if "steps" not in session:
        raise ImportFileError(f"{where}.steps: missing")
    steps = session["steps"]
    if not isinstance(steps, list):
        raise ImportFileError(f"{where}.steps: must be a list")
    if len(steps) > MAX_SEGMENTS:
        raise ImportFileError(f"{where}.steps: more than {MAX_SEGMENTS:,} steps")
    for number, step in enumerate(steps):
        _check_fields(step, STEP_CHECKS, f"{where}.steps[{number}]")
