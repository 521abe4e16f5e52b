"""The safety note: shown once on first run, and again whenever the person opens it from Help."""

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
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import set_role

TITLE = N_("Before you start")
# get_help.py takes two of these sections by their headings.
MEDICAL_HELP, MEDICINES = N_("When to get medical help"), N_("Medicines")

# Short sentences, calm words: the person may be reading this in pain, at night. Each is
# translated where it is shown (`_()`); the red flags come from core/red_flags.py, in English
# like the rest, since this table is built once, in whatever language is in use at import.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("When to leave it alone"), (
        N_("Do not massage a fresh injury."),
        N_("Leave an area alone if it is inflamed, swollen or very tender to touch."),
        N_("In those cases, ask a doctor or physiotherapist first."),
        N_("Ask them too if you do not know what causes your spasms."),
    )),
    (N_("While you massage"), (
        N_("Keep the pressure comfortable."),
        N_("Stop if the pain gets sharper or the spasm gets worse."),
    )),
    (N_("Stop and get help"), tuple(flag.english for flag in RED_FLAGS)),
    (MEDICAL_HELP, (
        N_("Spasms that are severe or last a long time."),
        N_("Spasms that come often, or for no clear reason."),
        N_("Spasms with swelling, redness or changes in the skin."),
        N_("Spasms that keep you from sleeping or from your day."),
        N_("Several muscles cramping at once: get help promptly."),
    )),
    (MEDICINES, (
        N_("Some medicines can cause cramps, among them diuretics, statins and some "
           "blood-pressure drugs. If you take any, tell your doctor about the cramps."),
    )),
)

DISCLAIMER = N_("Spasm Timer is a timer and a guide. It is not a medical device: "
                "it does not diagnose or treat anything.")


def safety_html() -> str:
    """The note's sections in the language in use, as rich text."""
    parts = []
    for heading, lines in SECTIONS:
        items = "".join(f"<li>{escape_html(_(line))}</li>" for line in lines)
        parts.append(f"<h3>{escape_html(_(heading))}</h3><ul>{items}</ul>")
    return "".join(parts)


class SafetyDialog(QDialog):
    """The note itself, modal: nothing behind it counts down or takes keys while it is up.
    Enter or its button accepts it; Esc closes it unread."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("{title} — Spasm Timer").format(title=_(TITLE)))
        self.setObjectName("safety_dialog")
        title = set_role(QLabel(_(TITLE)), "title")
        text = QLabel(safety_html())
        text.setObjectName("safety_text")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(text)
        # Outside the scrolling text: this line must always be in view.
        disclaimer = QLabel(_(DISCLAIMER))
        disclaimer.setObjectName("disclaimer")
        disclaimer.setWordWrap(True)
        disclaimer.setStyleSheet("font-weight: 600;")
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("I understand"), QDialogButtonBox.ButtonRole.AcceptRole)
        set_role(ok, "primary")
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addWidget(disclaimer)
        layout.addWidget(buttons)
        self.setModal(True)
        # Within a 1024×600 screen at any text size: the text scrolls, the button stays.
        fit_within_screen(self, 760, 700)
