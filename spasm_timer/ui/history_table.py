"""The history's table of sessions: whole rows chosen one at a time, nothing edited, each
column as wide as the widest text it can hold."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from spasm_timer.i18n import _
from spasm_timer.local_formats import short_month_name, short_weekday_name
from spasm_timer.ui.history_model import (
    COLUMNS,
    SessionTableModel,
    format_clock,
    format_started_in_two_lines,
    status_labels,
)

# The routine's name is what a person looks for: its column is never narrower than this many
# characters. Where the other columns leave less (Huge text on a small screen, a longer
# language), the table scrolls sideways rather than squeeze the name out.
ROUTINE_LEAST_CHARS = 16
ROUTINE = COLUMNS.index("Routine")
# Pixels left and right of each cell's text: with the style's own margin, columns stay
# clearly apart, and at Huge text in German or Spanish the table still fits a small screen.
CELL_PADDING = 4


class WrappingDelegate(QStyledItemDelegate):
    """Cells whose text may go on two lines at its spaces ('Stopped' over 'early'): the rows
    are tall enough, and the column need only be as wide as its longest word."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText


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
    table.setStyleSheet(f"QTableView::item {{ padding: 0 {CELL_PADDING}px; }}"
                        f" QHeaderView::section {{ padding: 4px {CELL_PADDING}px; }}")
    table.setWordWrap(False)  # the routine's name is elided, its tooltip gives it whole
    table.status_delegate = WrappingDelegate(table)  # type: ignore[attr-defined]
    table.setItemDelegateForColumn(COLUMNS.index("Status"),
                                   table.status_delegate)  # type: ignore[attr-defined]
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
    cells = table.fontMetrics()

    def widest(metrics: Any, texts: Any) -> int:
        return max(metrics.horizontalAdvance(text) for text in texts)

    # The widest day and month, of another year (the year shows), at the latest hour.
    day = max(range(7), key=lambda number: cells.horizontalAdvance(short_weekday_name(number)))
    month = max(range(1, 13),
                key=lambda number: cells.horizontalAdvance(short_month_name(number)))
    longest_date = format_started_in_two_lines(
        datetime(2000, month, 28 - (datetime(2000, month, 28).weekday() - day) % 7,
                 20, 48).isoformat(), today=date(2001, 1, 1))
    samples = {"Date": longest_date.splitlines(),
               "Time": ["59:59", format_clock(9 * 3600 + 59 * 60 + 59)],
               # A status may wrap at its spaces: its longest word is what must fit.
               "Status": [word for label in status_labels() for word in label.split()],
               "Pain": ["10 → 10"]}
    # Each side of a cell: its padding (the stylesheet above) and the style's text margin.
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    around = 2 * (CELL_PADDING + margin + 1) + 1  # + 1: advances are rounded
    header = table.horizontalHeader()
    for column, name in enumerate(COLUMNS):
        if name in samples:
            width = max(widest(cells, samples[name]) + around,
                        header.sectionSizeFromContents(column).width())
            header.resizeSection(column, width)
    fit_routine_column(table)
