"""Each limit sits exactly where the guidance and the docs put it: one second either side."""

from __future__ import annotations

import pytest

from spasm_timer.core.durations import DurationError, parse_duration
from spasm_timer.core.loader import RoutineFileError, load_routine_file

TWELVE_HOURS = 12 * 3600


def test_a_step_may_last_twelve_hours_and_not_a_second_more() -> None:
    assert parse_duration("720m").seconds == TWELVE_HOURS
    assert parse_duration(TWELVE_HOURS).seconds == TWELVE_HOURS
    with pytest.raises(DurationError, match="longer than 12 hours"):
        parse_duration("720m1s")
    with pytest.raises(DurationError, match="longer than 12 hours"):
        parse_duration(TWELVE_HOURS + 1)


def heat_step(duration: str) -> str:
    return ("name: Warm\narea: back\nsteps:\n"
            f"  - {{kind: heat, title: Warm pack, duration: {duration}}}\n")


def test_heat_is_capped_at_its_longest_not_at_its_planned_time(write_routine) -> None:  # type: ignore[no-untyped-def]
    """A range of 15-25 minutes planned at 15 may still be made to last 25: refused."""
    with pytest.raises(RoutineFileError) as raised:
        load_routine_file(write_routine(heat_step("{range: 15-25m, default: 15m}")))
    assert any("never last more than 20 minutes" in str(p) for p in raised.value.problems)
    routine = load_routine_file(write_routine(heat_step("{range: 15-20m, default: 15m}"),
                                              "ok.yaml"))
    assert routine.steps[0].duration.max_seconds == 20 * 60


def test_repeated_heat_counts_each_application_at_its_longest(write_routine) -> None:  # type: ignore[no-untyped-def]
    """Twice 8-12 minutes with 5 minutes between is one go of up to 24 minutes: refused,
    though at the planned 8 minutes each it would be 16."""
    text = ("name: Warm\narea: back\nsteps:\n  - {kind: heat, title: Warm pack, "
            "duration: {range: 8-12m, default: 8m}, repeat: 2, rest: 5m}\n")
    with pytest.raises(RoutineFileError) as raised:
        load_routine_file(write_routine(text))
    assert any("24 minutes of heat" in str(p) for p in raised.value.problems)


def test_twenty_minutes_of_heat_is_allowed_and_not_a_second_more(write_routine) -> None:  # type: ignore[no-untyped-def]
    assert load_routine_file(write_routine(heat_step("20m"))).steps[0].duration.seconds == 1200
    with pytest.raises(RoutineFileError) as raised:
        load_routine_file(write_routine(heat_step("20m1s"), "over.yaml"))
    assert any("never last more than 20 minutes" in str(p) for p in raised.value.problems)
