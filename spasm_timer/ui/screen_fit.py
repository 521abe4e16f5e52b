"""Windows and dialogs that open within the screen's available area, whatever its size.

A small laptop at night, text at its largest: a window taller than the screen hides its
buttons, and a person in pain will not go looking for them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# A title bar and borders, for a window the window manager has not framed yet.
FRAME_ALLOWANCE = QSize(8, 40)


def available_room(widget: QWidget | None = None) -> QRect | None:
    """The screen's area free of panels, where `widget` is (or the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def frame_allowance(window: QWidget) -> QSize:
    """What the window manager adds around the window's contents."""
    if window.isVisible():
        frame = window.frameGeometry().size() - window.geometry().size()
        if frame.height() > 0:
            return frame
    return FRAME_ALLOWANCE


def largest_size(window: QWidget) -> QSize | None:
    """The largest contents size that keeps the framed window within the available area."""
    room = available_room(window)
    if room is None:
        return None
    return room.size() - frame_allowance(window)


def fit_within_screen(window: QWidget, width: int, height: int) -> QSize:
    """Resizes to width × height, or smaller where the screen is smaller; returns the size."""
    largest = largest_size(window)
    size = QSize(width, height) if largest is None else QSize(
        min(width, largest.width()), min(height, largest.height()))
    window.resize(size)
    return size


def bring_within_screen(window: QWidget) -> None:
    """A window already sized elsewhere (History) shrinks and moves to lie wholly on screen."""
    room = available_room(window)
    if room is None:
        return
    fit_within_screen(window, window.width(), window.height())
    frame = window.frameGeometry()
    x = max(room.left(), min(frame.left(), room.right() - frame.width() + 1))
    y = max(room.top(), min(frame.top(), room.bottom() - frame.height() + 1))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)
