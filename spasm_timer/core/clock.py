"""The clock a session runs on: injected, so tests can drive time by hand.

A real session must keep counting while the laptop sleeps: a cold pack left on during a suspend
has still been on for that long. So the real clock counts suspend where the system offers such
a clock, and never follows wall-clock changes (daylight saving, NTP, the person fixing the time).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol

SOURCE_BOOTTIME = "CLOCK_BOOTTIME"
SOURCE_CLOCK_MONOTONIC = "CLOCK_MONOTONIC"
SOURCE_MONOTONIC = "monotonic"


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since some fixed moment; only differences mean anything."""
        ...


def _clock_gettime(clock_id: int) -> Callable[[], float]:
    def read() -> float:
        return time.clock_gettime(clock_id)

    read()  # fails here, at choice time, if the system does not offer this clock
    return read


def _pick_source(platform: str) -> tuple[str, Callable[[], float]]:
    # Linux: CLOCK_MONOTONIC stops during suspend, CLOCK_BOOTTIME does not.
    # macOS: CLOCK_MONOTONIC counts sleep (it is mach_continuous_time underneath).
    # Elsewhere (Windows): time.monotonic() is the best portable choice.
    candidates = []
    if platform.startswith("linux"):
        candidates.append((SOURCE_BOOTTIME, getattr(time, "CLOCK_BOOTTIME", None)))
    elif platform == "darwin":
        candidates.append((SOURCE_CLOCK_MONOTONIC, getattr(time, "CLOCK_MONOTONIC", None)))
    for name, clock_id in candidates:
        if clock_id is None or not hasattr(time, "clock_gettime"):
            continue
        try:
            return name, _clock_gettime(clock_id)
        except OSError:
            continue
    return SOURCE_MONOTONIC, time.monotonic


class MonotonicClock:
    """The system's monotonic clock that keeps counting through suspend, where there is one.

    `source` names the clock in use (`CLOCK_BOOTTIME`, `CLOCK_MONOTONIC` or `monotonic`), so a
    diagnostics screen or a bug report can say whether sleep is counted.
    """

    def __init__(self, platform: str | None = None) -> None:
        self.source, self._read = _pick_source(sys.platform if platform is None else platform)

    def now(self) -> float:
        return self._read()
