"""Python's cycle collector, run on the GUI thread only.

Python runs its cycle collector in whichever thread allocates when a threshold is passed.
Since the session log has a writer thread of its own, that was sometimes the writer: a cycle
that held a Qt object (a child process, a socket) was then destroyed on the wrong thread, and
Qt's main loop spun on a dead socket notifier, freezing the countdown. So once the window is
up the automatic collector stays off, and the GUI thread collects instead, when Python's own
thresholds say a pass is due: checked every few seconds, and whenever the log writer has news.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 5000


def collect_if_due() -> None:
    """The passes Python would have made by now, each generation by its own threshold."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] >= thresholds[generation]:
            gc.collect(generation)  # collects the younger generations too
            return


def set_aside_what_lasts() -> None:
    """Leaves everything alive now out of later passes (`gc.freeze`). For after loading the
    routine library: ten thousand routines are a few hundred thousand objects that live as
    long as the library, and each full pass over them held the window for a good part of a
    second. Freed by their reference counts as usual when the library is replaced."""
    gc.freeze()


class MainThreadCollector(QObject):
    """Turns the automatic collector off and collects on a timer of the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(collect_if_due)
        self.timer.start()
