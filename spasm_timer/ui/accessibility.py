"""Screen readers: controls named by their label, and a session's milestones announced.

Milestones (step start, halfway, last seconds, step end, session end) are announced through
Qt's accessibility announcement event where the Qt version has it (6.8 and later), and
otherwise as a live region would: a hidden label's name changes and the screen reader is
told. Never every second: the countdown itself is left for the person to ask about.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from spasm_timer.core.events import SessionEvent
from spasm_timer.core.spoken_text import milestone_sentence
from spasm_timer.i18n import N_, _

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: the live label below
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]


# What each bundled picture shows, for those who cannot see it (one sentence each).
ILLUSTRATION_WORDS = {
    "back": N_("Shows the lower back, where the muscles beside the spine are worked."),
    "breathe": N_("Shows a person sitting upright, breathing slowly."),
    "calf": N_("Shows the back of the lower leg, the calf muscle."),
    "cold": N_("Shows a cold pack wrapped in a cloth, resting on the skin."),
    "foot": N_("Shows the sole of the foot and its arch."),
    "hamstring": N_("Shows the back of the thigh, the hamstring muscles."),
    "hand": N_("Shows a hand, its palm and the muscles of the thumb."),
    "heat": N_("Shows a heat pack resting on the muscle."),
    "neck": N_("Shows the neck and the top of the shoulders."),
    "thigh": N_("Shows the front of the thigh."),
    "technique-pressure": N_("Shows a hand resting on the muscle, pressing gently down."),
    "technique-circles": N_("Shows fingertips on the muscle, moving in small circles."),
    "technique-hold": N_("Shows fingertips holding still on a knot, with a timer."),
    "technique-stretch": N_("Shows two hands drawing the muscle long."),
    "technique-strokes": N_("Shows a flat hand sweeping along the muscle."),
    "technique-kneading": N_("Shows two hands grasping, squeezing and lifting the muscle."),
    "technique-friction": N_("Shows fingertips rubbing back and forth over the spot."),
}


def illustration_words(title: str, image: Path | None) -> tuple[str, str]:
    """(name, description) of a step's picture for a screen reader."""
    if image is None:
        return _("No picture for this step"), ""
    shows = ILLUSTRATION_WORDS.get(Path(image).stem)
    description = _(shows) if shows else _("Shows the part of the body this step works on.")
    return _("Picture for {step}").format(step=title), description


def buddy_label(text: str, control: QWidget) -> QLabel:
    """A label that also names its control for screen readers (a combo box is then read as
    "Routine", not as the routine it shows)."""
    label = QLabel(text)
    label.setBuddy(control)
    # Qt reads a combo box by its current text even with a buddy: name it outright.
    control.setAccessibleName(text)
    return label


_MNEMONIC = re.compile(r"&(.)", re.DOTALL)


def without_mnemonic(label: str) -> str:
    """A label as it reads, for a screen reader or for measuring: "&Name" is "Name", and "&&"
    (how a label writes an ampersand) is "&"."""
    return _MNEMONIC.sub(r"\1", label)


def name_form_fields(form: QFormLayout) -> None:
    """Each field of a form is named by the label on its row (combo boxes included)."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None:
            continue
        text, control = label.widget(), field.widget()
        if isinstance(text, QLabel) and control is not None and not control.accessibleName():
            control.setAccessibleName(without_mnemonic(text.text()))


class Announcer(QObject):
    """Announces a session's milestones from `widget` (the player).

    `announced` keeps every sentence, for tests and for anyone curious.
    """

    def __init__(self, widget: QWidget, use_announcement_event: bool = True) -> None:
        super().__init__(widget)  # announced from its parent, the player
        self.announced: list[str] = []
        self.steps_in_routine = 0
        self._use_event = use_announcement_event and QAccessibleAnnouncementEvent is not None
        self.live_label: QLabel | None = None
        if not self._use_event:
            self.live_label = QLabel(widget)
            self.live_label.setObjectName("announcement")
            self.live_label.resize(0, 0)  # heard, not seen

    def attach(self, driver: QObject) -> None:
        self.steps_in_routine = len(driver.timeline.routine.steps)  # type: ignore[attr-defined]
        driver.event_occurred.connect(self.on_event)  # type: ignore[attr-defined]

    def on_event(self, event: SessionEvent) -> None:
        sentence = milestone_sentence(event, self.steps_in_routine)
        if sentence is not None:
            self.announce(sentence)

    def announce(self, sentence: str) -> None:
        self.announced.append(sentence)
        widget = self.parent()
        if self._use_event and widget is not None:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, sentence))
            return
        assert self.live_label is not None
        self.live_label.setAccessibleName(sentence)
        self.live_label.setText(sentence)
        QAccessible.updateAccessibility(
            _name_changed(self.live_label))


def _name_changed(label: QLabel):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessibleEvent

    return QAccessibleEvent(label, QAccessible.Event.NameChanged)
