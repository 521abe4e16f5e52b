"""The first-run safety note as a gate: read before anything counts down, and only once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from spasm_timer.ui.safety import SafetyDialog


class SafetyNote(QObject):
    """The safety note of one window: from Help at any time, and before the first session.

    On the first run (`show_first_run`) the note must be accepted before anything starts:
    `then(action)` runs the action at once when it was, or once it is. Only accepting counts
    as read; Esc or the window's close button leave it to be shown again before a session.
    """

    read = Signal()  # accepted for the first time: save that it was

    def __init__(self, parent: QWidget, already_read: bool) -> None:
        super().__init__(parent)
        self.dialog: SafetyDialog | None = None
        self.already_read = already_read
        self.required = False  # set by show_first_run: sessions wait for the note
        self._waiting: Callable[[], None] | None = None

    @property
    def pending(self) -> bool:
        """The note must still be accepted before a session starts."""
        return self.required and not self.already_read

    def show(self) -> SafetyDialog:
        if self.dialog is None:
            from spasm_timer.ui.safety import SafetyDialog  # made when first needed

            self.dialog = SafetyDialog(self.parent())  # type: ignore[arg-type]
            self.dialog.accepted.connect(self._accepted)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def show_first_run(self) -> None:
        if not self.already_read:
            self.required = True
            self.show()

    def then(self, action: Callable[[], None]) -> None:
        """Runs `action` now, or once the note has been accepted (the latest action wins)."""
        if not self.pending:
            action()
            return
        self._waiting = action
        self.show()

    def _accepted(self) -> None:
        if not self.already_read:
            self.already_read = True
            self.read.emit()
        action, self._waiting = self._waiting, None
        if action is not None:
            action()
