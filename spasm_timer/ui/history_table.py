"""The history's table of sessions: whole rows chosen one at a time, nothing edited, each
column as wide as the widest text it can hold."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from spasm_timer.i18n import _, pgettext
from spasm_timer.local_formats import short_month_name, short_weekday_name
from spasm_timer.ui.history_model import (
    COLUMNS,
    SessionTableModel,
    format_active,
    status_labels,
)

# The routine's name is what a person looks for: its column is never narrower than this many
# characters. Where the other columns leave less (Huge text on a small screen, a longer
# language), the table scrolls sideways rather than squeeze the name out.
ROUTINE_LEAST_CHARS = 16
ROUTINE = COLUMNS.index("Routine")


class SessionTable(QTableView):
    """The sessions' table, whose routine column keeps room for a name at any width."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_routine_column(self)


def session_table(model: SessionTableModel, row_height: int) -> QTableView:
    """The table of sessions over `model`: whole rows chosen, one at a time, nothing edited."""
    table = SessionTable()
    table.setAccessibleName(_("Sessions"))
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    # Air between columns: the cells are read from across the room.
    table.setStyleSheet("QTableView::item { padding: 0 6px; }"
                        " QHeaderView::section { padding: 4px 6px; }")
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # Each column as wide as its widest possible text, measured once from sample texts
    # (asking Qt to fit the contents reads every loaded cell, many times over); the
    # routine name gets the rest.
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    size_columns(table)
    return table


def _routine_least(table: QTableView) -> int:
    return table.fontMetrics().averageCharWidth() * ROUTINE_LEAST_CHARS


def _other_columns(table: QTableView) -> int:
    header = table.horizontalHeader()
    return sum(header.sectionSize(column) for column in range(len(COLUMNS))
               if column != ROUTINE)


def needed_width(table: QTableView) -> int:
    """The width at which every column shows whole, the routine's with its least room."""
    return (_other_columns(table) + _routine_least(table) + table.frameWidth() * 2
            + table.verticalScrollBar().sizeHint().width())


def fit_routine_column(table: QTableView) -> None:
    """The routine column takes the room the others leave, or its least and a sideways
    scroll bar when they leave less."""
    header = table.horizontalHeader()
    least = _routine_least(table)
    if table.viewport().width() - _other_columns(table) >= least:
        header.setSectionResizeMode(ROUTINE, QHeaderView.ResizeMode.Stretch)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    else:
        header.setSectionResizeMode(ROUTINE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ROUTINE, least)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


def size_columns(table: QTableView) -> None:
    """Widths from the font: the widest text each column can hold, and its heading, in the
    language in use."""
    cells, heading = table.fontMetrics(), table.horizontalHeader().fontMetrics()

    def widest(metrics: Any, texts: Any) -> int:
        return max(metrics.horizontalAdvance(text) for text in texts)

    day = max((short_weekday_name(number) for number in range(7)), key=cells.horizontalAdvance)
    month = max((short_month_name(number) for number in range(1, 13)),
                key=cells.horizontalAdvance)
    longest_date = pgettext("session start", "{weekday} {day} {month} {year}, {time}").format(
        weekday=day, day=28, month=month, year=2026, time="20:48")
    samples = {"Date": [longest_date],
               "Time": ["59:59", format_active(3600 + 55 * 60)],
               "Status": status_labels(),
               "Pain": ["10 → 10"]}
    for column, name in enumerate(COLUMNS):
        if name in samples:
            # 6 px of padding each side (the stylesheet above) plus the view's margins.
            width = max(widest(cells, samples[name]), widest(heading, [_(name)])) + 24
            table.horizontalHeader().resizeSection(column, width)
    fit_routine_column(table)
