"""The player: what the person sees, from two metres away, while a routine runs.

The countdown is the biggest thing on screen; around it the step, which side (LEFT / RIGHT),
which repetition, the instructions, a picture and what comes next. Everything can be done with
the keyboard, with oily hands, without aiming at a button: Space, arrows, Enter, +, Esc, M, F11.
Buttons never take focus, so the space bar always means pause, never "press this button".

The view only shows a `SessionDriver` and forwards keys to it. It repaints when the driver says
the display changed, and even then touches only the labels whose text differs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.routine import THERMAL_KINDS
from spasm_timer.core.session import SessionState
from spasm_timer.core.timeline import ROLE_LEAD_IN, ROLE_REST, Segment
from spasm_timer.settings import Settings
from spasm_timer.ui.accessibility import illustration_words
from spasm_timer.ui.key_choice import extra_key_actions
from spasm_timer.ui.mini_countdown import MiniCountdown, format_clock
from spasm_timer.ui.session_driver import SessionDriver
from spasm_timer.ui.theme import colours_for, text_points

KIND_WORDS = {
    "pressure": "Gentle pressure",
    "circular": "Circular motions",
    "trigger_point": "Trigger point hold",
    "stretch": "Stretch hold",
    "heat": "Heat",
    "cold": "Cold pack",
    "effleurage": "Long strokes",
    "petrissage": "Kneading",
    "friction": "Friction",
    "breathe": "Slow breathing",
    "rest": "Rest",
}
SIDE_WORDS = {"left": "◀ LEFT", "right": "RIGHT ▶"}
BANNERS = {
    SessionState.READY: "Press Space to start",
    SessionState.PAUSED: "PAUSED — Space to continue",
    SessionState.FINISHED: "Session complete. Well done.",
    SessionState.STOPPED: "Session stopped",
}
PRIMARY_LABELS = {SessionState.READY: "Start  Space", SessionState.PAUSED: "Resume  Space"}
# The countdown takes about a third of the height: readable across a room.
# The digits fill this much of the countdown's own box; the rest is breathing room.
COUNTDOWN_FILL = 0.95
PROGRESS_STEPS = 1000
# Keys that belong to the player even when the window around it has shortcuts of its own.
HELD_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " ").capitalize())


def side_phrase(segment: Segment) -> str:
    return f" ({segment.side} side)" if segment.side else ""


def title_text(segment: Segment) -> str:
    if segment.role == ROLE_LEAD_IN:
        return f"Get ready: {segment.title}{side_phrase(segment)}"
    return segment.title


def repetition_text(segment: Segment) -> str:
    if segment.repetitions <= 1 or segment.role == ROLE_LEAD_IN:
        return ""
    if segment.role == ROLE_REST:
        return f"Rest after {segment.repetition} of {segment.repetitions}"
    return f"{segment.repetition} of {segment.repetitions}"


def instructions_text(segment: Segment) -> str:
    if segment.role == ROLE_REST:
        return "Let go, and breathe slowly."
    return segment.instructions


def next_text(following: Segment | None) -> str:
    if following is None:
        return "Next: the end of the session"
    if following.role == ROLE_REST:
        return f"Next: rest {format_clock(following.seconds)}"
    if following.role == ROLE_LEAD_IN:
        return f"Next: {following.title}{side_phrase(following)}"
    repetition = repetition_text(following)
    return f"Next: {following.title}{side_phrase(following)}" + (
        f", {repetition}" if repetition else "")


def _set_text(label: QLabel | QPushButton, text: str) -> None:
    """Touch a widget only when its text really changes: no needless repaint."""
    if label.text() != text:
        label.setText(text)


class PlayerView(QWidget):
    """Shows a running session and turns keys into session operations.

    `PlayerView(driver=None, settings=None, parent=None)`; `set_driver(driver)` for each new
    session; `apply_look(settings)` for theme and text size.
    Signals: `stop_confirmed()` after the person confirmed Stop (the driver is already
    stopped); `mute_toggled(bool muted)` when M or the Mute button is pressed.
    """

    stop_confirmed = Signal()
    time_left_requested = Signal()  # T: say how long this part still runs
    mute_toggled = Signal(bool)

    def __init__(self, driver: SessionDriver | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.driver: SessionDriver | None = None
        self.muted = False
        self.mini_countdown: MiniCountdown | None = None
        self.illustration_is_placeholder = True
        self._shown_index: int | None = None
        self._image_path: Path | None = None
        self._image_loaded = False
        self._svg: QSvgRenderer | None = None
        self._pixmap: QPixmap | None = None
        self._hint = ""
        self._build()
        self._keys = self._key_actions()
        self.apply_look(settings or Settings())
        if driver is not None:
            self.set_driver(driver)

    # ---------------------------------------------------------------- building

    def _label(self, name: str, wrap: bool = False,
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setWordWrap(wrap)
        label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _button(self, name: str, text: str, action: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        # Never take focus: Space and Enter must reach the player, not "click" a button.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.installEventFilter(self)
        button.clicked.connect(action)
        return button

    def _build(self) -> None:
        centre = Qt.AlignmentFlag.AlignHCenter
        self.kind_label = self._label("kind")
        self.step_label = self._label("stepOf", align=Qt.AlignmentFlag.AlignRight)
        self.title_label = self._label("title", wrap=True)
        self.side_label = self._label("side", align=Qt.AlignmentFlag.AlignRight)
        self.banner_label = self._label("banner", align=centre)
        self.countdown_label = self._label("countdown", align=centre)
        # Its font follows the space it gets (_fit_countdown); were its size hint to follow
        # the font in turn, the window could only ever grow past the screen.
        self.countdown_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.countdown_label.installEventFilter(self)
        self.repetition_label = self._label("repetition", align=centre)
        self.instructions_label = self._label("instructions", wrap=True)
        self.next_label = self._label("nextUp")
        self.image_label = self._label("illustration", align=Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.step_bar = self._bar("stepBar", 10)
        self.session_bar = self._bar("sessionBar", 6)

        self.primary_button = self._button("primary", "Start  Space", self.primary_action)
        self.back_button = self._button("back", "Back  ←", self.go_back)
        self.next_button = self._button("next", "Next  →", self.go_next)
        self.done_button = self._button("done", "Done  Enter", self.finish_step)
        self.extend_button = self._button("extend", "+10 s  +", self.extend)
        self.mute_button = self._button("mute", "Mute  M", self.toggle_mute)
        self.mute_button.setCheckable(True)
        self.mini_button = self._button("mini", "Mini timer", self.open_mini_countdown)
        self.mini_button.setVisible(False)
        self.stop_button = self._button("stop", "Stop  Esc", self.request_stop)

        # Mute, mini timer and stop sit up top, apart from the step controls: the bottom row
        # then fits a laptop screen even at the largest text size.
        top = QHBoxLayout()
        top.addWidget(self.kind_label, 1)
        top.addWidget(self.step_label)
        top.addSpacing(16)
        for button in (self.mini_button, self.mute_button, self.stop_button):
            top.addWidget(button)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.side_label)
        clock = QVBoxLayout()
        clock.addWidget(self.banner_label)
        clock.addWidget(self.countdown_label, 1)
        clock.addWidget(self.repetition_label)
        clock.addWidget(self.step_bar)
        middle = QHBoxLayout()
        middle.addWidget(self.image_label, 3)
        middle.addSpacing(24)
        middle.addLayout(clock, 7)
        buttons = QHBoxLayout()
        for button in (self.primary_button, self.back_button, self.next_button,
                       self.done_button, self.extend_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addLayout(middle, 1)
        layout.addWidget(self.instructions_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.session_bar)
        layout.addSpacing(6)
        layout.addLayout(buttons)

    def _bar(self, name: str, height: int) -> QProgressBar:
        bar = QProgressBar()
        bar.setObjectName(name)
        bar.setRange(0, PROGRESS_STEPS)
        bar.setTextVisible(False)
        bar.setFixedHeight(height)
        return bar

    # ---------------------------------------------------------------- the session

    def set_driver(self, driver: SessionDriver | None) -> None:
        """Show this session from now on (a new driver for each session)."""
        if self.driver is not None:
            self.driver.display_changed.disconnect(self.refresh)
        self.driver = driver
        self._shown_index = None
        self._image_loaded = False
        self._hint = ""
        if driver is not None:
            driver.display_changed.connect(self.refresh)
        if self.mini_countdown is not None:
            self.mini_countdown.set_driver(driver)
        self.refresh()
        self.setFocus()

    def refresh(self) -> None:
        """Brings every label up to date with the driver; unchanged ones are left alone."""
        driver = self.driver
        if driver is None or driver.segment is None:
            return
        if driver.index != self._shown_index:
            self._shown_index = driver.index
            self._hint = ""
            self._show_segment(driver)
        state = driver.state
        self._show_countdown(driver.shown_seconds(), state is SessionState.PAUSED)
        if driver.can_end_early():
            self._hint = ""  # "Done is possible after…" has come true
        self._show_banner(BANNERS.get(state) or self._hint, state is SessionState.PAUSED)
        self._show_buttons(driver, state)
        self.step_bar.setValue(round(driver.segment_progress() * PROGRESS_STEPS))
        self.session_bar.setValue(round(driver.progress() * PROGRESS_STEPS))

    def _show_segment(self, driver: SessionDriver) -> None:
        segment = driver.segment
        assert segment is not None
        steps = len(driver.timeline.routine.steps)
        _set_text(self.kind_label, "Rest" if segment.role == ROLE_REST
                  else kind_words(segment.step_kind))
        _set_text(self.step_label, f"Step {segment.step} of {steps}")
        _set_text(self.title_label, title_text(segment))
        side = SIDE_WORDS.get(segment.side or "", "")
        _set_text(self.side_label, side)
        self.side_label.setVisible(bool(side))
        _set_text(self.repetition_label, repetition_text(segment))
        _set_text(self.instructions_label, instructions_text(segment))
        _set_text(self.next_label, next_text(driver.next_segment()))
        self.mini_button.setVisible(segment.step_kind in THERMAL_KINDS)
        self._show_illustration(segment.image)
        name, description = illustration_words(segment.title, segment.image)
        self.image_label.setAccessibleName(name)
        self.image_label.setAccessibleDescription(description)

    def _show_countdown(self, seconds: int, paused: bool) -> None:
        text = format_clock(seconds)
        if text != self.countdown_label.text():
            refit = len(text) != len(self.countdown_label.text())
            self.countdown_label.setText(text)
            if refit:  # 9:59 → 10:00 needs room for one more digit
                self._fit_countdown()
        if self.countdown_label.isEnabled() == paused:
            # a disabled label is drawn in the muted colour: the time is visibly on hold
            self.countdown_label.setEnabled(not paused)

    def _show_banner(self, text: str, paused: bool) -> None:
        _set_text(self.banner_label, text)
        if self.banner_label.property("paused") != paused:
            self.banner_label.setProperty("paused", paused)
            self.banner_label.style().unpolish(self.banner_label)
            self.banner_label.style().polish(self.banner_label)

    def _show_buttons(self, driver: SessionDriver, state: SessionState) -> None:
        in_segment = state in (SessionState.LEAD_IN, SessionState.RUNNING, SessionState.PAUSED)
        _set_text(self.primary_button, PRIMARY_LABELS.get(state, "Pause  Space"))
        self.primary_button.setEnabled(not driver.is_over)
        self.back_button.setEnabled(in_segment)
        self.next_button.setEnabled(in_segment)
        self.done_button.setEnabled(driver.can_end_early())
        self.extend_button.setEnabled(driver.can_extend())
        self.stop_button.setEnabled(in_segment)

    # ---------------------------------------------------------------- the picture

    def _show_illustration(self, path: Path | None) -> None:
        if self._image_loaded and path == self._image_path:
            return
        self._image_loaded, self._image_path = True, path
        self._svg, self._pixmap = None, None
        if path is not None and Path(path).is_file():
            if Path(path).suffix.lower() == ".svg":
                renderer = QSvgRenderer(str(path))
                self._svg = renderer if renderer.isValid() else None
            else:
                pixmap = QPixmap(str(path))
                self._pixmap = None if pixmap.isNull() else pixmap
        self._render_illustration()

    def _render_illustration(self) -> None:
        size = self.image_label.size()
        if self._svg is None and self._pixmap is None:
            self.illustration_is_placeholder = True
            self.image_label.setPixmap(QPixmap())
            _set_text(self.image_label, "No picture for this step")
            return
        self.illustration_is_placeholder = False
        if size.width() < 8 or size.height() < 8:
            return
        if self._svg is not None:
            self.image_label.setPixmap(self._svg_pixmap(self._svg, size))
        elif self._pixmap is not None:
            self.image_label.setPixmap(self._pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def _svg_pixmap(self, renderer: QSvgRenderer, room: QSize) -> QPixmap:
        natural = renderer.defaultSize()
        scaled = natural.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(scaled * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, scaled.width(), scaled.height()))
        painter.end()
        return pixmap

    # ---------------------------------------------------------------- size and look

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_countdown()
        self._render_illustration()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()
        self._render_illustration()

    def _fit_countdown(self) -> None:
        """Sizes the digits to the room the countdown has: as tall as fits, never clipped."""
        label = self.countdown_label
        text = label.text() or "0:00"
        font = QFont(label.font())
        font.setPixelSize(100)
        metrics = QFontMetrics(font)
        # Every digit as wide as the widest, so 1:11 and 0:00 get the same size.
        widest = metrics.horizontalAdvance(text.replace(":", "").rjust(len(text), "0"))
        scale = min(label.height() / metrics.height(), label.width() / max(1, widest))
        font.setPixelSize(max(40, int(100 * scale * COUNTDOWN_FILL)))
        if font.pixelSize() != label.font().pixelSize():
            label.setFont(font)

    def apply_look(self, settings: Settings) -> None:
        """Theme (light / dark / system) and text size (normal / large / huge), at once;
        and the person's own session keys, which come with the settings."""
        self._keys = {**self._key_actions(), **extra_key_actions(self, settings.extra_keys)}
        c = colours_for(settings)
        pt = text_points(settings)

        def size(factor: float) -> str:
            return f"{pt * factor:.0f}pt"

        # Every rule starts with #player, so it outranks the app-wide stylesheet's rules.
        self.setStyleSheet(f"""
            #player {{ background: {c.window}; }}
            #player QLabel {{ color: {c.text}; background: transparent; }}
            #player #kind, #player #stepOf {{ color: {c.muted}; font-size: {size(1.4)}; }}
            #player #title {{ font-size: {size(2.3)}; font-weight: 600; }}
            #player #side {{ font-size: {size(3.4)}; font-weight: 800; color: {c.accent_text};
                            background: {c.accent}; border-radius: 14px; padding: 0 0.4em; }}
            #player #banner {{ font-size: {size(2.0)}; font-weight: 700; min-height: 1.5em; }}
            #player #banner[paused="true"] {{ background: {c.safety_back}; border-radius: 10px;
                                             border: 2px solid {c.safety_border}; }}
            #player #countdown {{ font-weight: 600; }}
            #player #countdown:disabled {{ color: {c.muted}; }}
            #player #repetition {{ font-size: {size(2.2)}; font-weight: 600; }}
            #player #instructions {{ font-size: {size(1.55)}; }}
            #player #nextUp {{ color: {c.muted}; font-size: {size(1.4)}; }}
            #player #illustration {{ color: {c.muted}; font-size: {size(1.2)}; }}
            #player QPushButton {{ font-size: {size(1.25)}; padding: 0.4em 0.6em; }}
            #player QPushButton#primary {{ font-weight: 700; background: {c.accent};
                                          color: {c.accent_text}; border-color: {c.accent}; }}
            #player QProgressBar {{ background: {c.button}; border: none; border-radius: 3px; }}
            #player QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
        """)
        self._use_tabular_digits()

    def _use_tabular_digits(self) -> None:
        # Equal-width digits: the countdown must not wobble as 1s turn into 0s.
        font = QFont(self.countdown_label.font())
        font.setFeature(QFont.Tag("tnum"), 1)
        font.setPixelSize(max(40, font.pixelSize()))
        self.countdown_label.setFont(font)

    # ---------------------------------------------------------------- keys

    def _key_actions(self) -> dict[int, object]:
        key = Qt.Key
        return {
            key.Key_Space: self.primary_action,
            key.Key_Right: self.go_next, key.Key_N: self.go_next,
            key.Key_Left: self.go_back, key.Key_P: self.go_back,
            key.Key_Return: self.finish_step, key.Key_Enter: self.finish_step,
            key.Key_Plus: self.extend, key.Key_Equal: self.extend,
            key.Key_Escape: self.request_stop,
            key.Key_M: self.toggle_mute,
            key.Key_F11: self.toggle_full_screen,
            key.Key_T: self.time_left_requested.emit,
        }

    def _is_ours(self, event: QKeyEvent) -> bool:
        return event.key() in self._keys and not (event.modifiers() & HELD_MODIFIERS)

    def _handle_key(self, event: QKeyEvent) -> bool:
        if not self._is_ours(event):
            return False
        # A held key must not toggle pause twenty times a second.
        if not event.isAutoRepeat():
            self._keys[event.key()]()  # type: ignore[operator]
        event.accept()
        return True

    def event(self, event: QEvent) -> bool:
        # Claim our keys before any window-wide shortcut of the same key can take them.
        if event.type() == QEvent.Type.ShortcutOverride and self._is_ours(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that reach a button (if one ever got focus) are the player's, not the button's;
        and the countdown's digits follow its box (a banner or a note takes room from it)."""
        kind = event.type()
        if watched is self.countdown_label:
            if kind == QEvent.Type.Resize:
                self._fit_countdown()
            return False
        if kind == QEvent.Type.ShortcutOverride and self._is_ours(event):  # type: ignore[arg-type]
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress:
            return self._handle_key(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease and self._is_ours(event):  # type: ignore[arg-type]
            return True  # a button would "click" on the release of Space
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- actions

    def primary_action(self) -> None:
        """Space: start, pause or resume."""
        if self.driver is not None:
            self.driver.toggle_pause()

    def go_next(self) -> None:
        if self.driver is not None:
            self.driver.next()

    def go_back(self) -> None:
        if self.driver is not None:
            self.driver.previous()

    def finish_step(self) -> None:
        """Enter: end a ranged step once its shortest time has passed; otherwise say when."""
        driver = self.driver
        if driver is None or driver.is_over:
            return
        if driver.end_early():
            return
        segment = driver.segment
        if segment is not None and segment.is_step and segment.min_seconds != segment.max_seconds:
            self._hint = f"Done is possible after {format_clock(segment.min_seconds)}"
        else:
            self._hint = "This step runs its full time"
        self.refresh()

    def extend(self) -> None:
        if self.driver is not None:
            self.driver.extend(10)

    def request_stop(self) -> None:
        """Esc: ask first; stopping by accident at 3 a.m. would lose the routine."""
        driver = self.driver
        if driver is None or driver.is_over or driver.state is SessionState.READY:
            return
        if self.confirm_stop():
            driver.stop()
            self.stop_confirmed.emit()

    def confirm_stop(self) -> bool:
        """The question behind Esc: Enter stops, Esc keeps going. Tests patch this."""
        box = QMessageBox(self)
        box.setWindowTitle("Stop the session?")
        box.setText("Stop this session now?")
        box.setInformativeText("Enter stops. Esc keeps going.")
        stop = box.addButton("Stop  Enter", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep going  Esc", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is stop

    def toggle_mute(self) -> None:
        self.set_muted(not self.muted)
        self.mute_toggled.emit(self.muted)

    def set_muted(self, muted: bool) -> None:
        """Shows the mute state without announcing it (for the app to restore it)."""
        self.muted = bool(muted)
        self.mute_button.setChecked(self.muted)
        _set_text(self.mute_button, "Muted  M" if self.muted else "Mute  M")

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def open_mini_countdown(self) -> MiniCountdown:
        """A small always-on-top timer for long heat or cold; the main window steps aside."""
        if self.mini_countdown is None:
            self.mini_countdown = MiniCountdown(main_window=self.window())
            self.mini_countdown.destroyed.connect(self._forget_mini_countdown)
            self.mini_countdown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.mini_countdown.set_driver(self.driver)
        self.mini_countdown.show()
        self.window().showMinimized()
        return self.mini_countdown

    def _forget_mini_countdown(self) -> None:
        self.mini_countdown = None
