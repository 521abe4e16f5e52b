"""The history: every past session, what each one held, and what seems to help.

Left, the sessions newest first with filters above them; right, the chosen session (its steps
as a timeline, pain before and after, notes, delete), what helps (average pain drop per
routine) and charts. Totals for the chosen range sit on top. Export and import move the log
between computers. Everything is read from and written to the log straight away.

The parts talk through signals and live in their own modules: `history_detail` (the chosen
session), `history_stats` (totals, what helps), `history_charts`, `history_model` (the table
and the texts it shows); the queries behind them are in `storage/history_queries`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import N_, _, ngettext, pgettext
from spasm_timer.storage.history_queries import (
    HistoryFilter,
    day_span,
    has_any_session,
    routine_choices,
    stats_filter,
)
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.accessibility import buddy_label
from spasm_timer.ui.flow_layout import FlowLayout
from spasm_timer.ui.history_actions import HistoryFileActions
from spasm_timer.ui.history_charts import ChartsPanel
from spasm_timer.ui.history_detail import SessionDetail
from spasm_timer.ui.history_model import (
    SessionTableModel,
    format_started,
)
from spasm_timer.ui.history_stats import StatCard, WhatHelps
from spasm_timer.ui.history_stats_reader import READS, StatsReader, is_long
from spasm_timer.ui.history_table import needed_width, session_table, size_columns
from spasm_timer.ui.report_button import make_report_button
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import set_role

EMPTY_TEXT = N_("No sessions yet — they appear here after your first routine.")
# The status filter's choices: what it shows (through _()), and the status stored in the log.
STATUS_CHOICES = ((N_("All"), None), (N_("Completed"), "completed"),
                  (N_("Stopped early"), "stopped"), (N_("Interrupted"), "interrupted"))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


# --- the window --------------------------------------------------------------------------

# Most of the width goes to the table, so routine names read whole; the session pane needs
# little more than its step bars.
TABLE_SHARE = 2 / 3
# Pixels left and right of the window's contents: narrow, so that at Huge text on a small
# screen the table's columns fit in German and Spanish too.
SIDE_MARGIN = 8


class HistoryWindow(HistoryFileActions, QWidget):
    """Past sessions with filters, the chosen session's detail, what helps, and charts.

    Dialogs sit behind small methods (`confirm_delete`, `choose_export_file`,
    `choose_import_file`, `tell`) so tests can answer them.
    """

    def __init__(self, log: SessionLog, parent: QWidget | None = None):
        super().__init__(parent)
        self.log = log
        self.setWindowTitle(_("History — Spasm Timer"))
        self.model = SessionTableModel(log, self)
        self.charts: ChartsPanel | None = None
        # What helps and the chart series are read when their tab shows.
        self._what_helps_stale = self._charts_stale = True
        self.stats_reader = StatsReader(log, self)
        self.stats_reader.read.connect(self._stats_read)
        self._stats_request = 0  # the number of the newest request for statistics
        self._in_background = False
        self._build()
        self._reset_filters()
        self.model.modelReset.connect(self._select_first)
        self._apply_filters()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        title = set_role(QLabel(_("History")), "title")
        self.export_button = QPushButton(_("Export…"))
        self.import_button = QPushButton(_("Import…"))
        self.export_button.clicked.connect(self.export_log)
        self.import_button.clicked.connect(self.import_log)
        self.cancel_import_button = self.make_cancel_import_button()
        self.report_button = make_report_button(self)
        self.report_button.clicked.connect(self.save_report)
        # On a line of its own under the title, shown while it has something to say: beside
        # the buttons it was squeezed into a narrow column at large text.
        self.message = set_role(QLabel(), "hint")
        self.message.setWordWrap(True)  # a long file name wraps, never widens the window
        self.message.hide()
        # The buttons wrap below one another rather than widen the window past a small
        # screen at the largest text or in a longer language.
        buttons = QWidget()
        button_row = FlowLayout(buttons)
        for button in (self.export_button, self.import_button, self.cancel_import_button,
                       self.report_button):
            button_row.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(buttons, stretch=1)

        self.empty = set_role(QLabel(_(EMPTY_TEXT)), "subtitle")
        self.empty.setWordWrap(True)
        moving = set_role(QLabel(_("Moving from another computer? Bring your sessions over "
                                   "with Import… at the top.")), "hint")
        moving.setWordWrap(True)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        # At the top, not centred: the page is as tall as the sessions page, which at large
        # text runs far below the window.
        for label in (self.empty, moving):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(label)
        empty_layout.addStretch()
        self.pages = QStackedWidget()
        self.pages.addWidget(empty_page)
        self.pages.addWidget(self._build_content())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SIDE_MARGIN, 16, SIDE_MARGIN, 18)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.message)
        # On a screen too small for the session pane and notes, the page scrolls; it
        # never grows the window past the screen.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.pages)
        layout.addWidget(scroller, stretch=1)
        # Roomy where the screen allows, never larger than its free area (a 1024×600
        # laptop included): the filters and totals wrap, the table and notes scroll.
        fit_within_screen(self, 1240, 780)

    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(self._build_filters())
        layout.addWidget(self._build_cards())
        splitter = QSplitter()
        self.splitter = splitter
        self._split_done = False
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_tabs())
        splitter.setStretchFactor(0, 1)
        layout.addWidget(splitter, stretch=1)
        return content

    def _build_filters(self) -> QWidget:
        self.routine_combo = QComboBox()
        self.routine_combo.setMinimumContentsLength(14)
        self.from_date, self.to_date = QDateEdit(), QDateEdit()
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            # A Qt date format: d day, MMM the month's short name, yyyy the year.
            edit.setDisplayFormat(pgettext("date field", "d MMM yyyy"))
        self.status_combo = QComboBox()
        for label, status in STATUS_CHOICES:
            self.status_combo.addItem(_(label), status)
        filters = QWidget()
        row = FlowLayout(filters, spacing=24)
        for label, widget in ((_("Routine"), self.routine_combo),
                              (pgettext("first day", "From"), self.from_date),
                              (pgettext("last day", "To"), self.to_date),
                              (_("Status"), self.status_combo)):
            pair = QWidget()  # a label stays beside its control when the row wraps
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.setSpacing(10)
            pair_layout.addWidget(buddy_label(label, widget))  # read as the control's name
            pair_layout.addWidget(widget)
            row.addWidget(pair)
        self.routine_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_combo.currentIndexChanged.connect(self._apply_filters)
        self.from_date.dateChanged.connect(self._apply_filters)
        self.to_date.dateChanged.connect(self._apply_filters)
        return filters

    def _build_cards(self) -> QWidget:
        self.sessions_card = StatCard()
        self.minutes_card = StatCard()
        self.streak_card = StatCard()
        cards = QWidget()
        row = FlowLayout(cards, spacing=14)
        for card in (self.sessions_card, self.minutes_card, self.streak_card):
            row.addWidget(card)
        return cards

    def _build_table(self) -> QTableView:
        self.table = session_table(self.model, int(self.fontMetrics().height() * 2.2))
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        return self.table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_done:
            # Split once the real width is known: sizes set while the window is still being
            # built are scaled by Qt in ways that leave the table narrow.
            self._split_done = True
            self._split()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Side by side only where both read whole, in the language and text size in use; on
        # a small screen the session pane goes under the table (and the page scrolls) rather
        # than squeeze it.
        wide = self.width() >= self._side_by_side_width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            # Stacked, each part keeps room for a dozen lines; the page scrolls to them.
            self.splitter.setMinimumHeight(0 if wide else self.fontMetrics().height() * 26)
            if self._split_done:
                self._split()

    def _side_by_side_width(self) -> int:
        """The window's width from which the table and the session pane both show whole."""
        return (needed_width(self.table) + self.tabs.minimumSizeHint().width()
                + self.splitter.handleWidth() + 2 * SIDE_MARGIN + 20)  # 20: the scroll bar

    def _split(self) -> None:
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            width = self.splitter.width()
            table = min(max(round(width * TABLE_SHARE), needed_width(self.table)),
                        width - self.tabs.minimumSizeHint().width())
            self.splitter.setSizes([table, width - table])
        else:
            height = self.splitter.height()
            self.splitter.setSizes([height // 2, height - height // 2])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            size_columns(self.table)  # the text size setting changed
        super().changeEvent(event)

    def _build_tabs(self) -> QTabWidget:
        self.detail = SessionDetail(self.log)
        self.detail.changed.connect(self._session_changed)
        self.detail.delete_requested.connect(self.delete_session)
        self.what_helps = WhatHelps()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, _("This session"))
        self.tabs.addTab(self.what_helps, _("What helps"))
        self.charts_holder = QWidget()
        QVBoxLayout(self.charts_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.charts_holder, _("Charts"))
        self.tabs.currentChanged.connect(self._tab_shown)
        return self.tabs

    # --- filters and refreshing -------------------------------------------------------

    @contextmanager
    def _filters_quiet(self) -> Iterator[None]:
        """Several filters set at once, without reloading the table after each."""
        widgets = (self.routine_combo, self.from_date, self.to_date, self.status_combo)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            yield
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _offer_choices(self) -> None:
        """Routines from the log, and a day range from the first session to today."""
        self.routine_combo.clear()
        self.routine_combo.addItem(_("All routines"), None)
        for routine_id, name in routine_choices(self.log):
            self.routine_combo.addItem(name, routine_id)
        today = date.today()
        first, last = day_span(self.log) or (today, today)
        self._day_range = (first, max(last, today))
        self.from_date.setDate(_qdate(self._day_range[0]))
        self.to_date.setDate(_qdate(self._day_range[1]))

    def _reset_filters(self) -> None:
        """Every routine, every day logged up to today, every status."""
        with self._filters_quiet():
            self._offer_choices()
            self.status_combo.setCurrentIndex(0)

    def refresh(self) -> None:
        """Shows what was logged since the window last looked (a session just ended, a new
        day began). The routine and status chosen stay; so do the days, except that a range
        reaching the first or last day offered reaches the new first or last day."""
        routine, status = self.routine_combo.currentData(), self.status_combo.currentData()
        since, until = _pydate(self.from_date.date()), _pydate(self.to_date.date())
        offered_first, offered_last = self._day_range
        with self._filters_quiet():
            self._offer_choices()
            self.routine_combo.setCurrentIndex(max(0, self.routine_combo.findData(routine)))
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
            if since > offered_first:
                self.from_date.setDate(_qdate(since))
            if until < offered_last:
                self.to_date.setDate(_qdate(until))
        self._apply_filters()

    def current_filter(self) -> HistoryFilter:
        return HistoryFilter(routine_id=self.routine_combo.currentData(),
                             since=_pydate(self.from_date.date()),
                             until=_pydate(self.to_date.date()),
                             status=self.status_combo.currentData())

    def _stats_filter(self) -> HistoryFilter:
        return stats_filter(self.log, self.current_filter())

    def _apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())
        self.refresh_stats()

    def refresh_stats(self) -> None:
        """Totals, what helps and charts for the chosen routine, days and status.

        What helps and the chart series are read only while their tab is showing (or the
        next time it is shown): the totals on top are all the window needs to open. A long
        log's are read in the background (`history_stats_reader`), a short one's at once.
        """
        has_sessions = has_any_session(self.log)
        self.pages.setCurrentIndex(1 if has_sessions else 0)
        self.export_button.setEnabled(has_sessions)
        self.report_button.setEnabled(has_sessions)
        self._stats_request += 1
        self._in_background = is_long(self.log)
        self._what_helps_stale = self._charts_stale = True
        self._read("totals")
        self._tab_shown(self.tabs.currentIndex())

    def _read(self, what: str) -> None:
        chosen = self._stats_filter()
        if self._in_background:
            self.stats_reader.request(self._stats_request, what, chosen)
        else:
            self._stats_read(self._stats_request, what, READS[what](self.log, chosen))

    def _stats_read(self, request: int, what: str, result: object) -> None:
        if request != self._stats_request:
            return  # the filters changed since it was asked for
        if isinstance(result, sqlite3.Error):
            self.tell(_("Could not read the log: {problem}").format(problem=result))
        elif what == "totals":
            self._show_totals(result)  # type: ignore[arg-type]
        elif what == "what_helps":
            self.what_helps.show_drops(result)  # type: ignore[arg-type]
        elif self.charts is not None:
            self.charts.show_stats(result)  # type: ignore[arg-type]

    def _show_totals(self, totals: dict[str, Any]) -> None:
        self.stats = totals
        sessions, minutes, streak = totals["sessions"], round(totals["minutes"]), \
            totals["day_streak"]
        # The number big, the word beside it small: one message each, so that a language
        # may put the word before the number; split at the number.
        self.sessions_card.set_value(ngettext("{count} session", "{count} sessions", sessions),
                                     sessions)
        self.minutes_card.set_value(ngettext("{count} minute", "{count} minutes", minutes),
                                    minutes)
        self.streak_card.set_value(ngettext("{count} day in a row", "{count} days in a row",
                                            streak), streak)

    def _tab_shown(self, number: int) -> None:
        shown = self.tabs.widget(number)
        if shown is self.what_helps and self._what_helps_stale:
            self._what_helps_stale = False
            self._read("what_helps")
        elif shown is self.charts_holder:
            self._show_charts()

    def _show_charts(self) -> None:
        """Builds the charts on first use (QtCharts loads then) and draws the current series."""
        if self.charts is None:
            self.charts = ChartsPanel()
            holder = self.charts_holder.layout()
            assert holder is not None, "made with the window"
            holder.addWidget(self.charts)
        elif not self._charts_stale:
            return
        self._charts_stale = False
        self._read("charts")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.save_notes()  # notes typed just before closing are kept
        self.stats_reader.stop()
        super().closeEvent(event)

    # --- the chosen session -----------------------------------------------------------

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_session(None)

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        session = self.log.session(self.model.session_id(current.row())) if current.isValid() \
            else None
        self.detail.show_session(session)

    def select_session(self, session_id: str) -> None:
        """Selects a loaded session's row (for the main window and tests)."""
        row = self.model.row_of_session(session_id)
        if row is not None:
            self.table.selectRow(row)

    def _session_changed(self, session_id: str) -> None:
        self.model.refresh_session(session_id)
        self.refresh_stats()

    def confirm_delete(self, session: dict[str, Any]) -> bool:
        """Asks before a session is gone for good; tests patch this."""
        # Qt has no standard Delete button: one of our own, with Cancel as the default.
        box = QMessageBox(
            QMessageBox.Icon.Question, _("Delete this session?"),
            _("{routine}, {started}, with its steps, ratings and notes will be deleted. "
              "This cannot be undone.").format(routine=session["routine_name"],
                                               started=format_started(session["started_at"])),
            QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def delete_session(self, session_id: str) -> None:
        session = self.log.session(session_id)
        if session is None or not self.confirm_delete(session):
            return
        row = self.model.row_of_session(session_id)
        self.detail.session = None  # its notes must not be saved into a deleted row
        self.log.delete_session(session_id)
        self.model.remove_session(session_id)
        self.refresh_stats()
        if row is not None and self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        else:
            self.detail.show_session(None)
        self.tell(_("Deleted {routine}, {started}.").format(
            routine=session["routine_name"], started=format_started(session["started_at"])))

    # --- export and import ------------------------------------------------------------

    def tell(self, text: str, problem: bool = False) -> None:
        """Says how an action went: in the window, and in a dialog for problems."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if problem:
            QMessageBox.warning(self, "Spasm Timer", text)
