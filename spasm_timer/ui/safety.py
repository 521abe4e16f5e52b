"""The safety note: shown once on first run, and again whenever the person opens it from Help."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.red_flags import RED_FLAGS
from spasm_timer.i18n import N_, _
from spasm_timer.ui.rich_text import escape_html
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import TEXT_POINTS, set_role

TITLE = N_("Before you start")
# get_help.py takes two of these sections by their headings.
MEDICAL_HELP, MEDICINES = N_("When to get medical help"), N_("Medicines")

# Short sentences, calm words: the person may be reading this in pain, at night. Each is
# translated where it is shown (`_()`); the red flags come from core/red_flags.py, in English
# like the rest, since this table is built once, in whatever language is in use at import.
# The red flags come first: when to get help instead of massaging matters most, and on a
# small screen at Huge text only the top of the note is in view.
RED_FLAGS_SECTION: tuple[str, tuple[str, ...]] = (
    N_("Stop and get help"), tuple(flag.english for flag in RED_FLAGS))
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    RED_FLAGS_SECTION,
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


def safety_html(sections: tuple[tuple[str, tuple[str, ...]], ...] = SECTIONS) -> str:
    """The note's sections (by default all of them) in the language in use, as rich text."""
    parts = []
    for heading, lines in sections:
        items = "".join(f"<li>{escape_html(_(line))}</li>" for line in lines)
        parts.append(f"<h3>{escape_html(_(heading))}</h3><ul>{items}</ul>")
    return "".join(parts)


def _rich_label(html: str, name: str) -> QLabel:
    label = QLabel(html)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def red_flags_box() -> tuple[QFrame, list[QLabel]]:
    """The red flags in the safety box's sand, set apart from the rest of the note, and
    their labels (one a flag, so each one's place on screen is known)."""
    box = set_role(QFrame(), "safety")
    box.setObjectName("safety_red_flags")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 4, 12, 8)
    layout.setSpacing(4)
    heading, lines = RED_FLAGS_SECTION
    layout.addWidget(_rich_label(f"<h3>{escape_html(_(heading))}</h3>", "red_flags_heading"))
    flags = [_rich_label(f'<ul style="margin-top: 0; margin-bottom: 0">'
                         f"<li>{escape_html(_(line))}</li></ul>", "red_flag") for line in lines]
    for flag in flags:
        layout.addWidget(flag)
    return box, flags


class SafetyDialog(QDialog):
    """The note itself, modal: nothing behind it counts down or takes keys while it is up.
    Enter or its button accepts it; Esc closes it unread."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("{title} — Spasm Timer").format(title=_(TITLE)))
        self.setObjectName("safety_dialog")
        self.title = title = set_role(QLabel(_(TITLE)), "title")
        # The red flags on top: the first thing in view at any text size.
        self.red_flags, self.red_flag_labels = red_flags_box()
        rest = tuple(section for section in SECTIONS if section is not RED_FLAGS_SECTION)
        text = _rich_label(safety_html(rest), "safety_text")
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.red_flags)
        page_layout.addWidget(text)
        page_layout.addStretch(1)
        self.note_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
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
        buttons.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        # The disclaimer beside the button, not above it: the note keeps a line more in view.
        bottom = QHBoxLayout()
        bottom.addWidget(disclaimer, 1)
        bottom.addSpacing(16)
        bottom.addWidget(buttons, 0, Qt.AlignmentFlag.AlignBottom)
        self.main_layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 12, 28, 12)
        layout.addWidget(title)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.setModal(True)
        self._title_timer = QTimer(self, singleShot=True, interval=0)
        self._title_timer.timeout.connect(self.place_title)
        # Wider and taller with larger text, so that as much of the note as can be is in view;
        # within a 1024×600 screen at any text size: the text scrolls, the button stays.
        grow = max(1.0, self.font().pointSizeF() / TEXT_POINTS["normal"])
        fit_within_screen(self, round(760 * grow), round(700 * grow))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._title_timer.start()  # once it is laid out on screen

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._title_timer.start()

    def place_title(self) -> None:
        """The title shows when every red flag is in view below it; where they are not, it
        gives way to them (the window's title bar still says it): at Huge on a small laptop
        that is another red flag in view."""
        spacing = self.main_layout.spacing()
        room = self.note_area.viewport().height()
        if self.title.isVisible():
            room += self.title.height() + spacing
        room_below_title = room - self.title.sizeHint().height() - spacing
        self.title.setVisible(self.red_flags.height() <= room_below_title)
