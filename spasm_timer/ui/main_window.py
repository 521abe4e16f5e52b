"""The main window: library → start screen → player → end screen, one page at a time.

It owns the running session's pieces (driver, recorder, player) for as long as the session
lasts. The recorder is handed to the driver, which calls it for every event before any widget
hears of it, so the log is always ahead of the screen. Widgets only show and forward.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spasm_timer import __version__, paths
from spasm_timer.core.clock import Clock, MonotonicClock
from spasm_timer.core.library import (
    Library,
    UnknownRoutineError,
    find_routine,
    load_known_routines,
)
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.core.timeline import Timeline, expand
from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.ui import screen_fit
from spasm_timer.ui.library_view import LibraryView
from spasm_timer.ui.menus import build_menus
from spasm_timer.ui.notice_bar import NoticeBar
from spasm_timer.ui.routine_watcher import RoutineFolderWatcher
from spasm_timer.ui.safety_note import SafetyNote
from spasm_timer.ui.window_log import HISTORY_MODULE, WindowLog
from spasm_timer.ui.window_settings import WindowSettings

if TYPE_CHECKING:  # made on first use: only the library is on screen at start-up
    from pathlib import Path

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMessageBox

    from spasm_timer.single_instance import SingleInstance
    from spasm_timer.storage.log import SessionLog
    from spasm_timer.ui.cues import CuePlayer
    from spasm_timer.ui.end_screen import EndScreen
    from spasm_timer.ui.hands_free import HandsFree
    from spasm_timer.ui.history_window import HistoryWindow
    from spasm_timer.ui.library_loading import LibraryFiller
    from spasm_timer.ui.log_link import LogLink
    from spasm_timer.ui.player import PlayerView
    from spasm_timer.ui.safety import SafetyDialog
    from spasm_timer.ui.session_driver import SessionDriver
    from spasm_timer.ui.session_run import SessionRun
    from spasm_timer.ui.start_screen import StartScreen
    from spasm_timer.ui.tray import TrayCountdown



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


def routine_file_filter(pattern: str = "*.yaml *.yml") -> str:
    """The file dialogs' filter for routine files, named in the person's language."""
    return _("Routines ({pattern})").format(pattern=pattern)


def routine_problems_text(error: Exception) -> str:
    """Every problem of a routine that did not load, one per line."""
    if isinstance(error, RoutineFileError):
        return "\n".join(str(problem) for problem in error.problems)
    return problem_text(error)


class MainWindow(WindowLog, WindowSettings, QMainWindow):
    """The app's one window. `session_finished(status)` comes after the log has the session."""

    session_finished = Signal(str)
    settings_applied = Signal(object)
    # made by build_menus
    full_screen_action: QAction
    history_action: QAction
    settings_action: QAction

    def __init__(self, data_paths: paths.DataPaths, settings_file: SettingsFile,
                 settings: Settings, log: SessionLog | None = None, log_problem: str | None = None,
                 library: Library | None = None, parent: QWidget | None = None,
                 clock: Clock | None = None):
        super().__init__(parent)
        self.clock = clock or MonotonicClock()  # tests pass a fake clock and move it by hand
        self.data_paths = data_paths
        self.settings_file = settings_file
        self.settings = settings
        self.log: SessionLog | None = None  # a QueuedLog to read, once the log is open
        self.log_problem: str | None = None
        self.log_link: LogLink | None = None  # the log writer, and what to say about it
        self._log_notice: str | None = None
        self._told_moved_aside: set[Path] = set()
        self.library = library or Library()
        self._library_filler: LibraryFiller | None = None  # made with the first background load
        # made after the first paint (Qt Multimedia is slow to load)
        self.cues: CuePlayer | None = None
        self.run: SessionRun | None = None  # the session under way, until its end is shown
        self.player: PlayerView | None = None  # the page, made when the first session starts
        self._tray_missing_said = False
        self.history_window: HistoryWindow | None = None
        self.single_instance: SingleInstance | None = None  # set by the app, kept alive here
        self.safety = SafetyNote(self, settings.safety_note_seen)
        self.safety.read.connect(self._safety_read)
        self.setWindowTitle("Spasm Timer")
        self._build_pages()
        build_menus(self)
        # Given a library (at start-up, an empty one), the files are watched once it loads.
        self.routine_watcher = RoutineFolderWatcher(data_paths.root, data_paths.user_routines,
                                                    self, watch_now=library is None)
        self.routine_watcher.changed.connect(self.load_library_in_background)
        if library is None:
            self.reload_library()
        else:
            self.library_view.set_library(library, settings.default_lead_in)
        self.attach_log(log, log_problem)
        if settings.keep_on_top:  # asked only then: window flags are `QtCore.Qt` enums
            self._apply_keep_on_top(True)
        self._fit_to_screen(1000, 760)
        # media keys and a screen kept awake, made with the first session
        self._hands_free: HandsFree | None = None
        self.started_up = False  # all the work after the first paint is done

    def start_up_finished(self) -> None:
        self.started_up = True

    @property
    def hands_free(self) -> HandsFree:
        """Media keys, remotes and a screen that stays awake (made on first use: QtDBus)."""
        if self._hands_free is None:
            from spasm_timer.ui.hands_free import HandsFree

            self._hands_free = HandsFree(self)
            self._hands_free.unavailable.connect(self.notices.add)
        return self._hands_free

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

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Most of the screen, since the countdown is read from across the room; at least the
        given size, but never larger than the screen's free area (a small laptop at night)."""
        largest = screen_fit.largest_size(self)
        if largest is not None:
            width = max(width, int(largest.width() * 0.9))
            height = max(height, int(largest.height() * 0.9))
        screen_fit.fit_within_screen(self, width, height)

    # ---------------------------------------------------------------- the library

    def reload_library(self) -> None:
        """Reads bundled and user routines again; bad files are listed, never fatal."""
        self.library = load_known_routines(self.data_paths)
        self.library_view.set_library(self.library, self.settings.default_lead_in)
        self.refresh_start_screen()

    def refresh_start_screen(self) -> None:
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
            self.notices.add(_("“{routine}” was changed or removed and no longer loads; "
                               "see the library for details.").format(routine=shown.name))
            self.show_library()

    def load_library_in_background(self) -> None:
        """Reads the library on a worker thread; the list fills in as routines arrive. The
        files are watched from now on (at start-up: after the first paint)."""
        self.routine_watcher.watch_files()
        if self._library_filler is None:
            from spasm_timer.ui.library_loading import LibraryFiller

            self._library_filler = LibraryFiller(self)
        self._library_filler.start()

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
        if self._cues_wanted and self.cues is None:  # ready before Start, on the next turn
            QTimer.singleShot(0, self, self.ensure_cue_player)

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
        show_message(self, _("Routine not opened"),
                     _("“{routine}” could not be opened:\n\n{problems}").format(
                         routine=reference, problems=problems),
                     _("Pick one from the library instead:\n{routines}").format(routines=known))

    def open_routine_file(self) -> None:
        path = self.ask_routine_file()
        if path:
            self.open_routine(path)

    def ask_routine_file(self) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(self, _("Open a routine file"),
                                                    str(self.data_paths.user_routines),
                                                    routine_file_filter())
        return path

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_paths.root)))

    # ---------------------------------------------------------------- the session

    @property
    def driver(self) -> SessionDriver | None:
        """The running session's driver, until its end has been shown."""
        return self.run.driver if self.run is not None else None

    @property
    def tray(self) -> TrayCountdown | None:
        return self.run.tray if self.run is not None else None

    def start_session(self, pain_before: int | None = None, continuation=None) -> None:  # type: ignore[no-untyped-def]
        """Starts the routine on the start screen: a new run, shown by the player. A
        `Continuation` (storage/continued_session.py) carries an interrupted session on
        instead: same log entry, from the step that was cut short."""
        from spasm_timer.ui.session_run import SessionRun

        routine = self._shown_routine()
        if routine is None or self.run is not None:
            return
        if self.safety.pending:  # read before anything counts down; then it starts
            self.safety.then(lambda: self.start_session(pain_before, continuation))
            return
        self.ensure_log_link()  # the session is recorded, even when started at once
        # The notes so far were shown on the library and start screens; during the session
        # the countdown needs the room. Notes that arise from now on still show.
        self.notices.clear()
        self.notices.set_compact(True)
        writes = self.log_link.writes if self.log_link is not None else None
        self.run = SessionRun(routine, self._expand(routine), self.clock, writes,
                              pain_before, self, continuation)
        self.run.note.connect(self.notices.add)
        self.run.tray_unavailable.connect(self._say_tray_missing_once)
        self.run.finished.connect(self._session_finished)
        self.ensure_cue_player()
        if self.cues is not None:
            self.cues.attach(self.run.driver)
        player = self._player_page()
        player.set_driver(self.run.driver)
        self.run.listen_everywhere(player)
        self.stack.setCurrentWidget(player)
        player.setFocus()
        self.hands_free.session_started(self.run.driver)
        # What is still waiting to be saved is never hidden: said again, as the newest note.
        self._retell_log_state()
        self.run.start()

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

    def _say_tray_missing_once(self, message: str) -> None:
        # A tray is made per session; the desktop lacking one is worth saying only once.
        if not self._tray_missing_said:
            self._tray_missing_said = True
            self.notices.add(message)

    def _set_muted(self, muted: bool) -> None:
        if self.cues is not None:
            self.cues.set_muted(muted)

    def _session_finished(self, status: str) -> None:
        """The log already has the session's end (the recorder ran first): show what was done."""
        run, routine = self.run, self._shown_routine()  # None if its file went meanwhile
        assert run is not None
        link, session_id = self.log_link, run.session_id
        save = link.writes.update_session if link is not None else None
        saved_text = (lambda: link.saved_text(session_id)) if link is not None else None
        self.end_screen.show_summary(run.summary(status), save, self.log_problem, saved_text)
        self.stack.setCurrentWidget(self.end_screen)
        self.end_screen.setFocus()
        self._dispose_session()
        self.start_screen.routine = routine
        if self.history_window is not None and self.history_window.isVisible():
            self.history_window.refresh()
        self.session_finished.emit(status)

    def _dispose_session(self) -> None:
        self.notices.set_compact(False)
        if self._hands_free is not None:
            self._hands_free.session_ended()
        if self.player is not None:
            self.player.set_driver(None)
        if self.run is not None:
            self.run.dispose()
        self.run = None

    def _again(self) -> None:
        routine = self._shown_routine()
        if routine is not None:
            self.show_start(routine)
        else:
            self.show_library()

    # ---------------------------------------------------------------- help and history

    def show_first_run_safety(self) -> None:
        """The safety note on the first run: sessions wait until it is accepted."""
        self.safety.show_first_run()

    def _safety_read(self) -> None:
        self.settings = replace(self.settings, safety_note_seen=True)
        try:
            self.settings_file.save(self.settings)
        except OSError:
            pass  # shown again next time: better than not at all

    def show_safety(self) -> SafetyDialog:
        return self.safety.show()

    @property
    def safety_dialog(self) -> SafetyDialog | None:
        return self.safety.dialog

    def show_about(self) -> None:
        show_message(self, _("About Spasm Timer"),
                     _("Spasm Timer {version}\n\nGuides you through self-massage routines for "
                       "muscle spasms and cramps, and keeps a log of your sessions.").format(
                         version=__version__),
                     _("A timer and a guide, not a medical device."))

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

    def quit_app(self) -> None:
        """File › Quit: closes the window and quits, even while a bedtime reminder would keep
        the app in the tray."""
        self.quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """While a session runs, closing (Ctrl+Q, the title bar) asks the stop question first;
        a stopped session is logged `stopped`, not `interrupted`. With a bedtime reminder set,
        closing with no session running only hides the window: the app stays in the tray."""
        reminder = getattr(self, "bedtime_reminder", None)
        if reminder is not None and reminder.keeps_app_in_tray() and \
                not getattr(self, "quitting", False) and self.driver is None:
            event.ignore()
            self.hide()
            return
        if self.driver is not None and not self.driver.is_over and self.player is not None:
            if self.player.request_stop(then=self.close) is not None:
                event.ignore()
                return
            self.driver.stop()  # not started yet: nothing to ask about
        if self._end_screen is not None:
            self._end_screen.flush()
        if self.history_window is not None:
            # An import under way is rolled back: the writer's waiting writes land after it.
            self.history_window.stop_import()
            self.history_window.close()
        super().closeEvent(event)
        app = QApplication.instance()
        if getattr(self, "quitting", False) and isinstance(app, QApplication) and \
                not app.quitOnLastWindowClosed():
            QTimer.singleShot(0, app.quit)  # the tray would keep the app running otherwise

