"""History's "Report…" button writes the report of the days the history shows."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from history_helpers import add, session

from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import report_button
from spasm_timer.ui.history_window import HistoryWindow


@pytest.fixture
def log(data_dir: Path):  # type: ignore[no-untyped-def]
    with SessionLog.open(data_dir / "sessions.sqlite3") as opened:
        yield opened


def test_the_button_waits_for_sessions(qtbot, log) -> None:  # type: ignore[no-untyped-def]
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    assert not window.report_button.isEnabled()


def test_report_of_the_days_shown(qtbot, log, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add(log, session("2026-11-10", routine_name="Early routine", pain_before=5, pain_after=3),
        session("2026-11-20", routine_name="Late routine", pain_before=7, pain_after=2))
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    window.from_date.setDate(date(2026, 11, 15))
    chosen = tmp_path / "for the doctor"  # no suffix: a PDF is meant
    monkeypatch.setattr(report_button, "choose_report_file", lambda parent: str(chosen))
    window.report_button.click()

    written = tmp_path / "for the doctor.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert window.message.text() == "Wrote a report of 1 session to for the doctor.pdf."
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Late routine" in text and "Early routine" not in text


def test_a_report_that_cannot_be_written_is_said(qtbot, log, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add(log, session("2026-11-20"))
    window = HistoryWindow(log)
    qtbot.addWidget(window)
    told: list[tuple[str, bool]] = []
    monkeypatch.setattr(window, "tell", lambda text, problem=False: told.append((text, problem)))
    monkeypatch.setattr(report_button, "choose_report_file",
                        lambda parent: str(tmp_path / "gone" / "steps.csv"))
    window.report_button.click()
    assert told and told[0][1] is True and "Could not write the report to steps.csv" in told[0][0]
