"""The history's file actions: export, import and the report for a doctor.

A mixin of `HistoryWindow`: each action asks for a file through a small method
(`choose_export_file`, `choose_import_file`) that tests can answer, and says how it went
through the window's `tell`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from spasm_timer.i18n import _, ngettext
from spasm_timer.storage import exchange
from spasm_timer.storage.log import LogError
from spasm_timer.ui.history_model import whole_number
from spasm_timer.ui.report_button import save_report


class HistoryFileActions:
    """Export, import and report, for a window with `log`, `detail`, `current_filter()`,
    `tell()` and `_reset_filters()` / `_apply_filters()`."""

    log: Any
    detail: Any

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
                file=Path(path).name, problem=error), problem=True)
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

    def import_log(self) -> None:
        path = self.choose_import_file()
        if path is None:
            return
        try:
            added, skipped = exchange.import_json(self.log, path)
        except exchange.ImportFileError as error:
            self.tell(_("{file} was not imported: {problem}").format(
                file=Path(path).name, problem=error), problem=True)
            return
        except LogError as error:
            self.tell(_("Could not import: {problem}").format(problem=error), problem=True)
            return
        self._reset_filters()
        self._apply_filters()
        self.tell(_("Added {added}, skipped {skipped} already in your log.").format(
            added=whole_number(added), skipped=whole_number(skipped)))
