"""The bedtime reminder's schedule on a wall clock moved by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from spasm_timer.core.reminder import (
    ReminderClock,
    ReminderSchedule,
    format_days,
    parse_days,
    parse_time,
)

# 2026-11-30 is a Monday.
MONDAY_EVENING = datetime(2026, 11, 30, 20, 0)
WEEKDAYS = frozenset(range(5))


class WallClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def _schedule(at: str = "21:30", days: frozenset[int] = WEEKDAYS) -> ReminderSchedule:
    moment = parse_time(at)
    assert moment is not None
    return ReminderSchedule(moment, days, "night-calf-cramps")


def test_times_and_days_are_read_strictly() -> None:
    assert parse_time("21:30") == time(21, 30) and parse_time("7:05") == time(7, 5)
    assert parse_time("25:00") is None and parse_time("21.30") is None and parse_time("") is None
    assert parse_days("mon, Wed,fri,xyz") == frozenset({0, 2, 4})
    assert format_days(frozenset({6, 0})) == "mon,sun"
    assert ReminderSchedule.from_settings(True, "21:30", "", "x") is None  # no day
    assert ReminderSchedule.from_settings(False, "21:30", "mon", "x") is None
    assert ReminderSchedule.from_settings(True, "9 pm", "mon", "x") is None


def test_next_due_skips_days_not_chosen() -> None:
    schedule = _schedule(days=frozenset({0, 4}))  # Monday and Friday
    assert schedule.next_due(MONDAY_EVENING) == datetime(2026, 11, 30, 21, 30)
    assert schedule.next_due(datetime(2026, 11, 30, 21, 30)) == datetime(2026, 12, 4, 21, 30)
    assert schedule.last_due(datetime(2026, 12, 3, 12, 0)) == datetime(2026, 11, 30, 21, 30)


def test_the_reminder_comes_once_at_its_time() -> None:
    clock = WallClock(MONDAY_EVENING)
    reminder = ReminderClock(_schedule(), clock)
    assert reminder.check() is None
    assert reminder.seconds_to_next() == 300  # never sleeps longer than five minutes
    clock.advance(minutes=89, seconds=59)
    assert reminder.check() is None
    assert reminder.seconds_to_next() == pytest.approx(1)
    clock.advance(seconds=1)
    assert reminder.check() == datetime(2026, 11, 30, 21, 30)
    clock.advance(seconds=5)
    assert reminder.check() is None  # once
    clock.advance(hours=23, minutes=59)
    assert reminder.check() is None  # the next is Tuesday 21:30
    clock.moment = datetime(2026, 12, 1, 21, 30, 2)
    assert reminder.check() == datetime(2026, 12, 1, 21, 30)


def test_missed_reminders_are_not_stacked_up() -> None:
    clock = WallClock(MONDAY_EVENING)
    reminder = ReminderClock(_schedule(days=frozenset(range(7))), clock)
    clock.advance(days=3, minutes=100)  # asleep through four due moments; woke 10 min late
    assert reminder.check() == datetime(2026, 12, 3, 21, 30)
    assert reminder.check() is None


def test_a_reminder_missed_by_more_than_half_an_hour_is_dropped() -> None:
    clock = WallClock(MONDAY_EVENING)
    reminder = ReminderClock(_schedule(), clock)
    clock.moment = datetime(2026, 12, 1, 7, 30)  # the lid was closed all night
    assert reminder.check() is None
    clock.moment = datetime(2026, 12, 1, 21, 30)
    assert reminder.check() is not None


def test_a_new_schedule_or_a_clock_set_back_fires_nothing_old() -> None:
    clock = WallClock(datetime(2026, 11, 30, 21, 40))
    reminder = ReminderClock(None, clock)
    reminder.set_schedule(_schedule())  # set at 21:40 for 21:30: not at once
    assert reminder.check() is None
    clock.moment = datetime(2026, 11, 30, 21, 0)  # clock set back
    assert reminder.check() is None
    clock.moment = datetime(2026, 11, 30, 21, 35)
    assert reminder.check() is None  # 21:30 was already looked past
    reminder.set_schedule(None)
    clock.advance(days=1)
    assert reminder.check() is None
