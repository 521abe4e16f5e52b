"""The session's keys in every window of the app while a session runs.

The person presses Space, M, N or Esc wherever the focus happens to be: the mini timer, the
History window, Settings. There, too, the keys go to the session, and a focused button never
takes Space. Typing into a text field still types; the stop question and the safety note keep
their own keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from spasm_timer.ui.player import PlayerView

TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QKeySequenceEdit)
OWN_KEYS = ("stop_question", "safety_dialog")
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


class SessionKeysEverywhere(QObject):
    """Installed on the application for the length of a session; `remove()` at its end."""

    def __init__(self, player: PlayerView, main_window: QWidget) -> None:
        super().__init__(player)
        self.player = player
        self.main_window = main_window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in KEY_EVENTS or not isinstance(watched, QWidget):
            return False
        driver = self.player.driver
        if driver is None or driver.is_over or not self.main_window.isVisible():
            return False  # no session (any more) in a window that is still open
        window = watched.window()
        if window is self.main_window or window.objectName() in OWN_KEYS or \
                isinstance(window, QMainWindow) or _inside_a_player(watched):
            return False  # a player has them already; these windows answer their own keys
        if isinstance(watched, TEXT_INPUTS) or (isinstance(watched, QComboBox)
                                                and watched.isEditable()):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if not self.player.is_session_key(key_event):
            return False
        if event.type() == QEvent.Type.KeyPress:
            return self.player.handle_session_key(key_event)
        event.accept()
        return True  # a button would "click" on the release of Space


def _inside_a_player(widget: QWidget | None) -> bool:
    while widget is not None:
        if widget.objectName() == "player":
            return True
        widget = widget.parentWidget()
    return False
