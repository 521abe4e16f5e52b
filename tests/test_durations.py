"""Durations as people write them in routine files."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spasm_timer.core.durations import (
    Duration,
    DurationError,
    format_duration,
    format_seconds,
    parse_duration,
)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [(45, 45), ("45", 45), ("45s", 45), ("1m30s", 90), ("1m30", 90), ("2m", 120), ("1h", 3600),
     (" 30 s ", 30)],
)
def test_single_durations_read_as_seconds(written: object, seconds: int) -> None:
    assert parse_duration(written) == Duration.fixed(seconds)


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [("10-30s", 10, 30), ("15-20m", 900, 1200), ("10s-1m", 10, 60), ("1m-1m30s", 60, 90)],
)
def test_a_range_plans_its_upper_bound(written: str, low: int, high: int) -> None:
    assert parse_duration(written) == Duration(high, low, high)


def test_a_range_default_chooses_the_plan() -> None:
    assert parse_duration("15-20m", default="15m") == Duration(900, 900, 1200)


@pytest.mark.parametrize(
    ("written", "default", "reason"),
    [(0, None, "shorter than 1 s"), ("0s", None, "shorter than 1 s"), ("abc", None, "not a duration"),
     ("30-10s", None, "inverted"), ("1-2-3s", None, "not a range"), ("", None, "not a duration"),
     (True, None, "must be a number"), (1.5, None, "must be a number"),
     ("10-30s", "40s", "outside the range"), ("30s", "20s", "only goes with a range"),
     ("13h", None, "longer than 12 hours")],
)
def test_bad_durations_say_why(written: object, default: object, reason: str) -> None:
    with pytest.raises(DurationError, match=reason):
        parse_duration(written, default)


def test_error_messages_never_echo_a_huge_value() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("x" * 100_000)
    assert len(str(caught.value)) < 120


@given(st.integers(min_value=1, max_value=12 * 3600))
def test_any_whole_number_of_seconds_round_trips_through_minutes_text(seconds: int) -> None:
    minutes, rest = divmod(seconds, 60)
    assert parse_duration(f"{minutes}m{rest}s" if minutes else f"{rest}s").seconds == seconds


@given(st.integers(1, 3600), st.integers(0, 3600))
def test_ranges_always_plan_inside_their_bounds(low: int, extra: int) -> None:
    duration = parse_duration(f"{low}-{low + extra}s")
    assert duration.min_seconds <= duration.seconds <= duration.max_seconds


@given(st.text(max_size=40))
def test_any_text_either_reads_or_gives_a_duration_error(text: str) -> None:
    try:
        duration = parse_duration(text)
    except DurationError:
        return
    assert 1 <= duration.min_seconds <= duration.seconds <= duration.max_seconds


def test_times_read_naturally() -> None:
    assert format_seconds(45) == "45 s"
    assert format_seconds(90) == "1 min 30 s"
    assert format_seconds(900) == "15 min"
    assert format_duration(Duration(30, 15, 30)) == "15 s – 30 s"


def test_one_clock_for_countdowns_plans_and_the_history_table() -> None:
    from spasm_timer.core.durations import format_clock

    assert [format_clock(s) for s in (0, 59, 61, 3599, 3605)] == [
        "0:00", "0:59", "1:01", "59:59", "1:00:05"]
