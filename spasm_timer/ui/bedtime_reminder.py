"""The bedtime reminder while the app runs: a notification with "Start", and the tray.

`BedtimeReminder` follows the settings (core/reminder.py decides when), wakes with one
single-shot timer (at the due moment, or at the latest every 5 minutes, since the wall clock
can jump), and when due sends a desktop notification with a "Start" button and puts a note on
its tray icon. "Start" (or the tray's menu) opens the routine and starts it.

While a reminder is set, the app lives in the tray: closing the window hides it instead of
quitting, so the reminder can still come (File › Quit, or Quit in the tray menu, quits).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from spasm_timer.core.reminder import ReminderClock, ReminderSchedule
from spasm_timer.i18n import _
from spasm_timer.paths import icon_path
from spasm_timer.settings import Settings
from spasm_timer.ui.menus import leave_room

if TYPE_CHECKING:
    from spasm_timer.ui.desktop_notifier import DesktopNotifier

START_ACTION = "start"
NOTE_MILLISECONDS = 30_000


def schedule_of(settings: Settings) -> ReminderSchedule | None:
    return ReminderSchedule.from_settings(settings.reminder_on, settings.reminder_time,
                                          settings.reminder_days, settings.reminder_routine)


class BedtimeReminder(QObject):
    """Reminds of a routine at the set time. `start_requested(routine_id)` when the person
    answers "Start"; `reminded(routine_id)` each time a reminder is given; `unavailable(text)`
    once when notifications cannot be sent here (the tray still reminds)."""

    start_requested = Signal(str)
    show_requested = Signal()
    quit_requested = Signal()
    reminded = Signal(str)
    unavailable = Signal(str)

    def __init__(self, settings: Settings, routine_name: Callable[[str], str | None],
                 notifier: DesktopNotifier | None = None,
                 now: Callable[[], datetime] = datetime.now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.routine_name = routine_name
        self.clock = ReminderClock(schedule_of(settings), now)
        self._notifier: DesktopNotifier | None = None
        if notifier is not None:
            self._use_notifier(notifier)
        self._said_unavailable = False
        self.tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self._follow_schedule()

    @property
    def notifier(self) -> DesktopNotifier:
        """Made with the first reminder: most days nobody sets one, and QtDBus is not free."""
        if self._notifier is None:
            from spasm_timer.ui.desktop_notifier import DesktopNotifier

            self._use_notifier(DesktopNotifier(parent=self))
        assert self._notifier is not None
        return self._notifier

    def _use_notifier(self, notifier: DesktopNotifier) -> None:
        self._notifier = notifier
        notifier.action_invoked.connect(self._on_action)

    @property
    def active(self) -> bool:
        return self.clock.schedule is not None

    def apply_settings(self, settings: Settings) -> None:
        schedule = schedule_of(settings)
        if schedule != self.clock.schedule:
            self.clock.set_schedule(schedule)
            self._follow_schedule()

    def _follow_schedule(self) -> None:
        self._show_tray(self.active)
        self._arm()

    def _arm(self) -> None:
        if not self.active:
            self.timer.stop()
            return
        # a hair after the moment, so the check finds it due rather than a millisecond early
        self.timer.start(round(self.clock.seconds_to_next() * 1000) + 50)

    def check(self) -> None:
        """Looks at the clock: reminds when due, then sleeps until the next look."""
        due = self.clock.check()
        if due is not None and self.clock.schedule is not None:
            self.remind(self.clock.schedule.routine_id)
        self._arm()

    def remind(self, routine_id: str) -> None:
        name = self.routine_name(routine_id) or _("your bedtime routine")
        summary = _("Time for your bedtime routine")
        body = _("{routine}: a few minutes of stretching and massage before sleep.").format(
            routine=name)
        start = _("Start")
        actions = [("default", start), (START_ACTION, start)]  # default: a click on it
        if not self.notifier.notify(summary, body, actions):
            if self.notifier.problem and not self._said_unavailable:
                self._said_unavailable = True
                self.unavailable.emit(self.notifier.problem)
            if self.tray is not None and QSystemTrayIcon.supportsMessages():
                self.tray.showMessage(summary, _("{note} Click to start.").format(note=body),
                                      QIcon(str(icon_path())), NOTE_MILLISECONDS)
        if self.tray is not None:
            self.tray.setToolTip(_("Spasm Timer: time for your bedtime routine"))
        self.reminded.emit(routine_id)

    def _on_action(self, action: str) -> None:
        if action in (START_ACTION, "default") and self.clock.schedule is not None:
            self.start_requested.emit(self.clock.schedule.routine_id)

    # --- the tray -----------------------------------------------------------------------

    def _show_tray(self, on: bool) -> None:
        """A tray icon while a reminder is set: the app lives there when the window is shut."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(not (on and self.tray_available()))
        if not on:
            if self.tray is not None:
                self.tray.hide()
            return
        if self.tray is None and self.tray_available():
            self.tray = QSystemTrayIcon(QIcon(str(icon_path())), self)
            self.tray.setToolTip(_("Spasm Timer: bedtime reminder set"))
            self.tray.activated.connect(lambda *_: self.show_requested.emit())
            self.tray.messageClicked.connect(lambda: self._on_action(START_ACTION))
            menu = QMenu()
            self._menu = menu  # kept alive with the icon
            for text, slot in ((_("Start the bedtime routine"),
                                lambda: self._on_action(START_ACTION)),
                               (_("Open Spasm Timer"), self.show_requested.emit),
                               (_("Quit"), self.quit_requested.emit)):
                action = QAction(text, menu)
                action.triggered.connect(lambda *_, run=slot: run())
                menu.addAction(action)
            # At Huge text Qt cut "Abendroutine starten" to "Abendrou… starten".
            menu.aboutToShow.connect(lambda: leave_room(menu))
            self.tray.setContextMenu(menu)
        if self.tray is not None:
            self.tray.show()

    @staticmethod
    def tray_available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def keeps_app_in_tray(self) -> bool:
        """Whether closing the window should hide it rather than quit."""
        return self.active and self.tray is not None and self.tray.isVisible()


def attach_to_window(window) -> BedtimeReminder:  # type: ignore[no-untyped-def]
    """Makes the window's bedtime reminder and wires it: the settings it follows, the notes
    it adds, the routine it starts, the window it brings back."""
    def routine_name(routine_id: str) -> str | None:
        routine = window.library.routines.get(routine_id)
        return routine.name if routine is not None else None

    reminder = BedtimeReminder(window.settings, routine_name, parent=window)
    window.settings_applied.connect(reminder.apply_settings)
    reminder.unavailable.connect(window.notices.add)
    reminder.start_requested.connect(lambda routine_id: start_from_reminder(window, routine_id))
    reminder.show_requested.connect(lambda: bring_back(window))
    reminder.quit_requested.connect(window.quit_app)
    window.bedtime_reminder = reminder
    return reminder


def bring_back(window) -> None:  # type: ignore[no-untyped-def]
    window.showNormal()
    window.raise_()
    window.activateWindow()


def start_from_reminder(window, routine_id: str) -> None:  # type: ignore[no-untyped-def]
    """"Start" was pressed: the window comes back and the routine starts, unless a session
    is already running (it is never replaced from outside)."""
    bring_back(window)
    if window.driver is not None:
        return
    routine = window.library.routines.get(routine_id)
    if routine is None:
        window.notices.add(_("The bedtime reminder's routine ({routine}) is no longer in "
                             "the library; pick another in Settings.").format(routine=routine_id))
        return
    window.show_start(routine)
    window.start_session()
