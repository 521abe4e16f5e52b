"""Qt's own warnings, written to stderr a bounded number of times.

A fault in a library thread (a speech service's socket gone bad, say) can make Qt repeat one
warning millions of times a minute; unbounded, that fills the disk. Each distinct message is
written at most `REPEATS_SHOWN` times, then once more to say the rest are not shown, and no
more than `MESSAGES_SHOWN` lines are written in all.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from typing import TextIO

from PySide6.QtCore import qInstallMessageHandler

REPEATS_SHOWN = 5
MESSAGES_SHOWN = 500


class BoundedQtMessages:
    """A Qt message handler that counts what it writes (any thread may call it)."""

    def __init__(self, stream: TextIO | None = None, repeats: int = REPEATS_SHOWN,
                 total: int = MESSAGES_SHOWN) -> None:
        self.stream = stream
        self.repeats = repeats
        self.total = total
        self.seen: Counter[str] = Counter()
        self.written = 0
        self._lock = threading.Lock()

    def __call__(self, kind: object, context: object, message: str) -> None:
        with self._lock:
            self.seen[message] += 1
            count = self.seen[message]
            if count > self.repeats + 1 or self.written >= self.total:
                return
            self.written += 1
            line = (message if count <= self.repeats else
                    f"(the message above repeats; further repeats are not shown) {message}")
        stream = self.stream or sys.stderr
        try:
            stream.write(f"Qt: {line}\n")
        except (OSError, ValueError):
            pass  # stderr closed: nothing to tell


def install_bounded_qt_messages() -> BoundedQtMessages:
    handler = BoundedQtMessages()
    qInstallMessageHandler(handler)
    return handler
