"""What the timing probes share."""

from __future__ import annotations


def precise_single_shot(parent, ms: int, slot):  # type: ignore[no-untyped-def]
    """QTimer.singleShot with a PreciseTimer (PySide6 has no functor overload for that)."""
    from PySide6.QtCore import Qt, QTimer

    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    timer.start(ms)
    return timer
