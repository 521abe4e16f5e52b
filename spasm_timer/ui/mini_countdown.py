"""A small always-on-top countdown for long heat and cold steps.

During a 15-minute heat pack the person may want the screen for something else; this little
frameless window keeps the time and the step in view. Drag it anywhere; a click (without a
drag) brings the main window back and closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from spasm_timer.core.durations import format_clock
from spasm_timer.core.session import SessionState
from spasm_timer.i18n import _
from spasm_timer.ui.player_look import PAUSE_FRAME_PX, restyle
from spasm_timer.ui.player_texts import shown_title
from spasm_timer.ui.session_driver import SessionDriver
from spasm_timer.ui.theme import Colours

# A press that moves less than this is a click, not a drag.
DRAG_THRESHOLD_PX = 6


def mini_stylesheet(c: Colours) -> str:
    """The player's colours: its background, its digits' colour, and the pause frame in the
    muted colour, which keeps the 3:1 a shape needs in every theme (see player_look.py). The
    accent edge sets the little window apart from whatever lies behind it."""
    return (f"#miniCountdown {{ background: {c.window}; border: 2px solid {c.accent};"
            " border-radius: 12px; }"
            f"#miniTime {{ color: {c.text}; font-size: 34pt; font-weight: 600;"
            f" border: {PAUSE_FRAME_PX}px solid transparent; border-radius: 10px; }}"
            f'#miniTime[paused="true"] {{ border-color: {c.muted}; }}'
            f"#miniTitle {{ color: {c.text}; font-size: 12pt; }}")


class MiniCountdown(QWidget):
    """Remaining time and step title in a compact window that stays above the others."""

    def __init__(self, colours: Colours, main_window: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Tool)
        self.setObjectName("miniCountdown")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.main_window = main_window
        self.driver: SessionDriver | None = None
        self.index: int | None = None
        # It takes the keys while it is in front: the session's keys reach the player (see
        # session_keys.py), so Space, M, N and Esc work here as in the main window.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press_at: QPoint | None = None
        self._window_at: QPoint | None = None
        self._dragged = False

        self.time_label = QLabel("0:00")
        self.time_label.setObjectName("miniTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = QLabel("")
        self.title_label.setObjectName("miniTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.addWidget(self.time_label)
        layout.addWidget(self.title_label)
        self.setToolTip(_("Drag to move. Click to go back to Spasm Timer."))
        self.apply_colours(colours)

    def apply_colours(self, colours: Colours) -> None:
        """The player's theme: at night the mini timer is as dim and warm as the player."""
        self.setStyleSheet(mini_stylesheet(colours))

    def set_driver(self, driver: SessionDriver | None) -> None:
        if self.driver is not None:
            self.driver.display_changed.disconnect(self.refresh)
        self.driver = driver
        self.index = driver.index if driver is not None else None  # the step it was opened on
        if driver is not None:
            driver.display_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """The time, and a pause that cannot be missed; once its step or the session is over,
        the main window comes back in front (the pain rating, the next step's instructions)."""
        driver = self.driver
        if driver is None:
            return
        if driver.is_over or driver.index != self.index:
            self.bring_back_main_window()
            return
        paused = driver.state is SessionState.PAUSED
        _set_text(self.time_label, format_clock(driver.shown_seconds()))
        segment = driver.segment
        title = shown_title(segment) if segment is not None else ""
        # The pause is said in words and shown as a frame around the time (seen from two
        # metres); the digits stay as clear as while it runs.
        restyle(self.time_label, "paused", paused)
        _set_text(self.title_label, _("PAUSED · Space to go on · {step}").format(step=title)
                  if paused else title)

    def bring_back_main_window(self) -> None:
        if self.main_window is not None:
            self.main_window.showNormal()
            self.main_window.raise_()
            self.main_window.activateWindow()
        self.close()

    # ---------------------------------------------------------------- dragging

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_at = event.globalPosition().toPoint()
            self._window_at = self.pos()
            self._dragged = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_at is None or self._window_at is None:
            return
        moved = event.globalPosition().toPoint() - self._press_at
        if moved.manhattanLength() >= DRAG_THRESHOLD_PX:
            self._dragged = True
        if self._dragged:
            self.move(self._window_at + moved)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        was_click = self._press_at is not None and not self._dragged
        self._press_at = self._window_at = None
        if was_click and event.button() == Qt.MouseButton.LeftButton:
            self.bring_back_main_window()


def _set_text(label: QLabel, text: str) -> None:
    """Touch the label only when its text really changes: no needless repaint."""
    if label.text() != text:
        label.setText(text)


def open_mini_countdown(player: QWidget, mini: MiniCountdown | None,
                        colours: Colours) -> MiniCountdown:
    """Shows the mini timer for `player`'s session (made once, reused until it closes), in
    the player's `colours`; the main window steps aside, and the mini timer is in front with
    the keys."""
    if mini is None:
        mini = MiniCountdown(colours, main_window=player.window())
        mini.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        mini.destroyed.connect(player.forget_mini_countdown)  # type: ignore[attr-defined]
    mini.set_driver(player.driver)  # type: ignore[attr-defined]
    mini.show()
    player.window().showMinimized()
    mini.activateWindow()
    return mini
