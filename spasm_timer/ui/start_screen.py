"""The start screen: what a routine will ask of the person, its safety notes, a pain rating, Start.

Start is one big button and one key (Space or Enter), because hands may already be oily.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import Duration, format_seconds
from spasm_timer.core.red_flags import unsaid_red_flags
from spasm_timer.core.routine import Routine, Step
from spasm_timer.core.timeline import Timeline
from spasm_timer.i18n import _, ngettext
from spasm_timer.ui.button_row import ButtonRow
from spasm_timer.ui.library_view import area_label
from spasm_timer.ui.theme import set_role

PAIN_MAX = 10
# "1" then "0" typed within this many seconds is a rating of 10, not 0.
TEN_TYPED_WITHIN = 1.0


def duration_text(duration: Duration) -> str:
    """'30 s', '1 min 30 s', and ranges that read naturally: '15–30 s', '15–20 min'."""
    low, high = duration.min_seconds, duration.max_seconds
    if low == high:
        return format_seconds(duration.seconds)
    if high < 60:
        return f"{low}–{high} s"
    if low % 60 == 0 and high % 60 == 0:
        return f"{low // 60}–{high // 60} min"
    return f"{format_seconds(low)} – {format_seconds(high)}"


def step_line(number: int, step: Step) -> str:
    """'1. Breathe out slowly — 30 s' or '2. Draw the toes toward you — 15–30 s, 3 times, both
    sides'."""
    parts = [duration_text(step.duration)]
    if step.repeat > 1:
        parts.append(ngettext("{count} time", "{count} times", step.repeat).format(
            count=step.repeat))
    if step.sides == "both":
        parts.append(_("both sides"))
    elif step.sides == "left":
        parts.append(_("left side"))
    elif step.sides == "right":
        parts.append(_("right side"))
    return _("{number}. {title} — {details}").format(
        number=number, title=step.title, details=", ".join(parts))


class PainRating(QWidget):
    """0 to 10 as eleven toggle buttons, plus Skip. `rating` is None when skipped or not given."""

    changed = Signal(object)  # int | None

    def __init__(self, question: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = set_role(QLabel(question), "subtitle")
        self.question.setWordWrap(True)
        # A plain list, not a QButtonGroup: Tab treats a group's checkable buttons as one stop
        # and skipped 1 to 10. A second press on the chosen number clears it.
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(6)
        for value in range(PAIN_MAX + 1):
            button = set_role(QPushButton(str(value)), "rating")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAccessibleName(_("pain {value} of 10").format(value=value))
            button.clicked.connect(lambda _=False, v=value: self._clicked(v))
            self.buttons.append(button)
            row.addWidget(button)
        self.skip = QPushButton(_("Skip"))
        self.skip.setObjectName("pain_skip")
        self.skip.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.skip.clicked.connect(lambda: self.set_rating(None))
        row.addStretch(1)
        # Skip sits under the numbers, so the row stays narrow enough for huge text.
        scale = set_role(QLabel(_("0 = no pain, 10 = worst imaginable. Optional.")), "hint")
        scale.setWordWrap(True)  # a longer language wraps it, not the whole screen wider
        below = QHBoxLayout()
        below.addWidget(scale)
        below.addSpacing(12)
        below.addWidget(self.skip)
        below.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addLayout(row)
        layout.addLayout(below)
        self._rating: int | None = None
        self._one_typed_at = float("-inf")  # when "1" was last typed: "1", "0" makes 10

    @property
    def rating(self) -> int | None:
        return self._rating

    def set_rating(self, value: int | None) -> None:
        for number, button in enumerate(self.buttons):
            button.setChecked(number == value)
        if value != self._rating:
            self._rating = value
            self.changed.emit(value)

    def _clicked(self, value: int) -> None:
        self.set_rating(None if value == self._rating else value)

    def type_digit(self, digit: int) -> None:
        """A digit key: 0 to 9, and "1" then "0" in quick succession is 10."""
        now = time.monotonic()
        if digit == 0 and self._rating == 1 and now - self._one_typed_at <= TEN_TYPED_WITHIN:
            self.set_rating(PAIN_MAX)
        else:
            self.set_rating(digit)
        self._one_typed_at = now if digit == 1 else float("-inf")


class StartScreen(QWidget):
    """Shows one routine before it runs.

    Emits `start_requested(pain_before)` and `back_requested`.
    """

    start_requested = Signal(object)  # int | None
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.routine: Routine | None = None
        self.title = set_role(QLabel(), "title")
        self.title.setWordWrap(True)
        self.area = set_role(QLabel(), "badge")
        self.total = set_role(QLabel(), "subtitle")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.steps = set_role(QLabel(), "list")
        self.steps.setObjectName("steps")
        self.steps.setWordWrap(True)
        self.safety_box = set_role(QFrame(), "safety")
        self.safety = set_role(QLabel(), "list")
        self.safety.setObjectName("safety_notes")
        self.safety.setWordWrap(True)
        safety_layout = QVBoxLayout(self.safety_box)
        safety_layout.setContentsMargins(16, 10, 16, 10)
        safety_layout.addWidget(self.safety)
        self.pain = PainRating(_("How much does it hurt right now?"))
        self.back_button = QPushButton(_("← Back  (Esc)"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        self.start_button = set_role(QPushButton(_("Start  (Space)")), "primary")
        self.start_button.setObjectName("start")
        self.start_button.setToolTip(_("Space or Enter starts"))
        self.start_button.clicked.connect(self.request_start)
        self.setLayout(self._layout())
        self._add_keys()

    def _layout(self) -> QVBoxLayout:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.area, 0, Qt.AlignmentFlag.AlignVCenter)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 12, 0)
        body_layout.setSpacing(12)
        body_layout.addWidget(self.description)
        body_layout.addWidget(self.total)
        body_layout.addWidget(self.steps)
        body_layout.addWidget(self.safety_box)
        body_layout.addStretch(1)
        # In the scrolling part too: on a short screen at a large text size, Start stays in view.
        body_layout.addWidget(self.pain)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        buttons = ButtonRow([self.back_button], self.start_button)
        layout = QVBoxLayout()
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(14)
        layout.addLayout(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        return layout

    def _add_keys(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self.request_start, context=context)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back_requested.emit, context=context)
        for value in range(10):
            QShortcut(QKeySequence(str(value)), self, lambda v=value: self.pain.type_digit(v),
                      context=context)

    def show_routine(self, routine: Routine, timeline: Timeline) -> None:
        """Fills the screen for a routine; the pain rating starts empty each time."""
        self.routine = routine
        self.title.setText(routine.name)
        self.area.setText(area_label(routine.area))
        self.description.setText(routine.description)
        self.description.setVisible(bool(routine.description))
        steps = len(routine.steps)
        self.total.setText(ngettext("About {time} in all, {count} step",
                                    "About {time} in all, {count} steps", steps).format(
            time=format_seconds(timeline.total_seconds), count=steps))
        self.steps.setText("\n".join(step_line(n, step) for n, step in
                                     enumerate(routine.steps, start=1)))
        # The red flags of its area that its notes leave out: to read, never to tick.
        notes = [*routine.safety, *(flag.text for flag in unsaid_red_flags(routine))]
        self.safety.setText(_("Take care:") + "\n" + "\n".join(f"•  {note}" for note in notes))
        self.safety_box.setVisible(bool(notes))
        self.pain.set_rating(None)
        self.start_button.setFocus()

    def request_start(self) -> None:
        if self.routine is not None:
            self.start_requested.emit(self.pain.rating)
