"""The report for a doctor or physiotherapist as a printable PDF, laid out by Qt.

A QTextDocument (tables that break across pages, page numbers, real text a reader can search
and copy) printed on a QPdfWriter; the two charts are drawn with QPainter into images. All in
black, white and greys: solid lines and filled marks against dashed lines and open marks, so
a black-and-white copy reads the same. Needs a QGuiApplication (the offscreen platform will do).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from spasm_timer import __version__
from spasm_timer.i18n import N_, _, ngettext, pgettext
from spasm_timer.local_formats import (
    decimal,
    long_date,
    session_status,
    short_date,
    whole_number,
)
from spasm_timer.storage.report_data import NOT_A_MEDICAL_DEVICE, ReportData, Week, periods
from spasm_timer.ui.rich_text import escape_html as _e

CHART_WIDTH, CHART_HEIGHT = 1800, 600  # pixels; shown 16 cm wide, so about 280 dpi
CHART_SHOWN_WIDTH = 560  # in the document's units
MAX_NOTES_SHOWN = 500  # the newest; a few pages of them at most
_BLACK, _GREY, _LIGHT = QColor(0, 0, 0), QColor(110, 110, 110), QColor(200, 200, 200)

_STYLE = """
body { font-size: 10pt; color: #000; }
h1 { font-size: 18pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; }
table { border-collapse: collapse; font-size: 9pt; }
th { text-align: left; background-color: #e6e6e6; }
td.n, th.n { text-align: right; }
p.note { font-style: italic; }
"""


def write_report_pdf(data: ReportData, target: Path, made_on: date | None = None) -> None:
    """Writes the report to `target` (an A4 PDF). Raises OSError when it cannot be written."""
    document = build_document(data, made_on or date.today())
    writer = QPdfWriter(str(target))
    writer.setTitle(_("Spasm Timer: self-massage record"))
    writer.setCreator(f"Spasm Timer {__version__}")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document.print_(writer)
    # QPdfWriter says nothing when it cannot write the file; an empty or missing file says it.
    if not target.exists() or target.stat().st_size == 0:
        raise OSError(f"the PDF could not be written to {target}")


def build_document(data: ReportData, made_on: date) -> QTextDocument:
    """The report as a QTextDocument, charts included as image resources."""
    document = QTextDocument()
    font = QFont("sans-serif", 10)
    # No ligatures: "ff" and "fi" stay letters, so a reader can search and copy the text.
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_STYLE)
    # The page width the charts are laid out for; printing keeps the proportions.
    document.setPageSize(QSizeF(680, 960))
    if data.weeks:
        _, shown = periods(data)
        document.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl("chart:weeks"), sessions_chart(shown))
        document.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl("chart:pain"), pain_chart(shown))
    document.setHtml(report_html(data, made_on))
    document.setPageSize(QSizeF())  # let printing choose the page and number the pages
    return document


# --- text -----------------------------------------------------------------------------------

# The report's wording for each period `periods` may choose, one whole phrase each, so that
# a translation can decline the word as its language needs.
_PER_PERIOD = {
    "week": {"heading": N_("Sessions per week"), "column": N_("Week"),
             "pain heading": N_("Pain before and after, week by week"),
             "pain key": N_("Solid line, filled circles: average pain before the sessions of "
                            "the week. Dashed line, open squares: average pain after. 0 is no "
                            "pain, 10 the worst.")},
    "month": {"heading": N_("Sessions per month"), "column": N_("Month"),
              "pain heading": N_("Pain before and after, month by month"),
              "pain key": N_("Solid line, filled circles: average pain before the sessions of "
                             "the month. Dashed line, open squares: average pain after. 0 is "
                             "no pain, 10 the worst.")},
    "year": {"heading": N_("Sessions per year"), "column": N_("Year"),
             "pain heading": N_("Pain before and after, year by year"),
             "pain key": N_("Solid line, filled circles: average pain before the sessions of "
                            "the year. Dashed line, open squares: average pain after. 0 is no "
                            "pain, 10 the worst.")},
}


def _period_words(unit: str, what: str) -> str:
    return _(_PER_PERIOD.get(unit, _PER_PERIOD["week"])[what])


def _day(value: date | None) -> str:
    return long_date(value) if value else "–"


def _rating(value: float | None) -> str:
    return "–" if value is None else decimal(value)


_TABLE = "<table width='100%' cellspacing='0' cellpadding='3'>"


def report_html(data: ReportData, made_on: date) -> str:
    first, last = data.period
    period = _("<b>Period covered:</b> {first} to {last}").format(first=_day(first),
                                                                  last=_day(last))
    made = _("made with Spasm Timer {version} on {day}").format(version=__version__,
                                                                day=_day(made_on))
    scale = _("Pain is the person's own rating, 0 (none) to 10 (worst).")
    parts = [
        f"<h1>{_e(_('Self-massage record'))}</h1>",
        f"<p>{period} &nbsp;·&nbsp; {_e(made)}</p>",
        f"<p class='note'>{_e(_(NOT_A_MEDICAL_DEVICE))} {_e(scale)}</p>",
    ]
    if not data.sessions:
        parts.append(f"<p>{_e(_('No sessions were logged in this period.'))}</p>")
        return "".join(parts)
    parts += [_summary_html(data), _weeks_html(data), _pain_html(data), _routines_html(data),
              _notes_html(data)]
    return "".join(parts)


def _row(label: str, figure: str, comment: str) -> str:
    return (f"<tr><td>{_e(label)}</td><td class='n'>{figure}</td>"
            f"<td>{_e(comment)}</td></tr>")


def _summary_html(data: ReportData) -> str:
    statuses = ", ".join(
        pgettext("status count", "{count} {status}").format(count=whole_number(count),
                                                            status=session_status(status))
        for status, count in sorted(data.statuses.items(), key=lambda item: -item[1]))
    weeks = max(1, len(data.weeks))
    rated_before = [v for w in data.weeks for v in w.pain_before]
    rated_after = [v for w in data.weeks for v in w.pain_after]
    return (
        f"<h2>{_e(_('In short'))}</h2>{_TABLE}"
        + _row(_("Sessions"), whole_number(data.sessions), statuses)
        + _row(_("Minutes of self-massage"), whole_number(data.minutes),
               _("{minutes} per session").format(
                   minutes=decimal(data.minutes / data.sessions)))
        + _row(_("Weeks with sessions"), whole_number(len(data.weeks)),
               _("{sessions} sessions per such week").format(
                   sessions=decimal(data.sessions / weeks)))
        + _row(_("Average pain before"), _rating(_mean(rated_before)),
               _rated(len(rated_before)))
        + _row(_("Average pain after"), _rating(_mean(rated_after)),
               _rated(len(rated_after)))
        + "</table>"
    )


def _rated(count: int) -> str:
    return ngettext("{count} session rated", "{count} sessions rated", count).format(
        count=whole_number(count))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _header(*columns: tuple[str, str]) -> str:
    """A table's header row: (text, the cell's attributes)."""
    cells = "".join(f"<th{' ' + attributes if attributes else ''}>{_e(text)}</th>"
                    for text, attributes in columns)
    return f"<thead><tr>{cells}</tr></thead>"


_NUMBER = "class='n'"


def _weeks_html(data: ReportData) -> str:
    """Per week; per month or year when the period is long (see `periods`)."""
    unit, shown = periods(data)
    rows = "".join(
        f"<tr><td>{w.week}</td><td>{short_date(w.first_day)}</td>"
        f"<td class='n'>{whole_number(w.sessions)}</td><td class='n'>{whole_number(w.minutes)}</td>"
        f"<td class='n'>{_rating(w.average_before)}</td>"
        f"<td class='n'>{_rating(w.average_after)}</td></tr>" for w in shown)
    header = _header((_period_words(unit, "column"), ""), (_("From"), ""),
                     (_("Sessions"), _NUMBER), (_("Minutes"), _NUMBER),
                     (_("Pain before"), _NUMBER), (_("Pain after"), _NUMBER))
    return (
        f"<h2>{_e(_period_words(unit, 'heading'))}</h2>"
        f"<p><img src='chart:weeks' width='{CHART_SHOWN_WIDTH}'></p>"
        f"{_TABLE}{header}{rows}</table>"
    )


def _pain_html(data: ReportData) -> str:
    unit, _shown = periods(data)
    if not data.pain_points:
        return (f"<h2>{_e(_('Pain before and after'))}</h2>"
                f"<p>{_e(_('No session was rated in this period.'))}</p>")
    return (
        f"<h2>{_e(_period_words(unit, 'pain heading'))}</h2>"
        f"<p><img src='chart:pain' width='{CHART_SHOWN_WIDTH}'></p>"
        f"<p>{_e(_period_words(unit, 'pain key'))}</p>"
    )


def _routines_html(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>{_e(r.name)}</td><td class='n'>{whole_number(r.sessions)}</td>"
        f"<td class='n'>{whole_number(r.minutes)}</td>"
        f"<td class='n'>{_rating(r.average_before)}</td>"
        f"<td class='n'>{_rating(r.average_after)}</td>"
        f"<td class='n'>{_change(r.average_drop)}</td><td class='n'>{len(r.drops)}</td></tr>"
        for r in data.routines)
    header = _header((_("Routine"), "width='34%'"), (_("Sessions"), _NUMBER),
                     (_("Minutes"), _NUMBER), (_("Before"), _NUMBER), (_("After"), _NUMBER),
                     (_("Change"), _NUMBER), (_("Rated"), _NUMBER))
    explained = _("Before and after: the average pain rated before and after the routine. "
                  "Change: the average of (before − after) over the sessions rated both times "
                  "(Rated); a positive number means less pain after the routine.")
    return (
        f"<h2>{_e(_('What helps, per routine'))}</h2>"
        f"<p>{_e(explained)}</p>"
        f"{_TABLE}{header}{rows}</table>"
    )


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    return ("-" if value < 0 else "+") + decimal(abs(value))


def _notes_html(data: ReportData) -> str:
    if not data.noted:
        return (f"<h2>{_e(_('Sessions with notes'))}</h2>"
                f"<p>{_e(_('No session in this period has a note.'))}</p>")
    shown = data.noted[-MAX_NOTES_SHOWN:]
    rows = "".join(
        f"<tr><td>{_started_day(s.started_at)}<br>{s.started_at[11:16]}</td>"
        f"<td>{_e(s.routine_name)}</td><td>{_e(session_status(s.status))}</td>"
        f"<td class='n'>{_pain_pair(s.pain_before, s.pain_after)}</td>"
        f"<td>{_e(s.notes)}</td></tr>" for s in shown)
    left_out = len(data.noted) - len(shown)
    more = _("The newest {shown} are shown; the {left_out} before them are in "
             "`spasm-timer export` and in History.").format(shown=whole_number(len(shown)),
                                                             left_out=whole_number(left_out))
    more = f"<p>{_e(more)}</p>" if left_out else ""
    heading = _("Sessions with notes ({count})").format(count=whole_number(len(data.noted)))
    header = _header((_("When"), "width='14%'"), (_("Routine"), "width='20%'"),
                     (_("Ended"), "width='15%'"), (_("Pain"), "width='9%' class='n'"),
                     (_("Note"), ""))
    return f"<h2>{_e(heading)}</h2>{more}{_TABLE}{header}{rows}</table>"


def _started_day(started_at: str) -> str:
    """The day of a session, "18 Nov 26", from its ISO start (read as written: the local day
    the session was logged on)."""
    try:
        return short_date(date.fromisoformat(started_at[:10]))
    except ValueError:
        return _e(started_at[:10])


def _pain_pair(before: int | None, after: int | None) -> str:
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


# --- charts ---------------------------------------------------------------------------------

class _Plot:
    """The drawing area of a chart: value axes on the left, labels along the bottom."""

    def __init__(self, painter: QPainter, count: int, top_value: float) -> None:
        self.painter = painter
        self.area = QRectF(130, 40, CHART_WIDTH - 170, CHART_HEIGHT - 130)
        self.count = max(1, count)
        self.top_value = max(1.0, top_value)

    def x(self, slot: float) -> float:
        return self.area.left() + (slot + 0.5) * self.area.width() / self.count

    def y(self, value: float) -> float:
        return self.area.bottom() - value / self.top_value * self.area.height()

    def axes(self, ticks: list[int], labels: list[str]) -> None:
        painter = self.painter
        painter.setPen(QPen(_LIGHT, 2))
        for tick in ticks:
            painter.drawLine(QPointF(self.area.left(), self.y(tick)),
                             QPointF(self.area.right(), self.y(tick)))
        painter.setPen(QPen(_BLACK, 3))
        painter.drawLine(self.area.bottomLeft(), self.area.bottomRight())
        painter.drawLine(self.area.bottomLeft(), self.area.topLeft())
        for tick in ticks:
            painter.drawText(QRectF(0, self.y(tick) - 25, 115, 50),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(tick))
        step = max(1, -(-len(labels) // 6))  # at most six labels fit under the axis
        for slot in range(0, len(labels), step):
            painter.drawText(QRectF(self.x(slot) - 150, self.area.bottom() + 15, 300, 60),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             labels[slot])


def _new_chart() -> tuple[QImage, QPainter]:
    image = QImage(CHART_WIDTH, CHART_HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("sans-serif")
    font.setPixelSize(40)
    painter.setFont(font)
    return image, painter


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 5))
    return list(range(0, top + 1, step))


def sessions_chart(weeks: list[Week]) -> QImage:
    """Bars: sessions per week, dark grey with a black outline."""
    image, painter = _new_chart()
    top = max(week.sessions for week in weeks)
    plot = _Plot(painter, len(weeks), top)
    plot.axes(_ticks(top), [short_date(week.first_day) for week in weeks])
    bar = max(2.0, plot.area.width() / plot.count * 0.7)
    painter.setPen(QPen(_BLACK, 2))
    painter.setBrush(_GREY)
    for slot, week in enumerate(weeks):
        height = plot.area.bottom() - plot.y(week.sessions)
        painter.drawRect(QRectF(plot.x(slot) - bar / 2, plot.y(week.sessions), bar, height))
    painter.end()
    return image


def pain_chart(weeks: list[Week]) -> QImage:
    """Two lines over 0–10: before solid with filled circles, after dashed with open squares."""
    image, painter = _new_chart()
    plot = _Plot(painter, len(weeks), 10)
    plot.axes([0, 2, 4, 6, 8, 10], [short_date(week.first_day) for week in weeks])
    for attribute, dashed in (("average_before", False), ("average_after", True)):
        points = [QPointF(plot.x(slot), plot.y(value)) for slot, week in enumerate(weeks)
                  if (value := getattr(week, attribute)) is not None]
        pen = QPen(_BLACK, 5)
        if dashed:
            pen.setDashPattern([4, 2])
        painter.setPen(pen)
        painter.setBrush(QColor(0, 0, 0, 0))
        if len(points) > 1:
            painter.drawPolyline(points)
        painter.setPen(QPen(_BLACK, 4))
        painter.setBrush(QColor(255, 255, 255) if dashed else _BLACK)
        for point in points:
            if dashed:
                painter.drawRect(QRectF(point.x() - 11, point.y() - 11, 22, 22))
            else:
                painter.drawEllipse(point, 12, 12)
    painter.end()
    return image
