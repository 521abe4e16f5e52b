"""The main window's settings and look: the cue player, the Settings dialog, a changed setting
followed at once, the desktop's light or dark, keep on top and full screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

from spasm_timer import paths
from spasm_timer.settings import Settings
from spasm_timer.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction

    from spasm_timer.core.library import Library
    from spasm_timer.core.routine import Routine
    from spasm_timer.core.timeline import Timeline
    from spasm_timer.settings import SettingsFile
    from spasm_timer.ui.cues import CuePlayer
    from spasm_timer.ui.library_view import LibraryView
    from spasm_timer.ui.night_watch import NightWatch
    from spasm_timer.ui.notice_bar import NoticeBar
    from spasm_timer.ui.player import PlayerView
    from spasm_timer.ui.session_driver import SessionDriver
    from spasm_timer.ui.settings_dialog import SettingsDialog
    from spasm_timer.ui.start_screen import StartScreen

    _Window = QMainWindow
else:
    _Window = object


class WindowSettings(_Window):
    """Mixed into MainWindow (it names what it uses of the window below)."""

    settings: Settings
    settings_file: SettingsFile
    settings_applied: SignalInstance
    settings_dialog: SettingsDialog
    data_paths: paths.DataPaths
    cues: CuePlayer | None
    notices: NoticeBar
    player: PlayerView | None
    library: Library
    library_view: LibraryView
    night_watch: NightWatch
    full_screen_action: QAction
    restart_wanted: bool = False  # set by restart_app; app.py opens the app again after exit

    if TYPE_CHECKING:
        @property
        def driver(self) -> SessionDriver | None: ...
        @property
        def start_screen(self) -> StartScreen: ...
        def _shown_routine(self) -> Routine | None: ...
        def _expand(self, routine: Routine) -> Timeline: ...
        def quit_app(self) -> None: ...

    _cues_wanted = False

    def cues_on_demand(self) -> None:
        """From now on the cue player is made when first needed: a routine opened, a session
        started, Settings. Qt Multimedia and TextToSpeech take about 60 ms of the GUI thread
        to load and hold about 20 MiB, which a window left open on the library never uses."""
        self._cues_wanted = True

    def ensure_cue_player(self) -> None:
        if self.cues is None and self._cues_wanted:
            self.create_cue_player()

    def create_cue_player(self) -> None:
        """Sounds and voice: made once the window is up, since Qt Multimedia loads slowly."""
        from spasm_timer.ui.cues import CuePlayer

        self.cues = CuePlayer(self.settings, self)
        self.cues.unavailable.connect(self.notices.add)
        if self.driver is not None:
            self.cues.attach(self.driver)

    def show_settings(self) -> None:
        from spasm_timer.ui.settings_dialog import SettingsDialog

        self.ensure_cue_player()
        voices = self.cues.available_voices() if self.cues is not None else None
        routines = [(routine.id, routine.name) for routine in self.library.sorted_routines()]
        own_dir = self.data_paths.root
        dialog = SettingsDialog(self.settings, self.settings_file, voices, self, routines,
                                None if own_dir == paths.default_data_dir() else own_dir)
        dialog.settings_changed.connect(self.apply_settings)
        dialog.restart_requested.connect(self.restart_app)
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

    def restart_app(self) -> None:
        """Settings › Language › Restart now: closes as File › Quit does (a running session
        is asked about first) and opens again in the language chosen (app.py relaunches)."""
        self.restart_wanted = True
        self.quit_app()
        question = self.player.stop_question if self.player is not None else None
        if self.isVisible() and question is not None and question.isVisible():
            # A session runs and the stop question is up: Stop closes and restarts; Keep
            # going keeps the window, and a later close is no restart.
            def keep_going() -> None:
                self.restart_wanted = False
                question.rejected.disconnect(keep_going)

            question.rejected.connect(keep_going)

    def follow_desktop_colours(self) -> None:
        """Once the window is up: Qt's own light or dark answer (the first paint went by the
        platform's palette, see theme.py), and the desktop switching later, at dusk say."""
        from spasm_timer.ui.night_watch import NightWatch

        self.night_watch = NightWatch(self)  # the night look at 9 p.m., if asked for
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
