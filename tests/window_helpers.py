"""Helpers for main-window tests: the window on a fake clock, and time moved on by hand.

Like `player_helpers.Rig`, but through the window: the session's driver is the window's own
(made when Space starts a session, dropped when the end screen shows), so it is looked up
again after every wake-up.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fakes import FakeClock
from PySide6.QtWidgets import QApplication

from spasm_timer import paths
from spasm_timer.core.clock import Clock
from spasm_timer.settings import Settings, SettingsFile
from spasm_timer.storage.log import SessionLog
from spasm_timer.ui import theme
from spasm_timer.ui.main_window import MainWindow

# More wake-ups than any test routine needs; a session that keeps naming "now" fails loudly.
MAX_WAKEUPS = 100_000


THREE_QUICK_STEPS = """\
name: Three quick steps
area: test
lead_in: 0
steps:
  - {kind: pressure, title: Press, instructions: Gently., duration: 1s}
  - {kind: circular, title: Circle, instructions: Slowly., duration: 1s}
  - {kind: stretch, title: Stretch, instructions: Softly., duration: 1s}
"""


def make_window(qtbot, data_paths: paths.DataPaths, clock: Clock | None = None,  # type: ignore[no-untyped-def]
                log: object | None = None, log_problem: str | None = None,
                activate: bool = True) -> MainWindow:
    """A shown main window; `clock=None` runs it on the real clock."""
    settings_file = SettingsFile(data_paths.settings)
    window = MainWindow(data_paths, settings_file, settings_file.load(), log, log_problem,
                        clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if activate:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    return window


def make_logged_window(qtbot, data_dir: Path, clock: Clock | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window whose sessions go to a fresh log in `data_dir`."""
    data_paths = paths.DataPaths(data_dir)
    return make_window(qtbot, data_paths, clock, SessionLog.open(data_paths))


def make_window_at_text_size(qtbot, data_dir: Path, text_size: str,  # type: ignore[no-untyped-def]
                             logged: bool = False) -> MainWindow:
    """A window on a fake clock as a person who chose `text_size` and has read the safety
    note sees it: the app's look applied first, as at start-up (`default_look()` after)."""
    data_paths = paths.DataPaths(data_dir)
    settings_file = SettingsFile(data_paths.settings)
    settings_file.save(replace(settings_file.load(), text_size=text_size, safety_note_seen=True))
    look_like(settings_file.load())
    return make_window(qtbot, data_paths, FakeClock(),
                       SessionLog.open(data_paths) if logged else None)


def look_like(settings: Settings) -> None:
    """The whole app's look (theme and text size) as these settings have it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, settings)


def default_look() -> None:
    """The app's look back at its defaults, for the tests that come after."""
    look_like(Settings())


def window_clock(window: MainWindow) -> FakeClock:
    clock = window.clock
    assert isinstance(clock, FakeClock), "this window runs on the real clock"
    return clock


def _wake_until(window: MainWindow, target: float) -> None:
    """Wakes the running session's driver at each moment its timer would fire, up to
    `target` on the fake clock, as the real QTimer would. Stops once the session is over
    (the window then has no driver) or waits paused."""
    clock = window_clock(window)
    for _ in range(MAX_WAKEUPS):
        driver = window.driver
        if driver is None:
            return
        wakeup = driver.session.next_wakeup()
        if wakeup is None or wakeup > target:
            return
        clock.set(max(clock.now(), wakeup))
        driver.on_timer()
    raise AssertionError(f"the session woke more than {MAX_WAKEUPS} times")


def run_for(window: MainWindow, seconds: float) -> None:
    """Moves the window's fake clock on by `seconds`, the session living through it."""
    clock = window_clock(window)
    target = clock.now() + seconds
    _wake_until(window, target)
    clock.set(target)
    if window.driver is not None:
        window.driver.on_timer()


def run_to_end(window: MainWindow, limit: float = 3600) -> None:
    """Runs the session on the fake clock until the end screen shows (at most `limit` s),
    and lets the log writer land what the session wrote."""
    _wake_until(window, window_clock(window).now() + limit)
    assert window.stack.currentWidget() is window.end_screen, "the session did not end"
    wait_saved(window)


def wait_saved(window: MainWindow, seconds: float = 10.0) -> None:
    """Waits (milliseconds, as a rule) until the log writer has landed every write so far,
    and the window has heard of it."""
    from PySide6.QtCore import QCoreApplication

    if window.log_link is not None:
        window.log_link.writer.flush(seconds)
        for _ in range(3):  # the writer's news reaches the window through its event queue
            QCoreApplication.processEvents()
