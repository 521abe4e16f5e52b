"""What a session in an export file must look like before it may enter the log.

Each field has a rule. `complaint(value)` says what is wrong with one value ("" when it is
fine), and the first complaint names its place (`sessions[3].steps[0].title: missing`).
`all_fine(values)` answers the same question for a whole column of values read together, in
loops that run inside Python's C code: a million sessions hold twelve million steps, and a
Python call per field of each cost most of an import's time. When a column is not all fine,
its batch is checked again value by value, for the message.

Fields the format gained after its first description may be missing, and `null` means "none"
for them: a file from an older version or another tool imports as long as what it says is
sound. Such a batch takes the value-by-value way, which fills them in.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from itertools import chain
from operator import is_not, itemgetter
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
# (The patterns as text too, for `import_lines` to spell them in its own; no groups.)
TIMESTAMP_PATTERN = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)
# A UUID as str(uuid.UUID(...)) writes it: lowercase, with its four hyphens.
UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID = re.compile(UUID_PATTERN)
_not_none = partial(is_not, None)


def _only(values: Sequence[Any], *types: type) -> bool:
    """Every value is of exactly one of `types` (a bool is not an int here, as in a log)."""
    return set(map(type, values)) <= set(types)


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


class Rule:
    """What one field may hold."""

    def complaint(self, value: Any) -> str:
        """What is wrong with `value`, or "" when it is fine."""
        raise NotImplementedError

    def all_fine(self, values: Sequence[Any]) -> bool:
        """True when `complaint` has nothing to say about any of `values` (never True when
        it would have)."""
        return not any(map(self.complaint, values))


class Text(Rule):
    def __init__(self, limit: int, empty_ok: bool = True) -> None:
        self.limit = limit
        self.empty_ok = empty_ok

    def complaint(self, value: Any) -> str:
        if not isinstance(value, str) or (not value and not self.empty_ok):
            return _("must be a string") if self.empty_ok else _("must be a non-empty string")
        if len(value) > self.limit:
            return _("must be at most {count} characters").format(
                count=whole_number(self.limit))
        return _not_text(value)

    def all_fine(self, values: Sequence[Any]) -> bool:
        if not values:
            return True
        try:
            joined = "".join(values)  # and so every value is a string
        except TypeError:
            return False
        if max(map(len, values)) > self.limit or not (self.empty_ok or all(values)):
            return False
        return joined.isascii() or not any(map(_not_text, values))


class Count(Rule):
    """A whole number from `low` to `high`, or null when `null_ok`."""

    def __init__(self, low: int, high: int, null_ok: bool = False) -> None:
        self.low = low
        self.high = high
        self.null_ok = null_ok

    def complaint(self, value: Any) -> str:
        if (value is None and self.null_ok) or (type(value) is int
                                                and self.low <= value <= self.high):
            return ""
        said = _("must be an integer {low}-{high} or null") if self.null_ok else _(
            "must be an integer {low}-{high}")
        return said.format(low=self.low, high=self.high)

    def all_fine(self, values: Sequence[Any]) -> bool:
        numbers = list(filter(_not_none, values)) if self.null_ok else values
        return not numbers or (_only(numbers, int) and self.low <= min(numbers)
                               and max(numbers) <= self.high)


class Seconds(Rule):
    low = 0
    high = MAX_LOGGED_SECONDS

    def complaint(self, value: Any) -> str:
        # A comparison refuses NaN and infinity too, and never turns a long int into a float.
        if type(value) in (int, float) and self.low <= value <= self.high:
            return ""
        return _("must be a number of seconds 0-{limit}").format(limit=self.high)

    def all_fine(self, values: Sequence[Any]) -> bool:
        # min() and max() can step over a NaN; once they are in range, isnan() can look.
        return not values or (_only(values, int, float) and min(values) >= self.low
                              and max(values) <= self.high
                              and not any(map(math.isnan, values)))


class OneOf(Rule):
    def __init__(self, *allowed: str | None) -> None:
        self.allowed = allowed

    def complaint(self, value: Any) -> str:
        if value in self.allowed and (value is None or isinstance(value, str)):
            return ""
        return _("must be {choices}").format(
            choices=", ".join("null" if a is None else a for a in self.allowed))

    def all_fine(self, values: Sequence[Any]) -> bool:
        try:
            return set(values) <= set(self.allowed)
        except TypeError:  # a list or an object, which no set can hold
            return False


class Uuid(Rule):
    def complaint(self, value: Any) -> str:
        if isinstance(value, str) and _UUID.fullmatch(value):
            return ""
        return _("must be a lowercase UUID like {example}").format(
            example="0f8fad5b-d9cb-469f-a165-70867728950e")

    def all_fine(self, values: Sequence[Any]) -> bool:
        return not values or (_only(values, str) and all(map(_UUID.fullmatch, values)))


def _is_moment(value: str) -> bool:
    if not _TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


class Moment(Rule):
    def __init__(self, null_ok: bool) -> None:
        self.null_ok = null_ok

    def complaint(self, value: Any) -> str:
        if (value is None and self.null_ok) or (isinstance(value, str) and _is_moment(value)):
            return ""
        if self.null_ok:
            return _("must be an ISO 8601 time with its offset, like {example}, or null"
                     ).format(example="2026-11-21T10:30:00+01:00")
        return _("must be an ISO 8601 time with its offset, like {example}").format(
            example="2026-11-21T10:30:00+01:00")

    def all_fine(self, values: Sequence[Any]) -> bool:
        moments = list(filter(_not_none, values)) if self.null_ok else values
        if not moments:
            return True
        if not _only(moments, str) or not all(map(_TIMESTAMP.fullmatch, moments)):
            return False
        try:
            deque(map(datetime.fromisoformat, moments), maxlen=0)
        except ValueError:
            return False
        return True


SESSION_RULES: dict[str, Rule] = {
    "id": Uuid(),
    "routine_id": Text(MAX_NAME_CHARS, empty_ok=False),
    "routine_name": Text(MAX_NAME_CHARS),
    "started_at": Moment(null_ok=False),
    "ended_at": Moment(null_ok=True),
    "status": OneOf(*STATUSES),
    "planned_seconds": Count(0, MAX_LOGGED_SECONDS),
    "active_seconds": Seconds(),
    "pain_before": Count(0, 10, null_ok=True),
    "pain_after": Count(0, 10, null_ok=True),
    "notes": Text(MAX_NOTES_CHARS),
    "pauses": Count(0, 1_000_000),
}
STEP_RULES: dict[str, Rule] = {
    "index": Count(1, MAX_SEGMENTS),
    "title": Text(MAX_NAME_CHARS),
    "kind": Text(MAX_NAME_CHARS, empty_ok=False),
    "side": OneOf("left", "right", None),
    "repetition": Count(1, MAX_SEGMENTS),
    "planned_seconds": Count(0, MAX_LOGGED_SECONDS),
    "actual_seconds": Seconds(),
    "outcome": OneOf(*STEP_OUTCOMES),
}
assert set(SESSION_RULES) == set(SESSION_FIELDS)
assert set(STEP_RULES) == set(STEP_FIELDS)

# Fields the format gained after its first description, with what a missing one (or, for
# notes and pauses, a null) means. The ratings and ended_at already take null as "none".
SESSION_DEFAULTS: dict[str, Any] = {"ended_at": None, "pain_before": None,
                                    "pain_after": None, "notes": "", "pauses": 0}
STEP_DEFAULTS: dict[str, Any] = {"side": None, "repetition": 1}
_NULL_MEANS_DEFAULT = ("notes", "pauses")


def _check_fields(item: object, rules: dict[str, Rule], defaults: dict[str, Any],
                  where: str) -> None:
    if not isinstance(item, dict):
        raise ImportFileError(_("{where}: must be an object").format(where=where))
    for name, rule in rules.items():
        if name not in item:
            if name not in defaults:
                raise ImportFileError(_("{where}: missing").format(where=f"{where}.{name}"))
            item[name] = defaults[name]
        value = item[name]
        if value is None and name in _NULL_MEANS_DEFAULT:
            item[name] = value = defaults[name]
        complaint = rule.complaint(value)
        if complaint:
            raise ImportFileError(f"{where}.{name}: {complaint}")


def check_session(session: object, where: str) -> dict[str, Any]:
    """The session, its missing later fields filled in; ImportFileError naming the first
    wrong field otherwise."""
    _check_fields(session, SESSION_RULES, SESSION_DEFAULTS, where)
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
        _check_fields(step, STEP_RULES, STEP_DEFAULTS, f"{where}.steps[{number}]")
    return session


def _columns_fine(items: list[Any], rules: dict[str, Rule]) -> bool:
    """Every item is an object with every field, and each field's column is all fine."""
    if not _only(items, dict):
        return False
    try:  # each item's fields read in one visit, then turned into columns
        rows = list(map(itemgetter(*rules), items))
    except KeyError:  # a field missing: a default to fill in, or a complaint
        return False
    columns = zip(*rows, strict=True)
    return not rows or all(rule.all_fine(column)
                           for rule, column in zip(rules.values(), columns, strict=True))


def _all_fine(sessions: list[Any]) -> bool:
    """Every session and step of the batch is whole and sound, checked column by column."""
    if not _columns_fine(sessions, SESSION_RULES):
        return False
    try:
        step_lists = list(map(itemgetter("steps"), sessions))
    except KeyError:
        return False
    if step_lists and (not _only(step_lists, list)
                       or max(map(len, step_lists)) > MAX_SEGMENTS):
        return False
    return _columns_fine(list(chain.from_iterable(step_lists)), STEP_RULES)


def check_batch(sessions: list[Any], first_number: int) -> list[dict[str, Any]]:
    """The sessions read together from `sessions[first_number]` on, checked: missing later
    fields filled in, or ImportFileError naming the first wrong field, as `check_session`
    would have named it."""
    if not _all_fine(sessions):
        for number, session in enumerate(sessions, first_number):
            check_session(session, f"sessions[{number}]")
    return sessions
