"""The most a session asks of the player's room: for each of its labels, the texts its
lead-ins, its steps and its rests show there (each kind apart: a lead-in's long "Get ready:"
title never comes with a step's hint), and whether any has a side or a repetition.

The player is fitted once to these (`player_fit`), not to the step showing: its text size,
the picture or the words beside the digits, and the digits' box then hold for the whole
session, and the longest instruction is whole on screen like every other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from spasm_timer.core.durations import MAX_SECONDS, format_clock
from spasm_timer.core.routine import THERMAL_KINDS, THERMAL_MAX_SECONDS
from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, ROLE_STEP, Segment, Timeline
from spasm_timer.ui.player_texts import (
    banner_text,
    instructions_text,
    mute_label,
    next_text,
    primary_label,
    repetition_text,
    segment_kind_text,
    side_words,
    step_of_text,
    title_text,
)
from spasm_timer.ui.ranged_step import (
    is_ranged,
    range_hints,
    refused_done_text,
    refused_extend_text,
)

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

ROLES = (ROLE_LEAD_IN, ROLE_STEP, ROLE_REST)
# The states whose words the big button and the line above the digits show in a session
# (a session starts as it shows: "Press Space to start" is not among them).
BUTTON_STATES = (SessionState.READY, SessionState.RUNNING, SessionState.PAUSED)
BANNER_STATES = (SessionState.PAUSED,)
# How much +10 s the digits are sized for (`_longest_reachable`): six presses.
FORESEEN_EXTENSION_S = 60


@dataclass(frozen=True)
class RoleTexts:
    """Every text each label of the player can show on one kind of segment, each once."""

    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    sides: tuple[str, ...]  # "" where a segment has no side
    banners: tuple[str, ...]  # the state's words, the ranged steps' and refused keys' hints
    repetitions: tuple[str, ...]  # "" where a segment has no repetition
    instructions: tuple[str, ...]
    nexts: tuple[str, ...]


@dataclass(frozen=True)
class SessionTexts:
    """What one session shows: its lead-ins', steps' and rests' texts, and what holds for
    all of them."""

    roles: tuple[RoleTexts, ...]
    step_of: str
    thermal: bool  # the mini timer's button shows on some step
    longest_time: str  # the longest the countdown can show (`_longest_reachable`)


def session_texts(timeline: Timeline) -> SessionTexts:
    """What the session's segments show, label by label (`PlayerView._show_segment`): for
    its lead-ins, its steps and its rests apart, since each shows its own kind of title,
    repetition and hint (measured together they would ask for more room than any shows)."""
    segments = timeline.segments
    steps = len(timeline.routine.steps)
    roles = []
    for role in ROLES:
        places = [index for index, segment in enumerate(segments) if segment.role == role]
        if not places:
            continue
        ones = [segments[index] for index in places]
        nexts = [segments[index + 1] if index + 1 < len(segments) else None
                 for index in places]
        roles.append(RoleTexts(
            kinds=_each_once(segment_kind_text(segment) for segment in ones),
            titles=_each_once(title_text(segment) for segment in ones),
            sides=_each_once(side_words(segment.side) for segment in ones),
            banners=_each_once(_banners(ones)),
            repetitions=_each_once(repetition_text(segment) for segment in ones),
            instructions=_each_once(instructions_text(segment) for segment in ones),
            nexts=_each_once(next_text(segment) for segment in nexts)))
    return SessionTexts(
        roles=tuple(roles),
        step_of=step_of_text(steps, steps),
        thermal=any(segment.step_kind in THERMAL_KINDS for segment in segments),
        longest_time=format_clock(max((_longest_reachable(segment) for segment in segments),
                                      default=0)))


def _longest_reachable(segment: Segment) -> int:
    """The longest time this segment's countdown is foreseen to show: a ranged step's
    longest; any other part after a minute of +10 s presses (heat and cold within their
    limit). The digits are sized for it from the start, so a step near 9:59 that runs on
    into 10:05 keeps their size. Sizing every session for two-digit minutes instead would
    cost the words beside the digits their room on a short screen."""
    if is_ranged(segment):
        return segment.max_seconds
    cap = THERMAL_MAX_SECONDS if segment.is_step and segment.kind in THERMAL_KINDS \
        else MAX_SECONDS
    return max(segment.max_seconds, min(cap, segment.max_seconds + FORESEEN_EXTENSION_S))


def _banners(segments: list[Segment]) -> Iterator[str]:
    """Every line these segments can show above the digits: the state's words, a ranged
    step's hints, and why + or Enter did nothing (a hint never resizes the player)."""
    for state in BANNER_STATES:
        yield banner_text(state)
    for segment in segments:
        yield from range_hints(segment)
        yield refused_extend_text(segment)
        yield refused_done_text(segment)


def _each_once(texts: Iterator[str] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


@dataclass(frozen=True)
class Demand:
    """The texts each label may show while the player is measured (by object name): the
    one of them that takes the most room is shown (`showing_most_demanding`); and whether
    the mini timer's button shows."""

    texts: tuple[tuple[str, tuple[str, ...]], ...]
    thermal: bool


def most_demanding(view: PlayerView, session: SessionTexts, texts: RoleTexts) -> Demand:
    """What each label may show on one kind of segment of the `session`."""
    candidates: list[tuple[QWidget, tuple[str, ...]]] = [
        (view.kind_label, texts.kinds), (view.step_label, (session.step_of,)),
        (view.title_label, texts.titles), (view.side_label, texts.sides),
        (view.banner_label, texts.banners), (view.repetition_label, texts.repetitions),
        (view.instructions_label, texts.instructions), (view.next_label, texts.nexts),
        (view.primary_button, tuple(primary_label(state) for state in BUTTON_STATES)),
        (view.mute_button, (mute_label(False), mute_label(True)))]
    return Demand(tuple((widget.objectName(), options) for widget, options in candidates),
                  session.thermal)


def widest(widget: QWidget, texts: tuple[str, ...]) -> str:
    """The text that is widest on one line in `widget`'s font."""
    return max(texts, key=QFontMetrics(widget.font()).horizontalAdvance, default="")


def tallest(label: QLabel, texts: tuple[str, ...]) -> str:
    """The text that is tallest wrapped at `label`'s width: a text of many short lines is
    narrow but may be taller than one long line."""
    metrics = QFontMetrics(label.font())
    room = QRect(0, 0, max(1, label.contentsRect().width()), 1_000_000)
    flags = int(Qt.TextFlag.TextWordWrap)
    return max(texts, key=lambda text: (metrics.boundingRect(room, flags, text).height(),
                                        metrics.horizontalAdvance(text)), default="")


@contextmanager
def showing_most_demanding(view: PlayerView, demand: Demand,
                           lay_out: Callable[[], object]) -> Iterator[None]:
    """The view shows the `demand`'s texts while the block measures it, and its own texts
    again after: on each label the widest; then, once `lay_out` has given each label its
    width, on a wrapped one the tallest there. Nothing is drawn in between: the block runs
    within one turn of the event loop."""
    widgets: dict[str, QLabel | QPushButton] = {
        widget.objectName(): widget for widget in (
            view.kind_label, view.step_label, view.title_label, view.side_label,
            view.banner_label, view.repetition_label, view.instructions_label,
            view.next_label, view.primary_button, view.mute_button)}
    # These hide when empty: each shows if any segment shows it.
    hidden_when_empty: dict[QWidget, bool] = {
        widget: widget.isVisibleTo(view)
        for widget in (view.side_label, view.repetition_label, view.mini_button)}
    saved = [(widget, widget.text()) for widget in widgets.values()]
    try:
        for name, texts in demand.texts:
            shown = widgets[name]
            shown.setText(widest(shown, texts))
            if shown in hidden_when_empty:
                shown.setVisible(any(texts))
        view.mini_button.setVisible(demand.thermal)  # its words never change
        lay_out()
        for name, texts in demand.texts:
            shown = widgets[name]
            if isinstance(shown, QLabel) and shown.wordWrap() and len(texts) > 1:
                shown.setText(tallest(shown, texts))
        yield
    finally:
        for widget, text in saved:
            widget.setText(text)
        for hidden, visible in hidden_when_empty.items():
            hidden.setVisible(visible)
