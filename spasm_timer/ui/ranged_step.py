"""What the player says about a ranged step ("15-30 s"): when Done becomes possible, read on
the countdown itself, where the step's bar marks it, and why +10 s is off at the top.

The person reads one clock, the countdown: so "Done from 0:15" names the time left at which
Enter starts to work, not the time gone by.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from spasm_timer.core.durations import format_clock
from spasm_timer.core.routine import THERMAL_KINDS, THERMAL_MAX_SECONDS
from spasm_timer.core.timeline import Segment
from spasm_timer.i18n import _, ngettext


def is_ranged(segment: Segment | None) -> bool:
    return segment is not None and segment.is_step and segment.min_seconds != segment.max_seconds


def step_length(driver: Any) -> float:
    """The step's whole length as it now stands (+10 s lengthens it)."""
    return float(driver.segment_elapsed() + driver.remaining())


def done_from(driver: Any) -> int | None:
    """The time left on the countdown from which Done works, or None for a fixed step."""
    segment = driver.segment
    if not is_ranged(segment):
        return None
    return max(0, round(step_length(driver) - segment.min_seconds))


def done_mark(driver: Any) -> float | None:
    """Where on the step's bar (0..1) Done becomes possible, or None."""
    segment, length = driver.segment, step_length(driver)
    if not is_ranged(segment) or length <= 0:
        return None
    return min(1.0, segment.min_seconds / length)


def range_hint(driver: Any) -> str:
    """The line under the countdown on a ranged step: when, or that, Enter ends it."""
    if driver.is_over or not is_ranged(driver.segment):
        return ""
    if driver.can_end_early():
        return _ready_hint()
    return _done_from_hint(done_from(driver) or 0)


def range_hints(segment: Segment) -> tuple[str, ...]:
    """The lines `range_hint` can show on this segment, before +10 s (the player is fitted
    to the longest, so that its text keeps one size from step to step)."""
    if not is_ranged(segment):
        return ()
    return _ready_hint(), _done_from_hint(segment.max_seconds - segment.min_seconds)


def _ready_hint() -> str:
    return _("Enter ends this hold whenever you are ready")


def _done_from_hint(seconds: int) -> str:
    return _("Done (Enter) from {time} on the clock").format(time=format_clock(seconds))


def refused_done_text(segment: Segment | None) -> str:
    """Why Enter did nothing on a step that runs its full time; "" on a ranged step, whose
    own hint says from when Enter works (`range_hint`)."""
    return "" if is_ranged(segment) else _("This step runs its full time")


def refused_extend_text(segment: Segment | None) -> str:
    """Why +10 s did nothing: the range's top, or the 20-minute limit for heat and cold."""
    if segment is None:
        return ""
    if segment.is_step and segment.kind in THERMAL_KINDS:
        minutes = THERMAL_MAX_SECONDS // 60
        return ngettext("Heat and cold stop at {minutes} minute at most, for your skin: "
                        "+10 s is off",
                        "Heat and cold stop at {minutes} minutes at most, for your skin: "
                        "+10 s is off", minutes).format(minutes=minutes)
    if is_ranged(segment):
        return _("This hold is at its longest ({time}): +10 s is off").format(
            time=format_clock(segment.max_seconds))
    return ""


class DoneMark(QWidget):
    """A short upright line on the step's bar where Done becomes possible."""

    def __init__(self, bar: QWidget) -> None:
        super().__init__(bar)
        self.bar = bar
        self.fraction: float | None = None
        self.colour = QColor("#000000")
        self.hide()

    def show_at(self, fraction: float | None, colour: str) -> None:
        if fraction == self.fraction and QColor(colour) == self.colour and \
                self.geometry() == self.bar.rect():
            return  # nothing changed: no repaint
        self.fraction, self.colour = fraction, QColor(colour)
        self.setVisible(fraction is not None)
        self.setGeometry(self.bar.rect())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.fraction is None:
            return
        x = round(self.fraction * (self.width() - 1))
        painter = QPainter(self)
        painter.setPen(QPen(self.colour, 3))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.end()
