"""Reading an export file a session at a time, so a file of any size costs the memory of one.

An export is `{"spasm_timer_log": 1, "sessions": [ {...}, {...} ]}`. This reader walks the
top-level object itself and hands each member of the `sessions` list to the standard JSON
decoder (`raw_decode`) as soon as it is whole in the buffer, many members in one call where
it can; everything else in the file is small and read whole. It stands guard against hostile
files: only a regular file is read, a single session may not pass `MAX_SESSION_CHARS`,
nesting and number length stop at the decoder's limits, and the whole read stops after
`MAX_READ_SECONDS`. Every complaint is an ImportFileError naming the place (`sessions[3]`,
or the line and column).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from spasm_timer.i18n import N_, _
from spasm_timer.local_formats import whole_number
from spasm_timer.storage.import_rows import RowBatch

# Reads a stretch of whole lines of sessions straight into rows, or says None (see
# `import_lines`); a run read that way is handed on as its RowBatch.
LineReader = Callable[[str], RowBatch | None]
Run = list[Any] | RowBatch

CHUNK_BYTES = 1 << 20
# Sessions are handed on in batches of at most this many, or of about this much text: enough
# that checking and adding them goes column by column, few enough that their Python objects
# (about eight times their text) stay a few tens of MB.
BATCH_SESSIONS = 1_000
BATCH_CHARS = 2 * 1024 * 1024
# Members of the list decoded in one call, up to about this much text: one call for hundreds of
# sessions shares the names of their fields and reads about a fifth faster than a call each.
RUN_CHARS = 1 << 20
_RUNS_TRIED = 3
_LINE_END = "},\n"  # how a session ends in the app's export, but the last
MAX_SESSION_CHARS = 16 * 1024 * 1024  # a session of 10,000 long steps is about 5 MB
MAX_READ_SECONDS = 30 * 60.0  # a million sessions take well under a minute
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class ImportFileError(ValueError):
    """The file cannot be imported; the message names the place, e.g. `sessions[3].notes`."""


def _no_constant(name: str) -> Any:
    raise ImportFileError(_("{value} is not a number a log can hold").format(value=name))


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
# The json module's own words for what is wrong (its C and Python parsers say the same),
# translated where an import error quotes them; any other is quoted as it is.
JSON_PROBLEMS = (
    N_("Expecting value"), N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ':' delimiter"), N_("Expecting ',' delimiter"),
    N_("Unterminated string starting at"), N_("Invalid control character at"),
    N_("Invalid \\escape"), N_("Invalid \\uXXXX escape"), N_("Extra data"),
)


def open_regular(file: str | os.PathLike[str]) -> BinaryIO:
    """Opens `file` for reading only if it is a regular file: a device (/dev/zero), a named
    pipe or a folder is refused at once, without waiting on it or reading it."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer returns at once instead of hanging.
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ImportFileError(_("cannot read the file: {reason}").format(
            reason=error.strerror or error)) from error
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise ImportFileError(_("not a regular file (a folder, device or pipe cannot be "
                                    "imported)"))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def whole_value(text: str) -> Any:
    """The JSON value that is the whole of `text`, as decoded where it stands in a file;
    ValueError (an ImportFileError for NaN) or RecursionError when `text` is anything else."""
    value, end = _DECODER.raw_decode(text)
    if end != len(text):
        raise ValueError("more than one value")
    return value


class _Text:
    """The file as text, decoded chunk by chunk, with the line and column of any place."""

    def __init__(self, stream: IO[bytes], clock: Any = time.monotonic,
                 lines: LineReader | None = None, most: int = 0) -> None:
        self._stream = stream
        self._lines = lines
        self._most = most  # members in one run at most (0: no limit)
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._clock = clock
        self._deadline = clock() + MAX_READ_SECONDS
        self.buffer = ""
        self.pos = 0
        self._dropped = 0  # characters dropped from the buffer's front so far
        self.at_end = False
        self._line = 1  # line of buffer[0]
        self._line_start = 0  # offset of that line's start, relative to buffer[0] (≤ 0)
        self._one_by_one_until = 0  # offset up to which a run did not decode
        self._runs_failed = 0  # in a row: a file not written a session a line

    def read_more(self) -> bool:
        """Appends a chunk (dropping what has been consumed); False at the end of the file."""
        if self.at_end:
            return False
        if self._clock() > self._deadline:
            raise ImportFileError(_("reading took longer than {minutes} minutes; stopped")
                                  .format(minutes=f"{MAX_READ_SECONDS / 60:.0f}"))
        try:
            chunk = self._stream.read(CHUNK_BYTES)
        except OSError as error:
            raise ImportFileError(_("cannot read the file: {reason}").format(
                reason=error.strerror or error)) from error
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise ImportFileError(_("not UTF-8 text (byte {number})").format(
                number=whole_number(self._bytes_read + error.start))) from error
        self._bytes_read += len(chunk)
        self._drop_consumed()
        if self._bytes_read == len(chunk) and text.startswith("\ufeff"):
            text = text[1:]  # a byte-order mark some editors write; not part of the JSON
        self.buffer += text
        self.at_end = not chunk
        return bool(chunk) or bool(text)

    def _drop_consumed(self) -> None:
        consumed = self.pos
        if consumed == 0:
            return
        newlines = self.buffer.count("\n", 0, consumed)
        if newlines:
            self._line += newlines
            self._line_start = self.buffer.rindex("\n", 0, consumed) + 1 - consumed
        else:
            self._line_start -= consumed
        self.buffer = self.buffer[consumed:]
        self._dropped += consumed
        self.pos = 0

    @property
    def offset(self) -> int:
        """Characters consumed since the start of the file."""
        return self._dropped + self.pos

    def place(self, pos: int) -> str:
        """"line L column C" of a position in the buffer."""
        newlines = self.buffer.count("\n", 0, pos)
        if newlines:
            line = self._line + newlines
            column = pos - self.buffer.rindex("\n", 0, pos)
        else:
            line, column = self._line, pos - self._line_start + 1
        return _("line {line} column {column}").format(line=line, column=column)

    def next_char(self) -> str:
        """The next character that is not whitespace, not consumed; "" at the end."""
        while True:
            self.pos = _WHITESPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            self.pos = len(self.buffer)
            if not self.read_more():
                return ""

    def expect(self, allowed: str, what: str) -> str:
        char = self.next_char()
        if not char or char not in allowed:
            found = f"{char!r}" if char else _("the end of the file")
            raise ImportFileError(_("not valid JSON: expecting {what}, found {found} at {place}")
                                  .format(what=what, found=found, place=self.place(self.pos)))
        self.pos += 1
        return char

    def value(self, where: str) -> Any:
        """Decodes the JSON value at the next character, reading more until it is whole."""
        self.next_char()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except ImportFileError as error:  # NaN or Infinity
                raise ImportFileError(_("{where}: {problem} (at {place})").format(
                    where=where, problem=error, place=self.place(self.pos))) from None
            except json.JSONDecodeError as error:
                if self._wait_for_more():
                    continue
                raise ImportFileError(_("not valid JSON: {problem} at {place}").format(
                    problem=_(error.msg), place=self.place(error.pos))) from None
            except RecursionError:
                raise ImportFileError(_("{where}: nested too deeply (at {place})").format(
                    where=where, place=self.place(self.pos))) from None
            except ValueError:  # the only other: a number of thousands of digits
                raise ImportFileError(_("{where}: a number too long to read, in the value at "
                                        "{place}").format(where=where,
                                                          place=self.place(self.pos))) from None
            # A number or word that ends with the buffer may go on in the next chunk.
            if end == len(self.buffer) and not self.at_end and self.read_more():
                continue
            self.pos = end
            return value

    def run_of_members(self) -> Run | None:
        """At the start of a list member: the members from here up to the last `},` that
        ends a line within RUN_CHARS (the app writes a session a line), decoded in one call,
        with pos after the `}`. None, pos unmoved, when that stretch is not whole
        members (it ends inside a session or a string, or holds something wrong): the
        members up to its end are then read one at a time, which names any error. After a
        few such stretches in a row, the rest of the file is read one at a time.

        The stretch is decoded as `[stretch]`: the decoder reads it exactly as it reads the
        same characters in the file, and a stretch that decodes whole and ends with the `}`
        of an object ends where that object ends in the file too."""
        if self.offset < self._one_by_one_until or self._runs_failed >= _RUNS_TRIED:
            return None
        self.next_char()  # a line reader takes lines from their start
        while len(self.buffer) - self.pos < RUN_CHARS and self.read_more():
            pass
        window_end = min(len(self.buffer), self.pos + RUN_CHARS)
        end = self.buffer.rfind(_LINE_END, self.pos, window_end) + 1
        if end == 0:  # no session ends a line here: one at a time up to the window's end
            self._one_by_one_until = self._dropped + window_end
            return None
        end = self._cut_to_most(end)
        if self._lines is not None:
            rows = self._lines(self.buffer[self.pos:end])
            if rows is not None:
                self._runs_failed = 0
                self.pos = end
                return rows
        stretch = "[" + self.buffer[self.pos:end] + "]"
        try:  # ImportFileError (NaN) and json.JSONDecodeError are ValueErrors
            values, stop = _DECODER.raw_decode(stretch)
        except (ValueError, RecursionError):
            stop = -1
        if stop != len(stretch):
            self._one_by_one_until = self._dropped + end
            self._runs_failed += 1
            return None
        self._runs_failed = 0
        self.pos = end
        return values  # type: ignore[no-any-return]

    def _cut_to_most(self, end: int) -> int:
        """`end`, or the end of the line of the `_most`th member before it."""
        if not self._most or self.buffer.count(_LINE_END, self.pos, end) < self._most:
            return end
        cut = self.pos
        for _member in range(self._most):
            cut = self.buffer.index(_LINE_END, cut, end) + 1
        return cut

    def _wait_for_more(self) -> bool:
        """After a failed decode: reads more and says to try again when the value may only
        be cut off by the end of the buffer; False when the error is real."""
        if self.at_end:
            return False
        if len(self.buffer) - self.pos > MAX_SESSION_CHARS:
            return False  # that much text and still no whole value: the error is real
        return self.read_more()


def iter_sessions(stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """(number, value) of each member of the `sessions` list, in file order; the other
    top-level members are checked when the object closes (the version may come last)."""
    for first, values in _runs(_Text(stream)):
        assert isinstance(values, list)  # no LineReader: every run decoded
        yield from enumerate(values, first)


def iter_session_batches(stream: IO[bytes], batch_sessions: int | None = None,
                         lines: LineReader | None = None) -> Iterator[tuple[int, Run]]:
    """The members of the `sessions` list in file order, as (number of the first, values),
    at most `batch_sessions` (BATCH_SESSIONS) or about BATCH_CHARS of text at a time. With
    `lines`, runs of lines it reads come as their RowBatch, each on its own."""
    batch_size = batch_sessions or BATCH_SESSIONS
    text = _Text(stream, lines=lines, most=batch_size if lines else 0)
    batch: list[Any] = []
    first = start = 0
    for number, values in _runs(text):
        if isinstance(values, RowBatch):
            if batch:
                yield first, batch
                batch = []
            yield number, values
            start = text.offset
            continue
        if not batch:
            first = number
        batch.extend(values)
        while len(batch) > batch_size:
            yield first, batch[:batch_size]
            del batch[:batch_size]
            first += batch_size
        if len(batch) == batch_size or text.offset - start >= BATCH_CHARS:
            yield first, batch
            batch = []
            start = text.offset
    if batch:
        yield first, batch


def _runs(text: _Text) -> Iterator[tuple[int, Run]]:
    """(number of the first, values) of members of the `sessions` list read together."""
    top = text.next_char()
    if not top:
        raise ImportFileError(_("not valid JSON: the file is empty"))
    if top != "{":
        text.value(_("the file"))  # a JSON error if it is not JSON at all
        raise ImportFileError(_not_an_export())
    text.pos += 1
    members: dict[str, Any] = {}
    sessions_seen = False
    first = True
    while True:
        if text.next_char() == "}":
            text.pos += 1
            break
        if not first:
            text.expect(",", _("',' or '}' after a member of the top object"))
        first = False
        if text.next_char() != '"':
            text.expect('"', _("a name in double quotes"))
        key = text.value(_("a name"))
        text.expect(":", _("':' after a name"))
        if key == "sessions":
            sessions_seen = True
            if text.next_char() != "[":
                members["sessions"] = text.value("sessions")
                raise ImportFileError(_("{where}: must be a list").format(where="sessions"))
            text.pos += 1
            yield from _list_runs(text, "sessions")
        else:
            members[key] = text.value(key)
    if text.next_char():
        raise ImportFileError(_("not valid JSON: extra data at {place}").format(
            place=text.place(text.pos)))
    check_header(members, sessions_seen)


def _list_runs(text: _Text, name: str) -> Iterator[tuple[int, Run]]:
    number = 0
    if text.next_char() == "]":
        text.pos += 1
        return
    while True:
        run = text.run_of_members()
        if run is None:
            run = [text.value(f"{name}[{number}]")]
        yield number, run
        number += len(run.sessions) if isinstance(run, RowBatch) else len(run)
        after = _("',' or ']' after {where}").format(where=f"{name}[{number - 1}]")
        if text.expect(",]", after) == "]":
            return


FORMAT_KEY = "spasm_timer_log"
FORMAT_VERSION = 1


def check_header(members: dict[str, Any], sessions_seen: bool) -> None:
    if FORMAT_KEY not in members:
        raise ImportFileError(_not_an_export())
    if members[FORMAT_KEY] != FORMAT_VERSION:
        raise ImportFileError(_("{key}: version {version} is not one this Spasm Timer reads (it "
                                "reads {readable})").format(
            key=FORMAT_KEY, version=repr(members[FORMAT_KEY]), readable=FORMAT_VERSION))
    if not sessions_seen:
        raise ImportFileError(_("{where}: missing").format(where="sessions"))


def _not_an_export() -> str:
    return _('not a Spasm Timer log export (no "{key}" key at the top)').format(key=FORMAT_KEY)


def places_of(file: str | os.PathLike[str], session_id: str) -> list[int]:
    """The numbers of the first two sessions in `file` with this id (to name them in an
    error)."""
    places = []
    with open_regular(Path(file)) as stream:
        for number, session in iter_sessions(stream):
            if isinstance(session, dict) and session.get("id") == session_id:
                places.append(number)
                if len(places) == 2:
                    break
    return places
