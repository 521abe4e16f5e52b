"""The most a session asks of the player's room: for each of its labels, the longest text its
lead-ins, its steps and its rests show there (each kind apart: a lead-in's long "Get ready:"
title never comes with a step's hint), and whether any has a side or a repetition.

The player is fitted once to these (`player_fit`), not to the step showing: its text size,
the picture or the words beside the digits, and the digits' box then hold for the whole
session, and the longest instruction is whole on screen like every other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from spasm_timer.core.durations import format_clock
from spasm_timer.core.routine import THERMAL_KINDS
from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, ROLE_STEP, Timeline
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
from spasm_timer.ui.ranged_step import range_hints
from spasm_timer.ui.theme import TEXT_POINTS

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

ROLES = (ROLE_LEAD_IN, ROLE_STEP, ROLE_REST)
# The states whose words the big button and the line above the digits show in a session
# (a session starts as it shows: "Press Space to start" is not among them).
BUTTON_STATES = (SessionState.READY, SessionState.RUNNING, SessionState.PAUSED)
BANNER_STATES = (SessionState.PAUSED,)


@dataclass(frozen=True)
class SessionTexts:
    """Every text each label of the player can show in one session, each once."""

    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    sides: tuple[str, ...]  # "" where a segment has no side
    banners: tuple[str, ...]  # the state's words and the ranged steps' hints
    repetitions: tuple[str, ...]  # "" where a segment has no repetition
    instructions: tuple[str, ...]
    nexts: tuple[str, ...]
    step_of: str
    thermal: bool  # the mini timer's button shows on some step
    longest_time: str  # the countdown at the start of the session's longest segment


def session_texts(timeline: Timeline) -> tuple[SessionTexts, ...]:
    """What the session's segments show, label by label (`PlayerView._show_segment`): for
    its lead-ins, its steps and its rests apart, since each shows its own kind of title,
    repetition and hint (measured together they would ask for more room than any shows)."""
    segments = timeline.segments
    steps = len(timeline.routine.steps)
    groups = []
    for role in ROLES:
        places = [index for index, segment in enumerate(segments) if segment.role == role]
        if not places:
            continue
        ones = [segments[index] for index in places]
        nexts = [segments[index + 1] if index + 1 < len(segments) else None
                 for index in places]
        banners = [banner_text(state) for state in BANNER_STATES]
        for segment in ones:
            banners.extend(range_hints(segment))
        groups.append(SessionTexts(
            kinds=_each_once(segment_kind_text(segment) for segment in ones),
            titles=_each_once(title_text(segment) for segment in ones),
            sides=_each_once(side_words(segment.side) for segment in ones),
            banners=_each_once(banners),
            repetitions=_each_once(repetition_text(segment) for segment in ones),
            instructions=_each_once(instructions_text(segment) for segment in ones),
            nexts=_each_once(next_text(segment) for segment in nexts),
            step_of=step_of_text(steps, steps),
            thermal=any(segment.step_kind in THERMAL_KINDS for segment in segments),
            longest_time=format_clock(max(segment.max_seconds for segment in segments))))
    return tuple(groups)


def _each_once(texts: Iterator[str] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(texts))


# Texts are compared at one size, whatever size the player shows now: the same texts then
# always make the same demand.
COMPARED_AT_POINTS = TEXT_POINTS["normal"]


@dataclass(frozen=True)
class Demand:
    """The text each label shows while the player is measured (by object name), and whether
    the mini timer's button shows."""

    texts: tuple[tuple[str, str], ...]
    thermal: bool


def most_demanding(view: PlayerView, texts: SessionTexts, hint: str = "") -> Demand:
    """For each label, the text of `texts` that takes the most room in it; `hint`, a line
    above the digits that none of the session's segments foresaw, counts too."""
    banners = (*texts.banners, hint)
    candidates: list[tuple[QWidget, tuple[str, ...]]] = [
        (view.kind_label, texts.kinds), (view.step_label, (texts.step_of,)),
        (view.title_label, texts.titles), (view.side_label, texts.sides),
        (view.banner_label, banners), (view.repetition_label, texts.repetitions),
        (view.instructions_label, texts.instructions), (view.next_label, texts.nexts),
        (view.primary_button, tuple(primary_label(state) for state in BUTTON_STATES)),
        (view.mute_button, (mute_label(False), mute_label(True)))]
    return Demand(tuple((widget.objectName(), longest(widget, options))
                        for widget, options in candidates), texts.thermal)


def longest(widget: QWidget, texts: tuple[str, ...]) -> str:
    """The text that takes the most room in `widget`'s font: wrapped, the most lines."""
    font = QFont(widget.font())
    font.setPointSizeF(COMPARED_AT_POINTS)
    return max(texts, key=QFontMetrics(font).horizontalAdvance, default="")


@contextmanager
def showing_most_demanding(view: PlayerView, demand: Demand) -> Iterator[None]:
    """The view shows the `demand`'s texts while the block measures it, and its own texts
    again after. Nothing is drawn in between: the block runs within one turn of the event
    loop."""
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
        for name, text in demand.texts:
            shown = widgets[name]
            shown.setText(text)
            if shown in hidden_when_empty:
                shown.setVisible(bool(text))
        view.mini_button.setVisible(demand.thermal)  # its words never change
        yield
    finally:
        for widget, text in saved:
            widget.setText(text)
        for hidden, visible in hidden_when_empty.items():
            hidden.setVisible(visible)
