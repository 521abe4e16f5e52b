""""Stop the session?": the one question between a key and the end of a routine.

Space is the key the person presses for everything, so here it does nothing: only Enter or a
click on Stop stops; Esc, or closing the question, carries on. Neither button ever takes the
keyboard focus, so a stray Space can never "press" one. The timer keeps running while the
question is up, and the question says so: a hold or a heat pack goes on as planned.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import N_, _
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import set_role

QUESTION = N_("Stop this session?")
TIMER_NOTE = N_("The timer keeps running while you decide.")
KEYS_NOTE = N_("Enter stops. Esc carries on.")


class StopQuestion(QDialog):
    """Modal, not blocking: `accepted` when the person chose Stop, `rejected` otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stop_question")
        self.setWindowTitle(_("Stop the session?"))
        self.setModal(True)
        question = set_role(QLabel(_(QUESTION)), "title")
        question.setWordWrap(True)
        timer_note = QLabel(_(TIMER_NOTE))
        timer_note.setObjectName("timer_note")
        timer_note.setWordWrap(True)
        keys_note = set_role(QLabel(_(KEYS_NOTE)), "hint")
        keys_note.setWordWrap(True)
        self.keep_button = self._button(_("Keep going  Esc"), self.reject)
        self.stop_button = self._button(_("Stop  Enter"), self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(question)
        layout.addWidget(timer_note)
        layout.addWidget(keys_note)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        hint = self.sizeHint()
        fit_within_screen(self, max(560, hint.width()), hint.height())

    def _button(self, text: str, action: object) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must never press it
        button.setAutoDefault(False)
        button.clicked.connect(action)
        return button

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.accept()
        elif key == Qt.Key.Key_Escape:
            self.reject()
        else:
            event.accept()  # Space and the rest: nothing, and nothing behind either
