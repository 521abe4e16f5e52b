"""The library's calm banner for routine files that could not be read: how many, and on
Show details each file with its line and what is wrong, so a person who wrote their own
routine can fix it."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from spasm_timer.core.problems import RoutineFileError
from spasm_timer.i18n import _, ngettext
from spasm_timer.ui.theme import set_role


def skipped_lines(skipped: list[RoutineFileError]) -> list[str]:
    """One line per problem: `file:line: message` (the folder is said once, elsewhere)."""
    lines = []
    for error in skipped:
        for problem in error.problems:
            place = f":{problem.line}" if problem.line is not None else ""
            lines.append(f"{problem.path.name}{place}: {problem.message}")
    return lines


class SkippedBanner(QFrame):
    """'Some routine files were skipped' with a Show/Hide details toggle."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "notice")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.toggle = set_role(QPushButton(_("Show details")), "link")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_details)
        self.details = QLabel()
        self.details.setObjectName("skipped_details")
        self.details.setWordWrap(True)
        self.details.hide()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.details)

    def set_skipped(self, skipped: list[RoutineFileError]) -> None:
        self.setVisible(bool(skipped))
        if not skipped:
            return
        count = len(skipped)
        self.summary.setText(ngettext(
            "{count} routine file was skipped. The other routines work as usual.",
            "{count} routine files were skipped. The other routines work as usual.",
            count).format(count=count))
        folders = sorted({str(error.path.parent) for error in skipped})
        lines = "\n".join(skipped_lines(skipped))
        self.details.setText(_("{problems}\n\nIn: {folders}").format(
            problems=lines, folders=", ".join(folders)))
        self._fit_height(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label's height depends on its width, which the library's page does not
        # ask; at Huge text in German the summary's last line was cut off without this.
        super().resizeEvent(event)
        self._fit_height(event.size().width())

    def _fit_height(self, width: int) -> None:
        """The summary whole; the details, which can run long, take what room is left (a
        minimum for them could push the window past a small screen)."""
        layout = self.layout()
        if self.details.isVisible():
            self.setMinimumHeight(0)
            return
        needed = layout.totalHeightForWidth(width) if layout is not None else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _show_details(self, shown: bool) -> None:
        # Selectable, so a file name and line can be copied; set here, off the start-up path.
        self.details.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(shown)
        self.toggle.setText(_("Hide details") if shown else _("Show details"))
        self._fit_height(self.width())
