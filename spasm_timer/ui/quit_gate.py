"""What a worker thread sends into Qt stops when the app quits.

Long work runs on daemon threads (the routine library, the log writer, the history's import
and its totals), so quitting never waits for it. But a daemon thread still running when
Python ends is stopped where it next asks for Python's lock, and one stopped inside Qt (a
signal being sent, an event being posted) aborts the whole process ("terminate called
without an active exception"): the crash takes with it what the app does last, such as
writing the routine cache. So such a thread sends through a `QuitGate`: the gate closes when
the app quits (`aboutToQuit`, on the GUI thread, before Python ends), waiting for a send
under way, and lets nothing through afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QObject, SignalInstance, Slot


class QuitGate(QObject):
    """Closes by itself when the app quits, or by `close()`; a child of the object whose
    thread sends through it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.RLock()  # held while something is sent; `closed` is set under it
        self.closed = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    @Slot()
    def close(self) -> None:
        """Once this returns nothing more goes through (a send under way has ended)."""
        with self._lock:
            self.closed = True

    def send(self, call: Callable[..., object], *args: object) -> bool:
        """Calls `call(*args)` unless the gate is closed; True when it was called and its
        receiver still existed."""
        with self._lock:
            if self.closed:
                return False
            try:
                call(*args)
            except RuntimeError:  # the receiving object was deleted meanwhile (a closed window)
                return False
            return True

    def send_signal(self, signal: SignalInstance, *args: object) -> bool:
        """Sends `signal` unless the gate is closed (see `send`)."""
        return self.send(signal.emit, *args)

    @contextmanager
    def held_open(self) -> Iterator[bool]:
        """For what must happen together with a send, or not at all: yields whether the gate
        is open, and it stays as it is until the block ends."""
        with self._lock:
            yield not self.closed
