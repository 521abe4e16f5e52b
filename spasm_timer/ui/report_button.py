"""History's "Report…": the report for a doctor, for the days the history shows.

The same files as `spasm-timer report`: a PDF, or a CSV with one row per step for a `.csv`
name. The dialog sits behind `choose_report_file`, so tests can answer it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QWidget

from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text
from spasm_timer.report import write_report
from spasm_timer.storage.log import LogError, SessionLog


def choose_report_file(parent: QWidget) -> str | None:
    name = f"spasm-timer-report-{date.today().isoformat()}.pdf"
    filters = ";;".join((_("Printable report ({pattern})").format(pattern="*.pdf"),
                         _("Spreadsheet, one row per step ({pattern})").format(pattern="*.csv")))
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save a report for your doctor"), str(Path.home() / name), filters)
    return path or None


def make_report_button(parent: QWidget) -> QPushButton:
    button = QPushButton(_("Report…"), parent)
    button.setToolTip(_("A printable report of the days shown (PDF), for a doctor or "
                        "physiotherapist; or one row per step (CSV) for a spreadsheet"))
    return button


def save_report(parent: QWidget, log: SessionLog, since: date | None,
                until: date | None) -> tuple[str, bool] | None:
    """Asks where, writes the report of `since`..`until`; returns what to tell the person
    and whether it is a problem (None when they cancelled)."""
    path = choose_report_file(parent)
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in (".pdf", ".csv"):
        target = target.with_name(target.name + ".pdf")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        # the file dialog asked before a file was replaced
        what = write_report(log, target, since, until, replace=True)
    except (OSError, LogError) as error:
        return _("Could not write the report to {file}: {error}").format(
            file=target.name, error=problem_text(error)), True
    finally:
        QApplication.restoreOverrideCursor()
    return _("Wrote a report of {what} to {file}.").format(what=what, file=target.name), False
