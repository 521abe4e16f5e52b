"""Settings › Language: the desktop's language, or English, Deutsch, Español.

A new language applies from the app's next start: every window, the command line and the
voice then agree, where retranslating each open widget in place would leave half-changed
screens behind. The dialog says so at once, in the current language and in the one chosen,
and offers "Restart now": the window closes as File › Quit closes it (a running session is
asked about first) and the app opens again, in the new language, with the same data folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from spasm_timer import i18n
from spasm_timer.i18n import N_, _
from spasm_timer.ui.theme import set_role

NEXT_START = N_("Spasm Timer speaks {language} from its next start.")
RESTART_NOW = N_("Restart now")


def in_language(code: str, message: str) -> str:
    """`message` (marked with N_) in the language `code`, whatever language is in use."""
    return i18n.translations_for(code)[0].gettext(message)


def language_choices() -> list[tuple[str, str]]:
    """(what the list shows, the setting) for each choice: the desktop's language first,
    named with the language it is now; then each language, named in its own words."""
    desktop = i18n.SHIPPED_LANGUAGES[i18n.desktop_language()]
    return [(_("Desktop language ({language})").format(language=desktop), ""),
            *((name, code) for code, name in i18n.SHIPPED_LANGUAGES.items())]


class LanguageChoice(QWidget):
    """The language list, and the note and button that follow a change of it.

    `changed()` when the person picks another entry; `restart_requested()` on the button."""

    changed = Signal()
    restart_requested = Signal()

    def __init__(self, setting: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        for text, code in language_choices():
            self.combo.addItem(text, code)
        self.combo.setCurrentIndex(max(0, self.combo.findData(setting)))
        self.combo.setAccessibleName(_("Language"))
        self.note = set_role(QLabel(), "hint")
        self.note.setObjectName("language_note")
        self.note.setWordWrap(True)
        self.restart = QPushButton()
        self.restart.setObjectName("restart_now")
        self.restart.clicked.connect(self.restart_requested)
        # Never the dialog's default: Enter, pressed to confirm the choice in the list, must
        # not quit the app by surprise.
        self.restart.setAutoDefault(False)
        # The note above the button, each the list's full width: side by side at Huge text
        # the note was squeezed to a word a line beside the button.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        layout.addWidget(self.restart, 0, Qt.AlignmentFlag.AlignRight)
        self._follow()
        self.combo.currentIndexChanged.connect(self._changed)

    def setting(self) -> str:
        """The setting the list shows: "" (the desktop's), "en", "de" or "es"."""
        return str(self.combo.currentData() or "")

    def _changed(self, _index: int) -> None:
        self._follow()
        self.changed.emit()

    def _follow(self) -> None:
        """Says when the language chosen differs from the one on screen; silent otherwise."""
        now, wanted = i18n.current_language(), i18n.chosen_language(self.setting())
        differs = wanted != now
        self.note.setVisible(differs)
        self.restart.setVisible(differs)
        if not differs:
            return
        name = i18n.SHIPPED_LANGUAGES[wanted]
        lines = [_(NEXT_START).format(language=name),
                 in_language(wanted, NEXT_START).format(language=name)]
        self.note.setText("\n".join(dict.fromkeys(lines)))  # once when both read the same
        self.restart.setText(in_language(wanted, RESTART_NOW))
        self.restart.setAccessibleName(in_language(wanted, RESTART_NOW))


def relaunch_command(data_dir: Path | None) -> list[str]:
    """The command that opens the app again: this Python, this package, the same data
    folder (None: the default one). Nothing else of the first command line is repeated:
    a routine it started is not started again."""
    command = [sys.executable, "-m", "spasm_timer"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def relaunch(data_dir: Path | None) -> None:
    """Starts the app anew, on its own, once this one has closed its log and its socket."""
    subprocess.Popen(relaunch_command(data_dir), start_new_session=True,  # noqa: S603
                     stdin=subprocess.DEVNULL)
