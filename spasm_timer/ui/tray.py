"""The remaining time in the system tray and the window title, and a note when a step ends.

When the person has put the window aside (minimised, or another window in front), the tray
icon's tooltip and the window's title still show the time left, and a desktop notification says
when a step or the whole session ends. Where the desktop has no system tray, nothing breaks: the
title still counts, and `unavailable` says once that the tray is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from spasm_timer.core.events import COMPLETED, SessionEnded, SessionEvent, StepEnded
from spasm_timer.paths import icon_path
from spasm_timer.ui.mini_countdown import format_clock
from spasm_timer.ui.player_texts import next_text
from spasm_timer.ui.session_driver import SessionDriver

APP_NAME = "Spasm Timer"
NOTE_MILLISECONDS = 6000


class TrayCountdown(QObject):
    """A tray icon whose tooltip counts down, plus notifications while the window is away.

    `TrayCountdown(driver, window, parent=None)`; `set_driver(driver)` for each new session;
    `hide()` when the session is over.
    Signal `unavailable(message)` once when the desktop has no system tray.
    `notifications` lists (title, message) of every notification shown, for tests.
    """

    unavailable = Signal(str)

    def __init__(self, driver: SessionDriver | None, window: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.driver: SessionDriver | None = None
        self.notifications: list[tuple[str, str]] = []
        self._base_title = window.windowTitle() or APP_NAME
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(QIcon(str(icon_path())), self)
            self.icon.setToolTip(APP_NAME)
            self.icon.activated.connect(self.bring_back_window)
            self.icon.show()
        else:
            # sent on the next turn of the event loop, so the app can connect first
            message = "No system tray on this desktop: the time left shows in the window title."
            QTimer.singleShot(0, self, lambda: self.unavailable.emit(message))
        self.set_driver(driver)

    def set_driver(self, driver: SessionDriver | None) -> None:
        if self.driver is not None:
            self.driver.display_changed.disconnect(self.refresh)
            self.driver.event_occurred.disconnect(self.on_event)
        self.driver = driver
        if driver is not None:
            driver.display_changed.connect(self.refresh)
            driver.event_occurred.connect(self.on_event)
        self.refresh()

    def hide(self) -> None:
        """The session is over and this tray countdown goes away: no stale icon, no title."""
        self.set_driver(None)
        if self.icon is not None:
            self.icon.hide()

    def countdown_text(self) -> str:
        """"2:15 · Hold the knot", or just the app's name when no session runs."""
        driver = self.driver
        if driver is None or driver.is_over or driver.segment is None:
            return APP_NAME
        return f"{format_clock(driver.shown_seconds())} · {driver.segment.title}"

    def refresh(self) -> None:
        text = self.countdown_text()
        if self.icon is not None and self.icon.toolTip() != text:
            self.icon.setToolTip(text)
        title = self._base_title if text == APP_NAME else f"{text} — {self._base_title}"
        if self.window.windowTitle() != title:
            self.window.setWindowTitle(title)

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, StepEnded) and event.outcome == COMPLETED:
            following = self._segment_after(event.index)
            self.notify(f"Done: {event.segment.title}", next_text(following))
        elif isinstance(event, SessionEnded):
            if event.status == COMPLETED:
                self.notify("Session complete", "Well done.")
            else:
                self.notify("Session stopped", "You can start again whenever you like.")

    def notify(self, title: str, message: str) -> None:
        """A desktop notification, only when the window is out of sight: otherwise the
        player itself shows it, and a bubble on top would just be noise."""
        if not self._window_is_away():
            return
        self.notifications.append((title, message))
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, QIcon(str(icon_path())), NOTE_MILLISECONDS)

    def bring_back_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _window_is_away(self) -> bool:
        return self.window.isMinimized() or not self.window.isActiveWindow()

    def _segment_after(self, index: int):  # type: ignore[no-untyped-def]
        if self.driver is None:
            return None
        segments = self.driver.timeline.segments
        return segments[index + 1] if index + 1 < len(segments) else None
