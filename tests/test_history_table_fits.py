"""The sessions' table at Huge text on a 1024×600 screen: every column fits beside the
others, no sideways scroll, and no cell or heading is cut (the routine's name may be elided:
its tooltip and screen-reader text give it whole)."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import add, session
from pseudo_translation import PseudoTranslations
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QTableView

from spasm_timer import i18n
from spasm_timer.settings import Settings
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import theme
from spasm_timer.ui.history_table import ROUTINE, ROUTINE_LEAST_CHARS
from spasm_timer.ui.history_window import HistoryWindow

LONG_NAME = "Calf, foot and hamstring release for the night-time cramp"


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(data_dir / "sessions.sqlite3") as opened:
        yield opened


def widest_sessions(log: SessionLog) -> None:
    """A session of each status, one of another year (its date shows the year), one over an
    hour, the widest pain ratings and a long routine name."""
    add(log,
        session("2025-09-24", "20:48", routine_name=LONG_NAME, status="stopped",
                active_seconds=3600 + 55 * 60, pain_before=10, pain_after=10),
        session("2026-11-18", "23:59", status="interrupted", active_seconds=3599,
                pain_before=10),
        session("2026-11-19", "08:05", status="completed", active_seconds=600,
                pain_after=10),
        # Enough sessions for the table to scroll down: its scroll bar takes room too.
        *(session(f"2026-10-{day:02d}") for day in range(1, 29)))


def _use(language: str) -> None:
    if language == "pseudo":
        i18n.use_translations(PseudoTranslations(), "pseudo")
    else:
        i18n.use_language(language)


def cut_cells(table: QTableView) -> list[str]:
    """Every heading and cell whose text does not fit its box, but the routine's name."""
    model, header = table.model(), table.horizontalHeader()
    problems = []
    for column in range(model.columnCount()):
        needed = header.sectionSizeFromContents(column).width()
        if needed > header.sectionSize(column):
            problems.append(f"heading {model.headerData(column, header.orientation())!r}: "
                            f"needs {needed} px, has {header.sectionSize(column)}")
        if column == ROUTINE:
            continue
        for row in range(model.rowCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            table.initViewItemOption(option)
            option.rect = table.visualRect(index)
            delegate = table.itemDelegateForIndex(index)
            hint = delegate.sizeHint(option, index)
            if hint.width() > option.rect.width() or hint.height() > option.rect.height():
                problems.append(f"{model.data(index)!r}: needs {hint.width()}×{hint.height()},"
                                f" has {option.rect.width()}×{option.rect.height()}")
    return problems


# The pseudo-language (every word about 40% longer) still comes short: it
# scrolls sideways rather than cut. Strict, so the day it fits this says so.
STILL_SCROLLING = pytest.mark.xfail(strict=True, reason="the table still scrolls sideways")


@pytest.mark.parametrize("language", [
    "en",
    "de",
    "es",
    pytest.param("pseudo", marks=STILL_SCROLLING),
])
def test_at_huge_text_on_a_small_screen_the_table_needs_no_sideways_scroll(
        qtbot, log, language: str) -> None:
    widest_sessions(log)
    _use(language)
    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))  # type: ignore[arg-type]
    try:
        window = HistoryWindow(log)
        qtbot.addWidget(window)
        window.resize(1000, 530)  # the whole screen, less the panel and the title bar
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        table, header = window.table, window.table.horizontalHeader()
        assert header.sectionSize(ROUTINE) >= (
            table.fontMetrics().averageCharWidth() * ROUTINE_LEAST_CHARS)
        assert header.length() <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()
        assert cut_cells(table) == []
    finally:
        theme.apply(app, Settings())  # type: ignore[arg-type]
