"""The real clock counts suspend and ignores wall-clock changes; the fake one is exact."""

from __future__ import annotations

import sys
import time

import pytest
from fakes import FakeClock

from spasm_timer.core.clock import (
    SOURCE_BOOTTIME,
    SOURCE_CLOCK_MONOTONIC,
    SOURCE_MONOTONIC,
    Clock,
    MonotonicClock,
)


def test_the_clock_of_this_system_is_picked_by_platform() -> None:
    clock = MonotonicClock()
    if sys.platform.startswith("linux"):
        assert clock.source == SOURCE_BOOTTIME
    elif sys.platform == "darwin":
        assert clock.source == SOURCE_CLOCK_MONOTONIC
    else:
        assert clock.source == SOURCE_MONOTONIC


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="needs CLOCK_BOOTTIME")
def test_linux_reads_boottime_which_counts_suspend() -> None:
    clock = MonotonicClock(platform="linux")
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = clock.now()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert before <= reading <= after


@pytest.mark.skipif(not hasattr(time, "clock_gettime"), reason="needs clock_gettime")
def test_macos_reads_clock_monotonic() -> None:
    clock = MonotonicClock(platform="darwin")
    assert clock.source == SOURCE_CLOCK_MONOTONIC
    before = time.clock_gettime(time.CLOCK_MONOTONIC)
    assert before <= clock.now() <= time.clock_gettime(time.CLOCK_MONOTONIC)


def test_other_systems_fall_back_to_time_monotonic() -> None:
    clock = MonotonicClock(platform="win32")
    assert clock.source == SOURCE_MONOTONIC
    before = time.monotonic()
    assert before <= clock.now() <= time.monotonic()


def test_a_clock_the_system_refuses_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(clock_id: int) -> float:
        raise OSError("no such clock")

    monkeypatch.setattr(time, "clock_gettime", refuse)
    clock = MonotonicClock(platform="linux")
    assert clock.source == SOURCE_MONOTONIC


def test_readings_never_go_back() -> None:
    clock = MonotonicClock()
    readings = [clock.now() for _ in range(1000)]
    assert readings == sorted(readings)


def test_wall_clock_changes_do_not_move_it(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = MonotonicClock()
    before = clock.now()
    # The person sets the system time back a day (or NTP does): nothing the clock reads moves.
    monkeypatch.setattr(time, "time", lambda: 0.0)
    monkeypatch.setattr(time, "time_ns", lambda: 0)
    after = clock.now()
    assert 0 <= after - before < 1.0


def test_real_and_fake_clocks_both_satisfy_the_protocol() -> None:
    clocks: list[Clock] = [MonotonicClock(), FakeClock()]
    assert all(isinstance(clock.now(), float) for clock in clocks)


def test_fake_clock_counts_whole_milliseconds_exactly() -> None:
    clock = FakeClock(start=0.0)
    for _ in range(1000):
        clock.advance(0.001)
    assert clock.now() == 1.0
    assert clock.set(2.5) == 2.5
    assert clock.advance(0.25) == 2.75


def test_fake_clock_never_goes_back() -> None:
    clock = FakeClock(start=10.0)
    with pytest.raises(ValueError, match="never goes back"):
        clock.set(9.0)
    with pytest.raises(ValueError, match="never goes back"):
        clock.advance(-1)
