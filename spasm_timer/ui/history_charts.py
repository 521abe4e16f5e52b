"""The history's charts: sessions per week, and pain before and after over time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import _, current_language, pgettext
from spasm_timer.local_formats import short_month_name
from spasm_timer.storage.log import CHART_WEEKS

CHART_POINTS = 300  # newest rated sessions drawn; thousands of points are a smudge
PAIN_POINTS_EACH = 60  # more rated sessions than this are drawn as weekly averages
# Axis numbers without decimals. Not "%d": with the language's own numbers (the charts'
# localizeNumbers, for month names on the time axis) Qt draws no label at all for it.
WHOLE_NUMBERS = "%.0f"


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
        year, number, _weekday = day.isocalendar()
        filled.append((day, counts.get(f"{year}-W{number:02d}", 0)))
        day += timedelta(weeks=1)
    return filled[-CHART_WEEKS:]


def week_labels(mondays: list[date], most: int = 6) -> list[tuple[str, int]]:
    """('3 Nov', index) for the bars to label: each labelled bar is a week, named by its
    Monday; every bar when they are few, every second or fourth when a label per bar would
    be too narrow to read."""
    step = 1
    while len(mondays) > most * step:
        step *= 2
    return [(day_and_month(monday), index)
            for index, monday in enumerate(mondays) if index % step == 0]


def day_and_month(day: date) -> str:
    """ "3 Nov", "3. Nov.", "3 nov.": a day on a chart's axis."""
    return pgettext("chart day", "{day} {month}").format(day=day.day,
                                                          month=short_month_name(day.month))


def weekly_pain(series_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pain series as one point per ISO week: the average before and after of the
    week's rated sessions, at its Monday. Hundreds of sessions drawn one by one are a
    zigzag; a week's average shows the trend."""
    weeks: dict[date, dict[str, list[int]]] = {}
    for row in series_rows:
        day = date.fromisoformat(row["started_at"][:10])
        monday = day - timedelta(days=day.weekday())
        week = weeks.setdefault(monday, {"pain_before": [], "pain_after": []})
        for field in ("pain_before", "pain_after"):
            if row[field] is not None:
                week[field].append(row[field])
    return [{"started_at": monday.isoformat(),
             **{field: round(sum(values) / len(values), 1) if values else None
                for field, values in week.items()}}
            for monday, week in sorted(weeks.items())]


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
            # Both charts share a 768-pixel screen's height rather than scroll the page.
            view.setMinimumHeight(self.fontMetrics().height() * 10)
            layout.addWidget(view)

    def _new_chart(self, title: str) -> Any:
        chart = self._charts.QChart()
        chart.setTitle(title)
        # The time axis names months in the language in use.
        chart.setLocale(QLocale(current_language()))
        chart.setLocalizeNumbers(True)
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

    def _weekly_chart(self, weeks: list[tuple[date, int]]) -> Any:
        charts = self._charts
        chart = self._new_chart(_("Sessions per week (weeks from Monday)"))
        bars = charts.QBarSet(_("Sessions"))
        bars.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        bars.append([count for _monday, count in weeks])
        series = charts.QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        chart.legend().hide()
        # Bars stand at 0, 1, 2...; a category axis names the week (its Monday) under the bars
        # it labels, each label spanning from its bar to the next labelled one.
        weeks_axis = charts.QCategoryAxis()
        weeks_axis.setRange(-0.5, max(len(weeks), 1) - 0.5)
        weeks_axis.setStartValue(-0.5)
        weeks_axis.setGridLineVisible(False)
        labels = week_labels([monday for monday, _count in weeks])
        ends = [index - 0.5 for _name, index in labels[1:]] + [len(weeks) - 0.5]
        for (name, _index), end in zip(labels, ends, strict=True):
            weeks_axis.append(name, end)
        counts_axis = charts.QValueAxis()
        counts_axis.setRange(0, max([count for _monday, count in weeks] + [1]))
        counts_axis.setLabelFormat(WHOLE_NUMBERS)
        counts_axis.applyNiceNumbers()
        for axis, side in ((weeks_axis, Qt.AlignmentFlag.AlignBottom),
                           (counts_axis, Qt.AlignmentFlag.AlignLeft)):
            self._style_axis(axis)
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        return chart

    def _pain_chart(self, series_rows: list[dict[str, Any]]) -> Any:
        charts = self._charts
        title = _("Pain before and after (0–10)")
        if len(series_rows) > PAIN_POINTS_EACH:
            series_rows = weekly_pain(series_rows)
            title = _("Pain before and after, weekly average (0–10)")
        chart = self._new_chart(title)
        colours = {"pain_before": QColor("#c9733a"),
                   "pain_after": self.palette().color(QPalette.ColorRole.Highlight)}
        lines = {}
        for field, name in (("pain_before", pgettext("pain", "Before")),
                            ("pain_after", pgettext("pain", "After"))):
            line = charts.QLineSeries()
            line.setName(name)
            line.setPen(QPen(colours[field], 2.5))
            line.setPointsVisible(len(series_rows) <= PAIN_POINTS_EACH)
            for row in series_rows:
                if row[field] is not None:
                    moment = datetime.fromisoformat(row["started_at"])
                    line.append(moment.timestamp() * 1000, row[field])
            chart.addSeries(line)
            lines[field] = line
        time_axis = charts.QDateTimeAxis()
        # A Qt date format: d the day, MMM the month's short name.
        time_axis.setFormat(pgettext("chart date axis", "d MMM"))
        time_axis.setTickCount(6)
        pain_axis = charts.QValueAxis()
        pain_axis.setRange(0, 10)
        pain_axis.setTickCount(6)
        pain_axis.setLabelFormat(WHOLE_NUMBERS)
        for axis, side in ((time_axis, Qt.AlignmentFlag.AlignBottom),
                           (pain_axis, Qt.AlignmentFlag.AlignLeft)):
            self._style_axis(axis)
            chart.addAxis(axis, side)
            for line in lines.values():
                line.attachAxis(axis)
        return chart
