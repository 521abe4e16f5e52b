"""The routine editor: a person's own routine, from their physiotherapist's sheet to the timer.

Left, the routine (name, area, description, safety notes, get-ready time) and its steps; right,
the chosen step, and the plan as `spasm-timer plan` shows it. Every edit is checked a moment
later with the loader's own rules and words, and each problem shows beside its field: the hard
limits block saving, times outside the usual range are warnings the person may keep. "Try it"
runs the routine unsaved. Everything works from the keyboard alone.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spasm_timer import paths
from spasm_timer.core.durations import format_seconds
from spasm_timer.core.node_reading import TEXT_LIMITS
from spasm_timer.core.plan_text import plan_header, plan_rows
from spasm_timer.core.routine import Routine
from spasm_timer.core.routine_draft import DraftCheck, RoutineDraft, check_draft
from spasm_timer.core.timeline import expand
from spasm_timer.i18n import _, ngettext
from spasm_timer.ui.editor_fields import (
    FieldProblems,
    PlainTextField,
    add_field,
    form_wrap_policy,
    hold_to_limit,
)
from spasm_timer.ui.editor_files import (
    EditorFileError,
    EditorSource,
    open_for_editing,
    save_draft,
    target_for,
)
from spasm_timer.ui.editor_step import StepForm
from spasm_timer.ui.editor_steps import StepList
from spasm_timer.ui.flow_layout import FlowLayout
from spasm_timer.ui.screen_fit import fit_within_screen
from spasm_timer.ui.theme import set_role

if TYPE_CHECKING:
    from spasm_timer.ui.main_window import MainWindow

CHECK_DELAY_MS = 200  # checked once typing pauses, not on every key
ROUTINE_TAB, STEP_TAB, PLAN_TAB = range(3)


class EditorWindow(QWidget):
    """Edits one routine. `saved(path)` after each save."""

    saved = Signal(object)

    def __init__(self, window: MainWindow, draft: RoutineDraft, source: EditorSource,
                 heading: str):
        super().__init__(window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("routine_editor")
        self.main_window = window
        self.data = window.data_paths
        self.source = source
        self.check: DraftCheck = DraftCheck(None)
        self._dirty = False
        self.heading = QLabel(heading)
        set_role(self.heading, "subtitle")
        self.heading.setWordWrap(True)  # a long routine name never widens the window
        self.status = QLabel()
        self.status.setObjectName("editor_status")
        self.status.setWordWrap(True)
        self.problems: dict[str, FieldProblems] = {}
        self._build_routine_fields(window)
        self.steps = StepList()
        self.step_form = StepForm()
        self.plan = QPlainTextEdit()
        self.plan.setObjectName("plan")
        self.plan.setReadOnly(True)
        self.plan.setAccessibleName(_("The plan, minute by minute"))
        self.plan.setFont(QFont("monospace"))
        # A table in columns: a long row scrolls sideways rather than break the columns.
        self.plan.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.plan_total = QLabel()
        set_role(self.plan_total, "subtitle")
        self.plan_total.setObjectName("plan_total")
        self.plan_total.setWordWrap(True)  # a long problem must not widen the window
        self.try_button = QPushButton(_("Tr&y it"))
        self.save_button = QPushButton(_("Save"))
        set_role(self.save_button, "primary")
        self.save_new_button = QPushButton(_("Save as &new"))
        self.close_button = QPushButton(_("Close"))
        self._build_layout()
        self._wire()
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self.set_draft(draft)
        fit_within_screen(self, 1000, 700)  # never bigger than a small laptop's screen
        # The chosen step and the plan get the larger share: their rows are the longer.
        self.splitter.setSizes([round(self.width() * 0.4), round(self.width() * 0.6)])

    # ---------------------------------------------------------------- building

    def _build_routine_fields(self, window: MainWindow) -> None:
        self.name = QLineEdit()
        hold_to_limit(self.name, TEXT_LIMITS["name"])
        self.area = QComboBox()
        self.area.setEditable(True)
        line = self.area.lineEdit()
        if line is not None:  # what a screen reader reads when typing into it
            line.setAccessibleName(_("Area"))
            hold_to_limit(line, TEXT_LIMITS["area"])
        self.area.addItems(sorted({r.area for r in window.library.routines.values()}))
        self.description = PlainTextField(TEXT_LIMITS["description"])
        self.safety = PlainTextField(TEXT_LIMITS["safety"], per_line=True)
        self.safety.setPlaceholderText(_("One note a line: when to leave it, when to stop"))
        self.lead_in = QLineEdit()
        self.lead_in.setPlaceholderText(_("empty: your setting; 0: none"))
        self.routine_problems = FieldProblems("routine")

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(form_wrap_policy())
        # Each label's Alt letter (after &) is unique in the editor, in every language.
        add_field(form, _("N&ame"), self.name, "name", self.problems)
        add_field(form, _("A&rea"), self.area, "area", self.problems)
        add_field(form, _("Des&cription"), self.description, "description", self.problems)
        add_field(form, _("Sa&fety notes"), self.safety, "safety", self.problems)
        add_field(form, _("&Get-ready time"), self.lead_in, "lead_in", self.problems)
        routine_page = QWidget()
        routine_layout = QVBoxLayout(routine_page)
        routine_layout.addLayout(form)
        routine_layout.addWidget(self.routine_problems)
        routine_layout.addStretch(1)
        self.problems["steps"] = self.steps.problems
        plan_page = QWidget()
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.addWidget(self.plan_total)
        plan_layout.addWidget(self.plan, 1)
        # The steps stay in view; the routine, the chosen step and the plan take turns beside
        # them (Ctrl+1, 2, 3), so everything fits a small screen.
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolling(routine_page), _("&1 Routine"))
        self.tabs.addTab(_scrolling(self.step_form), _("&2 Step"))
        self.tabs.addTab(plan_page, _("&3 Plan"))
        splitter = QSplitter()
        splitter.addWidget(self.steps)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.splitter = splitter
        # In one row where they fit; in a longer language at large text they wrap rather
        # than widen the window past a small screen.
        button_rows = QWidget()
        buttons = FlowLayout(button_rows, spacing=10)
        for button in (self.try_button, self.save_new_button, self.close_button,
                       self.save_button):
            buttons.addWidget(button)
        body = _Page()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)  # a row of its own: it stays one line in huge text
        layout.addWidget(button_rows)
        # Where the screen is too small for all of it (huge text, a longer language), the
        # editor scrolls rather than squeeze its parts over each other.
        window_layout = QVBoxLayout(self)
        window_layout.setContentsMargins(0, 0, 0, 0)
        window_layout.addWidget(_scrolling(body))
        self.try_button.setToolTip(_("Run it now, unsaved ({keys})").format(keys="Ctrl+T"))
        self.save_button.setToolTip(_("Save it among your routines ({keys})").format(
            keys="Ctrl+S"))

    def _wire(self) -> None:
        for line in (self.name, self.lead_in):
            line.textEdited.connect(self.edited)
        self.area.editTextChanged.connect(self.edited)
        self.description.textChanged.connect(self.edited)
        self.safety.textChanged.connect(self.edited)
        self.step_form.changed.connect(self._step_edited)
        self.steps.current_changed.connect(self._show_step)
        self.steps.steps_changed.connect(self.edited)
        self.try_button.clicked.connect(self.try_it)
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(self.save_as_new)
        self.close_button.clicked.connect(self.close)
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence("Ctrl+T"), self.try_it),
                           (QKeySequence(Qt.Key.Key_Escape), self.close),
                           (QKeySequence("Ctrl+1"), lambda: self.tabs.setCurrentIndex(0)),
                           (QKeySequence("Ctrl+2"), lambda: self.tabs.setCurrentIndex(1)),
                           (QKeySequence("Ctrl+3"), lambda: self.tabs.setCurrentIndex(2))):
            QShortcut(keys, self, slot)

    # ---------------------------------------------------------------- the draft

    def set_draft(self, draft: RoutineDraft) -> None:
        self._filling = True
        self.name.setText(draft.name)
        self.area.setEditText(draft.area)
        self.description.setPlainText(draft.description)
        self.safety.setPlainText("\n".join(draft.safety))
        self.lead_in.setText(draft.lead_in)
        self.steps.set_steps(draft.steps)
        self._filling = False
        self._dirty = False
        self.check_now()

    def draft(self) -> RoutineDraft:
        return RoutineDraft(name=self.name.text(), area=self.area.currentText(),
                            description=self.description.toPlainText(),
                            safety=[n for n in self.safety.toPlainText().splitlines() if n.strip()],
                            lead_in=self.lead_in.text(), steps=self.steps.steps())

    def edited(self, *_: object) -> None:
        if getattr(self, "_filling", False):
            return
        self._dirty = True
        self._timer.start()

    def _step_edited(self) -> None:
        self.steps.replace_current(self.step_form.step())
        self.edited()

    def _show_step(self, index: int) -> None:
        self.step_form.setEnabled(index >= 0)
        if index >= 0:
            self.step_form.set_step(self.steps.step(index))
            if self.steps.list.hasFocus():  # the person chose it: show it
                self.tabs.setCurrentIndex(STEP_TAB)
        self._show_step_problems()

    # ---------------------------------------------------------------- checking

    def check_now(self) -> DraftCheck:
        """Checks the draft at once (the editor does this a moment after each edit)."""
        self._timer.stop()
        draft = self.draft()
        self.check = check_draft(draft, target_for(draft, self.source, self.data),
                                 paths.illustrations_dir())
        for name, box in self.problems.items():
            box.show_problems(self.check.errors.get((None, name), []),
                              self.check.warnings.get((None, name), []))
        self.routine_problems.show_problems(self.check.errors.get((None, "routine"), []), [])
        self.steps.mark(self.check)
        self._show_step_problems()
        self._show_plan()
        errors = sum(len(v) for v in self.check.errors.values())
        warnings = sum(len(v) for v in self.check.warnings.values())
        if errors:
            self.status.setText(ngettext(
                "✗ {count} problem to fix before it can be saved or tried",
                "✗ {count} problems to fix before it can be saved or tried",
                errors).format(count=errors))
        elif warnings:
            self.status.setText(ngettext(
                "Ready. {count} time outside the usual range: yours to keep.",
                "Ready. {count} times outside the usual range: yours to keep.",
                warnings).format(count=warnings))
        else:
            self.status.setText(_("Ready to save or try."))
        return self.check

    def _show_step_problems(self) -> None:
        index = self.steps.current_index()
        errors = {f: m for (i, f), m in self.check.errors.items() if i == index and i is not None}
        warnings = {f: m for (i, f), m in self.check.warnings.items() if i == index}
        self.step_form.show_problems(errors, warnings)

    def _show_plan(self) -> None:
        routine = self.check.routine
        if routine is None:
            self.plan_total.setText(_("The plan shows once the problems are fixed."))
            self.plan.setPlainText("")
            return
        try:
            timeline = expand(routine, self.main_window.settings.default_lead_in)
        except ValueError as error:
            self.plan_total.setText(str(error))
            return
        self.plan_total.setText(_("{total} in all").format(
            total=format_seconds(timeline.total_seconds)))
        rows = [plan_header(), *plan_rows(timeline)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.plan.setPlainText("\n".join("  ".join(cell.ljust(w) for cell, w in
                                                   zip(row, widths, strict=True)).rstrip()
                                         for row in rows))

    def _ready(self, in_the_way: str) -> Routine | None:
        """The checked routine, or None after saying what is in the way (`in_the_way`) and
        going there."""
        check = self.check_now()
        if check.ok:
            return check.routine
        self.status.setText(in_the_way)
        place = next(iter(check.errors))
        if place[0] is not None:
            self.steps.set_current(place[0])
            self.tabs.setCurrentIndex(STEP_TAB)
            self.step_form.focus_first_problem()
        elif place[1] == "steps":
            self.steps.list.setFocus()
        else:
            self.tabs.setCurrentIndex(ROUTINE_TAB)
            widget = self.findChild(QWidget, place[1])
            if widget is not None:
                widget.setFocus()
        return None

    # ---------------------------------------------------------------- actions

    def try_it(self) -> None:
        driver = self.main_window.driver
        if driver is not None and not driver.is_over:
            self.status.setText(_("A session is running: finish or stop it first, then try "
                                  "this."))
            return
        routine = self._ready(_("✗ Fix the problems marked ✗ before you can try it."))
        if routine is None:
            return
        # Unsaved: not a file of the library, so a reload of the library leaves it alone.
        self.main_window.show_start(replace(routine, origin="unsaved"))
        self.main_window.raise_()
        self.main_window.activateWindow()

    def save(self) -> Path | None:
        if self._ready(_("✗ Fix the problems marked ✗ before you can save it.")) is None:
            return None
        try:
            path = save_draft(self.draft(), self.source, self.data)
        except EditorFileError as error:
            self.status.setText(f"✗ {error}")
            return None
        self._saved(path)
        return path

    def save_as_new(self) -> Path | None:
        """Saves as a routine of its own under a new id, keeping the layout it started from."""
        if self._ready(_("✗ Fix the problems marked ✗ before you can save it.")) is None:
            return None
        new_source = EditorSource(None, self.source.text)
        try:
            path = save_draft(self.draft(), new_source, self.data)
        except EditorFileError as error:
            self.status.setText(f"✗ {error}")
            return None
        self.source = new_source
        self._saved(path)
        return path

    def _saved(self, path: Path) -> None:
        self._dirty = False
        self.steps.saved(self.source.text)
        heading = _("Editing “{name}”").format(name=self.name.text().strip())
        self.heading.setText(heading)
        self.status.setText(_("Saved to {file}.").format(file=path))
        self.setWindowTitle(_("{heading} — routine editor").format(heading=heading))
        self.main_window.reload_library()
        self.saved.emit(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty and not self.confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, _("Unsaved changes"), _("Close the editor without saving your changes?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard


class _Page(QWidget):
    """The editor's page inside its scroll area. It fills the window whenever its parts fit
    at their least (the lists and the plan give way, scrolling inside); only when they do
    not does the page scroll. With the height its wrapped labels would like, the scroll area
    would scroll a page that fits."""

    def heightForWidth(self, width: int) -> int:
        """The least height at `width`: wrapped texts and button rows at the height they
        need there, everything else at its least."""
        layout = self.layout()
        if layout is None:
            return super().heightForWidth(width)
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        total = margins.top() + margins.bottom() + layout.spacing() * (layout.count() - 1)
        for number in range(layout.count()):
            item = layout.itemAt(number)
            if item is not None:
                total += item.heightForWidth(inner) if item.hasHeightForWidth() else \
                    item.minimumSize().height()
        return total


def _scrolling(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll


def open_editor(window: MainWindow, routine: Routine | None,
                duplicate: bool) -> EditorWindow | None:
    """Opens the editor on a new routine, one's own, or a copy; says why when it cannot."""
    try:
        draft, source = open_for_editing(routine, duplicate, window.data_paths)
    except EditorFileError as error:
        QMessageBox.warning(window, _("Routine not opened"), str(error))
        return None
    if routine is None:
        heading = _("A new routine")
        draft.steps = []
    elif source.copy_of is not None:
        heading = _("Your copy of “{name}”").format(name=routine.name)
    else:
        heading = _("Editing “{name}”").format(name=routine.name)
    editor = EditorWindow(window, draft, source, heading)
    if routine is None:
        editor.steps.add_step()
        editor._dirty = False
    editor.setWindowTitle(_("{heading} — routine editor").format(heading=heading))
    editor.show()
    editor.raise_()
    editor.activateWindow()
    editor.name.setFocus()
    return editor
