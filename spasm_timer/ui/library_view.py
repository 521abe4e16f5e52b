"""The routine library: every routine grouped by body area, searchable, opened with Enter.

Files that could not be read are listed in a calm, collapsible banner with their line, so a
person who wrote their own routine can fix it; the rest of the library works as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QModelIndex, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import format_seconds
from spasm_timer.core.library import USER, Library, dictionary_order, plain_letters
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import measure
from spasm_timer.i18n import N_, _, ngettext
from spasm_timer.ui.theme import set_role

# This page is on screen at start-up, so building it never touches `QtCore.Qt`: PySide makes
# all 93 enums of that namespace on first use (~12 ms), and the first paint has better uses.
# Hence a model with plain-bool item setters, and `QtCore.Qt` only in key handling.


HINT = N_("Arrow keys to move, Enter to open. Type to search.")
# A list longer than this is filled a chunk per turn of the event loop: ten thousand rows at
# once held the window for about a second.
ROWS_PER_TURN = 200
LOADING_HINT = N_("Loading your routines… Arrow keys to move, Enter to open. Type to search.")


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


def skipped_lines(skipped: list[RoutineFileError]) -> list[str]:
    """One line per problem: `file:line: message` (the folder is said once, elsewhere)."""
    lines = []
    for error in skipped:
        for problem in error.problems:
            place = f":{problem.line}" if problem.line is not None else ""
            lines.append(f"{problem.path.name}{place}: {problem.message}")
    return lines


class SkippedBanner(QFrame):
    """'Some routine files were skipped' with a Show/Hide details toggle."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "notice")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.toggle = set_role(QPushButton(_("Show details")), "link")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_details)
        self.details = QLabel()
        self.details.setObjectName("skipped_details")
        self.details.setWordWrap(True)
        self.details.hide()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.details)

    def set_skipped(self, skipped: list[RoutineFileError]) -> None:
        self.setVisible(bool(skipped))
        if not skipped:
            return
        count = len(skipped)
        self.summary.setText(ngettext(
            "{count} routine file was skipped. The other routines work as usual.",
            "{count} routine files were skipped. The other routines work as usual.",
            count).format(count=count))
        folders = sorted({str(error.path.parent) for error in skipped})
        lines = "\n".join(skipped_lines(skipped))
        self.details.setText(_("{problems}\n\nIn: {folders}").format(
            problems=lines, folders=", ".join(folders)))
        self._fit_height(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label's height depends on its width, which the library's page does not
        # ask; at Huge text in German the summary's last line was cut off without this.
        super().resizeEvent(event)
        self._fit_height(event.size().width())

    def _fit_height(self, width: int) -> None:
        """The summary whole; the details, which can run long, take what room is left (a
        minimum for them could push the window past a small screen)."""
        layout = self.layout()
        if self.details.isVisible():
            self.setMinimumHeight(0)
            return
        needed = layout.totalHeightForWidth(width) if layout is not None else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _show_details(self, shown: bool) -> None:
        # Selectable, so a file name and line can be copied; set here, off the start-up path.
        self.details.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(shown)
        self.toggle.setText(_("Hide details") if shown else _("Show details"))
        self._fit_height(self.width())


class RoutineList(QListView):
    """The list itself; printable keys go to the search box, so typing filters at once."""

    typed = Signal(str)

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
        title = set_role(QLabel(_("Choose a routine")), "title")
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
        self.list.activated.connect(self._open_index)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.banner)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)

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

    def _append_rows(self, rows: list[Routine | str]) -> None:
        """Adds area headers (their names) and routines, in one insertion: the list lays
        itself out once per chunk, not once per row."""
        style = self._row_style()
        items = []
        for row in rows:
            if isinstance(row, str):
                item = QStandardItem(area_label(row))
                item.setEnabled(False)  # arrow keys and clicks pass over headers
                item.setSelectable(False)
                self._rows.append(None)
            else:
                item = QStandardItem(f"{row.name}\n{routine_summary(row, self.default_lead_in)}")
                item.setToolTip(row.description)
                self._rows.append(row)
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
