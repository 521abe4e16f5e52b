"""The routine library: every routine grouped by body area, searchable, opened with Enter.

Files that could not be read are listed in a calm, collapsible banner (library_skipped.py), so a
person who wrote their own routine can fix it; the rest of the library works as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QModelIndex, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import format_seconds
from spasm_timer.core.library import USER, Library, dictionary_order, plain_letters
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import measure
from spasm_timer.i18n import N_, _, ngettext
from spasm_timer.ui.library_skipped import SkippedBanner
from spasm_timer.ui.theme import restyle, set_role

# This page is on screen at start-up, so building it never touches `QtCore.Qt`: PySide makes
# all 93 enums of that namespace on first use (~12 ms), and the first paint has better uses.
# Hence a model with plain-bool item setters, and `QtCore.Qt` only in key handling.


HINT = N_("Arrow keys to move, Enter to open. Type to search.")
# A list longer than this is filled a chunk per turn of the event loop: ten thousand rows at
# once held the window for about a second.
ROWS_PER_TURN = 200
LOADING_HINT = N_("Loading your routines… Arrow keys to move, Enter to open. Type to search.")
# Below this many lines of text high (a 600-pixel screen at any text size, a 768 one at Huge),
# the title, the hint and the search box, about seven lines with their gaps, would leave the
# list room for three routines or fewer. The title then shares a row with the search box, the
# hint, which only repeats what the keys do, makes way while nothing is loading, and a
# routine's name and summary share a line where they fit.
COMPACT_BELOW_LINES = 25
ROW_JOINER = " — "  # a routine's name and its summary on one line
TEXT_MARGINS_PX = 20  # what the style keeps either side of a row's text, and some to spare


def area_label(area: str) -> str:
    """'lower back' → 'Lower back'; the rest as written ('unterer Rücken' keeps its nouns)."""
    text = area.replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def routine_summary(routine: Routine, default_lead_in: int) -> str:
    """'6 min 30 s · 8 steps', plus 'your routine' for the person's own files."""
    _steps, seconds = measure(routine, default_lead_in)
    count = len(routine.steps)
    text = ngettext("{duration} · {count} step", "{duration} · {count} steps", count).format(
        duration=format_seconds(seconds), count=count)
    return text + "   " + _("★ your routine") if routine.origin == USER else text


def row_text(routine: Routine, summary: str,
             one_line_room: tuple[QFontMetrics, int] | None) -> str:
    """The routine's name above its length and steps; beside them, on one line, where
    `one_line_room` (a font's metrics, a width) says they fit."""
    if one_line_room is not None:
        metrics, width = one_line_room
        line = f"{routine.name}{ROW_JOINER}{summary}"
        if metrics.horizontalAdvance(line) <= width:
            return line
    return f"{routine.name}\n{summary}"


class RoutineList(QListView):
    """The list itself; printable keys go to the search box, so typing filters at once."""

    typed = Signal(str)
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text.isprintable() and not text.isspace():
            self.typed.emit(text)
            return
        super().keyPressEvent(event)


class LibraryView(QWidget):
    """The first page: pick a routine. Emits `routine_chosen(Routine)`."""

    routine_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.default_lead_in = 5
        # What each row shows, in order: a routine, or None for an area header.
        self._rows: list[Routine | None] = []
        self._summaries: list[str] = []  # each row's "12 min · 6 steps" ("" for a header)
        self.title = set_role(QLabel(_("Choose a routine")), "title")
        self.hint = hint = set_role(QLabel(_(HINT)), "hint")
        hint.setWordWrap(True)  # "Loading your routines…" too, at Huge text on a small screen
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search routines…"))
        self.search.setAccessibleName(_("Search routines"))
        self.search.setAccessibleDescription(_("Type part of a routine's name or body area"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_first_visible)
        self.search.installEventFilter(self)
        self.banner = SkippedBanner()
        self.banner.hide()
        self.list = RoutineList()
        self.list.setObjectName("routines")
        self.list.setProperty("compact", False)  # the full layout's, set before the first show
        self.list.setAccessibleName(_("Routines"))
        self.list.setAccessibleDescription(_("Grouped by body area; Enter opens the routine"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows are laid out a batch at a time between events, so a list of ten thousand
        # routines shows at once and the window keeps answering while the rest is measured.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(200)
        self.model = QStandardItemModel(self.list)
        self._fill_number = 0
        self._still_filling = False
        self.list.setModel(self.model)
        self.list.typed.connect(self._type_into_search)
        self.list.resized.connect(self._refresh_row_texts)
        self.list.activated.connect(self._open_index)
        self.heading = QGridLayout()
        self.heading.addWidget(hint, 1, 0, 1, 2)
        self.heading.addWidget(self.banner, 2, 0, 1, 2)
        self.compact: bool | None = None  # chosen by the height it gets (_arrange)
        self._rows_laid_for: tuple[int, int] | None = None  # the one-line room rows are for
        self._loading = False
        self.main_layout = layout = QVBoxLayout(self)
        layout.addLayout(self.heading)
        layout.addWidget(self.list, 1)
        self._arrange(compact=False)

    def _arrange(self, compact: bool) -> None:
        """Full: the title, the hint, then the search box, each on its own line. Compact,
        for a short screen: the title and the search box share the top row, and the list
        keeps the rest (see COMPACT_BELOW_LINES)."""
        if compact == self.compact:
            return
        self.compact = compact
        for widget in (self.title, self.search):
            self.heading.removeWidget(widget)
        if compact:
            self.heading.addWidget(self.title, 0, 0)
            self.heading.addWidget(self.search, 0, 1)
        else:
            self.heading.addWidget(self.title, 0, 0, 1, 2)
            self.heading.addWidget(self.search, 3, 0, 1, 2)
        margin, gap = (6, 8) if compact else (24, 12)
        self.main_layout.setContentsMargins(32, margin, 32, margin)
        self.main_layout.setSpacing(gap)
        self.heading.setSpacing(gap)
        self._show_hint()
        # The title a size smaller, and the rows closer together (theme.py): the routines'
        # names keep their size, read from across the room.
        restyle(self.title, "role", "subtitle" if compact else "title")
        restyle(self.list, "compact", compact)
        self._refresh_row_texts()

    def _one_line_room(self) -> tuple[QFontMetrics, int] | None:
        """Where a routine's name and summary may share one line: in the compact layout,
        when they fit the list's width: the row font's metrics and that width."""
        if not self.compact:
            return None
        metrics = QFontMetrics(self._row_font(header=False))
        # Inside the list's edges, less a scroll bar (there or to come), the row's padding of
        # 0.6 em a side (theme.py), the spacing around it and the text's own margins.
        padding = round(1.2 * self.list.fontMetrics().height())
        width = (self.list.contentsRect().width() - self.list.verticalScrollBar().sizeHint().width()
                 - padding - 2 * self.list.spacing() - TEXT_MARGINS_PX)
        return metrics, width

    def _refresh_row_texts(self) -> None:
        """Each routine's row on one line or two, for the layout and width of now."""
        room = self._one_line_room()
        laid_for = None if room is None else (room[0].height(), room[1])
        if laid_for == self._rows_laid_for:
            return  # as they are (most resizes, and always outside the compact layout)
        self._rows_laid_for = laid_for
        for row, routine in enumerate(self._rows):
            if routine is not None:
                text = row_text(routine, self._summaries[row], room)
                item = self.model.item(row)
                if item.text() != text:
                    item.setText(text)

    def _show_hint(self) -> None:
        self.hint.setVisible(self._loading or not self.compact)

    def _arrange_for_height(self) -> None:
        self._arrange(self.height() < COMPACT_BELOW_LINES * self.fontMetrics().lineSpacing())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_for_height()

    def set_library(self, library: Library, default_lead_in: int) -> None:
        """Fills the list; keeps the current routine selected when it still exists. A long
        list shows its first rows at once and the rest a chunk per turn of the event loop
        (`filling` until then), so that the window keeps answering keys."""
        current = self.current_routine()
        if current is not None and current is self._first_shown():
            current = None  # at the top it stays at the top, as new routines come in above it
        self.default_lead_in = default_lead_in
        self.model.clear()
        self._rows = []
        self._summaries = []
        self._fill_number += 1
        self.banner.set_skipped(library.skipped)
        self._fill(self._fill_number, self._planned_rows(library),
                   current.id if current else None, None)

    @property
    def filling(self) -> bool:
        """Rows of the last library set are still being added."""
        return self._still_filling

    @staticmethod
    def _planned_rows(library: Library) -> list[Routine | str]:
        """The rows in order: an area's name before its routines. Areas are told apart by
        the key they are sorted by, so "Füße" and "FÜSSE" are one area under one header,
        not headers taking turns as their routines alternate."""
        rows: list[Routine | str] = []
        area = None
        for routine in library.sorted_routines():
            key = dictionary_order(routine.area)
            if key != area:
                area = key
                rows.append(routine.area)
            rows.append(routine)
        return rows

    def _fill(self, number: int, rows: list[Routine | str], wanted_id: str | None,
              chosen_row: int | None) -> None:
        if number != self._fill_number:
            return  # another library was set meanwhile
        chunk, rest = rows[:ROWS_PER_TURN], rows[ROWS_PER_TURN:]
        self._append_rows(chunk)
        self._still_filling = bool(rest)
        if chosen_row is None or self.search.text().split():
            self._filter(self.search.text())
        if rest:
            if chosen_row is None:
                self._select(wanted_id)  # the routine may still come: chosen again at the end
            chosen = self.list.currentIndex().row() if chosen_row is None else chosen_row
            QTimer.singleShot(0, self, lambda: self._fill(number, rest, wanted_id, chosen))
        elif chosen_row is None or self.list.currentIndex().row() == chosen_row:
            self._select(wanted_id)  # unless the person moved while the list filled

    def set_loading(self, loading: bool) -> None:
        """Says that more routines are on their way (the list fills in as they load)."""
        self.hint.setText(_(LOADING_HINT) if loading else _(HINT))
        self._loading = loading
        self._show_hint()

    def _append_rows(self, rows: list[Routine | str]) -> None:
        """Adds area headers (their names) and routines, in one insertion: the list lays
        itself out once per chunk, not once per row."""
        style, room = self._row_style(), self._one_line_room()
        items = []
        for row in rows:
            if isinstance(row, str):
                item = QStandardItem(area_label(row))
                item.setEnabled(False)  # arrow keys and clicks pass over headers
                item.setSelectable(False)
                self._rows.append(None)
                self._summaries.append("")
            else:
                summary = routine_summary(row, self.default_lead_in)
                item = QStandardItem(row_text(row, summary, room))
                item.setToolTip(row.description)
                self._rows.append(row)
                self._summaries.append(summary)
            style(item, isinstance(row, str))
            items.append(item)
        if items:
            self.model.invisibleRootItem().appendRows(items)

    def _row_style(self) -> Callable[[QStandardItem, bool], None]:
        """What styles a row (an area header or not) in the view's present text size and
        look; its fonts are made once for all the rows it styles."""
        header_font, routine_font = self._row_font(header=True), self._row_font(header=False)
        header_colour = self.palette().windowText()

        def style(item: QStandardItem, header: bool) -> None:
            item.setFont(header_font if header else routine_font)
            if header:
                item.setForeground(header_colour)

        return style

    def _row_font(self, header: bool) -> QFont:
        """Rows a little larger than body text (read from across the room); area headers
        larger still, and bold (and in the text colour although they are disabled)."""
        font = QFont(self.font())
        font.setBold(header)
        font.setPointSizeF(self.font().pointSizeF() * (1.3 if header else 1.2))
        return font

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            # The text size or the light/dark look changed: the rows follow at once.
            style = self._row_style()
            for row, routine in enumerate(self._rows):
                style(self.model.item(row), routine is None)
            self._arrange_for_height()  # larger text may need the compact heading
            self._refresh_row_texts()

    def row_texts(self) -> list[str]:
        """Every row's text, headers included, as shown (filtered rows too)."""
        return [self.model.item(row).text() for row in range(self.model.rowCount())]

    def routines_shown(self) -> list[Routine]:
        return [routine for row, routine in self._routine_rows() if not self.list.isRowHidden(row)]

    def area_headers(self) -> list[str]:
        return [self.model.item(row).text() for row, routine in enumerate(self._rows)
                if routine is None]

    def current_routine(self) -> Routine | None:
        return self._routine_at(self.list.currentIndex().row())

    def _routine_at(self, row: int) -> Routine | None:
        """The routine on a row; None for a header, or no row (-1)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def focus_list(self) -> None:
        self.list.setFocus()
        row = self.list.currentIndex().row()
        if row < 0 or self.list.isRowHidden(row):
            self._select(None)

    def _routine_rows(self) -> list[tuple[int, Routine]]:
        return [(row, routine) for row, routine in enumerate(self._rows) if routine is not None]

    def _first_shown(self) -> Routine | None:
        return next((r for row, r in self._routine_rows() if not self.list.isRowHidden(row)),
                    None)

    def _select(self, routine_id: str | None) -> None:
        visible = [(row, r) for row, r in self._routine_rows() if not self.list.isRowHidden(row)]
        chosen = next((row for row, r in visible if r.id == routine_id), None)
        if chosen is None and visible:
            chosen = visible[0][0]
        if chosen is not None:
            index = self.model.index(chosen, 0)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def _filter(self, text: str) -> None:
        """Hides routines that do not match, and area headers left without routines."""
        # Read as the list is sorted and grouped: "strasse" finds "Straße", "talon" "talón".
        words = plain_letters(text).split()
        header_row: int | None = None
        header_has_match = False
        for row, routine in enumerate(self._rows):
            if routine is None:
                if header_row is not None:
                    self.list.setRowHidden(header_row, not header_has_match)
                header_row, header_has_match = row, False
                continue
            haystack = plain_letters(f"{routine.name} {routine.area} {routine.description}")
            matches = all(word in haystack for word in words)
            self.list.setRowHidden(row, not matches)
            header_has_match = header_has_match or matches
        if header_row is not None:
            self.list.setRowHidden(header_row, not header_has_match)
        current = self.list.currentIndex().row()
        if current < 0 or self.list.isRowHidden(current):
            self._select(None)

    def _type_into_search(self, text: str) -> None:
        self.search.setFocus()
        self.search.insert(text)

    def _open_first_visible(self) -> None:
        shown = self.routines_shown()
        current = self.current_routine()
        if current in shown:
            self.routine_chosen.emit(current)
        elif shown:
            self.routine_chosen.emit(shown[0])

    def _open_index(self, index: QModelIndex) -> None:
        routine = self._routine_at(index.row())
        if routine is not None:
            self.routine_chosen.emit(routine)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """Down or Up in the search box moves into the list, as in a search field anywhere."""
        if watched is self.search and isinstance(event, QKeyEvent) and \
                event.type() == QKeyEvent.Type.KeyPress and \
                event.key() in (QtCore.Qt.Key.Key_Down, QtCore.Qt.Key.Key_Up):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)
