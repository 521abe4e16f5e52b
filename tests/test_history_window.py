"""The history window: filters, the chosen session, editing, deleting, stats, export/import."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from history_helpers import add, session, step, wait_imported
from PySide6.QtWidgets import QApplication

from spasm_timer.settings import Settings
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import history_stats_reader, theme
from spasm_timer.ui.history_window import EMPTY_TEXT, HistoryWindow


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "sessions.sqlite3"


@pytest.fixture
def log(db_path: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(db_path) as opened:
        yield opened


def open_window(qtbot, log: SessionLog) -> HistoryWindow:  # type: ignore[no-untyped-def]
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    return window


def known_sessions(log: SessionLog) -> list[str]:
    """Three days in a row and one a week before: calf eases pain by 4, neck by 1."""
    return add(
        log,
        session("2026-11-10", routine_id="neck", routine_name="Neck", active_seconds=300,
                pain_before=5, pain_after=4),
        session("2026-11-17", active_seconds=600, pain_before=8, pain_after=3),
        session("2026-11-18", active_seconds=900, pain_before=6, pain_after=3),
        session("2026-11-19", status="stopped", active_seconds=300, notes="Too tired",
                steps=[step(1, "Warm the calf", planned=60),
                       step(2, "Stretch", planned=45, side="left", repetition=2),
                       step(3, "Thumb pressure", planned=30, actual=0, outcome="skipped")]),
    )


def test_an_empty_log_shows_a_friendly_word(qtbot, log) -> None:
    window = open_window(qtbot, log)
    assert window.pages.currentIndex() == 0 and window.empty.isVisibleTo(window)
    assert window.empty.text() == EMPTY_TEXT
    assert not window.export_button.isEnabled()


def test_the_friendly_word_is_in_view_at_huge_text(qtbot, log) -> None:
    # The pages are as tall as the sessions page; centred in that, the word sat out of view.
    app = QApplication.instance()
    theme.apply(app, Settings(text_size="huge"))  # type: ignore[arg-type]
    try:
        window = open_window(qtbot, log)
        window.resize(1000, 530)
        window.show()
        qtbot.waitExposed(window)
        viewport = window.pages.parentWidget()
        assert viewport is not None
        top_left = window.empty.mapTo(viewport, window.empty.rect().topLeft())
        assert top_left.y() >= 0 and top_left.y() + window.empty.height() <= viewport.height()
    finally:
        theme.apply(app, Settings())  # type: ignore[arg-type]


def test_the_newest_session_is_chosen_and_its_steps_shown_with_the_skipped_one(
        qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    assert window.pages.currentIndex() == 1
    detail = window.detail
    assert detail.session is not None and detail.session["notes"] == "Too tired"
    steps = detail.timeline.steps
    assert [s["outcome"] for s in steps] == ["completed", "completed", "skipped"]
    assert "1 skipped" in detail.summary.text().replace("\u00a0", " ")
    assert detail.notes.toPlainText() == "Too tired"


def test_the_summary_counts_the_routines_steps_not_each_round(qtbot, log) -> None:
    add(log, session("2026-11-20", steps=[
        step(1, "Press", side="left"), step(1, "Press", side="right"),
        step(2, "Stretch", repetition=1), step(2, "Stretch", repetition=2, actual=0,
                                                 outcome="skipped")]))
    window = open_window(qtbot, log)
    summary = window.detail.summary.text().replace("\u00a0", " ")
    assert "2 steps, 1 skipped" in summary  # four rounds, two steps, as the end screen says
    assert len(window.detail.timeline.steps) == 4  # each round keeps its own line


def test_choosing_another_row_shows_that_session(qtbot, log) -> None:
    ids = known_sessions(log)
    window = open_window(qtbot, log)
    window.select_session(ids[0])
    assert window.detail.session["id"] == ids[0]
    assert window.detail.heading.text() == "Neck"


def test_filters_change_the_rows_and_the_stats(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    assert window.model.rowCount() == 4

    window.routine_combo.setCurrentIndex(window.routine_combo.findText("Neck"))
    assert window.model.rowCount() == 1
    assert window.sessions_card.number.text() == "1"

    window.routine_combo.setCurrentIndex(0)
    window.status_combo.setCurrentIndex(window.status_combo.findData("stopped"))
    assert window.model.rowCount() == 1
    # The totals count what the table shows: the one stopped session, 5 minutes of it.
    assert window.sessions_card.number.text() == "1"
    assert window.minutes_card.number.text() == "5"
    window.tabs.setCurrentWidget(window.what_helps)
    assert window.what_helps.rows() == []  # that session was not rated

    window.status_combo.setCurrentIndex(0)
    window.from_date.setDate(date(2026, 11, 17))
    window.to_date.setDate(date(2026, 11, 18))
    assert window.model.rowCount() == 2
    assert window.minutes_card.number.text() == "25"


def test_a_refresh_shows_new_sessions_and_keeps_the_choices(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    window.status_combo.setCurrentIndex(window.status_combo.findData("completed"))
    assert window.model.rowCount() == 3
    last_offered = window.to_date.date().toPython()

    later = (last_offered + timedelta(days=2)).isoformat()  # two days on
    add(log, session("2026-11-19", clock="21:00"), session(later),
        session(later, clock="11:30", status="stopped"))
    window.refresh()
    assert window.status_combo.currentData() == "completed"  # the choice stays
    assert window.to_date.date().toPython().isoformat() == later  # the range reaches the new day
    assert window.model.rowCount() == 5
    assert window.sessions_card.number.text() == "5"


def test_a_refresh_keeps_days_the_person_narrowed(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    window.to_date.setDate(date(2026, 11, 17))
    add(log, session("2026-11-20"))
    window.refresh()
    assert window.to_date.date().toPython() == date(2026, 11, 17)
    assert window.model.rowCount() == 2  # the 10th and the 17th


def test_stats_for_a_known_set_of_sessions(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    assert window.sessions_card.number.text() == "4"
    assert window.minutes_card.number.text() == "35"  # 5 + 10 + 15 + 5
    assert window.streak_card.number.text() == "3"  # the 17th, 18th and 19th
    # Biggest drop first; the unrated stopped session does not count.
    window.tabs.setCurrentWidget(window.what_helps)
    assert window.what_helps.rows() == [("Calf release", "4.0 points", "2"),
                                        ("Neck", "1.0 points", "1")]


def test_what_helps_follows_the_filters_whether_showing_or_not(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    window.routine_combo.setCurrentIndex(window.routine_combo.findText("Neck"))
    window.tabs.setCurrentWidget(window.what_helps)  # read when first shown
    assert window.what_helps.rows() == [("Neck", "1.0 points", "1")]

    window.routine_combo.setCurrentIndex(0)  # while showing
    assert [row[0] for row in window.what_helps.rows()] == ["Calf release", "Neck"]

    window.tabs.setCurrentWidget(window.detail)
    window.from_date.setDate(date(2026, 11, 17))  # while hidden: read when shown again
    window.tabs.setCurrentWidget(window.what_helps)
    assert window.what_helps.rows() == [("Calf release", "4.0 points", "2")]


def test_pain_and_notes_edits_are_kept(qtbot, log, db_path) -> None:
    ids = known_sessions(log)
    window = open_window(qtbot, log)
    window.select_session(ids[0])
    window.detail.pain_before.set_value(9)
    window.detail.pain_after.set_value(None)
    window.detail.notes.setPlainText("Better by the evening")
    qtbot.waitUntil(lambda: log.session(ids[0])["notes"] == "Better by the evening")

    assert window.model.index(window.model.row_of_session(ids[0]), 4).data() == "9 → —"
    with SessionLog.open(db_path) as reopened:
        saved = reopened.session(ids[0])
    assert (saved["pain_before"], saved["pain_after"]) == (9, None)
    assert saved["notes"] == "Better by the evening"


def test_notes_are_saved_when_another_session_is_chosen(qtbot, log) -> None:
    ids = known_sessions(log)
    window = open_window(qtbot, log)
    window.select_session(ids[1])
    window.detail.notes.setPlainText("Cramp at night")
    window.select_session(ids[2])
    assert log.session(ids[1])["notes"] == "Cramp at night"


def test_notes_are_saved_when_the_window_closes(qtbot, log) -> None:
    ids = known_sessions(log)
    window = open_window(qtbot, log)
    window.detail.notes.setPlainText("Left calf too")
    window.close()
    assert log.session(ids[3])["notes"] == "Left calf too"


def test_delete_asks_first_and_cancel_keeps_the_session(qtbot, log, monkeypatch) -> None:
    ids = known_sessions(log)
    window = open_window(qtbot, log)
    window.select_session(ids[1])

    monkeypatch.setattr(window, "confirm_delete", lambda session: False)
    window.detail.delete_button.click()
    assert log.session(ids[1]) is not None and window.model.rowCount() == 4

    asked = []
    monkeypatch.setattr(window, "confirm_delete", lambda session: asked.append(session["id"])
                        or True)
    window.detail.delete_button.click()
    assert asked == [ids[1]]
    assert log.session(ids[1]) is None
    assert window.model.rowCount() == 3 and window.model.row_of_session(ids[1]) is None
    assert window.sessions_card.number.text() == "3"


@pytest.mark.parametrize("answer", ["Delete", "Cancel"])
def test_the_real_delete_question_has_a_delete_button_and_cancel_first(qtbot, log,  # type: ignore[no-untyped-def]
                                                                       answer: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    ids = known_sessions(log)
    window = open_window(qtbot, log)
    seen = []

    def answer_it() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton().text().replace("&", ""))
        next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == answer).click()

    QTimer.singleShot(0, answer_it)
    assert window.confirm_delete(log.session(ids[1])) is (answer == "Delete")
    assert seen == ["Cancel"]


def test_export_then_import_into_a_fresh_log(qtbot, log, tmp_path, monkeypatch) -> None:
    ids = known_sessions(log)
    exported = tmp_path / "my-sessions.json"
    exported.write_text("an older export, which the person chose to replace")
    window = open_window(qtbot, log)
    monkeypatch.setattr(window, "choose_export_file", lambda: str(exported))
    window.export_button.click()
    assert "Exported 4 sessions" in window.message.text()

    with SessionLog.open(tmp_path / "other" / "sessions.sqlite3") as fresh:
        other = open_window(qtbot, fresh)
        assert other.pages.currentIndex() == 0
        monkeypatch.setattr(other, "choose_import_file", lambda: str(exported))
        other.import_button.click()
        wait_imported(qtbot, other)
        assert other.message.text().startswith("Added 4, skipped 0")
        assert other.model.rowCount() == 4
        assert fresh.session(ids[3]) == log.session(ids[3])

        other.import_button.click()
        wait_imported(qtbot, other)
        assert other.message.text().startswith("Added 0, skipped 4")


def test_a_malformed_import_is_refused_with_its_reason(qtbot, log, tmp_path,
                                                       monkeypatch) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"spasm_timer_log": 1, "sessions": [{"id": "x"}]}))
    window = open_window(qtbot, log)
    told = []
    monkeypatch.setattr(window, "choose_import_file", lambda: str(bad))
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append((text, problem)))
    window.import_button.click()
    wait_imported(qtbot, window)
    assert told and told[-1][1] is True
    assert "bad.json was not imported" in told[-1][0] and "sessions[0]" in told[-1][0]
    assert log.count() == 0


def test_charts_are_built_when_their_tab_is_opened(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    assert window.charts is None
    window.tabs.setCurrentWidget(window.charts_holder)
    assert window.charts is not None
    assert window.charts.weekly.chart().series()[0].barSets()[0].count() == 2  # W46, W47


def test_charts_follow_the_filters_while_shown_and_after(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    window.tabs.setCurrentWidget(window.charts_holder)
    window.routine_combo.setCurrentIndex(window.routine_combo.findText("Neck"))
    assert window.charts.weekly.chart().series()[0].barSets()[0].count() == 1  # W46 only
    window.tabs.setCurrentWidget(window.detail)
    window.routine_combo.setCurrentIndex(0)  # changed while the charts are hidden
    window.tabs.setCurrentWidget(window.charts_holder)
    assert window.charts.weekly.chart().series()[0].barSets()[0].count() == 2


def test_charts_are_drawn_again_in_a_new_look(qtbot, log, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from spasm_timer.settings import Settings
    from spasm_timer.ui import theme

    known_sessions(log)
    theme.apply(qapp, Settings(theme="light"))
    window = open_window(qtbot, log)
    window.tabs.setCurrentWidget(window.charts_holder)
    try:
        theme.apply(qapp, Settings(theme="dark"))  # the settings, or the desktop at dusk
        for view in (window.charts.weekly, window.charts.pain):
            assert view.chart().backgroundBrush().color() == QColor(theme.DARK.base)
            assert view.chart().titleBrush().color() == QColor(theme.DARK.text)
    finally:
        theme.apply(qapp, Settings())


def test_routine_choices_use_each_routines_newest_name(qtbot, log) -> None:
    add(log, session("2026-11-10", routine_id="neck", routine_name="Neck (old name)"),
        session("2026-11-12", routine_id="neck", routine_name="Neck"),
        session("2026-11-11", routine_id="calf", routine_name="Calf release"))
    window = open_window(qtbot, log)
    names = [window.routine_combo.itemText(i) for i in range(window.routine_combo.count())]
    assert names == ["All routines", "Calf release", "Neck"]


def test_columns_are_wide_enough_for_their_longest_texts(qtbot, log) -> None:
    add(log, session("2025-09-24", status="stopped", pain_before=10, pain_after=10,
                     active_seconds=6900))
    window = open_window(qtbot, log)
    metrics = window.table.fontMetrics()
    for column in (0, 2, 3, 4):
        text = window.model.index(0, column).data()
        # The date is two lines; the status may wrap at its spaces ("Stopped" over "early").
        parts = text.split() if column == 3 else text.splitlines()
        widest = max(metrics.horizontalAdvance(part) for part in parts)
        assert window.table.columnWidth(column) > widest + 12, text


def test_a_deeply_nested_import_is_refused_with_its_place(qtbot, log, tmp_path,
                                                          monkeypatch) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"spasm_timer_log": 1, "sessions": [' + "[" * 50_000 + "]" * 50_000 + "]}")
    window = open_window(qtbot, log)
    told = []
    monkeypatch.setattr(window, "choose_import_file", lambda: str(deep))
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append((text, problem)))
    window.import_button.click()
    wait_imported(qtbot, window)
    assert told[-1] == (("deep.json was not imported: sessions[0]: nested too deeply (at line "
                         "1 column 37)"), True)


def test_a_long_log_reads_its_statistics_off_the_gui_thread(qtbot, log, monkeypatch) -> None:
    known_sessions(log)
    monkeypatch.setattr(history_stats_reader, "BACKGROUND_FROM_SESSIONS", 1)
    threads = []
    totals = history_stats_reader.READS["totals"]

    def watched_totals(reader, chosen):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return totals(reader, chosen)

    monkeypatch.setitem(history_stats_reader.READS, "totals", watched_totals)
    window = open_window(qtbot, log)
    assert window.model.rowCount() == 4  # the table does not wait for the totals
    qtbot.waitUntil(lambda: window.sessions_card.number.text() == "4")
    assert threads and threading.main_thread() not in threads
    window.tabs.setCurrentWidget(window.what_helps)
    qtbot.waitUntil(lambda: len(window.what_helps.rows()) == 2)
    window.close()


def test_statistics_for_filters_since_changed_are_dropped(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    window._stats_read(window._stats_request - 1, "totals",
                       {"sessions": 99, "minutes": 1.0, "day_streak": 1})
    assert window.sessions_card.number.text() == "4"


def test_the_window_opens_within_the_screen_and_fits_a_small_one(qtbot, log) -> None:
    known_sessions(log)
    window = open_window(qtbot, log)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    # Everything below the title row scrolls rather than push the window past 600 pixels.
    assert window.minimumSizeHint().height() <= 560
    assert window.minimumSizeHint().width() <= 1000


def test_on_a_narrow_window_the_session_goes_under_the_table(qtbot, log) -> None:
    from PySide6.QtCore import Qt

    from spasm_timer.ui.history_table import ROUTINE, ROUTINE_LEAST_CHARS

    known_sessions(log)
    window = open_window(qtbot, log)
    window.resize(window.fontMetrics().averageCharWidth() * 250, 700)
    window.show()
    qtbot.waitExposed(window)
    assert window.splitter.orientation() == Qt.Orientation.Horizontal
    # Side by side, every column of the table shows, the routine's name with room to read.
    table = window.table
    least = table.fontMetrics().averageCharWidth() * ROUTINE_LEAST_CHARS
    assert table.horizontalHeader().sectionSize(ROUTINE) >= least
    assert table.horizontalHeader().length() <= table.viewport().width()
    window.resize(window.fontMetrics().averageCharWidth() * 80, 700)
    assert window.splitter.orientation() == Qt.Orientation.Vertical


def test_what_helps_shows_long_names_whole(qtbot, log) -> None:
    from PySide6.QtCore import Qt

    long_name = "Heat for the lower back, then a slow hamstring stretch"
    add(log, session("2026-11-17", routine_name=long_name, pain_before=8, pain_after=3))
    window = open_window(qtbot, log)
    window.tabs.setCurrentWidget(window.what_helps)
    table = window.what_helps.table
    assert window.what_helps.rows()[0][0] == long_name
    assert table.textElideMode() == Qt.TextElideMode.ElideNone and table.wordWrap()


def test_the_pain_chart_of_many_sessions_draws_weekly_averages(qtbot, log) -> None:
    first = date(2026, 1, 5)  # a Monday
    add(log, *[session((first + timedelta(days=n // 3)).isoformat(), pain_before=7,
                       pain_after=n % 4) for n in range(90)])
    window = open_window(qtbot, log)
    window.tabs.setCurrentWidget(window.charts_holder)
    chart = window.charts.pain.chart()
    assert "weekly average" in chart.title()
    assert [line.count() for line in chart.series()] == [5, 5]  # 30 days: five weeks


def test_the_delete_question_deletes_only_on_its_delete_button(qtbot, log) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    ids = known_sessions(log)
    window = open_window(qtbot, log)
    chosen = log.session(ids[3])

    def answer(delete: bool) -> None:
        def click() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            if delete:
                [button] = [b for b in box.buttons() if b.text() == "Delete"]
            else:
                button = box.button(QMessageBox.StandardButton.Cancel)
            button.click()
        QTimer.singleShot(0, click)

    answer(delete=False)
    assert window.confirm_delete(chosen) is False
    answer(delete=True)
    assert window.confirm_delete(chosen) is True
