"""The end screen: what the person did, an optional pain rating and note, one prevention tip.

The session is already in the log before this screen asks anything; the rating and note are
saved the moment they change, so closing the window loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import format_seconds
from spasm_timer.i18n import N_, _, ngettext
from spasm_timer.os_errors import problem_text
from spasm_timer.storage.log_schema import MAX_NOTES_CHARS
from spasm_timer.ui.button_row import ButtonRow
from spasm_timer.ui.start_screen import PainRating
from spasm_timer.ui.theme import set_role

# Prevention, in our own words; one per session, in turn.
TIPS = (
    N_("Drink enough through the day. Muscles cramp more easily when you are short of water."),
    N_("Warm up and stretch gently before exercise, and again afterwards."),
    N_("Give tired muscles a rest. Cramps like to follow a long, hard day."),
    N_("Eat foods rich in potassium, calcium and magnesium: bananas, yoghurt, nuts, "
       "leafy greens."),
    N_("A short, gentle calf stretch before bed is part of the usual self-care for night "
       "cramps."),
)

# Keyed by the log's status values, which stay English.
STATUS_TEXT = {
    "completed": N_("Routine complete. Well done."),
    "stopped": N_("Stopped early. That is fine: stop whenever you need to."),
}

# A note is saved after the person pauses typing this long, and at once when the screen hides;
# the history's notes too.
NOTE_SAVE_DELAY_MS = 600


@dataclass(frozen=True)
class SessionSummary:
    """What the end screen reports about one finished session."""

    routine_name: str
    status: str
    active_seconds: float
    steps_done: int  # the routine's steps, as the start screen counts them (see StepTally)
    steps_skipped: int
    steps_planned: int
    session_id: str | None = None


SaveFunction = Callable[..., None]  # save(session_id, pain_after=..., notes=...)


class EndScreen(QWidget):
    """After a session. Emits `again_requested` and `library_requested`."""

    again_requested = Signal()
    library_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: SessionSummary | None = None
        self.save: SaveFunction | None = None
        self.save_error: str | None = None
        self._saved_text: Callable[[], str] | None = None
        self._tip_index = -1
        self.status = set_role(QLabel(), "title")
        self.status.setWordWrap(True)
        self.details = set_role(QLabel(), "subtitle")
        self.details.setObjectName("done_details")
        self.details.setWordWrap(True)
        self.pain = PainRating(_("How much does it hurt now?"))
        self.pain.changed.connect(self._pain_changed)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("A note for yourself (optional), e.g. what helped"))
        self.note.setMaxLength(MAX_NOTES_CHARS)
        self.note.setAccessibleName(_("Note"))
        self.note.setAccessibleDescription(_("A note for yourself about this session, optional"))
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.note.textEdited.connect(lambda _: self._note_timer.start())
        self.saved_hint = set_role(QLabel(), "hint")
        self.tip_box = set_role(QFrame(), "notice")
        self.tip = QLabel()
        self.tip.setObjectName("tip")
        self.tip.setWordWrap(True)
        tip_layout = QVBoxLayout(self.tip_box)
        tip_layout.setContentsMargins(16, 10, 16, 10)
        tip_layout.addWidget(self.tip)
        self.again_button = QPushButton(_("↻ Again  (A)"))
        self.again_button.setObjectName("again")
        self.again_button.clicked.connect(self.again_requested)
        self.library_button = set_role(QPushButton(_("Library  (Esc)")), "primary")
        self.library_button.setObjectName("library")
        self.library_button.clicked.connect(self.library_requested)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setLayout(self._layout())
        self._add_keys()

    def _layout(self) -> QVBoxLayout:
        buttons = ButtonRow([self.again_button], self.library_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 16, 32, 0)
        layout.setSpacing(16)
        layout.addWidget(self.status)
        layout.addWidget(self.details)
        layout.addSpacing(8)
        layout.addWidget(self.pain)
        layout.addWidget(self.note)
        layout.addWidget(self.saved_hint)
        layout.addStretch(1)
        layout.addWidget(self.tip_box)
        # On a short screen at a large text size the content scrolls; the buttons stay in view.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 16)
        outer.addWidget(scroll, 1)
        buttons.setContentsMargins(32, 0, 32, 0)
        outer.addWidget(buttons)
        return outer

    def _add_keys(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        # Letters and digits: the note box takes them first while it has focus.
        QShortcut(QKeySequence("A"), self, self.again_requested.emit, context=context)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.library_requested.emit,
                  context=context)
        for value in range(10):
            QShortcut(QKeySequence(str(value)), self, lambda v=value: self.pain.type_digit(v),
                      context=context)

    def show_summary(self, summary: SessionSummary, save: SaveFunction | None,
                     log_problem: str | None = None,
                     saved_text: Callable[[], str] | None = None) -> None:
        """Fills the screen; `save` is None when the session could not be logged.
        `saved_text()` says where the session is: saved, or still waiting to be."""
        self.save = None  # so clearing the previous rating saves nothing
        self.pain.set_rating(None)
        self.summary, self.save, self.save_error = summary, save, None
        self._saved_text = saved_text
        status = STATUS_TEXT.get(summary.status)
        self.status.setText(_(status) if status else _("Session {status}.").format(
            status=summary.status))
        self.details.setText(self._details_text(summary))
        self.note.clear()
        can_save = save is not None and summary.session_id is not None
        self.pain.setEnabled(can_save)
        self.note.setEnabled(can_save)
        if not can_save:
            self._saved_text = None
            self.saved_hint.setText(
                _("This session could not be saved. {problem}").format(
                    problem=log_problem or "").strip())
        self.refresh_saved()
        self._tip_index = (self._tip_index + 1) % len(TIPS)
        self.tip.setText(_("Tip: {tip}").format(tip=_(TIPS[self._tip_index])))
        # The screen itself has the focus, not a button: the Space pressed out of habit after
        # a session must not leave the pain rating unseen. Esc or a click goes to the library.
        self.setFocus()

    @staticmethod
    def _details_text(summary: SessionSummary) -> str:
        planned, done, skipped = summary.steps_planned, summary.steps_done, summary.steps_skipped
        if skipped:
            steps = ngettext("{done} of {planned} step done, {skipped} skipped",
                             "{done} of {planned} steps done, {skipped} skipped", planned)
        else:
            steps = ngettext("{done} of {planned} step done", "{done} of {planned} steps done",
                             planned)
        return (f"{summary.routine_name} · {format_seconds(summary.active_seconds)}\n"
                + steps.format(done=done, planned=planned, skipped=skipped))

    def _pain_changed(self, value: int | None) -> None:
        self._save(pain_after=value)

    def save_note(self) -> None:
        self._note_timer.stop()
        self._save(notes=self.note.text().strip())

    def _save(self, **values: object) -> None:
        if self.save is None or self.summary is None or self.summary.session_id is None:
            return
        try:
            self.save(self.summary.session_id, **values)
        except Exception as error:  # noqa: BLE001 — any storage failure: say so, keep going
            self.save_error = str(error)
            self.saved_hint.setText(_("Could not save this: {error}").format(
                error=problem_text(error)))
        else:
            self.refresh_saved()

    def refresh_saved(self) -> None:
        """Says whether the session is in the log yet (the log writer may still be waiting
        for it), unless a failed save is what the person needs to read."""
        if self._saved_text is not None and self.save_error is None:
            self.saved_hint.setText(self._saved_text())
        elif self._saved_text is None and self.save is not None and self.save_error is None:
            self.saved_hint.setText(_("Saved in your history."))

    def flush(self) -> None:
        """Saves a note still waiting for its typing pause (window closing, screen leaving)."""
        if self._note_timer.isActive():
            self.save_note()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.flush()
        super().hideEvent(event)
