"""What the player says about a segment: its kind, title, side, repetition and what comes next.

Plain functions of the timeline, shared by the player, the tray and the notifications.
"""

from __future__ import annotations

from typing import Any

from spasm_timer.core.durations import format_clock
from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, Segment

KIND_WORDS = {
    "pressure": "Gentle pressure",
    "circular": "Circular motions",
    "trigger_point": "Trigger point hold",
    "neuromuscular": "Changing pressure",
    "stretch": "Stretch hold",
    "heat": "Heat",
    "cold": "Cold pack",
    "effleurage": "Long strokes",
    "petrissage": "Kneading",
    "friction": "Friction",
    "breathe": "Slow breathing",
    "rest": "Rest",
}
SIDE_WORDS = {"left": "◀ LEFT", "right": "RIGHT ▶"}

def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " ").capitalize())


def side_phrase(segment: Segment) -> str:
    return f" ({segment.side} side)" if segment.side else ""


def title_text(segment: Segment) -> str:
    if segment.role == ROLE_LEAD_IN:
        return f"Get ready: {segment.title}{side_phrase(segment)}"
    return segment.title


def repetition_text(segment: Segment) -> str:
    if segment.repetitions <= 1 or segment.role == ROLE_LEAD_IN:
        return ""
    if segment.role == ROLE_REST:
        return f"Rest after {segment.repetition} of {segment.repetitions}"
    return f"{segment.repetition} of {segment.repetitions}"


def instructions_text(segment: Segment) -> str:
    if segment.role == ROLE_REST:
        return "Let go, and breathe slowly."
    return segment.instructions


def next_text(following: Segment | None) -> str:
    if following is None:
        return "Next: the end of the session"
    if following.role == ROLE_REST:
        return f"Next: rest {format_clock(following.seconds)}"
    if following.role == ROLE_LEAD_IN:
        return f"Next: {following.title}{side_phrase(following)}"
    repetition = repetition_text(following)
    return f"Next: {following.title}{side_phrase(following)}" + (
        f", {repetition}" if repetition else "")


BANNERS = {
    SessionState.READY: "Press Space to start",
    SessionState.PAUSED: "PAUSED — Space to continue",
    SessionState.FINISHED: "Session complete. Well done.",
    SessionState.STOPPED: "Session stopped",
}
PRIMARY_LABELS = {SessionState.READY: "Start  Space", SessionState.PAUSED: "Resume  Space"}


def set_text_if_new(label: Any, text: str) -> None:
    """Touch a widget only when its text really changes: no needless repaint."""
    if label.text() != text:
        label.setText(text)
