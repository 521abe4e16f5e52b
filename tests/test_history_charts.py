"""What the history's charts draw: week labels, and pain as weekly averages when long."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from spasm_timer.ui.history_charts import PAIN_POINTS_EACH, week_labels, weekly_pain


def test_every_week_is_labelled_by_its_monday_when_few() -> None:
    mondays = [date(2026, 11, 2) + timedelta(weeks=n) for n in range(4)]
    assert week_labels(mondays) == [("2 Nov", 0), ("9 Nov", 1), ("16 Nov", 2), ("23 Nov", 3)]


def test_many_weeks_are_labelled_every_few_bars_and_never_crowded() -> None:
    mondays = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(26)]
    labels = week_labels(mondays)
    assert 3 <= len(labels) <= 6  # "11 May" needs about four bars of room
    assert labels[0] == ("5 Jan", 0)
    steps = {b - a for (_, a), (_, b) in itertools.pairwise(labels)}
    assert len(steps) == 1  # evenly spaced


def rated(day: date, before: int | None, after: int | None) -> dict[str, object]:
    return {"started_at": f"{day.isoformat()}T21:00:00.000+01:00", "routine_id": "calf",
            "pain_before": before, "pain_after": after}


def test_pain_of_hundreds_of_sessions_becomes_one_point_a_week() -> None:
    first = date(2025, 12, 1)  # a Monday
    rows = [rated(first + timedelta(days=n // 2), 6 + n % 2, 2) for n in range(400)]
    weekly = weekly_pain(rows)
    assert len(rows) > PAIN_POINTS_EACH
    assert len(weekly) == 29  # 200 days
    assert weekly[0] == {"started_at": "2025-12-01", "pain_before": 6.5, "pain_after": 2.0}


def test_a_week_rated_only_before_has_no_after_point() -> None:
    weekly = weekly_pain([rated(date(2026, 11, 3), 7, None)])
    assert weekly == [{"started_at": "2026-11-02", "pain_before": 7.0, "pain_after": None}]
