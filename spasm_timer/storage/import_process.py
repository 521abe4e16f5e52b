"""Reading a long import in a process of its own, while this one adds what it has read.

Reading a file (decoding its JSON, checking every value, building rows) and adding the rows
to the log each cost about half of an import's time, and Python's lock lets a thread do only
one of them at a time. So a long file is read by a reader process, started with `spawn` (the
app has threads and Qt, which a forked child must not inherit), that hands over each batch
of rows through a pipe, laid end to end (`FlatRows`) and packed with `marshal`: taking a
batch apart there costs the adding side, which sets an import's pace, half of what
unpickling tuples did. The pipe holds little: the reader reads ahead only as far
as the pipe's buffer (64 KiB on Linux) and the batch it is sending allow, so memory stays
that of a few batches whatever the file's size.

Whatever goes wrong stays all-or-nothing: a bad file is an ImportFileError that names the
place, as when read here; a reader that dies after it has sent rows is an ImportReaderError;
and when the adding side stops (Cancel, an error of its own), the reader is ended at once. A
reader that ends before it sends anything (it could not start, or could not load the app's
code, say after an upgrade while the app runs), or whose first word says it writes another
format or other rows (the code on the disk is another version), has cost nothing: the file
is read here.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from spasm_timer import i18n
from spasm_timer.i18n import _
from spasm_timer.storage import export_reader
from spasm_timer.storage.export_reader import ImportFileError, iter_session_batches, open_regular
from spasm_timer.storage.import_checks import check_batch
from spasm_timer.storage.import_lines import ExportLines
from spasm_timer.storage.import_rows import (
    SESSION_COLUMNS,
    STEP_COLUMNS,
    FlatRows,
    RowBatch,
    flat_rows,
    row_batch,
)

# Files from this size on are read by a reader process; starting one costs about a tenth of
# a second, which a file of a few thousand sessions would not win back.
READER_PROCESS_FROM = 8 * 1024 * 1024
# How long an ended reader may take to go before it is killed (it has nothing to save).
_STOP_WAIT_SECONDS = 2.0

# What the reader's messages are: raise it with any change to how they are packed or laid
# out (1 was pickled tuples; 2 is `FlatRows` packed with marshal).
_FORMAT = 2
# The reader's first word, before it reads: from then on, its end is the import's end. The
# reader runs the code on the disk, which an upgrade while the app runs may have replaced:
# so the word says the format and the row widths it writes, in plain bytes that any version
# can compare, and a reader that speaks otherwise is not used (the file is read here).
_STARTED = (f"spasm-timer import reader, format {_FORMAT}, rows of {len(SESSION_COLUMNS)} "
            f"and {len(STEP_COLUMNS)} values").encode("ascii")
_DONE = "done"
_ERROR = "error"
# Guards the packing only, not what is packed (that is `_STARTED`'s part): the reader runs
# the Python this app was started with, by its path, which an upgrade may have replaced
# with a newer one; version 4, readable by every Python since 3.4, keeps a newer marshal
# from writing a version this one cannot read.
_MARSHAL_VERSION = 4

# (sessions read so far, their rows): what an import adds, batch by batch.
ReadRows = Iterator[tuple[int, RowBatch | FlatRows]]


class ImportReaderError(ImportFileError):
    """The reader process ended without finishing the file; nothing was added."""


class ReaderNotStarted(OSError):
    """The reader process ended before it said anything: the file is to be read here."""


def read_rows(stream: Any,
              batch_sessions: int | None = None) -> Iterator[tuple[int, RowBatch]]:
    """The file's sessions, checked and built into rows, a batch at a time, read here. The
    app's own lines go the fast way (`import_lines`); anything else is decoded as JSON."""
    for first, batch in iter_session_batches(stream, batch_sessions, ExportLines()):
        if isinstance(batch, RowBatch):
            yield first + len(batch.sessions), batch
        else:
            yield first + len(batch), row_batch(check_batch(batch, first))


def _reader_main(file: str, language: str, batch_sessions: int, out: Connection) -> None:
    """In the reader process: `_STARTED`, every batch of `file` as rows into `out`, then
    `_DONE`; or `_ERROR` with what is wrong with the file, in the person's language."""
    # Ctrl-C in a terminal reaches the whole process group: the importing side decides
    # (and ends the reader), so the reader neither stops half way on its own nor prints a
    # traceback of its own. (Until here it was blocked: see `_ctrl_c_held`.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the reader builds holds no cycles; the collector would only walk each batch's
    # objects again and again (as `exchange` pauses it on the adding side).
    gc.disable()
    if i18n.current_language() != language:
        i18n.use_language(language)
    try:
        # Said before reading: a reader that dies in its first batch (out of memory, killed)
        # then fails the import, rather than passing for one that never ran.
        out.send_bytes(_STARTED)
        try:
            with open_regular(file) as stream:
                for read, rows in read_rows(stream, batch_sessions):
                    out.send_bytes(batch(read, rows))
            message = word(_DONE)
        except ImportFileError as error:
            message = word(_ERROR, str(error))
        out.send_bytes(message)
    except (BrokenPipeError, ConnectionResetError):
        return  # the importing side has stopped (a Cancel, even at the file's end): nobody to tell


@contextmanager
def rows_read_in_process(file: str | os.PathLike[str]) -> Iterator[ReadRows]:
    """The rows of `file` as `read_rows` gives them, read by a reader process. Leaving the
    block ends the reader, whether it has finished or not. OSError when no process can be
    started, or ReaderNotStarted (an OSError) when it ends before its first word: the caller
    then reads the file itself."""
    # Imported here: the window loads this module, and most runs import nothing.
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    reader = context.Process(
        target=_reader_main, name="spasm-timer-import-reader", daemon=True,
        args=(os.path.abspath(file), i18n.current_language(), export_reader.BATCH_SESSIONS,
              sending))
    try:
        with _ctrl_c_held(), _quiet_at_start():
            reader.start()
    except BaseException:
        receiving.close()
        raise
    finally:
        sending.close()  # the reader's end: with it closed here, a dead reader reads as EOF
    try:
        _first_word(receiving, reader)
        yield _received(receiving, reader)
    finally:
        receiving.close()
        _stop(reader)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C blocked in this thread while it starts the reader: the reader inherits the
    block, so a Ctrl-C in its first instant (before `_reader_main` ignores it) cannot stop
    it with a traceback. Blocked, not ignored: it works on the import's worker thread too,
    and a Ctrl-C meant for this process waits for the block's end instead of being lost.
    Where threads cannot block signals (Windows), the reader starts as it is."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def _quiet_at_start() -> Iterator[None]:
    """The reader starts with its error output going nowhere: when it cannot load the app's
    code (say, after an upgrade while the app runs), Python's traceback would otherwise land
    on the person's terminal, though the file is then read here and nothing went wrong for
    them. (How it ends still shows in its exit code.) The error output is this process's
    too, for the few milliseconds the start takes."""
    with contextlib.suppress(OSError, ValueError):  # no terminal, or a closed one
        sys.stderr.flush()
    try:
        kept, nowhere = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no error output to begin with, or no file to spare: start as it is
        yield
        return
    try:
        os.dup2(nowhere, 2)
        yield
    finally:
        os.dup2(kept, 2)
        os.close(kept)
        os.close(nowhere)


def _first_word(receiving: Connection, reader: Any) -> None:
    """Waits for the reader's first message; ReaderNotStarted when it ends without one, or
    when the message is not `_STARTED`: a reader of another version, whose rows this side
    would misread. Nothing has been added yet, so the file is read here instead."""
    try:
        first = receiving.recv_bytes()
    except (EOFError, OSError):
        reader.join(_STOP_WAIT_SECONDS)
        raise ReaderNotStarted(f"the import reader ended at start (exit code "
                               f"{reader.exitcode})") from None
    if first != _STARTED:
        raise ReaderNotStarted(f"the import reader speaks another format: {first[:80]!r}")


def word(kind: str, text: str | None = None) -> bytes:
    """A message from the reader, after `_STARTED`, that is not rows: `_DONE`, or `_ERROR`
    and what is wrong."""
    return marshal.dumps((kind, text, None), _MARSHAL_VERSION)


def batch(read: int, rows: RowBatch) -> bytes:
    """A message with a batch of rows, and how many sessions have been read with it."""
    sessions, steps = flat_rows(rows)
    return marshal.dumps((read, sessions, steps), _MARSHAL_VERSION)


def _received(receiving: Connection, reader: Any) -> ReadRows:
    """What the reader sends after `_STARTED`, until `_DONE` or `_ERROR`."""
    while True:
        try:
            message = receiving.recv_bytes()
        except (EOFError, OSError):
            reader.join(_STOP_WAIT_SECONDS)
            raise ImportReaderError(_("reading the file stopped unexpectedly (exit code "
                                      "{code}); nothing was added").format(
                code=reader.exitcode)) from None
        kind, first_part, second_part = marshal.loads(message)  # noqa: S302 - our reader's
        if kind == _DONE:
            return
        if kind == _ERROR:
            raise ImportFileError(first_part)
        yield kind, FlatRows(first_part, second_part)


def _stop(reader: Any) -> None:
    """Ends the reader if it still runs, and waits for it to be gone."""
    if reader.is_alive():
        reader.terminate()
        reader.join(_STOP_WAIT_SECONDS)
        if reader.is_alive():
            reader.kill()
    reader.join()
