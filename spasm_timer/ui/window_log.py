"""The main window's session log: attaching it (or why there is none), what it says about it
in the notice bar, the history offered once it is open, and closing it at the end."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from spasm_timer.ui.notice_bar import NoticeBar, moved_aside_note

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtGui import QAction

    from spasm_timer.storage.log import SessionLog
    from spasm_timer.ui.end_screen import EndScreen
    from spasm_timer.ui.history_window import HistoryWindow
    from spasm_timer.ui.log_link import LogLink

    _Window = QMainWindow
else:
    _Window = object

HISTORY_MODULE = "spasm_timer.ui.history_window"


class WindowLog(_Window):
    """Mixed into MainWindow (it names what it uses of the window below)."""

    log: SessionLog | None
    log_problem: str | None
    log_link: LogLink | None
    notices: NoticeBar
    history_action: QAction
    history_window: HistoryWindow | None
    _end_screen: EndScreen | None
    _told_moved_aside: set[Path]
    _log_notice: str | None

    # Set by the app after the first paint: makes the log writer, which is attached a few
    # turns of the event loop later (its modules are imported a slice at a time first), or
    # at once if a session starts before that.
    make_log_link: Callable[[], LogLink] | None = None

    def ensure_log_link(self) -> None:
        if self.log_link is None and self.make_log_link is not None:
            self.attach_link(self.make_log_link())

    def attach_log(self, log: SessionLog | None, problem: str | None) -> None:
        """An open SessionLog (tests, tools), or None and why there is none. The app itself
        hands over a LogLink instead (`attach_link`), which opens the log on its thread."""
        if log is not None:
            from spasm_timer.ui.log_link import LogLink

            self.attach_link(LogLink(log.path, reader=log).start())
            return
        self.log, self.log_problem = None, problem
        if problem:
            from spasm_timer.ui.log_link import sessions_cannot_be_saved

            self.notices.add(sessions_cannot_be_saved(problem))
        self._offer_history()

    def attach_link(self, link: LogLink) -> None:
        """The log writer: sessions are recorded through it from now on, even while the log
        itself is still opening (or locked); the history comes once the log is open."""
        self.log_link, self.log, self.log_problem = link, link.log, None
        link.setParent(self)
        link.changed.connect(self._log_state_changed)
        link.log_ready.connect(self._log_opened)
        link.landed.connect(self._log_landed)
        self._offer_history()
        self._log_state_changed()

    def _offer_history(self) -> None:
        self.history_action.setEnabled(self.log is not None and
                                       importlib.util.find_spec(HISTORY_MODULE) is not None)

    def _log_opened(self, log: SessionLog) -> None:
        self.log = log
        self._offer_history()

    def _log_state_changed(self) -> None:
        """Says once what the person needs to know about the log, and takes it back when it
        no longer holds; the end screen follows too."""
        if self.log_link is None:
            return
        state = self.log_link.state()
        for path in state.moved_aside:
            if path not in self._told_moved_aside:
                self._told_moved_aside.add(path)
                self.notices.add(moved_aside_note(path))
        notice = self.log_link.notice()
        if notice != self._log_notice:
            if self._log_notice is not None:
                self.notices.remove(self._log_notice)
            if notice is not None:
                self.notices.add(notice)
            self._log_notice = notice
        if self._end_screen is not None:
            self._end_screen.refresh_saved()

    def _log_landed(self, session_ids: frozenset[str]) -> None:
        if self.history_window is not None and self.history_window.isVisible():
            self.history_window.refresh()

    def _retell_log_state(self) -> None:
        self._log_notice = None
        self._told_moved_aside.clear()
        self._log_state_changed()

    def close_log(self) -> None:
        """Lands what waits to be saved, for a few seconds at most (what still waits then
        is kept for the next start), and closes the log; later sessions run unsaved."""
        if self._end_screen is not None:
            self._end_screen.flush()
        if self.log_link is not None:
            self.log_link.close()
            self.log_link = None
        elif self.log is not None:
            self.log.close()
        self.log = None
