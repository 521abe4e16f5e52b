"""A small always-on-top countdown for long heat and cold steps.

During a 15-minute heat pack the person may want the screen for something else; this little
frameless window keeps the time and the step in view. Drag it anywhere; a click (without a
drag) brings the main window back and closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from spasm_timer.core.durations import format_clock
from spasm_timer.core.session import SessionState
from spasm_timer.i18n import _
from spasm_timer.ui.player_look import PAUSE_FRAME_PX
from spasm_timer.ui.player_texts import banner_text, shown_title
from spasm_timer.ui.session_driver import SessionDriver
from spasm_timer.ui.theme import Colours, restyle

# A press that moves less than this is a click, not a drag.
DRAG_THRESHOLD_PX = 6

# Object name → (size as a multiple of the person's text size, weight). The text size is the
# app's base font (theme.apply), so the mini timer grows with Large and Huge like the player:
# at Normal the digits are 34 pt.
FONT_ROLES: dict[str, tuple[float, QFont.Weight]] = {
    "miniTime": (2.6, QFont.Weight.DemiBold),
    "miniTitle": (1.0, QFont.Weight.Normal),
    "miniPaused": (1.15, QFont.Weight.Bold),
}


def mini_stylesheet(c: Colours) -> str:
    """The player's colours: its background, its digits' colour, and the pause frame in the
    muted colour, which keeps the 3:1 a shape needs in every theme (see player_look.py). The
    accent edge sets the little window apart from whatever lies behind it. The PAUSED box
    is the player's paused banner: the safety note's sand, framed."""
    return (f"#miniCountdown {{ background: {c.window}; border: 2px solid {c.accent};"
            " border-radius: 12px; }"
            f"#miniTime {{ color: {c.text};"
            f" border: {PAUSE_FRAME_PX}px solid transparent; border-radius: 10px; }}"
            f'#miniTime[paused="true"] {{ border-color: {c.muted}; }}'
            f"#miniTitle {{ color: {c.text}; }}"
            f"#miniPaused {{ color: {c.text}; background: {c.safety_back};"
            f" border: 2px solid {c.safety_border}; border-radius: 10px; padding: 2px 10px; }}")


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
        self.paused_label = QLabel(banner_text(SessionState.PAUSED))  # the player's words
        self.paused_label.setObjectName("miniPaused")
        self.paused_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The PAUSED box takes the title's place. A stacked layout is as large as its largest
        # page, shown or not: the window keeps its size when the pause comes and goes.
        self.lower_line = QStackedLayout()
        self.lower_line.addWidget(self.title_label)
        self.lower_line.addWidget(self.paused_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.addWidget(self.time_label)
        layout.addLayout(self.lower_line)
        self.setToolTip(_("Drag to move. Click to go back to Spasm Timer."))
        self.apply_colours(colours)
        self.size_text()

    def apply_colours(self, colours: Colours) -> None:
        """The player's theme: at night the mini timer is as dim and warm as the player."""
        self.setStyleSheet(mini_stylesheet(colours))

    def size_text(self) -> None:
        """Each label at its role's share of the person's text size (the window's own font,
        which it takes from the app)."""
        points = self.font().pointSizeF()
        for label in (self.time_label, self.title_label, self.paused_label):
            factor, weight = FONT_ROLES[label.objectName()]
            font = QFont(self.font())
            font.setPointSizeF(points * factor)
            font.setWeight(weight)
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the person chose another text size
            self.size_text()

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
        # The pause is said in a box in the title's place and shown as a frame around the
        # time (seen from two metres); the digits stay as clear as while it runs.
        restyle(self.time_label, "paused", paused)
        _set_text(self.title_label, title)
        self.lower_line.setCurrentWidget(self.paused_label if paused else self.title_label)

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
