"""The menu items for a person's own routines, and dropping routine files on the library.

File › Add routine… and a dropped `.yaml` file do what `spasm-timer add` does: the file is
checked first, a bad one is refused with its problems, a good one is copied as written, and a
routine with the same id is only replaced after a yes. File › Save a copy… writes the chosen
routine to a file to share. Help › When to get help shows every red flag.

The main window calls `RoutineActions(window, file_menu, help_menu)` once; everything heavier
than a QAction is imported when it is first used, so start-up does not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence

from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text
from spasm_timer.ui.menus import add_action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from spasm_timer.core.routine import Routine
    from spasm_timer.routine_files import RoutineExistsError
    from spasm_timer.ui.get_help import GetHelpDialog
    from spasm_timer.ui.main_window import MainWindow

ROUTINE_SUFFIXES = (".yaml", ".yml")


class RoutineActions(QObject):
    """Owns the routine menu items of one main window."""

    def __init__(self, window: MainWindow, file_menu: QMenu, help_menu: QMenu):
        super().__init__(window)  # no reference of its own: the window must be free to go
        self.get_help_dialog: GetHelpDialog | None = None
        self.editors: list[object] = []
        before = next((a for a in file_menu.actions() if a.isSeparator()), None)
        actions = [
            add_action(window, file_menu, _("&New routine…"), self.new_routine,
                       QKeySequence.StandardKey.New),
            add_action(window, file_menu, _("&Edit routine…"), self.edit_routine,
                       QKeySequence("Ctrl+E")),
            add_action(window, file_menu, _("D&uplicate routine…"), self.duplicate_routine,
                       QKeySequence("Ctrl+D")),
            add_action(window, file_menu, _("De&lete routine…"), self.delete_routine),
            add_action(window, file_menu, _("&Add routine…"), self.add_routine),
            add_action(window, file_menu, _("Save a &copy…"), self.save_copy,
                       QKeySequence.StandardKey.SaveAs),
        ]
        if before is not None:
            for action in actions:
                file_menu.removeAction(action)
            file_menu.insertActions(before, actions)
            file_menu.insertSeparator(actions[0])
        about = help_menu.actions()[-1] if help_menu.actions() else None
        get_help = add_action(window, help_menu, _("&When to get help"), self.show_get_help)
        if about is not None:
            help_menu.insertAction(about, get_help)  # before About: help comes first
        window.library_view.setAcceptDrops(True)
        window.library_view.installEventFilter(self)

    @property
    def window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    # ---------------------------------------------------------------- which routine

    def chosen_routine(self) -> Routine | None:
        """The routine on the start screen, else the one selected in the library."""
        window = self.window
        shown = window._shown_routine()
        if shown is not None and window.stack.currentWidget() is window.start_screen:
            return shown
        return window.library_view.current_routine()

    # ---------------------------------------------------------------- adding

    def add_routine(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from spasm_timer.ui.main_window import routine_file_filter

        names, _filter = QFileDialog.getOpenFileNames(self.window, _("Add a routine"),
                                                      str(Path.home()), routine_file_filter())
        self.add_files([Path(name) for name in names])

    def add_files(self, files: list[Path]) -> list[Routine]:
        """Adds each file as `spasm-timer add` does; says what happened; returns those added."""
        from spasm_timer.core.guidance import routine_warnings
        from spasm_timer.core.problems import RoutineFileError
        from spasm_timer.data_dir import DataDirError
        from spasm_timer.routine_files import RoutineExistsError, add_routine_file
        from spasm_timer.ui.main_window import show_message

        added = []
        for path in files:
            try:
                try:
                    result = add_routine_file(path, self.window.data_paths)
                except RoutineExistsError as clash:
                    if not self.confirm_replace(clash):
                        continue
                    result = add_routine_file(path, self.window.data_paths, replace=True)
            except RoutineFileError as error:
                show_message(self.window, _("Routine not added"),
                             _("“{file}” was not added: it has problems, and nothing was "
                               "copied.").format(file=path.name),
                             "\n".join(str(p) for p in error.problems))
                continue
            except (DataDirError, OSError) as error:
                show_message(self.window, _("Routine not added"),
                             _("“{file}” could not be copied: {error}").format(
                                 file=path.name, error=problem_text(error)))
                continue
            added.append(result.routine)
            warnings = routine_warnings(result.routine)
            name = result.routine.name
            if warnings:
                self.window.notices.add(_(
                    "Added “{routine}” to your routines. Times outside the usual range: "
                    "{warnings}.").format(routine=name,
                                          warnings="; ".join(w.message for w in warnings)))
            else:
                self.window.notices.add(
                    _("Added “{routine}” to your routines.").format(routine=name))
        if added:
            self.window.reload_library()
            self.window.library_view._select(added[-1].id)
        return added

    def confirm_replace(self, clash: RoutineExistsError) -> bool:
        """Asks before a routine replaces one with the same id; No is the default."""
        from PySide6.QtWidgets import QMessageBox

        if clash.bundled:
            question = _("“{routine}” would replace the bundled routine of the same name (it "
                         "stays installed, hidden behind yours). Replace it?")
        else:
            question = _("“{routine}” would replace your routine with the same file name. "
                         "Replace it?")
        answer = QMessageBox.question(
            self.window, _("Replace routine?"), question.format(routine=clash.routine_id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """Routine files dropped on the library are added."""
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if _dropped_routines(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            files = _dropped_routines(event.mimeData())
            if files:
                event.acceptProposedAction()
                self.add_files(files)
                return True
        return False

    # ---------------------------------------------------------------- sharing

    def save_copy(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from spasm_timer.routine_files import save_copy
        from spasm_timer.ui.main_window import routine_file_filter, show_message

        routine = self.chosen_routine()
        if routine is None or routine.path is None:
            show_message(self.window, _("Save a copy"),
                         _("Choose a routine in the library first."))
            return
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _("Save a copy of “{routine}”").format(routine=routine.name),
            str(Path.home() / f"{routine.id}.yaml"), routine_file_filter("*.yaml"))
        if not name:
            return
        try:  # the file dialog has already asked before replacing
            written = save_copy(routine, Path(name), replace=True)
        except OSError as error:
            show_message(self.window, _("Copy not saved"),
                         _("The copy could not be written: {error}").format(
                             error=problem_text(error)))
            return
        self.window.notices.add(_("Saved a copy of “{routine}” to {file}.").format(
            routine=routine.name, file=written[0]))

    # ---------------------------------------------------------------- editing

    def new_routine(self) -> None:
        self._open_editor(None, duplicate=False)

    def edit_routine(self) -> None:
        routine = self.chosen_routine()
        if routine is None:
            self.new_routine()
        else:  # a bundled routine is never changed: editing one starts a copy of it
            self._open_editor(routine, duplicate=routine.origin != "user")

    def duplicate_routine(self) -> None:
        routine = self.chosen_routine()
        if routine is not None:
            self._open_editor(routine, duplicate=True)

    def delete_routine(self) -> None:
        from spasm_timer.ui.editor_files import delete_own_routine

        routine = self.chosen_routine()
        if routine is not None:
            delete_own_routine(self.window, routine)

    def _open_editor(self, routine: Routine | None, duplicate: bool) -> None:
        from spasm_timer.ui.editor_window import open_editor

        editor = open_editor(self.window, routine, duplicate)
        if editor is not None:
            self.editors.append(editor)
            editor.destroyed.connect(lambda *_args: self.editors.remove(editor)
                                     if editor in self.editors else None)

    # ---------------------------------------------------------------- help

    def show_get_help(self) -> None:
        from spasm_timer.ui.get_help import GetHelpDialog

        if self.get_help_dialog is None:
            self.get_help_dialog = GetHelpDialog(self.window)
        dialog = self.get_help_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()


def _dropped_routines(mime) -> list[Path]:  # type: ignore[no-untyped-def]
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(ROUTINE_SUFFIXES)]
