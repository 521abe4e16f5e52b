"""Help › When to get help: every red flag and every reason to see a doctor, on one page.

The texts come from core/red_flags.py and the safety note, so each is written once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.red_flags import RED_FLAGS
from spasm_timer.i18n import N_, _
from spasm_timer.ui.rich_text import escape_html
from spasm_timer.ui.safety import DISCLAIMER, MEDICAL_HELP, MEDICINES, SECTIONS
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import set_role

TITLE = N_("When to get help")


def get_help_sections() -> list[tuple[str, tuple[str, ...]]]:
    """(heading, lines): urgent signs first, then heat and cold, then reasons to see a doctor;
    in the language in use."""
    from_note = dict(SECTIONS)
    sections = [
        (N_("Get help now"), tuple(f.english for f in RED_FLAGS if f.urgent)),
        (N_("With heat and cold"), tuple(f.english for f in RED_FLAGS if f.kinds)),
        (N_("See a doctor"),
         tuple(f.english for f in RED_FLAGS if not f.urgent and not f.kinds)
         + from_note[MEDICAL_HELP] + from_note[MEDICINES]),
    ]
    return [(_(heading), tuple(_(line) for line in lines)) for heading, lines in sections]


def get_help_html() -> str:
    return "".join(f"<h3>{escape_html(heading)}</h3><ul>"
                   + "".join(f"<li>{escape_html(line)}</li>" for line in lines) + "</ul>"
                   for heading, lines in get_help_sections())


class GetHelpDialog(QDialog):
    """The page itself: to read, nothing to tick; Esc or Enter closes it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("{title} — Spasm Timer").format(title=_(TITLE)))
        self.setObjectName("get_help_dialog")
        text = QLabel(get_help_html())
        text.setObjectName("get_help_text")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(text)
        disclaimer = QLabel(_(DISCLAIMER))
        disclaimer.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addWidget(set_role(QLabel(_(TITLE)), "title"))
        layout.addWidget(scroll, 1)
        layout.addWidget(disclaimer)
        layout.addWidget(buttons)
        fit_within_screen(self, 720, 620)  # Close stays in reach on a small laptop
