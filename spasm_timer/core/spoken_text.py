"""Sentences for the ear: milestones a screen reader announces, the time left on demand, a
step's instructions read aloud, and the reminder to ease off. Plain Python, no Qt."""

from __future__ import annotations

from spasm_timer.core.events import (
    COMPLETED,
    STOPPED,
    Halfway,
    SecondsLeft,
    SessionEnded,
    SessionEvent,
    StepEnded,
    StepStarted,
)
from spasm_timer.core.timeline import ROLE_LEAD_IN, Segment

# The kinds that press into the muscle: pain that sharpens there means pressing too hard.
EASE_OFF_KINDS = ("pressure", "trigger_point", "neuromuscular", "friction")
EASE_OFF_SENTENCE = "If the pain gets sharper, ease off."
# "Last seconds" is announced once, at this many seconds left, never each second.
LAST_SECONDS = 3


def duration_words(seconds: float) -> str:
    """12 → "12 seconds"; 90 → "1 minute 30 seconds"; 1 → "1 second"."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


def side_words(segment: Segment) -> str:
    return f", {segment.side} side" if segment.side else ""


def milestone_sentence(event: SessionEvent, steps_in_routine: int) -> str | None:
    """What a screen reader announces for this event, or None: never every second."""
    if isinstance(event, StepStarted):
        segment = event.segment
        return (f"Step {segment.step} of {steps_in_routine}: {segment.title}{side_words(segment)}, "
                f"{duration_words(event.planned_seconds)}")
    if isinstance(event, Halfway) and event.segment.is_step:
        return f"Halfway through {event.segment.title}"
    if isinstance(event, SecondsLeft) and event.seconds == LAST_SECONDS and event.segment.is_step:
        return f"{LAST_SECONDS} seconds left"
    if isinstance(event, StepEnded):
        ended = {COMPLETED: "done", STOPPED: "stopped"}.get(event.outcome, "skipped")
        return f"{event.segment.title} {ended}"
    if isinstance(event, SessionEnded):
        return "Session complete" if event.status == COMPLETED else "Session stopped"
    return None


def time_left_sentence(segment: Segment | None, seconds_left: float, paused: bool) -> str:
    """Spoken on demand (a key, a remote's button): how long this part still runs."""
    if segment is None:
        return "No session is running"
    what = ("until " + segment.title + " starts" if segment.role == ROLE_LEAD_IN
            else "left of " + segment.title if segment.is_step else "of rest left")
    sentence = f"{duration_words(seconds_left)} {what}"
    return sentence + ", paused" if paused else sentence


def instructions_sentence(segment: Segment) -> str:
    """Read during a step's get-ready, so the screen need not be read."""
    text = segment.instructions.strip()
    return text if text.endswith((".", "!", "?")) or not text else text + "."


def ease_off_reminder(segment: Segment) -> str | None:
    """For steps that press into the muscle, a short reminder; None for the others."""
    return EASE_OFF_SENTENCE if segment.step_kind in EASE_OFF_KINDS else None


def first_round_reminder(segment: Segment) -> str | None:
    """The ease-off reminder once per step, as its first round starts, not on every repeat."""
    first_side = segment.side in (None, "left")
    return ease_off_reminder(segment) if segment.repetition == 1 and first_side else None
