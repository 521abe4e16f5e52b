"""Carrying on an interrupted session: where to start again, and whether to offer it at all.

A crash, a flat battery or a closed lid leaves the newest session `interrupted`, its ended
steps logged. When the app starts again within `RESUME_WITHIN` of it, the person is offered to
carry on: the steps done stay, and the step that was cut short runs again from its start
(after its lead-in or rest, so there is a moment to get ready). Plain Python: the timeline and
the logged steps in, a segment index out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from spasm_timer.core.events import StepEnded
from spasm_timer.core.timeline import Segment, Timeline

RESUME_WITHIN = timedelta(hours=12)


def offer_due(last_start: datetime, now: datetime) -> bool:
    """An interrupted session is offered up to 12 hours after it (last) started; a start in
    the future means a clock that was changed, and is not trusted either."""
    return timedelta(0) <= now - last_start <= RESUME_WITHIN


def _key(segment: Segment) -> tuple[int, str | None, int]:
    return (segment.step, segment.side, segment.repetition)


def _logged_key(step: dict[str, Any]) -> tuple[int, str | None, int]:
    return (step["index"], step["side"], step["repetition"])


def _step_segments(timeline: Timeline) -> dict[tuple[int, str | None, int], int]:
    """Each step segment's (step, side, repetition) → its index in the timeline."""
    return {_key(segment): index for index, segment in enumerate(timeline.segments)
            if segment.is_step}


def matches(timeline: Timeline, logged: Sequence[dict[str, Any]]) -> bool:
    """Whether every logged step is a step of this timeline at the same place (step number,
    side, repetition) and of the same kind: the routine was not changed since, so carrying on
    means the same thing.

    Titles are not compared: they are in the language the app spoke when the step was logged,
    and the app may speak another one after the restart. The place and the kind are the same
    in every language."""
    places = _step_segments(timeline)
    for step in logged:
        index = places.get(_logged_key(step))
        if index is None or timeline.segments[index].kind != step["kind"]:
            return False
    return True


def cut_short_index(timeline: Timeline, logged: Sequence[dict[str, Any]]) -> int | None:
    """The step segment that was running when the session was cut short: the one after the
    last logged step. None when nothing is left, or the log does not fit this timeline.

    Going by the last logged step (not by counting them) keeps skipped steps and steps done
    twice (the person went back) from shifting the place.
    """
    if not matches(timeline, logged):
        return None
    segments = timeline.segments
    after = _step_segments(timeline)[_logged_key(logged[-1])] + 1 if logged else 0
    return next((index for index in range(after, len(segments)) if segments[index].is_step),
                None)


def resume_index(timeline: Timeline, logged: Sequence[dict[str, Any]]) -> int | None:
    """Where the carried-on session starts: the cut-short step, or its lead-in or the rest
    before it, to get ready. None when there is nothing to carry on."""
    cut = cut_short_index(timeline, logged)
    if cut is None:
        return None
    if cut > 0 and not timeline.segments[cut - 1].is_step:
        return cut - 1
    return cut


def logged_step_events(timeline: Timeline,
                       logged: Sequence[dict[str, Any]]) -> list[StepEnded]:
    """The logged steps as the StepEnded events they came from, for counting the whole
    session's steps at its end (see `matches`: call it on a fitting log only)."""
    places = _step_segments(timeline)
    events = []
    for step in logged:
        index = places[_logged_key(step)]
        events.append(StepEnded(index, timeline.segments[index], step["outcome"],
                                float(step["actual_seconds"])))
    return events
