"""The player: what the person sees, from two metres away, while a routine runs.

The countdown is the biggest thing on screen; around it the step, which side (LEFT / RIGHT),
which repetition, the instructions, a picture and what comes next. Everything can be done with
the keyboard, with oily hands, without aiming at a button: Space, arrows, Enter, +, Esc, M, F11.
Buttons never take focus, so the space bar always means pause, never "press this button".

The view only shows a `SessionDriver` and forwards keys to it. It repaints when the driver says
the display changed, and even then touches only the labels whose text differs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import format_clock
from spasm_timer.core.guidance import step_picture
from spasm_timer.core.routine import THERMAL_KINDS
from spasm_timer.core.session import SessionState
from spasm_timer.i18n import _
from spasm_timer.settings import Settings
from spasm_timer.ui.accessibility import illustration_words
from spasm_timer.ui.countdown import CountdownLabel
from spasm_timer.ui.illustration import IllustrationPanel
from spasm_timer.ui.key_choice import key_actions
from spasm_timer.ui.mini_countdown import MiniCountdown, open_mini_countdown
from spasm_timer.ui.player_demand import Demand, SessionTexts, session_texts
from spasm_timer.ui.player_fit import (
    INSTRUCTION_LINES,
    MIDDLE_GAP_PX,
    PICTURE_MIN_PX,
    PICTURE_SHARE,
    SessionFit,
    fit,
    room_height,
)
from spasm_timer.ui.player_look import (
    player_label,
    player_stylesheet,
    progress_bar,
    set_fonts,
)
from spasm_timer.ui.player_texts import (
    banner_text,
    instructions_text,
    mute_label,
    next_text,
    primary_label,
    repetition_text,
    segment_kind_text,
    side_words,
    step_of_text,
    title_text,
)
from spasm_timer.ui.player_texts import set_text_if_new as _set_text
from spasm_timer.ui.ranged_step import (
    DoneMark,
    done_mark,
    range_hint,
    refused_done_text,
    refused_extend_text,
)
from spasm_timer.ui.scrolling_text import ScrollingText
from spasm_timer.ui.session_driver import SessionDriver
from spasm_timer.ui.stop_question import StopQuestion
from spasm_timer.ui.theme import colours_for, restyle, text_points

PROGRESS_STEPS = 1000
# Keys that belong to the player even when the window around it has shortcuts of its own.
HELD_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                  | Qt.KeyboardModifier.MetaModifier)


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
        self._shown_index: int | None = None
        self.stop_question: StopQuestion | None = None
        self._after_stop: Callable[[], object] | None = None
        self._hint = ""
        self._fitting = False
        self.shown_points = 0.0
        settings = settings or Settings()
        # The look's colours and text size: apply_look sets them again for each new look.
        self.colours = colours_for(settings)
        self._chosen_points = text_points(settings)
        self.session_fit = SessionFit()  # the arrangement that holds from step to step
        self.session_texts: SessionTexts | None = None  # what it is measured on
        self.fit_demands: tuple[Demand, ...] = ()  # shown while measured (player_fit)
        self.words_beside = False  # where the words are now (player_fit.place_side_text)
        # Fitting waits for the next turn of the event loop, when the layout has settled.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_text)
        self._build()
        # The player may be as small as its window: `fit_text` then shrinks the text to fit,
        # instead of the player's text pushing the window past the screen.
        self.setMinimumSize(320, 240)
        self._keys = key_actions(self, {})
        self.apply_look(settings)
        if driver is not None:
            self.set_driver(driver)

    # ---------------------------------------------------------------- building

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
        self.kind_label = player_label("kind")
        self.step_label = player_label("stepOf", align=Qt.AlignmentFlag.AlignRight)
        self.title_label = player_label("title", wrap=True)
        self.side_label = player_label("side", align=Qt.AlignmentFlag.AlignRight)
        # PAUSED, or a hint: wrapped where long, never cut or shrunk to one line
        self.banner_label = player_label("banner", wrap=True, align=centre)
        self.countdown_label = CountdownLabel()
        self.repetition_label = player_label("repetition", align=centre)
        self.instructions_label = player_label("instructions", wrap=True)
        # Instructions show whole (a person two metres away cannot scroll); only one too long
        # for the screen at any readable size scrolls, rather than squeeze the digits.
        self.instructions_box = ScrollingText(self.instructions_label, INSTRUCTION_LINES)
        self.instructions_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space stays the player's
        self.next_label = player_label("nextUp")
        self.image_label = IllustrationPanel()
        self.image_label.setMinimumSize(PICTURE_MIN_PX, PICTURE_MIN_PX)  # counted when shown
        self.step_bar = progress_bar("stepBar", 10, PROGRESS_STEPS)
        self.done_mark = DoneMark(self.step_bar)
        self.session_bar = progress_bar("sessionBar", 6, PROGRESS_STEPS)

        self.primary_button = self._button("primary", _("Start  Space"), self.primary_action)
        self.back_button = self._button("back", _("Back  ←"), self.go_back)
        self.next_button = self._button("next", _("Next  →"), self.go_next)
        self.done_button = self._button("done", _("Done  Enter"), self.finish_step)
        self.extend_button = self._button("extend", _("+10 s  +"), self.extend)
        self.mute_button = self._button("mute", mute_label(False), self.toggle_mute)
        self.mute_button.setCheckable(True)
        self.mini_button = self._button("mini", _("Mini timer"), self.open_mini_countdown)
        self.mini_button.setVisible(False)
        self.stop_button = self._button("stop", _("Stop  Esc"), self.request_stop)

        # Mute, mini timer and stop sit up top, apart from the step controls: the bottom row
        # then fits a laptop screen even at the largest text size.
        top = QHBoxLayout()
        top.addWidget(self.kind_label, 1)
        top.addWidget(self.step_label)
        top.addSpacing(16)
        for button in (self.mini_button, self.mute_button, self.stop_button):
            top.addWidget(button)
        self.heading = heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.side_label)
        self.clock_column = clock = QVBoxLayout()
        clock.addWidget(self.banner_label)
        clock.addWidget(self.countdown_label, 1)
        clock.addWidget(self.repetition_label)
        clock.addWidget(self.step_bar)
        # Beside the digits: the picture; on a short screen the instructions and what comes
        # next instead (see player_fit.place_side_text).
        self.side_column = QVBoxLayout()
        self.side_column.addWidget(self.image_label, 1)
        self.middle = middle = QHBoxLayout()
        middle.addLayout(self.side_column, PICTURE_SHARE[0])
        middle.addSpacing(MIDDLE_GAP_PX)
        middle.addLayout(clock, PICTURE_SHARE[1])
        self.middle_rows = QVBoxLayout()
        self.banner_row = QHBoxLayout()  # the side and the banner, across both columns
        self.middle_rows.addLayout(self.banner_row)
        self.middle_rows.addLayout(middle, 1)
        buttons = QHBoxLayout()
        for button in (self.primary_button, self.back_button, self.next_button,
                       self.done_button, self.extend_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self._sized_widgets = [
            self.kind_label, self.step_label, self.title_label, self.side_label, self.banner_label,
            self.repetition_label, self.instructions_label, self.next_label, self.image_label,
            self.primary_button, self.back_button, self.next_button, self.done_button,
            self.extend_button, self.mute_button, self.mini_button, self.stop_button]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addLayout(self.middle_rows, 1)
        layout.addWidget(self.instructions_box)
        layout.addWidget(self.next_label)
        layout.addWidget(self.session_bar)
        layout.addSpacing(6)
        layout.addLayout(buttons)

    # ---------------------------------------------------------------- the session

    def set_driver(self, driver: SessionDriver | None) -> None:
        """Show this session from now on (a new driver for each session)."""
        if self.driver is not None:
            self.driver.display_changed.disconnect(self.refresh)
        self.driver = driver
        self._shown_index = None
        self.image_label.forget()
        self._hint = ""
        self.session_texts = session_texts(driver.timeline) if driver is not None else None
        self.countdown_label.longest = (self.session_texts.longest_time
                                        if self.session_texts else "")
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
        if driver.can_end_early() and self._hint != refused_extend_text(driver.segment):
            self._hint = ""  # "Done (Enter) from…" has come true
        hint = banner_text(state) or self._hint or range_hint(driver)
        self._show_banner(hint, state is SessionState.PAUSED)
        self._show_buttons(driver, state)
        self.done_mark.show_at(done_mark(driver), self.palette().text().color().name())
        self.step_bar.setValue(round(driver.segment_progress() * PROGRESS_STEPS))
        self.session_bar.setValue(round(driver.progress() * PROGRESS_STEPS))

    def _show_segment(self, driver: SessionDriver) -> None:
        segment = driver.segment
        assert segment is not None
        steps = len(driver.timeline.routine.steps)
        _set_text(self.kind_label, segment_kind_text(segment))
        _set_text(self.step_label, step_of_text(segment.step, steps))
        _set_text(self.title_label, title_text(segment))
        side = side_words(segment.side)
        _set_text(self.side_label, side)
        self.side_label.setVisible(bool(side))
        repetition = repetition_text(segment)
        _set_text(self.repetition_label, repetition)
        # hidden when empty: an empty label keeps the height of its first font (Qt does not
        # measure it again), which would take the digits' room
        self.repetition_label.setVisible(bool(repetition))
        _set_text(self.instructions_label, instructions_text(segment))
        _set_text(self.next_label, next_text(driver.next_segment()))
        self.mini_button.setVisible(segment.step_kind in THERMAL_KINDS)
        picture = step_picture(segment.image, segment.step_kind)  # its own, else its kind's
        self.image_label.show_picture(picture)
        name, description = illustration_words(segment.title, picture)
        self.image_label.setAccessibleName(name)
        self.image_label.setAccessibleDescription(description)
        # A new step may bring longer words or a repetition line: fit them, or they would lie
        # over the digits.
        self._fit_timer.start()

    def _show_countdown(self, seconds: int, paused: bool) -> None:
        self.countdown_label.set_time(format_clock(seconds))
        restyle(self.countdown_label, "paused", paused)  # framed: the time is on hold

    def _show_banner(self, text: str, paused: bool) -> None:
        if text != self.banner_label.text():
            self.banner_label.setText(text)
            self._fit_timer.start()  # a long hint may need smaller text to fit across
        restyle(self.banner_label, "paused", paused)

    def _show_buttons(self, driver: SessionDriver, state: SessionState) -> None:
        in_segment = state in (SessionState.LEAD_IN, SessionState.RUNNING, SessionState.PAUSED)
        _set_text(self.primary_button, primary_label(state))
        self.primary_button.setEnabled(not driver.is_over)
        self.back_button.setEnabled(in_segment)
        self.next_button.setEnabled(in_segment)
        self.done_button.setEnabled(driver.can_end_early())
        self.extend_button.setEnabled(driver.can_extend())
        self.stop_button.setEnabled(in_segment)

    # ---------------------------------------------------------------- size and look

    @property
    def illustration_is_placeholder(self) -> bool:
        return self.image_label.is_placeholder

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()
        self._fit_timer.start()

    def apply_look(self, settings: Settings) -> None:
        """Theme (light / dark / system) and text size (normal / large / huge), at once;
        and the person's own session keys, which come with the settings."""
        self._keys = key_actions(self, settings.extra_keys)
        self.colours = colours_for(settings)
        self.setStyleSheet(player_stylesheet(self.colours))
        if self.mini_countdown is not None:  # open when the night look comes on by itself
            self.mini_countdown.apply_colours(self.colours)
        self._chosen_points = text_points(settings)
        self.countdown_label.set_text_size(settings.text_size)
        self.shown_points = 0.0
        self.session_fit.forget()  # other fonts: measured again
        self.fit_text()

    def fit_text(self) -> None:
        """The chosen text size where it fits, smaller where the screen is short
        (`player_fit.fit`)."""
        if self._fitting:  # a new stylesheet can resize the player: fit again after this
            self._fit_timer.start()
            return
        self._fitting = True
        try:
            fit(self, self._chosen_points, self.session_fit)
        finally:
            self._fitting = False

    def use_points(self, points: float) -> None:
        """Every text at its role's share of `points` (the countdown sizes itself)."""
        if points != self.shown_points:
            self.shown_points = points
            set_fonts(self._sized_widgets, points)
            # the paused banner keeps its height: the countdown must not jump
            self.banner_label.setMinimumHeight(int(self.banner_label.fontMetrics().height() * 1.5))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.countdown_label.fit(room_height(self))  # at once: the digits never wait to fit
        self._fit_timer.start()

    # ---------------------------------------------------------------- keys

    def is_session_key(self, event: QKeyEvent) -> bool:
        return event.key() in self._keys and not (event.modifiers() & HELD_MODIFIERS)

    def handle_session_key(self, event: QKeyEvent) -> bool:
        if not self.is_session_key(event):
            return False
        # A held key must not toggle pause twenty times a second.
        if not event.isAutoRepeat():
            self._keys[event.key()]()
        event.accept()
        return True

    def event(self, event: QEvent) -> bool:
        # Claim our keys before any window-wide shortcut of the same key can take them.
        if event.type() == QEvent.Type.ShortcutOverride and self.is_session_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_session_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that reach a button (if one ever got focus) are the player's, not the button's."""
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self.is_session_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress:
            return self.handle_session_key(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease and self.is_session_key(event):  # type: ignore[arg-type]
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
        if not driver.end_early():
            self._hint = refused_done_text(driver.segment) or range_hint(driver)
            self.refresh()

    def extend(self) -> None:
        """+: ten seconds more; where that is off, the screen says why."""
        if self.driver is not None and not self.driver.extend(10):
            self._hint = refused_extend_text(self.driver.segment)
            self.refresh()

    def request_stop(self, then: Callable[[], object] | None = None) -> StopQuestion | None:
        """Esc: ask first; stopping by accident at 3 a.m. would lose the routine. The question
        is modal but does not block: the session runs on while it is up. `then` runs after
        the session was stopped (closing the window, say)."""
        driver = self.driver
        if driver is None or driver.is_over or driver.state is SessionState.READY:
            return None
        if self.stop_question is None:
            self.stop_question = StopQuestion(self.window())
            self.stop_question.accepted.connect(self._stop_confirmed)
        self._after_stop = then
        self.stop_question.open()
        return self.stop_question

    def _stop_confirmed(self) -> None:
        driver, then, self._after_stop = self.driver, self._after_stop, None
        if driver is not None and not driver.is_over:
            driver.stop()
            self.stop_confirmed.emit()
        if then is not None:
            then()

    def toggle_mute(self) -> None:
        self.set_muted(not self.muted)
        self.mute_toggled.emit(self.muted)

    def set_muted(self, muted: bool) -> None:
        """Shows the mute state without announcing it (for the app to restore it)."""
        self.muted = bool(muted)
        self.mute_button.setChecked(self.muted)
        _set_text(self.mute_button, mute_label(self.muted))

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window is not self and hasattr(window, "toggle_full_screen"):
            window.toggle_full_screen()  # the main window's own, which keeps its menu in step
            return
        window.showNormal() if window.isFullScreen() else window.showFullScreen()

    def open_mini_countdown(self) -> MiniCountdown:
        """A small always-on-top timer for long heat or cold; the main window steps aside."""
        self.mini_countdown = open_mini_countdown(self, self.mini_countdown, self.colours)
        return self.mini_countdown

    def forget_mini_countdown(self) -> None:
        self.mini_countdown = None
