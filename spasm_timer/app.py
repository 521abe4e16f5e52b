"""Wires the app together: settings, routine library, session log and the main window.

Start-up is kept short for the person in the middle of a cramp: nothing slow (Qt Multimedia,
TextToSpeech, Charts) is imported before the window has painted; the session log is opened and
the cue player made just after. A log that cannot open never stops the app: the timer works
and a note says why nothing is saved.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spasm_timer import APP_ID, i18n, paths
from spasm_timer.core.library import Library, UnknownRoutineError, find_known_routine
from spasm_timer.core.problems import RoutineFileError
from spasm_timer.core.routine import Routine
from spasm_timer.i18n import _
from spasm_timer.settings import SettingsFile

if TYPE_CHECKING:  # Qt and the window are imported only once the command needs a window
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from spasm_timer.ui.log_link import LogLink
    from spasm_timer.ui.main_window import MainWindow

APP_NAME = "Spasm Timer"
EXIT_OK, EXIT_INVALID = 0, 1


def _resolve_routine(reference: str,
                     data_paths: paths.DataPaths) -> tuple[Routine | None, str | None]:
    """(routine, None), or (None, every problem as text). Reads only that routine's file:
    the library itself loads after the first paint."""
    try:
        return find_known_routine(reference, data_paths), None
    except RoutineFileError as error:
        return None, "\n".join(str(problem) for problem in error.problems)
    except (UnknownRoutineError, OSError, ValueError) as error:
        return None, str(error)


def _make_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("spasm-timer")
    app.setDesktopFileName(APP_ID)  # matches the desktop entry, so docks show its icon
    _translate_qt(app)
    return app


def _translate_qt(app: QApplication) -> None:
    """Qt's own words (standard buttons, file dialogs, context menus) and its dates and
    numbers in the language the command line chose (spasm_timer/i18n.py)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    language = i18n.current_language()
    QLocale.setDefault(QLocale(language))
    if language == i18n.DEFAULT_LANGUAGE or app.findChild(QTranslator, "qt-translations"):
        return
    translator = QTranslator(app)
    translator.setObjectName("qt-translations")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)


def _set_window_icon(app: QApplication) -> None:
    """The icon in the title bar and task switcher. Set just after the first paint: reading
    the files costs the first paint a few ms, and Qt hands a changed icon to every open
    window, so it shows a moment later than the window, never missing.

    Only the pictures, not the SVG: a title bar or task switcher asks for 256 px at most, and
    the SVG engine (Qt SVG and its plugin) would stay loaded for as long as the app runs,
    about 1.8 MiB of its memory at rest. The desktop's launcher has the SVG (desktop_entry)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        icon.addFile(str(paths.icon_path(size)))
    app.setWindowIcon(icon)


WINDOW_ICON_SIZES = (16, 32, 64, 256)


# A window that never paints (fully covered when it opens, on a desktop that does not draw
# hidden windows) still gets its log, cues and the rest, this long after it was shown.
FIRST_PAINT_WAIT_MS = 3000


def _when_first_painted(window: MainWindow, callback: Callable[[], object],
                        wait_ms: int = FIRST_PAINT_WAIT_MS) -> None:
    """Calls `callback` once, on the next turn of the event loop after the window painted,
    or after `wait_ms` if no paint came by then."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    # The window itself or, when children cover it, its central widget gets the first paint.
    watched: list[QWidget] = [w for w in (window, window.centralWidget()) if w is not None]

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.done = False

        def eventFilter(self, widget: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                # After this paint event returns the frame is flushed to the screen.
                QTimer.singleShot(0, self.fire)
            return False

        def fire(self) -> None:
            if self.done:
                return
            self.done = True
            for widget in watched:
                widget.removeEventFilter(self)
            callback()

    spy = FirstPaint()
    for widget in watched:
        widget.installEventFilter(spy)
    QTimer.singleShot(wait_ms, spy, spy.fire)


def run_app(args: argparse.Namespace, data_paths: paths.DataPaths) -> int:
    """The no-command and `run` cases of the CLI. Returns the exit code."""
    gc.disable()  # until the window has painted: see _resume_collector
    try:
        window = open_window(args, data_paths)
    except BaseException:
        gc.enable()
        raise
    if isinstance(window, int):  # no window after all
        gc.enable()
        return window
    _when_first_painted(window, lambda: _resume_collector(window))
    try:
        code = window_app().exec()
    finally:
        window.close_log()
    if window.restart_wanted:  # Settings › Language › Restart now
        _open_again(window)
    exit_within(EXIT_GRACE_SECONDS, code)
    return code


def _open_again(window: MainWindow) -> None:
    """Opens the app anew once this one has closed its log: its socket is closed first, so
    the new one does not hand itself over to this one."""
    from spasm_timer.ui.language_choice import relaunch

    if window.single_instance is not None:
        window.single_instance.close()
    own_dir = window.data_paths.root
    relaunch(None if own_dir == paths.default_data_dir() else own_dir)


# Once the log is closed, the app's last clean-up (Qt's speech and sound threads) gets this
# long; a speech service that never answers must not keep the app from ending.
EXIT_GRACE_SECONDS = 2.0


def exit_within(seconds: float, code: int) -> None:
    """Ends the process with `code` after `seconds`, if the normal exit has not by then."""
    import os
    import threading

    def leave() -> None:
        sys.stderr.flush()
        os._exit(code)

    timer = threading.Timer(seconds, leave)
    timer.daemon = True
    timer.start()


def _resume_collector(window: MainWindow) -> None:
    """Python's cycle collector makes dozens of passes while PySide and the window are built
    (about 5 ms of start-up) and frees next to nothing: all of it lives until the app quits.
    So it is paused until the first paint; then everything built so far is set aside for
    good (`gc.freeze`), and the later passes, and the last one at exit, skip it. Those
    passes run on the GUI thread only (see `ui.main_thread_gc`): the log writer's thread
    must never be the one to destroy a Qt object."""
    from spasm_timer.ui.main_thread_gc import MainThreadCollector

    forget_module_sources()
    gc.freeze()
    MainThreadCollector(window)  # the window, its parent, keeps it


def forget_module_sources() -> None:
    """PySide reads the source of every module imported after it (to see whether the module
    uses its `__feature__` switches) and Python's line cache keeps it: about 3 MiB for the
    app's modules, never read again. Tracebacks read what they need anew."""
    import linecache

    linecache.clearcache()


def window_app() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication), "open_window made it"
    return app


def open_window(args: argparse.Namespace, data_paths: paths.DataPaths) -> MainWindow | int:
    """Everything up to the shown main window, which it returns; or an exit code when the
    command line asked to start a routine that cannot run."""
    settings_file = SettingsFile(data_paths.settings)
    settings = settings_file.load()
    routine, problems = (None, None)
    if args.routine:
        routine, problems = _resolve_routine(args.routine, data_paths)
        if problems and args.start:
            # Asked to start at once from a terminal: say why not there, and show no window.
            said = _("cannot start {routine}:").format(routine=args.routine)
            print(f"spasm-timer: {said}\n{problems}", file=sys.stderr)
            return EXIT_INVALID

    app = _make_application()
    from spasm_timer.crash import install_crash_handler, show_in_dialog
    from spasm_timer.single_instance import SingleInstance, hand_over_message

    install_crash_handler(data_paths, show_message=show_in_dialog)
    from spasm_timer.qt_messages import install_bounded_qt_messages

    install_bounded_qt_messages()
    instance = SingleInstance(data_paths)
    if instance.try_hand_over(hand_over_message(args)):
        return EXIT_OK  # the running app shows itself and opens what was asked
    if instance.listen():
        app.aboutToQuit.connect(instance.close)  # the socket file goes with the app

    from spasm_timer.ui import theme
    from spasm_timer.ui.main_window import MainWindow

    theme.apply(app, settings)
    # An empty library: the routines fill in after the first paint (_after_first_paint).
    window = MainWindow(data_paths, settings_file, settings, library=Library())
    if settings_file.problem:
        window.notices.add(settings_file.problem)
    _prepare_routine(window, args, routine, problems)
    window.single_instance = instance  # kept alive with the window
    instance.message_received.connect(lambda message: _on_hand_over(window, message))
    _connect_quitting(app, window, args)
    if not getattr(args, "in_tray", False):  # started with the desktop: the tray, not a window
        window.show()
    _when_first_painted(window, lambda: _after_first_paint(app, window, args))
    return window


def _prepare_routine(window: MainWindow, args: argparse.Namespace, routine: Routine | None,
                     problems: str | None) -> None:
    if problems:
        window.show_library()
        window.show_routine_problems(args.routine, problems)
    elif routine is not None:
        window.show_start(routine)
    else:
        window.show_library()


def _on_hand_over(window: MainWindow, message: dict[str, Any]) -> None:
    """Another launch asked for this window, maybe with a routine to open and start."""
    window.showNormal()
    window.raise_()
    window.activateWindow()
    if message["action"] != "run" or window.driver is not None:
        return  # a session is running: never replace it from outside
    routine, problems = _resolve_routine(message["routine"], window.data_paths)
    if problems:
        window.show_routine_problems(message["routine"], problems)
    elif routine is not None:
        window.show_start(routine)
        if message["start"]:
            window.start_session()


def _connect_quitting(app: QApplication, window: MainWindow, args: argparse.Namespace) -> None:
    # Words being spoken stop at once when the app quits: nothing may hold the exit up.
    def stop_speaking() -> None:
        if window.cues is not None:
            window.cues.shut_up()

    app.aboutToQuit.connect(stop_speaking)
    if args.quit_when_done:
        def quit_after_session(_status: str) -> None:
            window.close_log()  # the session is fully written before the app goes
            if window.cues is not None:  # the end chime and words are heard whole first
                window.cues.when_quiet(app.quit)
            else:
                app.quit()

        window.session_finished.connect(quit_after_session)


def _log_link(window: MainWindow) -> LogLink:
    """Starts the log writer once the window is on screen: it opens, checks and migrates
    the log on its own thread, and records sessions even before (or while) the log is
    locked, so nothing of it stands between the person and the countdown."""
    from spasm_timer.ui.log_link import LogLink

    return LogLink(window.data_paths.database).start()


def _after_first_paint(app: QApplication, window: MainWindow, args: argparse.Namespace,
                       ) -> None:
    """The window is on screen: now the slow parts, then what the command line asked for.

    Each part runs on a turn of the event loop of its own, so that a key pressed meanwhile
    waits for one part at most, never for all of them (together about 200 ms, more on a
    busy machine)."""
    if args.quit_after_startup:
        app.quit()
        return
    from functools import partial

    from spasm_timer.ui import worker_imports

    window.cues_on_demand()  # sounds and voice are loaded when a session needs them
    window.make_log_link = lambda: _log_link(window)  # a session started from now on is recorded
    starting = bool(args.start and window.start_screen.routine is not None)
    # First the log (the writer's thread must not import its modules): a slice per turn, or
    # at once when the person waits for a countdown, not at a keyboard, and the log should
    # be opening while the rest is done.
    log_slices = [] if starting else worker_imports.missing(worker_imports.LOG)
    steps: list[Callable[[], object]] = [
        *(partial(worker_imports.import_now, [names]) for names in log_slices),
        window.ensure_log_link,
        # On a first run the note comes next: a session asked for waits until it is read.
        window.show_first_run_safety,
    ]
    if starting:
        # The wait for the log counts from the first paint: the writer opens it meanwhile.
        waiting_since = time.monotonic()
        steps += [window.ensure_cue_player,  # the first words of the session are heard
                  lambda: _when_the_log_is_open(
                      window, lambda: _start_or_offer_to_carry_on(window),
                      wait_ms=_start_wait_ms(window, waiting_since))]
    steps += [window.load_library_in_background, lambda: _set_window_icon(app),
              window.follow_desktop_colours, lambda: _attach_reminder(window, args)]
    if args.routine and not args.start and window.start_screen.routine is not None:
        steps.append(window.ensure_cue_player)  # ready before Start is pressed
    if not args.start:  # last, so that Enter and Esc go to it
        steps.append(lambda: _offer_to_carry_on_once_the_log_is_open(window))
    steps += [forget_module_sources, window.start_up_finished]
    one_step_per_turn(steps, window)


def one_step_per_turn(steps: list[Callable[[], object]], context: QObject) -> None:
    """Calls each step on a turn of the event loop of its own, in order."""
    from PySide6.QtCore import QTimer

    pending = list(steps)

    def next_step() -> None:
        step = pending.pop(0)
        if pending:  # first, so that a step that raises does not stop the rest
            QTimer.singleShot(0, context, next_step)
        step()

    if pending:
        next_step()


def _attach_reminder(window: MainWindow, args: argparse.Namespace) -> None:
    from spasm_timer.ui.bedtime_reminder import attach_to_window

    reminder = attach_to_window(window)
    if getattr(args, "in_tray", False) and not reminder.keeps_app_in_tray():
        window.show()  # started for the tray, but there is no reminder or no tray to live in


# `run --start` waits at most this long for the log to open (a few milliseconds, as a rule)
# to see whether the routine was cut short lately and can be carried on; a log that is
# locked or slow never holds the countdown back longer.
START_WAITS_FOR_LOG_MS = 300
# Unless the running-session note says this very routine was cut short lately and was not
# left as it was: then an offer is likely, and a slow log (a long one read from a cold disk,
# a migration) must not cost it; the person is about to be asked anyway. A log locked or
# unusable for longer still costs the offer (the session stays in the history as
# interrupted), never the countdown.
START_WAITS_TO_OFFER_MS = 5_000


def _start_wait_ms(window: MainWindow, waiting_since: float) -> int:
    """What is left of the wait for the log before `run --start` counts down anyway."""
    from spasm_timer.storage.continued_session import RunningSessionNote, may_carry_on

    routine = window.start_screen.routine
    note = RunningSessionNote(window.data_paths.root)
    longest = (START_WAITS_TO_OFFER_MS if routine is not None and may_carry_on(note, routine)
               else START_WAITS_FOR_LOG_MS)
    return max(0, round(longest - (time.monotonic() - waiting_since) * 1000))


def _start_or_offer_to_carry_on(window: MainWindow) -> None:
    from spasm_timer.ui.resume_offer import offer_to_carry_on

    # The same routine cut short lately: carry it on (Enter) or start afresh (Esc).
    if offer_to_carry_on(window, instead_of=window.start_screen.routine) is None:
        window.start_session()


def _offer_to_carry_on_once_the_log_is_open(window: MainWindow) -> None:
    """The log opens on the writer's thread: the offer waits for it (it asks nothing of a
    session already running by then). Not to a window kept in the tray."""
    if not window.isVisible():
        return

    def offer() -> None:
        from spasm_timer.ui.resume_offer import offer_to_carry_on

        offer_to_carry_on(window)

    _when_the_log_is_open(window, offer)


def _when_the_log_is_open(window: MainWindow, callback: Callable[[], object],
                          wait_ms: int | None = None) -> None:
    """Calls `callback` once the writer has opened the log, or found it can never open it
    (a log from a newer version), or after `wait_ms` if given."""
    from PySide6.QtCore import QTimer

    link = window.log_link
    if window.log is not None or link is None or link.state().lasting:
        callback()
        return
    done = False

    def fire(*_: object) -> None:
        nonlocal done
        if done:
            return
        done = True
        link.log_ready.disconnect(fire)
        link.changed.disconnect(never_opens)
        callback()

    def never_opens() -> None:
        if link.state().lasting:
            fire()

    link.log_ready.connect(fire)
    link.changed.connect(never_opens)
    if wait_ms is not None:
        QTimer.singleShot(wait_ms, fire)

