"""Switches to the night look at 9 p.m., and back at 7 a.m., when the person asked for it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from spasm_timer.ui.theme import night_now

CHECK_EVERY_MS = 60_000  # a minute late at dusk is fine; a timer per second is not


class NightWatch(QObject):
    """Re-applies the window's settings when night begins or ends (`night_auto` on)."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)  # the window is reached as parent(): no second reference to it
        self.night = night_now(window.settings)  # type: ignore[attr-defined]
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_EVERY_MS)

    def check(self) -> bool:
        """Returns True when the look changed."""
        window: Any = self.parent()
        settings = window.settings
        night = night_now(settings)
        if night == self.night:
            return False
        self.night = night
        window.apply_settings(settings)
        return True
