"""The history table: a well-behaved Qt model that loads the log a page at a time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_helpers import add, bulk_insert, session
from PySide6.QtCore import Qt

from spasm_timer.storage.history_queries import HistoryFilter
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui.history_model import (
    PAGE_SIZE,
    SESSION_ID_ROLE,
    SessionTableModel,
    format_active,
    format_clock,
    format_pain,
    format_started,
    format_started_in_two_lines,
)


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(data_dir / "sessions.sqlite3") as opened:
        yield opened


def texts(model: SessionTableModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_an_empty_log_is_a_valid_empty_model(log, qtmodeltester) -> None:
    model = SessionTableModel(log)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert not model.canFetchMore()


def test_a_few_sessions_make_a_valid_model_newest_first(log, qtmodeltester) -> None:
    add(log, session("2026-11-01", routine_name="Calf release", pain_before=7, pain_after=3),
        session("2026-11-03", routine_id="neck", routine_name="Neck", status="stopped"),
        session("2026-11-02", status="interrupted", active_seconds=3900, pain_before=5))
    model = SessionTableModel(log)
    qtmodeltester.check(model)
    # Starts with: in another year than 2026 the year follows the month.
    assert [text[:9] for text in texts(model, 0)] == ["Tue 3 Nov", "Mon 2 Nov", "Sun 1 Nov"]
    assert texts(model, 1) == ["Neck", "Calf release", "Calf release"]
    assert texts(model, 3) == ["Stopped early", "Interrupted", "Completed"]
    assert texts(model, 4) == ["—", "5 → —", "7 → 3"]
    # A routine name cut short by a narrow column is still there whole, on hover.
    tooltips = [model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole) for row in range(3)]
    assert tooltips == ["Neck", "Calf release", "Calf release"]
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) is None


def test_a_long_log_is_read_a_page_at_a_time(log, qtmodeltester) -> None:
    bulk_insert(log, 5000)
    model = SessionTableModel(log)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()

    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE
    qtmodeltester.check(model)


def test_fetching_every_page_shows_each_session_once_newest_first(log) -> None:
    bulk_insert(log, 450)
    model = SessionTableModel(log, page_size=100)
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.index(row, 0).data(SESSION_ID_ROLE) for row in range(model.rowCount())]
    assert len(ids) == len(set(ids)) == 450
    assert ids == [item["id"] for item in log.sessions()]


def test_filters_change_the_rows(log) -> None:
    add(log, session("2026-10-01"), session("2026-10-20", status="stopped"),
        session("2026-11-05", routine_id="neck", routine_name="Neck"))
    model = SessionTableModel(log)
    assert model.rowCount() == 3

    model.set_filter(HistoryFilter(routine_id="neck"))
    assert texts(model, 1) == ["Neck"]
    model.set_filter(HistoryFilter(status="stopped"))
    assert [text[:10] for text in texts(model, 0)] == ["Tue 20 Oct"]
    model.set_filter(HistoryFilter(since=date(2026, 10, 2), until=date(2026, 11, 5)))
    assert model.rowCount() == 2
    model.set_filter(HistoryFilter(routine_id="nobody"))
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_readable_cells() -> None:
    assert format_started("2026-11-21T10:30:00.000+01:00", today=date(2026, 11, 22)) == \
        "Sat 21 Nov, 10:30"
    assert format_started("2024-12-03T07:05:00+00:00", today=date(2026, 1, 1)) == \
        "Tue 3 Dec 2024, 07:05"
    assert format_active(65) == "1:05"
    assert format_active(3900) == "1 h 5 min"
    assert format_pain(None, 2) == "— → 2"


def test_the_table_writes_its_date_on_two_lines_and_its_time_as_a_clock() -> None:
    assert format_started_in_two_lines("2026-11-21T10:30:00.000+01:00",
                                       today=date(2026, 11, 22)) == "Sat 21 Nov\n10:30"
    assert format_started_in_two_lines("2024-12-03T07:05:00+00:00",
                                       today=date(2026, 1, 1)) == "Tue 3 Dec\n2024, 07:05"
    assert format_clock(65) == "1:05"
    assert format_clock(3900) == "1:05:00"  # an hour and five minutes
    assert format_clock(None) == "—"


def test_a_screen_reader_reads_the_date_as_one_phrase_and_the_routine_whole(log) -> None:
    add(log, session("2024-12-03", "07:05", routine_name="Calf release for the night"))
    model = SessionTableModel(log)
    date_cell, routine_cell = model.index(0, 0), model.index(0, 1)
    assert date_cell.data() == "Tue 3 Dec\n2024, 07:05"
    assert date_cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Tue 3 Dec 2024, 07:05"
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        assert routine_cell.data(role) == "Calf release for the night"


def test_a_log_of_exactly_one_page_offers_no_more(log) -> None:
    bulk_insert(log, 100)
    model = SessionTableModel(log, page_size=100)
    assert model.rowCount() == 100 and not model.canFetchMore()
    two_pages = SessionTableModel(log, page_size=99)
    assert two_pages.canFetchMore()
    two_pages.fetchMore()
    assert two_pages.rowCount() == 100 and not two_pages.canFetchMore()
