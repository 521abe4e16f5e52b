"""The history in German and Spanish: headings, statuses, dates, counts and decimals in the
person's language, while the log keeps its English values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import add, session, step
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from spasm_timer import i18n
from spasm_timer.settings import Settings
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import theme
from spasm_timer.ui.history_charts import week_labels
from spasm_timer.ui.history_model import COLUMNS, format_started
from spasm_timer.ui.history_table import ROUTINE, ROUTINE_LEAST_CHARS
from spasm_timer.ui.history_window import HistoryWindow


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(data_dir / "sessions.sqlite3") as opened:
        yield opened


def sessions(log: SessionLog) -> list[str]:
    return add(
        log,
        session("2026-11-17", active_seconds=600, pain_before=8, pain_after=3),
        session("2026-11-18", active_seconds=900, pain_before=7, pain_after=3),
        session("2026-11-19", status="stopped", active_seconds=300,
                steps=[step(1, "Warm the calf", planned=60),
                       step(2, "Stretch", planned=45, side="left", repetition=2),
                       step(3, "Thumb pressure", planned=30, actual=0, outcome="skipped")]),
    )


def open_window(qtbot, log: SessionLog) -> HistoryWindow:  # type: ignore[no-untyped-def]
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    return window


def cells(window: HistoryWindow, column: int) -> list[str]:
    model = window.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_a_german_history_reads_german(qtbot, log) -> None:
    ids = sessions(log)
    i18n.use_language("de")
    window = open_window(qtbot, log)
    headings = [window.model.headerData(n, window.table.horizontalHeader().orientation())
                for n in range(len(COLUMNS))]
    assert "Datum" in headings and "Date" not in headings
    assert cells(window, COLUMNS.index("Status"))[0] == "Abgebrochen"
    assert log.session(ids[2])["status"] == "stopped"  # the log keeps its own word
    assert window.sessions_card.caption.text() == "Sitzungen"
    assert window.windowTitle().startswith("Verlauf")
    window.tabs.setCurrentWidget(window.what_helps)
    assert window.what_helps.rows()[0][1] == "4,5 Punkte"  # (5 + 4) / 2, German decimal
    window.select_session(ids[2])
    summary = window.detail.summary.text().replace("\u00a0", " ")
    assert "3 Schritte, 1 übersprungen" in summary


def test_one_session_is_counted_in_the_singular(qtbot, log) -> None:
    add(log, session("2026-11-17"))
    i18n.use_language("es")
    window = open_window(qtbot, log)
    assert window.sessions_card.caption.text() == "sesión"
    assert window.sessions_card.number.text() == "1"


@pytest.mark.parametrize(("language", "started", "week"), [
    ("en", "Sat 21 Nov, 10:30", "2 Nov"),
    ("de", "Sa. 21. Nov., 10:30", "2. Nov."),
    ("es", "sáb 21 nov., 10:30", "2 nov."),
])
def test_dates_are_written_the_way_the_language_writes_them(
        language: str, started: str, week: str) -> None:
    i18n.use_language(language)
    assert format_started("2026-11-21T10:30:00.000+01:00", today=date(2026, 12, 1)) == started
    assert week_labels([date(2026, 11, 2)]) == [(week, 0)]


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("size", ["normal", "huge"])
def test_on_a_small_screen_every_column_can_be_read(qtbot, log, language: str,
                                                    size: str) -> None:
    """1024×600 in a longer language: the routine's name keeps room, and what does not fit
    beside it is reached by scrolling, never cut off."""
    sessions(log)
    i18n.use_language(language)
    app = QApplication.instance()
    theme.apply(app, Settings(text_size=size))  # type: ignore[arg-type]
    try:
        window = open_window(qtbot, log)
        window.resize(1000, 530)
        window.show()
        qtbot.waitExposed(window)
        table, header = window.table, window.table.horizontalHeader()
        least = table.fontMetrics().averageCharWidth() * ROUTINE_LEAST_CHARS
        assert header.sectionSize(ROUTINE) >= least
        assert (header.length() <= table.viewport().width()
                or table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        assert window.minimumSizeHint().width() <= 1000  # the buttons wrap under the title
    finally:
        theme.apply(app, Settings())  # type: ignore[arg-type]


def test_an_export_that_fails_says_why_in_german(qtbot, log, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The operating system's "No such file or directory" is not left English on a German
    screen: the folder chosen is gone, and the message says so in German, naming the file."""
    import errno
    import os

    sessions(log)
    i18n.use_language("de")
    window = open_window(qtbot, log)
    told: list[str] = []
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append(text))
    gone = tmp_path / "USB-Stick" / "sitzungen.csv"
    monkeypatch.setattr(window, "choose_export_file", lambda: str(gone))
    window.export_button.click()
    assert len(told) == 1 and "sitzungen.csv" in told[0]
    assert os.strerror(errno.ENOENT) not in told[0] and "Errno" not in told[0]
    assert str(gone.parent) in told[0] and ".tmp" not in told[0]  # the folder chosen
