"""What a session in an export file must look like before it may enter the log.

Each field has a check that returns a complaint, or "" when the value is fine; the first
complaint names its place (`sessions[3].steps[0].title: missing`). Fields the format gained
after its first description may be missing, and `null` means "none" for them: a file from an
older version or another tool imports as long as what it says is sound.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from spasm_timer.core.timeline import MAX_SEGMENTS
from spasm_timer.i18n import _
from spasm_timer.local_formats import whole_number
from spasm_timer.storage.export_reader import ImportFileError
from spasm_timer.storage.log import (
    MAX_NOTES_CHARS,
    SESSION_FIELDS,
    STATUSES,
    STEP_FIELDS,
    STEP_OUTCOMES,
)

MAX_NAME_CHARS = 1_000  # routine ids, names, step titles and kinds
# The most time an imported session or step may claim: far beyond any real session (pauses and
# extensions count), so it catches nonsense, not long days. Not durations.MAX_SECONDS, the
# longest one duration in a routine file may have (12 h).
MAX_LOGGED_SECONDS = 7 * 24 * 3600

# Extended ISO 8601 with an offset: its first ten characters must be the local day.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")

# A check takes the value and returns a complaint, or "" when the value is fine.
Check = Callable[[Any], str]


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is an int to Python, but not to a log


def _not_text(value: str) -> str:
    """A complaint when a string cannot be stored as text: JSON can spell half of a
    character (a lone surrogate, `\\ud800`), which no text file or database can hold."""
    if value.isascii():
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return _("holds half of a character ({code} at character {position}), which is not "
                 "text").format(code=f"\\u{ord(value[error.start]):04x}",
                                position=error.start + 1)
    return ""


def _text(limit: int, empty_ok: bool = True) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or (not value and not empty_ok):
            return _("must be a string") if empty_ok else _("must be a non-empty string")
        if len(value) > limit:
            return _("must be at most {count} characters").format(count=whole_number(limit))
        return _not_text(value)
    return check


def _count(low: int, high: int, null_ok: bool = False) -> Check:
    def check(value: Any) -> str:
        if (value is None and null_ok) or (_is_int(value) and low <= value <= high):
            return ""
        said = _("must be an integer {low}-{high} or null") if null_ok else _(
            "must be an integer {low}-{high}")
        return said.format(low=low, high=high)
    return check


def _seconds(value: Any) -> str:
    ok = (_is_int(value) or isinstance(value, float)) and math.isfinite(value)
    if ok and 0 <= value <= MAX_LOGGED_SECONDS:
        return ""
    return _("must be a number of seconds 0-{limit}").format(limit=MAX_LOGGED_SECONDS)


def _one_of(*allowed: str | None) -> Check:
    def check(value: Any) -> str:
        if value in allowed and (value is None or isinstance(value, str)):
            return ""
        return _("must be {choices}").format(
            choices=", ".join("null" if a is None else a for a in allowed))
    return check


def _uuid(value: Any) -> str:
    try:
        if isinstance(value, str) and str(uuid.UUID(value)) == value:
            return ""
    except ValueError:
        pass
    return _("must be a lowercase UUID like {example}").format(
        example="0f8fad5b-d9cb-469f-a165-70867728950e")


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
        if null_ok:
            return _("must be an ISO 8601 time with its offset, like {example}, or null"
                     ).format(example="2026-11-21T10:30:00+01:00")
        return _("must be an ISO 8601 time with its offset, like {example}").format(
            example="2026-11-21T10:30:00+01:00")
    return check


SESSION_CHECKS: dict[str, Check] = {
    "id": _uuid,
    "routine_id": _text(MAX_NAME_CHARS, empty_ok=False),
    "routine_name": _text(MAX_NAME_CHARS),
    "started_at": _moment(null_ok=False),
    "ended_at": _moment(null_ok=True),
    "status": _one_of(*STATUSES),
    "planned_seconds": _count(0, MAX_LOGGED_SECONDS),
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
    "planned_seconds": _count(0, MAX_LOGGED_SECONDS),
    "actual_seconds": _seconds,
    "outcome": _one_of(*STEP_OUTCOMES),
}
assert set(SESSION_CHECKS) == set(SESSION_FIELDS)
assert set(STEP_CHECKS) == set(STEP_FIELDS)

# Fields the format gained after its first description, with what a missing one (or, for
# notes and pauses, a null) means. The ratings and ended_at already take null as "none".
SESSION_DEFAULTS: dict[str, Any] = {"ended_at": None, "pain_before": None,
                                    "pain_after": None, "notes": "", "pauses": 0}
STEP_DEFAULTS: dict[str, Any] = {"side": None, "repetition": 1}
_NULL_MEANS_DEFAULT = ("notes", "pauses")


def _check_fields(item: object, checks: dict[str, Check], defaults: dict[str, Any],
                  where: str) -> None:
    if not isinstance(item, dict):
        raise ImportFileError(_("{where}: must be an object").format(where=where))
    for name, check in checks.items():
        if name not in item:
            if name not in defaults:
                raise ImportFileError(_("{where}: missing").format(where=f"{where}.{name}"))
            item[name] = defaults[name]
        value = item[name]
        if value is None and name in _NULL_MEANS_DEFAULT:
            item[name] = value = defaults[name]
        complaint = check(value)
        if complaint:
            raise ImportFileError(f"{where}.{name}: {complaint}")


def check_session(session: object, where: str) -> dict[str, Any]:
    """The session, its missing later fields filled in; ImportFileError naming the first
    wrong field otherwise."""
    _check_fields(session, SESSION_CHECKS, SESSION_DEFAULTS, where)
    assert isinstance(session, dict)
    if "steps" not in session:
        raise ImportFileError(_("{where}: missing").format(where=f"{where}.steps"))
    steps = session["steps"]
    if not isinstance(steps, list):
        raise ImportFileError(_("{where}: must be a list").format(where=f"{where}.steps"))
    if len(steps) > MAX_SEGMENTS:
        raise ImportFileError(_("{where}: more than {count} steps").format(
            where=f"{where}.steps", count=whole_number(MAX_SEGMENTS)))
    for number, step in enumerate(steps):
        _check_fields(step, STEP_CHECKS, STEP_DEFAULTS, f"{where}.steps[{number}]")
    return session
