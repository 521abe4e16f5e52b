"""A row of buttons, the main one on the right, that stacks them when the row runs out of width.

At the largest text in a longer language, "Start  (Space)" and "Back  (Esc)" side by side
are wider than a 1024-pixel screen; one above the other they fit, and stay big.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget


class ButtonRow(QWidget):
    """`others` on the left, `main` on the right; stacked, `main` last, when too narrow."""

    def __init__(self, others: list[QPushButton], main: QPushButton):
        super().__init__()
        self.buttons = [*others, main]
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        for button in others:
            self.box.addWidget(button)
        self.box.addStretch(1)
        self.box.addWidget(main)

    def side_by_side_width(self) -> int:
        spacing = max(self.box.spacing(), 0) * (len(self.buttons) - 1)
        return sum(button.sizeHint().width() for button in self.buttons) + spacing

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest button: below the row's own width the buttons stack."""
        widest = max(button.minimumSizeHint().width() for button in self.buttons)
        return QSize(widest, self.box.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        stacked = event.size().width() < self.side_by_side_width()
        direction = (QBoxLayout.Direction.TopToBottom if stacked
                     else QBoxLayout.Direction.LeftToRight)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.updateGeometry()  # stacked, the row is taller: the page makes room
        super().resizeEvent(event)
