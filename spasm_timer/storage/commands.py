"""`spasm-timer history`, `export` and `import`: the log from a terminal, without Qt.

They work while the app is open (the log is in WAL mode and waits up to 5 s for a lock).
An import into a log with no sessions that nobody else has open takes the log for itself
until it ends (see `import_journal`), a minute or more for a long file: meanwhile the app
and `history` are locked out. The app's writer keeps its sessions and tries again (its note
says an import into the session log is under way); `history` waits 5 s, then exits 2 saying
the same.
Errors are one line on stderr starting `spasm-timer:`; the exit status is 1 for a bad file
and 2 for a data dir or log that cannot be used (or a bad date argument).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

from spasm_timer.core.durations import format_clock
from spasm_timer.core.text_safety import for_terminal
from spasm_timer.i18n import _, ngettext
from spasm_timer.local_formats import numeric_date, session_status, whole_number
from spasm_timer.os_errors import problem_text
from spasm_timer.paths import DataPaths
from spasm_timer.storage.exchange import (
    ExportTargetError,
    ImportFileError,
    export_csv,
    export_json,
    import_json,
    write_csv,
    write_session_items,
)
from spasm_timer.storage.export_rows import session_json_chunks
from spasm_timer.storage.log import SUMMARY_FIELDS, LogError, SessionLog
from spasm_timer.storage.parallel_reads import Chunk
from spasm_timer.terminal_table import print_table

EXIT_OK = 0
EXIT_BAD_FILE = 1
EXIT_UNUSABLE = 2


def _fail(message: str, status: int) -> int:
    print(f"spasm-timer: {message}", file=sys.stderr)
    return status


def _open_log(paths: DataPaths, create: bool) -> SessionLog | None:
    """The log, or None when there is none yet and `create` is off (reading a log that
    does not exist must not leave folders behind)."""
    if not create and not paths.database.exists():
        return None
    log = SessionLog.open(paths)
    if log.moved_aside is not None:
        said = _("the session log was damaged; it was moved aside to {path} and a new one "
                 "started").format(path=log.moved_aside)
        print(f"spasm-timer: {said}", file=sys.stderr)
    return log


def _day(args: argparse.Namespace, name: str) -> date | None:
    value = getattr(args, name, None)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("--{option}: expected a date like 2026-11-21, got {value}").format(
            option=name, value=repr(value))) from None


# --- history -----------------------------------------------------------------------------

class _HistoryFilters(TypedDict):
    """The command line's filters, as the log's queries take them."""

    since: date | None
    until: date | None
    routine_id: str | None


def run_history(args: argparse.Namespace, paths: DataPaths) -> int:
    """Prints the sessions, newest first: a table, or `--json` / `--csv`."""
    try:
        filters = _HistoryFilters(since=_day(args, "since"), until=_day(args, "until"),
                                  routine_id=getattr(args, "routine", None))
    except ValueError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    try:
        log = _open_log(paths, create=False)
    except LogError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    # A terminal or pipe that takes ASCII only still gets every session, its other
    # characters written as escapes, rather than an error half way.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if getattr(args, "json", False):
            _print_json_list(session_json_chunks(log, **filters) if log else iter(()))
        elif getattr(args, "csv", False):
            write_csv(log.summary_rows(**filters) if log else iter(()), sys.stdout)
        else:
            _print_table(log.summary_rows(**filters) if log else iter(()))
    except BrokenPipeError:  # `history | head`: the reader has all it wanted
        # Point stdout at nothing, so flushing it at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if log:
            log.close()
    return EXIT_OK


def _print_json_list(chunks: Iterator[Chunk]) -> None:
    """Sessions given as JSON text, as one JSON list, one session per line."""
    sys.stdout.write("[")
    write_session_items(chunks, sys.stdout)
    sys.stdout.write("\n]\n")


def _one_line(text: str, limit: int = 40) -> str:
    # Control characters in a name would move the cursor, clear the screen or retitle the
    # terminal, a direction override would disguise it: they are shown as escapes instead.
    text = for_terminal(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def _table_row(row: tuple[Any, ...]) -> list[str]:
    session = dict(zip(SUMMARY_FIELDS, row, strict=True))
    started = session["started_at"]
    return [
        f"{_numeric_date(started[:10])} {started[11:16]}",
        _one_line(session["routine_name"]),
        format_clock(round(session["active_seconds"])),
        session_status(session["status"]),
        f"{_rating(session['pain_before'])} → {_rating(session['pain_after'])}",
    ]


def _numeric_date(iso_day: str) -> str:
    """ "2026-11-21" as the language writes a day in a table; as it is if it is no day."""
    try:
        return numeric_date(date.fromisoformat(iso_day))
    except ValueError:
        return iso_day


def _print_table(rows: Iterator[tuple[Any, ...]]) -> None:
    lines = [[_("Date"), _("Routine"), _("Time"), _("Status"), _("Pain")]]
    lines.extend(_table_row(row) for row in rows)
    if len(lines) == 1:
        print(_("No sessions in the log yet."))
        return
    print_table(lines)


# --- export and import -------------------------------------------------------------------

def run_export(args: argparse.Namespace, paths: DataPaths) -> int:
    """Writes the whole log to FILE: CSV when it ends in `.csv`, JSON otherwise. An existing
    FILE is replaced only with `--force`, and never when it is a device or a pipe."""
    target = Path(args.file)
    replace = bool(getattr(args, "force", False))
    try:
        log = _open_log(paths, create=False)
    except LogError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    try:
        if target.name.lower().endswith(".csv"):
            count = export_csv(log, target, replace)
        else:
            count = export_json(log, target, replace)
    except ExportTargetError as error:
        return _fail(str(error), EXIT_BAD_FILE)
    except OSError as error:
        return _fail(_("cannot write {path}: {reason}").format(
            path=target, reason=problem_text(error)), EXIT_BAD_FILE)
    finally:
        if log:
            log.close()
    print(ngettext("Exported {count} session to {path}.", "Exported {count} sessions to {path}.",
                   count).format(count=whole_number(count), path=target))
    return EXIT_OK


def run_import(args: argparse.Namespace, paths: DataPaths) -> int:
    """Adds the sessions of an export file that are not in the log yet."""
    source = Path(args.file)
    try:
        log = _open_log(paths, create=True)
    except LogError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    assert log is not None
    try:
        added, skipped = import_json(log, source, alone=True)
    except ImportFileError as error:
        return _fail(f"{source}: {error}", EXIT_BAD_FILE)  # the error is translated
    except LogError as error:
        return _fail(str(error), EXIT_UNUSABLE)
    finally:
        log.close()
    print(ngettext("Added {count} session, skipped {skipped} already in the log.",
                   "Added {count} sessions, skipped {skipped} already in the log.", added)
          .format(count=whole_number(added), skipped=skipped))
    return EXIT_OK
