"""Sessions as JSON text and CSV rows, made by SQLite itself: the export and `history --json`
and `--csv` at speed, read a chunk at a time on several cores (`parallel_reads`).

Building a dict per session and per step and handing each to `json.dumps` cost about 110 µs a
session (two minutes for a million); SQLite's JSON functions give the same document with no
Python object per row. Each row is one session in the export shape of
`SessionLog.iter_sessions()` (SESSION_FIELDS, then `steps`), compact, in the log's order.
The CSV rows come ready for `csv.writer.writerows`: the running session's status and the
cells a spreadsheet would run as formulas are settled in the query, not row by row in Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from spasm_timer.storage.log import (
    PACKED_STEP_COUNTS_SQL,
    SESSION_FIELDS,
    STEP_FIELDS,
    SessionLog,
    with_step_counts,
)
from spasm_timer.storage.log_schema import ACTIVE_SECONDS_SQL, IN_PROGRESS
from spasm_timer.storage.log_statistics import order_by, session_filters
from spasm_timer.storage.parallel_reads import ordered_chunks

Chunk = tuple[int, str]
"""How many sessions a chunk of JSON holds, and their texts joined by SESSION_SEPARATOR."""

# Between two sessions in a JSON list: one session per line.
SESSION_SEPARATOR = ",\n"

# The steps of session `s`, in their order, as the text of a JSON list.
_STEPS_JSON = """'[' || COALESCE((SELECT group_concat(step, ',') FROM (
        SELECT json_object('index', t.step_index, 'title', t.title, 'kind', t.kind,
                           'side', t.side, 'repetition', t.repetition,
                           'planned_seconds', t.planned_seconds,
                           'actual_seconds', t.actual_seconds, 'outcome', t.outcome) AS step
        FROM steps t WHERE t.session_id = s.id ORDER BY t.position)), '') || ']'"""

# The session's own fields as a JSON object without its closing brace, so the steps' text can
# follow without SQLite parsing it again. A session that never ended counts the seconds of its
# logged steps as its active time, as SessionLog does.
_SESSION_JSON_PIECE = """
    rtrim(json_object(
        'id', s.id, 'routine_id', s.routine_id, 'routine_name', s.routine_name,
        'started_at', s.started_at, 'ended_at', s.ended_at,
        'status', COALESCE(s.status, 'interrupted'), 'planned_seconds', s.planned_seconds,
        'active_seconds', """ + ACTIVE_SECONDS_SQL + """,
        'pain_before', s.pain_before, 'pain_after', s.pain_after, 'notes', s.notes,
        'pauses', s.pauses), '}') || ',"steps":' || """ + _STEPS_JSON + """ || '}'"""
_SESSION_JSON = "SELECT " + _SESSION_JSON_PIECE + " FROM sessions s"

assert SESSION_FIELDS[-1] == "pauses", "update the SQL above"
assert STEP_FIELDS[-1] == "outcome", "update the SQL above"


def session_json_rows(log: SessionLog, since: date | str | None = None,
                      until: date | str | None = None, routine_id: str | None = None,
                      status: str | None = None,
                      newest_first: bool = True) -> Iterator[str]:
    """One JSON object per session, as text, streamed from one query."""
    where, params = session_filters(since, until, routine_id, status)
    for (text,) in log.connection.execute(_SESSION_JSON + where + order_by(newest_first), params):
        yield text



def session_json_chunks(log: SessionLog, since: date | str | None = None,
                        until: date | str | None = None, routine_id: str | None = None,
                        status: str | None = None,
                        newest_first: bool = True) -> Iterator[Chunk]:
    """The same sessions as `session_json_rows`, a few hundred at a time, built on several
    cores."""
    where, params = session_filters(since, until, routine_id, status)
    return ordered_chunks(log.connection, log.path, _joined_json, where, params, newest_first)


def _joined_json(db: sqlite3.Connection, clause: str, params: list[object]) -> Chunk:
    count, text = db.execute(
        f"SELECT COUNT(*), group_concat(piece, ?) FROM (SELECT {_SESSION_JSON_PIECE} AS piece"
        f" FROM sessions s{clause})", (SESSION_SEPARATOR, *params)).fetchone()
    return int(count), text or ""


# --- CSV -----------------------------------------------------------------------------------

# A cell a spreadsheet would run as a formula (or the start of one) begins with one of these;
# a leading apostrophe makes it plain text to the spreadsheet and is plain to read.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The SUMMARY_FIELDS that hold text a person or a file chose (the rest the app writes).
FREE_TEXT_FIELDS = ("routine_id", "routine_name", "notes")


def _formula_like(column: str) -> str:
    starts = ", ".join(f"char({ord(start)})" for start in FORMULA_STARTS)
    return f"(typeof({column}) = 'text' AND substr({column}, 1, 1) IN ({starts}))"


# The running session (the first parameter) reads `in progress`, as in the table. A row with
# formula-like free text (`formula_row`, looked at once per row) gets the apostrophe on every
# text cell that starts like a formula, as `exchange.write_csv` does; the cells of other rows
# cost one test each.
_CSV_SELECT = f"""
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, s.ended_at,
           CASE WHEN s.status IS NULL AND s.id = ? THEN '{IN_PROGRESS}'
                ELSE COALESCE(s.status, 'interrupted') END AS status,
           s.planned_seconds, {ACTIVE_SECONDS_SQL} AS active_seconds,
           s.pain_before, s.pain_after, s.notes, s.pauses, {PACKED_STEP_COUNTS_SQL},
           {" OR ".join(_formula_like("s." + name) for name in FREE_TEXT_FIELDS)} AS formula_row
    FROM sessions s"""
# A status is never formula-like: the schema allows only its own words.
_CSV_CELLS = ", ".join(
    name if name == "status" else
    f"CASE WHEN formula_row AND {_formula_like(name)} THEN '''' || {name} ELSE {name} END"
    for name in SESSION_FIELDS)


def summary_csv_chunks(log: SessionLog, since: date | str | None = None,
                       until: date | str | None = None, routine_id: str | None = None,
                       status: str | None = None,
                       newest_first: bool = True) -> Iterator[list[tuple[Any, ...]]]:
    """`SessionLog.summary_rows`, a few hundred at a time, each row as a CSV file shows it:
    text that starts like a formula begins with an apostrophe (see `exchange.safe_cell`)."""
    where, params = session_filters(since, until, routine_id, status)
    running = log.in_progress()

    def rows(db: sqlite3.Connection, clause: str, clause_params: list[object]
             ) -> list[tuple[Any, ...]]:
        return db.execute(with_step_counts(_CSV_SELECT + clause, _CSV_CELLS),
                          (running, *clause_params)).fetchall()

    return ordered_chunks(log.connection, log.path, rows, where, params, newest_first)
