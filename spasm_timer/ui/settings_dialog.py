"""The settings dialog: every change is saved and applied at once; there is no OK to forget.

The dialog edits a copy of the settings, writes it through `SettingsFile` on each change and
emits `settings_changed(Settings)` so the theme, the cues and the window follow immediately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.i18n import N_, _
from spasm_timer.os_errors import problem_text
from spasm_timer.settings import THEMES, Settings, SettingsFile
from spasm_timer.ui.accessibility import name_form_fields
from spasm_timer.ui.hands_free import remote_status
from spasm_timer.ui.key_choice import KeysDialog
from spasm_timer.ui.language_choice import LanguageChoice
from spasm_timer.ui.reminder_settings import ReminderSettingsBox
from spasm_timer.ui.screen_fit import fit_within_screen, largest_size
from spasm_timer.ui.theme import set_role

THEME_NAMES = {"system": N_("Same as the system"), "light": N_("Light"), "dark": N_("Dark"),
               "night": N_("Night: dim and warm")}
TEXT_SIZE_NAMES = {"normal": N_("Normal"), "large": N_("Large"), "huge": N_("Huge")}
DEFAULT_VOICE = N_("The system's default voice")
# The rate slider runs -10..10 and maps to the settings' -1..1.
RATE_STEPS = 10


class SettingsDialog(QDialog):
    """Sounds, voice, lead-in, look. Emits `settings_changed(Settings)` after each saved change."""

    settings_changed = Signal(object)
    restart_requested = Signal()  # Restart now, after the language changed

    def __init__(self, settings: Settings, settings_file: SettingsFile,
                 voices: Sequence[str] | None = None, parent: QWidget | None = None,
                 routines: Sequence[tuple[str, str]] = (), data_dir: Path | None = None):
        super().__init__(parent)
        # The bedtime reminder (routine ids and names to choose from; the data dir for the
        # autostart entry of an app run with --data-dir).
        self.reminder = ReminderSettingsBox(routines, data_dir)
        self.setWindowTitle(_("Settings — Spasm Timer"))
        self.setObjectName("settings_dialog")
        self.settings = settings
        self.settings_file = settings_file
        self.problem = set_role(QLabel(), "hint")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._build(voices)
        self._show(settings)
        self._connect()

    def _build(self, voices: Sequence[str] | None) -> None:
        self.language = LanguageChoice(self.settings.language)
        self.language.restart_requested.connect(self.restart_requested)
        self.sounds_on = QCheckBox(_("Play sounds"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.voice_on = QCheckBox(_("Speak the steps aloud"))
        self.voice_name = QComboBox()
        self.voice_name.addItem(_(DEFAULT_VOICE), "")
        for voice in voices or ():
            self.voice_name.addItem(voice, voice)
        self.voice_name.setEnabled(bool(voices))
        if not voices:
            self.voice_name.setToolTip(_("No voices found on this computer"))
        self.read_instructions = QCheckBox(_("Read the instructions aloud too"))
        self.read_instructions.setToolTip(_("While you get ready for each step"))
        self.voice_rate = QSlider(Qt.Orientation.Horizontal)
        self.voice_rate.setRange(-RATE_STEPS, RATE_STEPS)
        self.default_lead_in = QSpinBox()
        self.default_lead_in.setRange(0, 30)
        self.default_lead_in.setSuffix(" s")  # units stay "s" in every language
        self.theme = QComboBox()
        for theme in THEMES:
            self.theme.addItem(_(THEME_NAMES[theme]), theme)
        self.text_size = QComboBox()
        for size, name in TEXT_SIZE_NAMES.items():
            self.text_size.addItem(_(name), size)
        self.night_auto = QCheckBox(_("Night look at night"))
        self.night_auto.setToolTip(_("From 9 p.m. to 7 a.m.: dim, warm colours and quieter cues"))
        self.keep_on_top = QCheckBox(_("Keep the window on top of others"))
        form = QFormLayout()
        form.setVerticalSpacing(12)
        # Too narrow for a label and its control side by side: the control goes below it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Language"), self.language)
        form.addRow(self.sounds_on)
        form.addRow(_("Volume"), self.volume)
        form.addRow(self.voice_on)
        form.addRow(_("Voice"), self.voice_name)
        form.addRow(_("Speaking speed"), self.voice_rate)
        form.addRow(self.read_instructions)
        form.addRow(_("Get ready time"), self.default_lead_in)
        lead_in_hint = set_role(
            QLabel(_("Before each step, for routines that do not set their own.")), "hint")
        lead_in_hint.setWordWrap(True)
        form.addRow(lead_in_hint)
        form.addRow(_("Colours"), self.theme)
        form.addRow(self.night_auto)
        form.addRow(_("Text size"), self.text_size)
        form.addRow(self.keep_on_top)
        self.keys_button = QPushButton(_("Session keys…"))
        self.keys_button.clicked.connect(self.show_keys)
        form.addRow(_("Keys"), self.keys_button)
        remote_note = set_role(QLabel(remote_status()), "hint")
        remote_note.setWordWrap(True)
        form.addRow(remote_note)
        name_form_fields(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(set_role(QLabel(_("Settings")), "title"))
        saved_note = set_role(QLabel(_("Changes are saved and used at once.")), "hint")
        saved_note.setWordWrap(True)
        layout.addWidget(saved_note)
        # The settings scroll when the screen is too short for all of them (a 600-pixel laptop).
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addLayout(form)
        content_layout.addWidget(self.reminder)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumHeight(min(content.sizeHint().height(), 260))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        margins = layout.contentsMargins()
        wanted = max(560, content.sizeHint().width() + margins.left() + margins.right()
                     + scroll.verticalScrollBar().sizeHint().width())
        largest = largest_size(self)
        # Never wider than the screen (a 1024-pixel laptop, Huge text, a long language):
        # the labels wrap, label and control stack, and the days flow onto a second row.
        self.setMinimumWidth(min(wanted, largest.width()) if largest else wanted)
        fit_within_screen(self, wanted, content.sizeHint().height() + 170)

    def _show(self, settings: Settings) -> None:
        self.sounds_on.setChecked(settings.sounds_on)
        self.volume.setValue(settings.volume)
        self.voice_on.setChecked(settings.voice_on)
        voice_index = self.voice_name.findData(settings.voice_name)
        self.voice_name.setCurrentIndex(max(0, voice_index))
        self.voice_rate.setValue(round(settings.voice_rate * RATE_STEPS))
        self.default_lead_in.setValue(min(30, settings.default_lead_in))
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(settings.text_size)))
        self.keep_on_top.setChecked(settings.keep_on_top)
        self.read_instructions.setChecked(settings.read_instructions)
        self.reminder.show_settings(settings)
        self.night_auto.setChecked(settings.night_auto)
        self._enable_dependents()

    def _connect(self) -> None:
        for box in (self.sounds_on, self.voice_on, self.keep_on_top, self.read_instructions,
                    self.night_auto):
            box.toggled.connect(self._changed)
        for control in (self.volume, self.voice_rate, self.default_lead_in):
            control.valueChanged.connect(self._changed)
        for combo in (self.voice_name, self.theme, self.text_size):
            combo.currentIndexChanged.connect(self._changed)
        self.reminder.changed.connect(self._changed)
        self.language.changed.connect(self._changed)

    def show_keys(self) -> KeysDialog:
        """The session's keys, and one more of the person's own for each action."""
        dialog = KeysDialog(self.settings.extra_keys, self)
        dialog.keys_changed.connect(self._keys_changed)
        dialog.open()
        self.keys_dialog = dialog
        return dialog

    def _keys_changed(self, extra_keys: dict[str, str]) -> None:
        self.settings = replace(self.settings, extra_keys=extra_keys)
        self._changed()

    def _enable_dependents(self) -> None:
        self.volume.setEnabled(self.sounds_on.isChecked())
        self.voice_rate.setEnabled(self.voice_on.isChecked())
        self.read_instructions.setEnabled(self.voice_on.isChecked())
        has_voices = self.voice_name.count() > 1
        self.voice_name.setEnabled(self.voice_on.isChecked() and has_voices)

    def current(self) -> Settings:
        """The settings as the controls show them now."""
        return replace(
            self.reminder.applied_to(self.settings),
            sounds_on=self.sounds_on.isChecked(),
            volume=self.volume.value(),
            voice_on=self.voice_on.isChecked(),
            voice_name=self.voice_name.currentData() or "",
            voice_rate=self.voice_rate.value() / RATE_STEPS,
            default_lead_in=self.default_lead_in.value(),
            theme=self.theme.currentData(),
            text_size=self.text_size.currentData(),
            keep_on_top=self.keep_on_top.isChecked(),
            read_instructions=self.read_instructions.isChecked(),
            night_auto=self.night_auto.isChecked(),
            language=self.language.setting(),
        ).clamped()

    def _changed(self, *_args: object) -> None:
        self._enable_dependents()
        self.settings = self.current()
        try:
            self.settings_file.save(self.settings)
        except OSError as error:
            # Still applied for this run; the person should know it will not last.
            self.problem.setText(_("Could not save settings ({error}). They apply until you "
                                   "quit.").format(error=problem_text(error)))
            self.problem.show()
        self.settings_changed.emit(self.settings)
