"""What the report for a doctor or physiotherapist says, gathered from the log (no Qt).

One pass over the sessions of the period, oldest first, folded into plain numbers: the
period, the totals, sessions and minutes per ISO week, pain before and after per week, what
helps per routine and the sessions with notes. `ui/report_pdf.py` lays it out on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spasm_timer.i18n import N_
from spasm_timer.storage.log import SUMMARY_FIELDS, SessionLog

# Translated where the report shows it.
NOT_A_MEDICAL_DEVICE = N_(
    "Spasm Timer is a timer and a guide for self-massage, not a medical device. "
    "It does not diagnose or treat anything; these are the person's own records."
)


@dataclass
class Week:
    """One ISO week (`2026-W47`) with at least one session."""

    week: str
    first_day: date
    sessions: int = 0
    minutes: float = 0.0
    pain_before: list[int] = field(default_factory=list)
    pain_after: list[int] = field(default_factory=list)

    @property
    def average_before(self) -> float | None:
        return _average(self.pain_before)

    @property
    def average_after(self) -> float | None:
        return _average(self.pain_after)


@dataclass
class RoutineSummary:
    """How one routine went: how often, how long, and pain before and after it."""

    routine_id: str
    name: str
    sessions: int = 0
    completed: int = 0
    minutes: float = 0.0
    pain_before: list[int] = field(default_factory=list)
    pain_after: list[int] = field(default_factory=list)
    drops: list[int] = field(default_factory=list)  # before − after, sessions rated twice

    @property
    def average_before(self) -> float | None:
        return _average(self.pain_before)

    @property
    def average_after(self) -> float | None:
        return _average(self.pain_after)

    @property
    def average_drop(self) -> float | None:
        return _average(self.drops)


@dataclass(frozen=True)
class NotedSession:
    started_at: str
    routine_name: str
    status: str
    pain_before: int | None
    pain_after: int | None
    notes: str


@dataclass
class ReportData:
    """Everything the report shows, for sessions started from `since` to `until`."""

    since: date | None
    until: date | None
    first_day: date | None = None  # of the sessions actually found
    last_day: date | None = None
    sessions: int = 0
    minutes: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    weeks: list[Week] = field(default_factory=list)
    months: list[Week] = field(default_factory=list)  # the same numbers per calendar month
    years: list[Week] = field(default_factory=list)
    routines: list[RoutineSummary] = field(default_factory=list)
    noted: list[NotedSession] = field(default_factory=list)
    pain_points: list[tuple[str, int | None, int | None]] = field(default_factory=list)

    @property
    def period(self) -> tuple[date | None, date | None]:
        """The days covered: those asked for, or else those of the first and last session."""
        return (self.since or self.first_day, self.until or self.last_day)


# More weeks than this read better as months, and more months than this as years.
MAX_WEEKS_SHOWN = 104
MAX_MONTHS_SHOWN = 120


def periods(data: ReportData) -> tuple[str, list[Week]]:
    """The weeks, or for a long span the months or the years, with the word for them:
    ("week", data.weeks), ("month", data.months) or ("year", data.years)."""
    if len(data.weeks) <= MAX_WEEKS_SHOWN:
        return "week", data.weeks
    if len(data.months) <= MAX_MONTHS_SHOWN:
        return "month", data.months
    return "year", data.years


def _average(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def gather(log: SessionLog, since: date | None = None,
           until: date | None = None) -> ReportData:
    """Reads the sessions of the period from the log, oldest first."""
    return summarise(log.summary_rows(since=since, until=until, newest_first=False),
                     since, until)


def summarise(rows: Iterable[tuple[Any, ...]], since: date | None = None,
              until: date | None = None) -> ReportData:
    """Folds summary rows (SUMMARY_FIELDS, oldest first) into the report's numbers."""
    data = ReportData(since, until)
    periods: tuple[dict[str, Week], ...] = ({}, {}, {})  # weeks, months, years
    routines: dict[str, RoutineSummary] = {}
    for row in rows:
        session = dict(zip(SUMMARY_FIELDS, row, strict=True))
        _add_session(data, periods, routines, session)
    data.weeks, data.months, data.years = ([found[key] for key in sorted(found)]
                                           for found in periods)
    data.routines = sorted(routines.values(), key=lambda r: (-r.sessions, r.name.casefold()))
    return data


def _period_keys(day: date) -> tuple[tuple[str, date], ...]:
    """The day's ISO week, calendar month and year, each with its first day."""
    year, number, _ = day.isocalendar()
    return ((f"{year}-W{number:02d}", date.fromisocalendar(year, number, 1)),
            (f"{day.year}-{day.month:02d}", date(day.year, day.month, 1)),
            (str(day.year), date(day.year, 1, 1)))


def _add_session(data: ReportData, periods: tuple[dict[str, Week], ...],
                 routines: dict[str, RoutineSummary], session: dict[str, Any]) -> None:
    started: str = session["started_at"]
    day = date.fromisoformat(started[:10])
    data.first_day = data.first_day or day
    data.last_day = day
    minutes = (session["active_seconds"] or 0) / 60
    before, after = session["pain_before"], session["pain_after"]
    data.sessions += 1
    data.minutes += minutes
    data.statuses[session["status"]] = data.statuses.get(session["status"], 0) + 1

    buckets = []
    for found, (key, first) in zip(periods, _period_keys(day), strict=True):
        bucket = found.get(key) or found.setdefault(key, Week(key, first))
        bucket.sessions += 1
        bucket.minutes += minutes
        buckets.append(bucket)

    routine = routines.setdefault(session["routine_id"],
                                  RoutineSummary(session["routine_id"], session["routine_name"]))
    routine.name = session["routine_name"]  # the newest name is the one the person knows
    routine.sessions += 1
    routine.completed += session["status"] == "completed"
    routine.minutes += minutes
    for value, name in ((before, "pain_before"), (after, "pain_after")):
        if value is not None:
            for holder in (*buckets, routine):
                getattr(holder, name).append(value)
    if before is not None and after is not None:
        routine.drops.append(before - after)
    if before is not None or after is not None:
        data.pain_points.append((started, before, after))
    if session["notes"].strip():
        data.noted.append(NotedSession(started, session["routine_name"], session["status"],
                                       before, after, session["notes"].strip()))
