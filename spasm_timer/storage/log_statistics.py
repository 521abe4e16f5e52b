"""Reading the log in bulk: the filters every reader shares, and what the history shows on
top of its table (totals, what helps, the charts), each a few aggregate queries.

`session_filters` is the one place that says which sessions a day range, a routine and a
status take in; the log's own reads and the history window's pages (`history_queries`) both
use it, so a page holds exactly the sessions a count counts.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from spasm_timer.storage.log_schema import ACTIVE_SECONDS_SQL, INTERRUPTED, STATUSES

# The weekly chart shows half a year of weeks: more bars are too thin to read from the sofa.
# The pain chart draws at most 300 points; a year of rated sessions is plenty to draw from.
# Both keep years of logs from costing more than one year does.
CHART_WEEKS = 26
CHART_RATED_SESSIONS = 365

Where = tuple[str, list[object]]


def as_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def session_filters(since: date | str | None, until: date | str | None,
                    routine_id: str | None, status: str | None) -> Where:
    """A WHERE clause over `sessions s` for whole local days (inclusive), a routine and a
    status, with its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    first_day, last_day = as_day(since), as_day(until)
    if first_day is not None:
        clauses.append("s.started_at >= ?")
        params.append(first_day.isoformat())
    if last_day is not None and last_day < date.max:  # up to date.max: no end at all
        clauses.append("s.started_at < ?")  # before the day after: the text starts with the day
        params.append((last_day + timedelta(days=1)).isoformat())
    if routine_id is not None:
        clauses.append("s.routine_id = ?")
        params.append(routine_id)
    if status == INTERRUPTED:
        clauses.append("s.status IS NULL")
    elif status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        clauses.append("s.status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def order_by(newest_first: bool) -> str:
    direction = "DESC" if newest_first else "ASC"
    # rowid breaks ties in the order sessions were written (an index on started_at holds it).
    return f" ORDER BY s.started_at {direction}, s.rowid {direction}"


def _and(where: str) -> str:
    return " AND " if where else " WHERE "


def totals(db: sqlite3.Connection, where: str, params: list[object]) -> dict[str, Any]:
    """Sessions, minutes and the day streak: what the history shows the moment it opens."""
    sessions, seconds = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM({ACTIVE_SECONDS_SQL}), 0) FROM sessions s" + where,
        params).fetchone()
    return {
        "sessions": sessions,
        "minutes": round(seconds / 60, 1),
        "day_streak": day_streak(db, where, params),
    }


def day_streak(db: sqlite3.Connection, where: str, params: list[object]) -> int:
    """Consecutive days with a session, ending on the newest session's day.

    Walks back from the newest day one index look-up per day, stopping at the first day
    without a session: a week's streak costs a few look-ups, not a pass over every day
    ever logged (and a streak of decades still costs less than numbering them all).
    """
    row = db.execute(
        "WITH RECURSIVE walk(day) AS (SELECT substr(MAX(s.started_at), 1, 10)"
        " FROM sessions s" + where + " UNION ALL SELECT date(walk.day, '-1 day') FROM walk"
        " WHERE EXISTS (SELECT 1 FROM sessions s" + where + _and(where)
        + "s.started_at >= date(walk.day, '-1 day') AND s.started_at < walk.day))"
        " SELECT COUNT(day) FROM walk", [*params, *params]).fetchone()
    return int(row[0])


def pain_drop_by_routine(db: sqlite3.Connection, where: str,
                         params: list[object]) -> list[dict[str, Any]]:
    """Average of before − after per routine, over sessions rated both times."""
    rows = db.execute(
        # One pass over the table (`+` keeps SQLite from walking the routine index and
        # looking each row up from there, twice as slow); the name is the newest one
        # logged, the one the person knows the routine by today.
        "SELECT g.routine_id, (SELECT n.routine_name FROM sessions n WHERE n.routine_id ="
        " g.routine_id ORDER BY n.started_at DESC LIMIT 1), g.rated, g.drop_ FROM"
        " (SELECT +s.routine_id AS routine_id, COUNT(*) AS rated,"
        " AVG(s.pain_before - s.pain_after) AS drop_ FROM sessions s" + where + _and(where)
        + "s.pain_before IS NOT NULL AND s.pain_after IS NOT NULL"
        " GROUP BY 1) g ORDER BY g.routine_id", params)
    return [{"routine_id": routine, "routine_name": name, "sessions": count,
             "average_drop": round(drop, 2)} for routine, name, count, drop in rows]


def sessions_per_week(db: sqlite3.Connection, where: str, params: list[object],
                      weeks: int = CHART_WEEKS) -> list[dict[str, Any]]:
    """Sessions per ISO week (`2026-W47`), the newest `weeks` weeks up to the newest
    session. SQL counts per day over that span only (the start-time index finds it);
    Python folds the days, at most a year of them, into ISO weeks."""
    newest = db.execute("SELECT MAX(s.started_at) FROM sessions s" + where,
                        params).fetchone()[0]
    if newest is None:
        return []
    newest_day = date.fromisoformat(newest[:10])
    first_monday = newest_day - timedelta(days=newest_day.weekday(), weeks=weeks - 1)
    rows = db.execute(
        "SELECT substr(s.started_at, 1, 10) AS day, COUNT(*) FROM sessions s" + where
        + _and(where) + "s.started_at >= ? GROUP BY day", [*params, first_monday.isoformat()])
    per_week: dict[str, int] = {}
    for day, count in rows:
        year, week, _ = date.fromisoformat(day).isocalendar()
        key = f"{year}-W{week:02d}"
        per_week[key] = per_week.get(key, 0) + count
    return [{"week": week, "sessions": per_week[week]} for week in sorted(per_week)]


def pain_series(db: sqlite3.Connection, where: str, params: list[object],
                limit: int = CHART_RATED_SESSIONS) -> list[dict[str, Any]]:
    """Pain before and after, oldest first, for the newest `limit` sessions rated at
    least once."""
    rows = db.execute(
        "SELECT s.started_at, s.routine_id, s.pain_before, s.pain_after FROM sessions s"
        + where + _and(where) + "(s.pain_before IS NOT NULL OR s.pain_after IS NOT NULL)"
        + order_by(newest_first=True) + " LIMIT ?", [*params, limit]).fetchall()
    rows.reverse()
    return [{"started_at": started, "routine_id": routine, "pain_before": before,
             "pain_after": after} for started, routine, before, after in rows]
