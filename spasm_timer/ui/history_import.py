"""History › Import…, read and added on a worker thread.

Importing a long export takes minutes (a million sessions, several); on the GUI thread it
froze the window, and the countdown of a session running beside it, all that time. Here the
worker owns its own connection to the log (`queued_log.import_connection`): SQLite's lock
keeps its one transaction and the app's writer in turn, and the writer keeps the session's
writes in the pending file until the import is over. The window shows how many sessions
have been read, and Cancel stops the import between two batches: its transaction is rolled
back, so a cancelled import, like a bad file, adds nothing. (A Cancel after the last batch was
read comes too late to stop it: the file is then added whole. Never a part of it.)
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from spasm_timer.storage import exchange
from spasm_timer.storage.queued_log import import_connection
from spasm_timer.ui.quit_gate import QuitGate

# When the app quits during an import, it waits this long for the import to stop and be
# rolled back (a batch and a rollback: well under a second), so the writer's waiting writes
# land before it closes.
STOP_WAIT_SECONDS = 5.0


class ImportCancelled(Exception):
    """The person pressed Cancel; the import's transaction was rolled back."""


class ImportRun(QObject):
    """One import of `file` into the log at `database`, on a thread of its own.

    `read(count)` says how many sessions have been read so far; `finished(result)` comes
    once, with (added, skipped), or the ImportFileError, LogError or ImportCancelled that
    ended it (any other error too, for the window to raise on its own thread). Signals sent
    from the worker reach the window's slots on the window's thread. When the app quits the
    worker sends nothing more (see quit_gate.py) and stops as if cancelled: the file is added
    whole or not at all (whole when the quit comes after its last batch was read), and the
    writes waiting for the import land before the log closes."""

    read = Signal(int)
    finished = Signal(object)

    def __init__(self, database: Path, file: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database, self.file = Path(database), file
        self._cancel = threading.Event()
        self._gate = QuitGate(self)
        self._thread = threading.Thread(target=self._work, name="history-import", daemon=True)

    def start(self) -> ImportRun:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stops the import at the next batch, and nothing it read is added; once the last
        batch is read it is too late, and the whole file is added."""
        self._cancel.set()


    def wait(self, timeout: float) -> bool:
        """Waits up to `timeout` seconds for the thread to end; True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _work(self) -> None:
        result: object
        try:
            log = import_connection(self.database)
            try:
                result = exchange.import_json(log, self.file, progress=self._progress)
            finally:
                log.close()
        except Exception as error:  # noqa: BLE001 - ImportFileError, LogError, Cancel, a bug
            result = error
        self._gate.send_signal(self.finished, result)

    def _progress(self, count: int) -> None:
        if self._cancel.is_set() or self._gate.closed:
            raise ImportCancelled
        self._gate.send_signal(self.read, count)
