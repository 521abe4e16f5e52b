"""Light reads for the history window: one page of table rows, and the routines in the log.

`SessionLog.sessions()` loads every session's steps, which a table of 100,000 rows does not
need. These queries read only the columns the table shows, a page at a time, keyed on the
last row already shown (no OFFSET: the 500th page costs what the first does).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

# The log's own WHERE builder, so a page holds exactly the sessions `SessionLog.count()`
# counts with the same filters; two copies of the day-boundary rules would drift apart.
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_schema import ACTIVE_SECONDS_SQL
from spasm_timer.storage.log_statistics import session_filters

ROW_FIELDS = ("id", "routine_id", "routine_name", "started_at", "status", "active_seconds",
              "pain_before", "pain_after")

# A session that never ended has no active time yet: it counts the seconds of its logged
# steps, as SessionLog does. COALESCE stops at the first non-NULL, so closed sessions never
# run the sub-query.
_ROW_SELECT = """
    SELECT s.id, s.routine_id, s.routine_name, s.started_at, COALESCE(s.status, 'interrupted'),
           """ + ACTIVE_SECONDS_SQL + """,
           s.pain_before, s.pain_after
    FROM sessions s"""


@dataclass(frozen=True)
class HistoryFilter:
    """Which sessions the history shows; None means "any"."""

    routine_id: str | None = None
    since: date | None = None
    until: date | None = None
    status: str | None = None


def page_of_rows(log: SessionLog, chosen: HistoryFilter, limit: int,
                 after: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """Up to `limit` sessions newest first, without steps, older than `after`.

    `after` is the (started_at, id) of the last row already loaded; the order is started_at,
    then id, both descending, so no session is skipped or shown twice. (The log's own order,
    as `history` prints it, breaks ties by rowid instead: a page key must be in the row.)
    """
    where, params = session_filters(chosen.since, chosen.until, chosen.routine_id, chosen.status)
    if after is not None:
        where += (" AND " if where else " WHERE ") + "(s.started_at, s.id) < (?, ?)"
        params = [*params, *after]
    rows = log.connection.execute(
        _ROW_SELECT + where + " ORDER BY s.started_at DESC, s.id DESC LIMIT ?",
        (*params, limit),
    )
    return _with_status_now(log, [dict(zip(ROW_FIELDS, row, strict=True)) for row in rows])


def _with_status_now(log: SessionLog, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The session a living app runs reads `in progress`, not `interrupted`."""
    running = log.in_progress()
    for row in rows:
        row["status"] = log.status_now(row["id"], row["status"], running)
    return rows


def row_of(log: SessionLog, session_id: str) -> dict[str, Any] | None:
    """One session's table row, re-read after the person changed it."""
    row = log.connection.execute(_ROW_SELECT + " WHERE s.id = ?", (session_id,)).fetchone()
    return _with_status_now(log, [dict(zip(ROW_FIELDS, row, strict=True))])[0] if row else None


def routine_choices(log: SessionLog) -> list[tuple[str, str]]:
    """(routine_id, name) of every routine in the log, by name; the name is the newest one
    logged, the one the person knows the routine by today."""
    rows = log.connection.execute(
        # Each distinct id is one seek in the (routine_id, started_at) index past the one
        # before (SELECT DISTINCT would read all of the index: 0.6 s at a million sessions),
        # and each newest name the end of its routine's stretch of it.
        "WITH RECURSIVE r(routine_id) AS (SELECT MIN(routine_id) FROM sessions UNION ALL"
        " SELECT (SELECT MIN(s.routine_id) FROM sessions s WHERE s.routine_id > r.routine_id)"
        " FROM r WHERE r.routine_id IS NOT NULL)"
        " SELECT r.routine_id, (SELECT n.routine_name FROM sessions n"
        " WHERE n.routine_id = r.routine_id ORDER BY n.started_at DESC LIMIT 1)"
        " FROM r WHERE r.routine_id IS NOT NULL")
    choices = [(routine_id, name or routine_id) for routine_id, name in rows]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def has_any_session(log: SessionLog) -> bool:
    """Whether the log holds a session at all (without counting a million of them)."""
    return bool(log.connection.execute("SELECT EXISTS (SELECT 1 FROM sessions)").fetchone()[0])


def day_span(log: SessionLog) -> tuple[date, date] | None:
    """The first and last day with a session, or None for an empty log."""
    first, last = log.connection.execute(
        # Bare MIN and MAX, each its own query, are answered from the index by SQLite.
        "SELECT (SELECT MIN(started_at) FROM sessions), (SELECT MAX(started_at) FROM sessions)"
    ).fetchone()
    if first is None:
        return None
    return date.fromisoformat(first[:10]), date.fromisoformat(last[:10])


def stats_filter(log: SessionLog, chosen: HistoryFilter) -> HistoryFilter:
    """`chosen`, with a day bound dropped when it takes in every session logged.

    The same sessions either way; but a bound makes SQLite walk the start-time index and
    look each row up, while the totals read every row anyway: one pass over the table is
    much faster for years of logs.
    """
    span = day_span(log)
    if span is None:
        return chosen
    first, last = span
    return replace(chosen,
                   since=None if chosen.since is None or chosen.since <= first else chosen.since,
                   until=None if chosen.until is None or chosen.until >= last else chosen.until)
