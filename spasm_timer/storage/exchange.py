"""Taking the log out (JSON, CSV) and bringing a JSON export back in, on this or another computer.

The JSON file is `{"spasm_timer_log": 1, "sessions": [...]}`, oldest session first, each in
the export shape of `SessionLog.sessions()`. Both ways stream: a file of a million sessions
costs the memory of a batch of them. An import is checked as it is read, a batch at a time,
inside one transaction: a file with one bad value adds nothing, and the error says what and
where.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from spasm_timer.core.collector_pause import collector_paused
from spasm_timer.i18n import _
from spasm_timer.private_files import temporary_beside
from spasm_timer.storage import import_process
from spasm_timer.storage.export_reader import (
    FORMAT_KEY,
    FORMAT_VERSION,
    ImportFileError,
    open_regular,
    places_of,
)
from spasm_timer.storage.export_rows import SESSION_SEPARATOR, session_json_chunks
from spasm_timer.storage.import_process import (
    ImportReaderError,
    ReadRows,
    read_rows,
    rows_read_in_process,
)
from spasm_timer.storage.import_rows import FlatRows, RowBatch
from spasm_timer.storage.log import SUMMARY_FIELDS, RepeatedSessionError, SessionLog
from spasm_timer.storage.parallel_reads import Chunk

__all__ = ["FORMAT_KEY", "FORMAT_VERSION", "ExportTargetError", "ImportFileError",
           "ImportReaderError",
           "export_csv", "export_json", "import_json", "write_csv",
           "write_json_chunks", "write_session_items"]

# A cell a spreadsheet would run as a formula (or the start of one) begins with one of these;
# a leading apostrophe makes it plain text to the spreadsheet and is plain to read.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The SUMMARY_FIELDS that hold text a person or a file chose (the rest the app writes).
_FREE_TEXT_COLUMNS = tuple(SUMMARY_FIELDS.index(name)
                           for name in ("routine_id", "routine_name", "notes"))


class ExportTargetError(OSError):
    """The export would replace a file the person did not ask to replace, or write into
    something that is not a file (a device, a pipe, a folder)."""


# --- writing files -----------------------------------------------------------------------

def _check_target(target: Path, replace: bool) -> None:
    try:
        found = target.lstat()
    except FileNotFoundError:
        return
    if not replace:
        raise ExportTargetError(_("{path} already exists; add --force to replace it")
                                .format(path=target))
    try:
        mode = target.stat().st_mode  # what a link points at
    except FileNotFoundError:
        mode = found.st_mode
    if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
        raise ExportTargetError(_("{path} is not a regular file (a device, pipe or folder); "
                                  "an export only replaces a file").format(path=target))


@contextmanager
def _replacing(file: str | os.PathLike[str], replace: bool = False) -> Iterator[IO[str]]:
    """Writes to a private temp file beside `file`, then renames it over `file`: a reader
    (or a crash) sees the old file or the whole new one, never half of it. An existing `file`
    is replaced only when `replace` is on, and only when it is a regular file."""
    target = Path(file)
    _check_target(target, replace)
    descriptor, temp_name = temporary_beside(target)  # created 0600
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        _check_target(target, replace)  # it may have appeared while the export was written
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_json_chunks(chunks: Iterable[Chunk], out: IO[str]) -> int:
    """Streams the export document from sessions as JSON text, already joined a chunk at a
    time (`session_json_chunks`); returns how many were written."""
    out.write(f'{{"{FORMAT_KEY}": {FORMAT_VERSION}, "sessions": [')
    count = write_session_items(chunks, out)
    out.write("\n]}\n")
    return count


def write_session_items(chunks: Iterable[Chunk], out: IO[str]) -> int:
    """The sessions of `chunks` as the items of a JSON list, one per line, for the caller to
    put between its brackets; returns how many."""
    count = 0
    for number, text in chunks:
        if number:
            out.write(SESSION_SEPARATOR if count else "\n")
            out.write(text)
            count += number
    return count


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as it is: text that starts like a formula gets a
    leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[tuple[Any, ...]], out: IO[str]) -> int:
    """One line per session (SUMMARY_FIELDS); returns how many sessions were written."""
    writer = csv.writer(out)
    writer.writerow(SUMMARY_FIELDS)
    count = 0
    for row in rows:
        if any(isinstance(row[column], str) and row[column].startswith(_FORMULA_STARTS)
               for column in _FREE_TEXT_COLUMNS):
            row = tuple(safe_cell(value) for value in row)
        writer.writerow(row)
        count += 1
    return count


def export_json(log: SessionLog | None, file: str | os.PathLike[str],
                replace: bool = False) -> int:
    """Writes the whole log as JSON, oldest first; returns the number of sessions. No log
    (none made yet) gives a file with no sessions."""
    with _replacing(file, replace) as out:
        return write_json_chunks(session_json_chunks(log, newest_first=False) if log else (),
                                 out)


def export_csv(log: SessionLog | None, file: str | os.PathLike[str],
               replace: bool = False) -> int:
    """Writes one CSV row per session, oldest first, steps summarised as counts."""
    with _replacing(file, replace) as out:
        return write_csv(log.summary_rows(newest_first=False) if log else (), out)


# --- reading an import -------------------------------------------------------------------

def import_json(log: SessionLog, file: str | os.PathLike[str],
                progress: Callable[[int], None] | None = None,
                alone: bool = False) -> tuple[int, int]:
    """Adds the sessions of an export file; returns (added, skipped as already present).

    Raises ImportFileError, and adds nothing, when any part of the file is wrong (or the
    process reading it dies: ImportReaderError). `progress(read)`, if given, is called after
    each batch with the number of sessions read so far; whatever it raises stops the import
    (a Cancel), and nothing is added. `alone`: the caller is a command, not the app, and
    has the log to itself as far as it knows (see `import_journal`).
    """
    def reported(rows: ReadRows) -> Iterator[RowBatch | FlatRows]:
        for read, batch in rows:
            yield batch
            if progress is not None:
                progress(read)

    try:
        # The collector paused: what an import reads holds no cycles, and it would walk each
        # batch's hundred thousand objects again and again.
        with open_regular(file) as stream, collector_paused(), _rows_of(file, stream) as rows:
            return log.add_session_batches(reported(rows), alone)
    except RepeatedSessionError as error:
        repeated = error.session_id
    # Where the id stood first is found by reading the file again, once the import's own
    # reading (and its reader process) has ended: never two reads of it at once.
    first, again = places_of(file, repeated)
    raise ImportFileError(_("{place}: the same id as {earlier}").format(
        place=f"sessions[{again}].id", earlier=f"sessions[{first}]"))


@contextmanager
def _rows_of(file: str | os.PathLike[str], stream: IO[bytes]) -> Iterator[ReadRows]:
    """The file's rows, read by a reader process when the file is long (see
    `import_process`), here otherwise."""
    with ExitStack() as reader:
        rows: ReadRows | None = None
        if os.fstat(stream.fileno()).st_size >= import_process.READER_PROCESS_FROM:
            try:
                rows = reader.enter_context(rows_read_in_process(file))
            except OSError:  # no reader could start, or it ended at once: read it here
                pass
        # Outside the try: an OSError while adding (a full disk) is the caller's to tell.
        yield read_rows(stream) if rows is None else rows
