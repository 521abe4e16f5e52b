"""The main window: library → start screen → player → end screen, one page at a time.

It owns the running session's pieces (driver, recorder, player) for as long as the session
lasts. The recorder is handed to the driver, which calls it for every event before any widget
hears of it, so the log is always ahead of the screen. Widgets only show and forward.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QFileSystemWatcher, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spasm_timer import __version__, paths
from spasm_timer.core.clock import Clock, MonotonicClock
from spasm_timer.core.durations import format_seconds
from spasm_timer.core.library import (
    Library,
    UnknownRoutineError,
    find_routine,
    load_known_routines,
)
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline, expand
from spasm_timer.data_dir import DataDirError, ensure_private_data_dir
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui import theme
from spasm_timer.ui.library_view import LibraryView

if TYPE_CHECKING:  # made on first use: only the library is on screen at start-up
    from PySide6.QtWidgets import QMessageBox

    from spasm_timer.core.events import SessionEvent
    from spasm_timer.ui.end_screen import EndScreen
    from spasm_timer.ui.safety import SafetyDialog
    from spasm_timer.ui.start_screen import StartScreen

HISTORY_MODULE = "spasm_timer.ui.history_window"
# File saves come as bursts of change signals (write, rename, chmod): reload once they settle.
RELOAD_DELAY_MS = 300


def show_message(parent: QWidget, title: str, text: str, details: str = "") -> QMessageBox:
    """A non-blocking message box; tests patch this to read what the person would see."""
    # QMessageBox, QFileDialog and QDesktopServices are imported where used: PySide builds a
    # class and its enums on first import, ~2 ms together, none of it needed for the library.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    if details:
        box.setInformativeText(details)
    box.open()
    return box


def routine_problems_text(error: Exception) -> str:
    """Every problem of a routine that did not load, one per line."""
    if isinstance(error, RoutineFileError):
        return "\n".join(str(problem) for problem in error.problems)
    return str(error)


class StepTally:
    """How the routine's steps went, for the end screen: counted in the routine's own steps,
    as the start screen counts them, not in rounds (each side and each repeat of a step).

    A step is done when every round of it ran to its end, and skipped when the person skipped
    any round of it. The round that Stop cuts short is neither: the end screen already says
    the session was stopped.
    """

    def __init__(self, timeline: Timeline) -> None:
        self._rounds_planned = Counter(segment.step for segment in timeline.step_segments)
        self._outcomes: dict[int, list[str]] = {}  # step number → how its ended rounds ended
        self._round_just_ended: int | None = None  # its step, when the last event ended a round

    def on_event(self, event: SessionEvent) -> None:
        from spasm_timer.core.events import STOPPED, SessionEnded, StepEnded  # with the driver

        if isinstance(event, SessionEnded) and event.status == STOPPED and \
                self._round_just_ended is not None:
            self._outcomes[self._round_just_ended].pop()  # cut short by Stop, not skipped
        self._round_just_ended = None
        if isinstance(event, StepEnded):
            self._outcomes.setdefault(event.segment.step, []).append(event.outcome)
            self._round_just_ended = event.segment.step

    @property
    def planned(self) -> int:
        return len(self._rounds_planned)

    @property
    def done(self) -> int:
        from spasm_timer.core.events import COMPLETED

        return sum(1 for step, rounds in self._rounds_planned.items()
                   if self._outcomes.get(step, []).count(COMPLETED) == rounds)

    @property
    def skipped(self) -> int:
        from spasm_timer.core.events import SKIPPED

        return sum(1 for outcomes in self._outcomes.values() if SKIPPED in outcomes)


class NoticeBar(QFrame):
    """Calm notes at the top of the window (the log cannot save, a file moved aside…).

    Its text and button are made with the first note: most start-ups have none, and their
    flags are `QtCore.Qt` enums, which PySide builds all at once (~12 ms) on first use.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        theme.set_role(self, "notice")
        self.setObjectName("notices")
        self.text: QLabel | None = None
        self.messages: list[str] = []
        self.hide()

    def _build(self) -> QLabel:
        text = QLabel()
        text.setObjectName("notice_text")
        text.setWordWrap(True)
        text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        dismiss = theme.set_role(QPushButton("Dismiss"), "link")
        dismiss.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(text, 1)
        layout.addWidget(dismiss, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        return text

    def add(self, message: str) -> None:
        if message in self.messages:
            return
        if self.text is None:
            self.text = self._build()
        self.messages.append(message)
        self.text.setText("\n\n".join(self.messages))
        self.show()

    def clear(self) -> None:
        self.messages.clear()
        self.hide()


class MainWindow(QMainWindow):
    """The app's one window. `session_finished(status)` comes after the log has the session."""

    session_finished = Signal(str)
    settings_applied = Signal(object)

    def __init__(self, data_paths: paths.DataPaths, settings_file: SettingsFile,
                 settings: Settings, log: object | None = None, log_problem: str | None = None,
                 library: Library | None = None, parent: QWidget | None = None,
                 clock: Clock | None = None):
        super().__init__(parent)
        self.clock = clock or MonotonicClock()  # tests pass a fake clock and move it by hand
        self.data_paths = data_paths
        self.settings_file = settings_file
        self.settings = settings
        self.log: object | None = None
        self.log_problem: str | None = None
        self.library = library or Library()
        self.cues = None  # a CuePlayer, made after the first paint (Qt Multimedia is slow to load)
        self.driver = None
        self.recorder = None
        self.player = None  # the PlayerView page, made when the first session starts
        self.tray = None
        self._tray_missing_said = False
        self.history_window = None
        self.safety_dialog: SafetyDialog | None = None
        self._tally: StepTally | None = None
        self._timeline: Timeline | None = None
        self._active_before = 0.0  # of a carried-on session, before it was cut short
        self.setWindowTitle("Spasm Timer")
        self._build_pages()
        self._build_menus()
        self._watch_user_routines()
        if library is None:
            self.reload_library()
        else:
            self.library_view.set_library(library, settings.default_lead_in)
        self.attach_log(log, log_problem)
        if settings.keep_on_top:  # asked only then: window flags are `QtCore.Qt` enums
            self._apply_keep_on_top(True)
        self._fit_to_screen(1000, 760)
        self._hands_free = None  # media keys and a screen kept awake, made with the first session

    @property
    def hands_free(self):  # type: ignore[no-untyped-def]
        """Media keys, remotes and a screen that stays awake (made on first use: QtDBus)."""
        if self._hands_free is None:
            from spasm_timer.ui.hands_free import HandsFree

            self._hands_free = HandsFree(self)
            self._hands_free.unavailable.connect(self.notices.add)
        return self._hands_free

    def attach_log(self, log: object | None, problem: str | None) -> None:
        """The session log (the app opens it just after the first paint), or why there is none."""
        self.log, self.log_problem = log, problem
        if problem:
            self.notices.add(f"Sessions cannot be saved: {problem}. The timer works as usual.")
        self.history_action.setEnabled(log is not None and
                                       importlib.util.find_spec(HISTORY_MODULE) is not None)

    # ---------------------------------------------------------------- building

    def _build_pages(self) -> None:
        self.library_view = LibraryView()
        self.library_view.routine_chosen.connect(self.show_start)
        # The start and end screens are made the first time they are needed (see the
        # properties below): at start-up only the library is on screen.
        self._start_screen: StartScreen | None = None
        self._end_screen: EndScreen | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.library_view)
        self.notices = NoticeBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.addWidget(self.notices)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    @property
    def start_screen(self) -> StartScreen:
        """The start screen page, made on first use."""
        if self._start_screen is None:
            from spasm_timer.ui.start_screen import StartScreen

            self._start_screen = StartScreen()
            self._start_screen.start_requested.connect(self.start_session)
            self._start_screen.back_requested.connect(self.show_library)
            self.stack.addWidget(self._start_screen)
        return self._start_screen

    @property
    def end_screen(self) -> EndScreen:
        """The end screen page, made on first use."""
        if self._end_screen is None:
            from spasm_timer.ui.end_screen import EndScreen

            self._end_screen = EndScreen()
            self._end_screen.again_requested.connect(self._again)
            self._end_screen.library_requested.connect(self.show_library)
            self.stack.addWidget(self._end_screen)
        return self._end_screen

    def _shown_routine(self) -> Routine | None:
        """The routine on the start screen, without making the screen for it."""
        return self._start_screen.routine if self._start_screen is not None else None

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self._action(file_menu, "&Open routine file…", self.open_routine_file, QKeySequence.Open)
        self._action(file_menu, "Open &data folder", self.open_data_folder)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.Quit)
        view_menu = menus.addMenu("&View")
        self.full_screen_action = self._action(view_menu, "&Full screen", self.toggle_full_screen,
                                               QKeySequence("F11"))
        self.full_screen_action.setCheckable(True)
        self.history_action = self._action(view_menu, "&History…", self.show_history,
                                           QKeySequence("Ctrl+H"))
        self.settings_action = self._action(menus, "&Settings…", self.show_settings,
                                            QKeySequence.Preferences)
        help_menu = menus.addMenu("&Help")
        self._action(help_menu, "&Safety information", self.show_safety)
        self._action(help_menu, "&About Spasm Timer", self.show_about)
        from spasm_timer.ui.routine_menu import RoutineActions  # new, edit, add, share, help

        self.routine_actions = RoutineActions(self, file_menu, help_menu)

    def _action(self, menu, text: str, slot,  # type: ignore[no-untyped-def]
                shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        # Text set apart: with it as an argument PySide also tries QAction(QIcon, text),
        # which builds QIcon and its enums (~1.5 ms) before the first paint.
        action = QAction(self)
        action.setText(text)
        # setShortcuts, not setShortcut: PySide matches the latter's overloads against
        # `QtCore.Qt` key enums, building that whole namespace before the first paint.
        # A standard key also gets every binding the platform has for it.
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([shortcut])
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Most of the screen, since the countdown is read from across the room; at least the
        given size, but never larger than the screen (a small laptop at night)."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(max(width, int(room.width() * 0.9)), room.width())
            height = min(max(height, int(room.height() * 0.9)), room.height())
        self.resize(width, height)

    # ---------------------------------------------------------------- the library

    def reload_library(self) -> None:
        """Reads bundled and user routines again; bad files are listed, never fatal."""
        self.library = load_known_routines(self.data_paths)
        self.library_view.set_library(self.library, self.settings.default_lead_in)
        self._refresh_start_screen()

    def _refresh_start_screen(self) -> None:
        """The routine on the start screen changed on disk: show the new one, or say it went."""
        shown = self._shown_routine()
        if shown is None or shown.origin != "user" or shown.path is None:
            return
        if shown.path.parent != self.data_paths.user_routines:
            return  # opened from elsewhere with File › Open: not part of the library
        fresh = self.library.routines.get(shown.id)
        if fresh is not None and fresh.path == shown.path:
            self.start_screen.show_routine(fresh, self._expand(fresh))
            return
        self.start_screen.routine = None
        if self.stack.currentWidget() is self.start_screen:
            self.notices.add(f"“{shown.name}” was changed or removed and no longer loads; "
                             "see the library for details.")
            self.show_library()

    def _watch_user_routines(self) -> None:
        self.watcher = QFileSystemWatcher(self)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._on_routines_changed)
        self.watcher.directoryChanged.connect(lambda _: self._reload_timer.start())
        self.watcher.fileChanged.connect(lambda _: self._reload_timer.start())
        try:
            # Often the first thing to create the data dir: it must be born private.
            ensure_private_data_dir(self.data_paths.root)
            self.data_paths.user_routines.mkdir(mode=0o700, exist_ok=True)
        except (OSError, DataDirError):
            return  # no folder for own routines (the data dir is unusable): nothing to watch
        self._update_watched_files()

    def _update_watched_files(self) -> None:
        folder = self.data_paths.user_routines
        wanted = ({str(folder)} | {str(p) for p in folder.glob("*.y*ml")}
                  if folder.is_dir() else set())
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        if watched - wanted:
            self.watcher.removePaths(list(watched - wanted))
        # Editors often save by replacing the file, which drops it from the watch: re-add.
        if wanted - watched:
            self.watcher.addPaths(sorted(wanted - watched))

    def _on_routines_changed(self) -> None:
        self._update_watched_files()
        self.reload_library()

    # ---------------------------------------------------------------- pages

    def show_library(self) -> None:
        self.stack.setCurrentWidget(self.library_view)
        self.library_view.focus_list()

    def show_start(self, routine: Routine) -> None:
        try:
            timeline = self._expand(routine)
        except ValueError as error:
            self.show_routine_problems(routine.name, str(error))
            return
        self.start_screen.show_routine(routine, timeline)
        self.stack.setCurrentWidget(self.start_screen)
        self.start_screen.start_button.setFocus()

    def _expand(self, routine: Routine) -> Timeline:
        return expand(routine, self.settings.default_lead_in)

    def open_routine(self, reference: str) -> Routine | None:
        """A routine by id or path onto the start screen; problems go to a message box."""
        try:
            routine = find_routine(reference, self.library, paths.illustrations_dir())
        except (RoutineFileError, UnknownRoutineError, OSError, ValueError) as error:
            self.show_library()
            self.show_routine_problems(reference, routine_problems_text(error))
            return None
        self.show_start(routine)
        return routine

    def show_routine_problems(self, reference: str, problems: str) -> None:
        known = "\n".join(f"  {r.name} ({r.id})" for r in self.library.sorted_routines())
        show_message(self, "Routine not opened",
                     f"“{reference}” could not be opened:\n\n{problems}",
                     f"Pick one from the library instead:\n{known}")

    def open_routine_file(self) -> None:
        path = self.ask_routine_file()
        if path:
            self.open_routine(path)

    def ask_routine_file(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open a routine file",
                                              str(self.data_paths.user_routines),
                                              "Routines (*.yaml *.yml)")
        return path

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_paths.root)))

    # ---------------------------------------------------------------- the session

    def start_session(self, pain_before: int | None = None, continuation=None) -> None:  # type: ignore[no-untyped-def]
        """Builds recorder and driver for the routine on the start screen, shows the player,
        starts. A `Continuation` (storage/continued_session.py) carries an interrupted
        session on instead: same log entry, from the step that was cut short."""
        from spasm_timer.ui.session_driver import SessionDriver

        routine = self._shown_routine()
        if routine is None or self.driver is not None:
            return
        # The notes so far were shown on the library and start screens; during the session
        # the countdown needs the room. Notes that arise from now on still show.
        self.notices.clear()
        self._timeline = self._expand(routine)
        self.recorder = self._make_recorder(routine, self._timeline, pain_before, continuation)
        self._active_before = continuation.active_before if continuation else 0.0
        self.driver = SessionDriver(self._timeline, self.clock, self.recorder, parent=self)
        self._tally = StepTally(self._timeline)
        if continuation is not None:  # the steps done before the interruption count too
            from spasm_timer.core.resume import logged_step_events

            logged_steps = continuation.interrupted.session["steps"]
            for event in logged_step_events(self._timeline, logged_steps):
                self._tally.on_event(event)
        self.driver.event_occurred.connect(self._tally.on_event)
        self.driver.event_occurred.connect(self._tell_if_overslept)
        self.driver.record_failed.connect(self.notices.add)
        self.driver.finished.connect(self._session_finished)
        if self.cues is not None:
            self.cues.attach(self.driver)
        player = self._player_page()
        player.set_driver(self.driver)
        self.stack.setCurrentWidget(player)
        player.setFocus()
        self._show_tray()
        self.hands_free.session_started(self.driver)
        self.driver.start(continuation.start_index if continuation else 0)

    def _player_page(self):  # type: ignore[no-untyped-def]
        """The player, made on first use (it loads the SVG module) and reused after."""
        if self.player is None:
            from spasm_timer.ui.player import PlayerView

            self.player = PlayerView(None, self.settings)
            # The player stops the driver itself after asking; the end screen follows from
            # the driver's `finished`, so `stop_confirmed` needs nothing more here.
            self.player.mute_toggled.connect(self._set_muted)
            self.player.apply_look(self.settings)
            self.stack.addWidget(self.player)
        return self.player

    def _make_recorder(self, routine: Routine, timeline: Timeline, pain_before: int | None,  # type: ignore[no-untyped-def]
                       continuation=None):
        if self.log is None:
            return None
        from spasm_timer.storage.continued_session import NotingRecorder, RunningSessionNote
        from spasm_timer.storage.recorder import SessionRecorder

        recorder = (continuation.recorder(self.log, routine, timeline) if continuation else
                    SessionRecorder(self.log, routine, timeline, pain_before))
        # A note of the running session, so it can be carried on after a crash.
        return NotingRecorder(recorder, RunningSessionNote(self.data_paths.root), routine)

    def _show_tray(self) -> None:
        try:
            from spasm_timer.ui.tray import TrayCountdown
        except ImportError:
            return  # the tray countdown is a comfort, not a need
        self.tray = TrayCountdown(self.driver, self)
        self.tray.unavailable.connect(self._say_tray_missing_once)

    def _say_tray_missing_once(self, message: str) -> None:
        # A tray is made per session; the desktop lacking one is worth saying only once.
        if not self._tray_missing_said:
            self._tray_missing_said = True
            self.notices.add(message)

    def _tell_if_overslept(self, event: SessionEvent) -> None:
        """The computer slept through a step's end: say so where it cannot be missed."""
        from spasm_timer.core.events import Overslept

        if isinstance(event, Overslept):
            self.notices.add(
                f"Time is up: the last step ended while the computer was asleep "
                f"({format_seconds(event.late_seconds)} ago). If a heat or cold pack is still "
                f"on, take it off now. The session is paused: press Space to go on.")

    def _set_muted(self, muted: bool) -> None:
        if self.cues is not None:
            self.cues.set_muted(muted)

    def _session_finished(self, status: str) -> None:
        """The log already has the session's end (the recorder ran first): show what was done."""
        from spasm_timer.ui.end_screen import SessionSummary

        driver, routine, tally = self.driver, self._shown_routine(), self._tally
        assert driver is not None
        assert self._timeline is not None
        assert tally is not None
        session_id = getattr(self.recorder, "session_id", None)
        summary = SessionSummary(
            routine_name=self._timeline.routine.name, status=status,
            active_seconds=self._active_before + driver.session_elapsed(), steps_done=tally.done,
            steps_skipped=tally.skipped, steps_planned=tally.planned, session_id=session_id)
        save = self.log.update_session if self.log is not None else None  # type: ignore[attr-defined]
        self.end_screen.show_summary(summary, save, self.log_problem)
        self.stack.setCurrentWidget(self.end_screen)
        self.end_screen.library_button.setFocus()
        self._dispose_session()
        self.start_screen.routine = routine
        if self.history_window is not None and self.history_window.isVisible():
            self.history_window.refresh()
        self.session_finished.emit(status)

    def _dispose_session(self) -> None:
        if self._hands_free is not None:
            self._hands_free.session_ended()
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
        if self.player is not None:
            self.player.set_driver(None)
        if self.driver is not None:
            self.driver.deleteLater()
        self.driver = self.tray = None

    def _again(self) -> None:
        routine = self._shown_routine()
        if routine is not None:
            self.show_start(routine)
        else:
            self.show_library()

    def close_log(self) -> None:
        """Closes the session log (at quit); later sessions run unsaved."""
        if self.log is not None:
            if self._end_screen is not None:
                self._end_screen.flush()
            self.log.close()  # type: ignore[attr-defined]
            self.log = None

    # ---------------------------------------------------------------- settings and look

    def create_cue_player(self) -> None:
        """Sounds and voice: made once the window is up, since Qt Multimedia loads slowly."""
        from spasm_timer.ui.cues import CuePlayer

        self.cues = CuePlayer(self.settings, self)
        self.cues.unavailable.connect(self.notices.add)
        if self.driver is not None:
            self.cues.attach(self.driver)

    def show_settings(self) -> None:
        from spasm_timer.ui.settings_dialog import SettingsDialog

        voices = self.cues.available_voices() if self.cues is not None else None
        dialog = SettingsDialog(self.settings, self.settings_file, voices, self)
        dialog.settings_changed.connect(self.apply_settings)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.settings_dialog = dialog

    def apply_settings(self, settings: Settings) -> None:
        """A setting changed: everything that shows or plays it follows at once."""
        old = self.settings
        self.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, settings)
        if settings.keep_on_top != old.keep_on_top:
            self._apply_keep_on_top(settings.keep_on_top)
        if self.cues is not None:
            self.cues.apply_settings(settings)
        if self.player is not None:
            self.player.apply_look(settings)
        if settings.default_lead_in != old.default_lead_in:
            self.library_view.set_library(self.library, settings.default_lead_in)
            shown = self._shown_routine()
            if shown is not None and self.driver is None:
                self.start_screen.show_routine(shown, self._expand(shown))
        self.settings_applied.emit(settings)

    def follow_desktop_colours(self) -> None:
        """Once the window is up: Qt's own light or dark answer (the first paint went by the
        platform's palette, see theme.py), and the desktop switching later, at dusk say."""
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_colour_scheme)
        self._on_colour_scheme(hints.colorScheme())

    def _on_colour_scheme(self, scheme: object) -> None:
        if theme.note_colour_scheme(scheme) and self.settings.theme == "system":
            self.apply_settings(self.settings)

    def _apply_keep_on_top(self, on: bool) -> None:
        if bool(self.windowFlags() & QtCore.Qt.WindowType.WindowStaysOnTopHint) == on:
            return
        visible = self.isVisible()
        self.setWindowFlag(QtCore.Qt.WindowType.WindowStaysOnTopHint, on)
        if visible:
            self.show()  # changing window flags hides a window

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    # ---------------------------------------------------------------- help and history

    def show_first_run_safety(self) -> None:
        """The safety note, once: it counts as read when the person closes it."""
        if self.settings.safety_note_seen:
            return
        dialog = self.show_safety()
        dialog.finished.connect(self._safety_seen)

    def _safety_seen(self) -> None:
        self.settings = replace(self.settings, safety_note_seen=True)
        try:
            self.settings_file.save(self.settings)
        except OSError:
            pass  # shown again next time: better than not at all

    def show_safety(self) -> SafetyDialog:
        if self.safety_dialog is None:
            from spasm_timer.ui.safety import SafetyDialog

            self.safety_dialog = SafetyDialog(self)
        self.safety_dialog.show()
        self.safety_dialog.raise_()
        self.safety_dialog.activateWindow()
        return self.safety_dialog

    def show_about(self) -> None:
        show_message(self, "About Spasm Timer",
                     f"Spasm Timer {__version__}\n\nGuides you through self-massage routines for "
                     "muscle spasms and cramps, and keeps a log of your sessions.",
                     "A timer and a guide, not a medical device.")

    def show_history(self) -> None:
        if self.log is None or importlib.util.find_spec(HISTORY_MODULE) is None:
            return
        module = importlib.import_module(HISTORY_MODULE)
        if self.history_window is None:
            self.history_window = module.HistoryWindow(self.log)
        else:
            self.history_window.refresh()  # sessions may have ended since it last showed
        self.history_window.show()
        self.history_window.raise_()

    # ---------------------------------------------------------------- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        """A session still running is stopped, so the log says `stopped`, not `interrupted`."""
        if self._end_screen is not None:
            self._end_screen.flush()
        if self.driver is not None and not self.driver.is_over:
            self.driver.stop()
        if self.history_window is not None:
            self.history_window.close()
        super().closeEvent(event)


def moved_aside_note(path: Path) -> str:
    return (f"Your session log could not be read, so a fresh one was started. "
            f"The old file was kept here: {path}")
