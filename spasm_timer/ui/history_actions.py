"""The history's file actions: export, import and the report for a doctor.

A mixin of `HistoryWindow`: each action asks for a file through a small method
(`choose_export_file`, `choose_import_file`) that tests can answer, and says how it went
through the window's `tell`. An import runs on a worker thread (`history_import`): the
window says how far it has read and offers Cancel meanwhile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from spasm_timer.i18n import _, ngettext
from spasm_timer.os_errors import problem_text
from spasm_timer.storage import exchange
from spasm_timer.storage.log import LogError
from spasm_timer.ui.history_import import STOP_WAIT_SECONDS, ImportCancelled, ImportRun
from spasm_timer.ui.history_model import whole_number
from spasm_timer.ui.report_button import save_report


class HistoryFileActions:
    """Export, import and report, for a window with `log`, `detail`, `current_filter()`,
    `tell()` and `_reset_filters()` / `_apply_filters()`."""

    log: Any
    detail: Any
    import_button: QPushButton
    cancel_import_button: QPushButton
    import_run: ImportRun | None = None  # the import under way

    def parent_widget(self) -> QWidget:
        """The window, as the parent of its file dialogs."""
        assert isinstance(self, QWidget)
        return self

    # Given by the window.
    def tell(self, text: str, problem: bool = False) -> None:
        raise NotImplementedError

    def current_filter(self) -> Any:
        raise NotImplementedError

    def _reset_filters(self) -> None:
        raise NotImplementedError

    def _apply_filters(self) -> None:
        raise NotImplementedError

    def choose_export_file(self) -> str | None:
        """Where to write the export; JSON can be imported again, CSV opens in a spreadsheet."""
        name = f"spasm-timer-log-{date.today().isoformat()}.json"
        filters = ";;".join((_("Spasm Timer log ({patterns})").format(patterns="*.json"),
                             _("Spreadsheet ({patterns})").format(patterns="*.csv")))
        path, _chosen = QFileDialog.getSaveFileName(
            self.parent_widget(), _("Export your sessions"), str(Path.home() / name), filters)
        return path or None

    def choose_import_file(self) -> str | None:
        path, _chosen = QFileDialog.getOpenFileName(
            self.parent_widget(), _("Import sessions"), str(Path.home()),
            _("Spasm Timer log ({patterns})").format(patterns="*.json"))
        return path or None

    def export_log(self) -> None:
        self.detail.save_notes()
        path = self.choose_export_file()
        if path is None:
            return
        write = exchange.export_csv if path.lower().endswith(".csv") else exchange.export_json
        try:  # the file dialog has asked before choosing an existing file
            count = write(self.log, path, replace=True)
        except (OSError, LogError) as error:
            self.tell(_("Could not export to {file}: {problem}").format(
                file=Path(path).name, problem=problem_text(error)), problem=True)
            return
        self.tell(ngettext("Exported {count} session to {file}.",
                           "Exported {count} sessions to {file}.", count).format(
                               count=whole_number(count), file=Path(path).name))

    def save_report(self) -> None:
        """The report for a doctor, for the days chosen in the filters."""
        self.detail.save_notes()
        chosen = self.current_filter()
        told = save_report(self.parent_widget(), self.log, chosen.since, chosen.until)
        if told is not None:
            self.tell(*told)

    def make_cancel_import_button(self) -> QPushButton:
        """Cancel, shown beside Import… while an import runs."""
        button = QPushButton(_("Cancel import"))
        button.clicked.connect(self.cancel_import)
        button.hide()
        return button

    def import_log(self) -> None:
        if self.import_run is not None:
            return  # one at a time: Import… is off meanwhile
        path = self.choose_import_file()
        if path is None:
            return
        run = ImportRun(self.log.path, path, self.parent_widget())
        run.read.connect(self._import_read)
        run.finished.connect(self._import_finished)
        self.import_run = run
        self._show_importing(True)
        self._import_read(0)
        run.start()

    def cancel_import(self) -> None:
        """Stops the import under way; nothing of it is added."""
        if self.import_run is not None:
            self.import_run.cancel()
            self.cancel_import_button.setEnabled(False)

    def stop_import(self) -> None:
        """The app quits: cancels the import under way and waits a few seconds for it to be
        rolled back, so the writes that wait for it land before the log closes."""
        if self.import_run is not None:
            self.import_run.cancel()
            self.import_run.wait(STOP_WAIT_SECONDS)

    def _show_importing(self, importing: bool) -> None:
        writes = getattr(self.log, "writes", None)  # the app's QueuedLog; tests read plain logs
        if writes is not None:  # the notice on waiting writes names the import as the reason
            writes.importing = importing
        self.import_button.setEnabled(not importing)
        self.cancel_import_button.setEnabled(importing)
        self.cancel_import_button.setVisible(importing)

    def _import_read(self, count: int) -> None:
        if self.import_run is None:
            return
        self.tell(ngettext("Importing {file}: {count} session read so far…",
                           "Importing {file}: {count} sessions read so far…", count).format(
                               file=Path(self.import_run.file).name, count=whole_number(count)))

    def _import_finished(self, result: object) -> None:
        run, self.import_run = self.import_run, None
        self._show_importing(False)
        if run is None:
            return
        run.deleteLater()
        if isinstance(result, ImportCancelled):
            self.tell(_("Import cancelled: nothing was added."))
        elif isinstance(result, exchange.ImportFileError):
            self.tell(_("{file} was not imported: {problem}").format(
                file=Path(run.file).name, problem=result), problem=True)
        elif isinstance(result, LogError):
            self.tell(_("Could not import: {problem}").format(problem=result), problem=True)
        elif isinstance(result, BaseException):
            raise result  # a fault of the app's own: the crash report on this thread
        else:
            assert isinstance(result, tuple), result
            added, skipped = result
            self._reset_filters()
            self._apply_filters()
            self.tell(_("Added {added}, skipped {skipped} already in your log.").format(
                added=whole_number(added), skipped=whole_number(skipped)))
