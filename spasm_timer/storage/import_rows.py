"""Checked sessions as the rows of the log's tables: what an import hands to `log_bulk`.

Reading a file (decoding, checking, building rows) and adding its rows to the log are two
halves that may run in two processes; between them go batches of plain tuples, which cost
little to pass on and nothing more to bind to SQLite's statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any, NamedTuple

from spasm_timer.storage.log_schema import INTERRUPTED

# A session as a row (status is NULL for interrupted): the columns its values go to, in order.
SESSION_COLUMNS = ("id", "routine_id", "routine_name", "started_at", "ended_at", "status",
                   "planned_seconds", "active_seconds", "pain_before", "pain_after", "notes",
                   "pauses")
# A step as a row (position from 0): the columns its values go to, in order.
STEP_COLUMNS = ("session_id", "position", "step_index", "title", "kind", "side",
                "repetition", "planned_seconds", "actual_seconds", "outcome")
SessionRow = tuple[Any, ...]
StepRow = tuple[Any, ...]


class RowBatch(NamedTuple):
    """Sessions read together, as rows; each session's steps follow in their order."""

    sessions: list[SessionRow]
    steps: list[StepRow]


class FlatRows(NamedTuple):
    """A RowBatch laid end to end, value after value (`len(SESSION_COLUMNS)` a session,
    `len(STEP_COLUMNS)` a step): what the
    reader process hands over, and what `log_bulk` binds. A list of values costs a third of
    the time to send and to take apart that a list of tuples does, and `log_bulk` binds
    slices of it as they are."""

    sessions: list[Any]
    steps: list[Any]


def flat_rows(batch: RowBatch) -> FlatRows:
    return FlatRows(list(chain.from_iterable(batch.sessions)),
                    list(chain.from_iterable(batch.steps)))


def session_row(session: dict[str, Any]) -> SessionRow:
    status = None if session["status"] == INTERRUPTED else session["status"]
    return (session["id"], session["routine_id"], session["routine_name"],
            session["started_at"], session["ended_at"], status, session["planned_seconds"],
            round(session["active_seconds"], 3), session["pain_before"],
            session["pain_after"], session["notes"], session["pauses"])


def row_batch(sessions: Iterable[dict[str, Any]]) -> RowBatch:
    """Checked sessions in the export shape (see `import_checks`) as rows."""
    sessions = list(sessions)
    # A list comprehension: faster here than zip(*...) over the columns, or named parameters.
    steps = [(session_id, position, step["index"], step["title"], step["kind"], step["side"],
              step["repetition"], step["planned_seconds"], round(step["actual_seconds"], 3),
              step["outcome"])
             for session in sessions for session_id in (session["id"],)
             for position, step in enumerate(session["steps"])]
    return RowBatch(list(map(session_row, sessions)), steps)
