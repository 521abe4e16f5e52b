"""The routine editor's form for one step: what to do, for how long, how often, which sides.

Every field is reached with Tab or with Alt and its underlined letter; each field's problems
show right under it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spasm_timer import paths
from spasm_timer.core.guidance import kind_name, usual_time
from spasm_timer.core.loader import MAX_REPEAT
from spasm_timer.core.node_reading import TEXT_LIMITS
from spasm_timer.core.routine import SIDES, STEP_KINDS
from spasm_timer.core.routine_draft import StepDraft
from spasm_timer.i18n import N_, _
from spasm_timer.ui.editor_fields import (
    FieldProblems,
    PlainTextField,
    add_field,
    form_wrap_policy,
    hold_to_limit,
)

# The choices of sides as the list shows them (through _()), by the value the file keeps.
SIDE_WORDS = {"none": N_("No sides"), "left": N_("Left only"), "right": N_("Right only"),
              "both": N_("Both: left, then right")}
OWN_PICTURE = N_("The picture of its kind")
PICTURE_SUFFIXES = ("*.svg", "*.png", "*.jpg", "*.jpeg")


def kind_choice(kind: str) -> str:
    """'Trigger-point hold — usually 10–30 s a hold', as the kind list shows it."""
    usual = usual_time(kind)
    name = kind_name(kind)
    name = name[:1].upper() + name[1:]  # not capitalize(): German nouns keep their capitals
    if usual is None:
        return _("{kind} — any time").format(kind=name)
    if usual.per == "hold":
        return _("{kind} — usually {time} a hold").format(kind=name, time=usual.text())
    return _("{kind} — usually {time}").format(kind=name, time=usual.text())


def bundled_pictures() -> list[str]:
    folder = paths.illustrations_dir()
    try:
        return sorted(p.name for p in folder.iterdir() if p.suffix in (".svg", ".png"))
    except OSError:
        return []


class StepForm(QWidget):
    """Edits one StepDraft; `changed` after every edit the person makes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._source: int | None = None
        self._filling = False
        self.problems: dict[str, FieldProblems] = {}
        self.kind = QComboBox()
        for kind in STEP_KINDS:
            self.kind.addItem(kind_choice(kind), kind)
        self.title = QLineEdit()
        hold_to_limit(self.title, TEXT_LIMITS["title"])
        self.title.setPlaceholderText(_("What this step is, in a few words"))
        self.instructions = PlainTextField(TEXT_LIMITS["instructions"])
        self.instructions.setPlaceholderText(_("What the hands do, so it can be followed "
                                               "from across the room"))
        self.duration = QLineEdit()
        # The times are written as the routine file writes them, in every language.
        self.duration.setPlaceholderText(_("45s, 1m30s, or a range such as 10-30s"))
        self.plan = QLineEdit()
        self.plan.setPlaceholderText(_("only for a range: the time to plan, e.g. 15m"))
        self.repeat = QSpinBox()
        self.repeat.setRange(1, MAX_REPEAT)
        self.rest = QLineEdit()
        self.rest.setPlaceholderText(_("between repetitions, e.g. 10s"))
        self.sides = QComboBox()
        for side in SIDES:
            self.sides.addItem(_(SIDE_WORDS[side]), side)
        self.picture = QComboBox()
        self.picture.addItem(_(OWN_PICTURE), "")
        for name in bundled_pictures():
            self.picture.addItem(name, name)
        for combo in (self.kind, self.sides, self.picture):  # long choices never widen the form
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.choose_picture = QPushButton(_("C&hoose file…"))
        self.choose_picture.setToolTip(_("Use a picture file of your own for this step"))
        self.choose_picture.setObjectName("choose_picture")
        self.choose_picture.clicked.connect(self.ask_picture_file)
        self.setLayout(self._layout())
        self._connect()

    def _layout(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(form_wrap_policy())
        form.setContentsMargins(0, 0, 0, 0)
        # Each label's Alt letter (after &) is unique in the editor, in every language.
        add_field(form, _("&Kind"), self.kind, "kind", self.problems)
        add_field(form, _("&Title"), self.title, "title", self.problems)
        add_field(form, _("&Instructions"), self.instructions, "instructions", self.problems)
        add_field(form, _("&Duration"), self.duration, "duration", self.problems)
        add_field(form, _("Planned ti&me"), self.plan, "plan", self.problems)
        add_field(form, _("Rep&eat"), self.repeat, "repeat", self.problems)
        add_field(form, _("Rest bet&ween"), self.rest, "rest", self.problems)
        add_field(form, _("&Sides"), self.sides, "sides", self.problems)
        picture_row = QWidget()
        # Where labels go above their fields (large text), the button goes under the list
        # too: side by side they would be wider than the step's page on a small screen.
        wrapped = form_wrap_policy() == QFormLayout.RowWrapPolicy.WrapAllRows
        row = QVBoxLayout(picture_row) if wrapped else QHBoxLayout(picture_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picture, 1)
        row.addWidget(self.choose_picture)
        add_field(form, _("Pict&ure"), picture_row, "image", self.problems)
        self.picture.setAccessibleName(_("Picture"))
        return form

    def _connect(self) -> None:
        for line in (self.title, self.duration, self.plan, self.rest):
            line.textEdited.connect(self._edited)
        self.instructions.textChanged.connect(self._edited)
        self.repeat.valueChanged.connect(self._edited)
        for combo in (self.kind, self.sides, self.picture):
            combo.currentIndexChanged.connect(self._edited)

    def _edited(self, *_: object) -> None:
        if not self._filling:
            self.changed.emit()

    # ---------------------------------------------------------------- the step

    def set_step(self, step: StepDraft) -> None:
        self._filling = True
        try:
            self._source = step.source
            _choose(self.kind, step.kind)
            self.title.setText(step.title)
            self.instructions.setPlainText(step.instructions)
            self.duration.setText(step.duration)
            self.plan.setText(step.plan)
            self.repeat.setValue(max(1, min(step.repeat, MAX_REPEAT)))
            self.rest.setText(step.rest)
            _choose(self.sides, step.sides or "none")
            self._set_picture(step.image)
        finally:
            self._filling = False

    def step(self) -> StepDraft:
        return StepDraft(kind=self.kind.currentData() or "", title=self.title.text(),
                         instructions=self.instructions.toPlainText(),
                         duration=self.duration.text(), plan=self.plan.text(),
                         repeat=self.repeat.value(), rest=self.rest.text(),
                         sides=self.sides.currentData() or "none",
                         image=self.picture.currentData() or "", source=self._source)

    def _set_picture(self, image: str) -> None:
        if image and self.picture.findData(image) < 0:
            self.picture.addItem(Path(image).name, image)  # its own, beside it or chosen
        _choose(self.picture, image)

    def ask_picture_file(self) -> None:
        pattern = " ".join(PICTURE_SUFFIXES)
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Choose a picture for this step"), str(Path.home()),
            _("Pictures ({patterns})").format(patterns=pattern))
        if name:
            self.use_picture_file(name)

    def use_picture_file(self, name: str) -> None:
        self._set_picture(name)
        self.changed.emit()

    def show_problems(self, errors: dict[str, list[str]], warnings: dict[str, list[str]]) -> None:
        for name, box in self.problems.items():
            box.show_problems(errors.get(name, []), warnings.get(name, []))

    def focus_first_problem(self) -> bool:
        for name, box in self.problems.items():
            if not box.error.isHidden():
                widget = self.findChild(QWidget, name)
                if widget is not None:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return False


def _choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))
