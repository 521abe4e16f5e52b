"""A wrapped text that shows as many lines as it is given and scrolls for the rest: a long note
or a long instruction at the largest text on a small screen, rather than cut off at the bottom
or taking the countdown's room."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy


class ScrollingText(QScrollArea):
    """Holds `text` (a word-wrapped label). It asks for the whole text's height, or for
    `most_lines` lines when set, and scrolls down to the rest."""

    def __init__(self, text: QLabel, most_lines: int | None = None) -> None:
        super().__init__()
        self.text = text
        self.most_lines = most_lines  # lines shown before it scrolls; None: all
        self.whole = False  # measured to show the whole text (`show_whole`)
        self.setWidget(text)
        text.installEventFilter(self)  # a new text may be taller than the box
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_whole(self, whole: bool, lines: int) -> None:
        """The whole text, measured to fit where it is shown (no scroll bar then: one left
        over from a longer text would narrow the lines, and the text would need it); or at
        least `lines` lines, scrolling for the rest."""
        self.most_lines = None if whole else lines
        self.whole = whole
        self.keep_reachable()
        self.updateGeometry()

    def keep_reachable(self) -> None:
        """No scroll bar where the whole text shows; but where a text is taller than the
        box measured for it, the box scrolls rather than hide its last lines."""
        across = self.width() - 2 * self.frameWidth()
        overflows = self.text.heightForWidth(across) > self.viewport().height()
        policy = (QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                  if self.whole and not overflows
                  else QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if policy != self.verticalScrollBarPolicy():
            self.setVerticalScrollBarPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.Resize:
            self.keep_reachable()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.keep_reachable()
        self.show_whole_lines()

    def show_whole_lines(self) -> None:
        """Where the text scrolls, its view ends after a whole line: a line cut in half at
        the bottom reads as a mistake, not as "more below"."""
        line = self.text.fontMetrics().lineSpacing()
        room = self.height()
        scrolls = self.text.heightForWidth(self.viewport().width()) > room
        spare = room % line if scrolls and room > line else 0
        if self.viewportMargins().bottom() != spare:
            self.setViewportMargins(0, 0, 0, spare)

    def sizeHint(self) -> QSize:
        return self.text.sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        whole = self.text.heightForWidth(width)
        return whole if self.most_lines is None else min(whole, self.lines_height(self.most_lines))

    def minimumSizeHint(self) -> QSize:  # two lines (or fewer, if asked), then it scrolls
        return QSize(100, self.lines_height(min(2, self.most_lines or 2)))

    def lines_height(self, count: int) -> int:
        """The height that shows `count` lines of the text."""
        return count * self.text.fontMetrics().lineSpacing() + 2
