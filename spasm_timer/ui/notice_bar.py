"""Calm notes at the top of the main window: the log cannot save, a file moved aside…"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from spasm_timer.i18n import _, ngettext
from spasm_timer.ui import theme
from spasm_timer.ui.scrolling_text import ScrollingText

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
# The notes' text size during a session, at most.
COMPACT_POINTS = 11.0


class NoticeBar(QFrame):
    """Calm notes at the top of the window (the log cannot save, a file moved aside…).

    Its text and button are made with the first note: most start-ups have none, and their
    flags are `QtCore.Qt` enums, which PySide builds all at once (~12 ms) on first use.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        theme.set_role(self, "notice")
        self.setObjectName("notices")
        self.text: QLabel | None = None
        self.dismiss: QPushButton | None = None
        self.scroller: ScrollingText | None = None
        self.messages: list[str] = []
        self.compact = False
        self.hide()

    def _build(self) -> QLabel:
        text = QLabel()
        text.setObjectName("notice_text")
        text.setWordWrap(True)
        text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = theme.set_role(QPushButton(_("Dismiss")), "link")
        dismiss.clicked.connect(self.clear)
        self.dismiss = dismiss
        self.scroller = ScrollingText(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(dismiss, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        return text

    def add(self, message: str) -> None:
        if message in self.messages:
            return
        if self.text is None:
            self.text = self._build()
        self.messages.append(message)
        self._show_messages()
        self.show()

    def set_compact(self, compact: bool) -> None:
        """During a session the countdown needs the room: the newest note only, on one line
        of small text that scrolls for the rest, with a word that there are more."""
        if compact != self.compact:
            self.compact = compact
            self._show_messages()

    def _show_messages(self) -> None:
        if self.text is None or self.dismiss is None or self.scroller is None:
            return
        earlier = len(self.messages) - 1
        if self.compact and earlier > 0:
            more = ngettext("{count} more note after the session",
                            "{count} more notes after the session", earlier).format(count=earlier)
            self.text.setText(_("{note}  ({more})").format(note=self.messages[-1], more=more))
        else:
            self.text.setText("\n\n".join(self.messages))
        for widget in (self.text, self.dismiss):
            font = QFont(self.font())
            if self.compact:
                font.setPointSizeF(min(font.pointSizeF(), COMPACT_POINTS))
            widget.setFont(font)
        self.scroller.most_lines = 1 if self.compact else None
        # exactly one line: the row is as tall as the Dismiss button, which would otherwise
        # show the top half of a second line
        self.scroller.setMaximumHeight(
            self.scroller.lines_height(1) if self.compact else QWIDGETSIZE_MAX)
        across, down = (12, 2) if self.compact else (16, 8)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(across, down, across, down)
        self.scroller.updateGeometry()

    def remove(self, message: str) -> None:
        """Takes back a note that no longer holds (the log has saved what waited)."""
        if message in self.messages:
            self.messages.remove(message)
            if self.messages:
                self._show_messages()
            else:
                self.hide()

    def clear(self) -> None:
        self.messages.clear()
        self.hide()


def moved_aside_note(path: Path) -> str:
    return _("Your session log could not be read, so a fresh one was started. "
             "The old file was kept here: {path}").format(path=path)
