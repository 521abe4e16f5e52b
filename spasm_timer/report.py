"""`spasm-timer report FILE.pdf|FILE.csv [--since DATE] [--until DATE]`.

A PDF for a doctor or physiotherapist, or a CSV with one row per step for a spreadsheet.
Only the PDF needs Qt, and it is imported here, inside the command, on the offscreen
platform: the report needs no screen, and the other commands never load Qt.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from spasm_timer.i18n import _, ngettext
from spasm_timer.local_formats import whole_number
from spasm_timer.os_errors import problem_text
from spasm_timer.paths import DataPaths
from spasm_timer.private_files import temporary_beside
from spasm_timer.storage import exchange
from spasm_timer.storage.exchange import safe_cell
from spasm_timer.storage.log import LogError, SessionLog

EXIT_OK, EXIT_BAD_FILE, EXIT_UNUSABLE = 0, 1, 2

STEP_CSV_FIELDS = (
    "session_id", "started_at", "routine_id", "routine_name", "session_status",
    "pain_before", "pain_after", "position", "step", "title", "kind", "side", "repetition",
    "planned_seconds", "actual_seconds", "outcome",
)


def _fail(message: str, status: int) -> int:
    print(f"spasm-timer: {message}", file=sys.stderr)
    return status


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("--{option}: expected a date like 2026-11-21, got {value}").format(
            option=name, value=repr(value))) from None


def run_report(args: argparse.Namespace, paths: DataPaths) -> int:
    try:
        since, until = _day(args.since, "since"), _day(args.until, "until")
    except ValueError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    if since and until and since > until:
        return _fail(_("--since is after --until: no day is in between"), EXIT_UNUSABLE)
    target = Path(args.file)
    if not target.parent.is_dir():
        return _fail(_("cannot write {path}: no folder {folder}").format(
            path=target, folder=target.parent), EXIT_BAD_FILE)
    try:
        # Reading a log that does not exist must not leave folders behind: an empty report.
        log = SessionLog.open(paths) if paths.database.exists() else None
    except LogError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    if not target.name.lower().endswith(".csv"):
        ensure_gui_application()
    try:
        what = write_report(log, target, since, until, replace=args.force)
    except exchange.ExportTargetError as error:
        return _fail(str(error), EXIT_BAD_FILE)
    except OSError as error:
        return _fail(_("cannot write {path}: {reason}").format(
            path=target, reason=problem_text(error)), EXIT_BAD_FILE)
    finally:
        if log:
            log.close()
    print(_("Wrote a report of {what} to {path}.").format(what=what, path=target))
    return EXIT_OK


def write_report(log: SessionLog | None, target: Path, since: date | None = None,
                 until: date | None = None, replace: bool = False) -> str:
    """Writes the per-step CSV (a `.csv` name) or the PDF; returns what it holds, like
    "300 sessions". An existing file is replaced only with `replace`, as exports are
    (ExportTargetError otherwise). The PDF needs a QGuiApplication."""
    if target.name.lower().endswith(".csv"):
        count = _write_replacing(target, replace, lambda out: write_steps_csv(
            step_rows(log, since, until) if log else iter(()), out))
        return ngettext("{count} step", "{count} steps", count).format(count=whole_number(count))
    count = _write_pdf(log, target, since, until, replace)
    return ngettext("{count} session", "{count} sessions", count).format(
        count=whole_number(count))


# --- PDF ------------------------------------------------------------------------------------

def _write_pdf(log: SessionLog | None, target: Path, since: date | None,
               until: date | None, replace: bool) -> int:
    from spasm_timer.storage.report_data import gather, summarise

    data = gather(log, since, until) if log else summarise((), since, until)
    from spasm_timer.ui.report_pdf import write_report_pdf

    _write_replacing(target, replace, None, lambda temp: write_report_pdf(data, temp))
    return data.sessions


def ensure_gui_application() -> None:
    """A QGuiApplication on the offscreen platform, unless the process has one already."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        # Kept on the module: the application must outlive every QTextDocument.
        globals()["_application"] = QGuiApplication(["spasm-timer"])


# --- CSV, one row per step ------------------------------------------------------------------

def step_rows(log: SessionLog, since: date | None = None,
              until: date | None = None) -> Iterator[tuple[Any, ...]]:
    """One tuple per logged step (STEP_CSV_FIELDS), sessions oldest first."""
    for session in log.iter_sessions(since=since, until=until, newest_first=False):
        for position, step in enumerate(session["steps"]):
            yield (session["id"], session["started_at"], session["routine_id"],
                   session["routine_name"], session["status"], session["pain_before"],
                   session["pain_after"], position, step["index"], step["title"], step["kind"],
                   step["side"], step["repetition"], step["planned_seconds"],
                   step["actual_seconds"], step["outcome"])


def write_steps_csv(rows: Iterator[tuple[Any, ...]], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(STEP_CSV_FIELDS)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        count += 1
    return count


def _write_replacing(target: Path, replace: bool, write_text: Callable[[IO[str]], int] | None,
                     write_file: Callable[[Path], None] | None = None) -> int:
    """Writes a private temp file beside `target`, then renames it over `target`: a reader
    (or a crash) sees the old file or the whole new one, and a failure leaves the old one.
    The export's rule for an existing target applies (exchange._check_target)."""
    check_target = exchange._check_target  # the one rule for export targets
    check_target(target, replace)
    descriptor, temp_name = temporary_beside(target)  # created 0600, like exports
    count = 0
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            if write_text is not None:
                count = write_text(out)
        if write_file is not None:
            write_file(Path(temp_name))
        check_target(target, replace)  # it may have appeared while the report was written
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count
