"""The history: every past session, what each one held, and what seems to help.

Left, the sessions newest first with filters above them; right, the chosen session (its steps
as a timeline, pain before and after, notes, delete), what helps (average pain drop per
routine) and charts. Totals for the chosen range sit on top. Export and import move the log
between computers. Everything is read from and written to the log straight away.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFocusEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.storage import exchange
from spasm_timer.storage.history_queries import HistoryFilter, day_span, routine_choices
from spasm_timer.storage.log import LogError, SessionLog
from spasm_timer.ui.accessibility import buddy_label
from spasm_timer.ui.history_model import (
    _DAYS,
    _MONTHS,
    _STATUS_LABELS,
    COLUMNS,
    SessionTableModel,
    format_active,
    format_started,
    status_label,
)
from spasm_timer.ui.report_button import make_report_button, save_report
from spasm_timer.ui.theme import set_role

EMPTY_TEXT = "No sessions yet — they appear here after your first routine."
NOTES_IDLE_MS = 1500  # save notes once typing pauses, not on every key
CHART_WEEKS = 26  # more bars than this are too thin to read from the sofa
CHART_POINTS = 300  # newest rated sessions drawn; thousands of points are a smudge
STATUS_CHOICES = (("All", None), ("Completed", "completed"), ("Stopped early", "stopped"),
                  ("Interrupted", "interrupted"))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def step_label(step: dict[str, Any]) -> str:
    """'2. Calf stretch · left · 2nd time': the title plus what tells repeats apart."""
    parts = [f"{step['index']}. {step['title']}"]
    if step["side"]:
        parts.append(step["side"])
    if step["repetition"] > 1:
        parts.append(f"round {step['repetition']}")
    return " · ".join(parts)


# --- the chosen session ------------------------------------------------------------------

class StepTimeline(QWidget):
    """One horizontal bar per step: the planned time as an outline, the time actually spent
    filled in. A skipped step is hatched and says "skipped", a stopped one says "stopped"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.steps: list[dict[str, Any]] = []

    def set_steps(self, steps: list[dict[str, Any]]) -> None:
        self.steps = steps
        self.setMinimumHeight(self._row_height() * max(1, len(steps)) + 4)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        # The label on its own line above the bar: "left" or "round 2" is never cut off.
        return int(self.fontMetrics().height() * 2.6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.steps:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No steps were logged for this session.")
            return
        times_width = self.fontMetrics().horizontalAdvance("10:00 / 10:00") + 16
        bar_room = max(40, self.width() - times_width)
        longest = max(max(s["planned_seconds"], s["actual_seconds"]) for s in self.steps) or 1
        for number, step in enumerate(self.steps):
            self._paint_row(painter, step, number * self._row_height(), bar_room / longest)
        painter.end()

    def _paint_row(self, painter: QPainter, step: dict[str, Any], top: int,
                   pixels_per_second: float) -> None:
        palette = self.palette()
        line = self.fontMetrics().height()
        text = palette.color(QPalette.ColorRole.WindowText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        skipped = step["outcome"] == "skipped"
        label = step_label(step)
        painter.setPen(muted if skipped else text)
        painter.drawText(QRectF(0, top, self.width(), line),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight,
                                                       self.width()))
        bar_top, bar_height = top + line * 1.25, line * 0.8
        planned = QRectF(1, bar_top, max(2.0, step["planned_seconds"] * pixels_per_second),
                         bar_height)
        actual_width = step["actual_seconds"] * pixels_per_second
        if skipped:  # an empty, hatched outline: planned, not done
            painter.setPen(QPen(muted, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(muted, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(planned, 5, 5)
        else:  # the planned outline, filled as far as the person went
            painter.setPen(QPen(muted, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(planned, 5, 5)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(1, bar_top, actual_width, bar_height), 5, 5)
        times = ("skipped" if skipped else
                 f"{format_active(step['actual_seconds'])} / "
                 f"{format_active(step['planned_seconds'])}"
                 + ("  stopped" if step["outcome"] == "stopped" else ""))
        right = max(planned.right(), actual_width) + 10
        painter.setPen(muted if skipped else text)
        painter.drawText(QRectF(right, bar_top - line * 0.3, self.width() - right, line * 1.4),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, times)


class PainChoice(QComboBox):
    """Pain 0-10, or "not rated": a person may not have rated it, and may leave it so."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem("Not rated", None)
        for value in range(11):
            hint = {0: " — none", 10: " — worst"}.get(value, "")
            self.addItem(f"{value}{hint}", value)

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(0 if value is None else value + 1)


class NotesEdit(QPlainTextEdit):
    """Notes that tell their owner when the person leaves them, so they are saved then."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class SessionDetail(QWidget):
    """One session: what was done step by step, the pain ratings and notes (saved at once),
    and Delete. Emits `changed` after a rating is saved, `delete_requested` for Delete."""

    changed = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, log: SessionLog, parent: QWidget | None = None):
        super().__init__(parent)
        self._log = log
        self.session: dict[str, Any] | None = None
        self._loading = False
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTES_IDLE_MS)
        self._notes_timer.timeout.connect(self.save_notes)
        self._build()
        self.show_session(None)

    def _build(self) -> None:
        self.heading = set_role(QLabel(), "subtitle")
        self.heading.setWordWrap(True)
        self.summary = set_role(QLabel(), "hint")
        self.summary.setWordWrap(True)
        self.timeline = StepTimeline()
        scroller = QScrollArea()
        scroller.setWidget(self.timeline)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.pain_before, self.pain_after = PainChoice(), PainChoice()
        self.pain_before.currentIndexChanged.connect(lambda: self._save_pain("pain_before"))
        self.pain_after.currentIndexChanged.connect(lambda: self._save_pain("pain_after"))
        self.notes = NotesEdit()
        self.notes.setPlaceholderText("How did it feel? What did you notice?")
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.notes.textChanged.connect(self._notes_typed)
        self.notes.left.connect(self.save_notes)
        self.delete_button = QPushButton("Delete session…")
        self.delete_button.clicked.connect(self._ask_delete)

        # One rating a row: side by side they made this pane wide enough to squeeze the
        # routine names out of the table.
        ratings = QGridLayout()
        ratings.setHorizontalSpacing(12)
        for row, (label, choice) in enumerate((("Pain before", self.pain_before),
                                               ("Pain after", self.pain_after))):
            ratings.addWidget(buddy_label(label, choice), row, 0)
            ratings.addWidget(choice, row, 1)
        ratings.setColumnStretch(2, 1)

        self.placeholder = set_role(QLabel("Choose a session on the left to see its steps."),
                                    "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, stretch=1)
        heading_row.addWidget(self.delete_button, alignment=Qt.AlignmentFlag.AlignTop)
        body.addLayout(heading_row)
        body.addWidget(self.summary)
        body.addWidget(scroller, stretch=1)
        body.addLayout(ratings)
        body.addWidget(buddy_label("Notes", self.notes))
        body.addWidget(self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body)

    def show_session(self, session: dict[str, Any] | None) -> None:
        """Shows a session (a `SessionLog.session()` dict), or the hint when None."""
        self.save_notes()  # what was typed for the previous session is not lost
        self.session = session
        self.placeholder.setVisible(session is None)
        self.body.setVisible(session is not None)
        if session is None:
            return
        self._loading = True
        self.heading.setText(session["routine_name"])
        self.summary.setText(self._summary(session))
        self.timeline.set_steps(session["steps"])
        self.pain_before.set_value(session["pain_before"])
        self.pain_after.set_value(session["pain_after"])
        self.notes.setPlainText(session["notes"])
        self._loading = False

    @staticmethod
    def _summary(session: dict[str, Any]) -> str:
        # The routine's steps, as the start and end screens count them; the timeline below
        # shows each round (side, repeat) of a step on its own line.
        steps = {step["index"] for step in session["steps"]}
        skipped = {step["index"] for step in session["steps"] if step["outcome"] == "skipped"}
        parts = [format_started(session["started_at"]), status_label(session["status"]),
                 (f"{format_active(session['active_seconds'])} of "
                 f"{format_active(session['planned_seconds'])}"),
                 f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
                 + (f", {len(skipped)} skipped" if skipped else "")]
        if session["pauses"]:
            parts.append(f"paused {session['pauses']}×")
        # No-break spaces inside each part: a wrapped line breaks between parts, not in them.
        return "  ·  ".join(part.replace(" ", "\u00a0") for part in parts)

    def _save_pain(self, field: str) -> None:
        if self._loading or self.session is None:
            return
        value = (self.pain_before if field == "pain_before" else self.pain_after).value()
        self._log.update_session(self.session["id"], **{field: value})
        self.session[field] = value
        self.changed.emit(self.session["id"])

    def _notes_typed(self) -> None:
        if not self._loading:
            self._notes_timer.start()

    def save_notes(self) -> None:
        """Writes the notes if they changed; runs on idle, focus-out and switching session."""
        self._notes_timer.stop()
        if self.session is None or self.notes.toPlainText() == self.session["notes"]:
            return
        text = self.notes.toPlainText()
        self._log.update_session(self.session["id"], notes=text)
        self.session["notes"] = text

    def _ask_delete(self) -> None:
        if self.session is not None:
            self.delete_requested.emit(self.session["id"])


# --- totals, what helps, charts ----------------------------------------------------------

class StatCard(QFrame):
    """A big number with a word beside it, readable across the room."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "notice")
        self.number = set_role(QLabel("0"), "title")
        self.caption = set_role(QLabel(caption), "hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 18, 4)
        layout.setSpacing(8)
        layout.addWidget(self.number)
        layout.addWidget(self.caption, alignment=Qt.AlignmentFlag.AlignBottom)

    def set_value(self, number: str, caption: str) -> None:
        self.number.setText(number)
        self.caption.setText(caption)


class WhatHelps(QWidget):
    """Average pain drop per routine, biggest first, over sessions rated before and after."""

    HEADERS = ("Routine", "Pain eased by", "Rated sessions")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.explanation = set_role(QLabel(), "hint")
        self.explanation.setWordWrap(True)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
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
            cells = (item["routine_name"], f"{item['average_drop']:+.1f}".replace("+", "") +
                     " points", str(item["sessions"]))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(ranked))
        self.explanation.setText(
            "How much pain went down on average (0–10 scale), counting sessions you rated "
            "before and after." if ranked else
            "Rate your pain before and after a session, and the routines that help most "
            "will be listed here.")

    def rows(self) -> list[tuple[str, ...]]:
        """The table as text, top to bottom (for tests and screen readers alike)."""
        return [tuple(self.table.item(row, column).text() for column in range(3))
                for row in range(self.table.rowCount())]


def weeks_filled(per_week: list[dict[str, Any]]) -> list[tuple[date, int]]:
    """(Monday, sessions) for every ISO week from the first to the last, empty weeks as 0,
    so the bars are spaced by time and a quiet week is visible."""
    if not per_week:
        return []
    counts = {item["week"]: item["sessions"] for item in per_week}

    def monday(week: str) -> date:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)

    day, last = monday(per_week[0]["week"]), monday(per_week[-1]["week"])
    filled = []
    while day <= last:
        year, number, _ = day.isocalendar()
        filled.append((day, counts.get(f"{year}-W{number:02d}", 0)))
        day += timedelta(weeks=1)
    return filled[-CHART_WEEKS:]


def month_spans(mondays: list[date]) -> list[tuple[str, int]]:
    """('Oct', last bar index) per month, for labels under groups of weekly bars: a label
    per bar would be too narrow to read."""
    spans: list[tuple[str, int]] = []
    for index, monday in enumerate(mondays):
        name = f"{monday:%b}"
        if spans and spans[-1][0] == name:
            spans[-1] = (name, index)
        else:
            spans.append((name, index))
    return spans


class ChartsPanel(QWidget):
    """Sessions per week and pain over time. QtCharts is imported here, when the person first
    opens the tab: it is a large library the rest of the app never needs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6 import QtCharts

        self._charts = QtCharts
        self._stats: dict[str, Any] | None = None  # what is drawn, to draw again in a new look
        self.weekly = QtCharts.QChartView()
        self.pain = QtCharts.QChartView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for view in (self.weekly, self.pain):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            layout.addWidget(view)

    def _new_chart(self, title: str) -> Any:
        chart = self._charts.QChart()
        chart.setTitle(title)
        font = self.font()
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        chart.setTitleBrush(self.palette().color(QPalette.ColorRole.WindowText))
        chart.legend().setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
        chart.setMargins(chart.margins() * 0)
        return chart

    def _style_axis(self, axis: Any) -> None:
        axis.setLabelsColor(self.palette().color(QPalette.ColorRole.WindowText))
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        axis.setLabelsFont(font)

    def show_stats(self, stats: dict[str, Any]) -> None:
        """Draws `SessionLog.chart_series()` (or a whole `stats()`)."""
        self._stats = stats
        self.weekly.setChart(self._weekly_chart(weeks_filled(stats["sessions_per_week"])))
        self.pain.setChart(self._pain_chart(stats["pain_series"][-CHART_POINTS:]))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The charts take their colours and fonts when drawn: a new look or text size
        # (the settings, or the desktop turning dark) draws them again.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange) and \
                self._stats is not None:
            self.show_stats(self._stats)

    def _weekly_chart(self, weeks: list[tuple[str, int]]) -> Any:
        charts = self._charts
        chart = self._new_chart("Sessions per week")
        bars = charts.QBarSet("Sessions")
        bars.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        bars.append([count for _, count in weeks])
        series = charts.QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        chart.legend().hide()
        # Bars stand at 0, 1, 2...; a category axis names the month under each group.
        weeks_axis = charts.QCategoryAxis()
        weeks_axis.setRange(-0.5, max(len(weeks), 1) - 0.5)
        weeks_axis.setStartValue(-0.5)
        weeks_axis.setGridLineVisible(False)
        for name, last_index in month_spans([monday for monday, _ in weeks]):
            weeks_axis.append(name, last_index + 0.5)
        counts_axis = charts.QValueAxis()
        counts_axis.setRange(0, max([count for _, count in weeks] + [1]))
        counts_axis.setLabelFormat("%d")
        counts_axis.applyNiceNumbers()
        for axis, side in ((weeks_axis, Qt.AlignmentFlag.AlignBottom),
                           (counts_axis, Qt.AlignmentFlag.AlignLeft)):
            self._style_axis(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        return chart

    def _pain_chart(self, series_rows: list[dict[str, Any]]) -> Any:
        charts = self._charts
        chart = self._new_chart("Pain before and after (0–10)")
        colours = {"pain_before": QColor("#c9733a"),
                   "pain_after": self.palette().color(QPalette.ColorRole.Highlight)}
        lines = {}
        for field, name in (("pain_before", "Before"), ("pain_after", "After")):
            line = charts.QLineSeries()
            line.setName(name)
            line.setPen(QPen(colours[field], 2.5))
            line.setPointsVisible(len(series_rows) <= 60)
            for row in series_rows:
                if row[field] is not None:
                    moment = datetime.fromisoformat(row["started_at"])
                    line.append(moment.timestamp() * 1000, row[field])
            chart.addSeries(line)
            lines[field] = line
        time_axis = charts.QDateTimeAxis()
        time_axis.setFormat("d MMM")
        time_axis.setTickCount(6)
        pain_axis = charts.QValueAxis()
        pain_axis.setRange(0, 10)
        pain_axis.setTickCount(6)
        pain_axis.setLabelFormat("%d")
        for axis, side in ((time_axis, Qt.AlignmentFlag.AlignBottom),
                           (pain_axis, Qt.AlignmentFlag.AlignLeft)):
            self._style_axis(axis)
            chart.addAxis(axis, side)
            for line in lines.values():
                line.attachAxis(axis)
        return chart


# --- the window --------------------------------------------------------------------------

# Most of the width goes to the table, so routine names read whole; the session pane needs
# little more than its step bars.
TABLE_SHARE = 2 / 3


class HistoryWindow(QWidget):
    """Past sessions with filters, the chosen session's detail, what helps, and charts.

    Dialogs sit behind small methods (`confirm_delete`, `choose_export_file`,
    `choose_import_file`, `tell`) so tests can answer them.
    """

    def __init__(self, log: SessionLog, parent: QWidget | None = None):
        super().__init__(parent)
        self.log = log
        self.setWindowTitle("History — Spasm Timer")
        self.model = SessionTableModel(log, self)
        self.charts: ChartsPanel | None = None
        # What helps and the chart series are read when their tab shows.
        self._what_helps_stale = self._charts_stale = True
        self._build()
        self._reset_filters()
        self.model.modelReset.connect(self._select_first)
        self._apply_filters()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        title = set_role(QLabel("History"), "title")
        self.export_button = QPushButton("Export…")
        self.import_button = QPushButton("Import…")
        self.export_button.clicked.connect(self.export_log)
        self.import_button.clicked.connect(self.import_log)
        self.report_button = make_report_button(self)
        self.report_button.clicked.connect(self.save_report)
        self.message = set_role(QLabel(), "hint")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(self.message, stretch=1)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        top.addWidget(self.report_button)

        self.empty = set_role(QLabel(EMPTY_TEXT), "subtitle")
        self.empty.setWordWrap(True)
        moving = set_role(QLabel("Moving from another computer? Bring your sessions over with "
                                 "Import… at the top."), "hint")
        moving.setWordWrap(True)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch()
        for label in (self.empty, moving):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(label)
        empty_layout.addStretch()
        self.pages = QStackedWidget()
        self.pages.addWidget(empty_page)
        self.pages.addWidget(self._build_content())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 18)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.pages, stretch=1)
        self.resize(1240, 780)

    def _build_content(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_cards())
        splitter = QSplitter()
        self.splitter = splitter
        self._split_done = False
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_table())
        splitter.addWidget(self._build_tabs())
        splitter.setStretchFactor(0, 1)
        layout.addWidget(splitter, stretch=1)
        return content

    def _build_filters(self) -> QHBoxLayout:
        self.routine_combo = QComboBox()
        self.routine_combo.setMinimumContentsLength(14)
        self.from_date, self.to_date = QDateEdit(), QDateEdit()
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.status_combo = QComboBox()
        for label, status in STATUS_CHOICES:
            self.status_combo.addItem(label, status)
        row = QHBoxLayout()
        row.setSpacing(10)
        for label, widget in (("Routine", self.routine_combo), ("From", self.from_date),
                              ("To", self.to_date), ("Status", self.status_combo)):
            row.addWidget(buddy_label(label, widget))  # read as the control's name
            row.addWidget(widget)
            row.addSpacing(14)
        row.addStretch()
        self.routine_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_combo.currentIndexChanged.connect(self._apply_filters)
        self.from_date.dateChanged.connect(self._apply_filters)
        self.to_date.dateChanged.connect(self._apply_filters)
        return row

    def _build_cards(self) -> QHBoxLayout:
        self.sessions_card = StatCard("sessions")
        self.minutes_card = StatCard("minutes")
        self.streak_card = StatCard("days in a row")
        row = QHBoxLayout()
        row.setSpacing(14)
        for card in (self.sessions_card, self.minutes_card, self.streak_card):
            row.addWidget(card)
        row.addStretch()
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setAccessibleName("Sessions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        # Air between columns: the cells are read from across the room.
        self.table.setStyleSheet("QTableView::item { padding: 0 6px; }"
                                 " QHeaderView::section { padding: 4px 6px; }")
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2.2))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Each column as wide as its widest possible text, measured once from sample texts
        # (asking Qt to fit the contents reads every loaded cell, many times over); the
        # routine name gets the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.setSectionResizeMode(COLUMNS.index("Routine"), QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        return self.table

    def _size_columns(self) -> None:
        """Widths from the font: the widest text each column can hold, and its heading."""
        cells, heading = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()

        def widest(metrics: Any, texts: Any) -> int:
            return max(metrics.horizontalAdvance(text) for text in texts)

        day = max(_DAYS, key=cells.horizontalAdvance)
        month = max(_MONTHS, key=cells.horizontalAdvance)
        samples = {"Date": [f"{day} 28 {month} 2026, 20:48"],
                   "Time": ["59:59", "1 h 55 min"],
                   "Status": list(_STATUS_LABELS.values()),
                   "Pain": ["10 → 10"]}
        for column, name in enumerate(COLUMNS):
            if name in samples:
                # 6 px of padding each side (the stylesheet above) plus the view's margins.
                width = max(widest(cells, samples[name]), widest(heading, [name])) + 24
                self.table.horizontalHeader().resizeSection(column, width)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_done:
            # Split once the real width is known: sizes set while the window is still being
            # built are scaled by Qt in ways that leave the table narrow.
            self._split_done = True
            width = self.splitter.width()
            self.splitter.setSizes([round(width * TABLE_SHARE), round(width * (1 - TABLE_SHARE))])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self._size_columns()  # the text size setting changed
        super().changeEvent(event)

    def _build_tabs(self) -> QTabWidget:
        self.detail = SessionDetail(self.log)
        self.detail.changed.connect(self._session_changed)
        self.detail.delete_requested.connect(self.delete_session)
        self.what_helps = WhatHelps()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, "This session")
        self.tabs.addTab(self.what_helps, "What helps")
        self.charts_holder = QWidget()
        QVBoxLayout(self.charts_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.charts_holder, "Charts")
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
        self.routine_combo.addItem("All routines", None)
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
        """The current filter, with a day bound dropped when it takes in every session logged.

        The same sessions either way; but a bound makes SQLite walk the start-time index
        and look each row up, while the totals read every row anyway: one pass over the
        table is much faster for years of logs.
        """
        chosen = self.current_filter()
        span = day_span(self.log)
        if span is None:
            return chosen
        first, last = span
        return replace(chosen,
                       since=None if chosen.since is None or chosen.since <= first
                       else chosen.since,
                       until=None if chosen.until is None or chosen.until >= last
                       else chosen.until)

    def _apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())
        self.refresh_stats()

    def refresh_stats(self) -> None:
        """Totals, what helps and charts for the chosen routine, days and status.

        What helps and the chart series are read only while their tab is showing (or the
        next time it is shown): the totals on top are all the window needs to open.
        """
        chosen = self._stats_filter()
        self.stats = self.log.totals(chosen.since, chosen.until, chosen.routine_id, chosen.status)
        has_sessions = self.log.count() > 0
        self.pages.setCurrentIndex(1 if has_sessions else 0)
        self.export_button.setEnabled(has_sessions)
        self.report_button.setEnabled(has_sessions)
        sessions, minutes = self.stats["sessions"], round(self.stats["minutes"])
        streak = self.stats["day_streak"]
        self.sessions_card.set_value(str(sessions), "session" if sessions == 1 else "sessions")
        self.minutes_card.set_value(f"{minutes:,}", "minute" if minutes == 1 else "minutes")
        self.streak_card.set_value(str(streak), "day in a row" if streak == 1 else "days in a row")
        self._what_helps_stale = self._charts_stale = True
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, number: int) -> None:
        shown = self.tabs.widget(number)
        if shown is self.what_helps:
            self._show_what_helps()
        elif shown is self.charts_holder:
            self._show_charts()

    def _show_what_helps(self) -> None:
        if self._what_helps_stale:
            chosen = self._stats_filter()
            self.what_helps.show_drops(self.log.what_helps(chosen.since, chosen.until,
                                                           chosen.routine_id, chosen.status))
            self._what_helps_stale = False

    def _show_charts(self) -> None:
        """Builds the charts on first use (QtCharts loads then) and draws the current series."""
        if self.charts is None:
            self.charts = ChartsPanel()
            self.charts_holder.layout().addWidget(self.charts)
        elif not self._charts_stale:
            return
        chosen = self._stats_filter()
        self.charts.show_stats(self.log.chart_series(chosen.since, chosen.until,
                                                     chosen.routine_id, chosen.status))
        self._charts_stale = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.save_notes()  # notes typed just before closing are kept
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
        answer = QMessageBox.question(
            self, "Delete this session?",
            f"{session['routine_name']}, {format_started(session['started_at'])}, with its "
            "steps, ratings and notes will be deleted. This cannot be undone.",
            QMessageBox.StandardButton.Delete | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Delete

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
        self.tell(f"Deleted {session['routine_name']}, {format_started(session['started_at'])}.")

    # --- export and import ------------------------------------------------------------

    def choose_export_file(self) -> str | None:
        """Where to write the export; JSON can be imported again, CSV opens in a spreadsheet."""
        name = f"spasm-timer-log-{date.today().isoformat()}.json"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export your sessions", str(Path.home() / name),
            "Spasm Timer log (*.json);;Spreadsheet (*.csv)")
        return path or None

    def choose_import_file(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, "Import sessions", str(Path.home()),
                                              "Spasm Timer log (*.json)")
        return path or None

    def tell(self, text: str, problem: bool = False) -> None:
        """Says how an action went: in the window, and in a dialog for problems."""
        self.message.setText(text)
        if problem:
            QMessageBox.warning(self, "Spasm Timer", text)

    def export_log(self) -> None:
        self.detail.save_notes()
        path = self.choose_export_file()
        if path is None:
            return
        write = exchange.export_csv if path.lower().endswith(".csv") else exchange.export_json
        try:  # the file dialog has asked before choosing an existing file
            count = write(self.log, path, replace=True)
        except (OSError, LogError) as error:
            self.tell(f"Could not export to {Path(path).name}: {error}", problem=True)
            return
        self.tell(f"Exported {count:,} session{'s' if count != 1 else ''} to {Path(path).name}.")

    def save_report(self) -> None:
        """The report for a doctor, for the days chosen in the filters."""
        self.detail.save_notes()
        chosen = self.current_filter()
        told = save_report(self, self.log, chosen.since, chosen.until)
        if told is not None:
            self.tell(*told)

    def import_log(self) -> None:
        path = self.choose_import_file()
        if path is None:
            return
        try:
            added, skipped = exchange.import_json(self.log, path)
        except exchange.ImportFileError as error:
            self.tell(f"{Path(path).name} was not imported: {error}", problem=True)
            return
        except LogError as error:
            self.tell(f"Could not import: {error}", problem=True)
            return
        self._reset_filters()
        self._apply_filters()
        self.tell(f"Added {added:,}, skipped {skipped:,} already in your log.")
