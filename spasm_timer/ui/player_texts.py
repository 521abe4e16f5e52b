"""What the player says about a segment: its kind, title, side, repetition and what comes next.

Plain functions of the timeline, shared by the player, the tray and the notifications.
"""

from __future__ import annotations

from typing import Any

from spasm_timer.core.durations import format_clock
from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, Segment
from spasm_timer.i18n import N_, _

KIND_WORDS = {
    "pressure": N_("Gentle pressure"),
    "circular": N_("Circular motions"),
    "trigger_point": N_("Trigger point hold"),
    "neuromuscular": N_("Changing pressure"),
    "stretch": N_("Stretch hold"),
    "heat": N_("Heat"),
    "cold": N_("Cold pack"),
    "effleurage": N_("Long strokes"),
    "petrissage": N_("Kneading"),
    "friction": N_("Friction"),
    "breathe": N_("Slow breathing"),
    "rest": N_("Rest"),
}
SIDE_WORDS = {"left": N_("◀ LEFT"), "right": N_("RIGHT ▶")}


def kind_words(kind: str) -> str:
    """The kind of a step as the player names it; a kind the app does not know, as written."""
    words = KIND_WORDS.get(kind)
    return _(words) if words else kind.replace("_", " ").capitalize()


def side_words(side: str | None) -> str:
    """The big LEFT / RIGHT beside the title, or "" for a step without sides."""
    words = SIDE_WORDS.get(side or "")
    return _(words) if words else ""


def with_side(title: str, side: str | None) -> str:
    """A step's title with its side, as a sentence names it: "Calf stretch (left side)"."""
    if side == "left":
        return _("{title} (left side)").format(title=title)
    if side == "right":
        return _("{title} (right side)").format(title=title)
    return title


def step_of_text(step: int, steps: int) -> str:
    return _("Step {step} of {steps}").format(step=step, steps=steps)


def segment_kind_text(segment: Segment) -> str:
    """The small line above the title: the kind of step, or Rest between rounds."""
    return _("Rest") if segment.role == ROLE_REST else kind_words(segment.step_kind)


def shown_title(segment: Segment) -> str:
    """The segment's title as shown: a rest between rounds is "Rest" in the language in use
    (the timeline names it in English, as the log does)."""
    return _("Rest") if segment.role == ROLE_REST else segment.title


def title_text(segment: Segment) -> str:
    if segment.role == ROLE_LEAD_IN:
        return _("Get ready: {step}").format(step=with_side(segment.title, segment.side))
    return shown_title(segment)


def repetition_text(segment: Segment) -> str:
    if segment.repetitions <= 1 or segment.role == ROLE_LEAD_IN:
        return ""
    if segment.role == ROLE_REST:
        return _("Rest after {repetition} of {repetitions}").format(
            repetition=segment.repetition, repetitions=segment.repetitions)
    return _("{repetition} of {repetitions}").format(
        repetition=segment.repetition, repetitions=segment.repetitions)


def instructions_text(segment: Segment) -> str:
    if segment.role == ROLE_REST:
        return _("Let go, and breathe slowly.")
    return segment.instructions


def next_text(following: Segment | None) -> str:
    if following is None:
        return _("Next: the end of the session")
    if following.role == ROLE_REST:
        return _("Next: rest {time}").format(time=format_clock(following.seconds))
    step = with_side(following.title, following.side)
    repetition = repetition_text(following)
    if repetition and following.role != ROLE_LEAD_IN:
        return _("Next: {step}, {repetition}").format(step=step, repetition=repetition)
    return _("Next: {step}").format(step=step)


BANNERS = {
    SessionState.READY: N_("Press Space to start"),
    SessionState.PAUSED: N_("PAUSED — Space to continue"),
    SessionState.FINISHED: N_("Session complete. Well done."),
    SessionState.STOPPED: N_("Session stopped"),
}
PRIMARY_LABELS = {SessionState.READY: N_("Start  Space"), SessionState.PAUSED: N_("Resume  Space")}
PAUSE_LABEL = N_("Pause  Space")


def banner_text(state: SessionState) -> str:
    """The line above the countdown that the state itself says, or "" (the step's hint)."""
    words = BANNERS.get(state)
    return _(words) if words else ""


def primary_label(state: SessionState) -> str:
    """The big button's words: Start, Pause or Resume, with its key."""
    return _(PRIMARY_LABELS.get(state, PAUSE_LABEL))


def mute_label(muted: bool) -> str:
    return _("Muted  M") if muted else _("Mute  M")


def set_text_if_new(label: Any, text: str) -> None:
    """Touch a widget only when its text really changes: no needless repaint."""
    if label.text() != text:
        label.setText(text)
