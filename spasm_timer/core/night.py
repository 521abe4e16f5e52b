"""Night: when the app may switch to its dim, warm look on its own, and how much quieter its
cues are then. Plain Python: the hour comes from the caller."""

from __future__ import annotations

from datetime import time

NIGHT_STARTS = time(21, 0)
NIGHT_ENDS = time(7, 0)
# Cues at night play at this share of the chosen volume: a sleeping house, a partner in bed.
NIGHT_VOLUME_SHARE = 0.5


def is_night(now: time) -> bool:
    """From 9 p.m. up to 7 a.m."""
    return now >= NIGHT_STARTS or now < NIGHT_ENDS
