"""The remaining time in the system tray and the window title, and a note when a step ends.

When the person has put the window aside (minimised, or another window in front), the tray
icon shows the time left on itself and in its tooltip, the window's title counts too, and the
desktop's notification service says when a step or the whole session ends and what comes next
(Qt's tray balloon only where no such service runs). The icon's menu pauses, skips, stops and
brings the window back; after the session it stays until the person has seen the end. Where
the desktop has no system tray, nothing breaks: the title still counts, and `unavailable` says
once that the tray is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from spasm_timer.core.durations import format_clock
from spasm_timer.core.events import COMPLETED, SessionEnded, SessionEvent, StepEnded
from spasm_timer.core.session import SessionState
from spasm_timer.i18n import _
from spasm_timer.paths import icon_path
from spasm_timer.ui.desktop_notes import DesktopNotes
from spasm_timer.ui.menus import leave_room
from spasm_timer.ui.player_texts import next_text, shown_title
from spasm_timer.ui.session_driver import SessionDriver

APP_NAME = "Spasm Timer"
NOTE_MILLISECONDS = 6000
ICON_PX = 64


def icon_words(driver: SessionDriver | None) -> str:
    """What the icon itself shows: minutes left, seconds in the last minute, II when paused."""
    if driver is None or driver.is_over or driver.segment is None:
        return ""
    if driver.state is SessionState.PAUSED:
        return "II"
    seconds = driver.shown_seconds()
    return f"{seconds}" if seconds < 60 else f"{(seconds + 59) // 60}m"


class TrayCountdown(QObject):
    """A tray icon that counts down, with a menu, plus notes while the window is away.

    `TrayCountdown(driver, window, parent=None, notes=None)`; `set_driver(driver)`;
    `hide()` at once, or `hide_once_seen()` after the session.
    Signal `unavailable(message)` once when the desktop has no system tray.
    `notifications` lists (title, message) of every note sent while the window was away.
    """

    unavailable = Signal(str)
    stop_requested = Signal()

    def __init__(self, driver: SessionDriver | None, window: QWidget,
                 parent: QObject | None = None, notes: DesktopNotes | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.driver: SessionDriver | None = None
        self.notes = notes or DesktopNotes()
        self._notes_service: bool | None = None  # asked the bus once, at the first note
        self.notifications: list[tuple[str, str]] = []
        self._base_title = window.windowTitle() or APP_NAME
        self._base_icon = QIcon(str(icon_path()))
        self._shown_words: str | None = None
        self.icon: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(self._base_icon, self)
            self.icon.setToolTip(APP_NAME)
            self.icon.activated.connect(self._activated)
            self.menu = self._build_menu()
            self.icon.setContextMenu(self.menu)
            self.icon.show()
        else:
            # sent on the next turn of the event loop, so the app can connect first
            message = _("No system tray on this desktop: the time left shows in the window "
                        "title.")
            QTimer.singleShot(0, self, lambda: self.unavailable.emit(message))
        self.set_driver(driver)

    def _build_menu(self) -> QMenu:
        menu = QMenu()
        self.pause_action = menu.addAction(_("Pause"), self._toggle_pause)
        self.next_action = menu.addAction(_("Next step"), self._next)
        self.stop_action = menu.addAction(_("Stop…"), self._stop)
        menu.addSeparator()
        menu.addAction(_("Show Spasm Timer"), self.bring_back_window)
        menu.aboutToShow.connect(lambda: leave_room(menu))  # "Nächster Schritt" whole at Huge
        return menu

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
            self.icon.setContextMenu(None)  # type: ignore[arg-type]
        if self.menu is not None:
            self.menu.deleteLater()  # a menu has no QObject parent here: let Qt end it
            self.menu = None

    def hide_once_seen(self) -> None:
        """After the session: the icon says so until the person comes back to the window."""
        if not self._window_is_away() or self.icon is None:
            self.hide()
            self.deleteLater()
            return
        self.set_driver(None)
        self.icon.setIcon(self._base_icon)
        self.icon.setToolTip(_("Spasm Timer: the session is over. Click to see how it went."))
        for action in (self.pause_action, self.next_action, self.stop_action):
            action.setEnabled(False)
        self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.window.removeEventFilter(self)
            self.hide()
            self.deleteLater()
        return False

    def countdown_text(self) -> str:
        """"2:15 · Hold the knot", "Paused 2:15 · …", or the app's name when no session runs."""
        driver = self.driver
        if driver is None or driver.is_over or driver.segment is None:
            return APP_NAME
        time, step = format_clock(driver.shown_seconds()), shown_title(driver.segment)
        if driver.state is SessionState.PAUSED:
            return _("Paused {time} · {step}").format(time=time, step=step)
        return f"{time} · {step}"

    def refresh(self) -> None:
        text = self.countdown_text()
        if self.icon is not None:
            if self.icon.toolTip() != text:
                self.icon.setToolTip(text)
            self._draw_icon(icon_words(self.driver))
            paused = self.driver is not None and self.driver.state is SessionState.PAUSED
            self.pause_action.setText(_("Resume") if paused else _("Pause"))
        title = self._base_title if text == APP_NAME else f"{text} — {self._base_title}"
        if self.window.windowTitle() != title:
            self.window.setWindowTitle(title)

    def _draw_icon(self, words: str) -> None:
        if words == self._shown_words or self.icon is None:
            return
        self._shown_words = words
        if not words:
            self.icon.setIcon(self._base_icon)
            return
        pixmap = self._base_icon.pixmap(ICON_PX, ICON_PX)
        painter = QPainter(pixmap)
        band = QRect(0, ICON_PX * 2 // 5, ICON_PX, ICON_PX * 3 // 5)
        painter.fillRect(band, QColor(0, 0, 0, 190))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(band.height() - 4)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, words)
        painter.end()
        self.icon.setIcon(QIcon(pixmap))

    def on_event(self, event: SessionEvent) -> None:
        if isinstance(event, StepEnded) and event.outcome == COMPLETED:
            following = self._segment_after(event.index)
            self.notify(_("Done: {step}").format(step=event.segment.title), next_text(following))
        elif isinstance(event, SessionEnded):
            if event.status == COMPLETED:
                self.notify(_("Session complete"),
                            _("Well done. Rate your pain when you are back."), stays=True)
            else:
                self.notify(_("Session stopped"), _("You can start again whenever you like."))

    def notify(self, title: str, message: str, stays: bool = False) -> None:
        """A desktop notification, only when the window is out of sight: otherwise the
        player itself shows it, and a note on top would just be noise."""
        if not self._window_is_away():
            return
        self.notifications.append((title, message))
        if self._notes_service is None:
            self._notes_service = self.notes.available()
        if self._notes_service and self.notes.send(title, message, stays):
            return
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, self._base_icon, NOTE_MILLISECONDS)

    def bring_back_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason != QSystemTrayIcon.ActivationReason.Context:
            self.bring_back_window()

    def _toggle_pause(self) -> None:
        if self.driver is not None and not self.driver.is_over:
            self.driver.toggle_pause()

    def _next(self) -> None:
        if self.driver is not None and not self.driver.is_over:
            self.driver.next()

    def _stop(self) -> None:
        """The same question as Esc, in front of the person."""
        self.bring_back_window()
        self.stop_requested.emit()

    def _window_is_away(self) -> bool:
        return self.window.isMinimized() or not self.window.isActiveWindow()

    def _segment_after(self, index: int):  # type: ignore[no-untyped-def]
        if self.driver is None:
            return None
        segments = self.driver.timeline.segments
        return segments[index + 1] if index + 1 < len(segments) else None
