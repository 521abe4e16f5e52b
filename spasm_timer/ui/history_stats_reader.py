"""The history's totals, what helps and chart series, read off the GUI thread for a long log.

With a million sessions the totals read every row (seconds, not milliseconds): the window
shows its first page at once and fills in the numbers when they come, and the person can
scroll, filter and type meanwhile. The reader has its own read-only connection (the log is
in WAL mode, so it never waits on the app's writes nor holds them up) on one thread, and
hands each result back by a queued signal with the number of the request it answers, so a
result for filters since changed is dropped.

A short log is read at once on the GUI thread: it costs a few milliseconds, and the window
then opens with every number in place.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from spasm_timer.storage.history_queries import HistoryFilter
from spasm_timer.storage.log import BUSY_TIMEOUT_SECONDS, SessionLog
from spasm_timer.ui.quit_gate import QuitGate

# Sessions ever written (the highest row number, read at no cost) from which the statistics
# are read in the background; below it they take well under 50 ms.
BACKGROUND_FROM_SESSIONS = 20_000

# What can be read: each takes the log and a filter.
READS: dict[str, Callable[[SessionLog, HistoryFilter], Any]] = {
    "totals": lambda log, chosen: log.totals(chosen.since, chosen.until, chosen.routine_id,
                                             chosen.status),
    "what_helps": lambda log, chosen: log.what_helps(chosen.since, chosen.until,
                                                     chosen.routine_id, chosen.status),
    "charts": lambda log, chosen: log.chart_series(chosen.since, chosen.until,
                                                   chosen.routine_id, chosen.status),
}


def is_long(log: SessionLog) -> bool:
    """Whether the log is long enough for its statistics to be read in the background."""
    highest = log.connection.execute("SELECT MAX(rowid) FROM sessions").fetchone()[0]
    return (highest or 0) >= BACKGROUND_FROM_SESSIONS


class StatsReader(QObject):
    """Reads `READS` in a thread of its own; `read` brings (request, what, result) back,
    where the result is an sqlite3.Error when the log could not be read. Once the app quits
    the thread sends nothing more and ends (see quit_gate.py)."""

    read = Signal(int, str, object)

    def __init__(self, log: SessionLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = log.path
        self._jobs: queue.SimpleQueue[tuple[int, str, HistoryFilter] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._gate = QuitGate(self)

    def request(self, number: int, what: str, chosen: HistoryFilter) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="history-stats",
                                            daemon=True)
            self._thread.start()
        self._jobs.put((number, what, chosen))

    def stop(self) -> None:
        """Ends the thread after the read under way (a closed window asks nothing more)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread = None

    def _work(self) -> None:
        reader: SessionLog | None = None
        while (job := self._jobs.get()) is not None:
            number, what, chosen = job
            try:
                if reader is None:
                    reader = SessionLog(_read_only(self._path), self._path)
                result: Any = READS[what](reader, chosen)
            except sqlite3.Error as error:
                result = error
            if not self._gate.send_signal(self.read, number, what, result):
                break  # the app quits, or the window is gone
        if reader is not None:
            reader.close()


def _read_only(path: Any) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
