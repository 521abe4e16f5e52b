"""The table of past sessions, newest first, read from the log a page at a time.

Years of daily sessions are tens of thousands of rows; the model counts them with one query
and loads 200 at a time as the person scrolls, so the history opens at once however long it is.
The texts the history shows for a session (its date, time, status, summary) are here too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from spasm_timer.core import durations
from spasm_timer.i18n import N_, _, current_language, ngettext, pgettext
from spasm_timer.local_formats import short_month_name, short_weekday_name
from spasm_timer.storage.history_queries import (
    HistoryFilter,
    page_of_rows,
    row_of,
)
from spasm_timer.storage.log import SessionLog

PAGE_SIZE = 200
# The columns' headings in English (also the keys by which the table sizes them); shown
# through _().
COLUMNS = (N_("Date"), N_("Routine"), N_("Time"), N_("Status"), N_("Pain"))
DATE, ROUTINE, TIME, STATUS, PAIN = range(len(COLUMNS))
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole
MISSING = "—"

# How each status stored in the log (English, never translated) reads in the table.
_STATUS_LABELS = {"completed": N_("Completed"), "stopped": N_("Stopped early"),
                  "interrupted": N_("Interrupted")}

AnyIndex = QModelIndex | QPersistentModelIndex


def format_started(started_at: str, today: date | None = None) -> str:
    """'Sat 21 Nov, 10:30'; the year is added for sessions of another year.

    The wall-clock time is the one stored, the time as the person lived it (the log keeps
    local time with its offset), not converted to wherever the computer is now.
    """
    moment = datetime.fromisoformat(started_at)
    parts = {"weekday": short_weekday_name(moment.weekday()), "day": moment.day,
             "month": short_month_name(moment.month), "time": f"{moment:%H:%M}"}
    if moment.year == (today or date.today()).year:
        return pgettext("session start", "{weekday} {day} {month}, {time}").format(**parts)
    return pgettext("session start", "{weekday} {day} {month} {year}, {time}").format(
        year=moment.year, **parts)


def format_started_in_two_lines(started_at: str, today: date | None = None) -> str:
    """'Sat 21 Nov' over '10:30': the table's narrow date column. The year, for sessions of
    another year, goes on the second line before the time ('2025, 10:30')."""
    moment = datetime.fromisoformat(started_at)
    parts = {"weekday": short_weekday_name(moment.weekday()), "day": moment.day,
             "month": short_month_name(moment.month), "time": f"{moment:%H:%M}"}
    if moment.year == (today or date.today()).year:
        return pgettext("session start, two lines", "{weekday} {day} {month}\n{time}").format(
            **parts)
    return pgettext("session start, two lines",
                    "{weekday} {day} {month}\n{year}, {time}").format(year=moment.year, **parts)


def format_clock(seconds: float | None) -> str:
    """'12:05' under an hour, '1:05:00' from an hour on: the table's narrow time column."""
    return MISSING if seconds is None else durations.format_clock(round(seconds))


def format_active(seconds: float | None) -> str:
    """'12:05' under an hour, '1 h 5 min' from an hour on."""
    if seconds is None or round(seconds) < 3600:
        return format_clock(seconds)
    whole = round(seconds)
    return _("{hours} h {minutes} min").format(hours=whole // 3600,
                                                minutes=whole % 3600 // 60)


def whole_number(count: int) -> str:
    """ "1,234" in English, "1.234" in German: grouped as the language in use groups it."""
    from PySide6.QtCore import QLocale

    return QLocale(current_language()).toString(count)


def format_pain(before: int | None, after: int | None) -> str:
    """'7 → 3'; a missing rating is a dash, and no rating at all is one dash."""
    if before is None and after is None:
        return MISSING
    return f"{MISSING if before is None else before} → {MISSING if after is None else after}"


def status_label(status: str) -> str:
    """The status as the person reads it; the log keeps the English word."""
    label = _STATUS_LABELS.get(status)
    return _(label) if label is not None else status.capitalize()


def status_labels() -> list[str]:
    """Every status as the table shows it (to size its column)."""
    return [_(label) for label in _STATUS_LABELS.values()]


class SessionTableModel(QAbstractTableModel):
    """Sessions matching a HistoryFilter, newest first, fetched lazily in pages.

    `rowCount()` is the rows loaded so far; `canFetchMore()` says whether the log holds more
    (each page asks for one row more than it shows: no COUNT over a million sessions).
    Steps are never loaded here: the detail pane reads one session's steps when it is chosen.
    """

    def __init__(self, log: SessionLog, parent: Any = None, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._log = log
        self._page_size = page_size
        self._filter = HistoryFilter()
        self._rows: list[dict[str, Any]] = []
        self._cells: list[tuple[str, ...]] = []  # each row's texts, made once when it loads
        self._more = False  # whether the log holds rows after the last one loaded
        self._load_first_page()

    # --- what the window asks -------------------------------------------------------------

    @property
    def current_filter(self) -> HistoryFilter:
        return self._filter

    def set_filter(self, chosen: HistoryFilter) -> None:
        """Shows the sessions matching `chosen`, from the newest."""
        self._filter = chosen
        self.reload()

    def reload(self) -> None:
        """Reads the log again from the first page, e.g. after an import."""
        self.beginResetModel()
        self._load_first_page()
        self.endResetModel()

    def session_id(self, row: int) -> str:
        return str(self._rows[row]["id"])

    def row_of_session(self, session_id: str) -> int | None:
        """The row showing a session, if it is loaded."""
        for number, row in enumerate(self._rows):
            if row["id"] == session_id:
                return number
        return None

    def refresh_session(self, session_id: str) -> None:
        """Re-reads one row after its pain ratings changed."""
        number = self.row_of_session(session_id)
        fresh = row_of(self._log, session_id)
        if number is None or fresh is None:
            return
        self._rows[number] = fresh
        self._cells[number] = self._row_texts(fresh, date.today())
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))

    def remove_session(self, session_id: str) -> None:
        """Takes a deleted session's row out without reloading the rest."""
        number = self.row_of_session(session_id)
        if number is None:
            return
        self.beginRemoveRows(QModelIndex(), number, number)
        del self._rows[number]
        del self._cells[number]
        self.endRemoveRows()

    # --- lazy loading ---------------------------------------------------------------------

    def _page(self, after: tuple[str, str] | None) -> list[dict[str, Any]]:
        page = page_of_rows(self._log, self._filter, self._page_size + 1, after)
        self._more = len(page) > self._page_size
        return page[:self._page_size]

    def _load_first_page(self) -> None:
        self._rows = self._page(None)
        self._cells = self._texts_of(self._rows)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        last = self._rows[-1] if self._rows else None
        after = (last["started_at"], last["id"]) if last else None
        page = self._page(after)
        if not page:  # the log shrank under us (another window deleted sessions)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self._cells.extend(self._texts_of(page))
        self.endInsertRows()

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = index.column()
        # The routine name may be cut short in a narrow window: its tooltip and the text a
        # screen reader reads give it whole, as the display text does.
        if role == Qt.ItemDataRole.DisplayRole or (
                role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
                and column == ROUTINE):
            return self._cells[index.row()][column] if 0 <= column < len(COLUMNS) else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == DATE:
            # Read as one phrase, as the session pane writes it, not as two lines.
            return format_started(self._rows[index.row()]["started_at"])
        if role == SESSION_ID_ROLE:
            return self._rows[index.row()]["id"]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (TIME, PAIN):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @classmethod
    def _texts_of(cls, rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
        """The cells of a page, formatted once as it loads: the view asks for each cell
        many times (painting, sizing), and then it is a lookup."""
        today = date.today()
        return [cls._row_texts(row, today) for row in rows]

    @staticmethod
    def _row_texts(row: dict[str, Any], today: date) -> tuple[str, ...]:
        """The row's cells in COLUMNS order."""
        return (format_started_in_two_lines(row["started_at"], today),
                str(row["routine_name"] or row["routine_id"]),
                format_clock(row["active_seconds"]),
                status_label(row["status"]),
                format_pain(row["pain_before"], row["pain_after"]))


def step_label(step: dict[str, Any]) -> str:
    """'2. Calf stretch · left · round 2': the title plus what tells repeats apart."""
    parts = [f"{step['index']}. {step['title']}"]
    if step["side"]:
        parts.append(side_name(step["side"]))
    if step["repetition"] > 1:
        parts.append(_("round {number}").format(number=step["repetition"]))
    return " · ".join(parts)


def side_name(side: str) -> str:
    """A side as the log stores it ("left", "right"), in the language in use."""
    names = {"left": pgettext("side", "left"), "right": pgettext("side", "right")}
    return names.get(side, side)


def session_summary(session: dict[str, Any]) -> str:
    """One line on a session: when, how it ended, its time, its steps and pauses.

    The steps are the routine's steps, as the start and end screens count them; the
    timeline shows each round (side, repeat) of a step on its own line.
    """
    from spasm_timer.core.step_counts import count_steps  # the end screen's rule too

    steps = {step["index"] for step in session["steps"]}
    skipped = count_steps((step["index"], step["outcome"]) for step in session["steps"]).skipped
    counted = ngettext("{count} step", "{count} steps", len(steps)).format(count=len(steps))
    if skipped:
        counted = ngettext("{count} step, {skipped} skipped", "{count} steps, {skipped} skipped",
                           len(steps)).format(count=len(steps), skipped=skipped)
    parts = [format_started(session["started_at"]), status_label(session["status"]),
             _("{active} of {planned}").format(active=format_active(session["active_seconds"]),
                                               planned=format_active(session["planned_seconds"])),
             counted]
    if session["pauses"]:
        parts.append(_("paused {count}×").format(count=session["pauses"]))
    # No-break spaces inside each part: a wrapped line breaks between parts, not in them.
    return "  ·  ".join(part.replace(" ", "\u00a0") for part in parts)
