"""Settings › Bedtime reminder: a time, the days, a routine, and starting with the desktop.

The reminder's fields are settings (saved with the others); "Start with the desktop, in the
tray" is the XDG autostart entry itself (desktop_entry.py), written or removed at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.reminder import DAY_NAMES, format_days, parse_days, parse_time
from spasm_timer.desktop_entry import (
    autostart_enabled,
    autostart_supported,
    disable_autostart,
    enable_autostart,
)
from spasm_timer.i18n import _, pgettext
from spasm_timer.local_formats import short_weekday_name, weekday_name
from spasm_timer.os_errors import problem_text
from spasm_timer.settings import Settings
from spasm_timer.ui.flow_layout import FlowLayout
from spasm_timer.ui.theme import set_role


def day_labels() -> tuple[str, ...]:
    """The days' short names, Monday first, in the language in use."""
    return tuple(short_weekday_name(day) for day in range(7))


def day_names() -> tuple[str, ...]:
    """The days' full names, Monday first, in the language in use (for screen readers)."""
    return tuple(weekday_name(day) for day in range(7))


class ReminderSettingsBox(QGroupBox):
    """The reminder's controls; `changed` after the person changes one of its settings."""

    changed = Signal()

    def __init__(self, routines: Sequence[tuple[str, str]], data_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Bedtime reminder"), parent)
        self.data_dir = data_dir
        self.on = QCheckBox(_("Remind me at"))
        self.on.setAccessibleName(_("Remind me at bedtime"))
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.at.setAccessibleName(_("Reminder time"))
        self.days = [QCheckBox(label) for label in day_labels()]
        assert len(self.days) == len(DAY_NAMES)  # the settings name the days in that order
        for box, name in zip(self.days, day_names(), strict=True):
            box.setAccessibleName(_("Remind on {day}").format(day=name))
        self.routine = QComboBox()
        # As wide as the box, not as the longest routine name: it must fit a 1024-pixel
        # screen at the largest text, in the longest language.
        self.routine.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.routine.setMinimumContentsLength(12)
        self.routine.setAccessibleName(_("Routine to remind of"))
        for routine_id, name in routines:
            self.routine.addItem(name, routine_id)
        self.autostart = QCheckBox(_("Start with the desktop, in the tray"))
        self.problem = set_role(QLabel(), "hint")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._layout()
        for control in (self.on, *self.days):
            control.toggled.connect(self._changed)
        self.at.timeChanged.connect(self._changed)
        self.routine.currentIndexChanged.connect(self._changed)
        self.autostart.toggled.connect(self._autostart_toggled)

    def _layout(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.on)
        first.addWidget(self.at)
        first.addWidget(QLabel(pgettext("remind me at 21:30 with a routine", "with")))
        first.addStretch()
        days = FlowLayout(spacing=14)  # the seven days wrap on a narrow screen
        for box in self.days:
            days.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addWidget(self.routine)  # a line of its own: long names, long languages
        layout.addLayout(days)
        if autostart_supported():
            layout.addWidget(self.autostart)
            hint = _("While a reminder is set, closing the window keeps Spasm Timer in the tray.")
        else:
            self.autostart.hide()
            hint = _("Starting with the desktop: not on this system. Keep Spasm Timer open "
                     "for the reminder to come.")
        hint_label = set_role(QLabel(hint), "hint")
        hint_label.setWordWrap(True)
        layout.addWidget(hint_label)
        layout.addWidget(self.problem)

    def show_settings(self, settings: Settings) -> None:
        """Shows `settings` without announcing a change."""
        controls = (self.on, self.at, self.routine, self.autostart, *self.days)
        for control in controls:
            control.blockSignals(True)
        self.on.setChecked(settings.reminder_on)
        moment = parse_time(settings.reminder_time) or parse_time("21:30")
        assert moment is not None
        self.at.setTime(QTime(moment.hour, moment.minute))
        chosen = parse_days(settings.reminder_days)
        for number, box in enumerate(self.days):
            box.setChecked(number in chosen)
        index = self.routine.findData(settings.reminder_routine)
        if index < 0 and settings.reminder_routine:  # not in the library (now): still shown
            self.routine.addItem(settings.reminder_routine, settings.reminder_routine)
            index = self.routine.count() - 1
        self.routine.setCurrentIndex(max(0, index))
        self.autostart.setChecked(autostart_enabled())
        for control in controls:
            control.blockSignals(False)
        self._enable()

    def applied_to(self, settings: Settings) -> Settings:
        """`settings` with the reminder as the controls show it."""
        chosen = frozenset(n for n, box in enumerate(self.days) if box.isChecked())
        return replace(settings, reminder_on=self.on.isChecked(),
                       reminder_time=self.at.time().toString("HH:mm"),
                       reminder_days=format_days(chosen),
                       reminder_routine=self.routine.currentData() or settings.reminder_routine)

    def _enable(self) -> None:
        on = self.on.isChecked()
        for control in (self.at, self.routine, *self.days):
            control.setEnabled(on)

    def _changed(self, *_args: object) -> None:
        self._enable()
        if self.on.isChecked() and not any(box.isChecked() for box in self.days):
            self._say(_("Choose at least one day for the reminder."))
        else:
            self.problem.hide()
        self.changed.emit()

    def _autostart_toggled(self, on: bool) -> None:
        try:
            if on:
                enable_autostart(self.data_dir)
            elif not disable_autostart():
                self._say(_("The autostart entry was not written by Spasm Timer; it was left."))
                return
        except OSError as error:
            self._say(_("Could not change starting with the desktop: {error}").format(
                error=problem_text(error)))
            self.autostart.blockSignals(True)
            self.autostart.setChecked(not on)
            self.autostart.blockSignals(False)
            return
        self.problem.hide()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

