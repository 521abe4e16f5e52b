"""The bedtime reminder's schedule: a time of day, the days of the week, a routine. Plain Python.

Stretching and massage before bed are the usual self-care for night-time calf cramps, so the
app can remind the person at a set time. The schedule runs on the wall clock (the person means
"21:30 where I am"), passed in as a function so tests move it by hand.

A reminder is given once per due moment. A computer that slept or was off through one or more
due moments gives at most one reminder when it wakes, and only if the last missed one is less
than `LATE_GRACE` old: a bedtime reminder at breakfast helps nobody, and a pile of them even
less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIME = "21:30"
DEFAULT_DAYS = ",".join(DAY_NAMES)
DEFAULT_ROUTINE = "night-calf-cramps"  # the bundled "Bedtime calf routine"
LATE_GRACE = timedelta(minutes=30)


def parse_time(text: str) -> time | None:
    """'21:30' (24-hour, HH:MM) → time; None for anything else."""
    try:
        hours, minutes = text.strip().split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            return None
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def parse_days(text: str) -> frozenset[int]:
    """'mon,wed,fri' → {0, 2, 4} (Monday is 0); unknown names are left out."""
    names = {name.strip().lower()[:3] for name in text.split(",")}
    return frozenset(number for number, name in enumerate(DAY_NAMES) if name in names)


def format_days(days: frozenset[int]) -> str:
    return ",".join(DAY_NAMES[number] for number in sorted(days))


@dataclass(frozen=True)
class ReminderSchedule:
    """When to remind: `at` on each weekday in `days` (Monday 0), of `routine_id`."""

    at: time
    days: frozenset[int]
    routine_id: str

    @classmethod
    def from_settings(cls, on: bool, at: str, days: str, routine_id: str
                      ) -> ReminderSchedule | None:
        """The schedule the settings describe, or None when the reminder is off or cannot
        be used (no valid time, no day)."""
        moment, weekdays = parse_time(at), parse_days(days)
        if not on or moment is None or not weekdays or not routine_id:
            return None
        return cls(moment, weekdays, routine_id)

    def next_due(self, after: datetime) -> datetime:
        """The first due moment strictly after `after` (wall-clock times, naive local)."""
        day = after.date()
        for offset in range(8):
            candidate = datetime.combine(day + timedelta(days=offset), self.at, after.tzinfo)
            if candidate > after and candidate.weekday() in self.days:
                return candidate
        raise AssertionError("a schedule with at least one day is due within a week")

    def last_due(self, upto: datetime) -> datetime:
        """The latest due moment at or before `upto`."""
        day = upto.date()
        for offset in range(8):
            candidate = datetime.combine(day - timedelta(days=offset), self.at, upto.tzinfo)
            if candidate <= upto and candidate.weekday() in self.days:
                return candidate
        raise AssertionError("a schedule with at least one day was due within a week")


class ReminderClock:
    """Decides, each time it is asked, whether a reminder is due now.

    `check()` returns the due moment to remind of (once), or None. It remembers the moment it
    last looked, so every due moment passed since is seen, but only the newest one can fire,
    and only within LATE_GRACE of it. Changing the schedule starts from now: setting the
    reminder to a time just gone does not fire it.
    """

    def __init__(self, schedule: ReminderSchedule | None, now: Callable[[], datetime]) -> None:
        self._now = now
        self.schedule = schedule
        self._looked = now()

    def set_schedule(self, schedule: ReminderSchedule | None) -> None:
        self.schedule = schedule
        self._looked = self._now()

    def check(self) -> datetime | None:
        now = self._now()
        looked, self._looked = self._looked, max(self._looked, now)
        if self.schedule is None or now <= looked:
            return None  # off, or the clock was set back: nothing new is due
        due = self.schedule.last_due(now)
        if due <= looked or now - due > LATE_GRACE:
            return None
        return due

    def seconds_to_next(self, longest: float = 300.0) -> float:
        """How long the caller may sleep before asking again: until the next due moment, but
        never longer than `longest`, since the wall clock can jump (a trip, a clock change)."""
        if self.schedule is None:
            return longest
        now = self._now()
        return max(0.0, min(longest, (self.schedule.next_due(now) - now).total_seconds()))
