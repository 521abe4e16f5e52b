"""Unexpected errors: caught, written down, told to the person once, and the app keeps going.

How to wire it: right after the QApplication exists (so the message can be a dialog), call
`install_crash_handler(data_paths, show_message=show_in_dialog)`. From then on an exception
nobody caught, in plain code, in a Qt slot (PySide6 hands those to `sys.excepthook`) or in a
thread, is written to `crash-reports/crash-YYYYmmdd-HHMMSS-<pid>.txt` in the data dir and
the person is told in plain words, once per distinct error. Each step is committed to the log
the moment it ends, so "your sessions are safe" is true whatever broke.

A report holds where the error happened, never what the values were: exception messages
and variables can quote the person's notes or routine titles, so the report keeps the
exception's type and the code's file, line and function only. The full message goes to
stderr, which stays on this computer's terminal and is not kept.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from spasm_timer import __version__
from spasm_timer.data_dir import DataDirError, ensure_private_data_dir
from spasm_timer.i18n import _
from spasm_timer.os_errors import problem_text
from spasm_timer.paths import DataPaths
from spasm_timer.private_files import make_private_folder

if TYPE_CHECKING:
    import traceback
    from datetime import datetime

# `traceback`, `platform` and `datetime` are imported where a report is written, not at
# start-up: the handler is installed before the first paint, and a crash is (we hope) rare.

MAX_REPORTS_PER_RUN = 20  # an error repeating in a loop must not fill the disk

ShowMessage = Callable[[str], None]
ErrorKey = tuple[str, tuple[tuple[str, int], ...]]


def _qt_versions() -> str:
    """Versions of PySide6 and Qt, only if this process loaded them: never import Qt here."""
    if "PySide6.QtCore" not in sys.modules:
        return "not loaded"
    from PySide6 import QtCore
    from PySide6 import __version__ as pyside_version

    return f"PySide6 {pyside_version}, Qt {QtCore.qVersion()}"


def _frames_and_types(error: BaseException) -> str:
    """The traceback of `error` and its causes, without any exception message."""
    import traceback

    described = traceback.TracebackException.from_exception(error, capture_locals=False)
    blocks = []
    for link in _chain(described):
        frames = "".join(link.stack.format())
        blocks.append(f"Traceback (most recent call last):\n{frames}{_type_name(link)}\n")
    return "\nwhich led to:\n\n".join(blocks)


def _chain(described: traceback.TracebackException) -> list[traceback.TracebackException]:
    """The causes first, the error that reached the top last, as Python prints them."""
    links: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = described
    while current is not None and len(links) < 20:
        links.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                         else current.__context__)
    return list(reversed(links))


def _type_name(described: traceback.TracebackException) -> str:
    module = described.exc_type_module if hasattr(described, "exc_type_module") else None
    name = getattr(described, "exc_type_qualname", None)
    if name is None:  # Python < 3.13
        kind = described.exc_type
        module, name = (kind.__module__, kind.__qualname__) if kind else (None, "Exception")
    return name if module in (None, "builtins") else f"{module}.{name}"


def report_text(error: BaseException, moment: datetime) -> str:
    """What a crash report says: versions, platform, and where the error happened."""
    import platform

    return (
        f"Spasm Timer crash report\n"
        f"time: {moment.isoformat(timespec='seconds')}\n"
        f"spasm-timer: {__version__}\n"
        f"python: {platform.python_version()} ({platform.python_implementation()})\n"
        f"qt: {_qt_versions()}\n"
        f"platform: {platform.platform()}\n"
        f"thread: {threading.current_thread().name}\n"
        f"\n(exception messages are left out: they can quote your own notes)\n\n"
        f"{_frames_and_types(error)}"
    )


def _error_key(error: BaseException) -> ErrorKey:
    """Same type raised from the same lines is the same error, whatever its message."""
    import traceback

    frames = tuple((frame.filename, frame.lineno or 0)
                   for frame in traceback.extract_tb(error.__traceback__))
    return (type(error).__qualname__, frames)


def _make_private_dir(folder: Path) -> None:
    make_private_folder(folder)
    folder.chmod(0o700)  # there already, maybe wider: the reports folder is ours to keep private


def write_report(folder: Path, text: str, moment: datetime) -> Path:
    """Writes a new 0600 report file in `folder` (created 0700) and returns its path."""
    _make_private_dir(folder)
    stem = f"crash-{moment:%Y%m%d-%H%M%S}-{os.getpid()}"
    for number in range(1, 100):
        path = folder / (f"{stem}.txt" if number == 1 else f"{stem}-{number}.txt")
        try:  # O_EXCL: two errors in one second never overwrite each other
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with open(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(path, 0o600)
        return path
    raise FileExistsError(f"too many crash reports named {stem} in {folder}")


def plain_message(report: Path | None, problem: str | None = None) -> str:
    """What the person reads: nothing technical beyond where the report is."""
    if report is not None:
        return _("Something went wrong. Your sessions are safe; a report was saved to "
                 "{path}.\nYou can keep using Spasm Timer.").format(path=report)
    return _("Something went wrong. Your sessions are safe. The report could not be saved "
             "({problem}), so it was printed to the terminal instead.\n"
             "You can keep using Spasm Timer.").format(problem=problem)


def _print_to_stderr(kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None) -> None:
    import traceback

    stream = sys.stderr or sys.__stderr__
    if stream is not None:
        traceback.print_exception(kind, error, trace, file=stream)


def _local_now() -> datetime:
    from datetime import datetime

    return datetime.now()


class CrashHandler:
    """The hook behind `sys.excepthook` and `threading.excepthook`. Never raises."""

    def __init__(self, data_paths: DataPaths, show_message: ShowMessage | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        self.data_paths = data_paths
        self.show_message = show_message or _print_message
        self.reports: list[Path] = []
        self._now = now or _local_now
        self._seen: set[ErrorKey] = set()
        self._lock = threading.Lock()
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> CrashHandler:
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread
        return self

    def uninstall(self) -> None:
        """Puts the previous hooks back (tests, and a clean shutdown)."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # a thread ending with SystemExit is a normal ending
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        try:
            if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal is not a crash
                self._previous_hook(kind, error, trace)
                return
            _print_to_stderr(kind, error, trace)
            self._report_once(error)
        except BaseException as failure:  # noqa: BLE001  # the hook of last resort must not fail
            _last_words(failure)

    def _report_once(self, error: BaseException) -> None:
        key = _error_key(error)
        with self._lock:
            if key in self._seen or len(self._seen) >= MAX_REPORTS_PER_RUN:
                return
            self._seen.add(key)
        moment = self._now()
        report: Path | None = None
        problem: str | None = None
        try:
            ensure_private_data_dir(self.data_paths.root)  # a new data dir is private too
            report = write_report(self.data_paths.crash_reports, report_text(error, moment),
                                  moment)
            self.reports.append(report)
        except (DataDirError, OSError) as failure:
            problem = problem_text(failure)
            said = _("could not save a crash report in {folder}: {problem}").format(
                folder=self.data_paths.crash_reports, problem=problem)
            print(f"spasm-timer: {said}", file=sys.stderr)
        self._show(plain_message(report, problem))

    def _show(self, message: str) -> None:
        try:
            if threading.current_thread() is threading.main_thread():
                self.show_message(message)
            else:
                _show_on_main_thread(self.show_message, message)
        except BaseException as failure:  # noqa: BLE001  # a broken dialog must not crash us
            _print_message(message)
            _last_words(failure)


def _print_message(message: str) -> None:
    print(f"spasm-timer: {message}", file=sys.stderr)


def _last_words(failure: BaseException) -> None:
    """The crash handler itself failed: say so on the real stderr, and carry on."""
    try:
        print(f"spasm-timer: the crash handler failed too: {failure!r}", file=sys.__stderr__)
    except BaseException:  # noqa: BLE001, S110  # stderr gone (closed pipe): nothing left to tell
        pass


def _show_on_main_thread(show_message: ShowMessage, message: str) -> None:
    """A dialog may only be opened by the GUI thread: post the call there when Qt runs."""
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QTimer

        application = QCoreApplication.instance()
        if application is not None:
            QTimer.singleShot(0, application, lambda: show_message(message))
            return
    _print_message(message)


_open_dialogs: list[object] = []  # a dialog with no window to own it lives until closed


def show_in_dialog(message: str) -> None:
    """The person-facing message as a Qt dialog over the active window (stderr if no app).

    Shown, not run: it returns at once. The error may have come from inside any slot, and a
    modal dialog would run a second event loop right there while the session goes on.
    """
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        _print_message(message)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "Spasm Timer", message,
                      parent=QApplication.activeWindow())
    _open_dialogs.append(box)
    box.finished.connect(lambda _result: _open_dialogs.remove(box))
    box.show()


def install_crash_handler(data_paths: DataPaths,
                          show_message: ShowMessage | None = None) -> CrashHandler:
    """Catches every uncaught exception from now on; see the module docstring."""
    return CrashHandler(data_paths, show_message).install()
