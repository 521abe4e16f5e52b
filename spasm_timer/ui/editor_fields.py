"""Pieces the routine editor's forms share: a field with its problem shown right beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import _
from spasm_timer.ui.accessibility import without_mnemonic
from spasm_timer.ui.theme import set_role

SPACING = 2


class PlainTextField(QPlainTextEdit):
    """Several lines of text in which Tab moves on, as in every other field, and which holds
    no more than `limit` characters (in each line, with `per_line`: one safety note a line),
    the loader's limit for the field, so what the editor lets through always loads."""

    def __init__(self, limit: int, per_line: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.limit = limit
        self.per_line = per_line
        self.setTabChangesFocus(True)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.textChanged.connect(self._keep_within_limit)

    def _keep_within_limit(self) -> None:
        if not self._over_limit():
            return
        # As a line edit does at its maximum length: what was just typed or pasted, before the
        # cursor, is not taken past the limit ...
        cursor = self.textCursor()
        over = (cursor.block().length() - 1 if self.per_line
                else len(self.toPlainText())) - self.limit
        if over > 0:
            cursor.movePosition(QTextCursor.MoveOperation.Left,
                                QTextCursor.MoveMode.KeepAnchor, over)
            cursor.removeSelectedText()
        if self._over_limit():  # ... and a note pasted in the middle of others is cut short
            kept = "\n".join(part[:self.limit] for part in self._parts())
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(kept)

    def _parts(self) -> list[str]:
        text = self.toPlainText()
        return text.split("\n") if self.per_line else [text]

    def _over_limit(self) -> bool:
        return any(len(part) > self.limit for part in self._parts())


class FieldProblems(QWidget):
    """What the loader (errors) and the guidance (warnings) say about one field, in their
    words; hidden when there is nothing to say."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"problems_{name}")
        self.error = QLabel()
        set_role(self.error, "safety")
        self.error.setObjectName(f"error_{name}")
        self.warning = QLabel()
        set_role(self.warning, "notice")
        self.warning.setObjectName(f"warning_{name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        for label in (self.error, self.warning):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setContentsMargins(8, 2, 8, 2)
            layout.addWidget(label)
        self.show_problems([], [])

    def show_problems(self, errors: list[str], warnings: list[str]) -> None:
        self.error.setText("\n".join(f"✗ {message}" for message in errors))
        self.error.setVisible(bool(errors))
        self.warning.setText("\n".join(_("Guidance: {warning}. You may keep it.").format(
            warning=message) for message in warnings))
        self.warning.setVisible(bool(warnings))
        self.setVisible(bool(errors or warnings))
        self._fit_heights()  # a new text may need more lines than the old one at this width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_heights()

    def _fit_heights(self) -> None:
        # A wrapped label asks for the height of its narrowest width; give it what its text
        # needs at the width it has: no less (a longer language must not be cut) and no more
        # (a one-line warning in a box three lines high).
        needed = []
        for label in (self.error, self.warning):
            height = max(label.heightForWidth(self.width()), 1)
            label.setMaximumHeight(height)
            label.setMinimumHeight(height if not label.isHidden() else 0)
            if not label.isHidden():
                needed.append(height)
        spacing = SPACING * max(len(needed) - 1, 0)
        self.setMaximumHeight(sum(needed) + spacing if needed else 16777215)

    @property
    def text(self) -> str:
        return "\n".join(label.text() for label in (self.error, self.warning)
                         if not label.isHidden())


def add_field(form: QFormLayout, label: str, widget: QWidget, name: str,
              problems: dict[str, FieldProblems]) -> None:
    """A labelled field, with its problems on the row below, ready to be filled. `label` is
    translated, with & before the letter that Alt jumps with."""
    widget.setObjectName(name)
    caption = QLabel(label)
    caption.setBuddy(widget)  # Alt + the underlined letter jumps to the field
    form.addRow(caption, widget)
    problems[name] = FieldProblems(name)
    form.addRow("", problems[name])
    if not widget.accessibleName():
        widget.setAccessibleName(without_mnemonic(label))


# From this text size on (the "large" setting), labels go above their fields: side by side
# they would leave the fields too narrow to read on a small screen.
LABELS_ABOVE_FROM_POINTS = 16


def form_wrap_policy() -> QFormLayout.RowWrapPolicy:
    if QApplication.font().pointSizeF() >= LABELS_ABOVE_FROM_POINTS:
        return QFormLayout.RowWrapPolicy.WrapAllRows
    return QFormLayout.RowWrapPolicy.DontWrapRows
