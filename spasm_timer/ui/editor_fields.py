"""Pieces the routine editor's forms share: a field with its problem shown right beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import _
from spasm_timer.ui.accessibility import without_mnemonic
from spasm_timer.ui.theme import set_role

SPACING = 2


def within_limit(parts: list[str], row: int, at: int, limit: int) -> tuple[list[str], int]:
    """`parts` (lines, or the one text) cut to `limit` characters each, and the cursor's new
    place in part `row`, from `at`. As a line edit does at its maximum length, what was just
    typed or pasted (before the cursor) is not taken past the limit; any other part that is
    too long (a note pasted among others) is cut short at its end. Characters are counted as
    the loader counts them (code points), so an emoji is one, not two."""
    kept = [part[:limit] for part in parts]
    over = len(parts[row]) - limit
    if over > 0:
        cut_from = max(0, at - over)
        part = parts[row][:cut_from] + parts[row][at:]
        kept[row], at = part[:limit], cut_from
    return kept, min(at, len(kept[row]))


def utf16_units(text: str) -> int:
    """Where Qt counts a text's length or a cursor's place: in UTF-16 units."""
    return len(text.encode("utf-16-le")) // 2


def characters_before(text: str, units: int) -> int:
    """The characters of `text` in its first `units` UTF-16 units (a cursor's place)."""
    return len(text.encode("utf-16-le")[:2 * units].decode("utf-16-le", errors="ignore"))


def hold_to_limit(line: QLineEdit, limit: int) -> None:
    """A line edit that takes no more than `limit` characters, counted as the loader counts
    them (Qt's own maximum length counts UTF-16 units, where an emoji is two)."""
    line.setMaxLength(2 * limit)  # no character is more than two units: Qt cuts nothing early

    def keep_within_limit() -> None:
        text = line.text()
        if len(text) <= limit:
            return
        at = characters_before(text, line.cursorPosition())
        (kept,), at = within_limit([text], 0, at, limit)
        line.setText(kept)
        line.setCursorPosition(utf16_units(kept[:at]))

    line.textChanged.connect(keep_within_limit)


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
        text = self.toPlainText()
        parts = text.split("\n") if self.per_line else [text]
        if all(len(part) <= self.limit for part in parts):
            return
        at = characters_before(text, self.textCursor().position())
        row = text.count("\n", 0, at) if self.per_line else 0
        line_start = text.rfind("\n", 0, at) + 1 if self.per_line else 0
        kept, at = within_limit(parts, row, at - line_start, self.limit)
        at += sum(len(part) + 1 for part in kept[:row])
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText("\n".join(kept))  # one step to undo, as the paste was
        cursor.setPosition(utf16_units("\n".join(kept)[:at]))
        self.setTextCursor(cursor)


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
