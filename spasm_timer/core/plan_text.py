"""A routine's plan as rows of text, minute by minute: `spasm-timer plan` prints them, and the
routine editor shows the same rows while the person types."""

from __future__ import annotations

from spasm_timer.core.durations import format_clock, format_seconds
from spasm_timer.core.timeline import Segment, Timeline

PLAN_HEADER = ("AT", "WHAT", "TIME")


def plan_rows(timeline: Timeline) -> list[list[str]]:
    """[at, what, time] for each segment.

    For example '0:05', 'Hold the knot [trigger_point] (left) 1/3', '30 s'.
    """
    rows, start = [], 0
    for segment in timeline.segments:
        rows.append([format_clock(start), segment_label(segment),
                     segment_time(segment)])
        start += segment.seconds
    return rows


def segment_label(segment: Segment) -> str:
    side = f" ({segment.side})" if segment.side else ""
    if segment.role == "lead_in":
        return f"get ready: {segment.title}{side}"
    if segment.role == "rest":
        return f"  rest{side}"
    count = f" {segment.repetition}/{segment.repetitions}" if segment.repetitions > 1 else ""
    return f"{segment.title} [{segment.kind}]{side}{count}"


def segment_time(segment: Segment) -> str:
    if segment.min_seconds == segment.max_seconds:
        return format_seconds(segment.seconds)
    return (f"{format_seconds(segment.seconds)} (may end after "
            f"{format_seconds(segment.min_seconds)})")
