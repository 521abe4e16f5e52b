"""Sentences for the ear: what the voice says during a session (the next step, the side, the
last seconds, the end), milestones a screen reader announces, the time left on demand, a
step's instructions read aloud, and the reminder to ease off. Plain Python, no Qt.

Every sentence is translated when it is said (spasm_timer.i18n), in the language in use; the
tables here hold English marked with N_() only.
"""

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
from spasm_timer.i18n import N_, _, ngettext, pgettext

# The kinds that press into the muscle: pain that sharpens there means pressing too hard.
EASE_OFF_KINDS = ("pressure", "trigger_point", "neuromuscular", "friction")
EASE_OFF_SENTENCE = N_("If the pain gets sharper, ease off.")
# "Last seconds" is announced once, at this many seconds left, never each second.
LAST_SECONDS = 3
# The voice says how long is left once, at this many seconds left on a step.
SPOKEN_SECONDS_LEFT = 10
OVERSLEPT_SENTENCE = N_("Time is up. The step ended while the computer was asleep. Paused.")
HALFWAY_SENTENCE = N_("Halfway")
SKIN_CHECK_SENTENCE = N_("Check your skin")
SESSION_DONE_SENTENCE = N_("Session complete. Well done.")


def duration_words(seconds: float) -> str:
    """12 → "12 seconds"; 90 → "1 minute 30 seconds"; 1 → "1 second"."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    minute_words = ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
    second_words = ngettext("{count} second", "{count} seconds", rest).format(count=rest)
    if minutes and rest:
        return pgettext("spoken time: minutes, then seconds", "{minutes} {seconds}").format(
            minutes=minute_words, seconds=second_words)
    return minute_words if minutes else second_words


def side_words(side: str | None) -> str:
    """How the voice names a side: "left side"; empty for a step without sides."""
    if side == "left":
        return pgettext("spoken", "left side")
    if side == "right":
        return pgettext("spoken", "right side")
    return ""


def lead_in_sentence(title: str, side: str | None) -> str:
    """What is said while the person gets ready: the step, and which side."""
    if side:
        return _("Next: {title}, {side}. Get ready.").format(title=title, side=side_words(side))
    return _("Next: {title}. Get ready.").format(title=title)


def side_switch_sentence(side: str) -> str:
    """Said as the step moves to the other limb."""
    if side == "left":
        return _("Switch to the left side")
    return _("Switch to the right side")


def seconds_left_sentence(seconds: int) -> str:
    """"10 seconds left", said once near a step's end."""
    return ngettext("{count} second left", "{count} seconds left", seconds).format(
        count=seconds)


def milestone_sentence(event: SessionEvent, steps_in_routine: int) -> str | None:
    """What a screen reader announces for this event, or None: never every second."""
    if isinstance(event, StepStarted):
        segment = event.segment
        words = {"step": segment.step, "steps": steps_in_routine, "title": segment.title,
                 "duration": duration_words(event.planned_seconds)}
        if segment.side:
            return _("Step {step} of {steps}: {title}, {side}, {duration}").format(
                side=side_words(segment.side), **words)
        return _("Step {step} of {steps}: {title}, {duration}").format(**words)
    if isinstance(event, Halfway) and event.segment.is_step:
        return _("Halfway through {title}").format(title=event.segment.title)
    if isinstance(event, SecondsLeft) and event.seconds == LAST_SECONDS and event.segment.is_step:
        return seconds_left_sentence(LAST_SECONDS)
    if isinstance(event, StepEnded):
        title = event.segment.title
        if event.outcome == COMPLETED:
            return _("{title} done").format(title=title)
        if event.outcome == STOPPED:
            return _("{title} stopped").format(title=title)
        return _("{title} skipped").format(title=title)
    if isinstance(event, SessionEnded):
        return _("Session complete") if event.status == COMPLETED else _("Session stopped")
    return None


def time_left_sentence(segment: Segment | None, seconds_left: float, paused: bool) -> str:
    """Spoken on demand (a key, a remote's button): how long this part still runs."""
    if segment is None:
        return _("No session is running")
    duration = duration_words(seconds_left)
    if segment.role == ROLE_LEAD_IN:
        sentence = _("{duration} until {title} starts").format(duration=duration,
                                                               title=segment.title)
    elif segment.is_step:
        sentence = _("{duration} left of {title}").format(duration=duration, title=segment.title)
    else:
        sentence = _("{duration} of rest left").format(duration=duration)
    return _("{sentence}, paused").format(sentence=sentence) if paused else sentence


def instructions_sentence(segment: Segment) -> str:
    """Read during a step's get-ready, so the screen need not be read."""
    text = segment.instructions.strip()
    return text if text.endswith((".", "!", "?")) or not text else text + "."


def ease_off_reminder(segment: Segment) -> str | None:
    """For steps that press into the muscle, a short reminder; None for the others."""
    return _(EASE_OFF_SENTENCE) if segment.step_kind in EASE_OFF_KINDS else None


def first_round_reminder(segment: Segment) -> str | None:
    """The ease-off reminder once per step, as its first round starts, not on every repeat."""
    first_side = segment.side in (None, "left")
    return ease_off_reminder(segment) if segment.repetition == 1 and first_side else None
