"""Totals on top of the history (big numbers with a word) and what helps (average pain drop
per routine)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import _
from spasm_timer.local_formats import decimal
from spasm_timer.ui.history_model import whole_number
from spasm_timer.ui.theme import set_role


class StatCard(QFrame):
    """A big number with a word beside it, readable across the room."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "notice")
        self.number = set_role(QLabel("0"), "title")
        self.caption = set_role(QLabel(), "hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 18, 4)
        layout.setSpacing(8)
        layout.addWidget(self.number)
        layout.addWidget(self.caption, alignment=Qt.AlignmentFlag.AlignBottom)

    def set_value(self, message: str, count: int) -> None:
        """`message` is a translated "{count} sessions": the number shows big, the words
        small beside it."""
        before, _count, after = message.partition("{count}")
        self.number.setText(whole_number(count))
        self.caption.setText(f"{before.strip()} {after.strip()}".strip())
        self.setAccessibleName(message.format(count=whole_number(count)))


class WhatHelps(QWidget):
    """Average pain drop per routine, biggest first, over sessions rated before and after."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.explanation = set_role(QLabel(), "hint")
        self.explanation.setWordWrap(True)
        headers = (_("Routine"), _("Pain\neased by"), _("Rated\nsessions"))
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(_("What helps"))
        self.table.verticalHeader().hide()
        # Names read whole: they wrap onto a second line rather than end in "…", and each
        # row is as tall as its name needs.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(10)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, stretch=1)

    def show_drops(self, drops: list[dict[str, Any]]) -> None:
        ranked = sorted(drops, key=lambda item: item["average_drop"], reverse=True)
        self.table.setRowCount(len(ranked))
        for row, item in enumerate(ranked):
            cells = (item["routine_name"],
                     _("{points} points").format(points=decimal(item["average_drop"])),
                     whole_number(item["sessions"]))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(ranked))
        self.explanation.setText(
            _("How much pain went down on average (0–10 scale), counting sessions you rated "
              "before and after.") if ranked else
            _("Rate your pain before and after a session, and the routines that help most "
              "will be listed here."))

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, top to bottom (for tests and screen readers alike)."""
        return [tuple(item.text() if (item := self.table.item(row, column)) else ""
                      for column in range(3))
                for row in range(self.table.rowCount())]
