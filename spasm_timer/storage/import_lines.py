"""The app's own export lines read straight into rows: the fast way through a long import.

The app writes an export one session a line, each in the same compact shape (SQLite's
`json_object`, keys in one order, see `export_rows`). Decoding such lines into a dict per
session and per step, checking the dicts and building rows from them cost most of an
import's time. Here a stretch of whole lines is matched by two patterns that spell out that
shape exactly, with every rule of `import_checks` that a pattern can say (types, lengths,
choices, UUIDs, timestamps, no escapes and no control characters in strings); what a
pattern cannot say (ranges, calendar dates) is checked a column at a time after.

A line the patterns do not match (a note with a quote or a line break, another tool's
layout) is decoded as JSON on its own and checked as the general way checks it, so one such
line costs its own decoding, not its stretch's. The answer is still rows for every line of
the stretch, in file order, or None when any line is wrong in any way (not one whole
session, a value out of range) or when no line is in the app's shape. The caller then
decodes that stretch as JSON, which names what is wrong and where, or accepts what is merely
written differently. So this way never decides what is allowed: it only goes faster where
the general way would say yes.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import chain, repeat
from operator import methodcaller
from typing import Any

from spasm_timer.core.timeline import MAX_SEGMENTS
from spasm_timer.storage.export_reader import whole_value
from spasm_timer.storage.import_checks import (
    MAX_NAME_CHARS,
    SESSION_RULES,
    STEP_RULES,
    TIMESTAMP_PATTERN,
    UUID_PATTERN,
    Count,
    OneOf,
    Rule,
    Seconds,
    check_batch,
)
from spasm_timer.storage.import_rows import RowBatch, SessionRow, StepRow, row_batch
from spasm_timer.storage.log import MAX_NOTES_CHARS
from spasm_timer.storage.log_schema import INTERRUPTED

# A JSON string the decoder would give back as written: no escape, no control character.
_PLAIN = r'[^"\\\x00-\x1f]'
_COUNT = r"0|[1-9][0-9]{0,6}"  # a whole number below ten million; its range checked after
# Seconds with at most three decimals: float() of it is what round(value, 3) stores.
_SECONDS = r"(?:0|[1-9][0-9]{0,6})(?:\.[0-9]{1,3})?"


def _ranged(rule: Rule) -> Count | Seconds:
    """A number field's rule in `import_checks`, whose range this way checks as it is at the
    time: one source, for the import stores what this way lets by with the schema's checks
    off."""
    assert isinstance(rule, Count | Seconds)
    return rule


def _choices(rule: Rule) -> tuple[str | None, ...]:
    assert isinstance(rule, OneOf)
    return rule.allowed


def _either(texts: Sequence[str]) -> str:
    return "|".join(map(re.escape, texts))


_PLANNED = _ranged(SESSION_RULES["planned_seconds"])
_ACTIVE = _ranged(SESSION_RULES["active_seconds"])
_PAUSES = _ranged(SESSION_RULES["pauses"])
_STEP_INDEX = _ranged(STEP_RULES["index"])
_REPETITION = _ranged(STEP_RULES["repetition"])
_STEP_PLANNED = _ranged(STEP_RULES["planned_seconds"])
_STEP_ACTUAL = _ranged(STEP_RULES["actual_seconds"])
_PAIN = _ranged(SESSION_RULES["pain_before"])
assert vars(_ranged(SESSION_RULES["pain_after"])) == vars(_PAIN)  # one pattern says both
# The ratings as the app writes them, each with the value it stands for (a pattern: fixed
# when this module is loaded).
_RATINGS = {"null": None, **{str(number): number
                             for number in range(_PAIN.low, _PAIN.high + 1)}}
_RATING = _either(sorted(_RATINGS, key=len, reverse=True))
_ENDED_STATUSES = _either([status for status in _choices(SESSION_RULES["status"])
                           if status is not None and status != INTERRUPTED])
_OUTCOMES = _either([outcome for outcome in _choices(STEP_RULES["outcome"]) if outcome])
_SIDES = {"null" if side is None else f'"{side}"': side
          for side in _choices(STEP_RULES["side"])}



def _text(shortest: int, longest: int) -> str:
    """A plain string's characters, as a group, of a length the rules allow."""
    return f"({_PLAIN}{{{shortest},{longest}}})"


# One whole line: a session with its steps, as the app writes it. The steps' text is
# matched by _STEP below.
_SESSION = re.compile(
    rf'^\{{"id":"({UUID_PATTERN})","routine_id":"{_text(1, MAX_NAME_CHARS)}",'
    rf'"routine_name":"{_text(0, MAX_NAME_CHARS)}",'
    rf'"started_at":"({TIMESTAMP_PATTERN})","ended_at":(?:null|"({TIMESTAMP_PATTERN})"),'
    rf'"status":"(?:({_ENDED_STATUSES})|{INTERRUPTED})",'
    rf'"planned_seconds":({_COUNT}),"active_seconds":({_SECONDS}),'
    rf'"pain_before":({_RATING}),"pain_after":({_RATING}),'
    rf'"notes":"{_text(0, MAX_NOTES_CHARS)}","pauses":({_COUNT}),'
    r'"steps":\[([^\n]*)\]\}(?:,\n|\Z)', re.MULTILINE)
# One step, with the comma after it when another step follows (kept, to count its length).
_STEP = re.compile(
    rf'\{{"index":({_COUNT}),"title":"{_text(0, MAX_NAME_CHARS)}",'
    rf'"kind":"{_text(1, MAX_NAME_CHARS)}","side":({_either(list(_SIDES))}),'
    rf'"repetition":({_COUNT}),"planned_seconds":({_COUNT}),'
    rf'"actual_seconds":({_SECONDS}),"outcome":"({_OUTCOMES})"\}}'
    r'(,(?=\{)|(?=\]))')
# The characters of a step that are not in its groups.
_STEP_FRAME = len('{"index":,"title":"","kind":"","side":,"repetition":,"planned_seconds":,'
                  '"actual_seconds":,"outcome":""}')
_STEP_START = '{"index":'


class _Numbers(dict[str, Any]):
    """Number texts read once each, the same object handed out for the same text: a batch
    says "60" a million times, and one object pickles and unpickles once."""

    def __init__(self, kind: Callable[[str], Any]) -> None:
        super().__init__()
        self.kind = kind

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.kind(text)
        return value


def _same(texts: Sequence[str]) -> list[str]:
    """The texts, equal ones as one object (see _Numbers)."""
    seen: dict[str, str] = {}
    return list(map(seen.setdefault, texts, texts))


def _within(values: Sequence[Any], rule: Count | Seconds) -> bool:
    return not values or (rule.low <= min(values) and max(values) <= rule.high)


def _moments_real(*columns: Sequence[str]) -> bool:
    """Every non-empty text is a moment that exists (the pattern lets 2026-02-30 by)."""
    try:
        deque(map(datetime.fromisoformat, filter(None, chain(*columns))), maxlen=0)
    except ValueError:
        return False
    return True


class ExportLines:
    """Reads stretches of one file's lines (see `rows_of_lines`). A person does the same
    routines again and again, and a session done as planned writes its steps exactly as the
    last one did: the steps' texts met before are matched and checked once, and their rows
    taken from what they gave then."""

    def __init__(self) -> None:
        # steps' text: (positions, *columns), or None when this way cannot read it
        self._known: dict[str, tuple[Any, ...] | None] = {}
        self.known_chars = 0  # of the texts kept: their rows cost a few times as much

    def __call__(self, stretch: str) -> RowBatch | None:
        return rows_of_lines(stretch, self)

    def steps_of(self, step_texts: Sequence[str], whole: _Numbers,
                 seconds: _Numbers) -> list[tuple[Any, ...] | None]:
        """For each steps' text, its (positions, *columns); None for one that is not a list
        of steps in the app's shape, or holds a value out of range (its line is then read
        the general way)."""
        known = self._known
        if self.known_chars > KNOWN_CHARS:  # a file of ever new steps: start again
            known.clear()
            self.known_chars = 0
        new = [text for text in dict.fromkeys(step_texts) if text not in known]
        if new:
            known.update(zip(new, _steps_each(new, whole, seconds), strict=True))
            self.known_chars += sum(map(len, new))
        return list(map(known.__getitem__, step_texts))


# The characters of steps' texts an ExportLines keeps, beyond those of one stretch: a
# person's routines done as planned take a few thousand; a hostile file of ever new long
# texts costs no more than this (and their rows) before they are dropped.
KNOWN_CHARS = 4 * 1024 * 1024


def rows_of_lines(stretch: str, lines: ExportLines | None = None) -> RowBatch | None:
    """The rows of `stretch`, whole lines of sessions (each but the last ending `},` and a
    newline), in file order: the lines in the app's export shape matched, any other decoded
    as JSON and checked on its own. None when a line is not one whole session, or any value
    breaks a rule, or no line is in the app's shape, for the general way to decide and to
    name."""
    if stretch.endswith("\n"):
        return None  # a comma after its last session, which JSON does not allow
    lines = lines or ExportLines()
    count = stretch.count("\n") + 1
    sessions = _SESSION.findall(stretch)
    places: Sequence[int] = range(count)
    texts: list[str] = []
    if len(sessions) != count:  # some lines in another shape: which ones
        if not sessions:
            return None  # another tool's layout: read whole, in one call, the general way
        texts = stretch.split("\n")
        sessions, places = _matching_lines(stretch, texts)
    matched = _matched_rows(sessions, lines)
    if matched is None:
        return None
    session_rows, steps = matched
    if len(session_rows) == count and None not in steps:  # every line the fast way
        step_rows: list[StepRow] = []
        add = step_rows.extend
        for session_row, columns in zip(session_rows, steps, strict=True):
            add(zip(repeat(session_row[0]), *columns))  # type: ignore[misc]
        return RowBatch(session_rows, step_rows)
    return _line_by_line(texts or stretch.split("\n"), count,
                         dict(zip(places, zip(session_rows, steps, strict=True), strict=True)))


def _matching_lines(stretch: str, texts: list[str]) -> tuple[list[tuple[str, ...]], list[int]]:
    """The groups of each line (`texts`, the stretch's lines) the session pattern matches,
    and that line's number."""
    sessions = []
    places = []
    start = 0
    match = _SESSION.match
    for place, text in enumerate(texts):
        found = match(stretch, start)  # a match is one whole line: no group spans a newline
        if found:
            sessions.append(found.groups())
            places.append(place)
        start += len(text) + 1
    return sessions, places


def _matched_rows(sessions: list[tuple[str, ...]], lines: ExportLines,
                  ) -> tuple[list[SessionRow], list[tuple[Any, ...] | None]] | None:
    """The session rows of the matched lines, and each one's steps as `steps_of` gives
    them; None when a value of a session breaks a rule."""
    (ids, routine_ids, names, started, ended, statuses, planned, active, pain_before,
     pain_after, notes, pauses, step_texts) = zip(*sessions, strict=True)
    whole = _Numbers(int)
    seconds = _Numbers(float)
    planned_values = list(map(whole.__getitem__, planned))
    active_values = list(map(seconds.__getitem__, active))
    pause_values = list(map(whole.__getitem__, pauses))
    if not (_within(planned_values, _PLANNED) and _within(active_values, _ACTIVE)
            and _within(pause_values, _PAUSES) and _moments_real(started, ended)):
        return None
    steps = lines.steps_of(step_texts, whole, seconds)
    session_rows = list(zip(
        ids, _same(routine_ids), _same(names), started, [moment or None for moment in ended],
        [status or None for status in statuses], planned_values, active_values,
        list(map(_RATINGS.__getitem__, pain_before)),
        list(map(_RATINGS.__getitem__, pain_after)), _same(notes), pause_values,
        strict=True))
    return session_rows, steps


def _line_by_line(texts: list[str], count: int,
                  matched: dict[int, tuple[SessionRow, tuple[Any, ...] | None]],
                  ) -> RowBatch | None:
    """The rows of the stretch's lines (`texts`) in file order: the `matched` lines' (by
    line number) as they are, every other line decoded and checked on its own; None when one
    of those is not one whole, sound session."""
    others = [place for place in range(count) if matched.get(place, (None, None))[1] is None]
    try:
        values = [whole_value(_session_text(texts[place], place == count - 1))
                  for place in others]
        read = row_batch(check_batch(values, 0))
    except (ValueError, RecursionError):  # ImportFileError is one: the general way names it
        return None
    decoded = {}
    step_at = 0
    for place, session_row, session in zip(others, read.sessions, values, strict=True):
        step_end = step_at + len(session["steps"])
        decoded[place] = (session_row, read.steps[step_at:step_end])
        step_at = step_end
    session_rows: list[SessionRow] = []
    step_rows: list[StepRow] = []
    for place in range(count):
        if place in decoded:
            session_row, its_steps = decoded[place]
            step_rows.extend(its_steps)
        else:
            session_row, columns = matched[place]
            step_rows.extend(zip(repeat(session_row[0]), *columns))  # type: ignore[misc]
        session_rows.append(session_row)
    return RowBatch(session_rows, step_rows)


def _session_text(line: str, last: bool) -> str:
    """A line's text without the comma that ends every line but the stretch's last."""
    if last:
        return line
    if not line.endswith(","):
        raise ValueError("not one session a line")
    return line[:-1]


def _steps_each(step_texts: list[str], whole: _Numbers,
                seconds: _Numbers) -> list[tuple[Any, ...] | None]:
    """`_step_columns` of each text; None for each text it cannot read. Read together where
    they all can be, as they are in the app's export."""
    # An escape cannot be in any step the app's shape allows: no need to try such a text.
    plain = [text for text in step_texts if "\\" not in text]
    columns: Sequence[tuple[Any, ...] | None] | None = (
        _step_columns(plain, whole, seconds) if plain else [])
    if columns is None:  # one or more this way cannot read: each on its own
        columns = [one[0] if (one := _step_columns([text], whole, seconds)) else None
                   for text in plain]
    read = dict(zip(plain, columns, strict=True))
    return [read.get(text) for text in step_texts]


def _step_columns(step_texts: Sequence[str], whole: _Numbers,
                  seconds: _Numbers) -> list[tuple[Any, ...]] | None:
    """For each steps' text: (positions, index, title, kind, side, repetition, planned,
    actual, outcome), a column each; None when any text is not a list of steps in the app's
    shape, or holds a value out of range."""
    counts = list(map(methodcaller("count", _STEP_START), step_texts))
    if max(counts) > MAX_SEGMENTS:
        return None
    # Each steps' text on a line of its own, closed as in the file: no match spans two.
    steps = _STEP.findall("]\n".join(step_texts) + "]")
    if len(steps) != sum(counts):
        return None
    columns = list(zip(*steps, strict=True)) or [()] * 9
    # Every character of every steps' text is in one match: no gap, nothing between.
    matched = _STEP_FRAME * len(steps) + sum(sum(map(len, column)) for column in columns)
    if matched != sum(map(len, step_texts)):
        return None
    indexes, titles, kinds, sides, repetitions, planned, actual, outcomes, _ = columns
    index_values = list(map(whole.__getitem__, indexes))
    repetition_values = list(map(whole.__getitem__, repetitions))
    planned_values = list(map(whole.__getitem__, planned))
    actual_values = list(map(seconds.__getitem__, actual))
    if not (_within(index_values, _STEP_INDEX) and _within(repetition_values, _REPETITION)
            and _within(planned_values, _STEP_PLANNED)
            and _within(actual_values, _STEP_ACTUAL)):
        return None
    values = (index_values, _same(titles), _same(kinds), list(map(_SIDES.__getitem__, sides)),
              repetition_values, planned_values, actual_values, _same(outcomes))
    each = []
    end = 0
    for count in counts:
        start, end = end, end + count
        each.append((range(count), *(column[start:end] for column in values)))
    return each
