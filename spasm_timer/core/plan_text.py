"""A routine's plan as rows of text, minute by minute: `spasm-timer plan` prints them, and the
routine editor shows the same rows while the person types. The words are in the language in
use; the step's own title comes from the routine."""

from __future__ import annotations

from spasm_timer.core.durations import format_clock, format_seconds
from spasm_timer.core.guidance import kind_label
from spasm_timer.core.timeline import Segment, Timeline
from spasm_timer.i18n import N_, _, pgettext

# The columns' headings, translated where they are shown: see plan_header().
PLAN_HEADER = (N_("AT"), N_("WHAT"), N_("TIME"))


def plan_header() -> list[str]:
    """The headings of the plan's columns, in the language in use."""
    return [_(heading) for heading in PLAN_HEADER]


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


def side_label(side: str) -> str:
    """A side as the plan and the screen write it: "left", "right"."""
    if side == "left":
        return pgettext("side", "left")
    if side == "right":
        return pgettext("side", "right")
    return side


def segment_label(segment: Segment) -> str:
    side = f" ({side_label(segment.side)})" if segment.side else ""
    if segment.role == "lead_in":
        return _("get ready: {title}").format(title=segment.title) + side
    if segment.role == "rest":
        return "  " + pgettext("plan", "rest") + side
    count = f" {segment.repetition}/{segment.repetitions}" if segment.repetitions > 1 else ""
    return f"{segment.title} [{kind_label(segment.kind)}]{side}{count}"


def segment_time(segment: Segment) -> str:
    if segment.min_seconds == segment.max_seconds:
        return format_seconds(segment.seconds)
    return _("{time} (may end after {shortest})").format(
        time=format_seconds(segment.seconds), shortest=format_seconds(segment.min_seconds))
