"""The window's tie to the session log: the writer thread, what to tell the person, and the
log to read once it is open.

`LogLink` starts the `LogWriter` (which opens, checks and migrates the log on its own thread,
so nothing of it touches the first paint or the countdown) and turns the writer's news, which
comes on the writer's thread, into Qt signals on the window's:
- `changed()` whenever the writer's state changed: the notice and the end screen follow it;
- `landed(session_ids)` when writes about those sessions reached the log (the history
  re-reads them);
- `log_ready(log)` once, with a `QueuedLog` to read from (the history window).

The person hears about the log in one notice, and only when it matters: when a write has
waited `TELL_AFTER_SECONDS` (a lock held for a moment is no news), at once when the log
cannot be used, and never again once everything has landed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from spasm_timer.i18n import N_, _
from spasm_timer.storage.app_presence import AppPresence
from spasm_timer.storage.log import SessionLog
from spasm_timer.storage.log_writer import LogWriter, WriterState
from spasm_timer.storage.queued_log import QueuedLog, QueuedWrites
from spasm_timer.ui.main_thread_gc import collect_if_due
from spasm_timer.ui.quit_gate import QuitGate

# Quitting waits this long for writes still on their way, then leaves them in the pending
# file for the next start.
CLOSE_WAIT_SECONDS = 3.0

SAVED_TEXT = N_("Saved in your history.")


def importing_text() -> str:
    """Why writes wait while the History imports: its one transaction holds the log."""
    return _("an import is being added to your log")


def waiting_text(state: WriterState, importing: bool = False) -> str | None:
    """The notice for the person, or None when there is nothing to say. `importing`: the
    app's own import holds the log, not another program."""
    if state.lasting:
        return sessions_cannot_be_saved(state.problem)
    if state.damage:
        return _("Your session log is damaged ({damage}). Sessions are still saved in "
                 "it; the next time Spasm Timer starts, it keeps that file aside and starts "
                 "a fresh log.").format(damage=state.damage)
    if not state.waiting_long:
        return None
    reason = importing_text() if importing and state.opened else \
        state.problem or _("the session log is busy")
    if not state.opened and not state.waiting:
        return _("Sessions cannot be saved yet: {reason}. Spasm Timer keeps trying; a "
                 "session you do meanwhile is kept and saved as soon as it can be.").format(
                     reason=reason)
    if state.kept_on_disk:
        return _("Not saved yet: {reason}. Your session is kept safe and is saved by "
                 "itself as soon as the log can take it.").format(reason=reason)
    return _("Not saved yet: {reason}, and the disk refused to keep it aside too. Keep "
             "Spasm Timer open: it saves your session by itself as soon as it can.").format(
                 reason=reason)


def sessions_cannot_be_saved(problem: str | None) -> str:
    """The notice when the log cannot be used at all: the timer still works."""
    return _("Sessions cannot be saved: {problem}. The timer works as usual.").format(
        problem=problem)


class LogLink(QObject):
    """Owns the log writer for the window (see the module's docstring)."""

    changed = Signal()
    landed = Signal(object)  # frozenset of session ids
    log_ready = Signal(object)  # a QueuedLog

    # The writer's news comes as a posted event: posting is the one thing Qt allows from a
    # thread it did not start (a signal emitted there upset the main loop's socket notifiers).
    _NEWS = QEvent.Type(QEvent.registerEventType())

    def __init__(self, database: Path, reader: SessionLog | None = None,
                 parent: QObject | None = None, **writer_options: Any) -> None:
        super().__init__(parent)
        self._landed: set[str] = set()
        self._news_lock = threading.Lock()
        # Closed when the app quits or the link closes: a writer still busy then (the log
        # slow to open, a write held up) posts nothing more into Qt (see quit_gate.py).
        self._gate = QuitGate(self)
        self.writer = LogWriter(database, on_change=self._post_news, **writer_options)
        # Held while the app runs: a session it runs reads "in progress" in any history.
        self.presence = AppPresence(Path(database))
        self.writes = QueuedWrites(self.writer, self.presence)
        self.log: QueuedLog | None = None
        if reader is not None:  # an open log handed in (tests, tools): read through it
            self.log = QueuedLog(reader.connection, reader.path, self.writes)
        self.closed = False

    def start(self) -> LogLink:
        self.presence.hold()
        self.writer.start()
        return self

    def state(self) -> WriterState:
        return self.writer.state()

    def notice(self) -> str | None:
        return waiting_text(self.state(), self.writes.importing)

    def saved_text(self, session_id: str | None) -> str:
        """What the end screen says about a session's place in the log."""
        state = self.state()
        if session_id is not None and state.is_saved(session_id):
            return _(SAVED_TEXT)
        if state.lasting:
            return _("This session could not be saved: {problem}.").format(problem=state.problem)
        if state.problem:
            problem = importing_text() if self.writes.importing else state.problem
            return _("Not saved yet: {problem}. It is kept, and saved by itself as soon as it "
                     "can be.").format(problem=problem)
        if state.opened:  # nothing stands in the way: it is on its way, a moment at most
            return _("Saving…")
        return _("Not saved yet. It is kept, and saved by itself as soon as it can be.")

    def _post_news(self, landed: frozenset[str]) -> None:
        """On the writer's thread: hand the news to the window's thread."""
        with self._news_lock:
            self._landed |= landed
        # The event is made inside the gate too: after quit not even that touches Qt.
        self._gate.send(lambda: QCoreApplication.postEvent(self, QEvent(self._NEWS)))

    def event(self, event: QEvent) -> bool:
        if event.type() == self._NEWS:
            with self._news_lock:
                landed, self._landed = frozenset(self._landed), set()
            self._on_writer(landed)
            return True
        return super().event(event)

    def _on_writer(self, landed: frozenset[str]) -> None:
        collect_if_due()  # the writer is busy: its thread must not be the one to collect
        if self.closed:
            return
        if self.log is None and self.state().opened:
            self.log = QueuedLog.reading(self.writes)
            self.log_ready.emit(self.log)
        self.changed.emit()
        if landed:
            self.landed.emit(landed)

    def close(self, wait: float = CLOSE_WAIT_SECONDS) -> bool:
        """Lands what it can within `wait` seconds and stops the writer; True when nothing
        was left waiting (what was is kept for the next start)."""
        if self.closed:
            return True
        self.closed = True
        self._gate.close()
        landed = self.writer.close(wait)
        self.presence.release()
        if self.log is not None:
            self.log.close()
        return landed
