"""The chosen session in the history: its steps as a timeline, pain before and after, notes,
and delete. It writes ratings and notes to the log itself and asks the window (by signal) to
delete or to show the change in the table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QFocusEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import _
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.accessibility import buddy_label
from spasm_timer.ui.end_screen import NOTE_SAVE_DELAY_MS
from spasm_timer.ui.history_model import format_active, session_summary, step_label
from spasm_timer.ui.theme import set_role


class StepTimeline(QWidget):
    """One horizontal bar per step: the planned time as an outline, the time actually spent
    filled in. A skipped step is hatched and says "skipped", a stopped one says "stopped"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps: list[dict[str, Any]] = []

    def set_steps(self, steps: list[dict[str, Any]]) -> None:
        self.steps = steps
        self.setMinimumHeight(self._row_height() * max(1, len(steps)) + 4)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        # The label on its own line above the bar: "left" or "round 2" is never cut off.
        return int(self.fontMetrics().height() * 2.6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.steps:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            # Wrapped, as the German sentence is wider than the panel.
            painter.drawText(self.rect(),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("No steps were logged for this session."))
            return
        # Room for the longest text right of a bar: a stopped step's "10:00 / 10:00  stopped"
        # ("detenido", "abgebrochen" are longer than the English).
        metrics = self.fontMetrics()
        times_width = max(metrics.horizontalAdvance("10:00 / 10:00  " + _("stopped")),
                          metrics.horizontalAdvance(_("skipped"))) + 16
        bar_room = max(40, self.width() - times_width)
        longest = max(max(s["planned_seconds"], s["actual_seconds"]) for s in self.steps) or 1
        for number, step in enumerate(self.steps):
            self._paint_row(painter, step, number * self._row_height(), bar_room / longest)
        painter.end()

    def _paint_row(self, painter: QPainter, step: dict[str, Any], top: int,
                   pixels_per_second: float) -> None:
        palette = self.palette()
        line = self.fontMetrics().height()
        text = palette.color(QPalette.ColorRole.WindowText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        skipped = step["outcome"] == "skipped"
        label = step_label(step)
        painter.setPen(muted if skipped else text)
        painter.drawText(QRectF(0, top, self.width(), line),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                       self.width()))
        bar_top, bar_height = top + line * 1.25, line * 0.8
        planned = QRectF(1, bar_top, max(2.0, step["planned_seconds"] * pixels_per_second),
                         bar_height)
        actual_width = step["actual_seconds"] * pixels_per_second
        if skipped:  # an empty, hatched outline: planned, not done
            painter.setPen(QPen(muted, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(muted, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(planned, 5, 5)
        else:  # the planned outline, filled as far as the person went
            painter.setPen(QPen(muted, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(planned, 5, 5)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(1, bar_top, actual_width, bar_height), 5, 5)
        times = (_("skipped") if skipped else
                 f"{format_active(step['actual_seconds'])} / "
                 f"{format_active(step['planned_seconds'])}"
                 + ("  " + _("stopped") if step["outcome"] == "stopped" else ""))
        right = max(planned.right(), actual_width) + 10
        painter.setPen(muted if skipped else text)
        painter.drawText(QRectF(right, bar_top - line * 0.3, self.width() - right, line * 1.4),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, times)


class PainChoice(QComboBox):
    """Pain 0-10, or "not rated": a person may not have rated it, and may leave it so."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(_("Not rated"), None)
        hints = {0: _("{pain} — none"), 10: _("{pain} — worst")}
        for value in range(11):
            self.addItem(hints.get(value, "{pain}").format(pain=value), value)

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(0 if value is None else value + 1)


class NotesEdit(QPlainTextEdit):
    """Notes that tell their owner when the person leaves them, so they are saved then."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class SessionDetail(QWidget):
    """One session: what was done step by step, the pain ratings and notes (saved at once),
    and Delete. Emits `changed` after a rating is saved, `delete_requested` for Delete."""

    changed = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, log: SessionLog, parent: QWidget | None = None):
        super().__init__(parent)
        self._log = log
        self.session: dict[str, Any] | None = None
        self._loading = False
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self.save_notes)
        self._build()
        self.show_session(None)

    def _build(self) -> None:
        self.heading = set_role(QLabel(), "subtitle")
        self.heading.setWordWrap(True)
        self.summary = set_role(QLabel(), "hint")
        self.summary.setWordWrap(True)
        self.timeline = StepTimeline()
        scroller = QScrollArea()
        scroller.setWidget(self.timeline)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.pain_before, self.pain_after = PainChoice(), PainChoice()
        self.pain_before.currentIndexChanged.connect(lambda: self._save_pain("pain_before"))
        self.pain_after.currentIndexChanged.connect(lambda: self._save_pain("pain_after"))
        self.notes = NotesEdit()
        self.notes.setPlaceholderText(_("How did it feel? What did you notice?"))
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.notes.textChanged.connect(self._notes_typed)
        self.notes.left.connect(self.save_notes)
        self.delete_button = QPushButton(_("Delete session…"))
        self.delete_button.clicked.connect(self._ask_delete)

        # One rating a row: side by side they made this pane wide enough to squeeze the
        # routine names out of the table.
        ratings = QGridLayout()
        ratings.setHorizontalSpacing(12)
        for row, (label, choice) in enumerate(((_("Pain before"), self.pain_before),
                                               (_("Pain after"), self.pain_after))):
            ratings.addWidget(buddy_label(label, choice), row, 0)
            ratings.addWidget(choice, row, 1)
        ratings.setColumnStretch(2, 1)
        # Delete sits right of the ratings, so the routine's name above has the pane's whole
        # width; on a row of its own below them when a longer language or the largest text
        # would make that row wider than the pane.
        ratings.addWidget(self.delete_button, 2, 0, 1, 4, alignment=Qt.AlignmentFlag.AlignRight)

        self.placeholder = set_role(QLabel(_("Choose a session to see its steps.")),
                                    "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addWidget(self.heading)
        body.addWidget(self.summary)
        body.addWidget(scroller, stretch=1)
        body.addLayout(ratings)
        body.addWidget(buddy_label(_("Notes"), self.notes))
        body.addWidget(self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body)

    def show_session(self, session: dict[str, Any] | None) -> None:
        """Shows a session (a `SessionLog.session()` dict), or the hint when None."""
        self.save_notes()  # what was typed for the previous session is not lost
        self.session = session
        self.placeholder.setVisible(session is None)
        self.body.setVisible(session is not None)
        if session is None:
            return
        self._loading = True
        self.heading.setText(session["routine_name"])
        self.summary.setText(session_summary(session))
        self.timeline.set_steps(session["steps"])
        self.pain_before.set_value(session["pain_before"])
        self.pain_after.set_value(session["pain_after"])
        self.notes.setPlainText(session["notes"])
        self._loading = False

    def _save_pain(self, field: str) -> None:
        if self._loading or self.session is None:
            return
        value = (self.pain_before if field == "pain_before" else self.pain_after).value()
        if field == "pain_before":
            self._log.update_session(self.session["id"], pain_before=value)
        else:
            self._log.update_session(self.session["id"], pain_after=value)
        self.session[field] = value
        self.changed.emit(self.session["id"])

    def _notes_typed(self) -> None:
        if not self._loading:
            self._notes_timer.start()

    def save_notes(self) -> None:
        """Writes the notes if they changed; runs on idle, focus-out and switching session."""
        self._notes_timer.stop()
        if self.session is None or self.notes.toPlainText() == self.session["notes"]:
            return
        text = self.notes.toPlainText()
        self._log.update_session(self.session["id"], notes=text)
        self.session["notes"] = text

    def _ask_delete(self) -> None:
        if self.session is not None:
            self.delete_requested.emit(self.session["id"])
