"""The routine editor's list of steps: added, removed, duplicated and reordered, by keyboard too.

In the list: Insert adds a step after the chosen one, Delete removes it, Ctrl+Shift+D
duplicates it, Alt+↑ and Alt+↓ move it. The buttons below do the same for the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spasm_timer.core.durations import DurationError, parse_duration
from spasm_timer.core.guidance import kind_name
from spasm_timer.core.routine_draft import DraftCheck, StepDraft
from spasm_timer.i18n import _, pgettext
from spasm_timer.ui.editor_fields import FieldProblems
from spasm_timer.ui.start_screen import duration_text

NEW_STEP = StepDraft(kind="pressure", title="", duration="30s")


class StepList(QWidget):
    """The steps of the draft, in order. Emits `current_changed(index)` (-1: none) and
    `steps_changed` after an add, remove, duplicate or move."""

    current_changed = Signal(int)
    steps_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._steps: list[StepDraft] = []
        self._marks: dict[int, str] = {}
        caption = QLabel(_("Ste&ps"))
        self.list = QListWidget()
        self.list.setObjectName("steps")
        self.list.setAccessibleName(_("Steps"))
        self.list.setWordWrap(True)  # a long title wraps rather than hides
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        caption.setBuddy(self.list)
        self.problems = FieldProblems("steps")
        self.add_button = self._button(_("Add"), _("Add step"), "add_step", "Insert",
                                       self.add_step)
        self.duplicate_button = self._button(_("Duplicate"), _("Duplicate step"),
                                             "duplicate_step", "Ctrl+Shift+D",
                                             self.duplicate_step)
        self.remove_button = self._button(_("Remove"), _("Remove step"), "remove_step",
                                          "Delete", self.remove_step)
        self.up_button = self._button("↑", _("Move step up"), "move_step_up", "Alt+Up",
                                      lambda: self.move_step(-1))
        self.down_button = self._button("↓", _("Move step down"), "move_step_down",
                                        "Alt+Down", lambda: self.move_step(1))
        buttons = QGridLayout()  # two rows: narrow enough beside the step on a small screen
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.duplicate_button, 0, 1, 1, 2)
        buttons.addWidget(self.remove_button, 1, 0)
        buttons.addWidget(self.up_button, 1, 1)
        buttons.addWidget(self.down_button, 1, 2)
        buttons.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._current_row_changed)
        for keys, slot in (("Insert", self.add_step), ("Delete", self.remove_step),
                           ("Ctrl+Shift+D", self.duplicate_step),
                           ("Alt+Up", lambda: self.move_step(-1)),
                           ("Alt+Down", lambda: self.move_step(1))):
            QShortcut(QKeySequence(keys), self.list, slot,
                      context=Qt.ShortcutContext.WidgetShortcut)

    def _button(self, text: str, name: str, object_name: str, keys: str,  # type: ignore[no-untyped-def]
                slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        # The key's name as the desktop's language writes it ("Entf" for Delete in German).
        shown_keys = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(_("{action} ({keys} in the list)").format(action=name,
                                                                    keys=shown_keys))
        button.setAccessibleName(name)
        button.clicked.connect(lambda *_: slot())
        return button

    # ---------------------------------------------------------------- reading

    def steps(self) -> list[StepDraft]:
        return list(self._steps)

    def step(self, index: int) -> StepDraft:
        return self._steps[index]

    def current_index(self) -> int:
        return self.list.currentRow()

    def set_current(self, index: int) -> None:
        self.list.setCurrentRow(index)

    # ---------------------------------------------------------------- changing

    def set_steps(self, steps: list[StepDraft]) -> None:
        self._steps = list(steps)
        self._marks = {}
        self._refill(0 if steps else -1)

    def replace_current(self, step: StepDraft) -> None:
        index = self.current_index()
        if index >= 0:
            self._steps[index] = step
            self.list.item(index).setText(self._label(index))

    def add_step(self) -> None:
        self._insert(self.current_index() + 1, NEW_STEP.copy())

    def duplicate_step(self) -> None:
        index = self.current_index()
        if index >= 0:
            self._insert(index + 1, self._steps[index].copy())

    def remove_step(self) -> None:
        index = self.current_index()
        if index < 0:
            return
        del self._steps[index]
        self._refill(min(index, len(self._steps) - 1))
        self.steps_changed.emit()

    def move_step(self, delta: int) -> None:
        index = self.current_index()
        target = index + delta
        if index < 0 or not 0 <= target < len(self._steps):
            return
        self._steps[index], self._steps[target] = self._steps[target], self._steps[index]
        self._refill(target)
        self.steps_changed.emit()

    def _insert(self, index: int, step: StepDraft) -> None:
        self._steps.insert(index, step)
        self._refill(index)
        self.steps_changed.emit()

    def saved(self, _text: str | None) -> None:
        """After a save the file holds the steps in this order: each is now its own source."""
        self._steps = [StepDraft(**{**vars(step), "source": index})
                       for index, step in enumerate(self._steps)]

    # ---------------------------------------------------------------- showing

    def mark(self, check: DraftCheck) -> None:
        """✗ on steps with problems, ! on steps outside the usual time."""
        self._marks = {}
        for index, _field in check.warnings:
            if index is not None:
                self._marks[index] = "!"
        for index, _field in check.errors:
            if index is not None:
                self._marks[index] = "✗"
        for index in range(self.list.count()):
            self.list.item(index).setText(self._label(index))
        self.problems.show_problems(check.errors.get((None, "steps"), []), [])

    def _label(self, index: int) -> str:
        step = self._steps[index]
        mark = self._marks.get(index, " ")
        title = step.title.strip() or _("(no title yet)")
        extra = f" ×{step.repeat}" if step.repeat > 1 else ""
        side = {"both": pgettext("sides", "both sides"), "left": pgettext("side", "left"),
                "right": pgettext("side", "right")}.get(step.sides)
        sides = f", {side}" if side else ""
        kind = kind_name(step.kind)
        duration = _shown_duration(step.duration)
        return f"{mark} {index + 1}. {title} — {kind}, {duration}{extra}{sides}"

    def _refill(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for index in range(len(self._steps)):
            self.list.addItem(self._label(index))
        self.list.blockSignals(False)
        self.list.setCurrentRow(current)
        if current < 0:  # no row to choose: nothing told the form yet
            self._current_row_changed(current)
        has = bool(self._steps)
        for button in (self.duplicate_button, self.remove_button, self.up_button,
                       self.down_button):
            button.setEnabled(has)

    def _current_row_changed(self, row: int) -> None:
        self.current_changed.emit(row)


def _shown_duration(typed: str) -> str:
    """'1 min', '10–30 s' as the start screen writes them, not the file's '1m', '10-30s'
    ("1m" reads as a metre); what does not parse yet is shown as typed."""
    try:
        return duration_text(parse_duration(typed.strip()))
    except DurationError:
        return typed.strip()
